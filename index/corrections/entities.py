"""Entity corrections as pure functions of names: what a merge, rename, type change, hide or split
makes of an article's entities, of a speaker's name, of one alias form.

Names are compared as the user sees them, ignoring letter case and runs of spaces. Corrections
apply in the order they were made, so a split after a merge takes the alias out again, and a merge
after that split puts it back. The archive-wide entity table calls ``apply_entity_corrections`` on
each article's entities before it links them, and ``corrected_name`` for a form it looks up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from index.corrections.model import EntityCorrection
from index.model import Entity


def key(name: str) -> str:
    """A name as corrections compare it: case folded, spaces collapsed."""
    return " ".join(name.split()).casefold()


def _merged(entities: Iterable[Entity]) -> list[Entity]:
    """Entities of one name (and type) made one: mentions joined, counts added; order kept."""
    out: dict[tuple[str, str], Entity] = {}
    for e in entities:
        k = (key(e.name), e.type)
        have = out.get(k)
        if have is None:
            out[k] = e
            continue
        mentions = tuple(dict.fromkeys((*have.mentions, *e.mentions)))
        out[k] = replace(have, mentions=mentions, count=have.count + e.count)
    return list(out.values())


def _with_mention(e: Entity, *forms: str) -> tuple[str, ...]:
    have = {key(m) for m in e.mentions}
    return (*e.mentions, *(f for f in dict.fromkeys(forms) if key(f) not in have))


def _one(entities: list[Entity], c: EntityCorrection) -> list[Entity]:
    name_key = key(c.name)
    if c.action == "merge":
        forms = {key(f) for f in (c.name, *c.others)}
        into = next((e for e in entities if key(e.name) == name_key), None)
        kind = c.value or (into.type if into is not None else "")
        out = []
        for e in entities:
            if key(e.name) in forms or any(key(m) in forms for m in e.mentions):
                e = replace(e, name=c.name, type=kind or e.type, mentions=_with_mention(e, e.name))
            out.append(e)
        return _merged(out)
    if c.action == "rename":
        return _merged(replace(e, name=c.value, mentions=_with_mention(e, e.name)) if key(e.name) == name_key else e
                       for e in entities)
    if c.action == "type":
        return _merged(replace(e, type=c.value) if key(e.name) == name_key else e for e in entities)
    if c.action == "hide":
        return [e for e in entities if key(e.name) != name_key]
    # split: the alias leaves the entity and stands on its own.
    alias = key(c.value)
    out = []
    for e in entities:
        if key(e.name) == name_key and any(key(m) == alias for m in e.mentions) and alias != name_key:
            taken = [m for m in e.mentions if key(m) == alias]
            kept = tuple(m for m in e.mentions if key(m) != alias)
            share = max(1, min(e.count - 1, len(taken)))
            out.append(replace(e, mentions=kept, count=max(1, e.count - share)))
            out.append(Entity(taken[0], e.type, tuple(taken), share))
        else:
            out.append(e)
    return _merged(out)


def apply_entity_corrections(entities: Sequence[Entity], corrections: Sequence[EntityCorrection]) -> tuple[Entity, ...]:
    """One article's entities with the corrections applied, in their order (pure: no I/O)."""
    out = list(entities)
    for c in corrections:
        out = _one(out, c)
    return tuple(out)


def corrected_name(name: str, corrections: Sequence[EntityCorrection]) -> str | None:
    """What a name (a speaker, an alias form the entity table looks up) is after the corrections:
    the name it was merged into or renamed to, itself, or None once it is hidden."""
    current: str | None = name
    for c in corrections:
        if current is None:
            return None
        k = key(current)
        if c.action == "merge" and k in {key(f) for f in c.others}:
            current = c.name
        elif c.action == "rename" and k == key(c.name):
            current = c.value
        elif c.action == "hide" and k == key(c.name):
            current = None
        elif c.action == "split" and k == key(c.name) and key(name) == key(c.value):
            current = name  # its own name again, whatever merged it before
    return current


def forms_named(corrections: Iterable[EntityCorrection]) -> set[str]:
    """Every name (as ``key`` gives it) the corrections name: an article none of whose entities or
    speakers has one of these is left as it is by them."""
    out: set[str] = set()
    for c in corrections:
        out.update(key(f) for f in (c.name, *c.others))
        if c.action in ("rename", "split"):
            out.add(key(c.value))
    return out


def names_given(corrections: Sequence[EntityCorrection]) -> dict[str, str]:
    """The names the user gave entities (a rename's new name, a merge's name), by ``key``: the
    archive-wide table keeps such a name as the canonical one of the entity that has it, whatever its
    own rules would choose, so a correction survives relinking, ``rebuild`` and re-indexing."""
    out: dict[str, str] = {}
    for c in corrections:
        given = c.value if c.action == "rename" else c.name if c.action == "merge" else None
        if given:
            out.pop(key(given), None)
            out[key(given)] = given  # the latest correction last
    return out


def forms_split(corrections: Sequence[EntityCorrection]) -> set[str]:
    """The alias forms (as ``key`` gives them) the user split off an entity and did not merge back:
    the archive-wide table keeps each as an entity of its own, never joined to the one it left by
    its rules (titles, initials), so a split survives relinking, ``rebuild`` and re-indexing."""
    out: set[str] = set()
    for c in corrections:
        if c.action == "split":
            out.add(key(c.value))
        elif c.action == "merge":
            out -= {key(f) for f in (c.name, *c.others)}
    return out
