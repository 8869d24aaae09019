"""Builders of the format fixtures that are not written by an installed program (see tests/fixtures/formats/README.md).

The PDF, DOCX and EPUB fixtures come from LibreOffice and pandoc and the WACZ from Webrecorder's
``wacz`` tool; this module writes the rest, reproducibly::

    .venv/bin/python tests/index/ingest/formats_fixtures.py

and ``crawl_warc()`` is the WARC the WACZ was made from.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
import zlib
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from ingest_fixtures import FORMATS, PNG, warc

HOME_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The Carrow Chronicle</title>
</head><body><nav><a href="/news/">News</a> <a href="/sport/">Sport</a></nav><main>
<h2><a href="/news/lifeboat-station">Lifeboat station saved by village appeal</a></h2>
<p>Villagers raised enough in six weeks to keep the Carrow lifeboat station open for ten more years.</p>
<h2><a href="/news/bus-route-returns">Bus route 41 returns after two years</a></h2>
<p>The bus between Carrow and Aldmoor runs again from Monday, on a new timetable.</p>
</main></body></html>
"""

LIFEBOAT_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Lifeboat station saved by village appeal | The Carrow Chronicle</title>
<meta name="author" content="Owen Pryce">
<meta property="article:published_time" content="2024-07-02T08:00:00Z">
<meta property="og:site_name" content="The Carrow Chronicle">
</head><body><nav><a href="/">Home</a></nav><article>
<h1>Lifeboat station saved by village appeal</h1>
<p>Villagers in Carrow raised £212,000 in six weeks to keep their lifeboat station open, the
charity that runs it said on Tuesday, after it had warned that the station would close in
September.</p>
<p>"We were told the boathouse was too old to repair," said the station's coxswain, Megan Lloyd.
"The village did not accept that, and neither did we."</p>
<p>The money will pay for a new slipway and a roof. Work starts in October.</p>
</article></body></html>
"""

# No date in the page: the capture time from the WACZ's pages list is the fallback.
BUS_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Bus route 41 returns after two years</title>
</head><body><article>
<h1>Bus route 41 returns after two years</h1>
<p>The bus between Carrow and Aldmoor runs again from Monday, two years after the operator
withdrew it, on a timetable paid for by the county council.</p>
<p>Buses will run every ninety minutes from seven in the morning until seven at night.</p>
<p>The council said the service would be reviewed after twelve months.</p>
</article></body></html>
"""


def crawl_warc() -> bytes:
    """A small browsing session: the front page, two articles, an image and a redirect."""
    return warc(
        [
            ("response", "https://chronicle.example.net/", 200, "text/html; charset=utf-8", HOME_PAGE.encode()),
            (
                "response",
                "https://chronicle.example.net/news/lifeboat-station",
                200,
                "text/html; charset=utf-8",
                LIFEBOAT_PAGE.encode(),
            ),
            ("response", "https://chronicle.example.net/img/boat.png", 200, "image/png", PNG),
            ("response", "https://chronicle.example.net/bus", 301, "text/html", b"<html><body>Moved</body></html>"),
            (
                "response",
                "https://chronicle.example.net/news/bus-route-returns",
                200,
                "text/html; charset=utf-8",
                BUS_PAGE.encode(),
            ),
        ]
    )


def crawl_pages() -> bytes:
    """The pages list the person saved (as ArchiveWeb.page writes it): the two articles, not the front page."""
    lines = [
        {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"},
        {
            "id": "c1d6e0f2a3b44c5d8e9f000000000001",
            "url": "https://chronicle.example.net/news/lifeboat-station",
            "ts": "2024-06-13T10:02:00Z",
            "title": "Lifeboat station saved by village appeal | The Carrow Chronicle",
        },
        {
            "id": "c1d6e0f2a3b44c5d8e9f000000000002",
            "url": "https://chronicle.example.net/news/bus-route-returns",
            "ts": "2024-06-13T10:05:00Z",
            "title": "Bus route 41 returns after two years",
        },
    ]
    return "".join(json.dumps(line) + "\n" for line in lines).encode()


def press_release_eml() -> bytes:
    """A press release as a mail client saves it: multipart/alternative, plain text and HTML."""
    msg = EmailMessage()
    msg["From"] = "Varrow Water Press Office <press@varrowwater.example.com>"
    msg["To"] = "newsdesk@moorpost.example.com"
    msg["Subject"] = "PRESS RELEASE: Hosepipe ban lifted across the Varrow valley"
    msg["Date"] = format_datetime(dt.datetime(2024, 8, 29, 11, 5, 0, tzinfo=dt.UTC))
    msg["Message-ID"] = "<20240829110500.4471@varrowwater.example.com>"
    plain = (
        "Hosepipe ban lifted across the Varrow valley\n\n"
        "Varrow Water will lift the hosepipe ban in all of its supply area from Monday 2 September,\n"
        "after three weeks of rain brought its reservoirs back to 84 per cent of capacity.\n\n"
        '"We thank our customers for saving water through a very dry summer," said the company\'s\n'
        "operations director, Alun Rees.\n\n"
        "Notes to editors: Varrow Water supplies 310,000 homes in the Varrow and Carrow valleys.\n"
    )
    msg.set_content(plain)
    html = "".join(f"<p>{p}</p>" for p in plain.replace("\n\n", "\0").replace("\n", " ").split("\0"))
    msg.add_alternative(f"<html><body>{html}</body></html>", subtype="html")
    msg["Content-Language"] = "en-GB"  # after the parts: set_content() drops Content-* headers
    msg.set_boundary("===============morgue-fixture-0001==")
    return msg.as_bytes()


WALLABAG_CONTENT = (
    "<p>The county's new library van will visit twenty-two villages every fortnight from October, "
    "the council said on Thursday.</p>"
    "<p>The van carries three thousand books and has a ramp for wheelchairs. It replaces a vehicle "
    "that was retired in 2019.</p>"
    "<p>“For many older people in the hills this is the only library they can reach,” said "
    "Councillor Nia Hughes.</p>"
)


def wallabag_export() -> bytes:
    """Two entries as Wallabag 2's "Export: JSON" writes them, one with two annotations."""
    entries = [
        {
            "is_archived": 1,
            "is_starred": 0,
            "tags": ["libraries", "rural"],
            "is_public": False,
            "id": 41,
            "title": "Library van to reach twenty-two villages",
            "url": "https://hillsgazette.example.org/news/2024/09/library-van",
            "given_url": "https://hillsgazette.example.org/news/2024/09/library-van?utm_source=feed",
            "content": WALLABAG_CONTENT,
            "created_at": "2024-09-13T07:41:02+00:00",
            "updated_at": "2024-09-14T18:02:11+00:00",
            "published_at": "2024-09-12T16:00:00+00:00",
            "published_by": ["Gwen Morgan", "Idris Bell"],
            "starred_at": None,
            "annotations": [
                {
                    "user": "journalist",
                    "annotator_schema_version": "v1.0",
                    "id": 7,
                    "text": "Check the 2019 retirement date with the council",
                    "created_at": "2024-09-14T18:01:40+00:00",
                    "updated_at": "2024-09-14T18:01:40+00:00",
                    "quote": "It replaces a vehicle that was retired in 2019.",
                    "ranges": [{"start": "/p[2]", "startOffset": "50", "end": "/p[2]", "endOffset": "98"}],
                },
                {
                    "user": "journalist",
                    "annotator_schema_version": "v1.0",
                    "id": 8,
                    "text": "",
                    "created_at": "2024-09-14T18:02:05+00:00",
                    "updated_at": "2024-09-14T18:02:05+00:00",
                    "quote": "For many older people in the hills this is the only library they can reach",
                    "ranges": [{"start": "/p[3]", "startOffset": "1", "end": "/p[3]", "endOffset": "77"}],
                },
            ],
            "mimetype": "text/html; charset=utf-8",
            "language": "en",
            "reading_time": 1,
            "domain_name": "hillsgazette.example.org",
            "preview_picture": None,
            "http_status": "200",
            "headers": {"content-type": "text/html; charset=utf-8"},
            "origin_url": None,
        },
        {
            "is_archived": 0,
            "is_starred": 1,
            "tags": [],
            "is_public": False,
            "id": 42,
            "title": "Quarry expansion refused on appeal",
            "url": "https://hillsgazette.example.org/news/2024/09/quarry-appeal",
            "given_url": "https://hillsgazette.example.org/news/2024/09/quarry-appeal",
            "content": "<p>A planning inspector has refused the appeal of Carn Stone against the council's "
            "decision to block the expansion of its quarry at Moel Fach.</p><p>The company said it "
            "was disappointed and would study the decision.</p>",
            "created_at": "2024-09-20T12:00:00+00:00",
            "updated_at": "2024-09-20T12:00:00+00:00",
            "published_at": None,
            "published_by": [],
            "annotations": [],
            "mimetype": "text/html",
            "language": "en_GB",
            "reading_time": 1,
            "domain_name": "hillsgazette.example.org",
        },
    ]
    return json.dumps(entries, indent=4, ensure_ascii=False).encode()


OMNIVORE_METADATA = [
    {
        "id": "6f1e2d3c-0000-4000-8000-00000000a001",
        "slug": "harbour-wall-repairs-to-start-in-spring-18f2a1b3c4d",
        "title": "Harbour wall repairs to start in spring",
        "description": "The council has found the money to repair the storm-damaged harbour wall.",
        "author": "Sian Evans",
        "url": "https://portelwin.example.com/2024/11/harbour-wall-repairs",
        "state": "Archived",
        "readingProgress": 100,
        "thumbnail": "https://portelwin.example.com/img/wall.jpg",
        "labels": ["harbour", "council"],
        "savedAt": "2024-11-19T20:14:03.000Z",
        "updatedAt": "2024-11-20T08:00:00.000Z",
        "publishedAt": "2024-11-18T00:00:00.000Z",
    },
    {
        "id": "6f1e2d3c-0000-4000-8000-00000000a002",
        "slug": "no-content-saved-18f2a1b3c4e",
        "title": "A link whose content Omnivore never fetched",
        "description": "",
        "author": None,
        "url": "https://portelwin.example.com/2024/11/unfetched",
        "state": "Succeeded",
        "readingProgress": 0,
        "thumbnail": None,
        "labels": [],
        "savedAt": "2024-11-21T10:00:00.000Z",
        "updatedAt": "2024-11-21T10:00:00.000Z",
        "publishedAt": None,
    },
]

OMNIVORE_CONTENT = """<div class="page" id="readability-page-1"><div>
<p>Repairs to the harbour wall at Port Elwin, damaged in the storms of last winter, will start in
March after the council agreed to pay £1.2 million towards the work.</p>
<p>The wall protects forty houses on Quay Street. Sandbags have lined it since January.</p>
<p>"People have waited long enough," said the harbour master, Rhodri Jones.</p>
</div></div>
"""

OMNIVORE_HIGHLIGHTS = """> The wall protects forty houses on Quay Street.

#flood-risk

Ask the council for the list of the forty houses.

> "People have waited long enough," said the harbour master, Rhodri Jones.
"""


def omnivore_export() -> bytes:
    """Omnivore's export ZIP: ``metadata_0_to_1.json``, ``content/<slug>.html``, ``highlights/<slug>.md``."""
    out = io.BytesIO()
    slug = str(OMNIVORE_METADATA[0]["slug"])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (
            ("metadata_0_to_1.json", json.dumps(OMNIVORE_METADATA, indent=2)),
            (f"content/{slug}.html", OMNIVORE_CONTENT),
            (f"highlights/{slug}.md", OMNIVORE_HIGHLIGHTS),
        ):
            info = zipfile.ZipInfo(name, date_time=(2024, 11, 30, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
    return out.getvalue()


def pocket_export() -> bytes:
    """Pocket's ``ril_export.html``: links, their tags and when they were saved, and no text."""
    return b"""<!DOCTYPE html>
<html>
\t<!--So long and thanks for all the fish-->
\t<head>
\t\t<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
\t\t<title>Pocket Export</title>
\t</head>
\t<body>
\t\t<h1>Unread</h1>
\t\t<ul>
\t\t\t<li><a href="https://portelwin.example.com/2024/11/harbour-wall-repairs" time_added="1732047243" \
tags="harbour">Harbour wall repairs to start in spring</a></li>
\t\t\t<li><a href="https://hillsgazette.example.org/news/2024/09/library-van" time_added="1726213262" \
tags="">Library van to reach twenty-two villages</a></li>
\t\t</ul>
\t\t<h1>Read Archive</h1>
\t\t<ul>
\t\t\t<li><a href="https://moorpost.example.com/news/wind-farm-approved" time_added="1718186400" \
tags="energy">Wind farm plan wins approval</a></li>
\t\t</ul>
\t</body>
</html>
"""


def image_pdf(pgm: bytes) -> bytes:
    """A one-page PDF holding only a greyscale image (a PGM's pixels): a scan, with no text layer."""
    magic, size, _maxval, pixels = pgm.split(b"\n", 3)
    assert magic == b"P5"
    width, height = (int(x) for x in size.split())
    image = zlib.compress(pixels, 9)
    w_pt, h_pt = width * 72 / 150, height * 72 / 150  # scanned at 150 dpi
    content = f"q {w_pt:.2f} 0 0 {h_pt:.2f} 0 0 cm /Im0 Do Q".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w_pt:.2f} {h_pt:.2f}] "
        "/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>".encode(),
        f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray "
        f"/BitsPerComponent 8 /Filter /FlateDecode /Length {len(image)} >>\nstream\n".encode()
        + image
        + b"\nendstream",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
        b"<< /Producer (morgue tests: formats_fixtures.image_pdf) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def archivebox_folder() -> dict[Path, bytes]:
    """An ArchiveBox data folder with two snapshots, by path (see the README for the layout it follows)."""
    root = FORMATS / "archivebox"
    files: dict[Path, bytes] = {}

    def put(path: Path, data: str | bytes) -> None:
        files[path] = data.encode() if isinstance(data, str) else data

    A = root / "archive" / "1573553040.0"
    B = root / "archive" / "1573640400.0"

    URL = "https://harbourgazette.example/news/2019/11/dredging-plan-approved"
    TITLE = "Harbour dredging plan approved after two-year dispute"
    BODY = [
        "The port authority approved a plan on Monday to dredge the inner harbour at Kessock, ending a two-year "
        "dispute with fishermen who feared the work would disturb the mussel beds.",
        "“We have listened, and the plan we approved today is smaller than the one we first put forward,” said "
        "Morag Lindqvist, the authority's chair.",
        "The dredging will deepen the channel by two metres so that the ferry can berth at low tide. Work starts "
        "in March and is expected to take eleven weeks.",
        "The Kessock Fishermen's Association said it would watch the work closely. “A smaller plan is still a "
        "plan,” its secretary, Ewan Galbraith, said.",
    ]
    paras = "\n".join(f"<p>{p}</p>" for p in BODY)

    def page(extra_head: str = "", comment: str = "") -> str:
        return f"""<!DOCTYPE html> <html lang="en">{comment}<head><meta charset="utf-8">
<title>{TITLE} | The Harbour Gazette</title>
<meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="The Harbour Gazette">
<meta name="author" content="Iona Farquhar">
<meta property="article:published_time" content="2019-11-11T17:30:00Z">
<link rel="canonical" href="{URL}">{extra_head}
</head><body>
<header><nav><a href="https://harbourgazette.example/">The Harbour Gazette</a> <a href="/news">News</a>
<a href="/sport">Sport</a></nav></header>
<article>
<h1>{TITLE}</h1>
<p class="byline">By Iona Farquhar</p>
<time datetime="2019-11-11T17:30:00Z">11 November 2019</time>
{paras}
</article>
<footer><p>© 2019 The Harbour Gazette. All rights reserved.</p></footer>
</body></html>
"""

    put(
        A / "singlefile.html",
        page(
            comment="<!--\n Page saved with SingleFile \n url: https://harbourgazette.example/news/2019/11/"
            "dredging-plan-approved \n saved date: Tue Nov 12 2019 10:04:12 GMT+0000 (Coordinated Universal Time)\n-->"
        ),
    )
    put(A / "output.html", page(extra_head='\n<script src="https://harbourgazette.example/static/app.js"></script>'))
    put(A / "wget/harbourgazette.example/news/2019/11/dredging-plan-approved.html", page())
    content = f'<div id="readability-page-1" class="page"><div>\n<h2>{TITLE}</h2>\n{paras}\n</div></div>\n'
    put(A / "readability/content.html", content)
    put(A / "readability/content.txt", "\n\n".join(BODY) + "\n")
    put(
        A / "readability/article.json",
        json.dumps(
            {
                "title": TITLE,
                "byline": "By Iona Farquhar",
                "dir": None,
                "lang": "en",
                "length": 812,
                "excerpt": BODY[0][:120],
                "siteName": "The Harbour Gazette",
                "textContent": "\n".join(BODY),
            },
            indent=4,
            ensure_ascii=False,
        )
        + "\n",
    )
    put(A / "mercury/content.html", f"<div>{paras}</div>\n")
    put(A / "mercury/content.txt", "\n\n".join(BODY) + "\n")
    put(
        A / "mercury/article.json",
        json.dumps(
            {
                "title": TITLE,
                "author": "Iona Farquhar",
                "date_published": "2019-11-11T17:30:00.000Z",
                "domain": "harbourgazette.example",
                "url": URL,
                "word_count": 150,
                "direction": "ltr",
            },
            indent=4,
            ensure_ascii=False,
        )
        + "\n",
    )
    put(A / "htmltotext.txt", TITLE + "\n" + "\n".join(BODY) + "\n")
    put(
        A / "headers.json",
        json.dumps({"Content-Type": "text/html; charset=utf-8", "Server": "nginx", "Status-Code": "200"}, indent=4)
        + "\n",
    )
    put(A / "media/media.json", "{}\n")

    put(A / "screenshot.png", PNG)  # Chrome's screenshot; any PNG stands in for it
    put(A / "favicon.ico", b"\x00\x00\x01\x00\x01\x00\x01\x01\x00\x00\x01\x00\x18\x00")
    put(A / "archive.org.txt", "https://web.archive.org/web/20191112100415/" + URL + "\n")
    put(
        A / "index.html",
        f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}</title></head>
    <body><header><h1>ArchiveBox snapshot</h1></header><p>Archived 2019-11-12 10:04 from <a href="{URL}">{URL}</a>.</p>
    <ul><li><a href="singlefile.html">SingleFile</a></li><li><a href="output.html">HTML</a></li>
    <li><a href="readability/content.html">Readability</a></li><li><a href="screenshot.png">Screenshot</a></li></ul>
    </body></html>
    """,
    )

    def run(extractor, output, status="succeeded", start="2019-11-12T10:04:05.000000+00:00", cmd=None):
        return [
            {
                "schema": "ArchiveResult",
                "cmd": cmd or [extractor],
                "pwd": "/data/archive/SNAP",
                "cmd_version": "0.7.2",
                "output": output,
                "status": status,
                "start_ts": start,
                "end_ts": start.replace(":05.", ":09."),
                "index_texts": None,
            }
        ]

    def link(url, title, ts, history, tags, wget_path):
        canonical = {
            "index_path": "index.html",
            "favicon_path": "favicon.ico",
            "google_favicon_path": "https://www.google.com/s2/favicons?domain=harbourgazette.example",
            "wget_path": wget_path,
            "warc_path": "warc/",
            "singlefile_path": "singlefile.html",
            "readability_path": "readability/content.html",
            "mercury_path": "mercury/content.html",
            "htmltotext_path": "htmltotext.txt",
            "pdf_path": "output.pdf",
            "screenshot_path": "screenshot.png",
            "dom_path": "output.html",
            "archive_org_path": "https://web.archive.org/web/" + url.split("://")[1],
            "git_path": "git/",
            "media_path": "media/",
            "headers_path": "headers.json",
        }
        return {
            "schema": "Link",
            "url": url,
            "timestamp": ts,
            "title": title,
            "tags": tags,
            "sources": ["/data/sources/1573553000-import.txt"],
            "history": history,
            "updated": "2019-11-12T10:05:01.000000+00:00",
            "base_url": url.split("://")[1],
            "domain": "harbourgazette.example",
            "scheme": "https",
            "basename": url.rsplit("/", 1)[1],
            "path": "/" + url.split("/", 3)[3],
            "bookmarked_date": "2019-11-12 10:04",
            "updated_date": "2019-11-12 10:05",
            "oldest_archive_date": "2019-11-12 10:04",
            "newest_archive_date": "2019-11-12 10:05",
            "is_static": False,
            "is_archived": True,
            "num_outputs": sum(1 for v in history.values() for r in v if r["status"] == "succeeded"),
            "num_failures": sum(1 for v in history.values() for r in v if r["status"] == "failed"),
            "latest": {k: v[0]["output"] if v[0]["status"] == "succeeded" else None for k, v in history.items()},
            "canonical": canonical,
            "archive_path": "archive/" + ts,
            "link_dir": "/data/archive/" + ts,
            "hash": "",
            "extension": "",
        }

    WGET = "wget/harbourgazette.example/news/2019/11/dredging-plan-approved.html"
    history = {
        "title": run("title", TITLE),
        "favicon": run("favicon", "favicon.ico"),
        "headers": run("headers", "headers.json"),
        "singlefile": run("singlefile", "singlefile.html"),
        "pdf": run("pdf", None, "failed"),
        "screenshot": run("screenshot", "screenshot.png"),
        "dom": run("dom", "output.html"),
        "wget": run("wget", WGET),
        "readability": run("readability", "readability"),
        "mercury": run("mercury", "mercury"),
        "htmltotext": run("htmltotext", "htmltotext.txt"),
        "media": run("media", "media"),
        "archive_org": run("archive_org", "https://web.archive.org/web/20191112100415/" + URL),
    }
    put(
        A / "index.json",
        json.dumps(
            link(URL, TITLE + " | The Harbour Gazette", "1573553040.0", history, "harbour,kessock", WGET),
            indent=4,
            ensure_ascii=False,
        )
        + "\n",
    )

    # A second snapshot: SingleFile and Chrome failed (a paywall's script), wget was off; Readability's
    # extract is what there is, and ArchiveBox never fetched a title (it shows the URL).
    URL2 = "https://harbourgazette.example/news/2019/11/ferry-timetable"
    BODY2 = [
        "The winter ferry timetable starts on Saturday, with the last crossing from Kessock at half past six "
        "instead of eight.",
        "The operator said fewer than twenty passengers a night used the late sailings last winter.",
    ]
    put(
        B / "readability/content.html",
        '<div id="readability-page-1" class="page"><div>\n'
        + "\n".join(f"<p>{p}</p>" for p in BODY2)
        + "\n</div></div>\n",
    )
    put(
        B / "readability/article.json",
        json.dumps(
            {
                "title": "Winter ferry timetable cuts late crossings",
                "byline": "By Calum Drummond",
                "lang": "en",
                "siteName": "The Harbour Gazette",
                "textContent": "\n".join(BODY2),
            },
            indent=4,
        )
        + "\n",
    )
    hist2 = {
        "singlefile": run("singlefile", "singlefile.html", "failed", "2019-11-13T10:20:05.000000+00:00"),
        "dom": run("dom", "output.html", "failed", "2019-11-13T10:20:05.000000+00:00"),
        "readability": run("readability", "readability", start="2019-11-13T10:20:05.000000+00:00"),
    }
    put(B / "index.json", json.dumps(link(URL2, URL2, "1573640400.0", hist2, "", ""), indent=4) + "\n")

    put(
        root / "ArchiveBox.conf",
        "[SERVER_CONFIG]\nBIND_ADDR = 127.0.0.1:8000\n\n[ARCHIVE_METHOD_TOGGLES]\n"
        "SAVE_WGET = True\nSAVE_WARC = False\n",
    )
    put(root / "sources" / "1573553000-import.txt", URL + "\n" + URL2 + "\n")
    put(root / "logs" / "errors.log", "[2019-11-13 10:20:09] singlefile failed: net::ERR_BLOCKED_BY_CLIENT\n")
    put(
        root / "index.html",
        "<!DOCTYPE html><html><head><title>Archived Sites</title></head><body><table>"
        f'<tr><td><a href="archive/1573553040.0/index.html">{TITLE}</a></td></tr>'
        f'<tr><td><a href="archive/1573640400.0/index.html">{URL2}</a></td></tr>'
        "</table></body></html>\n",
    )
    return files


def build_all() -> dict[Path, bytes]:
    """Every fixture this module writes, by path."""
    return {
        FORMATS / "press-release.eml": press_release_eml(),
        FORMATS / "wallabag-export.json": wallabag_export(),
        FORMATS / "omnivore-export.zip": omnivore_export(),
        FORMATS / "ril_export.html": pocket_export(),
        **archivebox_folder(),
    }


def main() -> None:
    """Write the fixtures."""
    for path, data in build_all().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


if __name__ == "__main__":
    main()
