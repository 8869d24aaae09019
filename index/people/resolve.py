"""Which person a name means: the one door the person's page (and its CLI and export) goes through.

A name resolves through the archive-wide entity table (``Archive.resolve_person``: "Trump",
"Donald J. Trump" and "President Trump" are one person); the page keeps the canonical name and
those of its aliases that mean this person and no one else. A name the table does not know (a
speaker the NER never saw as a person, say) falls back to the speaker or person-facet value that
equals it ignoring case and spacing, else to itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from index.archive import Archive

# The table's types as the page says them.
TYPES = {"PERSON": "person", "ORG": "organisation", "PLACE": "place"}

# Where the identity came from, shown on the page.
SOURCE_TABLE = "the archive's entity table (names merged across articles)"
SOURCE_PLACEHOLDER = "speaker and entity names as the articles give them (not in the archive's entity table)"


@dataclass(frozen=True)
class Person:
    """A person as the archive knows them: the canonical name and the exact names that stand for it.

    ``names`` are the values of the speaker and person facets that mean this person (the
    canonical name first); ``type`` is "person" ("organisation", "place" for a name the table has
    as one), or "" when the archive does not know the name.
    """

    name: str
    names: tuple[str, ...]
    type: str = "person"
    source: str = SOURCE_PLACEHOLDER


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _quote_phrase(name: str) -> str:
    return '"' + name.replace('"', " ").strip() + '"'


def resolve_person(archive: Archive, name: str) -> Person:
    """The person ``name`` stands for: the entity table's, else the exact speaker or person name."""
    wanted = " ".join(name.split())
    if not wanted:
        return Person("", (), "")
    facet, entity = "person", archive.resolve_person(wanted)
    for other in ("org", "place"):  # an organisation or a place (a type the user corrected) keeps its page
        if entity is None:
            facet, entity = other, archive.resolve_entity(other, wanted)
    if entity is not None:
        known = entity

        def same(form: str) -> bool:
            e = archive.resolve_person(form) if facet == "person" else archive.resolve_entity(facet, form)
            return (e or known).id == known.id

        forms = [form for form, _ in entity.aliases if form != entity.name and same(form)]
        return Person(entity.name, (entity.name, *forms), TYPES.get(entity.type, entity.type.lower()), SOURCE_TABLE)
    key = _key(wanted)
    phrase = _quote_phrase(wanted)
    found: list[str] = []
    # Speakers: the quotes index finds the phrase in any case; the exact facet value is kept.
    _, hits = archive.search_quotes(f"speaker:{phrase}", limit=200)
    found.extend(h.speaker for h in hits if h.speaker and _key(h.speaker) == key)
    result = archive.search(f"person:{phrase}", pagelen=1, snippets=False)
    found.extend(v for v, _ in result.facets.get("person", ()) if _key(v) == key)
    if not found:
        return Person(wanted, (wanted,), "")
    names = tuple(dict.fromkeys(found))
    canonical = wanted if wanted in names else names[0]
    return Person(canonical, (canonical, *(n for n in names if n != canonical)))
