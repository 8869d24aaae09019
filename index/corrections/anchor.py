"""Finding a corrected quote again: by its text and context in the article, never by its position.

A quote correction keeps a text-quote selector (the quoted text exactly, some characters before and
after). Re-anchoring, as web annotation tools do it: the exact text is looked for in the article's
body (the context picks among repeats); the quote of the current extraction that covers most of
that span is the one corrected, so a quote whose boundaries moved by a few words is still found.
When the text itself changed (the file was edited), the quote whose text is most alike above
``THRESHOLD`` is taken, again with the context to break ties. Nothing above it: the correction no
longer applies, and is listed as such.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from index.corrections.model import Selector
from index.model import Article, Quote

CONTEXT = 32  # characters of prefix and suffix a selector keeps
THRESHOLD = 0.6  # the least overlap (Dice, of spans or of texts) for a quote to be the one corrected
_SEPARATOR = "\n\n"  # between paragraphs in ``Article.body``

_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _offsets(article: Article) -> list[int]:
    """Where each paragraph starts in the article's body."""
    out, at = [], 0
    for p in article.paragraphs:
        out.append(at)
        at += len(p.text) + len(_SEPARATOR)
    return out


def quote_span(article: Article, body: str, offsets: Sequence[int], quote: Quote) -> tuple[int, int] | None:
    """The quote's (start, end) in the article's body, checked against its text; None if not found."""
    if 0 <= quote.paragraph < len(offsets):
        at = offsets[quote.paragraph] + quote.start
        if quote.text and body[at : at + len(quote.text)] == quote.text:
            return at, at + len(quote.text)
        found = body.find(quote.text, offsets[quote.paragraph]) if quote.text else -1
        if found != -1:
            return found, found + len(quote.text)
    found = body.find(quote.text) if quote.text else -1
    return (found, found + len(quote.text)) if found != -1 else None


def selector_of(article: Article, quote: Quote) -> Selector:
    """The selector of a quote as it is now: its text and ``CONTEXT`` characters either side."""
    body = article.body
    span = quote_span(article, body, _offsets(article), quote)
    if span is None:
        return Selector(quote.text)
    start, end = span
    return Selector(quote.text, body[max(0, start - CONTEXT) : start], body[end : end + CONTEXT])


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _context_score(selector: Selector, body: str, start: int, end: int) -> float:
    """How alike the text around ``start:end`` is to the selector's prefix and suffix (0 to 2)."""
    before = body[max(0, start - len(selector.prefix)) : start]
    after = body[end : end + len(selector.suffix)]
    return _similarity(_norm(selector.prefix), _norm(before)) + _similarity(_norm(selector.suffix), _norm(after))


def _find_all(body: str, text: str) -> list[int]:
    out, at = [], body.find(text)
    while at != -1 and text:
        out.append(at)
        at = body.find(text, at + 1)
    return out


def anchor(selector: Selector, article: Article, quotes: Sequence[Quote]) -> int | None:
    """The index in ``quotes`` of the quote the selector names, or None if none is close enough."""
    if not quotes or not selector.exact:
        return None
    body = article.body
    offsets = _offsets(article)
    spans = [quote_span(article, body, offsets, q) for q in quotes]
    places = _find_all(body, selector.exact)
    if places:
        # The text is still in the article: where (by the context), then which quote covers it.
        n = len(selector.exact)
        start = max(places, key=lambda s: _context_score(selector, body, s, s + n))
        end = start + n
        best, best_score = None, 0.0
        for i, span in enumerate(spans):
            if span is None:
                continue
            overlap = min(end, span[1]) - max(start, span[0])
            if overlap <= 0:
                continue
            score = 2 * overlap / (n + span[1] - span[0])
            if score > best_score:
                best, best_score = i, score
        if best is not None and best_score >= THRESHOLD:
            return best
    # The text changed, or no quote sits where it was: the quote most alike, the context breaking ties.
    exact = _norm(selector.exact)
    scored: list[tuple[float, float, int]] = []
    for i, q in enumerate(quotes):
        text_score = _similarity(exact, _norm(q.text))
        if text_score < THRESHOLD:
            continue
        span = spans[i]
        context = _context_score(selector, body, *span) if span is not None else 0.0
        scored.append((round(text_score, 2), context, -i))
    if not scored:
        return None
    return -max(scored)[2]
