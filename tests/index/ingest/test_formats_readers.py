"""The PDF, EPUB, DOCX, e-mail, WACZ and read-later readers on files made by the real tools, as a user sees them."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from formats_fixtures import OMNIVORE_CONTENT, OMNIVORE_HIGHLIGHTS, OMNIVORE_METADATA, build_all, crawl_warc
from ingest_fixtures import FORMATS

from index.errors import UnreadableFile
from index.ingest import pdf, read_file
from index.ingest.omnivore import parse_highlights
from index.model import Annotation
from index.store.codec import article_from_dict, article_to_dict

TESSERACT = shutil.which("tesseract")


def test_generated_format_fixtures_are_reproducible() -> None:
    for path, data in build_all().items():
        assert path.read_bytes() == data, path.name


# --- PDF ------------------------------------------------------------------------------------------


def test_a_pdf_keeps_the_page_of_each_paragraph() -> None:
    [ruling] = read_file(FORMATS / "court-ruling.pdf")
    assert [p.page for p in ruling.paragraphs] == [1, 1, 1, 2, 2, 2, 3, 3]
    quote = next(p for p in ruling.paragraphs if "not safe for a loaded vessel" in p.text)
    assert quote.page == 2
    assert quote.text == (
        "“The pier is not safe for a loaded vessel in a winter storm,” the report says. The court accepts that finding."
    )
    # Lines of one block are one paragraph; the heading (the title) is not repeated in the body.
    assert ruling.paragraphs[0].text.startswith("The court heard the application of the Port Elwin Harbour Authority")
    assert ruling.paragraphs[0].text.endswith("the old ferry pier.")


def test_pages_survive_the_store() -> None:
    [ruling] = read_file(FORMATS / "court-ruling.pdf")
    again = article_from_dict(json.loads(json.dumps(article_to_dict(ruling))))
    assert again.paragraphs == ruling.paragraphs
    [page] = read_file(FORMATS / "page.html")
    assert article_to_dict(page)["paragraphs"][0] == page.paragraphs[0].text  # unpaged: stored as before


def test_a_scanned_pdf_without_tesseract_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(UnreadableFile) as info:
        read_file(FORMATS / "scanned-ruling.pdf")
    assert info.value.path == str(FORMATS / "scanned-ruling.pdf")
    assert info.value.reason == "no text layer: a scanned PDF (install tesseract to read it with OCR)"


@pytest.mark.skipif(TESSERACT is None, reason="tesseract is not installed (OCR is optional)")
def test_a_scanned_pdf_is_read_with_tesseract_when_installed() -> None:
    [scan] = read_file(FORMATS / "scanned-ruling.pdf")
    assert scan.title == "Harbour Authority v. Elwin Ferries: ruling on the pier closure"
    assert {p.page for p in scan.paragraphs} == {1}
    assert "cracks in eleven of the forty pilings" in scan.body


def test_a_password_protected_pdf_is_refused_with_a_reason(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=str(FORMATS / "court-ruling.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as f:
        writer.write(f)
    with pytest.raises(UnreadableFile, match="password-protected") as info:
        read_file(locked)
    assert info.value.path == str(locked)


def test_a_pdf_of_blank_pages_is_not_taken_for_a_scan(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    blank = tmp_path / "blank.pdf"
    with blank.open("wb") as f:
        writer.write(f)
    with pytest.raises(UnreadableFile, match=r"no text and no images \(they are blank\)"):
        read_file(blank)


# --- EPUB, DOCX, e-mail -------------------------------------------------------------------------


def test_an_epub_reads_its_chapters_in_order_without_the_title_page() -> None:
    [book] = read_file(FORMATS / "long-read.epub")
    texts = [p.text for p in book.paragraphs]
    assert texts[0] == "The keepers" and texts[3] == "The light today"
    assert "“I wound the clock and then I went home,” she said." in texts[2]
    assert "Hannah Weir" not in book.body  # the title page is left out


def test_a_word_document_reads_its_paragraphs_and_properties() -> None:
    [release] = read_file(FORMATS / "press-release.docx")
    assert release.paragraphs[0].text.startswith("Aldmoor Borough Council will open the new reading room")
    assert "“This is a room for everyone in Aldmoor,” said Councillor Ruth Adeyemi" in release.body


def test_an_email_prefers_its_plain_text_and_falls_back_to_html(tmp_path: Path) -> None:
    [mail] = read_file(FORMATS / "press-release.eml")
    assert mail.paragraphs[0].text.startswith("Varrow Water will lift the hosepipe ban in all of its supply area")
    html_only = tmp_path / "statement.eml"
    html_only.write_bytes(
        b"From: Carrow Police <media@carrow-police.example>\r\nSubject: Fwd: Statement on the harbour fire\r\n"
        b"Date: Tue, 5 Nov 2024 18:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<html><body><p>Firefighters were called to the harbour at 4pm.</p><p>No one was hurt.</p></body></html>\r\n"
    )
    [statement] = read_file(html_only)
    assert statement.title == "Statement on the harbour fire"
    assert [p.text for p in statement.paragraphs] == [
        "Firefighters were called to the harbour at 4pm.",
        "No one was hurt.",
    ]
    assert statement.authors == ("Carrow Police",) and statement.site == "carrow-police.example"


# --- WACZ -------------------------------------------------------------------------------------------


def test_a_wacz_gives_the_pages_saved_not_the_front_page() -> None:
    articles = read_file(FORMATS / "crawl.wacz")
    assert [a.url for a in articles] == [
        "https://chronicle.example.net/news/lifeboat-station",
        "https://chronicle.example.net/news/bus-route-returns",
    ]
    assert all("Villagers raised enough in six weeks" not in a.body for a in articles)


def test_a_wacz_without_a_pages_list_gives_every_html_page(tmp_path: Path) -> None:
    bare = tmp_path / "bare.wacz"
    with zipfile.ZipFile(bare, "w") as z:
        z.writestr("archive/data.warc.gz", crawl_warc())
    articles = read_file(bare)
    assert len(articles) == 3 and articles[0].url == "https://chronicle.example.net/"


# --- read-later exports -----------------------------------------------------------------------------


def test_wallabag_annotations_are_kept_on_the_article() -> None:
    van, quarry = read_file(FORMATS / "wallabag-export.json")
    assert [(a.quote, a.note) for a in van.annotations] == [
        ("It replaces a vehicle that was retired in 2019.", "Check the 2019 retirement date with the council"),
        ("For many older people in the hills this is the only library they can reach", ""),
    ]
    assert van.annotations[0].created is not None and van.annotations[0].created.isoformat() == "2024-09-14"
    assert quarry.annotations == ()
    # Annotations are data for bookmarks: they survive the store, and do not change what extraction reads.
    assert article_from_dict(json.loads(json.dumps(article_to_dict(van)))).annotations == van.annotations
    assert "retirement date" not in van.body


def test_omnivore_highlights_become_annotations_with_labels_and_notes() -> None:
    [wall] = read_file(FORMATS / "omnivore-export.zip")
    assert wall.annotations == (
        Annotation(
            "The wall protects forty houses on Quay Street.",
            "Ask the council for the list of the forty houses.",
            ("flood-risk",),
        ),
        Annotation('"People have waited long enough," said the harbour master, Rhodri Jones.'),
    )
    assert wall.paragraphs[0].text.startswith("Repairs to the harbour wall at Port Elwin")


def test_an_unpacked_omnivore_export_is_read_from_its_metadata_file(tmp_path: Path) -> None:
    slug = OMNIVORE_METADATA[0]["slug"]
    (tmp_path / "content").mkdir()
    (tmp_path / "highlights").mkdir()
    (tmp_path / "content" / f"{slug}.html").write_text(OMNIVORE_CONTENT)
    (tmp_path / "highlights" / f"{slug}.md").write_text(OMNIVORE_HIGHLIGHTS)
    metadata = tmp_path / "metadata_0_to_1.json"
    metadata.write_text(json.dumps(OMNIVORE_METADATA))
    [wall] = read_file(metadata)
    assert (wall.format, wall.title, wall.authors) == (
        "omnivore",
        "Harbour wall repairs to start in spring",
        ("Sian Evans",),
    )
    assert len(wall.annotations) == 2


def test_an_article_note_before_the_first_highlight_is_kept() -> None:
    notes = parse_highlights("Read again before the inquest.\n\n> First quote\n\n#a #b\n\nA note\n")
    assert notes == (Annotation("", "Read again before the inquest."), Annotation("First quote", "A note", ("a", "b")))


def test_pocket_export_is_refused_as_links_only(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile) as info:
        read_file(FORMATS / "ril_export.html")
    assert info.value.reason.startswith("Pocket's export holds only links (3 saved links, no article text)")
    csv = tmp_path / "part_000000.csv"
    csv.write_text("title,url,time_added,tags,status\nA,https://a.example/1,1700000000,,unread\n")
    with pytest.raises(UnreadableFile, match=r"only links \(1 saved links"):
        read_file(csv)
    other = tmp_path / "budget.csv"
    other.write_text("year,amount\n2024,12\n")
    with pytest.raises(UnreadableFile, match="not Pocket's export"):
        read_file(other)


# --- bad input ----------------------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


BAD = {
    "cut.pdf": ((FORMATS / "court-ruling.pdf").read_bytes()[:3000], "not a readable PDF"),
    "blank.pdf": (b"%PDF-1.4\n%%EOF\n", "not a readable PDF"),
    "cut.epub": ((FORMATS / "long-read.epub").read_bytes()[:2000], "not a readable EPUB book"),
    "no-container.epub": (_zip({"mimetype": b"application/epub+zip"}), "META-INF/container.xml is missing"),
    "bad-opf.epub": (
        _zip(
            {
                "META-INF/container.xml": b'<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                b'<rootfiles><rootfile full-path="book.opf"/></rootfiles></container>',
                "book.opf": b"<package><metadata>",
            }
        ),
        "book.opf is not well-formed XML",
    ),
    "cut.docx": ((FORMATS / "press-release.docx").read_bytes()[:1500], "not a readable Word document"),
    "sheet.docx": (_zip({"xl/workbook.xml": b"<workbook/>"}), "no word/document.xml"),
    "empty.docx": (_zip({"word/document.xml": b"<w:document xmlns:w='x'/>"}), "holds no text"),
    "no-warcs.wacz": (_zip({"datapackage.json": b"{}"}), "no WARC files under archive/"),
    "cut.wacz": ((FORMATS / "crawl.wacz").read_bytes()[:2000], "not a readable WACZ file"),
    "photos.zip": (_zip({"a.jpg": b"\xff\xd8\xff"}), "not an Omnivore export"),
    "headers-only.eml": (b"From: a@b.example\r\nSubject: Hello\r\n\r\n", "the e-mail's text is empty"),
    "wallabag.json": (
        b'[{"is_archived": 0, "is_starred": 0, "title": "x", "given_url": "https://a.example/", "content": ""}]',
        "has content",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_unreadable_naming_the_file_and_the_problem(name: str, tmp_path: Path) -> None:
    data, reason = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableFile) as info:
        read_file(path)
    assert info.value.path == str(path)
    assert reason in info.value.reason, info.value.reason


NEW_FIXTURES = [
    "court-ruling.pdf",
    "long-read.epub",
    "press-release.docx",
    "press-release.eml",
    "crawl.wacz",
    "wallabag-export.json",
    "omnivore-export.zip",
]


@pytest.mark.parametrize("name", NEW_FIXTURES)
def test_damaged_copies_give_articles_or_unreadable_file(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cut short or with bytes overwritten, a file is read or refused with a reason; nothing else escapes."""
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)  # no OCR of damaged pages
    data = (FORMATS / name).read_bytes()
    variants = [data[: len(data) * k // 10] for k in (1, 3, 5, 7, 9)]
    variants += [data[:i] + b"\x00" * 64 + data[i + 64 :] for i in range(0, len(data), max(1, len(data) // 7))]
    for n, variant in enumerate(variants):
        path = tmp_path / f"{n}-{name}"
        path.write_bytes(variant)
        try:
            read_file(path)
        except UnreadableFile as exc:
            assert exc.path == str(path) and exc.reason


# --- clipping tools ---------------------------------------------------------------------------------


def test_singlefile_header_gives_the_url_and_saved_date(tmp_path: Path) -> None:
    page = (FORMATS / "singlefile.html").read_text(encoding="utf-8")
    [saved] = read_file(FORMATS / "singlefile.html")
    assert (saved.url, saved.date and saved.date.isoformat()) == (
        "https://valleyherald.example/news/2024/04/ferry-crossing-reopens",
        "2024-04-09",
    )
    bare = tmp_path / "bare.html"
    bare.write_text(page[: page.index("<!--")] + page[page.index("-->") + 3 :], encoding="utf-8")
    assert read_file(bare)[0].url == ""  # the header is the only place the page's address is


def test_markdownload_excerpt_is_not_part_of_the_text() -> None:
    [clip] = read_file(FORMATS / "markdownload.md")
    assert "Excerpt" not in clip.body
    assert clip.body.count("will run night trains on the valley line again from June") == 1


def test_other_read_later_json_is_still_read_as_json() -> None:
    """A JSON export with ``is_archived``/``is_starred`` but no Wallabag content is the generic JSON reader's."""
    sample = Path(__file__).resolve().parents[3] / "resources" / "sample-archive" / "exports"
    articles = read_file(sample / "read-later-export-2025-05.json")
    assert [a.format for a in articles] == ["json", "json", "json"]
