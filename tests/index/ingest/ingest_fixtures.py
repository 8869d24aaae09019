"""Helpers of the ingest tests: the fixture builders and a reader of the shared corpus.

The binary fixtures (gzip, MHTML, WARC and the broken files) are committed under ``tests/fixtures/``;
this module regenerates them::

    .venv/bin/python tests/index/ingest/ingest_fixtures.py

and the tests call the same functions to build variants (truncated copies) in a temporary folder.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import io
import quopri
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from index.errors import UnreadableFile
from index.ingest import read_file
from index.model import Article

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
# CI checks out shared/ beside the repository, as on a developer's machine.
CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus"
FORMATS = FIXTURES / "formats"
BROKEN = FIXTURES / "broken"

# A 1x1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

# Saved as windows-1252 with the old-style http-equiv declaration and a "saved from" comment.
CP1252_PAGE = """<!DOCTYPE html>
<!-- saved from url=(0064)https://bugle.example.com/food/2023/11/cafe-owners-fight-rent-rise -->
<html lang="fr"><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Café owners fight rent rise | The Morning Bugle</title>
<meta property="og:site_name" content="The Morning Bugle">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Café owners fight rent rise",
 "datePublished": "2023-11-21T07:15:00+01:00",
 "author": {"@type": "Person", "name": "Élodie Marchand"}}
</script>
</head><body>
<div class="menu"><a href="/">Accueil</a> · <a href="/food">Food</a></div>
<div class="story">
<h1>Café owners fight rent rise</h1>
<p>Owners of the twelve cafés in the covered market say a 40 per cent rent rise proposed by the
landlord would force at least half of them to close before next summer.</p>
<p>“We pay for the heating, the repairs and the crêpes,” said René Duval, who has run a stall
since 1998. “Now they want us to pay for their new façade too.”</p>
<p>The landlord, Marché Holdings, said the rents had not changed for eleven years and were still
below those of the surrounding streets.</p>
<p>A meeting between the two sides is planned for December.</p>
</div>
<div class="footer">Contact · Mentions légales</div>
</body></html>
"""

MHTML_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Library extends opening hours – Aldmoor Today</title>
<meta name="author" content="Jo Castell">
<meta property="article:published_time" content="2024-03-04T08:00:00Z">
<meta property="og:site_name" content="Aldmoor Today">
<link rel="stylesheet" href="https://aldmoor.example.org/style.css">
</head><body>
<header class="site-header"><a href="https://aldmoor.example.org/">Aldmoor Today</a></header>
<article class="post">
<h1 class="entry-title">Library extends opening hours</h1>
<img src="https://aldmoor.example.org/img/library.png" alt="The library">
<p>The Aldmoor town library will open on Sundays from April, the council said on Monday, after
a survey in which eight hundred residents asked for longer hours at weekends.</p>
<p>The extra day will be staffed by two new librarians and a rota of volunteers from the
Friends of Aldmoor Library, who have run the reading café since 2019.</p>
<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Sundays at the library from April! \
Thank you to everyone who answered the survey.</p>&mdash; Aldmoor Library (@aldmoorlib) \
<a href="https://twitter.com/aldmoorlib/status/1764600000000000000?ref_src=twsrc%5Etfw">March 4, 2024</a>\
</blockquote>
<p>Opening hours on weekdays do not change. The council expects the Sunday service to cost
about £40,000 a year.</p>
</article>
<footer>© Aldmoor Today</footer>
</body></html>
"""

WARC_PAGE_A = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Wind farm plan wins approval</title>
<meta name="author" content="Hannah Weir">
<meta property="article:published_time" content="2024-06-12">
</head><body><nav><a href="/">Home</a></nav><article>
<h1>Wind farm plan wins approval</h1>
<p>A plan for eighteen turbines on the Carrow moors won approval on Wednesday after the
planning inspector rejected objections from two neighbouring parishes.</p>
<p>The developer said construction would begin next spring and the farm would supply power to
about forty thousand homes.</p>
<p>Opponents said they would consider asking for a judicial review.</p>
</article></body></html>
"""

# No date in the page: the capture date (WARC-Date) is the fallback.
WARC_PAGE_B = """<!DOCTYPE html><html lang="en"><head><meta charset="iso-8859-1">
<title>Schools to get free breakfast clubs</title>
</head><body><article>
<h1>Schools to get free breakfast clubs</h1>
<p>Every primary school in the district will offer a free breakfast club from September, the
education board announced after a two-year trial in eight schools.</p>
<p>Teachers in the trial schools reported better attendance and fewer pupils arriving hungry.</p>
<p>The scheme will cost the board 1.1 million pounds a year.</p>
</article></body></html>
"""


def gzip_bytes(data: bytes) -> bytes:
    """gzip with a fixed timestamp, so the output is reproducible."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as f:
        f.write(data)
    return out.getvalue()


def chrome_mhtml(page: str, url: str, subject: str, date: str) -> bytes:
    """An MHTML file shaped like Chrome's "Save page as… single file": quoted-printable HTML first."""
    boundary = "----MultipartBoundary--morgueFixture0123456789abcdefABCDEF----"
    qp = quopri.encodestring(page.encode("utf-8")).replace(b"\n", b"\r\n")
    css = b"body { font-family: serif; }\r\n"
    image = base64.encodebytes(PNG).replace(b"\n", b"\r\n")
    parts = [
        b"From: <Saved by Blink>\r\n",
        f"Snapshot-Content-Location: {url}\r\n".encode(),
        f"Subject: {subject}\r\n".encode(),
        f"Date: {date}\r\n".encode(),
        b"MIME-Version: 1.0\r\n",
        b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n',
        f'\tboundary="{boundary}"\r\n\r\n\r\n'.encode(),
        f"--{boundary}\r\n".encode(),
        b"Content-Type: text/html\r\n",
        b"Content-ID: <frame-0A1B2C3D4E5F60718293A4B5C6D7E8F9@mhtml.blink>\r\n",
        b"Content-Transfer-Encoding: quoted-printable\r\n",
        f"Content-Location: {url}\r\n\r\n".encode(),
        qp,
        f"\r\n--{boundary}\r\n".encode(),
        b"Content-Type: text/css\r\n",
        b"Content-Transfer-Encoding: quoted-printable\r\n",
        b"Content-Location: https://aldmoor.example.org/style.css\r\n\r\n",
        css,
        f"\r\n--{boundary}\r\n".encode(),
        b"Content-Type: image/png\r\n",
        b"Content-Transfer-Encoding: base64\r\n",
        b"Content-Location: https://aldmoor.example.org/img/library.png\r\n\r\n",
        image,
        f"\r\n--{boundary}--\r\n".encode(),
    ]
    return b"".join(parts)


def _record_id(n: int) -> str:
    return f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>"


def warc(records: list[tuple[str, str, int, str, bytes]]) -> bytes:
    """A gzipped WARC of (record type, URI, HTTP status, content type, body) with fixed ids and dates.

    A "response" gets HTTP headers; a "request" is a GET of the URI; the first record is a warcinfo.
    """
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    info = writer.create_warcinfo_record("fixture.warc.gz", {"software": "morgue tests"})
    info.rec_headers.replace_header("WARC-Record-ID", _record_id(0))
    info.rec_headers.replace_header("WARC-Date", "2024-06-13T10:00:00Z")
    writer.write_record(info)
    for n, (kind, uri, status, content_type, body) in enumerate(records, start=1):
        headers = {"WARC-Record-ID": _record_id(n), "WARC-Date": f"2024-06-{13 + n // 10:02d}T10:{n:02d}:00Z"}
        if kind == "request":
            http = StatusAndHeaders(f"GET {uri} HTTP/1.1", [("Host", "example")], is_http_request=True)
        else:
            reason = {200: "OK", 404: "Not Found"}.get(status, "Status")
            http = StatusAndHeaders(
                f"{status} {reason}",
                [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
        record = writer.create_warc_record(
            uri, kind, payload=io.BytesIO(body), length=len(body), http_headers=http, warc_headers_dict=headers
        )
        writer.write_record(record)
    return out.getvalue()


def arc(records: list[tuple[str, str, bytes]]) -> bytes:
    """An uncompressed ARC (version 1) file of (URL, content type, body) HTTP 200 responses."""
    header = b"1 0 Morgue\nURL IP-address Archive-date Content-type Archive-length\n"
    out = b"filedesc://fixture.arc 0.0.0.0 20240101000000 text/plain %d\n" % len(header) + header + b"\n"
    for url, content_type, body in records:
        http = b"HTTP/1.0 200 OK\r\nContent-Type: %s\r\n\r\n%s" % (content_type.encode(), body)
        out += b"%s 192.0.2.1 20240102030405 %s %d\n" % (url.encode(), content_type.encode(), len(http))
        out += http + b"\n"
    return out


def pages_warc() -> bytes:
    """Two articles, plus records that are not articles: a request, an image, a 404 page."""
    return warc(
        [
            ("request", "https://moorpost.example.com/news/wind-farm-approved", 0, "", b""),
            (
                "response",
                "https://moorpost.example.com/news/wind-farm-approved",
                200,
                "text/html; charset=utf-8",
                WARC_PAGE_A.encode("utf-8"),
            ),
            ("response", "https://moorpost.example.com/img/turbine.png", 200, "image/png", PNG),
            (
                "response",
                "https://moorpost.example.com/missing",
                404,
                "text/html",
                b"<html><body><p>Not found, sorry: this page has moved elsewhere.</p></body></html>",
            ),
            (
                "response",
                "https://moorpost.example.com/news/breakfast-clubs",
                200,
                "text/html",
                WARC_PAGE_B.encode("latin-1"),
            ),
        ]
    )


def only_image_warc() -> bytes:
    """A WARC whose only response is an image."""
    return warc([("response", "https://moorpost.example.com/img/turbine.png", 200, "image/png", PNG)])


def build_all() -> dict[Path, bytes]:
    """Every generated fixture, by path."""
    rng = random.Random(20240613)
    junk = bytes(rng.randrange(256) for _ in range(3000))
    page_gz = gzip_bytes(CP1252_PAGE.encode("cp1252"))
    return {
        FORMATS / "page.html.gz": page_gz,
        FORMATS / "page.mhtml": chrome_mhtml(
            MHTML_PAGE,
            "https://aldmoor.example.org/2024/03/04/library-opening-hours/",
            "Library extends opening hours – Aldmoor Today",
            "Mon, 4 Mar 2024 12:30:00 -0000",
        ),
        FORMATS / "pages.warc.gz": pages_warc(),
        BROKEN / "junk.html": junk,
        BROKEN / "truncated.html.gz": page_gz[: len(page_gz) // 2],
        BROKEN / "only-image.warc.gz": only_image_warc(),
        BROKEN / "image.txt": PNG,
        BROKEN / "latin1.txt": "Crème brûlée à la carte\n\nLe café est fermé à Noël, déjà.\n".encode("latin-1"),
        BROKEN / "shift-jis.txt": ("東京の天気は晴れです。明日は雨が降るでしょう。" * 20).encode("shift_jis"),
    }


@dataclass
class Outcome:
    """What read_file did with one file of the corpus."""

    articles: list[Article] = field(default_factory=list)
    unreadable: UnreadableFile | None = None
    crash: BaseException | None = None
    printed: str = ""
    seconds: float = 0.0


class CorpusReader:
    """Reads corpus files once per test session; several tests look at the same pages."""

    def __init__(self) -> None:
        self.outcomes: dict[Path, Outcome] = {}

    def read(self, path: Path) -> Outcome:
        """The outcome of ``read_file`` on a path, reading it on first use."""
        if path not in self.outcomes:
            outcome = Outcome()
            out = io.StringIO()
            start = time.perf_counter()
            with contextlib.redirect_stdout(out):
                try:
                    outcome.articles = read_file(path)
                except UnreadableFile as exc:
                    outcome.unreadable = exc
                except Exception as exc:  # the robustness test reports these
                    outcome.crash = exc
            outcome.seconds = time.perf_counter() - start
            outcome.printed = out.getvalue()
            self.outcomes[path] = outcome
        return self.outcomes[path]

    def article(self, path: Path) -> Article:
        """The first article of a file that must be readable."""
        outcome = self.read(path)
        if outcome.crash is not None:
            raise outcome.crash
        if outcome.unreadable is not None:
            raise outcome.unreadable
        return outcome.articles[0]


def main() -> None:
    """Write the generated fixtures."""
    for path, data in build_all().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


if __name__ == "__main__":
    main()
