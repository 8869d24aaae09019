"""Direct quotations and who said them, with rules on spaCy's dependency parse.

Finding quotes is done on the characters: curly “…”, straight "…", guillemets «…», German „…“, and
British ‘…’ only when the quote ends with punctuation inside the marks (so an apostrophe or a
plural possessive never opens or closes one). A paragraph that ends inside an open quote and a
next paragraph that opens with a quote mark make one quote. Scare quotes (one or two words),
titles of works and the text of social posts are not quotes.

Attribution, in order (shared/notes/nlp.md measured such rules at pair F1 0.83-0.85):

1. same sentence: the nearest reporting verb outside the quote and its subject ("X said",
   "said X", "X replied, … adding: …" through the verb it depends on), or "according to X",
   or a name before a colon ("Trump: “…”");
2. the next short sentence of the paragraph ("“…” Smith said.") when spaCy split it off;
3. follow-on: the last attribution of an earlier sentence in the same paragraph;
4. previous paragraph: a paragraph that starts with a quote and has no cue of its own takes the
   speaker of the paragraph directly before, only when that paragraph ends by introducing a
   speaker without quoting them ("She said that …", "Smith told reporters:");

"he"/"she" resolve to the most recent person subject or speaker before them; a document subject
("the memo") or an organisation is a speaker of that kind; anything else stays unknown.

Only the paragraphs :func:`paragraphs_to_parse` names need the dependency parse: those with a quote
mark and the few before them (where a speaker is introduced or a "he" finds its person). Others
may come with entities alone and add no person subjects to the history.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from index.extract.entities import Resolver, token_entity
from index.model import Article, Entity, Post, Quote, SpeakerKind

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string."""
    return frozenset(text.split())


REPORTING_VERBS = _words(
    """say says said saying tell tells told telling add adds added adding ask asks asked asking reply
    replies replied replying respond responds responded responding explain explains explained
    explaining write writes wrote writing written note notes noted noting state states stated
    declare declares declared declaring claim claims claimed claiming insist insists insisted
    insisting argue argues argued arguing warn warns warned warning continue continues continued
    recall recalls recalled recalling admit admits admitted admitting acknowledge acknowledges
    acknowledged acknowledging announce announces announced announcing tweet tweets tweeted tweeting
    post posts posted posting joke jokes joked joking quip quips quipped remark remarks remarked
    comment comments commented observe observes observed suggest suggests suggested predict predicts
    predicted promise promises promised vow vows vowed concede concedes conceded confirm confirms
    confirmed deny denies denied describe describes described describing exclaim exclaimed shout
    shouted yell yelled whisper whispered testify testifies testified mention mentioned emphasize
    emphasized emphasise emphasised stress stressed agree agreed counter countered retort retorted
    cry cried boast boasted complain complained complains lament lamented charge charged allege
    alleged alleges assert asserted asserts recount recounted reiterate reiterated urge urged
    conclude concluded demand demanded wonder wondered muse mused read reads texted wrote ponder
    pondered ponders"""
)
_VERB_DEPS = frozenset({"ROOT", "ccomp", "advcl", "conj", "xcomp", "parataxis", "relcl", "pcomp", "acl"})
_CLIMB_DEPS = frozenset({"advcl", "conj", "xcomp", "parataxis"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
PERSON_PRONOUNS = frozenset({"he", "she"})
_MALE_TITLES = _words("Mr. Mr Sir Lord King Prince Duke")
_FEMALE_TITLES = _words("Mrs. Mrs Ms. Ms Miss Dame Lady Queen Princess Duchess")
DOCUMENT_NOUNS = _words(
    """memo memorandum document statement report letter email e-mail filing complaint lawsuit
    indictment ruling release study survey tweet message note affidavit transcript notice guidance
    bill website announcement directive warrant communique"""
)
SPOKES_NOUNS = _words(
    """spokesperson spokesman spokeswoman spokespeople representative representatives official
    officials spokesmen"""
)
_WORK_WORDS = re.compile(
    r"\b(?:film|movie|book|novel|song|single|album|show|series|episode|play|musical|documentary|"
    r"podcast|poem|article|essay|column|titled|entitled|called|named|headline|memoir|track|record|"
    r"opera|painting|exhibit|exhibition|game|report|program|programme|collection|anthology)\W*$",
    re.I,
)
_MIN_QUOTE_WORDS = 3
_MAX_TITLE_WORDS = 8
_SMALL_WORDS = _words("a an the of and or in on at to for with by from as vs. de la le")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$")
# Paragraphs before a quote whose parse is read: "he"/"she" looks back this far (``_person_before``).
CONTEXT_PARAGRAPHS = 3
_PRONOUN_WORD = re.compile(r"\b(?:[Hh]e|[Ss]he|[Ii]t|HE|SHE|IT)\b")

# Opening marks and the marks that close them. ”…” (Swedish) and "…" use one character for both.
_CLOSERS = {"“": "”", "„": "“”", "«": "»", '"': '"', "”": "”"}
_OPEN_BEFORE = frozenset(" \t\n([{—–-/:;")
# British single quotes: ‘…,’ with punctuation inside, apostrophes allowed inside words.
_SINGLE_QUOTE = re.compile(r"(?<![\w‘’])‘((?:[^‘’\"“”]|’(?=\w))+?[,.?!])’(?!\w)")


@dataclass
class _Segment:
    """The part of one quote inside one paragraph; offsets in the paragraph's text."""

    para: int
    open: int  # position of the opening mark
    start: int  # quoted text, without marks or outer spaces
    end: int
    close_end: int  # end of the closing mark (the paragraph's length if unclosed)
    closed: bool


@dataclass
class _Quote:
    segments: list[_Segment]
    text: str


@dataclass(frozen=True)
class _Attr:
    speaker: str | None
    kind: SpeakerKind
    cue: str


_UNKNOWN = _Attr(None, "unknown", "")


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPEN_BEFORE or before in _CLOSERS) and not after.isspace()


def scan_paragraph(para: int, text: str) -> list[_Segment]:
    """Quote spans in one paragraph, the last one possibly unclosed (it runs to the end)."""
    segments: list[_Segment] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch not in _CLOSERS or (ch in "\"”" and not _can_open(text, i)):
            i += 1
            continue
        closers = _CLOSERS[ch]
        j = i + 1
        close = -1
        while j < n:
            c = text[j]
            if c in closers:
                if ch == "“" and c == "“":
                    # Typography using “ for both ends: a closer sits after text, before a space.
                    after = text[j + 1] if j + 1 < n else " "
                    if text[j - 1].isspace() or not (after.isspace() or after in ",.;:!?)—–-"):
                        j += 1
                        continue
                close = j
                break
            j += 1
        if close < 0 and ch in "“„":
            # Mixed typography: “… closed by a straight quote.
            close = next((j for j in range(i + 1, n) if text[j] == '"' and not text[j - 1].isspace()), -1)
        if close < 0:
            segments.append(_make_segment(para, text, i, n, n, closed=False))
            break
        inner = [j for j in range(i + 1, close) if text[j] == '"'] if ch in "“„" else []
        if len(inner) == 2 and not text[inner[0] - 1].isspace() and not text[inner[1] + 1].isspace():
            # Mixed typography split by its attribution: “A," he said, "B.”
            segments.append(_make_segment(para, text, i, inner[0], inner[0] + 1, closed=True))
            i = inner[1]
        segments.append(_make_segment(para, text, i, close, close + 1, closed=True))
        i = close + 1
    if not segments:
        for m in _SINGLE_QUOTE.finditer(text):
            segments.append(_make_segment(para, text, m.start(), m.end() - 1, m.end(), closed=True))
    return segments


def _make_segment(para: int, text: str, open_at: int, end: int, close_end: int, *, closed: bool) -> _Segment:
    start = open_at + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return _Segment(para, open_at, start, end, close_end, closed)


def _is_title_of_work(text: str, before: str) -> bool:
    """A short capitalised title ("The Wild Rose"), not speech."""
    words = text.split()
    if len(words) > _MAX_TITLE_WORDS:
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not content or not all(w[:1].isupper() or not w[:1].isalpha() for w in content):
        return False
    return bool(_WORK_WORDS.search(before)) or not _SENTENCE_END.search(text.rstrip(",;:"))


def _link_quotes(article: Article, segments: dict[int, list[_Segment]], skip: set[int]) -> list[_Quote]:
    """Join segments into quotes: an unclosed quote continues into a paragraph opening with a mark."""
    quotes: list[_Quote] = []
    paras = article.paragraphs
    carry: list[_Segment] | None = None
    for p in range(len(paras)):
        segs = [] if p in skip else segments.get(p, [])
        if carry is not None:
            if segs and segs[0].open == 0:
                carry.append(segs[0])
                segs = segs[1:]
                if not carry[-1].closed:
                    continue
            quotes.append(_Quote(carry, ""))
            carry = None
        for s in segs:
            if s.closed:
                quotes.append(_Quote([s], ""))
            else:
                carry = [s]
    if carry is not None:
        quotes.append(_Quote(carry, ""))
    for q in quotes:
        q.text = "\n\n".join(paras[s.para].text[s.start:s.end] for s in q.segments)
    return quotes


def _keep(q: _Quote, article: Article) -> bool:
    words = q.text.split()
    if not words:
        return False
    if len(words) < _MIN_QUOTE_WORDS and not (q.text[0].isupper() and q.text[-1] in ",.!?…"):
        return False  # a scare quote: “hellhole”, “stunning,”; but “That's correct,” is speech
    first = q.segments[0]
    before = article.paragraphs[first.para].text[max(0, first.open - 40): first.open]
    return not _is_title_of_work(q.text, before)


@dataclass
class _Sentence:
    para: int
    start: int
    end: int
    segments: list[_Segment] = field(default_factory=list)
    frame_tokens: list[Token] = field(default_factory=list)
    attr: _Attr | None = None  # the attribution this sentence gave (for follow-on)


class QuoteAttributor:
    """Finds the quotes of one article and their speakers; keeps the running person history."""

    def __init__(self, article: Article, docs: Sequence[Doc], resolver: Resolver,
                 posts: Sequence[Post] = ()) -> None:
        self.article = article
        self.docs = docs
        self.resolver = resolver
        self.post_paras = {i for post in posts if not post.missing for i in post.paragraphs}
        self.post_texts = [" ".join(post.text.split()) for post in posts if post.text]
        # (paragraph, offset, entity) of person subjects and speakers, in reading order.
        self.history: list[tuple[int, int, Entity]] = []
        # The same for documents and organisations, for "it".
        self.things: list[tuple[int, int, _Attr]] = []
        # How often "he" and "she" were resolved to each person.
        self.pronouns: dict[str, dict[str, int]] = {}
        self._done = False
        self._quotes: list[Quote] = []

    # --- public -------------------------------------------------------------------------------

    def quotes(self) -> tuple[Quote, ...]:
        """The article's quotes in reading order."""
        self._run()
        return tuple(self._quotes)

    def person_before(self, para: int, offset: int = 0) -> Entity | None:
        """The most recent person subject or speaker before a position (what "he"/"she" means)."""
        self._run()
        return self._person_before(para, offset)

    # --- the pass ------------------------------------------------------------------------------

    def _run(self) -> None:
        if self._done:
            return
        self._done = True
        paras = self.article.paragraphs
        segments = {p: scan_paragraph(p, paras[p].text) for p in range(len(paras)) if p not in self.post_paras}
        quotes = [q for q in _link_quotes(self.article, segments, self.post_paras)
                  if _keep(q, self.article)]
        kept_by_para: dict[int, list[_Segment]] = {}
        owner: dict[int, _Quote] = {}
        for q in quotes:
            for s in q.segments:
                kept_by_para.setdefault(s.para, []).append(s)
                owner[id(s)] = q
        attrs: dict[int, _Attr] = {}
        intro: dict[int, _Attr] = {}
        found: list[Quote] = []
        for p in range(len(paras)):
            if p in self.post_paras or p >= len(self.docs) or not self.docs[p].has_annotation("DEP"):
                continue
            sentences = self._sentences(p, kept_by_para.get(p, []))
            for k, sent in enumerate(sentences):
                for seg in sent.segments:
                    q = owner[id(seg)]
                    if seg is q.segments[0]:
                        a = self._attribute(seg, sent, sentences, k, intro)
                    else:
                        # A later paragraph of a quote adds a cue only if it has its own.
                        if attrs.get(id(q), _UNKNOWN).speaker is not None:
                            continue
                        own = self._same_sentence(seg, sent)
                        if own is None or own.speaker is None:
                            continue
                        a = own
                    attrs[id(q)] = a
                    sent.attr = a
                    if a.speaker is not None and a.kind == "person":
                        e = self.resolver.lookup(a.speaker)
                        if e is not None:
                            self.history.append((p, seg.open, e))
                self._record_subjects(sent)
                if k == len(sentences) - 1 and not sent.segments:
                    introduced = self._introduced(sent)
                    if introduced is not None:
                        intro[p] = introduced
        for q in quotes:
            a = attrs.get(id(q), _UNKNOWN)
            first, last = q.segments[0], q.segments[-1]
            found.append(Quote(
                text=q.text, speaker=a.speaker, speaker_kind=a.kind if a.speaker else "unknown",
                paragraph=first.para, start=first.start, end=last.end,
                end_paragraph=last.para if last.para != first.para else None, cue=a.cue,
            ))
        # Text of an embedded post repeated in the body is the post's, unless the article quotes it
        # with a cue of its own ("…,” wrote Jeff Tiedrich).
        found = [q for q in found if q.cue in _STRONG_CUES
                 or not any(" ".join(q.text.split()) in t for t in self.post_texts)]
        self._quotes = _drop_repeats(found)

    def _sentences(self, p: int, segs: list[_Segment]) -> list[_Sentence]:
        """The paragraph's sentences: spaCy's, but never broken inside a quote or before "he said"."""
        doc = self.docs[p]
        text = self.article.paragraphs[p].text
        n = len(text)
        # Characters covered by quotes including their marks (the opening mark itself excluded).
        covered = bytearray(n + 1)
        for s in segs:
            covered[s.open + 1:s.close_end] = b"\x01" * (s.close_end - s.open - 1)
        opens = {s.open for s in segs}

        starts = [0]
        for span in doc.sents:
            pos = span.start_char
            if pos == 0 or pos >= n or covered[pos] or text[pos].islower():
                continue
            starts.append(pos)
        starts = sorted(set(starts))
        sentences = [_Sentence(p, a, b) for a, b in zip(starts, starts[1:] + [n], strict=True)]
        for s in segs:
            sentences[bisect.bisect_right(starts, s.open) - 1].segments.append(s)
        for tok in doc:
            if tok.idx < n and (covered[tok.idx] or tok.idx in opens):
                continue
            sentences[bisect.bisect_right(starts, tok.idx) - 1].frame_tokens.append(tok)
        return sentences

    # --- attribution ---------------------------------------------------------------------------

    def _attribute(self, seg: _Segment, sent: _Sentence, sentences: list[_Sentence], k: int,
                   intro: dict[int, _Attr]) -> _Attr:
        a = self._same_sentence(seg, sent)
        if a is not None:
            return a
        # "“…” Smith said." split off by the parser.
        if k + 1 < len(sentences):
            nxt = sentences[k + 1]
            if not nxt.segments and len(nxt.frame_tokens) <= 10:
                a = self._introduced(nxt, unresolved=True)
                if a is not None:
                    return _Attr(a.speaker, a.kind, "next-sentence")
        for prev in reversed(sentences[:k]):
            if prev.attr is not None:
                return _Attr(prev.attr.speaker, prev.attr.kind, "follow-on")
            if not prev.segments:
                a = self._introduced(prev)
                if a is not None:
                    return _Attr(a.speaker, a.kind, "follow-on")
            break
        if k == 0 and seg.open == 0 and seg.para - 1 in intro:
            a = intro[seg.para - 1]
            return _Attr(a.speaker, a.kind, "previous-paragraph")
        return _UNKNOWN

    def _same_sentence(self, seg: _Segment, sent: _Sentence) -> _Attr | None:
        cands = [t for t in sent.frame_tokens if _is_cue_token(t)]
        cands.sort(key=lambda t: seg.open - t.idx if t.idx < seg.open else t.idx - seg.close_end)
        for tok in cands:
            subj = _subject(tok, sent)
            if subj is None:
                continue
            cue = "according-to" if tok.lower_ == "according" else "same-sentence"
            return self._speaker_of(subj, sent.para, cue)
        # "Trump: “…”", "Buckley … had a similar experience: “…”" — a colon right before the quote.
        text = self.article.paragraphs[sent.para].text
        before = text[sent.start:seg.open].rstrip()
        if not before.endswith(":"):
            return None
        for tok in sent.frame_tokens:
            if tok.idx < seg.open and tok.dep_ in _SUBJECT_DEPS and tok.head.dep_ == "ROOT":
                a = self._speaker_of(tok, sent.para, "colon")
                if a.speaker is not None:
                    return a
        if len(before.split()) <= 8:
            ents = self.resolver.mentions_in(sent.para, sent.start, seg.open)
            if ents:
                return _from_entity(ents[-1][1], "colon")
        return None

    def _introduced(self, sent: _Sentence, *, unresolved: bool = False) -> _Attr | None:
        """The speaker a sentence without a quote introduces ("She said that …", "Smith wrote:").

        With ``unresolved``, a cue whose subject is not known ("officials said") gives an unknown
        speaker rather than None.
        """
        fallback = None
        for tok in sent.frame_tokens:
            if not _is_cue_token(tok) or tok.lower_ == "according":
                continue
            subj = _subject(tok, sent)
            if subj is None:
                continue
            a = self._speaker_of(subj, sent.para, "intro")
            if a.speaker is not None:
                return a
            fallback = fallback or a
        return fallback if unresolved else None

    def _speaker_of(self, tok: Token, para: int, cue: str) -> _Attr:
        low = tok.lower_
        if low in PERSON_PRONOUNS:
            e = self._resolve_pronoun(low, para, tok.idx)
            if e is None:
                return _Attr(None, "unknown", cue)
            return _Attr(e.name, "person", "pronoun" if cue == "same-sentence" else cue)
        if low == "it":
            thing = self._thing_before(para, tok.idx)
            return _Attr(thing.speaker, thing.kind, cue) if thing else _Attr(None, "unknown", cue)
        if tok.dep_ in _SUBJECT_DEPS and low in ("who", "that", "which") and tok.head.dep_ == "relcl":
            tok = tok.head.head
        e = token_entity(self.resolver, para, tok)
        if e is None:
            # "professor and attorney Seth Abramson", "a spokeswoman, Jane Doe,": one person in the
            # subject's own phrase (not behind a preposition: "the lawyer for Smith" is not Smith).
            persons = {p.name: p for p in _phrase_entities(self.resolver, para, tok) if p.type == "PERSON"}
            if len(persons) == 1:
                e = next(iter(persons.values()))
        if e is not None:
            return _from_entity(e, cue)
        name = _untagged_name(tok)
        if name:
            return _Attr(name, "person", cue)
        if low in DOCUMENT_NOUNS:
            return _Attr(f"the {low}", "document", cue)
        if low in SPOKES_NOUNS:
            for child in tok.children:
                if child.dep_ == "compound":
                    org = token_entity(self.resolver, para, child)
                    if org is not None and org.type == "ORG":
                        return _Attr(org.name, "organization", cue)
                if child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "with"):
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            org = token_entity(self.resolver, para, obj)
                            if org is not None and org.type == "ORG":
                                return _Attr(org.name, "organization", cue)
        return _Attr(None, "unknown", cue)

    def _record_subjects(self, sent: _Sentence) -> None:
        for tok in sent.frame_tokens:
            # A name the parser made the root is the sentence's topic ("Dana Kowalczyk, president
            # of the union, watched from the audience." parsed as a fragment).
            if tok.dep_ == "ROOT" and tok.ent_type_ == "PERSON":
                e = token_entity(self.resolver, sent.para, tok)
                if e is not None and e.type == "PERSON":
                    self.history.append((sent.para, tok.idx, e))
                continue
            if tok.dep_ not in _SUBJECT_DEPS:
                continue
            if tok.lower_ in PERSON_PRONOUNS:
                e = self._resolve_pronoun(tok.lower_, sent.para, tok.idx)
            elif tok.lower_ in DOCUMENT_NOUNS:
                if _is_cue_token(tok.head):
                    self.things.append((sent.para, tok.idx, _Attr(f"the {tok.lower_}", "document", "")))
                continue
            else:
                e = token_entity(self.resolver, sent.para, tok)
            if e is not None and e.type == "PERSON":
                self.history.append((sent.para, tok.idx, e))
            elif e is not None and e.type == "ORG" and _is_cue_token(tok.head):
                self.things.append((sent.para, tok.idx, _from_entity(e, "")))

    def _thing_before(self, para: int, offset: int) -> _Attr | None:
        """What "it" says: the last document or organisation subject in this or the last paragraph."""
        for p, o, a in reversed(self.things):
            if (p, o) < (para, offset):
                return a if p >= para - 1 else None
        return None

    def _person_before(self, para: int, offset: int, pronoun: str = "") -> Entity | None:
        """The most recent person subject or speaker before a position, within three paragraphs.

        With a pronoun, a person already referred to by the other pronoun (or titled Mr./Ms.)
        is passed over: there is no gender model, only what the article itself said.
        """
        for p, o, e in reversed(self.history):
            if (p, o) >= (para, offset):
                continue
            if p < para - 3:
                break
            if pronoun and self._gender(e) not in ("", pronoun):
                continue
            return e
        # No person subject yet: the last person named in this or the previous paragraph.
        for p in (para, para - 1):
            if p < 0 or p in self.post_paras:
                continue
            persons = [e for o, e in self.resolver.mentions_in(p, 0, offset if p == para else None)
                       if e.type == "PERSON" and (not pronoun or self._gender(e) in ("", pronoun))]
            if persons:
                return persons[-1]
        return None

    def _gender(self, e: Entity) -> str:
        """"he", "she" or "" from the pronouns resolved to ``e`` so far and its titles."""
        votes = self.pronouns.get(e.name)
        if votes:
            he, she = votes.get("he", 0), votes.get("she", 0)
            if he != she:
                return "he" if he > she else "she"
        titles = {m.split()[0] for m in e.mentions if " " in m}
        if titles & _MALE_TITLES and not titles & _FEMALE_TITLES:
            return "he"
        if titles & _FEMALE_TITLES and not titles & _MALE_TITLES:
            return "she"
        return ""

    def _resolve_pronoun(self, pronoun: str, para: int, offset: int) -> Entity | None:
        e = self._person_before(para, offset, pronoun)
        if e is not None:
            votes = self.pronouns.setdefault(e.name, {})
            votes[pronoun] = votes.get(pronoun, 0) + 1
        return e


_STRONG_CUES = frozenset({"same-sentence", "according-to", "colon", "pronoun"})
_CHUNK_SPLIT = re.compile(r"(?<=[.!?,;:])\s+")
_NOT_WORD = re.compile(r"[^\w\s]")


def _norm(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def _drop_repeats(quotes: list[Quote]) -> list[Quote]:
    """Drop pull quotes: a quote repeated elsewhere in the article, keeping the attributed copy.

    A quote goes when every clause of it is found in the article's other quotes and it has no
    cue of its own, or the same text came earlier.
    """
    norms = [_norm(q.text) for q in quotes]
    dropped: set[int] = set()
    seen: set[str] = set()
    for i, q in enumerate(quotes):
        others = " ".join(norms[j] for j in range(len(quotes)) if j != i and j not in dropped)
        chunks = [c for c in (_norm(c) for c in _CHUNK_SPLIT.split(q.text)) if c]
        covered = bool(chunks) and all(c in others for c in chunks)
        if covered and (q.cue not in _STRONG_CUES or norms[i] in seen):
            dropped.add(i)
        else:
            seen.add(norms[i])
    return [q for i, q in enumerate(quotes) if i not in dropped]


_PHRASE_DEPS = frozenset({"appos", "conj", "compound", "flat", "nmod", "amod", "cc", "punct", "det"})


def _phrase_entities(resolver: Resolver, para: int, tok: Token, depth: int = 0) -> list[Entity]:
    """Entities named inside a noun phrase, through appositions and conjuncts only."""
    found: list[Entity] = []
    for child in tok.children:
        if child.dep_ not in _PHRASE_DEPS:
            continue
        e = resolver.at(para, child.idx, child.idx + len(child.text))
        if e is not None:
            found.append(e)
        if depth < 3:
            found.extend(_phrase_entities(resolver, para, child, depth + 1))
    return found


def _untagged_name(tok: Token) -> str | None:
    """A full name the NER missed: two to four capitalised words as the subject ("Adam Schiff")."""
    words = [t for t in tok.lefts if t.dep_ in ("compound", "flat") and t.i >= tok.i - 3] + [tok]
    if len(words) < 2 or words[-1].i - words[0].i != len(words) - 1:
        return None
    if not all(w.is_title and w.is_alpha and len(w.text) > 1 for w in words):
        return None
    return " ".join(w.text for w in words)


def _is_cue_token(tok: Token) -> bool:
    low = tok.lower_
    if low == "according":
        return any(c.lower_ == "to" for c in tok.children)
    if low in ("went", "goes", "go", "going"):  # "she went on"
        return any(c.dep_ == "prt" and c.lower_ == "on" for c in tok.children)
    if low not in REPORTING_VERBS:
        return False
    return tok.dep_ in _VERB_DEPS or any(c.dep_ in _SUBJECT_DEPS for c in tok.children)


def _subject(tok: Token, sent: _Sentence) -> Token | None:
    """The subject of a reporting verb (climbing "…, adding:" to the verb it hangs on)."""
    frame = {t.i for t in sent.frame_tokens}
    if tok.lower_ == "according":
        for to in tok.children:
            if to.lower_ == "to":
                for obj in to.children:
                    if obj.dep_ == "pobj" and obj.i in frame:
                        return obj
        return None
    for _ in range(4):
        # Only an active subject speaks: in "the memo had been written", the memo says nothing.
        if any(c.dep_ == "nsubjpass" for c in tok.children):
            return None
        subs = [c for c in tok.children if c.dep_ == "nsubj" and c.i in frame]
        if subs:
            return subs[0]
        if tok.dep_ in _CLIMB_DEPS and tok.head is not tok and tok.head.i in frame:
            tok = tok.head
            continue
        return None
    return None


def _from_entity(e: Entity, cue: str) -> _Attr:
    if e.type == "PERSON":
        return _Attr(e.name, "person", cue)
    if e.type in ("ORG", "PLACE", "NORP"):
        return _Attr(e.name, "organization", cue)
    if e.type == "LAW":
        return _Attr(e.name, "document", cue)
    return _Attr(None, "unknown", cue)


def paragraphs_to_parse(article: Article, posts: Sequence[Post] = ()) -> list[bool]:
    """For each paragraph, whether attribution reads its dependency parse.

    Those with a quote mark (straight, curly, guillemets, British ‘…,’) and the paragraph that
    starts a lost post (its author may be "he"); before each of these, and before each chosen
    paragraph with a "he", "she" or "it" (whose person may be a "he" resolved further back), the
    ``CONTEXT_PARAGRAPHS`` paragraphs a pronoun looks back to.
    """
    paras = article.paragraphs
    post_paras = {i for post in posts if not post.missing for i in post.paragraphs}
    needed = [p not in post_paras and bool(scan_paragraph(p, paras[p].text)) for p in range(len(paras))]
    for post in posts:
        if post.missing and post.paragraphs and post.paragraphs[0] < len(paras):
            needed[post.paragraphs[0]] = True
    anchors = list(needed)
    for p in range(len(paras) - 1, 0, -1):
        if anchors[p] or needed[p] and _PRONOUN_WORD.search(paras[p].text):
            for q in range(max(0, p - CONTEXT_PARAGRAPHS), p):
                needed[q] = True
    return needed


def find_quotes(article: Article, docs: Sequence[Doc], resolver: Resolver,
                posts: Sequence[Post] = ()) -> tuple[Quote, ...]:
    """The direct quotes of an article with their speakers; ``docs`` are its parsed paragraphs."""
    return QuoteAttributor(article, docs, resolver, posts).quotes()
