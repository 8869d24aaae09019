"""The three export formats of bookmarks, Markdown, CSV and JSON, in one flat shape (see the package's docstring)."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any, Literal

from index.bookmarks.bookmark import Bookmark, parse_time, utc_now
from index.errors import ArchiveError

log = logging.getLogger(__name__)

JSON_VERSION = 1

FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Bookmark))


def to_dict(b: Bookmark) -> dict[str, Any]:
    """A bookmark in the documented flat JSON shape (see ``index.bookmarks``)."""
    d: dict[str, Any] = {}
    for name in FIELDS:
        value = getattr(b, name)
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        d[name] = value
    return d


def from_dict(d: dict[str, Any]) -> Bookmark:
    """The inverse of ``to_dict``."""
    kw: dict[str, Any] = {k: d.get(k) for k in FIELDS if k in d}
    kw["date"] = dt.date.fromisoformat(d["date"]) if d.get("date") else None
    for k in ("created", "updated"):
        kw[k] = parse_time(d.get(k))
    kw["authors"] = tuple(d.get("authors") or ())
    kw["tags"] = tuple(d.get("tags") or ())
    kw["article_missing"] = bool(d.get("article_missing"))
    for k in ("note", "title", "site", "url", "captured", "captured_from", "file", "sha256"):
        kw[k] = kw.get(k) or ""
    return Bookmark(**kw)


def to_json(bookmarks: Iterable[Bookmark], *, exported: dt.datetime | None = None) -> str:
    """Bookmarks as a JSON document: ``{"version", "exported", "count", "bookmarks": [...]}``."""
    items = [to_dict(b) for b in bookmarks]
    doc = {"version": JSON_VERSION, "exported": (exported or utc_now()).isoformat(), "count": len(items),
           "bookmarks": items}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def from_json(text: str) -> list[Bookmark]:
    """Bookmarks from ``to_json``'s output."""
    doc = json.loads(text)
    if not isinstance(doc, dict) or doc.get("version") != JSON_VERSION:
        raise ArchiveError(f"Not a Morgue bookmarks file of version {JSON_VERSION}.")
    return [from_dict(d) for d in doc["bookmarks"]]


# A cell starting with one of these is a formula to spreadsheets: it gets a leading apostrophe,
# which ``from_csv`` removes again (so a round trip is exact).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
_LIST_SEP = "; "
_TEXT_FIELDS = frozenset({"text", "article_id", "title", "site", "url", "speaker", "author", "handle", "platform",
                          "post_url", "note", "tags", "authors", "speaker_corrected_from", "captured",
                          "captured_from", "file", "sha256"})


def _join_list(items: Iterable[str]) -> str:
    """Items joined with ``"; "``; a backslash or a semicolon inside an item is backslash-escaped."""
    return _LIST_SEP.join(i.replace("\\", "\\\\").replace(";", "\\;") for i in items)


def _split_list(text: str) -> list[str]:
    """The inverse of ``_join_list``."""
    items: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i + 1])
            i += 2
            continue
        if ch == ";":
            items.append("".join(current))
            current = []
            i += 2 if text[i + 1 : i + 2] == " " else 1
            continue
        current.append(ch)
        i += 1
    if current or items:
        items.append("".join(current))
    return [x for x in items if x]


def _csv_cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = _join_list(value)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    value = str(value)
    if name in _TEXT_FIELDS and value.startswith(_FORMULA_START):
        value = "'" + value
    return value


def to_csv(bookmarks: Iterable[Bookmark]) -> str:
    """Bookmarks as CSV (UTF-8 text, a header row, one row per bookmark; safe to open in a spreadsheet)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for b in bookmarks:
        d = to_dict(b)
        writer.writerow([_csv_cell(k, d[k]) for k in FIELDS])
    return out.getvalue()


def from_csv(text: str) -> list[Bookmark]:
    """Bookmarks from ``to_csv``'s output."""
    out = []
    for row in csv.DictReader(io.StringIO(text)):
        d: dict[str, Any] = {}
        for k, v in row.items():
            if k in _TEXT_FIELDS and v.startswith("'") and v[1:].startswith(_FORMULA_START):
                v = v[1:]
            d[k] = v
        for k in ("id", "paragraph", "start", "end", "quote_index", "post_index", "page"):
            d[k] = int(d[k]) if d.get(k) else None
        # A corrected speaker that was unknown before reads back as not corrected (CSV has no null).
        for k in ("speaker", "author", "handle", "platform", "post_url", "speaker_corrected_from"):
            d[k] = d.get(k) or None
        d["tags"] = _split_list(d.get("tags") or "")
        d["authors"] = _split_list(d.get("authors") or "")
        d["article_missing"] = d.get("article_missing") == "true"
        out.append(from_dict(d))
    return out


def _md_escape(text: str) -> str:
    """Text safe inside Markdown: characters that would start markup are backslash-escaped."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _md_code_spans(text: str) -> str:
    """Text safe inside Markdown whose `code` spans (a citation's file and SHA-256) stay code spans."""
    parts = re.split(r"(`[^`\n]+`)", text)
    return "".join(p if p.startswith("`") and p.endswith("`") and len(p) > 1 else _md_escape(p) for p in parts)


def to_markdown(bookmarks: Iterable[Bookmark], *, title: str = "Bookmarks", exported: dt.datetime | None = None) -> str:
    """Bookmarks as a Markdown document: each one quoted, with who, note, tags and a citation."""
    when = exported or utc_now()
    items = list(bookmarks)
    lines = [f"# {_md_escape(title)}", "", f"{len(items)} bookmark{'s' if len(items) != 1 else ''}, "
             f"exported from Morgue on {when.date().isoformat()}.", ""]
    for b in items:
        label = {"quote": "Quote", "post": "Post", "passage": "Passage"}[b.kind]
        who = f" — {b.who}" if b.who else ""
        if b.speaker_corrected and b.kind == "quote":
            who += " (corrected)" if b.who else " — speaker cleared (corrected)"
        lines.append(f"## {b.id}. {label}{_md_escape(who)}")
        lines.append("")
        for para in b.text.split("\n") if b.text else [""]:
            lines.append(f"> {_md_escape(para)}" if para else ">")
        lines.append("")
        if b.note:
            lines.append(f"**Note:** {_md_escape(b.note)}")
            lines.append("")
        if b.tags:
            lines.append("**Tags:** " + ", ".join(_md_escape(t) for t in b.tags))
            lines.append("")
        lines.append(f"**Source:** {_md_code_spans(b.citation())}")
        lines.append("")
        if b.article_missing:
            lines.append("*The article is no longer in the archive; the text above is the copy kept with the "
                         "bookmark.*")
            lines.append("")
    return "\n".join(lines)


def export(bookmarks: Iterable[Bookmark], path: Path | str, fmt: Literal["md", "csv", "json"], *,
           title: str = "Bookmarks") -> Path:
    """Write bookmarks to ``path`` as Markdown, CSV or JSON, atomically. Raises ``ExportFailed``."""
    from index.errors import ExportFailed

    items = list(bookmarks)
    if fmt == "md":
        text = to_markdown(items, title=title)
    elif fmt == "csv":
        text = to_csv(items)
    elif fmt == "json":
        text = to_json(items)
    else:
        raise ExportFailed(f"Unknown export format {fmt!r}: use md, csv or json.")
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ExportFailed(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    log.info("exported %d bookmarks to %s", len(items), path)
    return path
