"""A PDF outline (the bookmarks pane of a PDF reader) added to a finished PDF, in pure Python.

Qt's ``QPdfWriter`` writes named destinations for the anchors of a ``QTextDocument`` (``<a
name="s1">``) but no outline, and has no API for one (checked on Qt 6.11). This module appends a
standard PDF *incremental update* (ISO 32000-1, 7.5.6) to the file: the outline's objects, a new
version of the document catalog pointing at them, a cross-reference section and a trailer whose
``/Prev`` points at the original one. The bytes Qt wrote are left untouched.

Outline items point at the named destinations, so no page geometry is needed here. Only PDFs
with a classic cross-reference table (what Qt writes) are handled; anything else is left as it is.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from index.errors import OutlineError

log = logging.getLogger(__name__)


class OutlineNode(Protocol):
    """What an outline is made of: ``index.export.TocEntry`` has this shape."""

    @property
    def title(self) -> str: ...

    @property
    def anchor(self) -> str: ...

    @property
    def children(self) -> Sequence[OutlineNode]: ...


def pdf_text(text: str) -> bytes:
    """A PDF text string as hex UTF-16BE with a byte order mark (safe for any script)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


_TAIL = 4096


def _read_trailer(f) -> tuple[int, dict[str, bytes]]:  # type: ignore[no-untyped-def]
    """The offset of the last cross-reference section and the entries of its trailer."""
    f.seek(0, os.SEEK_END)
    size = f.tell()
    f.seek(max(0, size - _TAIL))
    tail = f.read()
    m = list(re.finditer(rb"startxref\s+(\d+)\s+%%EOF", tail))
    if not m:
        raise OutlineError("no startxref at the end of the file")
    startxref = int(m[-1].group(1))
    f.seek(startxref)
    head = f.read(6)
    if head[:4] != b"xref":
        raise OutlineError("the cross-reference section is a stream (not written by Qt?)")
    # The trailer follows the xref table: read forward until "startxref".
    f.seek(startxref)
    chunk = b""
    while b"startxref" not in chunk:
        more = f.read(1 << 16)
        if not more:
            raise OutlineError("no trailer after the cross-reference table")
        chunk += more
    t = re.search(rb"trailer\s*<<(.*?)>>\s*startxref", chunk, re.S)
    if not t:
        raise OutlineError("no trailer dictionary")
    body = t.group(1)
    entries: dict[str, bytes] = {}
    for key in (b"Size", b"Root", b"Info"):
        km = re.search(rb"/" + key + rb"\s+(\d+(?:\s+\d+\s+R)?)", body)
        if km:
            entries[key.decode()] = km.group(1)
    idm = re.search(rb"/ID\s*(\[.*?\])", body, re.S)
    if idm:
        entries["ID"] = idm.group(1)
    if "Size" not in entries or "Root" not in entries:
        raise OutlineError("the trailer has no /Size or /Root")
    entries["_xref"] = chunk[: t.start()]
    return startxref, entries


def _object_offset(xref: bytes, number: int) -> int:
    """The byte offset of object ``number`` from a classic cross-reference table."""
    lines = xref.split(b"\n")
    i = 1  # skip "xref"
    while i < len(lines):
        head = lines[i].split()
        i += 1
        if len(head) != 2:
            continue
        first, count = int(head[0]), int(head[1])
        if first <= number < first + count:
            entry = lines[i + number - first].split()
            if len(entry) < 3 or entry[2] != b"n":
                raise OutlineError(f"object {number} is not in use")
            return int(entry[0])
        i += count
    raise OutlineError(f"object {number} is not in the cross-reference table")


def _read_object(f, offset: int, number: int) -> bytes:  # type: ignore[no-untyped-def]
    f.seek(offset)
    data = f.read(1 << 16)
    m = re.match(rb"\s*" + str(number).encode() + rb"\s+0\s+obj\s*(<<.*?>>)\s*endobj", data, re.S)
    if not m:
        raise OutlineError(f"object {number} is not a dictionary")
    return m.group(1)


def append_outline(path: Path | str, items: Sequence[OutlineNode], *, open_children: bool = False) -> int:
    """Append an outline of ``items`` (their children as sub-entries) to the PDF at ``path``.

    Returns the number of outline entries written. Raises ``OutlineError`` (leaving the file as it
    was) when the PDF is not a classic-xref PDF or already has an outline.
    """
    path = Path(path)
    if not items:
        return 0
    with open(path, "rb") as f:
        prev, trailer = _read_trailer(f)
        root_num = int(trailer["Root"].split()[0])
        catalog = _read_object(f, _object_offset(trailer["_xref"], root_num), root_num)
    if b"/Outlines" in catalog:
        raise OutlineError("the PDF already has an outline")
    size = int(trailer["Size"])

    # Number every node first: the root, then the items depth-first.
    order: list[tuple[OutlineNode, int, int]] = []  # node, its number, its parent's number
    next_num = size + 1
    root = size

    def number(nodes: Sequence[OutlineNode], parent: int) -> list[int]:
        nonlocal next_num
        nums = []
        for node in nodes:
            n = next_num
            next_num += 1
            order.append((node, n, parent))
            nums.append(n)
        return nums

    top = number(items, root)
    kids_of: dict[int, list[int]] = {root: top}
    queue = list(zip(items, top, strict=True))
    while queue:
        node, n = queue.pop(0)
        if node.children:
            kids = number(node.children, n)
            kids_of[n] = kids
            queue.extend(zip(node.children, kids, strict=True))

    siblings: dict[int, tuple[int | None, int | None]] = {}
    for kids in kids_of.values():
        for i, k in enumerate(kids):
            siblings[k] = (kids[i - 1] if i else None, kids[i + 1] if i + 1 < len(kids) else None)

    objects: dict[int, bytes] = {}
    objects[root] = (b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
                     % (top[0], top[-1], len(items)))
    for node, n, parent in order:
        prev_n, next_n = siblings[n]
        parts = [b"<< /Title " + pdf_text(node.title), b"/Parent %d 0 R" % parent,
                 b"/Dest " + pdf_text(node.anchor)]
        if prev_n is not None:
            parts.append(b"/Prev %d 0 R" % prev_n)
        if next_n is not None:
            parts.append(b"/Next %d 0 R" % next_n)
        children = kids_of.get(n, [])
        if children:
            parts.append(b"/First %d 0 R /Last %d 0 R /Count %d"
                         % (children[0], children[-1], len(children) if open_children else -len(children)))
        objects[n] = b" ".join(parts) + b" >>"
    new_catalog = catalog[:2] + b"\n/Outlines %d 0 R\n/PageMode /UseOutlines" % root + catalog[2:]

    with open(path, "r+b") as out_file:
        out_file.seek(0, os.SEEK_END)
        original_size = out_file.tell()
        try:
            out = bytearray(b"\n")
            offsets: dict[int, int] = {}
            for num in [root_num, *sorted(objects)]:
                offsets[num] = original_size + len(out)
                body = new_catalog if num == root_num else objects[num]
                out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
            xref_at = original_size + len(out)
            # The free-list head first (readers such as pypdf expect a section to start at 0).
            out += b"xref\n0 1\n0000000000 65535 f \n"
            out += b"%d 1\n%010d 00000 n \n" % (root_num, offsets[root_num])
            nums = sorted(objects)
            out += b"%d %d\n" % (nums[0], len(nums))
            for num in nums:
                out += b"%010d 00000 n \n" % offsets[num]
            new_size = max(size, nums[-1] + 1)
            out += b"trailer\n<< /Size %d /Root %d 0 R" % (new_size, root_num)
            if "Info" in trailer:
                out += b" /Info " + trailer["Info"]
            if "ID" in trailer:
                out += b" /ID " + trailer["ID"]
            out += b" /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (prev, xref_at)
            out_file.write(out)
            out_file.flush()
        except BaseException:
            out_file.truncate(original_size)
            raise
    log.debug("outline of %d entries appended to %s", len(order), path)
    return len(order)
