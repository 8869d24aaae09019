"""The rules on what a quoted span is and who a line is by, apart from the parse: scare phrases and
generic sources are not quotes, repeats and unreported fragments go, transcript lines are their
label's; and the small helpers the attribution pass words its evidence with."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from index.extract.cues import SUBJECT_DEPS
from index.extract.quote_spans import Segment
from index.extract.speakers import (
    Attr,
)
from index.model import Article, Quote

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


DEFINITE = frozenset({"the", "this", "that", "his", "her", "their", "its"})
MIN_ATTRIBUTED_SHARE = 0.25
MIN_QUOTES_FOR_PAGE_TEST = 4


def governing_clauses(tok: Token) -> set[int]:
    """Indices of the words ``tok`` hangs from, up to the first clause joined by "and" with its own
    subject ("…, and critics called it a “stunt”": "called", not the "said" before it)."""
    found: set[int] = set()
    while tok.head.i != tok.i:  # spaCy makes a new Token on each access: compare indices
        own_clause = tok.dep_ == "conj" and any(c.dep_ in SUBJECT_DEPS for c in tok.children)
        tok = tok.head
        if own_clause:
            break
        found.add(tok.i)
    return found


def characterised(tok: Token, verb: Token) -> bool:
    """Whether quoted words are what ``verb`` characterises something *as* ("rejected the claims as
    “patently false”"); a bare object predicate stays a scare quote ("called the city a “hellhole”")."""
    while tok.head.i != tok.i:
        if tok.head.i == verb.i:
            return tok.dep_ == "prep" and tok.lower_ == "as"
        tok = tok.head
    return False


def is_plural(phrase: str) -> bool:
    last = phrase.split()[-1].lower() if phrase.split() else ""
    return last.endswith("s") and not last.endswith("ss")


def clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else "…" + text[-limit:]


def cue_words(subj: Token, verb: Token | None) -> str:
    """The words that name the speaker, as written: "said Hill", "Hill told reporters", "she said"."""
    if verb is None:
        return subj.text
    left = min(subj.left_edge.i, verb.i)
    right = max(subj.i, verb.i)
    if verb.lower_ == "according":
        right = max(right, subj.right_edge.i)
    doc = subj.doc
    span = doc[left:right + 1].text
    if len(span) > 60:
        return f"{doc[subj.left_edge.i:subj.i + 1].text} … {verb.text}" if subj.i < verb.i else \
            f"{verb.text} … {doc[subj.left_edge.i:subj.i + 1].text}"
    return span


STRONG_CUES = frozenset({"same-sentence", "according-to", "colon", "pronoun", "possessive"})
CHUNK_SPLIT = re.compile(r"(?<=[.!?,;:])\s+")
NOT_WORD = re.compile(r"[^\w\s]")
# A speakerless quote of at most this many words is a phrase, not speech (``scare_phrase``).
SCARE_WORDS = 4
# "NAME:" opening a paragraph: one to four upper-case words (initials, "MR.", "O'ROURKE"), or Q/A.
TRANSCRIPT_LINE = re.compile(
    r"(?P<label>(?:[A-Z][A-Z.'’-]*\s){0,3}[A-Z][A-Z.'’-]*[A-Z.]|[QA])\s*:\s+(?P<text>\S)")
NOT_SPEAKER_LABELS = frozenset({"NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "UPDATE", "CORRECTION", "WATCH",
                                 "READ MORE", "RELATED", "PHOTOS", "VIDEO", "ADVERTISEMENT", "SOURCE", "CLICK"})
MIN_TRANSCRIPT_LINES = 3
INDEFINITE = frozenset({"a", "an", "some", "many", "most", "several", "any", "one"})


def names_in_third_person(seg: Segment, article: Article, a: Attr) -> bool:
    """Whether the quote speaks of ``a``'s speaker by a word that named them ("the mayor" after
    "Mayor Jane Smith said", "Smith"): then someone else says it."""
    quoted = {w.lower() for w in NOT_WORD.sub(" ", article.paragraphs[seg.para].text[seg.start:seg.end]).split()}
    naming = f"{a.speaker or ''} {a.speaker_text or ''} {a.evidence}"
    return any(w[0].isupper() and w.lower() in quoted and w.lower() not in DEFINITE | INDEFINITE
               for w in NOT_WORD.sub(" ", naming).split())


def own_verb(a: Attr) -> bool:
    """Whether a reporting verb of the quote's own sentence gives the speaker: named there, or a
    "he"/"she" subject of it resolved to a person subject (“He describes them as “exciting,””)."""
    return a.confidence == "stated" or a.cue == "pronoun" and a.confidence == "inferred"


def generic(a: Attr) -> bool:
    """A description that names no one in particular ("advertisers", "some advertisers", "an item"):
    the words it "says" in a scare quote are a term, not its speech."""
    if a.kind != "description" or not a.speaker_text:
        return False
    first = a.speaker_text.split()[0].lower()
    return first in INDEFINITE or first not in DEFINITE and is_plural(a.speaker_text)


def scare_phrase(text: str) -> bool:
    """A short quoted phrase with no speaker: a slogan, a title, a term ("tip of the iceberg",
    "Fund our schools,"), not reported speech, unless it speaks in the first person ("I'm all yours")."""
    words = NOT_WORD.sub(" ", text).split()
    return len(words) <= SCARE_WORDS and "I" not in words


def transcript_lines(article: Article, skip: set[int] | frozenset[int]) -> dict[int, tuple[str, int]]:
    """Paragraphs that are speaker-labelled lines of a transcript, with the label and where the
    words start: "TRUMP: …", "LESTER HOLT: …", "Q: …" and "A: …". Only on a page with at least
    ``MIN_TRANSCRIPT_LINES`` of them and two speakers (one "NOTE: …" is not a transcript)."""
    lines = {}
    for p, para in enumerate(article.paragraphs):
        if p in skip:
            continue
        m = TRANSCRIPT_LINE.match(para.text)
        # "DEAR ABBY: …" in an advice column names whom a letter is to, not who speaks.
        if m and m.group("label") not in NOT_SPEAKER_LABELS and not m.group("label").startswith("DEAR "):
            lines[p] = (" ".join(m.group("label").split()), m.start("text"))
    if len(lines) < MIN_TRANSCRIPT_LINES or len({label for label, _ in lines.values()}) < 2:
        return {}
    return lines


def norm(text: str) -> str:
    return " ".join(NOT_WORD.sub(" ", text.lower()).split())


def drop_repeats(quotes: list[Quote]) -> list[Quote]:
    """Drop pull quotes: a quote repeated elsewhere in the article, keeping the attributed copy.

    A quote goes when every clause of it is found in the article's other quotes and it has no
    cue of its own, or the same text came earlier.
    """
    norms = [norm(q.text) for q in quotes]
    dropped: set[int] = set()
    seen: set[str] = set()
    for i, q in enumerate(quotes):
        others = " ".join(norms[j] for j in range(len(quotes)) if j != i and j not in dropped)
        chunks = [c for c in (norm(c) for c in CHUNK_SPLIT.split(q.text)) if c]
        covered = bool(chunks) and all(c in others for c in chunks)
        if covered and (q.cue not in STRONG_CUES or norms[i] in seen):
            dropped.add(i)
        else:
            seen.add(norms[i])
    return [q for i, q in enumerate(quotes) if i not in dropped]


def drop_unreported(quotes: list[Quote]) -> list[Quote]:
    """On a page where almost no quote has a speaker, the speakerless ones are not reported speech."""
    if len(quotes) < MIN_QUOTES_FOR_PAGE_TEST:
        return quotes
    attributed = sum(q.speaker is not None for q in quotes)
    if attributed >= MIN_ATTRIBUTED_SHARE * len(quotes):
        return quotes
    return [q for q in quotes if q.speaker is not None]
