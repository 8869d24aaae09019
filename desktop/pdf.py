"""PDF export with Qt alone: ``QPdfWriter`` + ``QTextDocument``, headless-capable.

The core (``index.export``) builds the document and its HTML; this module lays the HTML out on
A4 pages, paints each page with a footer ("title — Page i of N"), fills the table of contents
with the pages where the sections landed, and adds a PDF outline (``index.export.outline``).
The recipe and its pitfalls are in ``shared/notes/qt.md``: layout on the writer as paint device,
one ``QPainter`` loop with ``drawContents`` per page, ``LosslessImageRendering``.

A ``QGuiApplication`` is enough (no window): ``ensure_gui_application`` makes an offscreen one
for the CLI. Works in a worker thread (QTextDocument and QPdfWriter are reentrant).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from index.errors import Cancelled, ExportFailed, OutlineError
from index.export import STYLESHEET, ExportDocument, ExportResult, Selection, assemble, to_html
from index.export.outline import append_outline
from index.jobs import CancelToken, Progress, ProgressCallback, Throttle

if TYPE_CHECKING:  # pragma: no cover
    from index.archive import Archive
    from index.bookmarks import Bookmarks

log = logging.getLogger(__name__)

CREATOR = "Morgue"
FOOTER_FONT = "DejaVu Sans"
BODY_FONT = "DejaVu Serif"


@dataclass(frozen=True)
class PageSetup:
    """Paper, margins (millimetres: left, top, right, bottom) and resolution of the PDF."""

    page_size: QPageSize.PageSizeId = QPageSize.PageSizeId.A4
    margins_mm: tuple[float, float, float, float] = (20.0, 18.0, 20.0, 22.0)
    resolution: int = 300
    body_pt: float = 10.5


def ensure_gui_application() -> QCoreApplication:
    """The running ``QGuiApplication``, or a new one (offscreen when there is no display)."""
    app = QCoreApplication.instance()
    if app is not None:
        if not isinstance(app, QGuiApplication):
            raise ExportFailed("PDF export needs a QGuiApplication, but a console-only Qt application is running.")
        return app
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "morgue"])
    return app


def set_pages(device: QPagedPaintDevice, setup: PageSetup = PageSetup()) -> None:  # noqa: B008 - frozen
    """The export's paper and margins on a PDF writer or a printer (File › Print starts from them)."""
    device.setPageSize(QPageSize(setup.page_size))
    left, top, right, bottom = setup.margins_mm
    device.setPageMargins(QMarginsF(left, top, right, bottom), QPageLayout.Unit.Millimeter)


def _writer(path: Path, title: str, setup: PageSetup) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    set_pages(writer, setup)
    writer.setResolution(setup.resolution)
    writer.setTitle(title)
    writer.setCreator(CREATOR)
    return writer


def anchor_pages(qdoc: QTextDocument, page_height: float) -> dict[str, int]:
    """The page (from 1) where each named anchor of a laid-out document lands."""
    layout = qdoc.documentLayout()
    pages: dict[str, int] = {}
    block = qdoc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid():
                names = fragment.charFormat().anchorNames()
                if names:
                    rect = layout.blockBoundingRect(block)
                    # Where the fragment's line sits in the block, for anchors not at its start.
                    line = block.layout().lineForTextPosition(fragment.position() - block.position())
                    y = rect.top() + (line.y() if line.isValid() else 0.0)
                    for name in names:
                        pages.setdefault(name, int(y // page_height) + 1)
            it += 1
        block = block.next()
    return pages


def keep_headings_with_next(qdoc: QTextDocument, page_height: float) -> int:
    """Move each heading left alone at the foot of a page to the top of the next; returns how many.

    Qt's layout has no "keep with next": a heading whose next block starts on a later page gets a
    page break before it, and the layout below it moves down accordingly.
    """
    layout = qdoc.documentLayout()
    moved = 0
    block = qdoc.begin()
    while block.isValid():
        following = block.next()
        fmt = block.blockFormat()
        if fmt.headingLevel() > 0 and following.isValid() and \
                fmt.pageBreakPolicy() != QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
            rect = layout.blockBoundingRect(block)
            page = int(rect.top() // page_height)
            at_top = rect.top() - page * page_height < 0.03 * page_height
            next_page = int(layout.blockBoundingRect(following).top() // page_height)
            if not at_top and next_page > page:
                change = QTextBlockFormat()
                change.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(block).mergeBlockFormat(change)
                moved += 1
        block = following
    return moved


def _lay_out(doc: ExportDocument, qdoc: QTextDocument, page: QSizeF) -> dict[str, int]:
    """Set the HTML with the right page numbers in its contents: lay out, keep headings with what
    follows them, read where the sections landed, and again with those numbers until they stop
    moving (twice in practice)."""
    pages: Mapping[str, int] | None = None
    found: dict[str, int] = {}
    for _ in range(4):
        qdoc.setHtml(to_html(doc, pages))
        qdoc.setPageSize(page)
        keep_headings_with_next(qdoc, page.height())
        found = anchor_pages(qdoc, page.height())
        if pages is not None and found == pages:
            break
        pages = found
    return found


def _footer(painter: QPainter, width: float, height: float, dpi: int, title: str, page: int, pages: int) -> None:
    mm = dpi / 25.4
    font = QFont(FOOTER_FONT)
    font.setPointSizeF(7.5)
    painter.setFont(font)
    metrics = QFontMetricsF(font, painter.device())
    y_rule = height + 6 * mm
    painter.setPen(QPen(QColor("#c8c8c8"), max(1.0, 0.25 * mm)))
    painter.drawLine(QPointF(0, y_rule), QPointF(width, y_rule))
    painter.setPen(QColor("#5f6368"))
    baseline = y_rule + 2.5 * mm + metrics.ascent()
    right = f"Page {page} of {pages}"
    right_w = metrics.horizontalAdvance(right)
    left = metrics.elidedText(title, Qt.TextElideMode.ElideRight, width - right_w - 8 * mm)
    painter.drawText(QPointF(0, baseline), left)
    painter.drawText(QPointF(width - right_w, baseline), right)


def render_pdf(
    doc: ExportDocument,
    path: Path | str,
    *,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    setup: PageSetup = PageSetup(),  # noqa: B008 - frozen, never mutated
) -> int:
    """Write ``doc`` as a PDF at ``path`` (atomically: a partial file never replaces it).

    Returns the number of pages. Raises ``ExportFailed`` naming the file, ``Cancelled`` if asked.
    """
    ensure_gui_application()
    path = Path(path)
    progress = Throttle(on_progress)
    cancel = cancel or CancelToken()
    if not path.parent.is_dir():
        raise ExportFailed(f"Cannot write {path}: the folder {path.parent} does not exist.")
    tmp = path.with_name(f".{path.name}.part")
    try:
        pages = _render(doc, tmp, path, progress, cancel, setup)
        try:
            append_outline(tmp, doc.toc())
        except (OutlineError, OSError, ValueError) as exc:
            log.warning("no outline in %s: %s", path, exc)
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise ExportFailed(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    log.info("exported %d pages to %s", pages, path)
    return pages


def _render(
    doc: ExportDocument, tmp: Path, final: Path, progress: Throttle, cancel: CancelToken, setup: PageSetup
) -> int:
    writer = _writer(tmp, doc.title, setup)
    try:
        total = paint_document(doc, writer, progress=progress, cancel=cancel, setup=setup, where=str(final))
    finally:
        del writer  # closes the file
    if not tmp.exists() or tmp.stat().st_size == 0:
        raise ExportFailed(f"Cannot write {final}: nothing was written (is the disk full?).")
    return total


def paint_document(
    doc: ExportDocument,
    device: QPagedPaintDevice,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    setup: PageSetup = PageSetup(),  # noqa: B008 - frozen, never mutated
    where: str = "the printer",
) -> int:
    """Lay ``doc`` out on the pages of ``device`` (a ``QPdfWriter``, or a ``QPrinter`` for File ›
    Print) and paint them with their footers; returns the number of pages. ``where`` names the
    device in errors. The device's page size, margins and resolution are used as they are."""
    cancel = cancel or CancelToken()
    report = progress or (lambda _p: None)
    resolution = device.logicalDpiY()  # a writer's or a printer's resolution
    qdoc = QTextDocument()
    qdoc.documentLayout().setPaintDevice(device)
    qdoc.setDefaultStyleSheet(STYLESHEET)
    font = QFont(BODY_FONT)
    font.setPointSizeF(setup.body_pt)
    qdoc.setDefaultFont(font)
    qdoc.setDocumentMargin(0)
    qdoc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, doc.title)
    rect = device.pageLayout().paintRectPixels(resolution)
    page = QSizeF(rect.width(), rect.height())

    report(Progress("laying out", 0, 1))
    _lay_out(doc, qdoc, page)
    total = qdoc.pageCount()
    report(Progress("laying out", 1, 1))
    cancel.raise_if_cancelled()

    painter = QPainter()
    if not painter.begin(device):
        raise ExportFailed(f"Cannot write {where}: the file cannot be created (is the folder read-only?).")
    try:
        painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for i in range(total):
            if cancel.cancelled:
                raise Cancelled()
            if i and not device.newPage():
                raise ExportFailed(f"Cannot write {where}: a new page could not be started (is the disk full?).")
            painter.save()
            painter.translate(0, -i * page.height())
            # One device pixel less than the page: the top edge of the next page's first line
            # (a highlight, say) would otherwise show as a hairline at the bottom of this one.
            qdoc.drawContents(painter, QRectF(0, i * page.height(), page.width(), page.height() - 1))
            painter.restore()
            _footer(painter, page.width(), page.height(), resolution, doc.title, i + 1, total)
            report(Progress("rendering", i + 1, total))
    finally:
        painter.end()
        # The layout keeps a pointer to the device: drop the document before the device goes.
        del qdoc
    return total


def export_pdf(
    archive: Archive,
    selection: Selection,
    path: Path | str,
    *,
    bookmarks: Bookmarks | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    setup: PageSetup = PageSetup(),  # noqa: B008 - frozen, never mutated
) -> ExportResult:
    """Assemble ``selection`` from the archive and write it as a PDF: what the CLI and the GUI call."""
    cancel = cancel or CancelToken()
    doc = assemble(archive, selection, bookmarks=bookmarks, on_progress=on_progress, cancel=cancel)
    pages = render_pdf(doc, path, on_progress=on_progress, cancel=cancel, setup=setup)
    return ExportResult(path=str(path), pages=pages, sections=len(doc.sections), not_found=doc.not_found)
