"""Web archives in the WACZ package (``.wacz``) of Webrecorder, ArchiveWeb.page and Browsertrix.

A WACZ is a ZIP container of WARC files (``archive/``), indexes, and a pages list
(``pages/pages.jsonl``, and ``pages/extraPages.jsonl`` from a crawl) naming the pages that were
saved, with their titles and capture times. Its WARCs are read with the WARC reader's functions;
when there is a pages list, only the pages on it become articles (not the site's front page, the
assets or redirects the browser fetched along the way), with the list's title and capture time as
fallbacks. The file is read from disk member by member, so it may be as large as a WARC.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import zipfile
from pathlib import Path
from typing import BinaryIO, cast

from index.errors import UnreadableFile
from index.ingest import html, warc
from index.ingest.common import canonical_url, open_zip, unique_articles, with_capture, zip_member
from index.model import Article

NAME = "wacz"
EXTENSIONS = (".wacz",)

_PAGE_LISTS = ("pages/pages.jsonl", "pages/extraPages.jsonl")
MAX_PAGES_LIST_BYTES = 64 * 1024 * 1024

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Page:
    """One entry of the pages list: what the person saved."""

    url: str
    title: str
    captured: str  # ISO 8601, as the list gives it


def sniff(head: bytes) -> bool:
    """A ZIP file whose first entries are WACZ parts (``archive/``, ``pages/``, ``datapackage.json``)."""
    return head.startswith(b"PK\x03\x04") and any(
        name in head for name in (b"datapackage.json", b"pages/pages.jsonl", b"archive/", b"indexes/index.")
    )


def read(path: Path, data: bytes = b"") -> list[Article]:
    """The saved pages of a WACZ file; ``data`` is ignored, the file is read from ``path``."""
    with open_zip(path, None, "WACZ file") as package:
        warcs = [
            info
            for info in package.infolist()
            if info.filename.startswith("archive/") and info.filename.endswith((".warc", ".warc.gz"))
        ]
        if not warcs:
            raise UnreadableFile(path, "not a WACZ file with web pages (no WARC files under archive/)")
        pages = saved_pages(package, path)
        articles: list[Article] = []
        seen = 0
        for info in warcs:
            for markup, url, date in _warc_pages(package, info, path):
                page = pages.get(canonical_url(url)) if pages else None
                if pages and page is None:
                    continue  # fetched along the way, not saved by the person
                seen += 1
                source = f"{path}#{len(articles) + 1}"
                try:
                    article = html.article_from_html(
                        markup,
                        source=source,
                        format=NAME,
                        url=url,
                        date=page.captured if page else date,
                        title=page.title if page else "",
                    )
                    if page and page.captured:
                        article = with_capture(article, page.captured, "WACZ pages")
                    articles.append(article if article.captured else with_capture(article, date, "WARC-Date"))
                except UnreadableFile as exc:
                    log.info("%s: skipping %s: %s", path, url, exc.reason)
    if not articles:
        if seen:
            raise UnreadableFile(path, f"none of the {seen} saved pages in this WACZ file has article text")
        raise UnreadableFile(path, "none of the pages listed in this WACZ file is an HTML page in its WARCs")
    return unique_articles(articles)


def saved_pages(package: zipfile.ZipFile, path: Path) -> dict[str, Page]:
    """The pages lists' entries by canonical URL (the first entry of a URL wins); empty when there is none."""
    names = set(package.namelist())
    pages: dict[str, Page] = {}
    for name in _PAGE_LISTS:
        if name not in names:
            continue
        text = zip_member(package, name, path, MAX_PAGES_LIST_BYTES).decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                log.warning("%s: line %d of %s is not valid JSON; skipped", path, number, name)
                continue
            if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
                continue  # the header line ({"format": "json-pages-1.0", ...})
            page = Page(entry["url"], str(entry.get("title") or ""), str(entry.get("ts") or ""))
            pages.setdefault(canonical_url(page.url) or page.url, page)
    return pages


def _warc_pages(package: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> list[tuple[str, str, str]]:
    """(markup, URL, capture date) of the HTML responses of one WARC in the package.

    A WARC that breaks off keeps the pages read before the break, as the WARC reader does.
    """
    out: list[tuple[str, str, str]] = []
    try:
        with package.open(info) as stream:
            for page in warc._html_pages(path, cast(BinaryIO, stream), [0]):  # a ZipExtFile reads and seeks
                out.append(page)
    except warc._Broken as exc:
        log.warning("%s: %s breaks off after %d pages (%s)", path, info.filename, len(out), exc)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        log.warning("%s: %s cannot be unpacked (%s)", path, info.filename, exc)
    return out
