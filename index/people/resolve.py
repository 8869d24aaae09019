"""Which person a name means: the one door the person's page (and its CLI and export) goes through.

PLACEHOLDER until the archive-wide entity table lands: today a name resolves to the speaker or
person-facet value that equals it ignoring case and spacing, else to itself; its aliases are the
mention forms the articles' own entities list for it; its type is "person" when the archive
knows it as a person or a speaker. The entity table replaces the body of ``resolve_person`` with
one call into it; everything else keys on the ``Person`` it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from index.archive import Archive

# Where the identity came from, shown on the page until the entity table replaces it.
SOURCE_PLACEHOLDER = "speaker and entity names as the articles give them (no archive-wide entity table yet)"


@dataclass(frozen=True)
class Person:
    """A person as the archive knows them: the canonical name and the exact names that stand for it.

    ``names`` are the values of the speaker and person facets that mean this person (the
    canonical name first); ``type`` is "person" or "" when the archive does not know the name.
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
    """The person ``name`` stands for. PLACEHOLDER: exact names only (see the module docstring)."""
    wanted = " ".join(name.split())
    if not wanted:
        return Person("", (), "")
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
