"""Anchoring a quote correction by its text (never its position) and the pure entity corrections."""

from __future__ import annotations

from index.corrections import EntityCorrection, anchor, apply_entity_corrections, corrected_name, selector_of
from index.model import Article, Entity, Paragraph, Quote

ARTICLE = Article(
    id="a1",
    title="Talks",
    paragraphs=(
        Paragraph("Volker said, “We will keep talking to them.” Later he added: “We will keep talking to them.”"),
        Paragraph("“It was a productive day for everyone,” an aide said after the meeting."),
    ),
)


def q(text: str, para: int, nth: int = 0) -> Quote:
    body = ARTICLE.paragraphs[para].text
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return Quote(text=text, speaker="Volker", speaker_kind="person", paragraph=para, start=start,
                 end=start + len(text))


def test_a_repeated_quote_is_told_apart_by_its_context() -> None:
    quotes = [q("We will keep talking to them.", 0), q("We will keep talking to them.", 0, 1),
              q("It was a productive day for everyone,", 1)]
    second = selector_of(ARTICLE, quotes[1])
    assert second.prefix.endswith("he added: “") and second.suffix.startswith("”")
    assert anchor(second, ARTICLE, quotes) == 1
    assert anchor(selector_of(ARTICLE, quotes[0]), ARTICLE, quotes) == 0
    # The extractor's order changed: still found by text and context, not by position.
    assert anchor(second, ARTICLE, list(reversed(quotes))) == 1


def test_moved_boundaries_still_anchor_and_a_gone_quote_does_not() -> None:
    sel = selector_of(ARTICLE, q("It was a productive day for everyone,", 1))
    shorter = [q("It was a productive day", 1)]
    assert anchor(sel, ARTICLE, shorter) == 0
    assert anchor(sel, ARTICLE, [q("We will keep talking to them.", 0)]) is None
    assert anchor(sel, ARTICLE, []) is None


def test_the_text_edited_in_the_file_is_matched_fuzzily() -> None:
    edited = Article(id="a1", title="Talks",
                     paragraphs=(Paragraph("“It was a very productive day for all,” an aide said."),))
    sel = selector_of(ARTICLE, q("It was a productive day for everyone,", 1))
    new = Quote(text="It was a very productive day for all,", speaker=None, speaker_kind="unknown", paragraph=0,
                start=1, end=38)
    assert anchor(sel, edited, [new]) == 0
    other = Quote(text="Nothing like it at all.", speaker=None, speaker_kind="unknown", paragraph=0)
    assert anchor(sel, edited, [other]) is None


ENTS = (Entity("Donald Trump", "PERSON", ("Donald Trump", "President Trump"), 5),
        Entity("Trump", "ORG", ("Trump",), 2), Entity("Twitter", "PERSON", ("Twitter",), 1),
        Entity("Washington", "PLACE", ("Washington", "WASHINGTON"), 3))


def by_name(entities: tuple[Entity, ...]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


def test_merge_takes_the_type_of_the_entity_kept_and_adds_the_counts() -> None:
    out = by_name(apply_entity_corrections(ENTS, [EntityCorrection("merge", "Donald Trump", ("Trump",), "PERSON")]))
    assert "Trump" not in out
    assert out["Donald Trump"].type == "PERSON" and out["Donald Trump"].count == 7
    assert "Trump" in out["Donald Trump"].mentions


def test_rename_type_hide_and_a_split_after_a_merge() -> None:
    fixes = [EntityCorrection("rename", "washington", value="Washington, D.C."),
             EntityCorrection("type", "Trump", value="PERSON"), EntityCorrection("hide", "TWITTER")]
    out = by_name(apply_entity_corrections(ENTS, fixes))
    assert out["Washington, D.C."].type == "PLACE" and "Washington" in out["Washington, D.C."].mentions
    assert out["Trump"].type == "PERSON" and "Twitter" not in out
    merged_then_split = [EntityCorrection("merge", "Donald Trump", ("Trump",), "PERSON"),
                         EntityCorrection("split", "Donald Trump", value="Trump")]
    out = by_name(apply_entity_corrections(ENTS, merged_then_split))
    assert "Trump" in out and "Trump" not in out["Donald Trump"].mentions


def test_corrected_name_follows_merges_renames_hides_and_splits() -> None:
    fixes = [EntityCorrection("merge", "Kurt Volker", ("Volker",)), EntityCorrection("rename", "Kurt Volker",
             value="Kurt D. Volker")]
    assert corrected_name("volker", fixes) == "Kurt D. Volker"
    assert corrected_name("Twitter", [EntityCorrection("hide", "twitter")]) is None
    assert corrected_name("Volker", [*fixes[:1], EntityCorrection("split", "Kurt Volker", value="Volker")]) == "Volker"
