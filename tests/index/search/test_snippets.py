"""Snippets: the words the index would match, in whole-word windows around the densest matches."""

from __future__ import annotations

from index.search.snippets import Matcher, make_snippet
from index.store.schema import ArticleSchema

ANALYZER = ArticleSchema()["body"].analyzer


def matcher(*terms: str) -> Matcher:
    return Matcher(terms, lambda word: [t.text for t in ANALYZER(word)])


def test_matches_are_the_stemmed_forms_the_index_makes() -> None:
    text = "Ferries ran late. The ferry's crew and a ferryman waited; FERRY service resumed."
    words = [text[s:e] for s, e in matcher("ferri").spans(text)]
    assert words == ["Ferries", "ferry", "FERRY"]  # as the index splits "ferry's"; not "ferryman"


def test_a_snippet_is_whole_words_around_the_matches() -> None:
    text = ("Nothing here. " * 30) + "The harbour master opened the harbour gates at dawn. " + ("Filler words. " * 30)
    m = matcher("harbour")
    snippet = make_snippet(text, m.spans(text), width=120)
    joined = "".join(t for t, _ in snippet)
    assert [t for t, hit in snippet if hit] == ["harbour", "harbour"]
    assert "harbour master opened" in joined
    assert not joined.startswith(("othing", "hing")) and len(joined) <= 120


def test_two_fragments_for_matches_far_apart() -> None:
    text = "Budget talks began. " + ("Other news. " * 40) + "The budget passed."
    snippet = make_snippet(text, matcher("budget").spans(text), width=80)
    assert (" … ", False) in snippet
    assert [t for t, hit in snippet if hit] == ["Budget", "budget"]


def test_no_terms_no_spans() -> None:
    assert matcher().spans("anything") == [] and make_snippet("anything", []) == ()


def _every_word_spans(m: Matcher, text: str) -> list[tuple[int, int]]:
    """The spans as a loop over every word of the text finds them (what ``spans`` must equal)."""
    from index.search.snippets import _WORD

    return [(w.start(), w.end()) for w in _WORD.finditer(text) if m._is_match(w.group())]


def test_spans_are_those_of_a_loop_over_every_word_on_real_pages(shared) -> None:  # type: ignore[no-untyped-def]
    from index.ingest import read_file

    texts = []
    for page in sorted((shared / "corpus").rglob("*.html"))[:12]:
        for article in read_file(page):
            texts.append(article.title + "\n\n" + article.body)
    words = sorted({w.lower() for t in texts for w in t.split() if w.isalpha()})
    assert texts and len(words) > 100
    for k in range(0, len(words), max(1, len(words) // 40)):
        m = matcher(*{t.text for w in words[k : k + 3] for t in ANALYZER(w)})
        for text in texts:
            assert m.spans(text) == _every_word_spans(m, text)


def test_spans_are_those_of_a_loop_over_every_word_on_odd_text() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    letters = st.text(alphabet="aAsSkK.'’ _-\n9İiıΣσςſKé\u0301", max_size=60)

    @settings(max_examples=400, derandomize=True, deadline=None)
    @given(text=letters, terms=st.lists(st.text(alphabet="askiıσςé.9", min_size=1, max_size=4), max_size=3))
    def check(text: str, terms: list[str]) -> None:
        m = Matcher(terms, lambda word: [word])
        assert m.spans(text) == _every_word_spans(m, text)

    check()


def test_a_y_that_the_stemmer_turns_into_an_i_still_matches() -> None:
    text = "She says the days of the key bay are over; he said so."
    words = [text[s:e] for s, e in matcher("sai", "dai", "kei", "bai").spans(text)]
    assert words == ["says", "days", "key", "bay"]


def _analyzed_spans(terms: set[str], text: str) -> list[tuple[int, int]]:
    """The words whose analysis is one of ``terms``, by the analyzer alone (no first letters)."""
    from index.search.snippets import _WORD

    return [(w.start(), w.end()) for w in _WORD.finditer(text)
            if any(t.text in terms for t in ANALYZER(w.group().lower()))]


def _every_token_phrase_spans(h, text: str) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """The spans a loop over every word finds: each word, and each phrase where its words follow."""
    from index.search.snippets import _WORD

    out = set(h._words.spans(text))
    tokens = [(m.start(), m.end(), s) for m in _WORD.finditer(text) if (s := h._stems(m.group()))]
    for phrase in h.phrases:
        n = len(phrase)
        for i in range(len(tokens) - n + 1):
            if all(phrase[k] in tokens[i + k][2] for k in range(n)):
                out.update((tokens[i + k][0], tokens[i + k][1]) for k in range(n))
    return sorted(out)


def test_words_and_phrases_as_the_analyzer_finds_them_on_real_pages(shared) -> None:  # type: ignore[no-untyped-def]
    import random

    from index.ingest import read_file
    from index.search.highlight import Highlighter
    from index.search.snippets import _WORD

    texts = []
    for page in sorted((shared / "corpus").rglob("*.html"))[:12]:
        for article in read_file(page):
            texts.append(article.title + "\n\n" + article.body)
    rng = random.Random(4)
    analyze = lambda word: [t.text for t in ANALYZER(word)]  # noqa: E731
    for _ in range(30):
        text = rng.choice(texts)
        words = [m.group() for m in _WORD.finditer(text)]
        at = rng.randrange(max(1, len(words) - 3))
        phrases = [tuple(t for w in words[at : at + rng.choice([2, 3])] for t in analyze(w.lower())),
                   ("the", rng.choice(analyze(rng.choice(words).lower()) or ["x"]))]
        terms = {t for w in rng.sample(words, min(3, len(words))) for t in analyze(w.lower())}
        h = Highlighter([("body", t) for t in terms], phrases, [], analyze)
        for other in [text, *rng.sample(texts, 3)]:
            assert h._words.spans(other) == _analyzed_spans(terms, other)
            assert h.spans(other) == _every_token_phrase_spans(h, other)


def test_the_densest_window_is_the_one_a_count_of_each_window_finds() -> None:
    """``densest`` counts the words of a window sliding over the matches; counted afresh for each
    window (the words from a match to the last one ending within ``width``), the order is the same."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from index.search.snippets import _WORD, densest

    @settings(max_examples=300, deadline=None)
    @given(text=st.text(alphabet="ab AB", max_size=80), width=st.integers(0, 30), data=st.data())
    def check(text: str, width: int, data: st.DataObject) -> None:
        words = [w.span() for w in _WORD.finditer(text)]
        spans = [s for s in words if data.draw(st.booleans())]

        def window(i: int) -> tuple[int, int, int]:
            start = spans[i][0]
            held = [text[a:b].lower() for a, b in spans[i:] if b <= start + width]
            return len(set(held)), len(held), -start

        assert densest(text, spans, width) == sorted(range(len(spans)), key=window, reverse=True)

    check()
