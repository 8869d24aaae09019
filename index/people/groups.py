"""The same quote in many articles: near-identical quotes grouped, each group's first appearance.

Wire copy and syndication repeat quotes, give or take punctuation, letter case and trimming
("We will go in" in one article, "We will go in, and we will stay" in another). Two quotes are
the same when, after normalising (NFKC, case folded, punctuation dropped, apostrophes unified),
the word shingles of the shorter are at least ``CONTAINMENT`` contained in the longer's; quotes
of fewer than ``MIN_WORDS`` words must be equal once normalised. Groups are the connected sets
of that relation (found through an inverted index of shingles, never by comparing every pair).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

CONTAINMENT = 0.8
SHINGLE = 3  # words per shingle
MIN_WORDS = 4  # shorter quotes are grouped only when equal once normalised
_WORD = re.compile(r"\w+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


def normalise(text: str) -> tuple[str, ...]:
    """The words of a quote as compared: NFKC, case folded, apostrophes unified, punctuation dropped."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold().replace("'", "")
    return tuple(_WORD.findall(text))


def shingles(words: Sequence[str]) -> frozenset[str]:
    """Runs of ``SHINGLE`` words (the whole quote when it is shorter)."""
    if len(words) < SHINGLE:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """How much of the smaller set is in the larger one (0 to 1)."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


def same_quote(a: str, b: str) -> bool:
    """Whether two quotes are the same words, give or take punctuation, case and trimming."""
    wa, wb = normalise(a), normalise(b)
    if min(len(wa), len(wb)) < MIN_WORDS:
        return bool(wa) and wa == wb
    return containment(shingles(wa), shingles(wb)) >= CONTAINMENT


@dataclass(frozen=True)
class QuoteGroup(Generic[T]):
    """Appearances of one quote across the archive, first appearance first (undated ones last)."""

    members: tuple[T, ...]

    @property
    def first(self) -> T:
        """Where the quote first appeared in the archive."""
        return self.members[0]

    @property
    def repeated(self) -> bool:
        return len(self.members) > 1

    def __len__(self) -> int:
        return len(self.members)


def group_quotes(
    items: Sequence[T],
    *,
    text: Callable[[T], str] = lambda item: item.text,  # type: ignore[attr-defined]
    date: Callable[[T], dt.date | None] = lambda item: item.date,  # type: ignore[attr-defined]
    article: Callable[[T], str] = lambda item: item.article_id,  # type: ignore[attr-defined]
) -> list[QuoteGroup[T]]:
    """Near-identical quotes grouped; groups in the order of their first member in ``items``.

    Inside a group the appearances are oldest first (then by article id, undated last), so
    ``group.first`` answers "where and when did this quote first appear in the archive?".
    """
    words = [normalise(text(item)) for item in items]
    keys = [shingles(w) for w in words]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    postings: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        seen: set[int] = set()
        for sh in key:
            for j in postings.get(sh, ()):
                if j in seen:
                    continue
                seen.add(j)
                if find(i) == find(j):
                    continue
                if min(len(words[i]), len(words[j])) < MIN_WORDS:
                    same = words[i] == words[j]
                else:
                    same = containment(key, keys[j]) >= CONTAINMENT
                if same:
                    parent[find(i)] = find(j)
            postings.setdefault(sh, []).append(i)

    clusters: dict[int, list[int]] = {}
    for i in range(len(items)):
        clusters.setdefault(find(i), []).append(i)

    def when(i: int) -> tuple[bool, dt.date, str, int]:
        d = date(items[i])
        return (d is None, d or dt.date.min, article(items[i]), i)

    groups = [sorted(members, key=when) for members in clusters.values()]
    groups.sort(key=lambda members: min(members))
    return [QuoteGroup(tuple(items[i] for i in members)) for members in groups]
