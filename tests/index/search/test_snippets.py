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
