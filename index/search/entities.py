"""Names in queries and filters, through the archive-wide entity table (``index.store.entities``).

``person:Trump``, ``person:"Donald J. Trump"``, ``person:"President Trump"`` and the filter of a
click on the entity find the same articles: the name is resolved to its entity, and the query
becomes the exact facet values (``person_facet``, ``org_facet``, ``place_facet``) of the entity's
articles, whatever type one article gave it ("Trump" tagged ORG in five of them). Where a value
also names another entity elsewhere (a bare "Trump" kept apart in an article about two Trumps),
the articles are told apart by id, so the set is exactly the table's. The match scores as one.

A name the table does not know searches the field's words as before; a bare one it keeps apart
because it could mean several ("Johnson": Boris and Brandon) searches them too, with its own articles.

``speaker:`` is resolved against people: the speakers whose name means the same person
("Volker" and "Kurt Volker") are found with the words typed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from whoosh import query as wq

from index.extract.resolve import entity_key, is_bare
from index.search.facets import save_atomically
from index.store.entities import ArchiveEntity, EntityTable
from index.store.w3 import Segment

log = logging.getLogger(__name__)

SURNAMES = ".surnames.json"  # the ending of a segment's saved speaker table

# The name fields a query (or a filter, by exact value) searches, and the entity type of each.
FIELD_TYPES = {"people": "PERSON", "orgs": "ORG", "places": "PLACE",
               "person_facet": "PERSON", "org_facet": "ORG", "place_facet": "PLACE"}
# The exact values of each type, as the index writes them.
FACET_FIELDS = {"PERSON": "person_facet", "ORG": "org_facet", "PLACE": "place_facet"}
# The filter names of the GUI and the CLI, and their type.
FILTER_TYPES = {"person": "PERSON", "org": "ORG", "place": "PLACE"}
SPEAKER_FIELDS = frozenset({"speakers", "speaker", "speaker_facet"})


def facet_value(name: str) -> str:
    """A name as the index's facet fields hold it (``index.store.schema``: no commas)."""
    return name.replace(",", " ").strip()


def leaf_name(q: wq.Query) -> str | None:
    """The name a word or phrase of a name field asks for, as the parser left it (lower case)."""
    if isinstance(q, wq.Term) and isinstance(q.text, str):
        return q.text
    if isinstance(q, wq.Phrase) and q.words:
        return " ".join(q.words)
    return None


class EntityQueries:
    """The queries for names, for one generation of the entity table (build a new one when it changes)."""

    def __init__(self, table: EntityTable, generation: int) -> None:
        self.table = table
        self.generation = generation
        self._queries: dict[int, wq.Query] = {}
        self._found: dict[tuple[str, str], ArchiveEntity | None] = {}
        self._ids: dict[tuple[str, str], int | None] = {}

    def find(self, name: str, etype: str) -> ArchiveEntity | None:
        """The entity ``name`` means as an ``etype`` (PERSON, ORG, PLACE), or None (cached)."""
        key = (name.lower(), etype)
        if key not in self._found:
            # The parser lower-cases what it reads: "president trump" has its title back as "President Trump".
            self._found[key] = self.table.find(name.title() if name.islower() else name, etype)
        return self._found[key]

    def find_id(self, name: str, etype: str) -> int | None:
        """The id of the entity ``name`` means as an ``etype``, or None (cached; ``find`` without
        the entity's counts and forms)."""
        key = (name.lower(), etype)
        if key not in self._ids:
            found = self._found.get(key)
            self._ids[key] = found.id if found is not None else self.table.find_id(
                name.title() if name.islower() else name, etype)
        return self._ids[key]

    def articles(self, entity: ArchiveEntity) -> wq.Query:
        """Exactly the articles the table links to ``entity``, by their facet values (and ids
        where a value also names another entity)."""
        got = self._queries.get(entity.id)
        if got is not None:
            return got
        parts: list[wq.Query] = []
        for (etype, name), links in sorted(self.table.links_by_name(entity.id).items()):
            field = FACET_FIELDS.get(etype)
            if field is None:
                continue
            term = wq.Term(field, facet_value(name))
            if links is None:  # no other entity's articles give this name
                parts.append(term)
                continue
            mine, others = links
            if len(mine) <= len(others):
                parts.extend(wq.Term("id", aid) for aid in mine)
            else:
                parts.append(wq.AndNot(term, _any("id", others)))
        q: wq.Query = _any_of(parts)
        self._queries[entity.id] = q
        return q

    def for_name(self, name: str, etype: str, words: wq.Query | None = None, *, exact: bool = False) -> wq.Query | None:
        """The query for a name as a user typed or clicked it (``words``: its words in a name
        field, searched too when the table keeps a bare name apart; ``exact``: a filter, whose value
        is first taken as a canonical name, as the facets and the panel show them); None if the
        table does not know it."""
        entity = self.table.named(name, etype) if exact else None
        entity = entity or self.find(name, etype)
        if entity is None:
            return None
        q = self.articles(entity)
        if words is not None and not exact and self._ambiguous(name, etype, entity):
            q = wq.Or([words, q])  # "Johnson" alone: every Johnson, as before
        return wq.ConstantScoreQuery(q, score=1.0)

    def _ambiguous(self, name: str, etype: str, entity: ArchiveEntity) -> bool:
        """Whether a bare name stays itself only because it could mean several entities."""
        key = entity_key(name, etype)
        return is_bare(key) and entity_key(entity.name, entity.type) == key and self.table.ambiguous(name, etype)

    def expand(self, q: wq.Query, speakers: Callable[[ArchiveEntity], Sequence[wq.Query]] | None = None) -> wq.Query:
        """``q`` with its words and phrases of the name fields resolved through the table (outside
        a NOT too: ``NOT person:Trump`` leaves out every Donald Trump article)."""
        if q.is_leaf():
            field = getattr(q, "fieldname", None)
            name = leaf_name(q)
            if name is None or field is None:
                return q
            if field in FIELD_TYPES:
                got = self.for_name(name, FIELD_TYPES[field], q, exact=field.endswith("_facet"))
                return got if got is not None else q
            if field in SPEAKER_FIELDS and speakers is not None:
                entity = self.find(name, "PERSON")
                same = list(speakers(entity)) if entity is not None else []
                return wq.Or([q, *same]) if same else q
            return q
        return q.apply(lambda child: self.expand(child, speakers))


def _any(field: str, values: Iterable[str]) -> wq.Query:
    return _any_of([wq.Term(field, v) for v in values])


def _any_of(parts: Sequence[wq.Query]) -> wq.Query:
    if not parts:
        return wq.NullQuery
    return parts[0] if len(parts) == 1 else wq.Or(list(parts))


def speaker_surnames(segments: Iterable[Segment], field: str, cache_dir: Path | None) -> dict[str, list[str]]:
    """``by_surname`` of every term of ``field`` (the quotes' speakers) over the segments, each
    name once, in order. Each segment's table is saved beside the index the first time
    (``<segment id>.<field>.surnames.json``; a segment never changes): the terms read through
    Whoosh's lexicon and a key for each of 18,640 speakers took 0.3 s of the first ``speaker:``
    query of every process at 100,000 articles."""
    merged: dict[str, set[str]] = {}
    for seg in segments:
        for surname, names in _segment_surnames(seg, field, cache_dir).items():
            merged.setdefault(surname, set()).update(names)
    return {surname: sorted(names) for surname, names in merged.items()}


def _segment_surnames(seg: Segment, field: str, cache_dir: Path | None) -> dict[str, list[str]]:
    path = cache_dir / f"{seg.id}.{field}{SURNAMES}" if cache_dir is not None and seg.id is not None else None
    if path is not None and path.exists():
        try:
            saved = json.loads(path.read_bytes())
            if isinstance(saved, dict):
                return saved
        except (OSError, ValueError) as exc:
            log.info("speaker table %s unreadable (%s); reading the index", path, exc)
    table = by_surname(t.decode() for t in seg.terms(field))
    if path is not None:
        data = json.dumps(table, ensure_ascii=False).encode()
        save_atomically(path, lambda fh: fh.write(data))
    return table


def by_surname(values: Iterable[str]) -> dict[str, list[str]]:
    """Speaker names by the last word of their key ("Kurt Volker" under "volker"), for ``speakers_of``."""
    out: dict[str, list[str]] = {}
    for v in values:
        words = entity_key(v, "PERSON").split()
        if words:
            out.setdefault(words[-1], []).append(v)
    return out


def speakers_of(entity: ArchiveEntity, names: Mapping[str, Sequence[str]], queries: EntityQueries) -> list[str]:
    """The speaker names (``by_surname`` of them) that mean ``entity`` ("Volker" and "Kurt
    Volker"): those with the surname of one of its forms that resolve to it."""
    surnames = {k.split()[-1] for f in (entity.name, *(a for a, _ in entity.aliases)) if (k := entity_key(f, "PERSON"))}
    out = []
    for surname in sorted(surnames):
        for v in names.get(surname, ()):
            if queries.find_id(v, "PERSON") == entity.id:
                out.append(v)
    return out
