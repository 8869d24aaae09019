"""Who "he", "she", "it" and "they" are: the running history of an article's speakers.

``quotes.QuoteAttributor`` reads an article in order and tells this history each person subject
or speaker it meets (``history``) and each organisation, document or description that spoke
(``things``). A pronoun resolves to the most recent of them whose gender (from the pronouns already
resolved to them, their titles, their first name) and number agree, within a few paragraphs; with
no subject yet, to the last person named in this or the previous paragraph.
"""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING

from index.extract.cues import SUBJECT_DEPS
from index.extract.entities import Resolver, token_entity
from index.extract.quote_rules import is_plural
from index.extract.speakers import PERSON_PRONOUNS, Attr, described_person, name_gender
from index.model import Article, Entity

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


def where_named(para: int, named: int) -> str:
    """How far back the person a pronoun refers to was named, as evidence says it."""
    gap = para - named
    if gap <= 0:
        return "named earlier in the paragraph"
    return "named one paragraph before" if gap == 1 else f"named {gap} paragraphs before"


class Referents:
    """The persons and things an article has named so far, and what a pronoun refers to."""

    def __init__(self, article: Article, resolver: Resolver, post_paras: Set[int]) -> None:
        self.article = article
        self.resolver = resolver
        self.post_paras = post_paras
        # (paragraph, offset, entity) of person subjects and speakers, in reading order.
        self.history: list[tuple[int, int, Entity]] = []
        # The same for documents, organisations and descriptions that spoke, for "it" and "they".
        self.things: list[tuple[int, int, Attr]] = []
        # How often "he" and "she" were resolved to each person.
        self.pronouns: dict[str, dict[str, int]] = {}
        self._described: dict[str, Entity | None] = {}

    def remember(self, para: int, offset: int, a: Attr) -> None:
        if a.speaker is None:
            return
        if a.kind == "person":
            e = self.resolver.lookup(a.speaker)
            if e is not None:
                self.history.append((para, offset, e))
        elif a.kind in ("organization", "document", "description"):
            self.things.append((para, offset, a))

    def bound_pronoun(self, tok: Token, para: int) -> tuple[int, Entity, bool] | None:
        """"he"/"she" in a clause under a verb whose subject is a named person of the same gender,
        earlier in the sentence: "Holmes revealed the call, saying he recalled it" is Holmes, not
        the man named the sentence before."""
        clause = tok.head
        for subj in tok.sent:
            if subj.i >= tok.i:
                break
            if subj.dep_ not in SUBJECT_DEPS or subj.lower_ in PERSON_PRONOUNS or subj.head is clause:
                continue
            if not (subj.head.left_edge.i <= clause.i <= subj.head.right_edge.i) or clause.i == subj.head.i:
                continue
            if not any(a.i == subj.head.i for a in clause.ancestors):
                continue
            e = token_entity(self.resolver, para, subj)
            if e is None:  # "the official David Holmes": the name in apposition
                names = (token_entity(self.resolver, para, c) for c in subj.children if c.dep_ == "appos")
                e = next((n for n in names if n is not None), None)
            if e is None or e.type != "PERSON" or self.gender(e) not in ("", tok.lower_):
                continue
            votes = self.pronouns.setdefault(e.name, {})
            votes[tok.lower_] = votes.get(tok.lower_, 0) + 1
            return para, e, True
        return None

    def described_person(self, head: str) -> Entity | None:
        if head not in self._described:
            self._described[head] = described_person(self.article, self.resolver, head)
        return self._described[head]

    def thing_before(self, para: int, offset: int, *, plural: bool = False) -> Attr | None:
        """What "it" (or "they") says: the last document, organisation or description that spoke
        in this or the last paragraph."""
        for p, o, a in reversed(self.things):
            if (p, o) >= (para, offset):
                continue
            if p < para - 1:
                return None
            if a.kind == "description" and plural != is_plural(a.speaker_text or ""):
                continue
            if a.kind == "document" and plural:
                continue
            return a
        return None

    def person_before(self, para: int, offset: int, pronoun: str = "") -> tuple[int, Entity, bool] | None:
        """The most recent person subject or speaker before a position, within three paragraphs,
        with the paragraph where it was named and whether it was a subject (else only mentioned).

        With a pronoun, a person of the other gender (by the article's own pronouns, titles, first
        name) is passed over.
        """
        for p, o, e in reversed(self.history):
            if (p, o) >= (para, offset):
                continue
            if p < para - 3:
                break
            if pronoun and self.gender(e) not in ("", pronoun):
                continue
            return p, e, True
        # No person subject yet: the last person named in this or the previous paragraph.
        for p in (para, para - 1):
            if p < 0 or p in self.post_paras:
                continue
            persons = [e for o, e in self.resolver.mentions_in(p, 0, offset if p == para else None)
                       if e.type == "PERSON" and (not pronoun or self.gender(e) in ("", pronoun))]
            if persons:
                return p, persons[-1], False
        return None

    def gender(self, e: Entity) -> str:
        """"he", "she" or "" from the pronouns resolved to ``e`` so far, its titles, its first name."""
        votes = self.pronouns.get(e.name)
        if votes:
            he, she = votes.get("he", 0), votes.get("she", 0)
            if he != she:
                return "he" if he > she else "she"
        return name_gender(e)

    def resolve_pronoun(self, pronoun: str, para: int, offset: int) -> tuple[int, Entity, bool] | None:
        found = self.person_before(para, offset, pronoun)
        if found is not None:
            votes = self.pronouns.setdefault(found[1].name, {})
            votes[pronoun] = votes.get(pronoun, 0) + 1
        return found
