"""Whether an embed is the article's: where it sits in the page against the article's own paragraphs.

A saved page holds more than its article: a sidebar, a related-stories rail, the header and
footer, comments, the next article of an infinite scroll, and state blobs in scripts that may
carry other articles' bodies (``__NEXT_DATA__``, ``window.__INITIAL_STATE__``). An embed is the
article's when it is in the article's part of the page.

The article's paragraphs (as the HTML reader found them) are located in the tree: an element that
holds one of them is the article's. A block off the article (``aside``, ``nav``, ``footer``, a
page ``header``, an ARIA landmark of the same kinds, a block named "related", "sidebar",
"comments"...) that holds none of them is not, and neither is another ``<article>``; between the
article's paragraphs, though, an ``aside`` or an ``<article>`` is a box around the article's own
embed (Drupal wraps media in ``<article class="media">``). When no
paragraph can be located (a page whose text is not in ``<p>`` elements, a fragment), only the
landmarks count: names alone are too loose ("l-sidebar-fixed" is Vox's article column).

Embed code that appears only escaped in a script or an attribute is the article's when the text
around it is the article's (its body stored as state), or when the article repeats its text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from index.extract.posts.text import norm
from index.model import Paragraph, Post

# where an embed was seen, as the audit reports it
BODY = "body"
SCRIPT = "script"  # only escaped inside a script or an attribute (JSON state, a template string)

_OFF_TAGS = {"aside": "aside", "nav": "nav", "footer": "footer"}
_OFF_ROLES = {"complementary": "aside", "navigation": "nav", "contentinfo": "footer", "banner": "header"}
# words of a class or id that name a block off the article
_OFF_WORDS = {
    "related": "related", "recommended": "related", "recommendations": "related", "recirc": "related",
    "outbrain": "related", "taboola": "related", "trending": "related", "popular": "related",
    "sidebar": "aside", "rail": "aside",
    "comments": "comments", "comment": "comments", "disqus": "comments",
}  # fmt: skip
_OFF_PAIRS = {
    ("more", "stories"): "related", ("most", "read"): "related", ("read", "next"): "related",
    ("up", "next"): "related", ("you", "may"): "related", ("also", "like"): "related",
}  # fmt: skip
_NOT_WORD = re.compile(r"\W+")
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_TEXT_TAGS = ("p", "li", "h2", "h3", "h4", "blockquote", "td", "dd", "figcaption", "pre")
_KEY_CHARS = 60  # a paragraph is known by the first characters of its words
_KEY_SOURCE = 160  # ... taken from this many characters of its text
_MIN_CHARS = 30  # shorter paragraphs ("Advertisement", "Read more") are not looked for
_ANCHOR = 3  # paragraphs found in the tree before names of blocks are trusted
_CONTEXT = 6_000  # characters around an escaped embed searched for the article's text


def _words(value: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(value)]


def _named_off(el: Any) -> str | None:
    """The kind of off-article block an element's class or id names, if any."""
    names = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
    if not names:
        return None
    words = _words(names)
    for word in words:
        if word in _OFF_WORDS:
            return _OFF_WORDS[word]
    for pair in zip(words, words[1:], strict=False):
        if pair in _OFF_PAIRS:
            return _OFF_PAIRS[pair]
    return None


def _landmark(el: Any) -> str | None:
    """The kind of landmark off the article an element is (``aside``, ``nav``, ``footer``, page header)."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _OFF_TAGS:
        return _OFF_TAGS[tag]
    role = (el.get("role") or "").strip().lower()
    if role in _OFF_ROLES:
        return _OFF_ROLES[role]
    if tag == "header" and not any(a.tag in ("article", "main") for a in el.iterancestors()):
        return "header"
    return None


def _enclosing(markup: str, start: int, end: int) -> tuple[int, int]:
    """The script, or else the tag (an attribute's value), that holds the markup from start to end."""
    opened = markup.rfind("<script", 0, start)
    if opened > markup.rfind("</script", 0, start):
        closed = markup.find("</script", end)
        return opened, closed if closed >= 0 else len(markup)
    closed = markup.find(">", end)
    return markup.rfind("<", 0, start), closed if closed >= 0 else len(markup)


def _key(text: str) -> str:
    """How a paragraph is known: the first characters of its words (from a raw prefix, for speed)."""
    return _NOT_WORD.sub(" ", text[:_KEY_SOURCE].casefold()).strip()[:_KEY_CHARS]


def _head_text(el: Any) -> str:
    """The start of an element's text, enough for its key."""
    out: list[str] = []
    size = 0
    for piece in el.itertext():
        out.append(piece)
        size += len(piece)
        if size >= _KEY_SOURCE:
            break
    return "".join(out)


@dataclass
class Region:
    """The article's part of a parsed page: the elements that hold its located paragraphs."""

    # every element holding a located paragraph, and their ancestors (lxml keeps one proxy per
    # element while a reference to it lives, so the set's members keep their identity)
    holders: set[Any]
    keys: tuple[str, ...]  # the article's paragraphs as ``norm`` prefixes, for the escaped copies
    paragraphs: Sequence[Paragraph]
    anchored: bool  # enough of the paragraphs were found in the tree to trust it
    block: Any = None  # the smallest element holding every located paragraph

    def place(self, el: Any) -> str:
        """Where an embed element sits: ``body``, or the kind of block off the article it is in."""
        below: list[Any] = []  # the element and its ancestors below the first that holds article text
        first = None
        for node in (el, *el.iterancestors()):
            if node in self.holders:
                first = node
                break
            below.append(node)
        # in the article's block, between its paragraphs: a box around an embed is the article's
        inside = first is not None and (first is self.block or any(a is self.block for a in first.iterancestors()))
        for node in below:
            kind = _landmark(node)
            if kind is None and self.anchored and node.tag != "article":
                kind = _named_off(node)
            elif kind is None and self.anchored and not inside:
                # (inside the article's block an <article> wraps a media item: Drupal's <article class=media>)
                kind = "other-article"
            if kind is not None and not (inside and kind == "aside"):
                return kind
        return BODY

    def holds_text_near(self, markup: str, start: int, end: int, unescape: Any) -> bool:
        """Whether the article's text is in the markup around an escaped embed (its body kept as state)."""
        if not self.keys:
            return False
        left, right = _enclosing(markup, start, end)
        around = norm(unescape(markup[max(left, start - _CONTEXT) : min(right, end + _CONTEXT)]))
        return any(key in around for key in self.keys)

    @cached_property
    def text(self) -> str:
        """The article's text, ``norm``-ed, for posts it repeats."""
        return " ".join(norm(p.text) for p in self.paragraphs)

    def repeats(self, post: Post) -> bool:
        """Whether the article's text repeats a post's text (a copy the reader kept in the body)."""
        text = norm(post.text or "")
        return len(text) >= 20 and text in self.text


def locate(root: Any, paragraphs: Sequence[Paragraph]) -> Region:
    """The article's region of a page's tree: where its paragraphs are, each found once."""
    keys = tuple(dict.fromkeys(k for k in (_key(p.text) for p in paragraphs) if len(k) >= _MIN_CHARS))
    wanted = set(keys)
    found: dict[str, list[Any]] = {}
    if wanted and root is not None:
        for el in root.iter(_TEXT_TAGS):
            head = _head_text(el)
            if len(head) < _MIN_CHARS:
                continue
            key = _key(head)
            if key in wanted:
                found.setdefault(key, []).append(el)
    covers: dict[Any, int] = {}
    located: list[Any] = []
    for els in found.values():
        if len(els) > 1:
            continue  # the same text twice (a teaser repeating the lead): proves nothing
        located.append(els[0])
        for node in (els[0], *els[0].iterancestors()):
            covers[node] = covers.get(node, 0) + 1
    block = None
    if located:
        block = next(n for n in (located[0], *located[0].iterancestors()) if covers[n] == len(located))
    anchored = bool(located) and len(located) >= min(_ANCHOR, len(keys))
    return Region(holders=set(covers), keys=keys, paragraphs=paragraphs, anchored=anchored, block=block)
