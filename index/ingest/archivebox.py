"""ArchiveBox snapshots: ``archive/<timestamp>/index.json`` and the outputs beside it, as one article.

ArchiveBox saves each page with several extractors into one folder per snapshot (its
``canonical_outputs``): ``singlefile.html`` (SingleFile), ``output.html`` (Chrome's DOM),
``wget/<host>/<path>.html``, ``readability/content.html`` and ``mercury/content.html`` (article
text only), ``htmltotext.txt``, and files no reader takes (``screenshot.png``, ``output.pdf``,
``media/``, ``warc/``). Its ``index.json`` is the snapshot: ``url``, ``title``, ``timestamp``
(when the page was added, a Unix time), ``tags`` and ``history`` (each extractor's runs with their
``output`` and ``status``).

The snapshot is read through its ``index.json`` (the scan lists the other files as its outputs,
``folders``): one article from its best output that succeeded (full pages first, as they keep the
byline and the date; then the article-only extracts), with ``index.json``'s URL, title and
timestamp. Its provenance names the output read and ``index.json``, the SHA-256 that of the output.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
from pathlib import Path
from typing import Any

from index.errors import UnreadableFile
from index.ingest import html, text
from index.ingest.common import article_id, as_strings, capture_time, decode_text, site_of, split_authors
from index.model import Article, Provenance

NAME = "archivebox"
EXTENSIONS = (".json",)

# ArchiveBox writes a snapshot's index.json with ``"schema": "Link"`` first (``Link._asdict``).
_SNIFF = re.compile(rb'^\s*\{\s*"schema"\s*:\s*"Link"')
_KEYS = re.compile(rb'"(?:timestamp|history|canonical|archive_path|bookmarked_date|is_archived)"\s*:')
MAX_OUTPUT_BYTES = 64 * 1024 * 1024

# Extractors in the order their output is preferred, with the file each writes.
OUTPUTS = (
    ("singlefile", "singlefile.html"),
    ("dom", "output.html"),
    ("wget", ""),  # the path is in its history: wget/<host>/<path>.html
    ("readability", "readability/content.html"),
    ("mercury", "mercury/content.html"),
    ("htmltotext", "htmltotext.txt"),
)
CAPTURED_FROM = "ArchiveBox timestamp"

log = logging.getLogger(__name__)


def sniff(head: bytes) -> bool:
    """A snapshot's ``index.json``: an object opening with ``"schema": "Link"``, or with its keys."""
    head = head.lstrip(b"\xef\xbb\xbf")
    return bool(_SNIFF.match(head)) or (head.lstrip()[:1] == b"{" and len(set(_KEYS.findall(head))) >= 3)


def is_snapshot_index(path: Path) -> bool:
    """Whether ``path`` is an ArchiveBox snapshot's ``index.json`` (its first 4 KiB say so)."""
    try:
        with open(path, "rb") as f:
            return sniff(f.read(4096))
    except OSError:
        return False


def read(path: Path, data: bytes) -> list[Article]:
    """The snapshot's one article, from its best output, with ``index.json``'s metadata."""
    try:
        link = json.loads(decode_text(data, path))
    except ValueError as exc:
        raise UnreadableFile(path, f"an ArchiveBox index.json that is not valid JSON ({exc})") from exc
    if not isinstance(link, dict) or not link.get("url"):
        raise UnreadableFile(path, "not an ArchiveBox snapshot's index.json (it has no url)")
    folder = path.parent
    tried: list[str] = []
    for method, name in OUTPUTS:
        for output in _outputs(link, method, name):
            file = folder / output
            if not file.is_file():
                continue
            tried.append(output)
            article = _read_output(file, output)
            if article is not None:
                return [_with_link(article, link, path, file, output)]
    if not tried:
        raise UnreadableFile(
            path,
            "this ArchiveBox snapshot holds no output Morgue reads (no singlefile.html, "
            "output.html, wget page, readability or mercury text)",
        )
    raise UnreadableFile(path, f"no text in this ArchiveBox snapshot's outputs ({', '.join(tried)})")


def _outputs(link: dict[str, Any], method: str, name: str) -> list[str]:
    """Where an extractor's output is, unless its latest run failed."""
    history = _dict(link.get("history"))
    runs = [r for r in history.get(method) or () if isinstance(r, dict)]
    runs.sort(key=lambda r: str(r.get("start_ts") or ""), reverse=True)
    if runs and runs[0].get("status") not in (None, "succeeded"):
        return []
    if name:
        return [name]
    # wget's output is a path under the snapshot ("wget/example.org/news/story.html"); older
    # versions wrote it without the "wget/" folder.
    found = [str(r.get("output")) for r in runs if r.get("status") == "succeeded" and r.get("output")]
    canonical = _dict(link.get("canonical"))
    if canonical.get("wget_path"):
        found.append(str(canonical["wget_path"]))
    return [
        f
        for f in dict.fromkeys(found)
        if ".." not in Path(f).parts and not Path(f).is_absolute() and f.lower().endswith((".html", ".htm"))
    ]


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _read_output(file: Path, output: str) -> Article | None:
    """The article of one output, or None when it has no text (the next output is tried)."""
    try:
        if file.stat().st_size > MAX_OUTPUT_BYTES:
            log.warning("%s is too large to import; the next output is tried", file)
            return None
        data = file.read_bytes()
        reader = text if output.endswith(".txt") else html
        articles = reader.read(file, data)
    except UnreadableFile as exc:
        log.info("%s: %s; the next output is tried", file, exc.reason)
        return None
    except OSError as exc:
        log.warning("%s cannot be read (%s); the next output is tried", file, exc.strerror or exc)
        return None
    return articles[0] if articles and articles[0].paragraphs else None


def _with_link(article: Article, link: dict[str, Any], index_json: Path, file: Path, output: str) -> Article:
    """The output's article with the snapshot's URL, title, timestamp and tags, and its provenance."""
    url = str(link.get("url") or "").strip()
    readability = _readability(index_json.parent)
    title = " ".join(str(link.get("title") or "").split())
    if not title or title.startswith(("http://", "https://")):  # ArchiveBox's title before it fetched one
        title = " ".join(str(readability.get("title") or "").split()) or article.title
    site = article.site or str(readability.get("siteName") or "") or site_of(url)
    title = html.tidy_title(title, site)  # the page's <title>: "Story | The Gazette"
    authors = article.authors or tuple(split_authors(as_strings(readability.get("byline"))))
    tags = as_strings(re.split(r"\s*,\s*", link["tags"]) if isinstance(link.get("tags"), str) else link.get("tags"))
    captured = capture_time(link.get("timestamp")) or capture_time(link.get("bookmarked_date"))
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    return dataclasses.replace(
        article,
        id=article_id(url, title, article.paragraphs),
        title=title,
        url=url,
        site=site,
        authors=authors,
        format=NAME,
        source=str(index_json),
        tags=tuple(dict.fromkeys((*article.tags, *tags))),
        captured=captured or article.captured,
        captured_from=CAPTURED_FROM if captured else article.captured_from,
        provenance=Provenance(url=url, files=(str(file), str(index_json)), sha256=digest),
    )


def _readability(folder: Path) -> dict[str, Any]:
    """What Readability found (``readability/article.json``: ``title``, ``byline``, ``siteName``), or {}."""
    try:
        value = json.loads((folder / "readability" / "article.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
