"""Who a cue's subject is: a named entity, a name the NER missed, a description, a document.

An attribution (``Attr``) carries the speaker's canonical name, the words the text uses for it
(``speaker_text``), how it was found (``cue``), the words that show it (``evidence``) and how sure
that is (``confidence``): "stated" when the quote's own sentence names the speaker (or describes
them: "a State Department spokesperson"), "inferred" when it comes from a pronoun or a neighbouring
sentence or paragraph, "guessed" when it is only the nearest person named before, not as a speaker or
subject, or the subject of the sentence before a quote that has no reporting verb.

A description is a speaker: its phrase as written is ``speaker_text``, ``speaker_kind`` is
"description", and ``speaker`` is the person it refers to when the article says so in so many
words ("the actor" after "actor James Van Der Beek", "Smith, the county's sheriff"), else the phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from index.extract.cues import DOCUMENT_NOUNS, SPOKES_NOUNS, words
from index.extract.entities import Resolver, token_entity
from index.extract.first_names import FEMALE_NAMES, MALE_NAMES
from index.model import Article, Entity, SpeakerKind

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

Confidence = Literal["stated", "inferred", "guessed", ""]

PERSON_PRONOUNS = frozenset({"he", "she"})
MALE_TITLES = words("Mr. Mr Sir Lord King Prince Duke Father Brother")
FEMALE_TITLES = words("Mrs. Mrs Ms. Ms Miss Dame Lady Queen Princess Duchess Sister")
# Heads of noun phrases that are not sources even as subjects of "said" ("the move", "the news").
_NOT_SOURCES = words(
    """move news idea question thing things way fact reason problem issue point time day year part result
    results change decision plan deal case story word words name title phrase sign signs data number
    numbers rate figure figures"""
)
_NOT_HEADS = words(
    """the a an i we you he she it they me us him her them this that these those who which what one ones someone
    somebody anyone everyone nobody everybody something anything nothing everything there here all both
    each either neither some many most few several others other another"""
)
# Nouns that name a person by role or relation; gendered ones tell "he" from "she".
FEMALE_NOUNS = words("mother woman wife daughter sister girl grandmother aunt niece mom mum actress widow businesswoman"
                     " spokeswoman chairwoman congresswoman councilwoman girlfriend")
MALE_NOUNS = words("father man husband son brother boy grandfather uncle nephew dad actor widower businessman"
                   " spokesman chairman congressman councilman boyfriend")
ROLE_NOUNS = FEMALE_NOUNS | MALE_NOUNS | words(
    """professor economist analyst director president spokesperson official secretary minister senator governor
    mayor lawyer attorney chair founder researcher scientist expert adviser advisor fellow manager editor author
    writer reporter journalist doctor physician teacher student resident executive officer consultant strategist
    historian lecturer engineer designer developer investor owner partner player coach captain commander
    ambassador envoy diplomat negotiator legislator lawmaker judge prosecutor detective chief head leader
    patient parent friend neighbor neighbour witness victim survivor worker employee farmer nurse"""
)
_PHRASE_DEPS = frozenset({"appos", "conj", "compound", "flat", "nmod", "amod", "cc", "punct", "det"})
_DESCRIPTION_LEFT = frozenset({"det", "amod", "compound", "poss", "nummod", "case", "nmod", "quantmod", "punct"})
_MAX_DESCRIPTION_TOKENS = 12


@dataclass(frozen=True)
class Attr:
    """One quote's attribution and the evidence for it."""

    speaker: str | None
    kind: SpeakerKind
    cue: str
    speaker_text: str | None = None
    evidence: str = ""
    confidence: Confidence = ""

    def but(self, **changes: object) -> Attr:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


UNKNOWN = Attr(None, "unknown", "")


def from_entity(e: Entity, cue: str, text: str | None = None) -> Attr:
    """The attribution to a named entity."""
    if e.type == "PERSON":
        return Attr(e.name, "person", cue, text)
    if e.type in ("ORG", "PLACE", "NORP"):
        return Attr(e.name, "organization", cue, text)
    if e.type == "LAW":
        return Attr(e.name, "document", cue, text)
    return Attr(None, "unknown", cue, text)


def phrase_entities(resolver: Resolver, para: int, tok: Token, depth: int = 0) -> list[Entity]:
    """Entities named inside a noun phrase, through appositions and conjuncts only."""
    found: list[Entity] = []
    for child in tok.children:
        if child.dep_ not in _PHRASE_DEPS:
            continue
        e = resolver.at(para, child.idx, child.idx + len(child.text))
        if e is not None:
            found.append(e)
        if depth < 3:
            found.extend(phrase_entities(resolver, para, child, depth + 1))
    return found


def untagged_name(tok: Token) -> str | None:
    """A full name the NER missed: two to four capitalised words as the subject ("Adam Schiff")."""
    words = [t for t in tok.lefts if t.dep_ in ("compound", "flat") and t.i >= tok.i - 3] + [tok]
    if len(words) < 2 or words[-1].i - words[0].i != len(words) - 1:
        return None
    if not all(w.is_title and w.is_alpha and len(w.text) > 1 for w in words):
        return None
    return " ".join(w.text for w in words)


def name_gender(e: Entity) -> str:
    """"he", "she" or "" from a person's titles ("Mrs.") or first name ("Karoline")."""
    titles = {m.split()[0] for m in e.mentions if " " in m}
    if titles & MALE_TITLES and not titles & FEMALE_TITLES:
        return "he"
    if titles & FEMALE_TITLES and not titles & MALE_TITLES:
        return "she"
    first = e.name.split()[0].lower() if " " in e.name else ""
    if first in MALE_NAMES and first not in FEMALE_NAMES:
        return "he"
    if first in FEMALE_NAMES and first not in MALE_NAMES:
        return "she"
    return ""


def description_phrase(tok: Token) -> str | None:
    """The words of a subject that describes rather than names ("a Syrian refugee inside the camp").

    None for a name, a pronoun, or a noun that is no source ("the move").
    """
    # The pipeline runs no tagger: a description's head is a word that is no pronoun and no name.
    if not tok.is_alpha or tok.lower_ in _NOT_SOURCES or tok.lower_ in _NOT_HEADS or tok.ent_type_:
        return None
    if (tok.is_upper and len(tok.text) > 1) or not tok.is_ascii:
        return None  # an acronym is a name; the lexicon is English
    picked = [t for t in tok.lefts if t.dep_ in _DESCRIPTION_LEFT for t in t.subtree]
    picked.append(tok)
    for child in tok.rights:
        if child.dep_ in ("prep", "acl", "compound", "amod", "nummod"):
            picked.extend(child.subtree)
        elif child.dep_ in ("punct", "relcl", "appos", "cc", "conj"):
            break
    picked = sorted({t.i: t for t in picked}.values(), key=lambda t: t.i)
    if len(picked) > _MAX_DESCRIPTION_TOKENS:
        picked = [t for t in picked if t.i <= tok.i]
    while picked and picked[0].is_punct:
        picked = picked[1:]
    while picked and picked[-1].is_punct:
        picked = picked[:-1]
    if not picked or any(t.lower_ in PERSON_PRONOUNS for t in picked):
        return None
    doc = tok.doc
    return str(doc[picked[0].i:picked[-1].i + 1].text)


def described_person(article: Article, resolver: Resolver, head: str) -> Entity | None:
    """The one person the article introduces with this description's head noun, or None.

    Call it for a definite description only ("the actor"): "a source", "one expert" bring in
    someone the article does not name.

    "actor James Van Der Beek" or "James Van Der Beek, the actor," make "the actor" James Van Der
    Beek; two candidates, or none, leave the description as it is.
    """
    if len(head) < 3:
        return None
    found: dict[str, Entity] = {}
    word = re.escape(head)
    for p, para in enumerate(article.paragraphs):
        if head not in para.text.lower():
            continue
        text = para.text
        for off, e in resolver.mentions_in(p):
            if e.type != "PERSON":
                continue
            before = text[max(0, off - 40):off]
            after = text[off:off + 120]
            if re.search(rf"\b{word}\s+$", before, re.I) or re.search(
                rf"^[^,.;:]{{2,40}},\s+(?:the|a|an|who is (?:a|an|the))\s+(?:[\w'’-]+\s+){{0,4}}{word}\b", after, re.I
            ):
                found[e.name] = e
    return next(iter(found.values())) if len(found) == 1 else None


# Entity types the NER gives a surname it does not know ("Schwartzman" a PRODUCT).
_MISTYPED_NAMES = frozenset({"PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "LANGUAGE"})


def has_role(tok: Token) -> bool:
    """Whether a name comes with a person's role in apposition ("Eswar Prasad, a trade professor")."""
    return any(c.dep_ == "appos" and c.lower_ in ROLE_NOUNS for c in tok.children)


def speaker_of_phrase(resolver: Resolver, para: int, tok: Token, cue: str) -> Attr | None:
    """A named speaker in the subject's phrase or its head, without pronouns (those need history)."""
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ in ("who", "that", "which") and tok.head.dep_ == "relcl":
        tok = tok.head.head
    e = token_entity(resolver, para, tok)
    if e is None:
        # "professor and attorney Seth Abramson", "a spokeswoman, Jane Doe,": one person in the
        # subject's own phrase (not behind a preposition: "the lawyer for Smith" is not Smith).
        persons = {p.name: p for p in phrase_entities(resolver, para, tok) if p.type == "PERSON"}
        if len(persons) == 1:
            e = next(iter(persons.values()))
    if e is not None:
        a = from_entity(e, cue)
        if a.kind == "organization" and e.type == "ORG" and has_role(tok):
            return a.but(kind="person")  # "Eswar Prasad, a trade professor at Cornell," tagged ORG
        return a
    name = untagged_name(tok)
    if name:
        return Attr(name, "person", cue)
    if (tok.ent_type_ in _MISTYPED_NAMES and tok.is_title and tok.is_alpha and tok.i > tok.sent.start
            and tok.lower_ not in _NOT_HEADS):
        return Attr(tok.text, "person", cue)  # "the 14th-ranked Schwartzman said", tagged a product
    low = tok.lower_
    if low in SPOKES_NOUNS:
        for child in tok.children:
            org = None
            if child.dep_ in ("compound", "poss"):
                org = token_entity(resolver, para, child)
            elif child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "with"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        org = token_entity(resolver, para, obj)
            if org is not None and org.type == "ORG":
                return Attr(org.name, "organization", cue, description_phrase(tok))
    if low in DOCUMENT_NOUNS:
        return Attr(f"the {low}", "document", cue, description_phrase(tok))
    return None
