"""The embedded posts of a saved page: its markup and the copies hidden escaped in scripts and state blobs.

``find_embeds`` reads every embed in the markup; ``article_embeds`` keeps the article's (see ``region``).
"""

from __future__ import annotations

import html as htmllib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from index.extract.posts.markup import candidates, has_embed_marker, parse_fragment, parse_html
from index.extract.posts.platforms import from_element
from index.extract.posts.region import BODY, SCRIPT, Region, locate
from index.extract.posts.twins import dedupe, post_key
from index.model import Paragraph, Post

# Embed code hidden in scripts and state blobs: an escaped start tag (HTML entities, \u003C, \x3C),
# or a raw one whose attributes carry JSON-escaped quotes.
# Each has a literal prefix (fast to search) and a guard substring that must be in the page first.
_ESCAPED_OPENS = (
    ("&lt;", re.compile(r"&lt;(blockquote|iframe|div|lite-youtube)\b")),
    ("\\u003", re.compile(r"\\u003[cC](blockquote|iframe|div|lite-youtube)\b")),
    ("\\x3", re.compile(r"\\x3[cC](blockquote|iframe|div|lite-youtube)\b")),
)
_ESCAPED_CLOSE = {
    tag: re.compile(r"(?:&lt;|\\u003[cC]|\\x3[cC]|<)(?:\\?/|\\u002[fF])\s*" + tag, re.I)
    for tag in ("blockquote", "iframe", "div", "lite-youtube")
}
# Unescaped start tags inside a JS string: their attribute quotes are escaped (class=\"twitter-tweet\").
_RAW_OPENS = ("<blockquote", "<iframe")
_ESCAPED_WINDOW = 40_000
_ESCAPED_HEAD = 1_000
_JSON_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\"'/\\nrt])")


def _json_char(m: re.Match[str]) -> str:
    code = m.group(1)
    if code[0] in "ux":
        return chr(int(code[1:], 16))
    return {"n": "\n", "r": "\n", "t": " "}.get(code, code)


def _json_unescape(text: str) -> str:
    """A JSON string body decoded; JS-only escapes (``\\x3C``, ``\\'``) by regex when JSON refuses it."""
    try:
        decoded = json.loads(f'"{text}"', strict=False)
    except ValueError:
        return _JSON_ESCAPE.sub(_json_char, text)
    return decoded if isinstance(decoded, str) else text


def _unescape(text: str) -> str:
    """Undo HTML-entity and JSON/JS string escaping, layer by layer (Daily Beast has both)."""
    for _ in range(3):
        before = text
        if "&lt;" in text or "&quot;" in text or "&#" in text:
            text = htmllib.unescape(text)
        if "\\" in text:
            text = _json_unescape(text)
        if text == before:
            break
    return text


def _escaped_fragments(markup: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, unescaped markup) of each embed hidden escaped inside a script or attribute."""
    starts = [
        (m.start(), m.group(1))
        for guard, pattern in _ESCAPED_OPENS
        if guard in markup
        for m in pattern.finditer(markup)
    ]
    for needle in _RAW_OPENS:
        at = markup.find(needle)
        while at >= 0:
            head = markup[at : at + 400].split(">", 1)[0]
            if '\\"' in head or "\\'" in head:
                starts.append((at, needle[1:]))
            at = markup.find(needle, at + 1)
    for start, tag in sorted(starts):
        # every marker (a class, a src, a data- attribute) is in the start tag
        if not has_embed_marker(markup[start : start + _ESCAPED_HEAD]):
            continue
        end_m = _ESCAPED_CLOSE[tag].search(markup, start + len(tag) + 1, start + _ESCAPED_WINDOW)
        end = end_m.end() if end_m else min(len(markup), start + _ESCAPED_WINDOW)
        yield start, end, _unescape(markup[start:end]) + f"</{tag}>"


@dataclass(frozen=True)
class Sighting:
    """One embed seen in a page: the post it shows, where it is (``region.BODY``, ``SCRIPT``, the
    kind of block off the article) and whether it was escaped inside a script or an attribute."""

    post: Post
    place: str
    escaped: bool
    order: tuple[int, int, int]


def sightings(markup: str, paragraphs: Sequence[Paragraph] = ()) -> list[Sighting]:
    """Every embed seen in a saved page's markup, in document order, placed against the article's paragraphs."""
    if not markup or not has_embed_marker(markup):
        return []
    root = parse_html(markup)
    if root is None:
        return []
    region: Region | None = None

    def where() -> Region:
        nonlocal region
        if region is None:
            region = locate(root, paragraphs)
        return region

    found: list[Sighting] = []
    for seq, el in enumerate(candidates(root)):
        for post in from_element(el):
            found.append(Sighting(post, where().place(el), False, (el.sourceline or 0, 0, seq)))
    line, last = 1, 0
    for start, end, fragment in _escaped_fragments(markup):
        line += markup.count("\n", last, start)
        last = start
        frag = parse_fragment(fragment)
        if frag is None:
            continue
        for el in candidates(frag):
            for post in from_element(el):
                near = where().holds_text_near(markup, start, end, _unescape) or where().repeats(post)
                found.append(Sighting(post, BODY if near else SCRIPT, True, (line, 1, start)))
    found.sort(key=lambda s: s.order)
    return found


def find_embeds(markup: str) -> list[Post]:
    """Every embedded post in a saved page's markup, in document order, each once (the article's or not)."""
    return dedupe(s.post for s in sightings(markup))


def article_embeds(markup: str, paragraphs: Sequence[Paragraph]) -> list[Post]:
    """The article's embedded posts, in document order, each once: those in its part of the page.

    A copy escaped in a script that is not near the article's text still adds to a post seen in the
    article (its author, its date), but is not a post of its own.
    """
    seen = sightings(markup, paragraphs)
    kept = {post_key(s.post) for s in seen if s.place == BODY}
    return dedupe(s.post for s in seen if s.place == BODY or (s.escaped and post_key(s.post) in kept))
