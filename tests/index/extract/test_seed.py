"""The seed article against shared/seed/expected.json, field by field."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from index.extract import Extractor, extract_parsed, extraction_to_json
from index.extract.entities import name_key
from index.extract.posts import find_posts
from index.ingest import seedtext
from index.model import Article, Entity, Extraction

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
SEED = SHARED / "seed" / "chicago-troops-2025-09-03.txt"
EXPECTED = SHARED / "seed" / "expected.json"

pytestmark = pytest.mark.skipif(not (SEED.exists() and EXPECTED.exists()), reason="shared/seed is absent")


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def article() -> Article:
    return seedtext.read(SEED, SEED.read_bytes())[0]


@pytest.fixture(scope="module")
def result(extractor: Extractor, article: Article) -> Extraction:
    return extractor.extract([article])[0]


def test_exactly_the_expected_quotes(result: Extraction, expected: dict[str, Any]) -> None:
    texts = [q.text for q in result.quotes]
    assert len(result.quotes) == len(expected["quotes"]), texts
    for want in expected["quotes"]:
        found = [q for q in result.quotes if q.text.startswith(want["starts"]) and q.text.endswith(want["ends"])]
        assert len(found) == 1, (want["starts"], texts)
        quote = found[0]
        assert quote.speaker in want["speaker_any_of"], (quote.text[:40], quote.speaker, quote.cue)
        if "speaker_kind" in want:
            kinds = {k.strip() for k in want["speaker_kind"].split(" or ")}
            assert quote.speaker_kind in kinds
        else:
            assert quote.speaker_kind == "person"


def test_quote_offsets_point_at_the_quoted_text(result: Extraction, article: Article) -> None:
    for q in result.quotes:
        assert q.end_paragraph is None
        assert article.paragraphs[q.paragraph].text[q.start:q.end] == q.text


def test_posts(result: Extraction, expected: dict[str, Any]) -> None:
    assert len(result.posts) == len(expected["social_posts"]), result.posts
    for want in expected["social_posts"]:
        if want.get("missing_embed"):
            found = [p for p in result.posts if p.missing]
            assert len(found) == 1
            post = found[0]
            assert post.text is None
            assert post.author in want["author_any_of"]
        else:
            found = [p for p in result.posts if p.text and p.text.startswith(want["text_starts"])]
            assert len(found) == 1, want["text_starts"]
            post = found[0]
            assert post.text.endswith(want["text_ends"])
            assert post.author == want["author"]
            assert list(post.media) == want["media"]
            if "must_not_include" in want:
                assert want["must_not_include"] not in post.text
        assert post.platform == want["platform"]
        assert post.handle == want["handle"]
        assert post.date == want["date"]


def _covers(entity: Entity, form: str) -> bool:
    """A listed form is one of the entity's mentions, up to titles and dots, or part of one."""
    key = name_key(form)
    whole_word = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")
    return any(name_key(m) == key or whole_word.search(m) for m in entity.mentions)


def test_every_entity_group_is_one_entity(result: Extraction, expected: dict[str, Any],
                                          article: Article) -> None:
    body = article.body
    for etype, groups in expected["entities"].items():
        for group in groups:
            present = [f for f in group if f in body]
            assert present, group
            holders = [e for e in result.entities
                       if e.type == etype and all(_covers(e, f) for f in present)]
            assert len(holders) == 1, (group, etype, [(e.name, e.type, e.mentions) for e in result.entities])
            entity = holders[0]
            assert entity.name in group
            if group[0] in body:
                assert entity.name == group[0]
            assert entity.count >= len(present) - 1
            # No other entity of the group's type holds one of its forms on its own.
            for other in result.entities:
                if other is not entity and other.type == etype:
                    assert not any(name_key(m) == name_key(f) for m in other.mentions for f in present)


def test_json_shape(result: Extraction, article: Article) -> None:
    data = extraction_to_json(article, result)
    assert list(data) == ["title", "date", "quotes", "posts", "entities"]
    assert data["date"] == "2025-09-03"
    assert all(
        list(q) == ["text", "speaker", "speaker_kind", "paragraph", "speaker_text", "evidence", "confidence"]
        for q in data["quotes"]
    )
    assert all(list(e) == ["name", "type", "mentions", "count"] for e in data["entities"])
    assert all(
        list(p) == ["platform", "author", "handle", "date", "text", "url", "media", "missing"]
        for p in data["posts"]
    )
    json.dumps(data)


def test_extraction_is_deterministic(extractor: Extractor, article: Article, result: Extraction) -> None:
    assert extractor.extract([article])[0] == result


def test_parsing_only_where_quotes_need_it_changes_nothing(
        extractor: Extractor, article: Article, result: Extraction) -> None:
    docs = list(extractor.nlp.pipe([p.text for p in article.paragraphs], batch_size=16))
    full = extract_parsed(article, docs, tuple(find_posts(article)))
    assert extraction_to_json(article, full) == extraction_to_json(article, result)
