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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.extract.noise import PLATFORMS, as_company, gives_no_entities, noise_type, stand_ins
from index.extract.titles import (
    ORG_HEAD_WORDS,
    ORG_SAFE_HEADS,
    PARTIES,
    SAME_NAMES,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    abbreviates,
    initials_of,
    same_person,
    within,
)
from index.model import Article, Entity, Post

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

PRIMARY_TYPES = ("PERSON", "ORG", "PLACE")
# The last word of a firm's name: a place the model sees in its first words ("Alden" of "Alden
# Capital") is the firm.
COMPANY_HEADS = frozenset({"capital", "group", "investment", "investments", "partners", "holdings", "management",
                           "ventures", "advisors", "fund", "funds", "equity", "media", "inc", "corp", "llc", "ltd",
                           "company", "corporation", "records", "entertainment", "label", "labels", "productions",
                           "studios", "music"})
DOMINANCE = 3  # a full name with this many times the mentions of another takes their bare name
DROPPED_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_TYPE_OF_LABEL = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
_TYPE_RANK = {"PERSON": 0, "ORG": 1, "PLACE": 2}

_PLACE_PREFIX_LABELS = frozenset({"GPE", "NORP", "LOC"})

_POSSESSIVE = re.compile(r"['’]s?$")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
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
_COMPASS = frozenset({"north", "south", "east", "west"})
_ORG_OF_PLACE_HEADS = frozenset({"Bank", "University", "College", "Institute", "Archdiocese", "Diocese", "Museum",
                                 "Church", "Court", "Council", "Academy", "Library", "Orchestra", "Symphony"})
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|to|from|outside|across|around)\s+$", re.IGNORECASE)

# "Department of Defense (DoD)": an acronym of 2-10 letters with at least two capitals.
_ACRONYM_DEF = re.compile(r"\((?P<acr>[A-Z][A-Za-z&]{1,9})\)")
# "Maghawir al Thawra, or MaT": the same, after "or".
_ACRONYM_OR = re.compile(r",? or (?P<acr>[A-Z][A-Za-z&]{1,9})\b(?![ -][A-Z])")
# "JB Pritzker (@GovPritzker)"
_HANDLE_DEF = re.compile(r"\(@(?P<handle>[A-Za-z0-9_]{1,30})\)")
_CAP_WORDS_BEFORE = re.compile(r"((?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*)\s*$")
_LONG_FORM_WORD = re.compile(r"[A-Z][\w.&’'-]*|of|and|for|the|on|in|to|de|du|des|&")

# The given name of a Korean name in its own order, "Lee Jae-myung": the first word is the surname.
_SURNAME_FIRST = re.compile(r"^[A-Z][a-z]+ [A-Z][a-z]+-[a-z]+$")
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
_ACRONYM_WORD = re.compile(r"^(?:[A-Z]\.){2,6}$|^[A-Z][A-Z&]{1,5}$")
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
_CANONICAL_BY_KEY = {"united states": "United States", "united kingdom": "United Kingdom"}
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


def name_key(text: str) -> str:
    """The comparison key of a name: no titles, leading "the", possessive or dots; case folded."""
    s = text.strip().replace("’", "'")
    s = _POSSESSIVE.sub("", s) if len(s) > 3 else s
    s = _LEADING_THE.sub("", s)
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
        s = _LEADING_THE.sub("", surface.strip())
        return strip_title(_POSSESSIVE.sub("", s) if len(s) > 3 else s)


def _clean_span(text: str, start: int) -> tuple[str, int, int] | None:
    """Drop a leading "the" and a trailing possessive from an entity's text; None for junk."""
    # "Federal Bureau of Investigation (FBI": the parenthesis is an alias, handled on its own.
    paren = text.find("(")
    if paren > 0:
        text = text[:paren].rstrip()
    m = _LEADING_THE.match(text)
    if m and len(text) > m.end():
        start += m.end()
        text = text[m.end():]
    m2 = _POSSESSIVE.search(text)
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


def _pieces(doc: Doc, places: set[str]) -> Iterator[tuple[Span, str, int, str]]:
    """The entities of kept labels with their text, offset and label. A name with another's
    possessive inside ("Tufts University’s Feinstein International Center") is two; so are two
    places joined by a hyphen when one is a place of the article ("U.S.-Canada trade"). An
    organisation and the place that ends its name are one ("Federal Reserve Bank of New York",
    "University of California, San Francisco")."""
    ents = [e for e in doc.ents if e.label_ not in DROPPED_LABELS]
    skip = -1
    for n, ent in enumerate(ents):
        if n == skip:
            continue
        nxt = ents[n + 1] if n + 1 < len(ents) else None
        if ent.label_ == "ORG" and nxt is not None and nxt.label_ == "GPE":
            gap = doc.text[ent.end_char:nxt.start_char]
            words = ent.text.split()
            if (gap == " of " and words[-1] in _ORG_OF_PLACE_HEADS
                    or gap in (", ", " in ") and "University" in words):
                yield ent, doc.text[ent.start_char:nxt.end_char], ent.start_char, ent.label_
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
        if gives_no_entities(doc.text):
            continue
        for ent, piece, piece_start, label in _pieces(doc, places):
            if (piece_start == 0 or doc.text[piece_start - 2:piece_start] == ". ") and (
                    opener := _SENTENCE_OPENER.match(piece)):  # "Key Security Council powers distanced..."
                piece, piece_start = piece[opener.end():], piece_start + opener.end()
            cleaned = _clean_span(piece, piece_start)
            if cleaned is None:
                continue
            text, start, end = cleaned
            core = text
            if label == "PERSON":
                core = strip_title(_SENTENCE_GERUND.sub("", text) if start == 0 or doc.text[start - 2:start] == ". "
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
                    surface = doc.text[start:end]
            if label in ("NORP", "ORG") and text in PARTIES:  # "Republicans": the Republican Party
                label, core, titled = "ORG", PARTIES[text], False
            if not name_key(core):
                continue
            aged = bool(_AGE_AFTER.match(doc.text[end:end + 12]))
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


def _place_before_person(mentions: list[Mention]) -> None:
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
            if (len(words) - n >= 2 and name_key(" ".join(words[:n])) in places and _person_like(rest)
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


def _person_like(name: str) -> bool:
    """Whether a name the model called an organisation reads as a person's: two to four capitalised
    words of letters, none an organisation's head word ("Penelope Muse Abernathy", not "Big Machine
    Records")."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and w.replace("-", "").isalpha() and w not in ORG_HEAD_WORDS
                                        and w.lower() not in COMPANY_HEADS for w in words)


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
    _place_before_person(mentions)
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
                 and _person_like(mentions[members[0]].core) and len((key := next(iter(keys))).split()) >= 2]
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
