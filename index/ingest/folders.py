"""Folders that are one capture: the files in them that are read through another file, and why.

The scan asks ``parts_of_captures`` for every folder it walks. What it names is not read on its
own but listed, with its reason, among the files not read:

- a browser's "Save page as… complete": the ``NAME_files`` folder beside ``NAME.html`` holds the
  page's images, scripts and helper pages (ad and widget iframes as ``.html``);
- an ArchiveBox snapshot (``archive/<timestamp>/``): every output beside its ``index.json``,
  which is read as the snapshot's one article (``archivebox``); and ArchiveBox's own files in its
  data folder (``sources/`` lists of links, ``logs/``, the main index);
- an unpacked Omnivore export: its ``content/`` and ``highlights/``, read through the
  ``metadata_N_to_M.json`` beside them (``omnivore``).

Only names are looked at, except one read of the first 4 KiB of a folder's ``index.json`` when
ArchiveBox outputs sit beside it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from index.ingest import archivebox

ASSETS_SUFFIX = "_files"
PAGE_ASSETS = "part of a page saved complete (the NAME_files folder beside NAME.html)"
ARCHIVEBOX_OUTPUT = "an output of an ArchiveBox snapshot, read through the snapshot's index.json"
ARCHIVEBOX_OWN = "ArchiveBox's own file (its imported link lists, logs or main index), not a saved page"
OMNIVORE_PART = "part of an Omnivore export, read through the metadata_N_to_M.json beside it"

_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
# Names that only an ArchiveBox snapshot folder holds beside its index.json.
_ARCHIVEBOX_OUTPUTS = frozenset(
    [
        "singlefile.html",
        "output.html",
        "output.pdf",
        "screenshot.png",
        "htmltotext.txt",
        "headers.json",
        "archive.org.txt",
        "favicon.ico",
        "readability",
        "mercury",
        "wget",
        "media",
        "warc",
        "git",
    ]
)
_ARCHIVEBOX_DATA = frozenset(["ArchiveBox.conf", "index.sqlite3"])
_ARCHIVEBOX_DATA_PARTS = ("sources", "logs", "index.html", "index.json", "index.sqlite3", "ArchiveBox.conf")
_OMNIVORE_METADATA = re.compile(r"^metadata_\d+_to_\d+\.json$")


@dataclass
class Parts:
    """Subfolders (every file below them) and files of one folder not read on their own: name -> reason."""

    folders: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)


def parts_of_captures(folder: Path, dirnames: Collection[str], filenames: Collection[str]) -> Parts:
    """What in ``folder`` belongs to a capture read through another file, with the reason."""
    parts = Parts()
    for d in dirnames:
        stem = d.removesuffix(ASSETS_SUFFIX)
        if d.endswith(ASSETS_SUFFIX) and stem and any(stem + ext in filenames for ext in _PAGE_SUFFIXES):
            parts.folders[d] = PAGE_ASSETS
    names = set(dirnames) | set(filenames)
    if (
        "index.json" in filenames
        and names & _ARCHIVEBOX_OUTPUTS
        and archivebox.is_snapshot_index(folder / "index.json")
    ):
        parts.folders.update((d, ARCHIVEBOX_OUTPUT) for d in dirnames)
        parts.files.update((f, ARCHIVEBOX_OUTPUT) for f in filenames if f != "index.json")
        return parts
    if names & _ARCHIVEBOX_DATA and "archive" in dirnames:
        parts.folders.update((d, ARCHIVEBOX_OWN) for d in dirnames if d in _ARCHIVEBOX_DATA_PARTS)
        parts.files.update((f, ARCHIVEBOX_OWN) for f in filenames if f in _ARCHIVEBOX_DATA_PARTS)
    if any(_OMNIVORE_METADATA.match(f) for f in filenames):
        parts.folders.update((d, OMNIVORE_PART) for d in dirnames if d in ("content", "highlights"))
    return parts
