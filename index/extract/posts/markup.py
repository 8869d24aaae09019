"""The saved page as an lxml tree: the cheap marker pre-check, the parser, the candidate elements, their text."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from lxml import etree

from index.extract.posts.text import clean

log = logging.getLogger(__name__)

# --- pre-check --------------------------------------------------------------------------------------

# A page without any of these substrings has no embed we can read, so it is never parsed. Plain
# substring tests run at memory speed, far faster than a regex alternation; a common word first
# ("tweet", "youtube") spares the exact markers' passes on most pages.
_MARKERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tweet", ("twitter-tweet", "tweet-id", "tweetid", 'data-mod="tweet"', "data-mod=tweet", "data-mod='tweet'")),
    (
        "youtube",
        (
            "youtube.com/embed", "youtube-nocookie.com/embed", "youtube.com\\/embed", "youtube.com%2Fembed",
            "lite-youtube", "embedly.com/widgets/media",
        ),
    ),
    ("instagram-media", ()),
    ("fb-post", ()),
    ("fb-video", ()),
    ("facebook.com/plugins/", ()),
    ("tiktok-embed", ()),
    ("twitter-video", ()),
    ("social-embed-fallbacktwitter", ()),
    ("bluesky", ("bluesky-embed", "data-bluesky")),
    ("mastodon-embed", ()),
    ("text-post-permalink", ()),
    ("borlabs-cookie", ()),
)


def has_embed_marker(markup: str) -> bool:
    """Whether the markup contains anything that looks like embed code (cheap, no parsing)."""
    return any(
        common in markup and (not exact or any(marker in markup for marker in exact))
        for common, exact in _MARKERS
    )

_SOURCE_SPACE = re.compile(r"[ \t\r\n\f\v]+")  # line breaks in the HTML source are plain spaces


# Elements that can hold an embed; everything else is skipped in C by ``iter``.
_CANDIDATE_TAGS = ("blockquote", "iframe", "div", "lite-youtube", "script")
_EMBED_CLASSES = frozenset(
    {
        "twitter-tweet", "twitter-video", "instagram-media", "tiktok-embed", "bluesky-embed",
        "mastodon-embed", "fb-post", "fb-video", "social-embed-fallbacktwitter",
    }
)
_ID_ATTRIBUTES = ("data-tweet-id", "data-tweetid", "data-text-post-permalink", "data-bluesky-uri")


def candidates(root: Any) -> Iterator[Any]:
    """Elements that may be an embed, in document order.

    ``iter`` with tag names filters in C; an XPath with class tests is ten times slower here.
    """
    for el in root.iter(_CANDIDATE_TAGS):
        tag = el.tag
        if tag in ("iframe", "lite-youtube"):
            yield el
        elif tag == "script":
            if el.get("type") == "text/template":
                yield el
        elif (
            any(el.get(name) for name in _ID_ATTRIBUTES)
            or (el.get("data-mod") == "tweet" and el.get("data-url"))
            or (el.get("class") and not _EMBED_CLASSES.isdisjoint(el.get("class").split()))
        ):
            yield el


# The plain etree parser (lxml.html's element classes cost a Python call per element touched); one
# per thread, as lxml parser objects must not be shared between threads.
_LOCAL = threading.local()


def _parser() -> Any:
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = etree.HTMLParser(encoding="utf-8", huge_tree=True)
    return parser


_BLOCK_TAGS = frozenset(
    {
        "p", "div", "li", "section", "article", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
        "ul", "ol",
    }
)
_NO_TEXT_TAGS = frozenset(
    {
        "script", "style", "svg", "noscript", "template",
    }
)


def element_text(el: Any, skip: Sequence[Any] = ()) -> str:
    """The visible text of an element: ``<br>`` as a line break, blocks as paragraphs, ``skip`` left out."""
    out: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "br":
            out.append("\n")
            return
        if not tag or tag in _NO_TEXT_TAGS or any(node is s for s in skip):
            return
        if node.text:
            out.append(_SOURCE_SPACE.sub(" ", node.text))
        for child in node:
            walk(child)
            if child.tail:
                out.append(_SOURCE_SPACE.sub(" ", child.tail))
        if tag in _BLOCK_TAGS:
            out.append("\n\n")

    walk(el)
    return clean("".join(out))


def all_text(el: Any) -> str:
    """All the text inside an element, as is (no comments, no tail)."""
    return str(etree.tostring(el, method="text", encoding="unicode", with_tail=False))


def attr_url(el: Any, *names: str) -> str:
    """The first of the named attributes that holds a real URL (not ``about:``, ``javascript:``, ``data:``)."""
    for name in names:
        value = (el.get(name) or "").strip()
        if value and not value.startswith(("about:", "javascript:", "data:")):
            return value
    return ""


def links(el: Any) -> list[Any]:
    """The ``<a href>`` elements inside an element."""
    return [a for a in el.iter("a") if a.get("href")]


def parse_html(markup: str) -> Any | None:
    """The page as an lxml tree, or None when there is nothing to parse."""
    try:
        return etree.fromstring(markup.encode("utf-8", "replace"), parser=_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        log.debug("markup not parsed for embeds: %s", exc)
        return None


def parse_fragment(markup: str) -> Any | None:
    """A piece of markup (an embed's code) as an lxml tree under one ``div``, or None."""
    try:
        return etree.fromstring(f"<div>{markup}</div>".encode("utf-8", "replace"), parser=_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        log.debug("embed fragment not parsed: %s", exc)
        return None
