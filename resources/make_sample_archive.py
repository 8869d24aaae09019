"""Build the packed files of the bundled sample archive from their plain sources.

The sample archive (``resources/sample-archive/``) is mostly written by hand: seed-format and plain
text, Markdown clippings, saved HTML pages, a JSON export and a JSON Lines file. The formats that
are awkward to edit by hand are made here from the HTML pages in ``resources/sample-archive-src/``:

* ``.html.gz``  -- a saved page, gzip-compressed;
* ``.mhtml``    -- a page as Chrome's "Save as... Webpage, Single File" writes it (multipart/related,
  quoted-printable HTML, a stylesheet and an image);
* ``.warc.gz``  -- a small crawl written with warcio: a ``warcinfo`` record, one ``request`` record,
  three HTML ``response`` records and one ``image/png`` response that a reader should skip;
* ``.wacz``     -- a browsing session as ArchiveWeb.page packs it: a WARC with a front page and two
  articles, and a pages list naming the two articles (only those are read);
* ``.eml``, a Wallabag ``.json`` export with annotations, an Omnivore export ``.zip`` with highlights;
* ``.pdf`` and ``.docx`` (LibreOffice) and ``.epub`` (pandoc) from sources in ``sample-archive-src/``,
  made only when ``soffice`` and ``pandoc`` are installed (those tools stamp the time they ran, so
  these three differ byte for byte from run to run; the committed ones are kept otherwise);
* a SingleFile page (its ``url:`` / ``saved date:`` comment after ``<html>``), a page saved "complete"
  with its ``NAME_files/`` folder (a stylesheet, a script, an image and two helper pages that are no
  articles), and an ArchiveBox data folder with one snapshot (``archive/<timestamp>/index.json`` and
  its outputs).

To rebuild only the deterministic files where LibreOffice and pandoc are installed, hide them:
``PATH=/nonexistent .venv/bin/python resources/make_sample_archive.py``.

Everything else is deterministic (fixed dates, record ids and boundaries derived from the content, gzip
mtime 0), so running this again gives byte-identical files. Run it with the project's Python:

    .venv/bin/python resources/make_sample_archive.py

The articles are fictional; see ``resources/SAMPLE-ARCHIVE-NOTICE.md``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import quopri
import struct
import uuid
import zlib
from email.utils import format_datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SRC = HERE / "sample-archive-src"
OUT = HERE / "sample-archive"

# source page -> packed file in the archive
GZIPPED = {
    "strike-ends-deal-2024-05-02.html": "transit/strike-ends-deal-2024-05-02.html.gz",
    "mariners-lose-final-2025-06-29.html": "culture-and-sport/mariners-lose-final-2025-06-29.html.gz",
    "harbour-lights-2025.html": "culture-and-sport/harbour-lights-2025.html.gz",
}

# source page -> (packed file, page URL, time saved)
MHTML = {
    "storm-edda-evacuations-2024-10-14.html": (
        "lisle-flood/storm-edda-evacuations-2024-10-14.mhtml",
        "https://varrowpost.example/environment/2024/10/14/storm-edda-eastmarsh-evacuations",
        dt.datetime(2024, 10, 14, 17, 2, 41, tzinfo=dt.timezone.utc),
    ),
    "how-okafor-held-on-2025-04-08.html": (
        "city-hall/how-okafor-held-on-2025-04-08.mhtml",
        "https://www.haldenledger.example/city-hall/2025/04/08/how-okafor-held-on-election-analysis",
        dt.datetime(2025, 4, 8, 9, 31, 7, tzinfo=dt.timezone.utc),
    ),
}

# (source page, URL, time fetched) in crawl order
WARC_FILE = "crawls/varrowpost-crawl-2025-03.warc.gz"
WARC_PAGES = [
    (
        "warc-brightwell-union-hall-2024-09-12.html",
        "https://varrowpost.example/economy/2024/09/12/brightwell-laid-off-workers-union-hall",
        dt.datetime(2025, 3, 6, 10, 14, 2, tzinfo=dt.timezone.utc),
    ),
    (
        "warc-flood-inquiry-voss-2024-11-20.html",
        "https://varrowpost.example/environment/2024/11/20/flood-inquiry-voss-evidence",
        dt.datetime(2025, 3, 6, 10, 14, 9, tzinfo=dt.timezone.utc),
    ),
    (
        "warc-police-budget-forum-2025-03-04.html",
        "https://varrowpost.example/politics/2025/03/04/police-budget-mayoral-forum",
        dt.datetime(2025, 3, 6, 10, 14, 15, tzinfo=dt.timezone.utc),
    ),
]
WARC_LOGO_URL = "https://varrowpost.example/assets/brand/varrow-post-icon-32.png"
WARC_LOGO_TIME = dt.datetime(2025, 3, 6, 10, 14, 3, tzinfo=dt.timezone.utc)

STYLESHEET = """@charset "utf-8";
:root { --ink: #1b1b1f; --paper: #fbfaf7; --accent: #0b5d7a; }
body { margin: 0; background: var(--paper); color: var(--ink); font: 18px/1.55 Georgia, serif; }
header, footer, nav { font-family: system-ui, sans-serif; font-size: 15px; }
h1 { font-size: 2.3rem; line-height: 1.15; margin: 0.4em 0; }
figure { margin: 1.5em 0; }
figcaption { color: #5b5b66; font-size: 14px; }
blockquote { border-left: 3px solid var(--accent); margin: 1.2em 0; padding: 0 1em; }
"""


def _stable_hex(*parts: str, n: int = 32) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:n]


def tiny_png(rgb: tuple[int, int, int], size: int = 8) -> bytes:
    """A small single-colour PNG, made here so that no binary file needs to be committed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * size
    raw = zlib.compress(row * size, 9)
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


# ---------------------------------------------------------------------------------------------- gzip


def build_gzipped() -> list[Path]:
    """Gzip each source page with mtime 0 and no file name in the header."""
    written = []
    for src, dest in GZIPPED.items():
        data = (SRC / src).read_bytes()
        out = OUT / dest
        out.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as f:
            f.write(data)
        out.write_bytes(buf.getvalue())
        written.append(out)
    return written


# --------------------------------------------------------------------------------------------- MHTML


def _qp(data: bytes) -> bytes:
    """Quoted-printable with CRLF line ends and soft breaks at 76 columns, as Blink writes it."""
    encoded = quopri.encodestring(data, quotetabs=False)
    return encoded.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def _blink_dom(html: str) -> str:
    """Blink serialises the live DOM: it adds a Content-Type meta as the head's first child."""
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
    head = html.find("<head>")
    if head < 0:
        return html
    at = head + len("<head>")
    rest = html[at:].lstrip("\n")
    return html[:at] + meta + rest


def _encoded_subject(title: str) -> str:
    """RFC 2047 Q-encoding in folded words of at most 76 characters, as Blink writes a non-ASCII title."""
    if title.isascii():
        return title
    words, current = [], ""
    for ch in title:
        if ch.isascii() and (ch.isalnum() or ch in "-!*+/"):
            piece = ch
        else:
            piece = "".join(f"={b:02X}" for b in ch.encode("utf-8"))
        if len(current) + len(piece) > 60:
            words.append(current)
            current = ""
        current += piece
    words.append(current)
    return "\r\n ".join(f"=?utf-8?Q?{w}?=" for w in words)


def mhtml_bytes(html: str, url: str, saved: dt.datetime, title: str, stylesheet_url: str, icon_url: str) -> bytes:
    """One page as a Chrome "Webpage, Single File" (.mhtml) document."""
    boundary = "----MultipartBoundary--" + _stable_hex("boundary", url, n=42) + "----"
    frame_id = _stable_hex("frame", url).upper()
    subject = _encoded_subject(title)
    head = [
        "From: <Saved by Blink>",
        f"Snapshot-Content-Location: {url}",
        f"Subject: {subject}",
        f"Date: {format_datetime(saved).replace('+0000', '-0000')}",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        f'\tboundary="{boundary}"',
        "",
        "",
    ]
    parts: list[bytes] = []
    html_part = [
        f"--{boundary}",
        "Content-Type: text/html",
        f"Content-ID: <frame-{frame_id}@mhtml.blink>",
        "Content-Transfer-Encoding: quoted-printable",
        f"Content-Location: {url}",
        "",
        "",
    ]
    parts.append("\r\n".join(html_part).encode() + _qp(_blink_dom(html).encode("utf-8")) + b"\r\n")
    css_part = [
        f"--{boundary}",
        "Content-Type: text/css",
        "Content-Transfer-Encoding: quoted-printable",
        f"Content-Location: {stylesheet_url}",
        "",
        "",
    ]
    parts.append("\r\n".join(css_part).encode() + _qp(STYLESHEET.encode("utf-8")) + b"\r\n")
    png = tiny_png((11, 93, 122))
    b64 = __import__("base64").encodebytes(png).replace(b"\n", b"\r\n")
    img_part = [
        f"--{boundary}",
        "Content-Type: image/png",
        "Content-Transfer-Encoding: base64",
        f"Content-Location: {icon_url}",
        "",
        "",
    ]
    parts.append("\r\n".join(img_part).encode() + b64)
    return "\r\n".join(head).encode() + b"".join(parts) + f"--{boundary}--\r\n".encode()


def _title(html: str) -> str:
    start = html.index("<title>") + len("<title>")
    import html as htmlmod

    return htmlmod.unescape(html[start : html.index("</title>", start)])


def build_mhtml() -> list[Path]:
    """Write each MHTML page, with its stylesheet and favicon as further parts."""
    written = []
    for src, (dest, url, saved) in MHTML.items():
        html = (SRC / src).read_text(encoding="utf-8")
        origin = url.split("/", 3)[:3]
        base = "/".join(origin)
        if "varrowpost" in url:
            css, icon = f"{base}/_next/static/css/8b1f0c2e9d4a.css", f"{base}/assets/brand/varrow-post-icon-32.png"
        else:
            css, icon = f"{base}/static/css/ledger.4f2a91.css", f"{base}/favicon.ico"
        out = OUT / dest
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(mhtml_bytes(html, url, saved, _title(html), css, icon))
        written.append(out)
    return written


# ---------------------------------------------------------------------------------------------- WARC


def _warc_date(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.UUID(_stable_hex('warc', *parts), version=4)}>"


def _http_date(t: dt.datetime) -> str:
    return format_datetime(t, usegmt=True)


def build_warc() -> Path:
    """One gzipped WARC file holding three article pages of one site, as a crawler saved them."""
    out = OUT / WARC_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.1")

    first_time = WARC_PAGES[0][2]
    info = writer.create_warcinfo_record(
        out.name,
        {
            "software": "warcio (resources/make_sample_archive.py)",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "isPartOf": "morgue-sample-archive",
            "description": "Three fictional Varrow Post articles for the Morgue sample archive.",
            "robots": "obey",
            "http-header-user-agent": "Mozilla/5.0 (compatible; MorgueSampleCrawler/1.0)",
        },
    )
    info.rec_headers.replace_header("WARC-Date", _warc_date(first_time))
    info.rec_headers.replace_header("WARC-Record-ID", _record_id("warcinfo", out.name))
    writer.write_record(info)

    def response(url: str, when: dt.datetime, body: bytes, content_type: str, ip: str):
        http = StatusAndHeaders(
            "200 OK",
            [
                ("Date", _http_date(when)),
                ("Server", "nginx"),
                ("Content-Type", content_type),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "public, max-age=300"),
                ("X-Cache", "HIT"),
            ],
            protocol="HTTP/1.1",
        )
        rec = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http,
            warc_headers_dict={
                "WARC-Date": _warc_date(when),
                "WARC-Record-ID": _record_id("response", url),
                "WARC-IP-Address": ip,
            },
        )
        return rec

    for i, (src, url, when) in enumerate(WARC_PAGES):
        if i == 0:
            req_http = StatusAndHeaders(
                "GET /" + url.split("/", 3)[3] + " HTTP/1.1",
                [
                    ("Host", "varrowpost.example"),
                    ("User-Agent", "Mozilla/5.0 (compatible; MorgueSampleCrawler/1.0)"),
                    ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
                    ("Accept-Language", "en-GB,en;q=0.8"),
                    ("Connection", "close"),
                ],
                is_http_request=True,
            )
            req = writer.create_warc_record(
                url,
                "request",
                http_headers=req_http,
                warc_headers_dict={
                    "WARC-Date": _warc_date(when),
                    "WARC-Record-ID": _record_id("request", url),
                    "WARC-Concurrent-To": _record_id("response", url),
                },
            )
            writer.write_record(req)
        body = (SRC / src).read_bytes()
        writer.write_record(response(url, when, body, "text/html; charset=utf-8", "192.0.2.41"))
        if i == 0:
            # A non-HTML resource fetched with the first page; readers must skip it.
            png = tiny_png((11, 93, 122), size=32)
            writer.write_record(response(WARC_LOGO_URL, WARC_LOGO_TIME, png, "image/png", "192.0.2.41"))

    out.write_bytes(buf.getvalue())
    return out


# --- the formats added with the PDF, EPUB, DOCX, e-mail, WACZ and read-later readers ------------

# LibreOffice stamps a PDF with the time it ran; the ruling's own date replaces it (with pypdf, a test
# dependency) so that the sample shows it on the timeline.
PDF_DATES = {"courts-and-police/flood-gate-ruling-2024-12-03.pdf": "D:20241203100000Z"}

# source -> (archive file, converter command); the output lands in a temporary folder, then moves
DOCUMENTS = {
    "flood-gate-ruling-2024-12-03.html": (
        "courts-and-police/flood-gate-ruling-2024-12-03.pdf",
        ["soffice", "--headless", "--convert-to", "pdf:writer_pdf_Export", "--outdir", "{tmp}", "{src}"],
    ),
    "press-office-statement-2025-04-08.html": (
        "city-hall/press-office-statement-2025-04-08.docx",
        ["soffice", "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", "{tmp}", "{src}"],
    ),
    "the-year-the-lisle-rose.md": (
        "lisle-flood/the-year-the-lisle-rose.epub",
        ["pandoc", "{src}", "-o", "{tmp}/the-year-the-lisle-rose.epub"],
    ),
}


def build_documents() -> list[Path]:
    """The PDF, DOCX and EPUB, converted by LibreOffice and pandoc when they are installed."""
    import shutil
    import subprocess
    import tempfile

    written = []
    for src, (dest, command) in DOCUMENTS.items():
        if shutil.which(command[0]) is None:
            print(f"{command[0]} is not installed: keeping {dest}")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            args = [a.format(tmp=tmp, src=SRC / src) for a in command]
            subprocess.run(args, check=True, capture_output=True, timeout=300)
            [made] = Path(tmp).iterdir()
            out = OUT / dest
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(made), out)
            if dest in PDF_DATES:
                import pypdf

                writer = pypdf.PdfWriter(clone_from=str(out))
                writer.add_metadata({"/CreationDate": PDF_DATES[dest], "/ModDate": PDF_DATES[dest]})
                with out.open("wb") as f:
                    writer.write(f)
            written.append(out)
    return written


def build_eml() -> Path:
    """The transit union's press release as a mail client saves it."""
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "Halden Transit Workers Union Local 12 <press@htwu12.example>"
    msg["To"] = "newsdesk@haldenledger.example"
    msg["Subject"] = "PRESS RELEASE: Transit workers set strike date"
    msg["Date"] = format_datetime(dt.datetime(2024, 3, 19, 16, 40, tzinfo=dt.timezone.utc))
    msg["Message-ID"] = "<20240319164000.12@htwu12.example>"
    msg.set_content(
        "Transit workers set strike date\n\n"
        "Members of Halden Transit Workers Union Local 12 will strike from Monday 8 April unless the\n"
        "city makes a new offer, the union's president, Dana Kowalczyk, said on Tuesday.\n\n"
        '"Our members have waited two years for a contract. They will not wait any longer," she said.\n\n'
        "Buses, trams and the Saltgate ferry would stop running. The union represents 2,300 workers.\n"
    )
    msg["Content-Language"] = "en"
    out = OUT / "transit/union-sets-strike-date-2024-03-19.eml"
    out.write_bytes(msg.as_bytes())
    return out


def build_wallabag() -> Path:
    """A Wallabag export of one article, with a highlight and its note."""
    import json

    entry = {
        "is_archived": 1,
        "is_starred": 1,
        "tags": ["brightwell", "jobs"],
        "is_public": False,
        "id": 1207,
        "title": "Brightwell's last shift at the Old Quay",
        "url": "https://harbourwire.example/business/2024/10/brightwell-last-shift-old-quay",
        "given_url": "https://harbourwire.example/business/2024/10/brightwell-last-shift-old-quay",
        "content": "<p>The last shift at Brightwell Systems' Old Quay plant clocked off on Friday, six weeks "
        "after the company announced 900 job cuts.</p><p>“I started here when I was nineteen,” said "
        "Lars Henning, a line supervisor for twenty-two years. “Nobody from head office came to say "
        "goodbye.”</p><p>Brightwell's chief executive, Marcus Thorne, said in a statement that the company "
        "would keep its research team in Port Halden.</p>",
        "created_at": "2024-10-26T09:12:44+00:00",
        "updated_at": "2024-10-27T20:05:10+00:00",
        "published_at": "2024-10-25T18:30:00+00:00",
        "published_by": ["Tessa Moreau"],
        "annotations": [
            {
                "user": "morgue",
                "annotator_schema_version": "v1.0",
                "id": 88,
                "text": "Ask Thorne's office whether the research team is staying in writing",
                "created_at": "2024-10-27T20:04:51+00:00",
                "updated_at": "2024-10-27T20:04:51+00:00",
                "quote": "the company would keep its research team in Port Halden",
                "ranges": [{"start": "/p[3]", "startOffset": "66", "end": "/p[3]", "endOffset": "122"}],
            }
        ],
        "mimetype": "text/html",
        "language": "en",
        "reading_time": 1,
        "domain_name": "harbourwire.example",
    }
    out = OUT / "exports/wallabag-export-2024-10.json"
    out.write_text(json.dumps([entry], indent=4, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def build_omnivore() -> Path:
    """An Omnivore export ZIP of one article, with two highlights."""
    import json
    import zipfile

    slug = "northbank-tram-line-test-runs-begin-190a2b3c4d5"
    meta = [
        {
            "id": "0b9c8d7e-0000-4000-8000-0000000b0001",
            "slug": slug,
            "title": "Northbank tram line test runs begin",
            "description": "Trams run on the Northbank line for the first time, without passengers.",
            "author": "Jonas Lindqvist",
            "url": "https://haldenledger.example/transit/2025/02/northbank-tram-test-runs",
            "state": "Archived",
            "readingProgress": 100,
            "thumbnail": None,
            "labels": ["transit", "northbank"],
            "savedAt": "2025-02-11T08:02:00.000Z",
            "updatedAt": "2025-02-11T21:00:00.000Z",
            "publishedAt": "2025-02-10T00:00:00.000Z",
        }
    ]
    content = (
        '<div class="page" id="readability-page-1"><p>The first tram ran the length of the Northbank line on '
        "Monday night, three months before the line is due to open to passengers.</p><p>The test runs will go on "
        "every night until May. \"We are checking every switch and every stop,\" said the project director, "
        "Ana Ferreira.</p><p>The line cost 410 million and is eight months late.</p></div>\n"
    )
    highlights = (
        "> The line cost 410 million and is eight months late.\n\n#budget\n\n"
        "Compare with the 2022 estimate in the council papers.\n\n"
        "> three months before the line is due to open to passengers\n"
    )
    out = OUT / "exports/omnivore-export-2025-02.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (
            ("metadata_0_to_0.json", json.dumps(meta, indent=2)),
            (f"content/{slug}.html", content),
            (f"highlights/{slug}.md", highlights),
        ):
            info = zipfile.ZipInfo(name, date_time=(2025, 2, 12, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
    return out


# (source page or None for the front page, URL, time fetched)
WACZ_FILE = "crawls/harbourwire-session-2025-06.wacz"
WACZ_FRONT = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour Wire</title></head><body>'
    '<main><h2><a href="/transit/2025/06/30/saltgate-ferry-summer-timetable">Saltgate ferry keeps its summer '
    'timetable</a></h2><h2><a href="/lisle-flood/2025/06/eastmarsh-levee-work-starts">Work starts on the Eastmarsh '
    "levee</a></h2><p>Today's headlines from Port Halden and the Varrow coast.</p></main></body></html>"
)
WACZ_PAGES = [
    (None, "https://harbourwire.example/", dt.datetime(2025, 6, 30, 8, 1, 5, tzinfo=dt.timezone.utc)),
    (
        "wacz-ferry-timetable-2025-06-30.html",
        "https://harbourwire.example/transit/2025/06/30/saltgate-ferry-summer-timetable",
        dt.datetime(2025, 6, 30, 8, 1, 40, tzinfo=dt.timezone.utc),
    ),
    (  # no date in the page: the capture time is its date
        "wacz-eastmarsh-levee-2025-06-30.html",
        "https://harbourwire.example/lisle-flood/2025/06/eastmarsh-levee-work-starts",
        dt.datetime(2025, 6, 30, 8, 3, 12, tzinfo=dt.timezone.utc),
    ),
]


def build_wacz() -> Path:
    """A WACZ: a WARC of the session, and a pages list of the two articles the person saved."""
    import json
    import zipfile

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.1")
    for src, url, when in WACZ_PAGES:
        body = WACZ_FRONT.encode() if src is None else (SRC / src).read_bytes()
        http = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
            protocol="HTTP/1.1",
        )
        rec = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": _warc_date(when), "WARC-Record-ID": _record_id("wacz", url)},
        )
        writer.write_record(rec)
    pages = [{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}]
    for src, url, when in WACZ_PAGES[1:]:
        title = _title((SRC / src).read_text(encoding="utf-8")) if src else ""
        pages.append({"id": _stable_hex("page", url), "url": url, "title": title, "ts": _warc_date(when)})
    members = {
        "archive/data.warc.gz": buf.getvalue(),
        "pages/pages.jsonl": "".join(json.dumps(p) + "\n" for p in pages).encode(),
    }
    package = {
        "profile": "data-package",
        "wacz_version": "1.1.1",
        "title": "Harbour Wire, 30 June 2025",
        "created": _warc_date(WACZ_PAGES[0][2]),
        "software": "resources/make_sample_archive.py",
        "resources": [
            {"name": n.rsplit("/", 1)[-1], "path": n, "hash": "sha256:" + hashlib.sha256(d).hexdigest(), "bytes": len(d)}
            for n, d in members.items()
        ],
    }
    members["datapackage.json"] = json.dumps(package, indent=2).encode()
    out = OUT / WACZ_FILE
    with zipfile.ZipFile(out, "w") as z:  # stored, as WACZ files are: the WARCs can be read in place
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2025, 6, 30, 8, 5, 0)), data)
    return out


# --- the captures whose folder holds more than the page: SingleFile, "Save page as… complete", ArchiveBox ----

# source page -> (archive file, page URL, SingleFile's "saved date": JavaScript's Date.toString())
SINGLEFILE = {
    "singlefile-body-cameras-2025-07-15.html": (
        "courts-and-police/body-cameras-by-october-2025-07-15.html",
        "https://varrowpost.example/politics/2025/07/15/police-body-cameras-october",
        "Wed Jul 16 2025 09:12:37 GMT+0100 (British Summer Time)",
    ),
}


def singlefile_page(html: str, url: str, saved: str) -> str:
    """A page as SingleFile saves it: its comment with the URL and the saved date right after ``<html>``."""
    at = html.index(">", html.index("<html")) + 1
    comment = f"<!--\n Page saved with SingleFile \n url: {url} \n saved date: {saved}\n-->"
    return html[:at] + comment + html[at:]


def build_singlefile() -> list[Path]:
    """Each SingleFile page, with the header comment SingleFile writes."""
    written = []
    for src, (dest, url, saved) in SINGLEFILE.items():
        out = OUT / dest
        out.write_text(singlefile_page((SRC / src).read_text(encoding="utf-8"), url, saved), encoding="utf-8")
        written.append(out)
    return written


# A browser's "Save page as… Webpage, complete": NAME.html and the NAME_files folder of what it loaded,
# two helper pages among them (a tweet's widget iframe and an ad frame) that are no articles.
SAVED_COMPLETE_SRC = "saved-complete-brightwell-lab-2025-08-21.html"
SAVED_COMPLETE = "business/meridian-keeps-brightwell-research-lab.html"
SAVED_COMPLETE_URL = "https://www.haldenledger.example/business/2025/08/21/meridian-keeps-brightwell-research-lab"
SAVED_COMPLETE_HELPERS = {
    "widget-iframe.html": (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Twitter Widget Iframe</title></head>'
        '<body><blockquote class="twitter-tweet"><p>Meridian confirms the Old Quay lab stays, with all 180 jobs.'
        "</p>— Halden Ledger Business (@LedgerBusiness) August 21, 2025</blockquote></body></html>\n"
    ),
    "ad-frame.html": (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Advertisement</title></head><body>'
        '<div class="ad"><p>Advertisement</p><a href="https://ads.example/click?id=77">Harbour Square '
        "apartments: viewings this weekend.</a></div></body></html>\n"
    ),
    "ledger-app.js": "window.ledger={section:'business'};\n",
}


def build_saved_complete() -> list[Path]:
    """The page with Chrome's "saved from" mark, and its ``_files`` folder."""
    html = (SRC / SAVED_COMPLETE_SRC).read_text(encoding="utf-8")
    mark = f"<!-- saved from url=({len(SAVED_COMPLETE_URL):04d}){SAVED_COMPLETE_URL} -->\n"
    at = html.index("\n") + 1  # after the doctype, where Chrome puts it
    out = OUT / SAVED_COMPLETE
    out.write_text(html[:at] + mark + html[at:], encoding="utf-8")
    folder = out.with_name(out.stem + "_files")
    folder.mkdir(exist_ok=True)
    written = [out]
    files: dict[str, bytes] = {name: text.encode() for name, text in SAVED_COMPLETE_HELPERS.items()}
    files["ledger.4f2a91.css"] = STYLESHEET.encode()
    files["old-quay-lab.png"] = tiny_png((120, 128, 136), size=16)
    for name, data in files.items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written


# An ArchiveBox data folder with one snapshot (ArchiveBox 0.7's layout: archive/<timestamp>/index.json
# and each extractor's output beside it); the timestamp is when the link was added.
ARCHIVEBOX = "archivebox"
ARCHIVEBOX_SRC = "archivebox-saltgate-bridge-2025-01-08.html"
ARCHIVEBOX_URL = "https://harbourwire.example/transit/2025/01/08/saltgate-bridge-to-close-for-repairs"
ARCHIVEBOX_ADDED = dt.datetime(2025, 1, 9, 7, 30, 42, tzinfo=dt.timezone.utc)


def _archivebox_files() -> dict[str, bytes]:
    import json
    import re

    page = (SRC / ARCHIVEBOX_SRC).read_text(encoding="utf-8")
    title = _title(page)
    headline = title.rsplit(" | ", 1)[0]
    paras = re.findall(r"<p>(.*?)</p>", page)
    ts = f"{int(ARCHIVEBOX_ADDED.timestamp())}.0"
    snap = f"archive/{ts}/"
    # Chrome's DOM dump has no SingleFile comment and keeps the page's scripts.
    dom = re.sub(r"<!--\n Page saved with SingleFile.*?-->", "", page, flags=re.S)
    dom = dom.replace("</head>", '<script src="https://harbourwire.example/static/wire.js"></script>\n</head>')
    readability = {
        "title": headline,
        "byline": "By Lena Hartigan",
        "dir": None,
        "lang": "en",
        "length": sum(len(p) for p in paras),
        "excerpt": paras[0][:140],
        "siteName": "Harbour Wire",
        "textContent": "\n".join(paras),
    }

    def stamp(seconds: int) -> str:
        return (ARCHIVEBOX_ADDED + dt.timedelta(seconds=seconds)).isoformat(timespec="microseconds")

    def run(extractor: str, output: str | None, status: str = "succeeded", at: int = 4) -> list[dict[str, object]]:
        return [
            {
                "schema": "ArchiveResult",
                "cmd": [extractor],
                "pwd": f"/data/{snap.rstrip('/')}",
                "cmd_version": "0.7.2",
                "output": output,
                "status": status,
                "start_ts": stamp(at),
                "end_ts": stamp(at + 3),
                "index_texts": None,
            }
        ]

    history = {
        "title": run("title", title, at=1),
        "favicon": run("favicon", "favicon.ico", at=2),
        "headers": run("headers", "headers.json", at=2),
        "singlefile": run("singlefile", "singlefile.html", at=4),
        "pdf": run("pdf", None, "failed", at=9),
        "screenshot": run("screenshot", "screenshot.png", at=12),
        "dom": run("dom", "output.html", at=15),
        "readability": run("readability", "readability", at=19),
        "htmltotext": run("htmltotext", "htmltotext.txt", at=21),
    }
    link = {
        "schema": "Link",
        "url": ARCHIVEBOX_URL,
        "timestamp": ts,
        "title": title,
        "tags": "transit,saltgate",
        "sources": ["/data/sources/1736407800-import.txt"],
        "history": history,
        "updated": stamp(24),
        "base_url": ARCHIVEBOX_URL.split("://", 1)[1],
        "domain": "harbourwire.example",
        "scheme": "https",
        "basename": ARCHIVEBOX_URL.rsplit("/", 1)[1],
        "path": "/" + ARCHIVEBOX_URL.split("/", 3)[3],
        "bookmarked_date": ARCHIVEBOX_ADDED.strftime("%Y-%m-%d %H:%M"),
        "updated_date": (ARCHIVEBOX_ADDED + dt.timedelta(seconds=24)).strftime("%Y-%m-%d %H:%M"),
        "oldest_archive_date": ARCHIVEBOX_ADDED.strftime("%Y-%m-%d %H:%M"),
        "newest_archive_date": (ARCHIVEBOX_ADDED + dt.timedelta(seconds=24)).strftime("%Y-%m-%d %H:%M"),
        "is_static": False,
        "is_archived": True,
        "num_outputs": sum(1 for runs in history.values() for r in runs if r["status"] == "succeeded"),
        "num_failures": sum(1 for runs in history.values() for r in runs if r["status"] == "failed"),
        "latest": {k: v[0]["output"] if v[0]["status"] == "succeeded" else None for k, v in history.items()},
        "canonical": {
            "index_path": "index.html",
            "favicon_path": "favicon.ico",
            "wget_path": None,
            "singlefile_path": "singlefile.html",
            "readability_path": "readability/content.html",
            "htmltotext_path": "htmltotext.txt",
            "pdf_path": "output.pdf",
            "screenshot_path": "screenshot.png",
            "dom_path": "output.html",
            "headers_path": "headers.json",
        },
        "archive_path": snap.rstrip("/"),
        "link_dir": f"/data/{snap.rstrip('/')}",
        "hash": "",
        "extension": "",
    }
    files = {
        snap + "index.json": json.dumps(link, indent=4, ensure_ascii=False) + "\n",
        snap + "index.html": (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f"<header><h1>ArchiveBox snapshot</h1></header><p>Archived {link['bookmarked_date']} from "
            f'<a href="{ARCHIVEBOX_URL}">{ARCHIVEBOX_URL}</a>.</p><ul><li><a href="singlefile.html">SingleFile</a>'
            '</li><li><a href="output.html">HTML</a></li><li><a href="readability/content.html">Readability</a>'
            '</li><li><a href="screenshot.png">Screenshot</a></li></ul></body></html>\n'
        ),
        snap + "singlefile.html": page,
        snap + "output.html": dom,
        snap + "readability/content.html": (
            f'<div id="readability-page-1" class="page"><div>\n<h2>{headline}</h2>\n'
            + "\n".join(f"<p>{p}</p>" for p in paras)
            + "\n</div></div>\n"
        ),
        snap + "readability/article.json": json.dumps(readability, indent=4, ensure_ascii=False) + "\n",
        snap + "htmltotext.txt": headline + "\n" + "\n".join(paras) + "\n",
        snap + "headers.json": json.dumps(
            {"Content-Type": "text/html; charset=utf-8", "Server": "nginx", "Status-Code": "200"}, indent=4
        )
        + "\n",
        "ArchiveBox.conf": "[SERVER_CONFIG]\nBIND_ADDR = 127.0.0.1:8000\n\n[ARCHIVE_METHOD_TOGGLES]\n"
        "SAVE_WGET = False\nSAVE_WARC = False\nSAVE_MERCURY = False\n",
        "sources/1736407800-import.txt": ARCHIVEBOX_URL + "\n",
    }
    out = {name: text.encode() for name, text in files.items()}
    out[snap + "screenshot.png"] = tiny_png((200, 204, 210), size=24)  # Chrome's screenshot, as a stand-in
    return out


def build_archivebox() -> list[Path]:
    """The ArchiveBox data folder: its configuration, its imported links and the snapshot's folder."""
    written = []
    for name, data in _archivebox_files().items():
        out = OUT / ARCHIVEBOX / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        written.append(out)
    return written


def main() -> None:
    written = build_gzipped() + build_mhtml() + [build_warc()]
    written += [build_eml(), build_wallabag(), build_omnivore(), build_wacz()] + build_documents()
    written += build_singlefile() + build_saved_complete() + build_archivebox()
    for path in written:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        print(f"{path.relative_to(HERE.parent)}  {path.stat().st_size:>7} bytes  sha256 {digest}")


if __name__ == "__main__":
    main()
