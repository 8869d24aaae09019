"""Positions of a word in documents, read straight from the pickled lists Whoosh's W3 codec stores
(a phrase needs them for every candidate at once): small gaps are parsed from the bytes into flat
numpy arrays, long or unusual lists are unpickled; any surprise raises ``FormatDrift``."""

from __future__ import annotations

import itertools
import pickle
from collections.abc import Sequence

import numpy as np

from index.store.w3.guard import guarded

_GAPS_HEAD = np.frombuffer(b"\x80\x02]q\x00", dtype=np.uint8)  # a pickled list, as Whoosh writes positions
_K, _MARK, _APPENDS, _APPEND = ord("K"), ord("("), ord("e"), ord("a")


def position_keys(values: Sequence[bytes], at: np.ndarray, span: np.int64) -> np.ndarray:
    """The positions of a word in some documents (its postings' encoded values ``values[at]``) as
    keys ``i * span + position``, ``i`` the index into ``at``; raises ``FormatDrift``."""
    return guarded("positions", lambda: _position_keys(values, at, span))


def _position_keys(values: Sequence[bytes], at: np.ndarray, span: np.int64) -> np.ndarray:
    counts, flat = _positions([values[i] for i in at.tolist()])
    return np.repeat(np.arange(counts.size, dtype=np.int64), counts) * span + flat


def positions(values: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Decoded positions of postings (their encoded values): how many each posting has, and all of
    them in one flat array, posting after posting, ascending in each; raises ``FormatDrift``.

    Whoosh stores a posting's positions as a 4-byte weight and a pickled list of the gaps between
    them. Unpickling 100,000 such lists one by one was most of a phrase's time, so the common
    encoding is read straight from the bytes, for all postings at once: a list of gaps under 256
    is ``]q\\x00(`` then ``K`` and one byte per gap, then ``e.`` (one gap: ``]q\\x00K`` byte ``a.``).
    Postings in any other encoding (a gap of 256 or more) are unpickled.
    """
    return guarded("positions", lambda: _positions(values))


def _positions(chosen: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
    if not chosen:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    lengths = np.fromiter(map(len, chosen), dtype=np.int64, count=len(chosen))
    buf = np.frombuffer(b"".join(chosen), dtype=np.uint8)
    starts = np.cumsum(lengths) - lengths
    fits = lengths >= 13
    safe = np.where(fits, starts, 0)  # indexes that exist, for the checks below
    for k, byte in enumerate(_GAPS_HEAD):
        fits &= buf[safe + 4 + k] == byte
    single = fits & (lengths == 13) & (buf[safe + 9] == _K) & (buf[safe + 11] == _APPEND)
    many = fits & (lengths >= 14) & (lengths % 2 == 0) & (buf[safe + 9] == _MARK) \
        & (buf[np.maximum(safe + lengths - 2, 0)] == _APPENDS)
    counts = np.where(single, 1, np.where(many, (lengths - 12) // 2, 0))
    owner = np.repeat(np.arange(len(chosen)), counts)
    k = np.arange(owner.size) - np.repeat(np.cumsum(counts) - counts, counts)
    opcode = np.repeat(np.where(single, starts + 9, starts + 10), counts) + 2 * k  # each "K"
    # A gap of 256 or more has another opcode: such a list is unpickled instead.
    bad = np.zeros(len(chosen), dtype=bool)
    bad[owner[buf[opcode] != _K]] = True
    good = (single | many) & ~bad
    rest = np.flatnonzero(~good)
    if not rest.size:
        return counts, _summed(counts, buf[opcode + 1].astype(np.int64))
    counts = np.where(good, counts, 0)
    wide_counts, wide_gaps, parsed = _wide_gaps([chosen[i] for i in rest.tolist()])
    unpickled = rest[~parsed]
    lists = _unpickled([chosen[i] for i in unpickled.tolist()])
    counts[rest[parsed]] = wide_counts
    counts[unpickled] = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    gaps = np.zeros(int(counts.sum()), dtype=np.int64)
    into = np.cumsum(counts) - counts
    kept = good[owner]
    gaps[_runs(into[good], counts[good])] = buf[opcode[kept] + 1]
    gaps[_runs(into[rest[parsed]], wide_counts)] = wide_gaps
    gaps[_runs(into[unpickled], counts[unpickled])] = np.fromiter(
        itertools.chain.from_iterable(lists), dtype=np.int64, count=int(counts[unpickled].sum()))
    return counts, _summed(counts, gaps)


_M, _J, _DONE = ord("M"), ord("J"), ord(".")
_MOST_OPS = 256  # longer lists are unpickled: the loop below runs once per gap


def _wide_gaps(chosen: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gap lists with gaps of 256 or more (pickle's ``M``: two bytes, ``J``: four), read from the
    bytes one opcode a step for all postings at once: the gap counts and gaps of those parsed, and
    which were (the others: another encoding, or more than ``_MOST_OPS`` gaps)."""
    n = len(chosen)
    if not n:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
    lengths = np.fromiter(map(len, chosen), dtype=np.int64, count=n)
    # Room to read four bytes past any opcode without leaving the buffer.
    buf = np.frombuffer(b"".join(chosen) + bytes(8), dtype=np.uint8)
    starts = np.cumsum(lengths) - lengths
    ok = lengths >= 13
    safe = np.where(ok, starts, 0)
    for k, byte in enumerate(_GAPS_HEAD):
        ok &= buf[safe + 4 + k] == byte
    many = buf[safe + 9] == _MARK
    cur = np.where(many, safe + 10, safe + 9)
    end = safe + lengths - 2  # the closing "e" (a list) or "a" (one gap), then "."
    ok &= (buf[end + 1] == _DONE) & (buf[end] == np.where(many, _APPENDS, _APPEND)) & (cur < end)
    owners, values = [], []
    active = np.flatnonzero(ok)
    for _ in range(_MOST_OPS):
        if not active.size:
            break
        at = cur[active]
        op = buf[at]
        one, two = buf[at + 1].astype(np.int64), buf[at + 2].astype(np.int64)
        four = (one | (two << 8) | (buf[at + 3].astype(np.int64) << 16) | (buf[at + 4].astype(np.int64) << 24))
        value = np.where(op == _K, one, np.where(op == _M, one | (two << 8), four))
        step = np.where(op == _K, 2, np.where(op == _M, 3, np.where(op == _J, 5, 0)))
        ok[active[step == 0]] = False
        owners.append(active)
        values.append(value)
        cur[active] = at + step
        active = active[(step > 0) & (cur[active] < end[active])]
    ok[active] = False  # more gaps than the loop reads
    ok &= cur == end
    owner = np.concatenate(owners) if owners else np.zeros(0, dtype=np.int64)
    value = np.concatenate(values) if values else np.zeros(0, dtype=np.int64)
    keep = ok[owner]
    owner, value = owner[keep], value[keep]
    order = np.argsort(owner, kind="stable")  # gap by gap within each posting
    counts = np.bincount(owner, minlength=n)[ok]
    return counts, value[order], ok


def _runs(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The indexes ``starts[i]`` to ``starts[i] + counts[i]``, run after run."""
    total = int(counts.sum())
    return np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(total)


def _summed(counts: np.ndarray, gaps: np.ndarray) -> np.ndarray:
    """Positions from runs of gaps (``counts[i]`` gaps for posting ``i``): a sum within each run."""
    if not gaps.size:
        return gaps
    sums = np.cumsum(gaps)
    first = (np.cumsum(counts) - counts)[counts > 0]
    return sums - np.repeat(sums[first] - gaps[first], counts[counts > 0])


def _unpickled(values: list[bytes]) -> list[list[int]]:
    """Position gap lists by pickle: the lists spliced into one pickled list of lists when they
    have Whoosh's usual form (one call instead of one per posting), else one by one."""
    head = _GAPS_HEAD.tobytes()
    if all(v.startswith(head, 4) and v.endswith(b".") for v in values):
        lists: list[list[int]] = pickle.loads(head + b"(" + b"".join([v[6:-1] for v in values]) + b"e.")
        return lists
    return [pickle.loads(v[4:] if v.endswith(b".") else v[4:] + b".") for v in values]
