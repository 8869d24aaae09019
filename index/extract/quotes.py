"""Direct quotations and who said them, with rules on spaCy's dependency parse.

Where quotes are is ``quote_spans``; the lexicon of cues is ``cues``; who a subject is (a name, a
description, a document) is ``speakers``. This module reads the article in order and decides each
quote's speaker, keeping the running history of persons that "he"/"she" refer to.

Attribution, in order (shared/notes/nlp.md measured such rules at pair F1 0.83-0.85):

1. same sentence (stated): the nearest reporting verb outside the quote and its subject ("X said",
   "said X", "X replied, … adding: …" through the verb it depends on), or "according to X",
   or a name before a colon ("Trump: “…”"); a pronoun subject is inferred from the history;
2. the next short sentence of the paragraph ("“…” Smith said.") when spaCy split it off;
3. follow-on: the last attribution of an earlier sentence in the same paragraph, never into a
   sentence with a cue or a person subject of its own;
4. previous paragraph: a paragraph that starts with a quote and has no cue of its own takes the
   speaker of the paragraph directly before, when that paragraph ends by introducing a speaker
   without quoting them ("She said that …", "Smith told reporters:"); never after a paragraph that
   only quoted someone (shared/notes/nlp.md: that was right 32 times in 209);
5. continuation: a paragraph whose first sentence is a quote and nothing else, directly after a
   paragraph whose last sentence quoted a speaker it named, continues that speaker (inferred),
   unless the quote speaks of them by a word that named them ("the mayor", "Smith").

Also stated: the owner of the words ("Arment's insistence that “…”", "in Dr. Shadlen's words, “…”")
and the subject of any verb right after the quote's closing comma ("“…,” one Twitter response began").

"he"/"she" are inferred when they resolve to a person subject or speaker, or to a person the paragraph
describes by a noun of that gender ("one mother … she said"); guessed when only to a person named
but not as a subject. A quote standing alone after a sentence about one person with no reporting
verb ("Charles Schultze … summed up the danger with a metaphor. “…”") is that person's, guessed;
a sentence about the speaker between two of their quotes does not stop the follow-on.

"he"/"she" resolve to the most recent person subject or speaker before them whose gender agrees
(from the pronouns already resolved to them, their titles, their first name); "they"/"it" to the
last organisation, document or description that spoke; anything else stays unknown.

One or two quoted words are kept only when a reporting verb of their own sentence names who said
them. On a page where almost no quote has a speaker (an essay, fiction, a how-to), the quotes with
no speaker at all are dropped: they are examples and hypotheticals, not reported speech.

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

from index.extract.cues import (
    DOCUMENT_NOUNS,
    IN_WORDS_NOUNS,
    SPEECH_NOUNS,
    SUBJECT_DEPS,
    THOUGHT_VERBS,
    is_cue_token,
    subject_of,
)
from index.extract.entities import Resolver, token_entity
from index.extract.quote_rules import (
    DEFINITE,
    STRONG_CUES,
    characterised,
    clip,
    cue_words,
    drop_repeats,
    drop_unreported,
    generic,
    governing_clauses,
    names_in_third_person,
    own_verb,
    scare_phrase,
    transcript_lines,
)
from index.extract.quote_spans import QuoteSpan, Segment, is_fragment, keep, link_quotes, scan_paragraph
from index.extract.referents import Referents, where_named
from index.extract.speakers import (
    FEMALE_NOUNS,
    MALE_NOUNS,
    PERSON_PRONOUNS,
    UNKNOWN,
    Attr,
    description_phrase,
    from_entity,
    has_role,
    speaker_of_phrase,
)
from index.model import Article, Entity, Post, Quote

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

__all__ = ["QuoteAttributor", "find_quotes", "paragraphs_to_parse", "scan_paragraph"]

# Paragraphs before a quote whose parse is read: "he"/"she" looks back this far (``_person_before``).
CONTEXT_PARAGRAPHS = 3
_PRONOUN_WORD = re.compile(r"\b(?:[Hh]e|[Ss]he|[Ii]t|[Tt]hey|HE|SHE|IT|THEY)\b")
_GROUP_PRONOUNS = frozenset({"they", "it"})
# A page is an essay, not reporting, when fewer than this share of its quotes have a speaker.


@dataclass
class _Sentence:
    para: int
    start: int
    end: int
    segments: list[Segment] = field(default_factory=list)
    frame_tokens: list[Token] = field(default_factory=list)
    attr: Attr | None = None  # the attribution this sentence gave (for follow-on)


class QuoteAttributor:
    """Finds the quotes of one article and their speakers; keeps the running person history."""

    def __init__(self, article: Article, docs: Sequence[Doc], resolver: Resolver,
                 posts: Sequence[Post] = ()) -> None:
        self.article = article
        self.docs = docs
        self.resolver = resolver
        self.post_paras = {i for post in posts if not post.missing for i in post.paragraphs}
        self.post_texts = [" ".join(post.text.split()) for post in posts if post.text]
        self.refs = Referents(article, resolver, self.post_paras)
        self._quoted: dict[int, list[Segment]] = {}
        self._offsets: dict[int, list[int]] = {}  # each paragraph's tokens' character offsets
        # Per paragraph, the last attribution it gave and whether its last sentence gave it.
        self._last_said: dict[int, tuple[Attr, bool]] = {}
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
        found = self.refs.person_before(para, offset)
        return found[1] if found else None

    # --- the pass ------------------------------------------------------------------------------

    def _run(self) -> None:
        if self._done:
            return
        self._done = True
        paras = self.article.paragraphs
        segments = {p: scan_paragraph(p, paras[p].text) for p in range(len(paras)) if p not in self.post_paras}
        quotes = [q for q in link_quotes(self.article, segments, self.post_paras) if keep(q, self.article)]
        kept_by_para: dict[int, list[Segment]] = {}
        self._quoted = kept_by_para
        owner: dict[int, QuoteSpan] = {}
        for q in quotes:
            for s in q.segments:
                kept_by_para.setdefault(s.para, []).append(s)
                owner[id(s)] = q
        attrs: dict[int, Attr] = {}
        intro: dict[int, Attr] = {}
        for p in range(len(paras)):
            if p in self.post_paras or p >= len(self.docs) or not self.docs[p].has_annotation("DEP"):
                continue
            sentences = self._sentences(p, kept_by_para.get(p, []))
            for k, sent in enumerate(sentences):
                for seg in sent.segments:
                    q = owner[id(seg)]
                    if seg is q.segments[0]:
                        a = self._attribute(seg, sent, sentences, k, intro, fragment=is_fragment(q))
                    else:
                        # A later paragraph of a quote adds a cue only if it has its own.
                        if attrs.get(id(q), UNKNOWN).speaker is not None:
                            continue
                        own = self._same_sentence(seg, sent)
                        if own is None or own.speaker is None:
                            continue
                        a = own
                    attrs[id(q)] = a
                    sent.attr = a
                    self._last_said[p] = (a, k == len(sentences) - 1)
                    self.refs.remember(p, seg.open, a)
                self._record_subjects(sent)
                if k == len(sentences) - 1 and not sent.segments:
                    introduced = self._introduced(sent)
                    if introduced is not None:
                        intro[p] = introduced
        found: list[Quote] = []
        for q in quotes:
            a = attrs.get(id(q), UNKNOWN)
            if is_fragment(q) and (not own_verb(a) or generic(a)):
                continue
            if a.speaker is None and scare_phrase(q.text):
                continue
            first, last = q.segments[0], q.segments[-1]
            found.append(Quote(
                text=q.text, speaker=a.speaker, speaker_kind=a.kind if a.speaker else "unknown",
                paragraph=first.para, start=first.start, end=last.end,
                end_paragraph=last.para if last.para != first.para else None, cue=a.cue,
                speaker_text=a.speaker_text if a.speaker else None,
                evidence=a.evidence if a.speaker else "", confidence=a.confidence if a.speaker else "",
            ))
        # Text of an embedded post repeated in the body is the post's, unless the article quotes it
        # with a cue of its own ("…,” wrote Jeff Tiedrich).
        found = [q for q in found if q.cue in STRONG_CUES
                 or not any(" ".join(q.text.split()) in t for t in self.post_texts)]
        lines = transcript_lines(self.article, self.post_paras)
        if lines:
            found = [q for q in found if q.paragraph not in lines] + self._transcript(lines)
            found.sort(key=lambda q: (q.paragraph, q.start))
        self._quotes = drop_unreported(drop_repeats(found))

    def _transcript(self, lines: dict[int, tuple[str, int]]) -> list[Quote]:
        """The lines of a transcript ("HOLT: Where were you?", "Q: …"), each said by its label.

        A label that names a person of the article is that person; "Q"/"A" and a label naming no
        one are the label as the text gives it, a description."""
        out = []
        paras = self.article.paragraphs
        for p, (label, start) in sorted(lines.items()):
            text = paras[p].text[start:].rstrip()
            e = None if label in ("Q", "A") else self.resolver.lookup(label)
            if e is not None and e.type == "PERSON":
                speaker, kind, said_as = e.name, "person", None
            else:
                speaker = {"Q": "the interviewer", "A": "the interviewee"}.get(label, label.title())
                kind, said_as = "description", speaker
            out.append(Quote(text=text, speaker=speaker, speaker_kind=kind,  # type: ignore[arg-type]
                             paragraph=p, start=start, end=start + len(text), cue="transcript",
                             speaker_text=said_as, evidence=f"‘{label}:’", confidence="stated"))
        return out

    def _sentences(self, p: int, segs: list[Segment]) -> list[_Sentence]:
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

    def _attribute(self, seg: Segment, sent: _Sentence, sentences: list[_Sentence], k: int,
                   intro: dict[int, Attr], *, fragment: bool = False) -> Attr:
        a = self._same_sentence(seg, sent, characterising=not fragment, inside=seg if fragment else None)
        if a is not None:
            return a
        if fragment:
            return UNKNOWN
        # "“…” Smith said." split off by the parser.
        if k + 1 < len(sentences):
            nxt = sentences[k + 1]
            if not nxt.segments and (len(nxt.frame_tokens) <= 10 or self._speaker_first(seg, nxt)):
                a = self._introduced(nxt, unresolved=True)
                if a is not None:
                    return a.but(cue="next-sentence", confidence="inferred" if a.speaker else "",
                                 evidence=f"{a.evidence}, the next sentence" if a.evidence else "")
        own_subject = self._person_subject(sent)
        alone = self._only_quote(sent, seg)
        through: str | None = None  # the one person the sentences skipped over are about
        for j in range(k - 1, -1, -1):
            prev = sentences[j]
            carried = prev.attr
            if carried is None and not prev.segments:
                carried = self._introduced(prev)
            if carried is None or carried.speaker is None:
                about = self._subjects_in(prev) if carried is None and not prev.segments else set()
                if alone and len(about) == 1 and through in (None, *about):
                    # “…,” said Joseph Minga. He learned … . “…” — a sentence about the speaker
                    # between his quotes does not end them.
                    through = next(iter(about))
                    continue
                break
            if own_subject is not None and own_subject.name != carried.speaker:
                break  # a sentence about someone else
            if through is not None and carried.speaker != through:
                break
            return carried.but(cue="follow-on", confidence="inferred",
                               evidence=f"{carried.speaker}, the speaker of the sentence before")
        if k > 0 and alone and own_subject is None and sentences[k - 1].attr is None:
            # "Charles Schultze … once summed up the danger with a metaphor. “…”": the person the
            # sentence before is about, with no reporting verb — a guess.
            about = self._subjects_in(sentences[k - 1]) if not sentences[k - 1].segments else set()
            if len(about) == 1 and not self._names_him(seg, name := next(iter(about))):
                return Attr(name, "person", "neighbour", None, f"{name}, the subject of the sentence before",
                            "guessed")
        if k == 0 and seg.open == 0 and seg.para - 1 in intro and own_subject is None:
            a = intro[seg.para - 1]
            return a.but(cue="previous-paragraph", confidence="inferred",
                         evidence=f"{a.evidence}, the paragraph before" if a.evidence else a.speaker)
        # A paragraph that opens with a quote standing alone as a sentence continues the
        # attributed quote that ended the paragraph before (“…,” Lee said. / “There is no other way.”).
        said = self._last_said.get(seg.para - 1)
        if (k == 0 and seg.open == 0 and own_subject is None and said is not None and said[1]
                and said[0].speaker is not None and said[0].confidence == "stated"
                and self._only_quote(sent, seg) and not names_in_third_person(seg, self.article, said[0])):
            a = said[0]
            return a.but(cue="continuation", confidence="inferred",
                         evidence=f"{a.speaker}, quoted at the end of the paragraph before")
        return UNKNOWN

    def _subjects_in(self, sent: _Sentence) -> set[str]:
        """The persons recorded as subjects of a sentence (named or through "he"/"she")."""
        return {e.name for p, o, e in self.refs.history if p == sent.para and sent.start <= o < sent.end}

    def _names_him(self, seg: Segment, name: str) -> bool:
        """Whether a quote speaks of this person by name (then someone else says it)."""
        return names_in_third_person(seg, self.article, Attr(name, "person", ""))

    def _speaker_first(self, seg: Segment, nxt: _Sentence) -> bool:
        """Whether ``nxt`` follows the quote directly and opens with the subject of a reporting verb
        ("“…?” He Jianxiong, the former executive director …, said at a Nov. 6 event.")."""
        text = self.article.paragraphs[nxt.para].text
        if text[seg.close_end:nxt.start].strip() or not nxt.frame_tokens:
            return False
        frame = {t.i for t in nxt.frame_tokens}
        first = nxt.frame_tokens[0].i
        for tok in nxt.frame_tokens:
            if is_cue_token(tok) and tok.lower_ != "according":
                subj = subject_of(tok, frame)
                if subj is not None and subj.left_edge.i == first:
                    return True
        return False

    def _only_quote(self, sent: _Sentence, seg: Segment) -> bool:
        """Whether the sentence is the quote and nothing else but punctuation."""
        text = self.article.paragraphs[sent.para].text
        outside = text[sent.start:seg.open] + text[seg.close_end:sent.end]
        return not any(c.isalnum() for c in outside)

    def _person_subject(self, sent: _Sentence) -> Entity | None:
        """A named person who is the subject of a verb in the sentence (outside its quotes)."""
        for tok in sent.frame_tokens:
            if tok.dep_ in SUBJECT_DEPS and tok.lower_ not in PERSON_PRONOUNS:
                e = token_entity(self.resolver, sent.para, tok)
                if e is not None and e.type == "PERSON":
                    return e
        return None

    def _same_sentence(self, seg: Segment, sent: _Sentence, *, characterising: bool = False,
                       inside: Segment | None = None) -> Attr | None:
        """The attribution the quote's own sentence gives, or None.

        With ``inside`` (a quote of one or two words), only a verb whose clause holds the quoted
        words: in "X called the plan a failure, and Y told reporters it was “historic”", Y.
        """
        frame = {t.i for t in sent.frame_tokens}
        cands = [t for t in sent.frame_tokens if is_cue_token(t, characterising=characterising)
                 and (characterising or t.lower_ not in THOUGHT_VERBS)]
        quoted = self._first_quoted(sent.para, seg)
        if inside is not None:
            clause = governing_clauses(quoted[0]) if quoted else set()
            cands = [t for t in cands if t.i in clause]
            text = self.article.paragraphs[sent.para].text
            for t in sent.frame_tokens:
                if t in cands or not is_cue_token(t, characterising=True) or t.lower_ in THOUGHT_VERBS:
                    continue
                # "rejected the claims as “patently false”", "called it “immaterial”"; and a
                # clause of "as" right after the words: "the “new Gannett,” as Reed dubbed it".
                if (t.i in clause and quoted and characterised(quoted[0], t)) or (
                        any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children)
                        and t.left_edge.idx >= inside.close_end
                        and not any(c.isalnum() for c in text[inside.close_end:t.left_edge.idx])):
                    cands.append(t)
        # A verb the quote hangs from comes first ("Pompeo said that … Washington had concluded
        # “…”, saying …": said, not the nearer "saying" of another clause), then the nearest.
        governing = {a.i for t in quoted[:1] for a in t.ancestors}
        cands.sort(key=lambda t: (t.i not in governing,
                                  seg.open - t.idx if t.idx < seg.open else t.idx - seg.close_end))
        for tok in cands:
            subj = subject_of(tok, frame)
            if subj is None:
                continue
            cue = "according-to" if tok.lower_ == "according" else "same-sentence"
            return self._speaker_of(subj, sent.para, cue, tok)
        owned = self._owned_words(seg, sent, quoted)
        if owned is not None:
            return owned
        if inside is None:
            framed = self._framed_by(seg, sent)
            if framed is not None:
                return framed
        # "Trump: “…”", "Buckley … had a similar experience: “…”" — a colon right before the quote.
        text = self.article.paragraphs[sent.para].text
        before = text[sent.start:seg.open].rstrip()
        if not before.endswith(":"):
            return None
        for tok in sent.frame_tokens:
            if tok.idx < seg.open and tok.dep_ in SUBJECT_DEPS and tok.head.dep_ == "ROOT":
                a = self._speaker_of(tok, sent.para, "colon", None)
                if a.speaker is not None:
                    return a
        if len(before.split()) <= 8:
            ents = self.resolver.mentions_in(sent.para, sent.start, seg.open)
            if ents:
                return from_entity(ents[-1][1], "colon").but(
                    confidence="stated", evidence=f"{clip(before)}")
        return None

    def _framed_by(self, seg: Segment, sent: _Sentence) -> Attr | None:
        """The subject of a verb with no object right after the quote's closing comma, whatever the verb
        ("“@Uber_Sydney stop being assholes,” one Twitter response began – …"): it frames the quote."""
        text = self.article.paragraphs[sent.para].text
        if not seg.closed or not (text[seg.end - 1:seg.end] in ",?!" or text[seg.close_end:seg.close_end + 1] == ","):
            return None
        frame = {t.i for t in sent.frame_tokens}
        after = [t for t in sent.frame_tokens if t.idx >= seg.close_end and not t.is_punct]
        if not after:
            return None
        first = after[0]
        for subj in after[:8]:
            verb = subj.head
            if (subj.dep_ == "nsubj" and subj.left_edge.i == first.i and verb.i == subj.right_edge.i + 1
                    and verb.i in frame and verb.dep_ in ("ROOT", "parataxis", "ccomp")
                    and not any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp", "prep", "oprd")
                                for c in verb.rights)):
                a = self._speaker_of(subj, sent.para, "same-sentence", verb)
                return a if a.speaker is not None else None
        return None

    def _first_quoted(self, para: int, seg: Segment) -> list[Token]:
        """The first token of the quoted words (a list of it, empty if none begins inside them),
        found by a binary search of the paragraph's token offsets (a loop over its tokens at
        each quote was a tenth of the quotes' time)."""
        offsets = self._offsets.get(para)
        if offsets is None:
            offsets = self._offsets[para] = [t.idx for t in self.docs[para]]
        i = bisect.bisect_left(offsets, seg.start)
        return [self.docs[para][i]] if i < len(offsets) and offsets[i] < seg.end else []

    def _owned_words(self, seg: Segment, sent: _Sentence, quoted: list[Token]) -> Attr | None:
        """A named owner of the words: "Arment's insistence that “…”" (a noun of speech the quote
        hangs from), "in Dr. Shadlen's words, “…”" or "(in Tyler Cowen's phrase) “…”" right before it."""
        text = self.article.paragraphs[sent.para].text
        governing = {a.i for t in quoted[:1] for a in t.ancestors}
        frame = {t.i for t in sent.frame_tokens}
        for tok in sent.frame_tokens:
            low = tok.lower_
            holds = low in SPEECH_NOUNS and tok.i in governing
            right_before = (low in IN_WORDS_NOUNS and tok.dep_ == "pobj" and tok.head.lower_ == "in"
                            and tok.idx < seg.open
                            and not any(c.isalnum() for c in text[tok.idx + len(tok.text):seg.open]))
            if not (holds or right_before):
                continue
            for owner in tok.children:
                if owner.dep_ != "poss" or owner.lower_ in PERSON_PRONOUNS or owner.i not in frame:
                    continue
                e = token_entity(self.resolver, sent.para, owner)
                if e is None or e.type not in ("PERSON", "ORG"):
                    continue
                words = self.docs[sent.para][owner.left_edge.i:tok.i + 1].text
                return from_entity(e, "possessive").but(evidence=f"‘{clip(words)}’", confidence="stated")
        return None

    def _introduced(self, sent: _Sentence, *, unresolved: bool = False) -> Attr | None:
        """The speaker a sentence without a quote introduces ("She said that …", "Smith wrote:").

        With ``unresolved``, a cue whose subject is not known ("officials said") gives an unknown
        speaker rather than None.
        """
        fallback = None
        frame = {t.i for t in sent.frame_tokens}
        for tok in sent.frame_tokens:
            if not is_cue_token(tok) or tok.lower_ == "according":
                continue
            subj = subject_of(tok, frame)
            if subj is None:
                continue
            a = self._speaker_of(subj, sent.para, "intro", tok)
            if a.speaker is not None:
                return a
            fallback = fallback or a
        return fallback if unresolved else None

    def _speaker_of(self, tok: Token, para: int, cue: str, verb: Token | None) -> Attr:
        low = tok.lower_
        words = cue_words(tok, verb)
        if low in PERSON_PRONOUNS:
            found = self.refs.bound_pronoun(tok, para) or self.refs.resolve_pronoun(low, para, tok.idx)
            if found is None or found[0] < para:
                noun = self._described_before(low, para, tok)
                # "the actress" is someone the article knows: her name, or the person found;
                # "one mother", "a woman" someone it does not name.
                definite = noun is not None and any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE
                                                    for c in noun.children)
                referent = self.refs.described_person(noun.lower_) if noun is not None and definite else None
                if referent is not None:
                    found = (para, referent, True)
                elif noun is not None and (found is None or not definite):
                    said_as = description_phrase(noun) or noun.text
                    return Attr(said_as, "description", "pronoun" if cue == "same-sentence" else cue,
                                said_as, f"‘{words}’ → {said_as}, earlier in the paragraph", "inferred")
            if found is None:
                return Attr(None, "unknown", cue)
            named, e, sure = found
            return Attr(e.name, "person", "pronoun" if cue == "same-sentence" else cue, None,
                        f"‘{words}’ → {e.name}, {where_named(para, named)}", "inferred" if sure else "guessed")
        if low in _GROUP_PRONOUNS:
            thing = self.refs.thing_before(para, tok.idx, plural=low == "they")
            if thing is None:
                return Attr(None, "unknown", cue)
            return thing.but(cue=cue, evidence=f"‘{words}’ → {thing.speaker_text or thing.speaker}",
                             confidence="inferred")
        stated = "stated" if cue != "intro" else ""
        a = speaker_of_phrase(self.resolver, para, tok, cue)
        if a is None:
            phrase = description_phrase(tok)
            if phrase is None:
                return Attr(None, "unknown", cue)
            definite = any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in tok.children)
            referent = self.refs.described_person(tok.lower_) if definite else None
            a = Attr(referent.name if referent else phrase, "description", cue, phrase)
        if a.kind == "document" and low in DOCUMENT_NOUNS and a.speaker_text is None:
            a = a.but(speaker_text=f"the {low}")
        return a.but(evidence=f"‘{words}’", confidence=stated)

    def _described_before(self, pronoun: str, para: int, tok: Token) -> Token | None:
        """A person the paragraph describes by a noun of the pronoun's gender before it, with no
        person named since ("WIRED spoke to one mother, who … “…,” she said" → "one mother")."""
        nouns = FEMALE_NOUNS if pronoun == "she" else MALE_NOUNS
        quoted = self._quoted.get(para, [])
        found = None
        for t in tok.doc[:tok.i]:
            if (t.lower_ in nouns and t.dep_ in ("nsubj", "dobj", "pobj", "appos", "attr") and not t.ent_type_
                    and not any(s.start <= t.idx < s.end for s in quoted)
                    # "his wife", "Smith's mother", "his wife, Jane": named through someone else
                    and not any(c.dep_ in ("compound", "poss", "appos") for c in t.children)):
                found = t
        if found is None or any(e.type == "PERSON" for _, e in self.resolver.mentions_in(para, found.idx, tok.idx)):
            return None
        return found

    def _record_subjects(self, sent: _Sentence) -> None:
        for tok in sent.frame_tokens:
            # A name the parser made the root is the sentence's topic ("Dana Kowalczyk, president
            # of the union, watched from the audience." parsed as a fragment).
            if tok.dep_ == "ROOT" and tok.ent_type_ == "PERSON":
                e = token_entity(self.resolver, sent.para, tok)
                if e is not None and e.type == "PERSON":
                    self.refs.history.append((sent.para, tok.idx, e))
                continue
            if tok.dep_ not in SUBJECT_DEPS:
                continue
            if tok.lower_ in PERSON_PRONOUNS:
                found = self.refs.resolve_pronoun(tok.lower_, sent.para, tok.idx)
                e = found[1] if found else None
            elif tok.lower_ in DOCUMENT_NOUNS:
                if is_cue_token(tok.head):
                    self.refs.things.append((sent.para, tok.idx, Attr(f"the {tok.lower_}", "document", "")))
                continue
            else:
                e = token_entity(self.resolver, sent.para, tok)
            if e is not None and (e.type == "PERSON" or e.type == "ORG" and has_role(tok)):
                self.refs.history.append((sent.para, tok.idx, e))
            elif e is not None and e.type == "ORG" and is_cue_token(tok.head):
                self.refs.things.append((sent.para, tok.idx, from_entity(e, "")))



def paragraphs_to_parse(article: Article, posts: Sequence[Post] = ()) -> list[bool]:
    """For each paragraph, whether attribution reads its dependency parse.

    Those with a quote mark (straight, curly, guillemets, British ‘…,’) and the paragraph that
    starts a lost post (its author may be "he"); before each of these, and before each chosen
    paragraph with a "he", "she", "it" or "they" (whose referent may be named further back), the
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
