"""File › Print…: the article in the reader on a printer, as the same document its PDF export is.

The core assembles the document (``index.export.assemble``, in a worker thread, as an export
does); ``desktop.pdf.paint_document`` then lays it out on the ``QPrinter``'s pages and paints them
with their footers, in the GUI thread (an article is a few pages). Tests print to a PDF file with
``QPrinter.OutputFormat.PdfFormat`` and no dialog.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from desktop.jobs import JobRunner, Op
from index.errors import ArchiveError

if TYPE_CHECKING:  # pragma: no cover
    from desktop.main_window import MainWindow
    from index.export import ExportDocument

log = logging.getLogger(__name__)


def export_printer() -> QPrinter:
    """A printer set up as the PDF export's pages are (A4, its margins, 300 dpi), so the pages break
    where the PDF's do; the print dialog may change the paper."""
    from desktop.pdf import PageSetup, set_pages

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    set_pages(printer)
    printer.setResolution(PageSetup().resolution)
    return printer


class ArticlePrinter(QObject):
    """Prints articles of the window's archive; one print job at a time."""

    printed = Signal(int)  # pages
    print_failed = Signal(str)  # a sentence for the status bar

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.runner = JobRunner("print", self)
        self.runner.bug_found.connect(window.on_bug_found)
        self._printer: QPrinter | None = None  # the job's, kept alive until it is painted
        self.printed.connect(lambda pages: window.statusBar().showMessage(
            f"Sent {pages} page{'s' if pages != 1 else ''} to the printer.", 6000))
        self.print_failed.connect(lambda message: window.statusBar().showMessage(message, 10000))

    @property
    def busy(self) -> bool:
        return self._printer is not None

    def print_article(self, article_id: str, printer: QPrinter | None = None, ask: bool = True) -> bool:
        """Print an article: the print dialog (unless ``ask`` is False), then the document; False if
        nothing was started (no archive, cancelled, another print running)."""
        opened = self.window.archive
        if opened is None:
            self.print_failed.emit("Open an archive before printing from it.")
            return False
        if self._printer is not None:
            self.print_failed.emit("A print job is already being prepared.")
            return False
        printer = printer or export_printer()
        if ask:
            dialog = QPrintDialog(printer, self.window)
            dialog.setWindowTitle("Print Article")
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        archive = opened.archive

        def call(on_progress: Any, cancel: Any) -> ExportDocument:
            from index.export import Selection, assemble

            return assemble(archive, Selection.of_articles([article_id]), on_progress=on_progress, cancel=cancel)

        self._printer = printer
        self.runner.submit(Op(call, on_success=self._paint, on_failure=self._failed, on_cancelled=self._cancelled,
                              cleanup=archive.store.close, name="assemble the article to print"))
        self.window.statusBar().showMessage("Preparing the article for the printer…")
        return True

    def _paint(self, doc: ExportDocument) -> None:
        from desktop.pdf import paint_document

        printer, self._printer = self._printer, None
        if printer is None:
            return
        printer.setDocName(doc.title)
        try:
            pages = paint_document(doc, printer, where=printer.outputFileName() or printer.printerName()
                                   or "the printer")
        except ArchiveError as exc:
            self.print_failed.emit(str(exc))
            return
        self.printed.emit(pages)

    def _failed(self, message: str) -> None:
        self._printer = None
        self.print_failed.emit(message or "The article could not be printed; see the log.")

    def _cancelled(self) -> None:
        self._printer = None

    def shutdown(self) -> None:
        self.runner.shutdown()
        self._printer = None
