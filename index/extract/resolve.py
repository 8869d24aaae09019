"""The rules that make one archive-wide entity of names from many articles (pure functions).

``index.store.entities.EntityTable`` keeps the table; the rules are here:

- an article's entity is filed under its *key*: ``entities.name_key`` (titles, "the", possessives,
  dots and case gone: "President Trump", "Mr. Trump", "WASHINGTON"), and for a person's full name
  without middle initials ("Donald J. Trump" ~ "Donald Trump");
- a *bare* key (one word: a surname, an acronym, a handle) is looked up in the archive
  (:func:`decide`): the entities other articles merged it into ("Trump" in an article about Donald
  Trump, "AP" defined as the Associated Press), the persons with that surname; an acronym only
  the names articles defined it as, never a name whose initials merely spell it ("UI" is not the
  Urban Institute of another article). The dominant one wins; with two of a size ("Johnson": Boris and
  Brandon) it stays an entity of its own;
- the type of an entity is the archive-wide majority of its articles' types.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from index.extract.entities import name_key
from index.extract.titles import initials_of

# A candidate wins a bare key when it has this many times the articles of the next one.
DOMINANCE = 3
TYPE_ORDER = ("PERSON", "ORG", "PLACE")
_ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,7}$")


def entity_key(name: str, etype: str) -> str:
    """The key an article's entity is filed under: its name key, for a person without middle initials."""
    key = name_key(name)
    if etype == "PERSON":
        words = key.split()
        if len(words) >= 3:
            kept = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
            key = " ".join(kept)
    return key


def is_bare(key: str) -> bool:
    """Whether a key is one word (a surname, an acronym, a handle): resolved through the archive."""
    return bool(key) and " " not in key


def surname(key: str, etype: str) -> str | None:
    """The surname of a person's full-name key ("donald trump" → "trump"), else None."""
    words = key.split()
    return words[-1] if etype == "PERSON" and len(words) >= 2 and not words[-1].startswith("@") else None


def initials(name: str, etype: str) -> str | None:
    """The lower-case initials of an organisation's or place's name of 2+ capitalised words
    ("Associated Press" → "ap", "Department of Homeland Security" → "dhs"), else None."""
    return None if etype == "PERSON" else initials_of(name)


def is_acronym(name: str) -> bool:
    """Whether a name is written as an acronym ("AP", "U.N.", "DHS")."""
    return bool(_ACRONYM.match(name.strip())) and sum(c.isalpha() for c in name) >= 2


def majority_type(votes: Mapping[str, int]) -> str:
    """The type most articles give; ties go to person, then organisation, then place."""
    if not votes:
        return "ORG"
    return min(votes, key=lambda t: (-votes[t], TYPE_ORDER.index(t) if t in TYPE_ORDER else 9, t))


def compatible(local_type: str, entity_type: str, *, via_form: bool) -> bool:
    """Whether a bare name an article typed ``local_type`` may join an entity of ``entity_type``.

    A place never joins a person ("Washington"); an organisation joins a person only when other
    articles merged the same form into that person (spaCy tags a bare "Trump" ORG), not by surname
    alone ("Ford" the company).
    """
    if local_type == "PLACE":
        return entity_type != "PERSON"
    if local_type == "PERSON":
        return entity_type != "PLACE"
    if entity_type == "PERSON":
        return via_form
    return True


@dataclass(frozen=True)
class Candidate:
    """An entity a bare key may stand for, with the articles that support it."""

    entity_id: int
    type: str
    articles: int
    via_form: bool  # other articles merged the form into it (not only a surname or initials)


def decide(local_type: str, candidates: Iterable[Candidate], floor: float = 0) -> int | None:
    """The entity a bare key of an article's ``local_type`` entity stands for, or None if none
    dominates or the winner has fewer than ``floor`` articles (the key is then an entity of its own)."""
    best: dict[int, int] = {}
    for c in candidates:
        if compatible(local_type, c.type, via_form=c.via_form):
            best[c.entity_id] = max(best.get(c.entity_id, 0), c.articles)
    if not best:
        return None
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
    if ranked[0][1] < floor:
        return None
    if len(ranked) == 1 or ranked[0][1] >= DOMINANCE * ranked[1][1]:
        return ranked[0][0]
    return None


def choose_name(forms: Mapping[str, int], key: str) -> str:
    """The canonical name of an entity from its articles' names for it and their counts: the most
    used with the entity's key (no title, no possessive), not in capitals if another is not."""
    if not forms:
        return key
    exact = {f: n for f, n in forms.items() if name_key(f) == key and not f.startswith("@")}
    pool = exact or forms
    mixed = any(not f.isupper() for f in pool)  # "Washington" over a dateline's "WASHINGTON"
    return min(pool, key=lambda f: (mixed and f.isupper(), -pool[f], -len(f.split()), f))
