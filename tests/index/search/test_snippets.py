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
