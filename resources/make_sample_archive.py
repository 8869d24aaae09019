"""Build the packed files of the bundled sample archive from their plain sources.

The sample archive (``resources/sample-archive/``) is mostly written by hand: seed-format and plain
text, Markdown clippings, saved HTML pages, a JSON export and a JSON Lines file. The formats that
are awkward to edit by hand are made here from the HTML pages in ``resources/sample-archive-src/``:

* ``.html.gz``  -- a saved page, gzip-compressed;
* ``.mhtml``    -- a page as Chrome's "Save as... Webpage, Single File" writes it (multipart/related,
  quoted-printable HTML, a stylesheet and an image);
* ``.warc.gz``  -- a small crawl written with warcio: a ``warcinfo`` record, one ``request`` record,
  three HTML ``response`` records and one ``image/png`` response that a reader should skip.

Everything is deterministic (fixed dates, record ids and boundaries derived from the content, gzip
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


def main() -> None:
    written = build_gzipped() + build_mhtml() + [build_warc()]
    for path in written:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        print(f"{path.relative_to(HERE.parent)}  {path.stat().st_size:>7} bytes  sha256 {digest}")


if __name__ == "__main__":
    main()
