"""Named entities of one article: spaCy's mentions merged into one entry per person, organisation, place.

The small model's labels are noisy (it tags a bare "Trump" ORG, "@GovPritzker" ORG, misses "DoD"
in parentheses), so the merging rules matter more than the model (shared/notes/nlp.md):

- a mention's *key* drops a leading title or role ("President", "Illinois Gov.", "Press
  Secretary"), a leading "the", a possessive and the dots of initials ("J.B." ~ "JB");
- mentions with one key are one entity, whatever spaCy labelled each of them;
- an acronym defined in the text, "Department of Defense (DoD)", and a handle after a name,
  "JB Pritzker (@GovPritzker)", join the name they follow; untagged occurrences are added;
- a bare surname joins the article's one full name ending with it;
- an embedded post's handle joins its author;
- the type is the majority label, except that evidence of a person (a title, a full name tagged
  PERSON) wins: a name tagged ORG five times and PERSON twice is still a person;
- the curated list of ``noise`` drops platforms, products, formats and common words, and
  placeholder or boilerplate paragraphs give no entities.

:class:`Resolver` maps a surface form or a character span back to its entity, for quote speakers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from index.extract.noise import PLATFORMS, as_company, noise_type, stand_ins
from index.extract.titles import (
    ORG_HEAD_WORDS,
    initials_of,
    same_person,
    within,
)
from index.model import Article, Entity, Post

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token
from index.extract.mentions import (
    COMPANY_HEADS,
    LEADING_THE,
    POSSESSIVE,
    Mention,
    collect_mentions,
    entity_type,
    find_aliases,
    find_outlets,
    name_key,
    person_like,
    place_before_person,
    strip_title,
)

PRIMARY_TYPES = ("PERSON", "ORG", "PLACE")
DOMINANCE = 3  # a full name with this many times the mentions of another takes their bare name
_TYPE_RANK = {"PERSON": 0, "ORG": 1, "PLACE": 2}
_COMPASS = frozenset({"north", "south", "east", "west"})
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|to|from|outside|across|around)\s+$", re.IGNORECASE)
# The given name of a Korean name in its own order, "Lee Jae-myung": the first word is the surname.
_SURNAME_FIRST = re.compile(r"^[A-Z][a-z]+ [A-Z][a-z]+-[a-z]+$")
_ACRONYM_WORD = re.compile(r"^(?:[A-Z]\.){2,6}$|^[A-Z][A-Z&]{1,5}$")
_CANONICAL_BY_KEY = {"united states": "United States", "united kingdom": "United Kingdom"}


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller index stays root so the result does not depend on the order of unions.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


class Resolver:
    """Maps surface forms and character spans of an article to its merged entities."""

    def __init__(self, entities: Sequence[Entity], mentions: Sequence[tuple[Mention, int]],
                 keys: dict[str, int]) -> None:
        self.entities = tuple(entities)
        self._mentions = sorted(mentions, key=lambda m: (m[0].para, m[0].start))
        self._keys = keys
        self._by_para: dict[int, list[tuple[Mention, int]]] = {}
        for m, e in self._mentions:
            self._by_para.setdefault(m.para, []).append((m, e))
        # Surnames (and single names) of persons, for a bare surname not seen as a mention.
        surnames: dict[str, set[int]] = {}
        for key, e in keys.items():
            if self.entities[e].type == "PERSON":
                surnames.setdefault(key.split()[-1], set()).add(e)
        self._surnames = {k: next(iter(v)) for k, v in surnames.items() if len(v) == 1}

    def lookup(self, surface: str) -> Entity | None:
        """The entity a surface form names ("Gov. Pritzker", "DHS", "@GovPritzker"), or None."""
        key = name_key(surface)
        if not key:
            return None
        e = self._keys.get(key)
        if e is None and key.startswith("@"):
            e = self._keys.get(key[1:])
        if e is None and " " not in key:
            e = self._surnames.get(key)
        return self.entities[e] if e is not None else None

    def at(self, para: int, start: int, end: int) -> Entity | None:
        """The entity of the mention overlapping ``[start, end)`` in paragraph ``para``, or None."""
        for m, e in self._by_para.get(para, ()):
            if m.start < end and start < m.end:
                return self.entities[e]
        return None

    def mentions_in(self, para: int, start: int = 0, end: int | None = None) -> list[tuple[int, Entity]]:
        """(offset, entity) of each mention in a paragraph range, in text order."""
        stop = end if end is not None else 1 << 30
        return [(m.start, self.entities[e]) for m, e in self._by_para.get(para, ())
                if m.start >= start and m.end <= stop]

    def canonical(self, surface: str) -> str:
        """The canonical name for a surface form, or the form without its title if unknown."""
        e = self.lookup(surface)
        if e is not None:
            return e.name
        s = LEADING_THE.sub("", surface.strip())
        return strip_title(POSSESSIVE.sub("", s) if len(s) > 3 else s)


def _after_place(words: list[str], full: list[str], places: set[str]) -> bool:
    """Whether ``full`` is ``words`` after the name of a place of the article ("Indiana Statehouse")."""
    n = len(full) - len(words)
    return n > 0 and full[n:] == words and " ".join(full[:n]) in places


def _dominant(found: set[int], grouped: dict[int, list[int]], first: int) -> set[int]:
    """Of several full names a bare name may stand for, the one named before it with ``DOMINANCE``
    times the mentions of every other (as a set of one), else all of them."""
    sizes = sorted(((len(grouped[r]), r) for r in found), reverse=True)
    (top, root), (second, _) = sizes[0], sizes[1]
    if top >= DOMINANCE * second and grouped[root][0] < first:
        return {root}
    return found


def _namesake(para: int, index: int, named: dict[int, list[tuple[int, int]]]) -> int | None:
    """Which of an article's namesakes (root -> (mention index, paragraph) of each mention, in text
    order) the bare surname at mention ``index`` of paragraph ``para`` means: the one named in this
    paragraph or the one before ("Yoon, Kim and Interior Minister Lee Sang-min" after "defense
    minister Kim Yong-hyun"), else the one the article named first ("Vice President Biden" after Joe
    Biden and, six paragraphs before, Hunter Biden). None when none is named before it, or two are
    named just before ("Mike Ford wrote books. Dale Ford is his brother. Ford declined.")."""
    before = {r: [p for i, p in ms if i < index] for r, ms in named.items()}
    before = {r: paras for r, paras in before.items() if paras}
    recent = [r for r, paras in before.items() if paras[-1] >= para - 1]
    if len(recent) == 1:
        return recent[0]
    if recent or not before:
        return None
    return min(before, key=lambda r: named[r][0][0])


def one_letter_off(a: str, b: str) -> bool:
    """Whether two surnames of six letters or more are one spelling apart: a letter more or less
    inside ("Zelensky" ~ "Zelenskiy", "Garett" ~ "Garrett"), not a plural "s" ("Clintons")."""
    short, long_ = sorted((a, b), key=len)
    if len(short) < 6 or len(long_) != len(short) + 1 or long_.endswith("s") and long_[:-1] == short:
        return False
    i = next((i for i, (x, y) in enumerate(zip(short, long_, strict=False)) if x != y), len(short))
    return i > 0 and long_[:i] + long_[i + 1:] == short


def _person_evidence(members: Sequence[Mention]) -> bool:
    persons = [m for m in members if m.label == "PERSON"]
    if any(m.titled or m.aged for m in members if m.label in ("PERSON", "ORG")):
        return True
    if any(len(m.core.split()) >= 2 for m in persons):
        return True
    return len(persons) * 3 >= len(members) and bool(persons)


def _choose_type(members: Sequence[Mention]) -> str:
    longest = max((m.core for m in members if not m.alias), key=lambda c: len(c.split()), default="")
    titled = any(m.titled for m in members)
    last = longest.split()[-1] if longest.split() else ""
    if not titled and last and (last in ORG_HEAD_WORDS or last.lower() in COMPANY_HEADS and len(longest.split()) > 1):
        return "ORG"  # "Youssef Al-Najjar Hospital", "Dick Clark Productions" tagged PERSON
    if _person_evidence(members):
        return "PERSON"
    counts = Counter(entity_type(m.label) for m in members if not m.alias) or Counter(
        entity_type(m.label) for m in members
    )
    return min(counts, key=lambda t: (-counts[t], _TYPE_RANK.get(t, 9), t))


def _choose_name(members: Sequence[Mention], key: str) -> str:
    if key in _CANONICAL_BY_KEY:
        return _CANONICAL_BY_KEY[key]
    names = [m for m in members if not m.alias and not m.core.startswith("@")] or list(members)
    counts = Counter(m.core for m in names)
    first: dict[str, int] = {}
    for i, m in enumerate(names):
        first.setdefault(m.core, i)
    return min(counts, key=lambda c: (-len(c.split()), -counts[c], first[c]))


def build_entities(
    article: Article, docs: Sequence[Doc], posts: Sequence[Post] = ()
) -> tuple[tuple[Entity, ...], Resolver]:
    """Merge an article's NER mentions into entities; return them and a resolver over them.

    ``docs`` are the parsed paragraphs of ``article``, in order.
    """
    paragraphs = [p.text for p in article.paragraphs]
    mentions = collect_mentions(docs)
    place_before_person(mentions)
    find_outlets(paragraphs, mentions)
    pairs = find_aliases(paragraphs, mentions)
    mentions.sort(key=lambda m: (m.para, m.start, -m.end))
    index = {id(m): i for i, m in enumerate(mentions)}
    uf = _UnionFind(len(mentions))

    first_of_key: dict[str, int] = {}
    for i, m in enumerate(mentions):
        k = m.key
        if k in first_of_key:
            uf.union(first_of_key[k], i)
        else:
            first_of_key[k] = i
    for alias, target in pairs:
        uf.union(index[id(alias)], index[id(target)])

    # An embedded post's handle joins its author ("@GovPritzker" ~ "Governor JB Pritzker").
    for post in posts:
        if post.handle and post.author:
            h = first_of_key.get(name_key("@" + post.handle.lstrip("@")))
            a = first_of_key.get(name_key(post.author))
            if h is not None and a is not None:
                uf.union(h, a)

    # A bare surname's mentions that went each to one of several namesakes (see _namesake).
    reassigned: dict[int, int] = {}

    def groups() -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(mentions)):
            out.setdefault(uf.find(reassigned.get(i, i)), []).append(i)
        return out

    # A bare surname ("Pritzker", "Abu Hatab"), else a bare first name, joins the article's one
    # full name of a person that ends (starts) with it.
    grouped = groups()
    full_names: list[tuple[int, list[str]]] = []
    surname_first: set[int] = set()  # "Lee Jae-myung", "Kim Yong-hyun": the first word is the surname
    for root, members in grouped.items():
        ms = [mentions[i] for i in members]
        if _choose_type(ms) != "PERSON":
            continue
        for key in dict.fromkeys(m.key for m in ms if not m.alias):
            if len(key.split()) >= 2:
                full_names.append((root, key.split()))
        if any(_SURNAME_FIRST.match(m.core) for m in ms if not m.alias):
            surname_first.add(root)
    # Variants of one full name: "Josh Apte" ~ "Joshua Apte", "Michael Bloomberg" ~ "Michael R. Bloomberg".
    for i, (root_a, words_a) in enumerate(full_names):
        for root_b, words_b in full_names[i + 1:]:
            if uf.find(root_a) != uf.find(root_b) and same_person(words_a, words_b):
                uf.union(root_a, root_b)
    grouped = groups()
    full_names = [(uf.find(r), words) for r, words in full_names]
    org_names = [(root, key.split()) for root, members in grouped.items()
                 if len(keys := {mentions[i].key for i in members if not mentions[i].alias}) == 1
                 and _choose_type([mentions[i] for i in members]) == "ORG"
                 and person_like(mentions[members[0]].core) and len((key := next(iter(keys))).split()) >= 2]
    ambiguous_surnames: set[int] = set()
    for root, members in grouped.items():
        ms = [mentions[i] for i in members]
        keys = {m.key for m in ms if not m.alias}
        place = _choose_type(ms) == "PLACE"  # "Brooke" tagged GPE beside "Ally Brooke"; not a dateline
        words = next(iter(keys)).split() if len(keys) == 1 else []
        if not words or place and (len(words) > 1 or any(m.surface.isupper() for m in ms)):
            continue
        n = len(words)
        by_surname = {r for r, full in full_names if r != root and (len(full) > n and full[-n:] == words or n == 1
                                                                     and r in surname_first and full[0] == words[0])}
        if not by_surname and n == 1:  # "Zelensky" of "Volodymyr Zelenskiy", "Garett" of "Wendy Garrett"
            by_surname = {r for r, full in full_names if len(full) > 1 and one_letter_off(full[-1], words[0])
                          and r != root}
        if not by_surname and n == 1 and not place and any(m.label == "PERSON" for m in ms):
            # "Abernathy" PERSON of "Penelope Muse Abernathy" tagged ORG; "Braun" of "Scooter Braun" tagged
            # ORG, itself tagged PERSON once in five (not "Tribune" of the "Chicago Tribune")
            by_surname = {r for r, full in org_names if full[-1] == words[0] and r != root}
        by_first = {r for r, full in full_names if n == 1 and len(full) > 1 and full[0] == words[0]
                    and r != root}
        for found in (by_surname,) if place else (by_surname, by_first):
            if found:
                if len(found) > 1:  # "Arthur" of Arthur Edward Waite (24 mentions), not Arthur Wesley Dowell (1)
                    found = _dominant(found, grouped, members[0])
                if len(found) == 1:
                    uf.union(root, next(iter(found)))
                elif found is by_surname:
                    # "Lee" of Lee Jae-myung and Lee Sang-min: each mention is the namesake it stands
                    # for; one before any of them is a person, not merged ("Ford" of Mike and Dale Ford).
                    named = {r: [(i, mentions[i].para) for i in grouped[r]] for r in found}
                    for i in members:
                        namesake = _namesake(mentions[i].para, i, named)
                        if namesake is not None:
                            reassigned[i] = namesake
                    if any(i not in reassigned for i in members):
                        ambiguous_surnames.add(root)
                break

    # An acronym written alone ("AP", "U.N.") joins the article's one name whose initials spell it.
    grouped = groups()
    spelled: dict[str, set[int]] = {}
    for root, members in grouped.items():
        for i in members:
            if ini := initials_of(mentions[i].core):
                spelled.setdefault(ini, set()).add(root)
    for root, members in grouped.items():
        cores = {mentions[i].core for i in members if not mentions[i].alias}
        if cores and all(_ACRONYM_WORD.match(c) for c in cores):
            found = spelled.get(name_key(next(iter(cores))), set()) - {root}
            if len(found) == 1:
                uf.union(root, found.pop())

    # A short form of an organisation ("Harvard", "Security Council") joins the article's one longer
    # organisation name that starts with it, or (two words or more) contains it.
    grouped = groups()
    places = {m.key for members in grouped.values() if _choose_type(ms := [mentions[i] for i in members]) == "PLACE"
              for m in ms if not m.alias}
    orgs = [(root, m.key.split()) for root, members in grouped.items() if _choose_type(ms := [
        mentions[i] for i in members]) == "ORG" for m in ms if not m.alias]
    for root, members in grouped.items():
        keys = {mentions[i].key for i in members if not mentions[i].alias}
        if len(keys) != 1 or _choose_type([mentions[i] for i in members]) != "ORG":
            continue
        words = next(iter(keys)).split()
        longer = [(uf.find(r), full) for r, full in orgs if uf.find(r) != uf.find(root)
                  and (within(words, full) or _after_place(words, full, places))]
        found = {r for r, _ in longer}
        if len(found) > 1 and all(full[:len(words)] == words and set(full[len(words):]) <= COMPANY_HEADS
                                  for _, full in longer):
            # "Big Machine" of "Big Machine Records" and "Big Machine Label Group": one firm
            for r in found:
                uf.union(root, r)
        elif len(found) == 1:
            uf.union(root, found.pop())

    # A place that starts the name of one firm of the article, never written as a place is ("in
    # Alden"), is that firm: "Alden" of "Alden Capital", "New Media" of "New Media Investment Group".
    grouped = groups()
    firms = [(root, m.core.split()) for root, members in grouped.items()
             if _choose_type(ms := [mentions[i] for i in members]) == "ORG"
             for m in ms if not m.alias and m.core.split()[-1].lower() in COMPANY_HEADS]
    for root, members in grouped.items():
        ms = [mentions[i] for i in members]
        cores = {m.core for m in ms if not m.alias}
        if len(cores) != 1 or _choose_type(ms) != "PLACE" or any(
                _LOCATIVE_BEFORE.search(paragraphs[m.para][max(0, m.start - 12):m.start]) for m in ms):
            continue
        words = next(iter(cores)).split()
        found = {uf.find(r) for r, full in firms if len(full) > len(words) and full[:len(words)] == words}
        if len(found) == 1:
            uf.union(root, found.pop())

    # "the South" of an article about South Korea: a compass word alone is its one place starting with it.
    grouped = groups()
    starts: dict[str, set[int]] = {}
    for root, members in grouped.items():
        if _choose_type(ms := [mentions[i] for i in members]) == "PLACE":
            for m in ms:
                if len(words := m.key.split()) >= 2 and words[0] in _COMPASS:
                    starts.setdefault(words[0], set()).add(root)
    for root, members in grouped.items():
        keys = {mentions[i].key for i in members}
        if len(keys) == 1 and (key := next(iter(keys))) in _COMPASS and len(found := starts.get(key, set())) == 1:
            uf.union(root, found.pop())

    grouped = groups()
    group_keys = {root: Counter(m.key for m in ms if not m.alias).most_common(1)[0][0] if any(
        not m.alias for m in ms) else ms[0].key for root, members in grouped.items()
        if (ms := [mentions[i] for i in members])}
    no_one = stand_ins({k for k in group_keys.values() if " " not in k})  # "Alice" and "Bob" of a tutorial
    built: list[tuple[tuple[int, int, int], Entity, list[int]]] = []
    for root, members in grouped.items():
        ms = [mentions[i] for i in members]
        etype = "PERSON" if root in ambiguous_surnames else _choose_type(ms)
        key = group_keys[root]
        if key in no_one:
            continue
        kept_type = noise_type(key, etype, company=key in PLATFORMS and any(
            as_company(paragraphs[m.para], m.start, m.end) for m in ms if not m.alias))
        if kept_type is None:
            continue
        etype = kept_type
        name = _choose_name(ms, key)
        surfaces = tuple(dict.fromkeys(m.surface for m in ms))
        entity = Entity(name=name, type=etype, mentions=surfaces, count=len(ms))
        order = (_TYPE_RANK.get(etype, 3), -len(ms), members[0])
        built.append((order, entity, members))
    built.sort(key=lambda b: b[0])
    entities = tuple(b[1] for b in built)

    owner: dict[int, int] = {}
    for e_index, (_, _, members) in enumerate(built):
        for i in members:
            owner[i] = e_index
    by_key: dict[str, int] = {}
    for i, m in enumerate(mentions):
        if i in owner:  # not a mention of a dropped (noise) entity
            by_key.setdefault(m.key, owner[i])
            by_key.setdefault(name_key(m.surface), owner[i])
    for e_index, e in enumerate(entities):
        by_key.setdefault(name_key(e.name), e_index)
    resolver = Resolver(entities, [(m, owner[i]) for i, m in enumerate(mentions) if i in owner], by_key)
    return entities, resolver


def token_entity(resolver: Resolver, para: int, token: Token) -> Entity | None:
    """The entity a token belongs to: a mention covering it, else its name phrase looked up."""
    e = resolver.at(para, token.idx, token.idx + len(token.text))
    if e is not None:
        return e
    words = [t for t in token.lefts if t.dep_ in ("compound", "flat")] + [token]
    return resolver.lookup(" ".join(t.text for t in words))
