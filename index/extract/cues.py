"""The lexicon of attribution: reporting verbs and constructions, and how a cue finds its subject.

The verbs are those of the published lists of reporting verbs (speech: say, tell, add; stance and
characterising verbs: insist, warn, argue, acknowledge, concede; writing and posting: write, tweet,
post; cognition used as report in news: believe, think, hope), in every inflection. Constructions
beyond a verb and its subject: "according to X", "X told reporters", "said X" (inverted order, which
the parser gives as the same nsubj), "X, in a statement, …", "X: “…”" (a colon; see ``quotes``), and
"call/describe … as “…”" for quotes of three words or more only (a one-word "hellhole" after
"called" is a scare quote).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


def words(text: str) -> frozenset[str]:
    """A set of words written as one string."""
    return frozenset(text.split())


def _inflect(stems: str) -> frozenset[str]:
    """Every form of regular verbs given as "say:says:said:saying" or a bare stem ("warn")."""
    out: set[str] = set()
    for item in stems.split():
        if ":" in item:
            out.update(item.split(":"))
            continue
        out.add(item)
        if item.endswith("e"):
            out.update({item + "s", item + "d", item[:-1] + "ing"})
        elif item.endswith("y") and item[-2:-1] not in "aeiou":
            out.update({item[:-1] + "ies", item[:-1] + "ied", item + "ing"})
        else:
            out.update({item + "s", item + "ed", item + "ing"})
    return frozenset(out)


REPORTING_VERBS = _inflect(
    """say:says:said:saying tell:tells:told:telling write:writes:wrote:writing:written
    read:reads:reading tweet:tweets:tweeted:tweeting post:posts:posted:posting
    text:texts:texted:texting email:emails:emailed:emailing blog:blogs:blogged:blogging
    admit:admits:admitted:admitting quip:quips:quipped:quipping
    put:puts:putting
    add ask reply respond explain note state declare claim insist argue warn continue recall
    acknowledge announce joke remark comment observe suggest predict promise vow concede confirm
    deny describe exclaim shout yell whisper testify mention emphasize emphasise stress agree
    counter retort cry boast complain lament charge allege assert recount reiterate urge conclude
    demand wonder muse ponder caution contend maintain pledge point proclaim report reveal disclose
    indicate estimate advise inform acknowledge affirm announce answer bemoan brag chide clarify
    concur confess criticize criticise decry deplore elaborate grumble guarantee
    hint instruct interject lament mutter object opine plead protest question reason reassure
    recommend rejoin remind repeat reflect scoff scold snap sneer sniff speculate sum surmise swear
    threaten theorize underline underscore venture vent voice worry write believe think hope fear
    feel expect say recall summarize summarise tout praise hail welcome dismiss blast slam
    condemn signal assure tease"""
)
# Verbs that name a source only for a sentence-long quote ("called it “an extremely adverse
# development”"), never for a scare quote of one or two words.
CHARACTERISING_VERBS = _inflect(
    """call:calls:called:calling describe dub:dubs:dubbed:dubbing label brand term characterize characterise
    reject introduce portray depict denounce deride assail cheer"""
)
# Verbs of thought report a whole sentence but never vouch for one or two quoted words (“pain”).
THOUGHT_VERBS = _inflect("believe think:thinks:thought:thinking hope fear feel:feels:felt:feeling expect worry wonder")

VERB_DEPS = frozenset({"ROOT", "ccomp", "advcl", "conj", "xcomp", "parataxis", "relcl", "pcomp", "acl"})
CLIMB_DEPS = frozenset({"advcl", "conj", "xcomp", "parataxis"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})

DOCUMENT_NOUNS = words(
    """memo memorandum document statement report letter email e-mail filing complaint lawsuit
    indictment ruling release study survey tweet message note affidavit transcript notice guidance
    bill website announcement directive warrant communique review paper analysis post caption
    petition order opinion decision brief motion"""
)
# Nouns of speech whose owner is the speaker of a quote they hold: "Arment's insistence that “…”",
# "Mr. Trump's announcement that … a “historic” deal"; and those of "in X's words, “…”".
SPEECH_NOUNS = words(
    """insistence claim claims assertion argument announcement remark remarks comment comments words
    warning promise pledge vow description admission suggestion contention declaration boast complaint
    prediction characterization characterisation accusation plea demand answer response reply quip
    testimony assurance message retort explanation phrase phrasing"""
)
IN_WORDS_NOUNS = words("words phrase phrasing telling view estimation account")
SPOKES_NOUNS = words(
    """spokesperson spokesman spokeswoman spokespeople representative representatives official
    officials spokesmen rep reps"""
)


_GOES_ON = words("continue continues continued continuing")


def is_cue_token(tok: Token, *, characterising: bool = False) -> bool:
    """Whether ``tok`` is a reporting verb (or "according" with its "to") that can name a speaker.

    With ``characterising``, "called", "described" and their kind count too.
    """
    low = tok.lower_
    if low == "according":
        return any(c.lower_ == "to" for c in tok.children)
    if low in ("went", "goes", "go", "going"):  # "she went on"
        return any(c.dep_ == "prt" and c.lower_ == "on" for c in tok.children)
    if low in ("put", "puts", "putting"):  # "as she put it"
        return any(c.lower_ == "it" for c in tok.children)
    if low in ("point", "points", "pointed", "pointing"):  # "she pointed out"
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children)
    if low not in REPORTING_VERBS and not (characterising and low in CHARACTERISING_VERBS):
        return False
    if low in _GOES_ON and any(c.dep_ == "xcomp" for c in tok.children):
        return False  # "tensions continued to run hot" reports nothing
    return tok.dep_ in VERB_DEPS or any(c.dep_ in SUBJECT_DEPS for c in tok.children)


def subject_of(tok: Token, frame: Collection[int]) -> Token | None:
    """The subject of a reporting verb (climbing "…, adding:" to the verb it hangs on).

    ``frame`` holds the indices of the sentence's tokens outside quotes: a subject inside a quote is
    not the speaker.
    """
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
            return _agent(tok, frame)
        subs = [c for c in tok.children if c.dep_ == "nsubj" and c.i in frame]
        if subs:
            return subs[0]
        if tok.dep_ in CLIMB_DEPS and tok.head is not tok and tok.head.i in frame:
            tok = tok.head
            continue
        if tok.dep_ == "relcl" and tok.head.i in frame:
            return tok.head  # "Smith, who told reporters …"
        return None
    return None


def _agent(tok: Token, frame: Collection[int]) -> Token | None:
    """The speaker of a passive report: "…, was told by Smith" → Smith."""
    for c in tok.children:
        if c.dep_ == "agent":
            for obj in c.children:
                if obj.dep_ == "pobj" and obj.i in frame:
                    return obj
    return None
