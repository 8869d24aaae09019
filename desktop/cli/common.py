"""What every ``morgue`` subcommand shares: opening the archive, progress on a terminal, JSON output."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from index.errors import ArchiveError
from index.jobs import Progress
from index.model import Hit, SearchResult, Snippet

if TYPE_CHECKING:  # pragma: no cover
    from index.archive import Archive

JSON_VERSION = 1


def open_archive(args: argparse.Namespace) -> Archive:
    """The archive of ``--data`` (or the default data directory); imported late, so ``--help`` stays fast."""
    from index.archive import Archive

    return Archive(args.data)


def parse_filters(values: list[str] | None) -> dict[str, str] | None:
    """``--filter person=NAME`` options as a dict; a malformed one is a user error."""
    if not values:
        return None
    out = {}
    for value in values:
        key, sep, name = value.partition("=")
        if not sep or not key or not name:
            raise ArchiveError(f"--filter {value!r} must look like FACET=VALUE, e.g. person=\"JB Pritzker\".")
        out[key.strip()] = name.strip()
    return out


def shown(path: str) -> str:
    """A file name as the terminal may show it: bytes that are not UTF-8 as ``\\xff``, control
    characters escaped, never raw bytes."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text)


def count(n: int, noun: str) -> str:
    """``1 file``, ``3 files``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


PHASES = {"extracting": "names and quotes"}  # a phase's name on the terminal, if not its own


class ProgressBar:
    """A one-line progress bar on a terminal; plain lines every few seconds elsewhere. When the
    names and quotes phase starts, a line says the articles are searchable already."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr  # the one of now (tests swap it)
        self.tty = self.stream.isatty()
        self._last_line = 0.0
        self._phase = ""
        self._said_searchable = False

    def __call__(self, p: Progress) -> None:
        if p.phase == "extracting" and not self._said_searchable:
            self._said_searchable = True
            self.close()
            self.stream.write(f"The articles are searchable; finding names and quotes in {count(p.total, 'article')} "
                              "(Ctrl+C stops: the rest is found later).\n")
            self.stream.flush()
        if p.phase in ("scanning", "done") or (p.phase in ("reading", "extracting") and p.done == 0):
            return
        phase = PHASES.get(p.phase, p.phase)
        if self.tty:
            width = max(10, min(40, shutil.get_terminal_size().columns - 50))
            filled = int(width * p.fraction)
            detail = shown(Path(p.detail).name)[:30] if p.detail else ""
            self.stream.write(
                f"\r{phase:<9} [{'#' * filled}{'.' * (width - filled)}] {p.done}/{p.total} {detail:<30}"
            )
            self.stream.flush()
        else:
            now = time.monotonic()
            if p.phase != self._phase or now - self._last_line > 5 or p.done == p.total:
                self._last_line = now
                self._phase = p.phase
                self.stream.write(f"{phase}: {p.done} of {p.total}\n")

    def close(self) -> None:
        if self.tty:
            self.stream.write("\r" + " " * (shutil.get_terminal_size().columns - 1) + "\r")
            self.stream.flush()


def snippet_json(snippet: Snippet) -> dict[str, Any]:
    """A snippet as plain text plus the [start, end) offsets of the matches in it."""
    text, matches, pos = [], [], 0
    for run, matched in snippet:
        if matched:
            matches.append([pos, pos + len(run)])
        text.append(run)
        pos += len(run)
    return {"snippet": "".join(text), "matches": matches}


def hit_json(hit: Hit) -> dict[str, Any]:
    """A search hit in the ``morgue search --json`` shape."""
    return {
        "id": hit.id,
        "title": hit.title,
        "date": hit.date.isoformat() if hit.date else None,
        "site": hit.site,
        "url": hit.url,
        "authors": list(hit.authors),
        "format": hit.format,
        "score": round(hit.score, 4),
        **snippet_json(hit.snippet),
    }


def result_json(result: SearchResult) -> dict[str, Any]:
    """A page of results in the ``morgue search --json`` shape."""
    return {
        "version": JSON_VERSION,
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "sort": result.sort,
        "hits": [hit_json(h) for h in result.hits],
        "facets": {k: [[name, n] for name, n in v] for k, v in result.facets.items()},
    }


def highlight(snippet: Snippet, tty: bool) -> str:
    """A snippet with its matches in bold yellow on a terminal, in [brackets] elsewhere."""
    if tty:
        return "".join(f"\x1b[1;33m{t}\x1b[0m" if m else t for t, m in snippet)
    return "".join(f"[{t}]" if m else t for t, m in snippet)


def dump(obj: Any) -> None:
    """Print ``obj`` as indented JSON (UTF-8 as is)."""
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
