"""Snippets and highlights without analysing whole articles.

Whoosh's highlighter runs the stemming analyzer over every word of every hit's body. Here the
body is split into words by one regular expression, and only the words that could stem to a
query term (they share its first letters) go through the index's own analyzer, so the matches
are exactly those the index would make, at a fraction of the cost. The Porter stemmer keeps a
word's beginning but may turn a ``y`` into an ``i`` ("says" stems to "sai"): a term's ``i`` past
its first letter stands for either.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from index.model import Snippet

# The words of Whoosh's default tokenizer (StemmingAnalyzer's RegexTokenizer).
_WORD = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
_SPACES = re.compile(r"\s+")
_LETTERS = re.compile(r"\w+")
PREFIX = 3
EACH = 3  # up to this many prefixes are searched for one by one


# The characters other than its two cases that a case-insensitive search takes for an ASCII letter.
_ODD_CASES = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


class _Prefix(NamedTuple):
    cases: tuple[re.Pattern[str], ...]  # the letter in lower case, in upper case (empty: not ASCII)
    any_case: re.Pattern[str]  # the letter in any case
    odd: str  # what else ``any_case`` takes for the letter
    whole: bool  # the match is the whole word


class Matcher:
    """Finds the words of a text that the index would analyse to one of ``terms``."""

    def __init__(self, terms: Iterable[str], analyze: Callable[[str], Sequence[str]]) -> None:
        self.terms = frozenset(terms)
        self._analyze = analyze
        self._prefixes = sorted({t[:PREFIX] for t in self.terms}, key=len, reverse=True)  # longest first
        self._cache: dict[str, bool] = {}
        # The ways a word can begin to stem to a term (an "i" past the first letter also as "y").
        self._heads = tuple(sorted({v for p in self._prefixes for v in _spellings(p)}))
        # What ``rough_count`` looks for: a prefix after a space, its "i"s also as "y"s.
        self._after_space = sorted({" " + v for p in self._prefixes for v in (p, p[:1] + p[1:].replace("i", "y"))})

    @functools.cached_property
    def _candidates(self) -> re.Pattern[str]:
        """The words of a text that begin with a prefix, found by one search instead of a Python
        loop over every word: a word of ``_WORD`` starts at a letter that follows neither a
        letter nor a letter and a dot (``u.s`` is one word). Longest prefixes first."""
        alternatives = "|".join(_prefix_pattern(p) for p in self._prefixes)
        return re.compile(rf"(?<!\w)(?<!\w\.)(?=(?:{alternatives}))\w+(?:\.?\w+)*", re.IGNORECASE)

    @functools.cached_property
    def _each(self) -> list[_Prefix]:
        """Each prefix alone (longest first), patterns that start with the prefix's first letter:
        the regular expression engine skips to it with a fast search when it is one character, not
        a case-insensitive one (a page of 20 bodies: 0.14 ms against 0.70), so a letter is looked
        for in lower case and in upper case, one search each, the rest of the prefix in any case.
        Whether the letter begins a word is asked right after it, not by Python at each one. A
        prefix of word letters only (a stem's, always) takes its whole word in the same search;
        another is followed by ``_WORD`` from where it begins. Compiled when first used: a page's
        matcher is new at each query, and a highlighter's own patterns are not used."""
        out = []
        for p in self._prefixes:
            pattern, first = _prefix_pattern(p), _first_letter(p)
            whole = _LETTERS.fullmatch(p) is not None
            rest = rf"(?<!\w.)(?<!\w\..)(?i:{pattern[first:]})" + (r"\w*(?:\.?\w+)*" if whole else "")
            letter = p[:1]
            cases = sorted({letter.lower(), letter.upper()}) if letter.isascii() else []
            out.append(_Prefix(tuple(re.compile(re.escape(c) + rest) for c in cases),
                               re.compile(f"(?i:{pattern[:first]})" + rest), _ODD_CASES.get(letter.lower(), ""), whole))
        return out

    def rough_count(self, text: str) -> int:
        """About how many words of ``text`` begin with a term's first letters: those in lower case
        after a space, counted by ``str.count`` (what to look for first, not a match: a copy of the
        text in lower case cost more than the counts)."""
        return sum(text.count(s) for s in self._after_space)

    def _is_match(self, word: str) -> bool:
        low = word.lower()
        hit = self._cache.get(low)
        if hit is None:
            hit = low.startswith(self._heads) and any(t in self.terms for t in self._analyze(low))
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
        if len(self._prefixes) > EACH:  # one search for many prefixes
            return [(m.start(), m.end()) for m in self._candidates.finditer(text) if self._is_match(m.group())]
        is_match, word = self._is_match, _WORD.match
        found: set[tuple[int, int]] = set()
        for prefix in self._each:
            # A letter that a case-insensitive search also finds as another character ("ſ" for
            # "s", the Kelvin sign for "k") takes that search.
            fast = prefix.cases and not any(ch in text for ch in prefix.odd)
            patterns = prefix.cases if fast else (prefix.any_case,)
            for m in itertools.chain.from_iterable(p.finditer(text) for p in patterns):
                w = m if prefix.whole else word(text, m.start())
                if w is not None and is_match(w.group()):
                    found.add(w.span())
        return sorted(found)


def _spellings(prefix: str) -> list[str]:
    """The prefix with each "i" past its first letter as "i" or "y" (what ``_prefix_pattern`` matches)."""
    out = [prefix[:1]]
    for ch in prefix[1:]:
        out = [o + c for o in out for c in (("i", "y") if ch == "i" else (ch,))]
    return out


def _first_letter(prefix: str) -> int:
    """How many characters of ``_prefix_pattern(prefix)`` its first letter takes (escaped)."""
    return len(re.escape(prefix[:1]))


def _prefix_pattern(prefix: str) -> str:
    """A term's first letters as a pattern of the words that may stem to it (``i``: ``i`` or ``y``)."""
    return re.escape(prefix[:1]) + "".join("[iy]" if ch == "i" else re.escape(ch) for ch in prefix[1:])


def densest(text: str, spans: list[tuple[int, int]], width: int) -> list[int]:
    """The matches, best window first: the window of ``width`` characters from a match holds the
    most distinct words, then the most matches, then comes first. One pass, with a count of the
    words in the window (a page of 20 made a set of words at every match)."""
    words = [text[s:e].lower() for s, e in spans]
    inside: dict[str, int] = {}
    windows = []
    j = 0
    for i, (start, _) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= start + width:
            inside[words[j]] = inside.get(words[j], 0) + 1
            j += 1
        windows.append((len(inside), j - i, -start, i))
        if j > i:  # the match leaves the window
            left = inside[words[i]] - 1
            if left:
                inside[words[i]] = left
            else:
                del inside[words[i]]
        else:
            j = i + 1  # a match wider than the window: the next window starts after it
    return [i for *_, i in sorted(windows, reverse=True)]


def make_snippet(text: str, spans: list[tuple[int, int]], width: int = 220, fragments: int = 2) -> Snippet:
    """Up to ``fragments`` windows of about ``width`` characters around the densest matches."""
    if not spans:
        return ()
    chosen: list[tuple[int, int]] = []
    for i in densest(text, spans, width):
        lo = max(0, spans[i][0] - 60)
        hi = min(len(text), lo + width)
        if any(lo < b and a < hi for a, b in chosen):
            continue
        chosen.append((lo, hi))
        if len(chosen) == fragments:
            break
    runs: list[tuple[str, bool]] = []
    for n, (lo, hi) in enumerate(sorted(chosen)):
        marked = [(a, b) for a, b in spans if a >= lo and b <= hi]
        # Whole words at the edges.
        if lo > 0 and marked:
            space = text.find(" ", lo, marked[0][0])
            lo = space + 1 if space != -1 else lo
        if hi < len(text) and marked:
            space = text.rfind(" ", marked[-1][1], hi)
            hi = space if space != -1 else hi
        if n:
            runs.append((" … ", False))
        pos = lo
        for a, b in marked:
            if a > pos:
                runs.append((_one_spaced(text[pos:a]), False))
            runs.append((text[a:b], True))  # a word: no spaces in it
            pos = b
        if pos < hi:
            runs.append((_one_spaced(text[pos:hi]), False))
    return tuple(run for run in runs if run[0])


def _one_spaced(text: str) -> str:
    """``text`` with each run of white space as one space (most runs between two matches have
    none but single spaces: told by two scans in C, where the regular expression took 5 µs)."""
    return text if text.isprintable() and "  " not in text else _SPACES.sub(" ", text)


def snippet_of(matcher: Matcher, body: str, opening: int = 240) -> Snippet:
    """The best windows of ``body`` around the query's words, or its opening when none is there."""
    snippet = make_snippet(body, matcher.spans(body))
    if snippet or not body:
        return snippet
    words = _SPACES.sub(" ", body[:opening]).rsplit(" ", 1)[0]
    return ((words + ("…" if len(body) > opening else ""), False),)
