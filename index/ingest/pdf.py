"""PDF documents (``.pdf``): saved articles, court filings, reports.

The text layer is read with pypdfium2 (Google's PDFium, the engine of Chrome's PDF viewer): one
paragraph per text block, each with the page it is on (``Paragraph.page``) so a citation can say
"p. 4". Lines are grouped into blocks by the gaps between them and by their height (a heading is
a block of its own); page numbers alone on a line and running headers repeated on most pages are
dropped. Title, author and date come from the document's information (the date is its creation
date). A PDF without a text layer is a scan: it is read with tesseract OCR when that program is
installed, else refused with "no text layer: a scanned PDF".
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from index.errors import UnreadableFile
from index.ingest.common import build_article, clean_text, split_authors, split_paragraphs, without_title
from index.model import Article, Paragraph

NAME = "pdf"
EXTENSIONS = (".pdf",)

# PDFium is not thread-safe: one document is open at a time in a process.
_LOCK = threading.Lock()
OCR_DPI = 300
OCR_SECONDS_PER_PAGE = 120
MAX_OCR_PAGES = 300
_NO_TEXT_LAYER = "no text layer: a scanned PDF"

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_JUNK_TITLE = re.compile(r"^(?:microsoft \w+ - |untitled\b)|\.(?:docx?|odt|rtf|pdf|indd|qxd|pages|txt|html?)$", re.I)

log = logging.getLogger(__name__)


def sniff(head: bytes) -> bool:
    """The file has the ``%PDF-`` header (in its first kilobyte, as PDF readers accept)."""
    return b"%PDF-" in head[:1024]


def read(path: Path, data: bytes) -> list[Article]:
    """One article from a PDF: its text blocks in order, each paragraph with its page."""
    with _LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            message = str(exc)
            if "password" in message.lower():
                raise UnreadableFile(path, "the PDF is password-protected; save an unprotected copy") from exc
            raise UnreadableFile(path, f"not a readable PDF ({message})") from exc
        try:
            meta = doc.get_metadata_dict(skip_empty=True)
            if len(doc) == 0:
                raise UnreadableFile(path, "the PDF has no pages")
            pages = []
            for i in range(len(doc)):
                page = doc[i]
                try:
                    pages.append(_page_blocks(page))
                finally:
                    page.close()
            if not any(pages):
                if not _has_images(doc):
                    raise UnreadableFile(path, "the PDF's pages hold no text and no images (they are blank)")
                pages = _ocr(path, doc)
        finally:
            doc.close()
    paragraphs = _paragraphs(pages)
    if not paragraphs:
        raise UnreadableFile(path, "the PDF has pages but no text on them")
    title = meta.get("Title", "").strip()
    if _JUNK_TITLE.search(title):
        title = ""
    if not title:
        title = _heading(pages)
    return [
        build_article(
            paragraphs=without_title(paragraphs, title),
            source=str(path),
            format=NAME,
            title=title,
            date=_pdf_date(meta.get("CreationDate", "")),
            authors=split_authors([meta.get("Author", "")]),
            tags=[t.strip() for t in re.split(r"[,;]", meta.get("Keywords", "")) if t.strip()],
        )
    ]


@dataclass
class _Block:
    """Lines of text that belong together, with the height of their first line."""

    text: str
    height: float
    broken: bool = False  # the last line ends in a hyphenated word


def _page_blocks(page: pdfium.PdfPage) -> list[_Block]:
    """The text blocks of one page, in the order of its content.

    PDFium gives the page's text with its line breaks; the loose box of each line's first
    character (the font's height, not the glyph's) places the line on the page.
    """
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        lines: list[tuple[float, float, str]] = []  # (bottom, top, text)
        offset = 0
        for raw in text.split("\r\n"):
            first = len(raw) - len(raw.lstrip())
            if raw.strip() and offset + first < textpage.count_chars():
                _, bottom, _, top = textpage.get_charbox(offset + first, loose=True)
                lines.append((bottom, top, raw.replace("\r", " ")))
            offset += len(raw) + 2
    finally:
        textpage.close()
    blocks: list[_Block] = []
    previous: tuple[float, float, str] | None = None
    for line in lines:
        # PDFium marks a word broken at the end of a line with U+FFFE (a noncharacter).
        broken = line[2].rstrip().endswith(("\ufffe", "\u00ad"))
        text = clean_text(line[2].replace("\ufffe", "").replace("\u00ad", ""))
        if not text:
            continue
        if previous is not None and blocks and _same_block(previous, line):
            joined = blocks[-1].text
            glue = "" if blocks[-1].broken or joined.endswith("-") else " "
            blocks[-1].text = f"{joined}{glue}{text}"
            blocks[-1].broken = broken
        else:
            blocks.append(_Block(text, line[1] - line[0], broken))
        previous = line
    return blocks


def _same_block(previous: tuple[float, float, str], line: tuple[float, float, str]) -> bool:
    """Whether a line continues the block of the line before it: just below it, in the same size."""
    prev_height = previous[1] - previous[0]
    height = line[1] - line[0]
    gap = previous[0] - line[1]
    similar = abs(height - prev_height) <= 0.25 * max(height, prev_height)
    return similar and -0.5 * height <= gap <= 0.6 * min(height, prev_height)


def _paragraphs(pages: list[list[_Block]]) -> tuple[Paragraph, ...]:
    """Every page's blocks as paragraphs with their page, without page numbers and running headers.

    A running header or footer is a short block at the top or bottom of a page whose text (digits
    aside) is there on more than half of the pages.
    """
    seen = Counter(key for page in pages for key in {_furniture_key(b.text) for b in _edges(page)})
    repeated = {key for key, n in seen.items() if len(pages) >= 3 and n > len(pages) // 2}
    out = []
    for n, page in enumerate(pages, start=1):
        edges = {id(b) for b in _edges(page)}
        for block in page:
            if _PAGE_NUMBER.match(block.text) or (id(block) in edges and _furniture_key(block.text) in repeated):
                continue
            out.append(Paragraph(block.text, page=n))
    return tuple(out)


def _edges(page: list[_Block]) -> list[_Block]:
    """The short blocks among the first two and last two of a page: where headers and footers are."""
    return [b for b in page[:2] + page[-2:] if len(b.text) <= 100]


def _furniture_key(text: str) -> str:
    """A block's text with its digits taken out: a running header or footer repeats it page after page."""
    return re.sub(r"\d+", "#", text.casefold())


def _heading(pages: list[list[_Block]]) -> str:
    """The first block of the first page when it is set larger than the body text, else ""."""
    first = next((page for page in pages if page), [])
    if len(first) < 2:
        return ""
    body = sorted(b.height for b in first)[len(first) // 2]
    top = first[0]
    if not body:  # OCR gives no sizes: a short first line that is no sentence
        return top.text if len(top.text) <= 150 and not top.text.endswith((".", ",", ";", ":")) else ""
    return top.text if top.height > 1.2 * body and len(top.text) <= 200 else ""


def _pdf_date(value: str) -> str:
    """``D:20240514090000+01'00'`` as ``2024-05-14``, or ""."""
    m = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", value.strip())
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else ""


def _has_images(doc: pdfium.PdfDocument) -> bool:
    """Whether any page holds an image (a scan does; a blank page does not)."""
    for i in range(len(doc)):
        page = doc[i]
        try:
            if next(page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=3), None) is not None:
                return True
        finally:
            page.close()
    return False


def _ocr(path: Path, doc: pdfium.PdfDocument) -> list[list[_Block]]:
    """The pages read by tesseract, when it is installed; else the scan is refused."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        raise UnreadableFile(path, f"{_NO_TEXT_LAYER} (install tesseract to read it with OCR)")
    if len(doc) > MAX_OCR_PAGES:
        raise UnreadableFile(path, f"{_NO_TEXT_LAYER} of {len(doc)} pages, more than OCR is run on ({MAX_OCR_PAGES})")
    log.info("%s: no text layer, reading %d pages with tesseract", path, len(doc))
    pages = []
    with tempfile.TemporaryDirectory(prefix="morgue-ocr-") as tmp:
        image = Path(tmp) / "page.pgm"
        for i in range(len(doc)):
            bitmap = doc[i].render(scale=OCR_DPI / 72, grayscale=True)
            pixels = bitmap.to_numpy()
            height, width = pixels.shape[:2]
            image.write_bytes(b"P5\n%d %d\n255\n" % (width, height) + pixels.reshape(height, width).tobytes())
            try:
                run = subprocess.run(
                    [tesseract, str(image), "stdout"],
                    capture_output=True,
                    timeout=OCR_SECONDS_PER_PAGE,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise UnreadableFile(path, f"{_NO_TEXT_LAYER}, and OCR of page {i + 1} failed ({exc})") from exc
            if run.returncode != 0:
                reason = run.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
                raise UnreadableFile(path, f"{_NO_TEXT_LAYER}, and OCR of page {i + 1} failed ({reason[0]})")
            text = run.stdout.decode("utf-8", errors="replace")
            pages.append([_Block(p.text, 0.0) for p in split_paragraphs(text)])
    if not any(pages):
        raise UnreadableFile(path, f"{_NO_TEXT_LAYER}, and OCR found no text in it")
    return pages
