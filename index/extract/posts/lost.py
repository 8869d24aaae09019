"""Lost embeds: a cue such as "He posted on X:" not followed by the post (``Post.missing``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.extract.posts.flattened import text_signature
from index.model import Paragraph, Post

_PLATFORM_NAMES = {
    "x": "x",
    "twitter": "x",
    "truth social": "truthsocial",
    "truthsocial": "truthsocial",
    "instagram": "instagram",
    "facebook": "facebook",
    "tiktok": "tiktok",
    "bluesky": "bluesky",
    "threads": "threads",
    "mastodon": "mastodon",
    "youtube": "youtube",
}
_PLATFORM = (
    r"(?P<platform>X(?![\w-])"
    r"|(?i:twitter|truth\s?social|instagram|facebook|tiktok|bluesky|threads|mastodon|youtube)\b)"
)
_POST_VERB = (
    r"(?P<verb>posted|posts|wrote|writes|tweeted|tweets|retweeted|shared|shares|said|says|announced|"
    r"responded|replied|added|commented|declared|captioned|reacted|took|takes|published|uploaded)"
)
_CUE_ON = re.compile(
    rf"\b{_POST_VERB}\b[^.!?:]*?\b(?:on|to|via)\s+(?:(?:his|her|their|its|the)\s+)?(?:official\s+)?"
    rf"{_PLATFORM}[^.!?:]*:\s*$"
)
_CUE_IN_A_POST = re.compile(
    rf"\b(?:in|with)\s+an?\s+(?:\w+\s+)?(?:post|tweet|message|statement|video|update)\s+(?:on|to)\s+"
    rf"{_PLATFORM}\s*[:,]\s*$"
)
_CUE_VERB_ONLY = re.compile(r"\b(?P<verb>tweeted|retweeted|skeeted|tooted)\b[^.!?:]*:\s*$")
_VERB_PLATFORM = {"tweeted": "x", "retweeted": "x", "skeeted": "bluesky", "tooted": "mastodon"}
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_LAST_WORD = re.compile(r"(\S+)$")
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")
_ABBREVIATIONS = frozenset(
    {
        "gov", "sen", "rep", "mr", "mrs", "ms", "dr", "gen", "lt", "col", "st", "jr", "sr", "prof", "rev",
        "no", "vs", "inc", "corp", "co", "ltd", "sgt", "capt", "adm", "pres", "atty", "mt", "ft", "jan",
        "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)

_CAP = r"[A-ZÀ-ÖØ-ÞĀ-ŽА-Я][\w’'.\-]*"
_NAME_RUN = re.compile(
    rf"(?<![\w’'@#.])(?:{_CAP})(?:\s+(?:(?:de|da|van|von|der|den|del|bin|al|la|le|di|du)\s+)?{_CAP})*"
)
_NAME_AT_END = re.compile(
    rf"(?<![\w’'@#.])((?:{_CAP})(?:\s+(?:(?:de|da|van|von|der|den|del|bin|al|la|le|di|du)\s+)?{_CAP})*)\s*$"
)
# adverbs, auxiliaries and reporting verbs between a cue's subject and "on X"
_TRAILING_WORDS = re.compile(
    r"(?:\s+(?:also|later|then|again|once|recently|previously|has|had|have|just|\w+ly|said|says|wrote|"
    r"writes|posted|posts|added|announced|declared|responded|replied|commented|shared))+\s*$"
)
_HANDLE_AT_END = re.compile(r"(?<![\w@])@(\w{1,30})\s*$")
_PRONOUNS = frozenset(
    {
        "he", "she", "they", "it", "we", "i",
    }
)
_SUBJECT_VERBS = frozenset(
    {
        "said", "says", "told", "tells", "wrote", "writes", "posted", "posts", "tweeted", "has", "had",
        "have", "is", "was", "will", "would", "added", "announced", "replied", "proposed", "argued",
        "claimed", "called", "urged", "warned", "asked", "signed", "threatened", "vowed", "insisted",
        "noted", "stated", "suggested", "accused", "criticized", "criticised", "responded", "promised",
        "ordered", "made", "took", "also", "who", "shared", "declared", "explained", "admitted", "denied",
        "defended", "praised", "slammed", "blasted", "mocked", "met",
    }
)
_TITLE_WORDS = frozenset(
    {
        "president", "vice", "gov.", "gov", "governor", "sen.", "sen", "senator", "rep.", "rep",
        "representative", "mayor", "secretary", "press", "minister", "prime", "chancellor", "dr.", "dr",
        "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "prof.", "professor", "judge", "justice", "gen.",
        "general", "sheriff", "chief", "commissioner", "attorney", "speaker", "leader", "director", "ceo",
        "chair", "chairman", "chairwoman", "pope", "king", "queen", "prince", "princess", "former", "lt.",
        "col.", "adm.", "sgt.", "rev.", "sir", "lady", "lord", "deputy", "acting", "candidate",
        "councilman", "councilwoman", "ambassador", "spokesman", "spokeswoman", "spokesperson", "founder",
        "billionaire", "democrat", "democratic", "republican", "gop",
    }
)
_LEADING_STOP = frozenset(
    {
        "the", "a", "an", "but", "and", "when", "after", "before", "in", "on", "at", "as", "while", "if",
        "so", "then", "still", "also", "meanwhile", "later", "earlier", "however", "this", "that", "these",
        "those", "his", "her", "their", "its", "our", "my", "your", "there", "here", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    }
)
_NOT_NAMES = frozenset(
    {
        "i", "x", "twitter", "instagram", "facebook", "tiktok", "bluesky", "threads", "mastodon", "youtube",
        "truth", "social", "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday",
    }
)


def _sentences(text: str) -> list[str]:
    """A paragraph cut into sentences; not after initials ("J.B.") or abbreviations ("Gov.")."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if text[m.start()] == ".":
            word = _LAST_WORD.search(text, start, m.start())
            last = word.group(1).lower() if word else ""
            if last in _ABBREVIATIONS or _INITIALS.fullmatch(last):
                continue
        out.append(text[start : m.end()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s] or [text]


def _person_name(run: str) -> str | None:
    """A surface person name from a capitalised run: titles and sentence openers dropped."""
    tokens = run.split()
    if tokens and re.search(r"[’']s$", tokens[-1]):
        return None
    if tokens and tokens[-1].endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", tokens[-1]):
        tokens[-1] = tokens[-1].rstrip(".")
    last_title = max((k for k, t in enumerate(tokens) if t.lower() in _TITLE_WORDS), default=-1)
    tokens = tokens[last_title + 1 :]
    while tokens and tokens[0].lower() in _LEADING_STOP:
        tokens = tokens[1:]
    if not tokens or all(t.lower().strip(".") in _NOT_NAMES for t in tokens):
        return None
    return " ".join(tokens)


def _subjects(text: str) -> list[str]:
    """Names used as the subject of a verb (or carrying a title) in a text, in order."""
    names: list[str] = []
    for m in _NAME_RUN.finditer(text):
        after = text[m.end() : m.end() + 30].split()
        titled = any(t.lower() in _TITLE_WORDS for t in m.group(0).split()[:-1])
        if titled or (after and after[0].strip(",").lower() in _SUBJECT_VERBS):
            name = _person_name(m.group(0))
            if name:
                names.append(name)
    return names


def _cue_author(sentence: str, verb_start: int, before: Sequence[str]) -> tuple[str | None, str | None]:
    """(author, handle) of a cue: its named subject, else the last person named before it."""
    head = _TRAILING_WORDS.sub("", " " + sentence[:verb_start].rstrip()).strip()
    handle = _HANDLE_AT_END.search(head)
    if handle:
        return None, handle.group(1)
    words = head.split()
    if words and words[-1].lower() not in _PRONOUNS:
        m = _NAME_AT_END.search(head)
        name = _person_name(m.group(1)) if m else None
        if name:
            return name, None
        first = _NAME_RUN.match(head)
        # "Musk, who owns the platform, posted on X:" — the sentence opens on the name
        if first and (head[first.end() :].startswith(",") or len(first.group(0).split()) >= 2):
            name = _person_name(first.group(0))
            if name:
                return name, None
    for text in reversed(before):
        names = _subjects(text)
        if names:
            return names[-1], None
    return None, None


def _cue(text: str) -> tuple[str, str, int] | None:
    """(platform, cue sentence, offset of its verb) when a paragraph announces a post that should follow."""
    stripped = text.rstrip()
    if not stripped.endswith((":", ",")):
        return None
    sentence = _sentences(stripped)[-1]
    for pattern in (_CUE_ON, _CUE_IN_A_POST, _CUE_VERB_ONLY):
        m = pattern.search(sentence)
        if not m:
            continue
        groups = m.groupdict()
        if groups.get("platform"):
            platform = _PLATFORM_NAMES.get(re.sub(r"\s+", " ", groups["platform"].lower()), "")
        else:
            platform = _VERB_PLATFORM.get(groups.get("verb") or "", "")
        if platform:
            return platform, sentence, m.start("verb") if groups.get("verb") else m.start()
    return None


_QUOTED_PARAGRAPH = re.compile(r"^\s*[\"“„«‘].*[\"”“»’]\s*$", re.S)


def find_lost(paragraphs: Sequence[Paragraph], claimed: set[int], unplaced: dict[str, int]) -> list[Post]:
    """Posts announced by a cue ("He posted on X:") whose content did not survive in the archive."""
    out: list[Post] = []
    for i, paragraph in enumerate(paragraphs):
        if i in claimed:
            continue
        cue = _cue(paragraph.text)
        if cue is None:
            continue
        platform, sentence, verb_at = cue
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if following is not None and (
            following.joined
            or i + 1 in claimed
            or text_signature(following.text)
            or _QUOTED_PARAGRAPH.match(following.text)
        ):
            continue
        if unplaced.get(platform):
            # the page has an embed of that platform the text does not show: most likely this one
            unplaced[platform] -= 1
            continue
        sentences = _sentences(paragraph.text.rstrip())
        before = [p.text for p in paragraphs[max(0, i - 8) : i]] + sentences[:-1]
        author, handle = _cue_author(sentence, verb_at, before)
        out.append(Post(platform=platform, author=author, handle=handle, missing=True, paragraphs=(i,)))
    return out
