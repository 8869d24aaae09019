"""What the reader and the snippets mark: the query's words, a phrase only where it is a phrase,
and the names a field query or a filter asked for (``speaker:Volker``, a person chip).

``Highlighter`` takes the query's terms already expanded (``engine.query_terms``): words of the
stemmed fields, phrases as sequences of stems, and the words of name fields and filter values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from whoosh import query as wq

from index.search.snippets import _WORD, Matcher

TEXT_FIELDS = frozenset({"body", "title", "quotes"})
# Fields holding names: their words are marked where the text writes them (any case).
NAME_FIELDS = frozenset({"speakers", "people", "orgs", "places", "authors", "person_facet", "org_facet",
                         "place_facet", "speaker_facet", "speaker"})


def without_phrases(q: wq.Query) -> wq.Query:
    """``q`` with its phrases left out (their words are marked only together)."""
    return q.accept(lambda node: wq.NullQuery if isinstance(node, wq.Phrase) else node)


def phrases_of(q: wq.Query) -> list[tuple[str, ...]]:
    """The stems of each phrase of a text field in ``q`` (each phrase once), outside NOT."""
    out: dict[tuple[str, ...], None] = {}

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.Phrase):
            if node.fieldname in TEXT_FIELDS and node.words:
                out.setdefault(tuple(node.words), None)
            return
        if not node.is_leaf():
            for child in node.children():
                walk(child)

    walk(q)
    return list(out)


def filter_words(filters: Mapping[str, str] | None) -> list[str]:
    """The words of the filter values (a person, an organisation, a place or a speaker chip)."""
    keep = ("person", "org", "place", "speaker")
    return [w.group() for k, v in (filters or {}).items() if k in keep for w in _WORD.finditer(v)]


class Highlighter(Matcher):
    """Finds the spans of a text to mark for one query."""

    def __init__(self, terms: Iterable[tuple[str, str]], phrases: Sequence[tuple[str, ...]],
                 names: Iterable[str], analyze: Callable[[str], Sequence[str]]) -> None:
        self._analyze = analyze
        stems = {t for field, t in terms if field in TEXT_FIELDS}
        # A name is marked as the stemmed text would match it, so "Volker" and "Volker's" both are.
        for name in names:
            stems.update(analyze(name.lower()))
        self.phrases = list(phrases)
        # Phrase words count as terms too: a text without any of them is not searched for phrases.
        super().__init__(stems | {w for p in self.phrases for w in p}, analyze)
        self._words = Matcher(stems, analyze)
        # A matcher for each word of a phrase: a phrase is looked for only around its word that is
        # rarest in the text (not at every "the" of "the court").
        self._word_matchers = {w: Matcher({w}, analyze) for p in self.phrases for w in p}
        self._stem_cache: dict[str, frozenset[str]] = {}

    def _stems(self, word: str) -> frozenset[str]:
        low = word.lower()
        got = self._stem_cache.get(low)
        if got is None:
            got = self._stem_cache[low] = frozenset(self._analyze(low))
        return got

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every word to mark: the words anywhere, a phrase's words only in the phrase."""
        out = set(self._words.spans(text))
        for phrase in self.phrases:
            # The word that seems rarest in the text first, then the phrase's other words around it.
            k = min(range(len(phrase)), key=lambda n: self._word_matchers[phrase[n]].rough_count(text))
            for start, end in self._word_matchers[phrase[k]].spans(text):
                before = self._preceding(text, start, phrase[:k])
                after = self._following(text, end, phrase[k + 1 :]) if before is not None else None
                if after is not None:
                    out.update(before or ())
                    out.add((start, end))
                    out.update(after)
        return sorted(out)

    def _preceding(self, text: str, pos: int, words: Sequence[str]) -> list[tuple[int, int]] | None:
        """The spans of ``words``, the words of ``text`` right before ``pos`` (a word the analyzer
        drops does not count), or None when they are not there."""
        if not words:
            return []
        reach = 16 * len(words) + 16
        while True:
            lo = max(0, pos - reach)
            found = list(_WORD.finditer(text, lo, pos))
            kept = []
            for m in reversed(found[1:] if lo else found):  # the first may begin inside a word
                if self._stems(m.group()):
                    kept.append(m)
                    if len(kept) == len(words):
                        break
            if len(kept) == len(words) or not lo:
                break
            reach *= 4
        if len(kept) < len(words):
            return None
        kept.reverse()
        if any(w not in self._stems(m.group()) for w, m in zip(words, kept, strict=True)):
            return None
        return [(m.start(), m.end()) for m in kept]

    def _following(self, text: str, pos: int, words: Sequence[str]) -> list[tuple[int, int]] | None:
        """The spans of ``words``, the words of ``text`` right after ``pos`` (a word the analyzer
        drops does not count, as in the index's positions), or None when they are not there."""
        spans = []
        for word in words:
            while True:
                m = _WORD.search(text, pos)
                if m is None:
                    return None
                pos = m.end()
                stems = self._stems(m.group())
                if stems:
                    break
            if word not in stems:
                return None
            spans.append((m.start(), m.end()))
        return spans


def name_words(terms: Iterable[tuple[str, str]]) -> list[str]:
    """The words of the query's name-field terms (``speaker:Volker`` → "volker")."""
    return [w.group() for field, t in terms if field in NAME_FIELDS for w in _WORD.finditer(t)]
