"""The mentions of names in one article: spaCy's entity spans cleaned, plus what it misses.

A mention's *key* (:func:`name_key`) drops a leading title or role, a leading "the", a possessive and
the dots of initials; ``collect_mentions`` cleans spaCy's spans (junk, trailing lower-case words,
sentence openers, a name cut where no name goes on); ``find_aliases`` adds acronyms and handles the
text defines ("Department of Defense (DoD)", "JB Pritzker (@GovPritzker)") and the untagged
occurrences of names already found; ``find_outlets`` the outlets the model misses after a cue
("told WIRED"). ``entities`` groups these mentions into entities.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.extract.noise import gives_no_entities, noise_type
from index.extract.titles import (
    ORG_HEAD_WORDS,
    ORG_SAFE_HEADS,
    PARTIES,
    SAME_NAMES,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    abbreviates,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span

# The last word of a firm's name: a place the model sees in its first words ("Alden" of "Alden
# Capital") is the firm.
COMPANY_HEADS = frozenset({"capital", "group", "investment", "investments", "partners", "holdings", "management",
                           "ventures", "advisors", "fund", "funds", "equity", "media", "inc", "corp", "llc", "ltd",
                           "company", "corporation", "records", "entertainment", "label", "labels", "productions",
                           "studios", "music"})
DROPPED_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_TYPE_OF_LABEL = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
_PLACE_PREFIX_LABELS = frozenset({"GPE", "NORP", "LOC"})
POSSESSIVE = re.compile(r"['’]s?$")
LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_DOTS = re.compile(r"\.")
_COMPANY_SUFFIX = re.compile(r",?\s+(?:Inc|Corp|Co|Ltd|LLC|PLC|plc|Group|Corporation|Company)\.?$")
_SPACES = re.compile(r"\s+")
_INITIALS = re.compile(r"\b([a-z]) (?=[a-z]\b)")
_JUNK = re.compile(r"https?:|www\.|\.com\b|/|pic\.twitter")
_TRAILING_LOWER = re.compile(r"(?:\s+[a-z][a-z’'-]*)+$")
_SENTENCE_GERUND = re.compile(r"^(?!(?:Sterling|Fleming|Manning|Channing|Browning|Irving|Harding|Darling|King)\b)"
                              r"[A-Z][a-z]+ing\s+(?=[A-Z])")
_HAS_LETTER = re.compile(r"[^\W\d_]")
# "U.S.-Canada", "Baghdad-Damascus"
_PLACE_PAIR = re.compile(r"^([A-Z][\w.]*(?: [A-Z][\w.]*)?)[-–]([A-Z][\w.]*(?: [A-Z][\w.]*)?)$")
# Capitalised words that open a sentence and are no part of the name after them.
_SENTENCE_OPENER = re.compile(r"^(?:Key|Top|Several|Many|Most|Both|Some|Other|Leading|Rival|Fellow)\s+(?=[A-Z])")
_ORG_OF_PLACE_HEADS = frozenset({"Bank", "University", "College", "Institute", "Archdiocese", "Diocese", "Museum",
                                 "Church", "Court", "Council", "Academy", "Library", "Orchestra", "Symphony"})
# "Department of Defense (DoD)": an acronym of 2-10 letters with at least two capitals.
_ACRONYM_DEF = re.compile(r"\((?P<acr>[A-Z][A-Za-z&]{1,9})\)")
# "Maghawir al Thawra, or MaT": the same, after "or".
_ACRONYM_OR = re.compile(r",? or (?P<acr>[A-Z][A-Za-z&]{1,9})\b(?![ -][A-Z])")
# "JB Pritzker (@GovPritzker)"
_HANDLE_DEF = re.compile(r"\(@(?P<handle>[A-Za-z0-9_]{1,30})\)")
_CAP_WORDS_BEFORE = re.compile(r"((?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*)\s*$")
_LONG_FORM_WORD = re.compile(r"[A-Z][\w.&’'-]*|of|and|for|the|on|in|to|de|du|des|&")
# Where a text names an outlet: the cue, then the name (capitalised words, "E!", "Polygraph.info").
_OUTLET_CUE = re.compile(
    r"\b(?:told|confirmed to|said to|according to(?: (?:a|an|the)(?: new)? (?:report|statement|story) (?:by|from|in))?|"
    r"(?:a|an|the)(?: new)? report (?:by|from|in)|reported by|[Pp]ublished (?:\w+ )?(?:in|on|by)|journal|"
    r"in an interview with|spoke to|speaking to|[Ff]ollow)\s+"
    r"(?P<name>[A-Z][\w!&’'-]*(?:\.\w+)*(?:\s+[A-Z][\w!&’'-]*(?:\.\w+)*){0,3})")
_OUTLET_HEADS = frozenset({"News", "Reports", "Science", "Times", "Post", "Journal", "Magazine", "Today", "Radio",
                           "Latino", "Network", "Daily", "Herald", "Tribune", "Review", "Wire", "Press"})
_DOMAIN = re.compile(r"\w\.(?:info|com|org|net|io|co)\b")
_TRAILING_DOT = re.compile(r"[.’']+$")
# Countries by every name the corpus gives them (keys as ``name_key`` makes them, without the
# dots of "U.K."): one place whatever the article calls it. Demonyms ("British") are
# nationalities, not places, and stay out. Only names that mean the country and nothing else:
# "England" and "Holland" are parts of one, "Korea" may be either.
COUNTRY_ALIASES = {
    "us": "united states", "usa": "united states", "united states of america": "united states",
    "america": "united states",
    "uk": "united kingdom", "britain": "united kingdom", "great britain": "united kingdom",
    "united kingdom of great britain and northern ireland": "united kingdom",
    "uae": "united arab emirates", "drc": "democratic republic of the congo",
    "dr congo": "democratic republic of the congo", "prc": "china", "people's republic of china": "china",
    "mainland china": "china", "russian federation": "russia", "republic of korea": "south korea",
    "rok": "south korea", "dprk": "north korea", "czechia": "czech republic", "türkiye": "turkey",
}
# "Homeland Security Department" is the Department of Homeland Security.
_HEAD_LAST = re.compile(r"^(?P<what>[a-z][\w' -]*?) (?P<head>department|ministry)$")
_STATE_OF = re.compile(r"^state of (?=\w)")
_TRAILING_SCORE = re.compile(r"\s+\d[\d\-–:]*$")  # "Chile 3-0"
# "Tufts University’s Feinstein International Center", "Fox News’ Jessica Napoli"
_INNER_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])\s+(?=[A-Z])")
# A word no name holds: "American Music Awards after Swift" is the awards.
_INNER_BREAK = re.compile(r"\s+(?:after|before|said|says|told|when|while|since|than|who|which|that|but|because|"
                          r"during|until|with|without|against|via)\s+")
# "Braun, 38 –", "Swift, 29, however": an age after a name is a person's.
_AGE_AFTER = re.compile(r"^,\s*\d{2}\b(?=\s*[,–—-])")


@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The comparison key of a name: no titles, leading "the", possessive or dots; case folded.
    Kept for the names seen last: an article asks for the keys of the same few names hundreds of
    times (680 calls an article of the benchmark's corpus)."""
    s = text.strip().replace("’", "'")
    s = POSSESSIVE.sub("", s) if len(s) > 3 else s
    s = LEADING_THE.sub("", s)
    s = strip_title(s)
    s = _COMPANY_SUFFIX.sub("", s)
    s = _DOTS.sub("", s).lower()
    s = _SPACES.sub(" ", s).strip()
    s = _STATE_OF.sub("", _INITIALS.sub(r"\1", s))
    s = _HEAD_LAST.sub(r"\g<head> of \g<what>", s)
    return COUNTRY_ALIASES.get(s) or SAME_NAMES.get(s, s)


def strip_title(text: str, *, safe_only: bool = False) -> str:
    """``text`` without a leading title or role phrase ("Illinois Gov. ", "Press Secretary ").

    A place may stand before the title ("Chicago Mayor Brandon Johnson"); at least one word of the
    name is always left.
    """
    words = text.split()
    heads = ORG_SAFE_HEADS if safe_only else TITLE_HEADS
    cut = 0
    for i, w in enumerate(words[:-1]):
        if w in heads:
            cut = i + 1
        elif w in TITLE_MODIFIERS or (i < 3 and w[:1].isupper() and not cut):
            continue
        else:
            break
    if cut and cut < len(words) and words[cut][:1].isupper():
        # Words before the first title word must be a short place prefix, not a name.
        return " ".join(words[cut:])
    return text


def entity_type(label: str) -> str:
    """The entity type Morgue shows for a spaCy label (GPE, LOC and FAC are places)."""
    return _TYPE_OF_LABEL.get(label, label)


@dataclass
class Mention:
    """One occurrence of a name in a paragraph."""

    para: int
    start: int
    end: int
    surface: str  # as shown: titles kept, leading "the" and possessive dropped
    core: str  # the name alone, titles dropped
    label: str  # spaCy's label (or the label of what an acronym/handle stands for)
    titled: bool = False  # a person's title stood before it
    aged: bool = False  # an age followed it ("Braun, 38")
    alias: bool = False  # an acronym or a handle

    @property
    def key(self) -> str:
        return name_key(self.core)


def _clean_span(text: str, start: int) -> tuple[str, int, int] | None:
    """Drop a leading "the" and a trailing possessive from an entity's text; None for junk."""
    # "Federal Bureau of Investigation (FBI": the parenthesis is an alias, handled on its own.
    paren = text.find("(")
    if paren > 0:
        text = text[:paren].rstrip()
    m = LEADING_THE.match(text)
    if m and len(text) > m.end():
        start += m.end()
        text = text[m.end():]
    m2 = POSSESSIVE.search(text)
    if m2 and m2.start() >= 2:
        text = text[: m2.start()]
    text = text.strip().rstrip(",;:").rstrip()  # "Big Machine Records,"
    # "Teresa Nielsen Hayden explained", "Meghan cry": a name does not end with a lower-case word.
    text = _TRAILING_SCORE.sub("", text)
    trailing = _TRAILING_LOWER.search(text)
    if trailing and trailing.start() > 0:
        text = text[: trailing.start()]
    inner = _INNER_BREAK.search(text)
    if inner and inner.start() > 0:
        text = text[: inner.start()]
    if not text or not _HAS_LETTER.search(text) or _JUNK.search(text) or len(text) > 80:
        return None
    if not (text[0].isupper() or text[0] in "@#" or text[0].isdigit()):
        return None
    return text, start, start + len(text)


def _title_start(doc: Doc, ent: Span) -> int:
    """Token index where a person's title phrase before ``ent`` starts (``ent.start`` if none)."""
    j = ent.start - 1
    seen_head = False
    while j >= 0:
        t = doc[j].text
        if t in TITLE_HEADS and (seen_head or j == ent.start - 1):
            seen_head = True
        elif seen_head and t in TITLE_MODIFIERS:
            pass
        else:
            break
        j -= 1
    start = j + 1
    if start == ent.start:
        return start
    # A place or group right before the title: "Chicago Mayor", "Democratic Sen.".
    k = start - 1
    if k >= 0 and doc[k].ent_type_ in _PLACE_PREFIX_LABELS and doc[k].ent_iob_ != "O":
        while k > 0 and doc[k].ent_iob_ == "I":
            k -= 1
        return k
    return start


def _pieces(doc: Doc, text: str, places: set[str]) -> Iterator[tuple[Span, str, int, str]]:
    """The entities of kept labels with their text, offset and label. A name with another's
    possessive inside ("Tufts University’s Feinstein International Center") is two; so are two
    places joined by a hyphen when one is a place of the article ("U.S.-Canada trade"). An
    organisation and the place that ends its name are one ("Federal Reserve Bank of New York",
    "University of California, San Francisco"). ``text``: the doc's text."""
    ents = [e for e in doc.ents if e.label_ not in DROPPED_LABELS]
    skip = -1
    for n, ent in enumerate(ents):
        if n == skip:
            continue
        nxt = ents[n + 1] if n + 1 < len(ents) else None
        if ent.label_ == "ORG" and nxt is not None and nxt.label_ == "GPE":
            gap = text[ent.end_char:nxt.start_char]
            words = ent.text.split()
            if (gap == " of " and words[-1] in _ORG_OF_PLACE_HEADS
                    or gap in (", ", " in ") and "University" in words):
                yield ent, text[ent.start_char:nxt.end_char], ent.start_char, ent.label_
                skip = n + 1
                continue
        m = _INNER_POSSESSIVE.search(ent.text) if ent.label_ != "PERSON" else None
        pair = _PLACE_PAIR.match(ent.text) if ent.label_ != "PERSON" else None
        if pair and any(name_key(p) in places or name_key(p) in COUNTRY_ALIASES for p in pair.groups()):
            yield ent, pair.group(1), ent.start_char, "GPE"
            yield ent, pair.group(2), ent.start_char + pair.start(2), "GPE"
        elif m is None:
            yield ent, ent.text, ent.start_char, ent.label_
        else:
            yield ent, ent.text[:m.start()], ent.start_char, ent.label_
            yield ent, ent.text[m.end():], ent.start_char + m.end(), ent.label_


def collect_mentions(docs: Sequence[Doc]) -> list[Mention]:
    """spaCy's entity mentions of kept labels, with titles attached and junk dropped."""
    out: list[Mention] = []
    places = {name_key(e.text) for doc in docs for e in doc.ents if e.label_ in ("GPE", "LOC")}
    for para, doc in enumerate(docs):
        whole = doc.text  # spaCy joins every token's text at each ``doc.text``: 0.48 s of 10 for 60 articles
        if gives_no_entities(whole):
            continue
        for ent, piece, piece_start, label in _pieces(doc, whole, places):
            if (piece_start == 0 or whole[piece_start - 2:piece_start] == ". ") and (
                    opener := _SENTENCE_OPENER.match(piece)):  # "Key Security Council powers distanced..."
                piece, piece_start = piece[opener.end():], piece_start + opener.end()
            cleaned = _clean_span(piece, piece_start)
            if cleaned is None:
                continue
            text, start, end = cleaned
            core = text
            if label == "PERSON":
                core = strip_title(_SENTENCE_GERUND.sub("", text) if start == 0 or whole[start - 2:start] == ". "
                                   else text)  # "Hosting Cook" opening a sentence
            elif label == "ORG":
                core = strip_title(text, safe_only=True)
            titled = core != text
            surface = text
            if label in ("PERSON", "ORG") and piece_start == ent.start_char:
                t0 = _title_start(doc, ent)
                if t0 < ent.start:
                    titled = True
                    start = doc[t0].idx
                    surface = whole[start:end]
            if label in ("NORP", "ORG") and text in PARTIES:  # "Republicans": the Republican Party
                label, core, titled = "ORG", PARTIES[text], False
            if not name_key(core):
                continue
            aged = bool(_AGE_AFTER.match(whole[end:end + 12]))
            out.append(Mention(para, start, end, surface, core, label, titled, aged))
    return out


def _covered(mentions_by_para: dict[int, list[Mention]], para: int, start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in mentions_by_para.get(para, ()))


def _long_form_before(text: str, pos: int, acronym: str) -> tuple[int, str] | None:
    """The words before ``pos`` whose capitals spell ``acronym`` ("Department of Defense" ~ DoD)."""
    capitals = [c for c in acronym if c.isupper()]
    words = [(m.start(), m.group()) for m in _LONG_FORM_WORD.finditer(text, max(0, pos - 120), pos)]
    # Only the run of words directly before the parenthesis.
    run: list[tuple[int, str]] = []
    expected_end = pos
    for start, w in reversed(words):
        gap = text[start + len(w): expected_end]
        if gap.strip():
            break
        run.insert(0, (start, w))
        expected_end = start
    for i in range(len(run) - 1, -1, -1):
        if not run[i][1][:1].isupper():
            continue
        caps = [w[0] for _, w in run[i:] if w[:1].isupper() and w not in ("&",)]
        if caps == capitals:
            return run[i][0], text[run[i][0]:pos].strip()
    return None


def find_aliases(paragraphs: Sequence[str], mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Acronyms and handles defined after a name: (alias mention, the mention it stands for).

    Alias mentions spaCy did not tag are added to ``mentions``, as are their untagged occurrences
    elsewhere in the article.
    """
    by_para: dict[int, list[Mention]] = {}
    for m in mentions:
        by_para.setdefault(m.para, []).append(m)
    pairs: list[tuple[Mention, Mention]] = []
    aliases: dict[str, Mention] = {}  # alias text -> the long-form mention

    def mention_ending_before(para: int, pos: int) -> Mention | None:
        text = paragraphs[para]
        for m in by_para.get(para, ()):
            if m.end <= pos and not text[m.end:pos].strip() and not m.alias:
                return m
        return None

    def add(para: int, start: int, end: int, label: str) -> Mention:
        text = paragraphs[para][start:end]
        m = Mention(para, start, end, text, text, label, alias=True)
        mentions.append(m)
        by_para.setdefault(para, []).append(m)
        return m

    for para, text in enumerate(paragraphs):
        for rx, kind in ((_ACRONYM_DEF, "acronym"), (_ACRONYM_OR, "acronym"), (_HANDLE_DEF, "handle")):
            for match in rx.finditer(text):
                if kind == "acronym":
                    alias = match.group("acr")
                    if sum(c.isupper() for c in alias) < 2 or not (alias.isupper() or len(alias) <= 6):
                        continue
                    a_start, a_end = match.start("acr"), match.end("acr")
                else:
                    alias = "@" + match.group("handle")
                    a_start, a_end = match.start("handle") - 1, match.end("handle")
                pos = match.start()
                target = mention_ending_before(para, pos)
                if target is not None and kind == "acronym" and not abbreviates(alias, target.core):
                    continue  # "WASHINGTON (CNN)": a dateline, not a definition
                if target is None:
                    found = (_long_form_before(text, pos, alias) if kind == "acronym"
                             else _cap_words_before(text, pos))
                    if found is None:
                        continue
                    start, long_text = found
                    label = "ORG" if kind == "acronym" else "PERSON"
                    core = long_text if kind == "acronym" else strip_title(long_text)
                    target = Mention(para, start, start + len(long_text), long_text, core, label)
                    mentions.append(target)
                    by_para.setdefault(para, []).append(target)
                existing = [m for m in by_para.get(para, ()) if m.start == a_start and m.end == a_end]
                alias_m = existing[0] if existing else None
                if alias_m is None:
                    if _covered(by_para, para, a_start, a_end):
                        continue
                    alias_m = add(para, a_start, a_end, target.label)
                alias_m.alias = True
                pairs.append((alias_m, target))
                aliases.setdefault(alias, target)
    # Occurrences of a defined alias that spaCy did not tag ("ICE’s ongoing efforts").
    for alias, target in aliases.items():
        rx = re.compile(r"(?<![\w@])" + re.escape(alias) + r"(?![\w])")
        for para, text in enumerate(paragraphs):
            for match in rx.finditer(text):
                if not _covered(by_para, para, match.start(), match.end()):
                    pairs.append((add(para, match.start(), match.end(), target.label), target))
    return pairs


def place_before_person(mentions: list[Mention]) -> None:
    """An organisation that is a place of the article before a person's name, which the article
    names elsewhere in full or by surname ("special envoy to Ukraine Kurt Volker" beside "Volker"),
    is that person's mention."""
    places = {m.key for m in mentions if m.label in ("GPE", "LOC")}
    people = {m.key for m in mentions if m.label == "PERSON" and " " in m.key}
    alone = {m.key for m in mentions if " " not in m.key}  # "Volker" elsewhere
    for m in mentions:
        words = m.core.split()
        if m.label != "ORG" or len(words) < 3 or m.alias:
            continue
        for n in (1, 2):
            rest = " ".join(words[n:])
            if (len(words) - n >= 2 and name_key(" ".join(words[:n])) in places and person_like(rest)
                    and (name_key(rest) in people or name_key(words[-1]) in alone)):
                offset = m.surface.find(rest)
                if offset >= 0:
                    m.start, m.surface, m.core, m.label = m.start + offset, rest, rest, "PERSON"
                break


def find_outlets(paragraphs: Sequence[str], mentions: list[Mention]) -> None:
    """Add the news outlets and journals the model missed where a cue names one: "confirmed to
    WIRED", "a new report by E! News", "Originally published on Live Science", "in the journal BMJ
    Case Reports", "told Polygraph.info". Only names that read as an outlet's: a word in capitals, a
    "!" or a domain in it, or a last word such as News or Reports; never over another mention."""
    by_para: dict[int, list[Mention]] = {}
    for m in mentions:
        by_para.setdefault(m.para, []).append(m)
    for para, text in enumerate(paragraphs):
        if gives_no_entities(text):
            continue
        for match in _OUTLET_CUE.finditer(text):
            name = _TRAILING_DOT.sub("", match.group("name"))
            start = match.start("name")
            words = name.split()
            if not (any(w.isupper() and len(w) >= 2 for w in words) or "!" in name or _DOMAIN.search(name)
                    or len(words) >= 2 and words[-1] in _OUTLET_HEADS):
                continue
            key = name_key(name)
            same = [m for m in by_para.get(para, ()) if m.start == start and m.end == start + len(name)]
            if same and same[0].label in ("PRODUCT", "WORK_OF_ART"):  # "the journal BMJ Case Reports" PRODUCT
                same[0].label = "ORG"
            if (_covered(by_para, para, start, start + len(name)) or noise_type(key, "ORG") is None
                    or key in COUNTRY_ALIASES):
                continue
            m = Mention(para, start, start + len(name), name, name, "ORG")
            mentions.append(m)
            by_para.setdefault(para, []).append(m)


def _cap_words_before(text: str, pos: int) -> tuple[int, str] | None:
    m = _CAP_WORDS_BEFORE.search(text[:pos])
    if not m:
        return None
    return m.start(1), m.group(1)


def person_like(name: str) -> bool:
    """Whether a name the model called an organisation reads as a person's: two to four capitalised
    words of letters, none an organisation's head word ("Penelope Muse Abernathy", not "Big Machine
    Records")."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and w.replace("-", "").isalpha() and w not in ORG_HEAD_WORDS
                                        and w.lower() not in COMPANY_HEADS for w in words)
