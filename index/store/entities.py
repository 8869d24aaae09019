"""The archive-wide entity table: one row per real-world person, organisation or place.

It lives in the document store (its own tables, created when it is first opened) and is kept from
the stored extractions alone, so it never runs NLP:

- ``entities``: id, key, type (the majority of its articles'), canonical name, article and
  mention counts, and what bare names look it up by (a person's surname, an organisation's initials);
- ``entity_forms``: every form an entity is written in, with the number of articles using it;
- ``entity_links``: each article's entity (as ``index.extract.entities`` merged it) and the row it
  belongs to; a bare name resolved through the archive keeps its ``lookup`` key, so that when a later
  article makes the name ambiguous (or resolvable) only those links are revisited;
- ``entity_articles``: which extraction (content hash, extractor version) of each article the
  table holds, so :meth:`EntityTable.sync` reads only what changed since: adding 100 articles
  touches those 100 and the links their names revisit, not the archive.

The rules are in ``index.extract.resolve``. Links that move are logged (INFO) and returned.
Every change bumps a generation number in the store's meta table: the searcher
(``index.search.entities``, ``index.search.facets.EntityFacets``) keys its caches by it.
"""

from __future__ import annotations

import builtins
import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from index.extract import resolve as rules
from index.model import Entity
from index.store.codec import extraction_from_dict, unpack
from index.store.db import Store

log = logging.getLogger(__name__)

TYPES = ("PERSON", "ORG", "PLACE")
GENERATION_KEY = "entity_generation"  # in the store's meta table
# The version of the linking rules (``index.extract.resolve``, the name keys of ``index.extract.mentions``)
# the table was built with: bump it when they change, and the next index rebuild relinks every article
# (``refresh``); otherwise a rebuild only links what changed, as an import does.
RULES_VERSION = 1
RULES_KEY = "entity_rules_version"
# The articles naming an entity, each once: an article may give it two names of two types
# ("Trump" ORG beside "Donald Trump"), which the ``articles`` column (the links, for the rules) counts twice.
_ARTICLES = "(SELECT count(DISTINCT l.article_id) FROM entity_links l WHERE l.entity_id = e.id)"

SCHEMA = """
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    articles INTEGER NOT NULL DEFAULT 0,
    mentions INTEGER NOT NULL DEFAULT 0,
    votes TEXT NOT NULL DEFAULT '{}',     -- JSON {type: articles}
    names TEXT NOT NULL DEFAULT '{}',     -- JSON {the articles' name for it: articles}
    surname TEXT,
    initials TEXT
);
CREATE INDEX IF NOT EXISTS entities_surname ON entities(surname);
CREATE INDEX IF NOT EXISTS entities_initials ON entities(initials);
CREATE INDEX IF NOT EXISTS entities_name ON entities(name, type);  -- named(): a filter's canonical name
CREATE TABLE IF NOT EXISTS entity_forms (
    entity_id INTEGER NOT NULL,
    form TEXT NOT NULL,
    form_key TEXT NOT NULL,
    articles INTEGER NOT NULL,
    evidence INTEGER NOT NULL DEFAULT 0,  -- articles that merged it into a full name themselves
    PRIMARY KEY (entity_id, form)
);
CREATE INDEX IF NOT EXISTS entity_forms_key ON entity_forms(form_key);
CREATE TABLE IF NOT EXISTS entity_links (
    article_id TEXT NOT NULL,
    n INTEGER NOT NULL,                   -- the entity's place in the article's extraction
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    forms TEXT NOT NULL,                  -- JSON list
    mentions INTEGER NOT NULL,
    lookup TEXT,                          -- the bare key resolved through the archive, or NULL
    among TEXT,                           -- JSON keys of the article's own candidates, if several
    entity_id INTEGER NOT NULL,
    PRIMARY KEY (article_id, n)
);
-- covers an entity's article count (a table scan per link without it: 1 ms an entity at 100,000 articles)
DROP INDEX IF EXISTS entity_links_entity;
CREATE INDEX IF NOT EXISTS entity_links_entity_article ON entity_links(entity_id, article_id);
CREATE INDEX IF NOT EXISTS entity_links_lookup ON entity_links(lookup);
-- covers the rules' count of the articles that name an entity in full (``_candidates``): a first
-- ``speaker:Perez`` counted every link of each Perez through the table (82 ms at 100,000 articles; 3.8 ms)
CREATE INDEX IF NOT EXISTS entity_links_named ON entity_links(entity_id) WHERE lookup IS NULL;
-- covers the facets' names() and shared_links() (a first search read every link without it)
CREATE INDEX IF NOT EXISTS entity_links_name ON entity_links(type, name, entity_id);
CREATE TABLE IF NOT EXISTS entity_articles (
    article_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    version INTEGER NOT NULL
);
"""


@dataclass(frozen=True)
class ArchiveEntity:
    """One row of the table: a real-world entity across the archive."""

    id: int
    name: str
    type: str
    articles: int  # each article once
    mentions: int
    aliases: tuple[tuple[str, int], ...]  # (form, articles using it), most used first


@dataclass(frozen=True)
class Relink:
    """A bare name whose links moved because the archive changed ("Johnson" became ambiguous)."""

    lookup: str
    links: int
    old: str
    new: str


@dataclass
class _Link:
    name: str
    type: str
    forms: tuple[str, ...]
    mentions: int
    lookup: str | None
    entity_id: int


def split_key(name: str) -> str:
    """The table's key of a form the user split off its entity: the form itself, whole (its title
    kept: "Councillor Owen Achterberg" is not "Owen Achterberg" once the user said so), marked so
    that no key the rules make is the same."""
    from index.corrections.entities import key as correction_key

    return f"{correction_key(name)} (split)"


class EntityTable:
    """The archive-wide entity table of a ``Store``."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._given: dict[str, str] = {}  # names the user gave entities, by corrections key (see sync)
        self._split: set[str] = set()  # alias forms the user split off, by corrections key (see sync)
        # Bare-name decisions made while linking many articles at once (see ``apply``).
        self._decided: dict[tuple[str, str, bool, tuple[str, ...] | None], int | None] | None = None
        if not store.readonly:
            with self._db:
                self._db.executescript(SCHEMA)

    @property
    def _db(self) -> sqlite3.Connection:
        return self.store._conn()  # the store's connection of this thread

    # --- reading ---------------------------------------------------------------------------------

    def list(self, type: str | None = None, limit: int | None = None) -> builtins.list[ArchiveEntity]:  # noqa: A002
        """Entities by article count (most first), of one type (PERSON, ORG, PLACE) or all three."""
        types = (type.upper(),) if type else TYPES
        rows = self._db.execute(
            f"SELECT id, name, type, {_ARTICLES}, mentions FROM entities e WHERE articles > 0 AND type IN"
            f" ({','.join('?' * len(types))}) ORDER BY 4 DESC, mentions DESC, name LIMIT ?",
            (*types, -1 if limit is None else limit),
        ).fetchall()
        return [self._entity(r) for r in rows]

    def get(self, entity_id: int) -> ArchiveEntity | None:
        row = self._db.execute(f"SELECT id, name, type, {_ARTICLES}, mentions FROM entities e WHERE id=?",
                               (entity_id,)).fetchone()
        return self._entity(row) if row else None

    def _entity(self, row: tuple) -> ArchiveEntity:
        forms = self._db.execute(
            "SELECT form, articles FROM entity_forms WHERE entity_id=? AND articles > 0"
            " ORDER BY articles DESC, form", (row[0],)).fetchall()
        return ArchiveEntity(row[0], row[1], row[2], row[3], row[4], tuple((f, n) for f, n in forms))

    def find(self, name: str, type: str | None = None) -> ArchiveEntity | None:  # noqa: A002
        """The entity a name means ("Trump", "Donald J. Trump", "AP", "@realDonaldTrump"), or None."""
        found = self.find_id(name, type)
        return self.get(found) if found is not None else None

    def find_id(self, name: str, type: str | None = None) -> int | None:  # noqa: A002
        """The id of the entity a name means, or None: ``find`` without reading the entity's counts
        and forms (a speaker query resolves hundreds of names to compare them with one)."""
        etype = (type or "").upper()
        split = self._db.execute("SELECT id FROM entities WHERE key=? AND articles > 0",
                                 (split_key(name),)).fetchone()  # a form the user split off: itself
        if split is not None and self._of_type(split[0], etype):
            return int(split[0])
        key = rules.entity_key(name, etype or "PERSON")
        for k in dict.fromkeys((key, rules.entity_key(name, "ORG"))):
            row = None
            if rules.is_bare(k):  # as an article's bare name resolves: "Trump" is the dominant Donald Trump
                target = self._decide(k, etype or "PERSON", name)
                row = (target,) if target is not None else None
            if row is None:
                row = self._db.execute("SELECT id FROM entities WHERE key=? AND articles > 0", (k,)).fetchone()
            if row is None:
                row = self._db.execute(
                    "SELECT entity_id FROM entity_forms WHERE form_key=? AND articles > 0"
                    " ORDER BY articles DESC LIMIT 1", (k,)).fetchone()
            if row is not None and self._of_type(row[0], etype):
                return int(row[0])
        return None

    def _of_type(self, entity_id: int, etype: str) -> bool:
        """Whether the entity exists and is of ``etype`` (any type for "")."""
        row = self._db.execute("SELECT type FROM entities WHERE id=?", (entity_id,)).fetchone()
        return row is not None and (not etype or row[0] == etype)

    def named(self, name: str, type: str) -> ArchiveEntity | None:  # noqa: A002
        """The entity whose canonical name is exactly ``name`` (a facet value, a name the panel
        shows), of that type, or None."""
        row = self._db.execute("SELECT id FROM entities WHERE name=? AND type=? AND articles > 0"
                               " ORDER BY articles DESC LIMIT 1", (name, type.upper())).fetchone()
        return self.get(row[0]) if row else None

    def ambiguous(self, name: str, type: str) -> bool:  # noqa: A002
        """Whether a bare name could mean several entities the table cannot choose between
        ("Johnson": Boris and Brandon), so that it stays an entity of its own."""
        key = rules.entity_key(name, type.upper())
        if not rules.is_bare(key):
            return False
        best: dict[int, int] = {}
        for c in self._candidates(key):
            if rules.compatible(type.upper(), c.type, via_form=c.via_form):
                best[c.entity_id] = max(best.get(c.entity_id, 0), c.articles)
        # Not "House", which stands alone in more articles than its candidates ("Freedom House") have.
        alone = self._db.execute("SELECT count(*) FROM entity_links WHERE lookup=?", (key,)).fetchone()[0]
        return sum(n >= alone / rules.DOMINANCE for n in best.values()) >= 2

    def resolve(self, name: str, type: str | None = None) -> str:  # noqa: A002
        """The canonical name for a name as a user or an article writes it (itself if unknown)."""
        found = self.find(name, type)
        return found.name if found is not None else name

    def articles_of(self, name: str, type: str | None = None) -> set[str]:  # noqa: A002
        """The ids of every article that names the entity a name means (for ``person:Trump``, a
        click on an entity, a facet): the same set for "Trump", "Donald J. Trump" and "Mr. Trump"."""
        found = self.find(name, type)
        if found is None:
            return set()
        return {r[0] for r in self._db.execute("SELECT article_id FROM entity_links WHERE entity_id=?", (found.id,))}

    def forms_of(self, name: str, type: str | None = None) -> builtins.list[str]:  # noqa: A002
        """Every form the archive writes the entity a name means in, the canonical name first (for
        searching the ``people``/``orgs``/``places`` fields); ``[name]`` if it is unknown."""
        found = self.find(name, type)
        if found is None:
            return [name]
        return [found.name, *(f for f, _ in found.aliases if f != found.name)]

    def article_entities(self, article_id: str) -> builtins.list[tuple[str, ArchiveEntity]]:
        """An article's entities (their names in the article) with the archive entity of each."""
        rows = self._db.execute("SELECT name, entity_id FROM entity_links WHERE article_id=? ORDER BY n",
                                (article_id,)).fetchall()
        return [(name, e) for name, eid in rows if (e := self.get(eid)) is not None]

    def links_of(self, article_id: str) -> builtins.list[tuple[str, str, ArchiveEntity]]:
        """An article's entities as (name in the article, type in the article, archive entity)."""
        rows = self._db.execute("SELECT name, type, entity_id FROM entity_links WHERE article_id=? ORDER BY n",
                                (article_id,)).fetchall()
        return [(name, etype, e) for name, etype, eid in rows if (e := self.get(eid)) is not None]

    def article_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM entity_articles").fetchone()[0])

    # --- for the searcher ------------------------------------------------------------------------

    def generation(self) -> int:
        """A number that changes whenever the table does (a searcher's caches are keyed by it)."""
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (GENERATION_KEY,)).fetchone()
        return int(row[0]) if row else 0

    def canonical(self) -> dict[int, tuple[str, str]]:
        """Every entity that some article names: id -> (type, canonical name)."""
        return {r[0]: (r[1], r[2]) for r in self._db.execute("SELECT id, type, name FROM entities WHERE articles > 0")}

    def names(self) -> builtins.list[tuple[str, str, int, int]]:
        """Every (type, name) the articles give an entity, with the entity it links to and in how
        many articles: what a facet value of the index means."""
        return self._db.execute(
            "SELECT type, name, entity_id, count(*) FROM entity_links GROUP BY type, name, entity_id").fetchall()

    def shared_links(self) -> builtins.list[tuple[str, str, str, int]]:
        """(article, type, name, entity) of every link whose (type, name) links to other entities in
        other articles (a bare "Trump" beside Melania and Donald Trump stays itself)."""
        return self._db.execute(
            "SELECT article_id, type, name, entity_id FROM entity_links WHERE (type, name) IN"
            " (SELECT type, name FROM entity_links GROUP BY type, name HAVING count(DISTINCT entity_id) > 1)"
        ).fetchall()

    def links_by_name(
            self, entity_id: int) -> dict[tuple[str, str], tuple[builtins.list[str], builtins.list[str]] | None]:
        """For each (type, name) an entity's articles give it: None if no other entity's articles
        give that name, else the articles that link it to this entity and those that link it to
        another: the terms that find exactly the entity's articles. The counts come from the
        covering index of (type, name, entity), for the names and types the entity's row counts
        (kept with every link, ``_count``); only a shared name's articles are read. Listing the
        pairs from the entity's own links read each of them (72 ms for a person named in 32,000
        articles at 100,000; 277 ms against 4,085 for 240 entities, the same pairs in the same order)."""
        out: dict[tuple[str, str], tuple[builtins.list[str], builtins.list[str]] | None] = {}
        shared = []
        row = self._db.execute("SELECT names, votes FROM entities WHERE id=?", (entity_id,)).fetchone()
        if row is None:
            return out
        names, types = json.dumps(builtins.list(json.loads(row[0]))), json.dumps(builtins.list(json.loads(row[1])))
        for etype, name, others in self._db.execute(
                "SELECT type, name, sum(entity_id != ?) FROM entity_links"
                " WHERE type IN (SELECT value FROM json_each(?)) AND name IN (SELECT value FROM json_each(?))"
                " GROUP BY type, name HAVING sum(entity_id = ?) > 0",
                (entity_id, types, names, entity_id)):
            out[(etype, name)] = None
            if others:
                shared.append((etype, name))
        for etype, name in shared:
            mine: builtins.list[str] = []
            theirs: builtins.list[str] = []
            for aid, eid in self._db.execute(
                    "SELECT article_id, entity_id FROM entity_links WHERE type=? AND name=?", (etype, name)):
                (mine if eid == entity_id else theirs).append(aid)
            out[(etype, name)] = (mine, theirs)
        return out

    def _mark_rules(self) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (RULES_KEY, str(RULES_VERSION)))

    def _bump(self) -> None:
        self._db.execute("INSERT INTO meta VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET value = value + 1",
                         (GENERATION_KEY,))

    # --- keeping it up to date -------------------------------------------------------------------

    def rules_current(self) -> bool:
        """Whether the table was linked by this version of the rules (an older table was never marked)."""
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (RULES_KEY,)).fetchone()
        return row is not None and row[0] == str(RULES_VERSION)

    def refresh(self) -> int:
        """Up to date after the index was rebuilt: every article relinked if the rules changed since
        the table was built (``rebuild``), else only what changed (``sync``). Returns the articles."""
        if not self.rules_current():
            return self.rebuild()
        self.sync()
        return self.article_count()

    def sync(self) -> builtins.list[Relink]:
        """Bring the table up to date with the store's articles and extractions: those added,
        changed or re-extracted since the last sync are (re)linked, those removed are unlinked."""
        db = self._db
        if not self.article_count():  # built from nothing: by the rules of this version
            with db:
                self._mark_rules()
        stale = db.execute(
            "SELECT a.id, a.content_hash, COALESCE(x.version, 0), x.data FROM articles a"
            " LEFT JOIN extractions x ON x.content_hash = a.content_hash"
            " LEFT JOIN entity_articles t ON t.article_id = a.id"
            " WHERE t.article_id IS NULL OR t.content_hash != a.content_hash OR t.version != COALESCE(x.version, 0)"
        ).fetchall()
        gone = [r[0] for r in db.execute(
            "SELECT article_id FROM entity_articles WHERE article_id NOT IN (SELECT id FROM articles)")]
        if not stale and not gone:
            return []
        from index.corrections import apply_entity_corrections
        from index.corrections.entities import forms_split, names_given
        from index.corrections.store import snapshot

        fixes = snapshot(self.store.path.parent)[1]  # the user's entity corrections, applied as written
        self._given = names_given(fixes)
        self._split = forms_split(fixes)
        updates = [(aid, chash, version,
                    apply_entity_corrections(extraction_from_dict(unpack(data)).entities, fixes)
                    if data is not None else ())
                   for aid, chash, version, data in stale]
        relinks = self.apply(updates, gone)
        log.info("entity table: %d articles linked, %d unlinked", len(updates), len(gone))
        return relinks

    def relink(self, article_ids: Iterable[str]) -> builtins.list[Relink]:
        """Link these articles' entities again (after the user corrected some): the next sync reads them."""
        with self._db:
            self._db.executemany("DELETE FROM entity_articles WHERE article_id=?", [(a,) for a in article_ids])
        return self.sync()

    def rebuild(self) -> int:
        """Recompute the whole table from the stored extractions (no NLP); returns the articles."""
        with self._db:
            for table in ("entities", "entity_forms", "entity_links", "entity_articles"):
                self._db.execute(f"DELETE FROM {table}")
            self._mark_rules()
            self._bump()
        self.sync()
        return self.article_count()

    def update(self, article_id: str, entities: Sequence[Entity], content_hash: str = "", version: int = 0) -> None:
        """Link (or relink) one article's entities."""
        self.apply([(article_id, content_hash, version, entities)], ())

    def remove(self, article_id: str) -> None:
        """Unlink one article's entities."""
        self.apply((), [article_id])

    def apply(self, updates: Iterable[tuple[str, str, int, Sequence[Entity]]],
              removed: Iterable[str]) -> builtins.list[Relink]:
        """Unlink ``removed`` and the old entities of ``updates``, link the new ones, then revisit the
        bare names whose candidates changed. One transaction."""
        touched: set[str] = set()  # keys whose bare-name decision may have changed
        updates = builtins.list(updates)
        # Linking many articles, a bare name is decided once per kind and kept for the rest: each
        # decision counts the candidates' links, which grew with the archive (a whole relink of
        # 100,000 articles took over 20 minutes). The revisit below decides every key touched again
        # on the final counts, so the links end where deciding each one afresh would leave them.
        self._decided = {} if len(updates) > 1 else None
        try:
            with self._db:
                for aid in removed:
                    touched |= self._unlink(aid)
                    self._db.execute("DELETE FROM entity_articles WHERE article_id=?", (aid,))
                for aid, chash, version, entities in updates:
                    touched |= self._unlink(aid)
                    touched |= self._link(aid, entities)
                    self._db.execute("INSERT OR REPLACE INTO entity_articles VALUES (?, ?, ?)",
                                     (aid, chash, version))
                self._decided = None
                relinks = self._revisit(touched)
                self._bump()
        finally:
            self._decided = None
        for r in relinks:
            log.info("entity table: %d links of %r moved from %r to %r", r.links, r.lookup, r.old, r.new)
        return relinks

    # --- the links -------------------------------------------------------------------------------

    def _link(self, article_id: str, entities: Sequence[Entity]) -> set[str]:
        touched: set[str] = set()
        people = [rules.entity_key(e.name, e.type) for e in entities if e.type == "PERSON"]
        for n, e in enumerate(entities):
            if e.type not in TYPES:
                continue
            key = self._split_key(e.name) or rules.entity_key(e.name, e.type)
            if not key:
                continue
            lookup: str | None = None
            target: int | None = None
            among: builtins.list[str] | None = None
            if rules.is_bare(key):
                lookup = key
                # Two Trumps in the article: only the archive's dominant one, if it is one of them.
                among = sorted({p for p in people if p != key and p.split()[-1] == key}) or None
                target = self._decide(key, e.type, e.name, among)
            elif e.type == "PERSON" and len(key.split()) >= 3:
                short = " ".join((key.split()[0], key.split()[-1]))  # "Penelope Muse Abernathy"
                row = self._db.execute("SELECT id FROM entities WHERE key=?", (short,)).fetchone()
                target = row[0] if row else None
            if target is None:
                target = self._row(key, e)
            link = _Link(e.name, e.type, tuple(dict.fromkeys((e.name, *e.mentions))), e.count, lookup, target)
            self._db.execute("INSERT OR REPLACE INTO entity_links VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (article_id, n, link.name, link.type, json.dumps(link.forms), link.mentions,
                              link.lookup, json.dumps(among) if among else None, link.entity_id))
            touched |= self._count(link, +1)
        return touched

    def _unlink(self, article_id: str) -> set[str]:
        touched: set[str] = set()
        rows = self._db.execute(
            "SELECT name, type, forms, mentions, lookup, entity_id FROM entity_links WHERE article_id=?",
            (article_id,)).fetchall()
        for name, etype, forms, mentions, lookup, eid in rows:
            touched |= self._count(_Link(name, etype, tuple(json.loads(forms)), mentions, lookup, eid), -1)
        self._db.execute("DELETE FROM entity_links WHERE article_id=?", (article_id,))
        return touched

    def _split_key(self, name: str) -> str | None:
        """The key of a form the user split off its entity (see ``split_key``); else None."""
        from index.corrections.entities import key as correction_key

        return split_key(name) if self._split and correction_key(name) in self._split else None

    def _row(self, key: str, e: Entity) -> int:
        row = self._db.execute("SELECT id FROM entities WHERE key=?", (key,)).fetchone()
        if row:
            return int(row[0])
        cur = self._db.execute(
            "INSERT INTO entities (key, name, type, surname, initials) VALUES (?, ?, ?, ?, ?)",
            (key, e.name, e.type, rules.surname(key, e.type), rules.initials(e.name, e.type)))
        return int(cur.lastrowid or 0)

    def _count(self, link: _Link, sign: int) -> set[str]:
        """Add (``sign`` +1) or take away (-1) one link's counts; returns the keys it may change."""
        db = self._db
        row = db.execute("SELECT key, votes, names, type FROM entities WHERE id=?", (link.entity_id,)).fetchone()
        key, votes, names, old_type = row[0], Counter(json.loads(row[1])), Counter(json.loads(row[2])), row[3]
        votes[link.type] += sign
        names[link.name] += sign
        votes, names = +votes, +names  # drops counts that reached 0
        etype = rules.majority_type(votes) if votes else old_type
        name = (self._named_by_user(names) or rules.choose_name(names, key)) if names else row[0]
        db.execute(
            "UPDATE entities SET articles = articles + ?, mentions = mentions + ?, votes=?, names=?, type=?, name=?,"
            " surname=?, initials=? WHERE id=?",
            (sign, sign * link.mentions, json.dumps(votes), json.dumps(names), etype, name,
             rules.surname(key, etype), rules.initials(name, etype), link.entity_id))
        touched = {key}
        # Only an article that merged a form into a full name itself is evidence of what the form
        # means; a bare name linked through the archive is not (it would vote for itself).
        evidence = 0 if rules.is_bare(rules.entity_key(link.name, link.type)) else sign
        for form in link.forms:
            form_key = rules.entity_key(form, link.type)
            db.execute("INSERT OR IGNORE INTO entity_forms VALUES (?, ?, ?, 0, 0)", (link.entity_id, form, form_key))
            db.execute("UPDATE entity_forms SET articles = articles + ?, evidence = evidence + ?"
                       " WHERE entity_id=? AND form=?", (sign, evidence, link.entity_id, form))
            touched.add(form_key)
        if sign < 0:
            db.execute("DELETE FROM entity_forms WHERE entity_id=? AND articles <= 0", (link.entity_id,))
        words = key.split()
        if len(words) >= 2:
            touched.add(words[-1])
        ini = rules.initials(name, etype)
        if ini:
            touched.add(ini)
        return {k for k in touched if rules.is_bare(k)}

    def _named_by_user(self, names: Counter[str]) -> str | None:
        """The name a correction gave this entity, if one of its articles' names is one (the latest
        correction's if several): a rename is the canonical name, not one vote among the others."""
        if not self._given:
            return None
        from index.corrections.entities import key as correction_key

        order = builtins.list(self._given)
        given = [order.index(k) for n in names if (k := correction_key(n)) in self._given]
        return self._given[order[max(given)]] if given else None

    # --- bare names ------------------------------------------------------------------------------

    def _candidates(self, key: str) -> Iterator[rules.Candidate]:
        db = self._db
        own = db.execute("SELECT id FROM entities WHERE key=?", (key,)).fetchone()
        own_id = own[0] if own else -1
        for eid, etype, n, ekey in db.execute(
            "SELECT e.id, e.type, f.evidence, e.key FROM entity_forms f JOIN entities e ON e.id = f.entity_id"
            " WHERE f.form_key=? AND f.evidence > 0 AND e.articles > 0", (key,)):
            if eid != own_id and ekey != key:
                yield rules.Candidate(eid, etype, n, via_form=True)
        # Weighed by the articles that name it in full (not those linked to it by this very rule).
        for eid, etype, n in db.execute(
            "SELECT e.id, e.type, (SELECT count(*) FROM entity_links l WHERE l.entity_id = e.id AND l.lookup IS NULL)"
            " FROM entities e WHERE (e.surname=? OR e.initials=?) AND e.articles > 0 AND e.id != ?",
            (key, key, own_id)).fetchall():
            yield rules.Candidate(eid, etype, n, via_form=False)

    def _decide(self, key: str, local_type: str, name: str | None,
                among: builtins.list[str] | None = None) -> int | None:
        decided = self._decided
        kind = (key, local_type, name is not None and rules.is_acronym(name), tuple(among) if among else None)
        if decided is not None and kind in decided:
            return decided[kind]
        target = self._decide_any(key, local_type, name)
        if among and target is not None and self._key(target) not in among:
            target = None
        if decided is not None:
            decided[kind] = target
        return target

    def _decide_any(self, key: str, local_type: str, name: str | None) -> int | None:
        """The entity a bare key stands for (see ``resolve``), or None.

        An acronym ("AP") goes only to what other articles defined it as (wrote it beside the name,
        "Urban Institute (UI)"), never to a name only because its initials spell it ("UI" of a page
        about a user interface is not the Urban Institute); a word ("Trump", "Google") only to an
        entity that other articles merged it into, or a person with it as surname, in at least a
        third as many articles as it stands alone in ("Google" alone in 22 articles is not "Google
        Ads" of one).
        """
        candidates = builtins.list(self._candidates(key))
        if name is not None and rules.is_acronym(name):
            return rules.decide(local_type, [c for c in candidates if c.via_form])
        initial_ids = {r[0] for r in self._db.execute("SELECT id FROM entities WHERE initials=?", (key,))}
        candidates = [c for c in candidates if c.via_form or c.entity_id not in initial_ids]
        alone = self._db.execute("SELECT count(*) FROM entity_links WHERE lookup=?", (key,)).fetchone()[0]
        return rules.decide(local_type, candidates, floor=alone / rules.DOMINANCE)

    def _revisit(self, keys: set[str]) -> builtins.list[Relink]:
        """Re-decide the links looked up by ``keys``; move those whose answer changed."""
        relinks: builtins.list[Relink] = []
        db = self._db
        for key in sorted(keys):
            rows = db.execute(
                "SELECT article_id, n, name, type, forms, mentions, among, entity_id FROM entity_links WHERE lookup=?",
                (key,)).fetchall()
            if not rows:
                continue
            decided: dict[tuple[str, bool, str | None], int] = {}
            moved: Counter[tuple[int, int]] = Counter()
            for aid, n, name, etype, forms, mentions, among, eid in rows:
                cls = (etype, rules.is_acronym(name), among)
                if cls not in decided:
                    target = self._decide(key, etype, name, json.loads(among) if among else None)
                    decided[cls] = target if target is not None else self._row(
                        key, Entity(name, etype, (), mentions))
                new = decided[cls]
                if new == eid:
                    continue
                link = _Link(name, etype, tuple(json.loads(forms)), mentions, key, eid)
                self._count(link, -1)
                link.entity_id = new
                self._count(link, +1)
                db.execute("UPDATE entity_links SET entity_id=? WHERE article_id=? AND n=?", (new, aid, n))
                moved[(eid, new)] += 1
            for (old, new), count in moved.items():
                relinks.append(Relink(key, count, self._name(old), self._name(new)))
        return relinks

    def _key(self, entity_id: int) -> str:
        row = self._db.execute("SELECT key FROM entities WHERE id=?", (entity_id,)).fetchone()
        return str(row[0]) if row else ""

    def _name(self, entity_id: int) -> str:
        row = self._db.execute("SELECT name FROM entities WHERE id=?", (entity_id,)).fetchone()
        return str(row[0]) if row else "?"

