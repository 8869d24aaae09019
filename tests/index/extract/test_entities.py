"""Entity merging rules, one per test: on small paragraphs, some with spaCy's labels forced."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from index.extract import Extractor
from index.extract.entities import Resolver, build_entities, name_key, strip_title
from index.model import Article, Entity, Extraction, Paragraph, Post

Extract = Callable[..., Extraction]


def entity(ex: Extraction | tuple[Entity, ...], name: str) -> Entity:
    entities = ex.entities if isinstance(ex, Extraction) else ex
    found = [e for e in entities if e.name == name]
    assert len(found) == 1, [(e.name, e.type, e.mentions) for e in entities]
    return found[0]


def labelled(extractor: Extractor, *paragraphs: tuple[str, list[tuple[str, str]]],
             posts: tuple[Post, ...] = ()) -> tuple[tuple[Entity, ...], Resolver]:
    """Entities of paragraphs whose NER labels are given: [(surface, label), ...] per paragraph."""
    docs = []
    for text, ents in paragraphs:
        doc = extractor.nlp.make_doc(text)
        spans, pos = [], 0
        for surface, label in ents:
            start = text.index(surface, pos)
            span = doc.char_span(start, start + len(surface), label=label)
            assert span is not None, surface
            spans.append(span)
            pos = start + len(surface)
        doc.ents = spans
        docs.append(doc)
    article = Article(id="e", title="t", paragraphs=tuple(Paragraph(t) for t, _ in paragraphs))
    return build_entities(article, docs, posts)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("J.B. Pritzker", "JB Pritzker"),
        ("Illinois Gov. J.B. Pritzker", "JB Pritzker"),
        ("Press Secretary Karoline Leavitt", "Karoline Leavitt"),
        ("Chicago Mayor Brandon Johnson", "Brandon Johnson"),
        ("Trump's", "Trump"),
        ("the National Guard", "National Guard"),
        ("U.S.", "United States"),
        ("US", "the United States"),
        ("Apple Inc.", "Apple"),
    ],
)
def test_name_key_equal(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_title_stripping_keeps_the_name() -> None:
    assert strip_title("President Trump") == "Trump"
    assert strip_title("Attorney General Pam Bondi") == "Pam Bondi"
    assert strip_title("Karoline Leavitt") == "Karoline Leavitt"
    assert strip_title("Mayor") == "Mayor"


def test_titles_stripped_from_canonical_name_but_kept_in_mentions(extract: Extract) -> None:
    ex = extract("Chicago Mayor Brandon Johnson signed an order. Press Secretary Karoline Leavitt said it was wrong.")
    johnson = entity(ex, "Brandon Johnson")
    assert johnson.type == "PERSON"
    assert "Chicago Mayor Brandon Johnson" in johnson.mentions
    assert entity(ex, "Karoline Leavitt").type == "PERSON"
    assert entity(ex, "Chicago").type == "PLACE"


def test_acronym_defined_in_text(extract: Extract) -> None:
    ex = extract("The Federal Bureau of Investigation (FBI) opened a case. The FBI said it would report.")
    fbi = entity(ex, "Federal Bureau of Investigation")
    assert fbi.type == "ORG"
    assert "FBI" in fbi.mentions and fbi.count == 3


def test_acronym_missed_by_the_model_is_added(extractor: Extractor) -> None:
    entities, resolver = labelled(
        extractor,
        ("The Department of Defense (DoD) sent support, and DoD staff arrived.",
         [("Department of Defense", "ORG")]),
    )
    dod = entity(entities, "Department of Defense")
    assert dod.mentions == ("Department of Defense", "DoD") and dod.count == 3
    assert resolver.lookup("DoD") == dod


def test_surname_joins_the_unique_full_name(extract: Extract) -> None:
    ex = extract("Sen. Elizabeth Warren criticized the bill on Monday.", "Warren said it was a giveaway.")
    warren = entity(ex, "Elizabeth Warren")
    assert warren.type == "PERSON" and "Warren" in warren.mentions


def test_ambiguous_surname_is_not_merged(extractor: Extractor) -> None:
    entities, _ = labelled(
        extractor,
        ("Mike Ford wrote books. Dale Ford is his brother. Ford declined.",
         [("Mike Ford", "PERSON"), ("Dale Ford", "PERSON"), ("Ford", "ORG")]),
    )
    assert entity(entities, "Ford").type == "PERSON"
    assert entity(entities, "Mike Ford").mentions == ("Mike Ford",)


def test_handle_after_a_name_joins_it(extractor: Extractor) -> None:
    entities, resolver = labelled(
        extractor,
        ("It was signed. — Governor JB Pritzker (@GovPritzker) September 3, 2025",
         [("JB Pritzker", "PERSON"), ("@GovPritzker", "ORG")]),
    )
    pritzker = entity(entities, "JB Pritzker")
    assert pritzker.type == "PERSON"
    assert set(pritzker.mentions) == {"Governor JB Pritzker", "@GovPritzker"}
    assert resolver.lookup("@GovPritzker") == pritzker
    assert resolver.lookup("Gov. Pritzker") == pritzker


def test_post_handle_joins_its_author(extractor: Extractor) -> None:
    entities, _ = labelled(
        extractor,
        ("Senator Elizabeth Warren spoke.", [("Elizabeth Warren", "PERSON")]),
        ("@SenWarren wrote that the bill was bad.", [("@SenWarren", "ORG")]),
        posts=(Post(platform="x", author="Senator Elizabeth Warren", handle="SenWarren"),),
    )
    warren = entity(entities, "Elizabeth Warren")
    assert "@SenWarren" in warren.mentions and warren.type == "PERSON"


def test_org_tagged_copies_of_a_person_join_the_person(extractor: Extractor) -> None:
    entities, _ = labelled(
        extractor,
        ("President Trump replied.", [("Trump", "PERSON")]),
        ("Trump has proposed sending troops.", [("Trump", "ORG")]),
        ("Trump said so. Trump posted. Trump left.", [("Trump", "ORG"), ("Trump", "ORG"), ("Trump", "ORG")]),
    )
    trump = entity(entities, "Trump")
    assert trump.type == "PERSON" and trump.count == 5
    assert set(trump.mentions) == {"President Trump", "Trump"}


def test_type_is_the_majority_without_person_evidence(extractor: Extractor) -> None:
    entities, _ = labelled(
        extractor,
        ("Stadia launched. Stadia grew. Stadia stalled. Stadia ended.",
         [("Stadia", "ORG"), ("Stadia", "ORG"), ("Stadia", "PRODUCT"), ("Stadia", "ORG")]),
    )
    assert entity(entities, "Stadia").type == "ORG"


def test_united_states_is_one_place(extract: Extract) -> None:
    ex = extract("The U.S. sent aid. The United States is large. Any US city would do.")
    us = entity(ex, "United States")
    assert us.type == "PLACE" and us.count >= 2


def test_dropped_labels(extract: Extract) -> None:
    ex = extract("On Monday, 54 people paid $20 each, 8 percent more than last week.")
    assert not [e for e in ex.entities if e.type in ("DATE", "CARDINAL", "MONEY", "PERCENT", "TIME")]


def test_canonical_is_the_longest_form(extract: Extract) -> None:
    ex = extract("Donald Trump spoke on Monday in Ohio.", "Later, Trump left for Florida.")
    trump = entity(ex, "Donald Trump")
    assert "Trump" in trump.mentions


def test_dateline_is_not_an_acronym_definition(extractor: Extractor) -> None:
    entities, _ = labelled(
        extractor,
        ("WASHINGTON (CNN) The Senate voted.", [("WASHINGTON", "GPE"), ("CNN", "ORG"), ("Senate", "ORG")]),
    )
    assert entity(entities, "CNN").type == "ORG"
    assert entity(entities, "WASHINGTON").mentions == ("WASHINGTON",)


def test_short_first_name_and_middle_initial_are_one_person(extractor: Extractor) -> None:
    entities, _ = labelled(
        extractor,
        ("Joshua Apte studies air. Josh Apte said so. Apte agreed. Michael R. Bloomberg ran; Michael Bloomberg lost.",
         [("Joshua Apte", "PERSON"), ("Josh Apte", "PERSON"), ("Apte", "PERSON"),
          ("Michael R. Bloomberg", "PERSON"), ("Michael Bloomberg", "PERSON")]),
    )
    assert entity(entities, "Joshua Apte").count == 3
    assert entity(entities, "Michael R. Bloomberg").count == 2


def test_a_name_ending_like_an_organisation_is_one(extractor: Extractor) -> None:
    entities, _ = labelled(
        extractor,
        ("Dr. Marwan Al-Hams runs Youssef Al-Najjar Hospital in Rafah.",
         [("Marwan Al-Hams", "PERSON"), ("Youssef Al-Najjar Hospital", "PERSON"), ("Rafah", "GPE")]),
    )
    assert entity(entities, "Youssef Al-Najjar Hospital").type == "ORG"
    assert entity(entities, "Marwan Al-Hams").type == "PERSON"
