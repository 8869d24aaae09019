"""Snippets and highlights without analysing whole articles.

Whoosh's highlighter runs the stemming analyzer over every word of every hit's body. Here the
body is split into words by one regular expression, and only the words that could stem to a
query term (they share its first letters) go through the index's own analyzer, so the matches
are exactly those the index would make, at a fraction of the cost. The Porter stemmer keeps a
word's beginning but may turn a ``y`` into an ``i`` ("says" stems to "sai"): a term's ``i`` past
its first letter stands for either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from index.model import Snippet

# The words of Whoosh's default tokenizer (StemmingAnalyzer's RegexTokenizer).
_WORD = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
_SPACES = re.compile(r"\s+")
PREFIX = 3
EACH = 3  # up to this many prefixes are searched for one by one


class Matcher:
    """Finds the words of a text that the index would analyse to one of ``terms``."""

    def __init__(self, terms: Iterable[str], analyze: Callable[[str], Sequence[str]]) -> None:
        self.terms = frozenset(terms)
        self._analyze = analyze
        prefixes = {t[:PREFIX] for t in self.terms}
        self._cache: dict[str, bool] = {}
        # The words of a text that begin with a prefix, found by one search instead of a Python
        # loop over every word: a word of ``_WORD`` starts at a letter that follows neither a
        # letter nor a letter and a dot (``u.s`` is one word). Longest prefixes first.
        alternatives = "|".join(_prefix_pattern(p) for p in sorted(prefixes, key=len, reverse=True))
        self._starts = re.compile(f"(?:{alternatives})") if prefixes else None
        self._candidates = re.compile(rf"(?<!\w)(?<!\w\.)(?=(?:{alternatives}))\w+(?:\.?\w+)*", re.IGNORECASE)
        # Each prefix alone, a pattern that starts with its letters: the regular expression engine
        # then skips to them (several alternatives in one pattern are tried at every letter).
        # Longest first, so that a word is found by the longest prefix it begins with.
        self._each = [re.compile(_prefix_pattern(p), re.IGNORECASE) for p in sorted(prefixes, key=len, reverse=True)]
        # What ``rough_count`` looks for: a prefix after a space, its "i"s also as "y"s.
        self._after_space = sorted({" " + v for p in prefixes for v in (p, p[:1] + p[1:].replace("i", "y"))})

    def rough_count(self, lowered: str) -> int:
        """About how many words of ``lowered`` (a text in lower case) begin with a term's first
        letters: those after a space, counted by ``str.count`` (what to look for first, not a match)."""
        return sum(lowered.count(s) for s in self._after_space)

    def _is_match(self, word: str) -> bool:
        low = word.lower()
        hit = self._cache.get(low)
        if hit is None:
            hit = bool(self._starts and self._starts.match(low)) and any(t in self.terms for t in self._analyze(low))
            self._cache[low] = hit
        return hit

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every matching word of ``text``."""
        if not self.terms:
            return []
        # Case-insensitive matching and ``str.lower`` differ on one letter, the dotted capital I
        # ("İ".lower() is two letters): a text with it takes the loop over every word.
        if "\u0130" in text:
            return [(m.start(), m.end()) for m in _WORD.finditer(text) if self._is_match(m.group())]
        if len(self._each) > EACH:  # one search for many prefixes
            return [(m.start(), m.end()) for m in self._candidates.finditer(text) if self._is_match(m.group())]
        found = set()
        word, is_match = _WORD.match, self._is_match
        for pattern in self._each:
            for m in pattern.finditer(text):
                at = m.start()
                if at and _is_word_letter(text[at - 1]):
                    continue  # inside a word
                if at > 1 and text[at - 1] == "." and _is_word_letter(text[at - 2]):
                    continue  # after the dot of a word such as "u.s"
                w = word(text, at)
                if w is not None and is_match(w.group()):
                    found.add((at, w.end()))
        return sorted(found)


def _is_word_letter(ch: str) -> bool:
    """Whether ``\\w`` matches ``ch`` (a letter or digit of any script, or ``_``)."""
    return ch.isalnum() or ch == "_"


def _prefix_pattern(prefix: str) -> str:
    """A term's first letters as a pattern of the words that may stem to it (``i``: ``i`` or ``y``)."""
    return re.escape(prefix[:1]) + "".join("[iy]" if ch == "i" else re.escape(ch) for ch in prefix[1:])


def make_snippet(text: str, spans: list[tuple[int, int]], width: int = 220, fragments: int = 2) -> Snippet:
    """Up to ``fragments`` windows of about ``width`` characters around the densest matches."""
    if not spans:
        return ()
    # Score each match by how many matches fall in the window starting at it.
    windows = []
    j = 0
    for i, (start, _) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= start + width:
            j += 1
        distinct = len({text[s:e].lower() for s, e in spans[i:j]})
        windows.append((distinct, j - i, -start, i, j))
    chosen: list[tuple[int, int]] = []
    for _, _, _, i, _j in sorted(windows, reverse=True):
        lo = max(0, spans[i][0] - 60)
        hi = min(len(text), lo + width)
        if any(lo < b and a < hi for a, b in chosen):
            continue
        chosen.append((lo, hi))
        if len(chosen) == fragments:
            break
    runs: list[tuple[str, bool]] = []
    for n, (lo, hi) in enumerate(sorted(chosen)):
        inside = [(a, b) for a, b in spans if a >= lo and b <= hi]
        # Whole words at the edges.
        if lo > 0 and inside:
            space = text.find(" ", lo, inside[0][0])
            lo = space + 1 if space != -1 else lo
        if hi < len(text) and inside:
            space = text.rfind(" ", inside[-1][1], hi)
            hi = space if space != -1 else hi
        if n:
            runs.append((" … ", False))
        pos = lo
        for a, b in inside:
            if a > pos:
                runs.append((text[pos:a], False))
            runs.append((text[a:b], True))
            pos = b
        if pos < hi:
            runs.append((text[pos:hi], False))
    return tuple((_SPACES.sub(" ", t), m) for t, m in runs if t)


def snippet_of(matcher: Matcher, body: str, opening: int = 240) -> Snippet:
    """The best windows of ``body`` around the query's words, or its opening when none is there."""
    snippet = make_snippet(body, matcher.spans(body))
    if snippet or not body:
        return snippet
    words = _SPACES.sub(" ", body[:opening]).rsplit(" ", 1)[0]
    return ((words + ("…" if len(body) > opening else ""), False),)
