"""Where quotes are: spans of quote marks in paragraphs, joined across paragraphs, and filtered.

Finding quotes is done on the characters: curly “…”, straight "…", guillemets «…», German „…“, and
British ‘…’ only when the quote ends with punctuation inside the marks (so an apostrophe or a
plural possessive never opens or closes one). A quote ends at its closing mark, whichever style
(“…" and "…” close each other); a mark left open runs to the end of its paragraph and joins the
next paragraph only when that opens with a quote mark, so a stray mark never swallows the next
paragraph and its attribution. Titles of works and scare quotes are not quotes (see ``keep``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.model import Article


def words(text: str) -> frozenset[str]:
    """A set of words written as one string."""
    return frozenset(text.split())


_WORK_WORDS = re.compile(
    r"\b(?:film|movie|book|novel|song|single|album|show|series|episode|play|musical|documentary|"
    r"podcast|poem|article|essay|column|titled|entitled|called|named|headline|memoir|track|record|"
    r"opera|painting|exhibit|exhibition|game|report|program|programme|collection|anthology)\W*$",
    re.I,
)
_MIN_QUOTE_WORDS = 3
_MAX_TITLE_WORDS = 8
_SMALL_WORDS = words("a an the of and or in on at to for with by from as vs. de la le")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$")


# Opening marks and the marks that close them. ”…” (Swedish) and "…" use one character for both.
_CLOSERS = {"“": "”", "„": "“”", "«": "»", '"': '"”', "”": "”"}
_OPEN_BEFORE = frozenset(" \t\n([{—–-/:;")
# British single quotes: ‘…,’ with punctuation inside, apostrophes allowed inside words.
_SINGLE_QUOTE = re.compile(r"(?<![\w‘’])‘((?:[^‘’\"“”]|’(?=\w))+?[,.?!])’(?!\w)")

@dataclass
class Segment:
    """The part of one quote inside one paragraph; offsets in the paragraph's text."""

    para: int
    open: int  # position of the opening mark
    start: int  # quoted text, without marks or outer spaces
    end: int
    close_end: int  # end of the closing mark (the paragraph's length if unclosed)
    closed: bool


@dataclass
class QuoteSpan:
    segments: list[Segment]
    text: str



def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPEN_BEFORE or before in _CLOSERS) and not after.isspace()


def scan_paragraph(para: int, text: str) -> list[Segment]:
    """Quote spans in one paragraph, the last one possibly unclosed (it runs to the end)."""
    segments: list[Segment] = []
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


def _make_segment(para: int, text: str, open_at: int, end: int, close_end: int, *, closed: bool) -> Segment:
    start = open_at + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Segment(para, open_at, start, end, close_end, closed)


def _is_title_of_work(text: str, before: str) -> bool:
    """A capitalised title ("The Wild Rose", "The Kiss Was Beautiful.", a book's "Title: Subtitle"),
    not speech: speech is not written in title case, even when it ends with a full stop."""
    words = text.split()
    if len(words) > 2 * _MAX_TITLE_WORDS:
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not content or not all(w[:1].isupper() or not w[:1].isalpha() for w in content):
        return False
    if len(content) >= 3 and sum(w[:1].isalpha() for w in content) >= 3:
        return True
    if len(words) > _MAX_TITLE_WORDS:
        return False
    return bool(_WORK_WORDS.search(before)) or not _SENTENCE_END.search(text.rstrip(",;:"))


def link_quotes(article: Article, segments: dict[int, list[Segment]], skip: set[int]) -> list[QuoteSpan]:
    """Join segments into quotes: an unclosed quote continues into a paragraph opening with a mark."""
    quotes: list[QuoteSpan] = []
    paras = article.paragraphs
    carry: list[Segment] | None = None
    for p in range(len(paras)):
        segs = [] if p in skip else segments.get(p, [])
        if carry is not None:
            if segs and segs[0].open == 0:
                carry.append(segs[0])
                segs = segs[1:]
                if not carry[-1].closed:
                    continue
            quotes.append(QuoteSpan(carry, ""))
            carry = None
        for s in segs:
            if s.closed:
                quotes.append(QuoteSpan([s], ""))
            else:
                carry = [s]
    if carry is not None:
        quotes.append(QuoteSpan(carry, ""))
    for q in quotes:
        q.text = "\n\n".join(paras[s.para].text[s.start:s.end] for s in q.segments)
    return quotes


def keep(q: QuoteSpan, article: Article) -> bool:
    """Whether a span is worth attributing: not empty, not a title of work."""
    if not q.text.split():
        return False
    first = q.segments[0]
    before = article.paragraphs[first.para].text[max(0, first.open - 40): first.open]
    return not _is_title_of_work(q.text, before)


def is_fragment(q: QuoteSpan) -> bool:
    """One or two quoted words: a scare quote (“hellhole”, “stunning,”) unless a reporting verb of
    its own sentence names who said them; “That's correct,” is speech."""
    words = q.text.split()
    return len(words) < _MIN_QUOTE_WORDS and not (q.text[0].isupper() and q.text[-1] in ",.!?…")
