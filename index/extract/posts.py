"""Embedded social posts of an article: in the saved page's markup, flattened to text, or lost.

Three sources, merged into one list in document order, each post once:

* the markup (``Article.html``): the official embed code of X/Twitter, Instagram, Facebook, TikTok,
  YouTube, Bluesky, Mastodon and Threads, what pages keep after the embed scripts ran (iframes with
  an id), a few site-specific placeholders, and copies hidden HTML/JSON-escaped in state blobs or
  base64-encoded in consent-manager templates;
* the text: a paragraph ending in a signature ``— Name (@handle) Month D, YYYY`` closes a post whose
  earlier paragraphs are joined to it (``Paragraph.joined``);
* lost embeds: "He posted on X:" followed by something else is a post whose content is not in the
  archive (``Post.missing``).

``shared/notes/embeds.md`` shows the real markup of every kind handled here.
"""

from __future__ import annotations

import base64
import binascii
import html as htmllib
import json
import logging
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from lxml import etree

from index.model import Article, Paragraph, Post

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


# --- regexes ----------------------------------------------------------------------------------------

_STATUS_URL = re.compile(
    r"https?://(?:(?:www|mobile)\.)?(twitter|x)\.com/(?:#!/)?(\w{1,30})/status(?:es)?/(\d{5,25})", re.I
)
_TWEET_ID_PARAM = re.compile(r"[?&;]id=(\d{5,25})")
_MEDIA_LINK = re.compile(r"(?:https?://)?pic\.(?:twitter|x)\.com/\w+", re.I)
# "— Name (@handle) date" after the text of a tweet or Bluesky post in embed code
_EMBED_SIGNATURE = re.compile(
    r"(?:—|–|&mdash;|(?<!\S)-)\s*(?P<name>[^—–()\n]{0,100}?)\s*\(\s*@(?P<handle>[\w.\-]+(?:@[\w.\-]+)?)\s*\)"
    r"(?P<date>[^()]{0,80})$"
)
# the same signature closing a paragraph of plain text
_TEXT_SIGNATURE = re.compile(
    r"(?:—|–|&mdash;|&#8212;|(?<!\S)-(?=\s))\s*(?P<name>[^—–()\n]{0,80}?)\s*"
    r"\(\s*@(?P<handle>[\w.\-]+(?:@[\w.\-]+)?)\s*\)"
    r"(?:\s+(?P<date>[^()\n]{0,40}?\d{4}[^()\n]{0,25}?))?\s*$"
)
_YOUTUBE_ID = re.compile(
    r"(?:youtube(?:-nocookie)?\.com/(?:embed/|v/|shorts/|watch\?(?:[^#]*&)?v=)|youtu\.be/)"
    r"(?!videoseries|live_stream)([\w-]{11})(?![\w-])"
)
_INSTAGRAM_URL = re.compile(r"instagram\.com/(?:[\w.]+/)?(p|reel|reels|tv)/([\w-]+)")
_INSTAGRAM_SHARED = re.compile(
    r"(?:\bby|\bvon|\bpar|\bde|\bpor|\bda|\bdi|\bdoor|\bprzez|\bav|\baf)\s+(?P<name>[^\n]*?)\s*"
    r"\(@(?P<handle>[\w.]+)\)"
)
_HANDLE_IN_PARENS = re.compile(r"\(@([\w.]+)\)")
_TIKTOK_URL = re.compile(r"tiktok\.com/@([\w.\-]+)/video/(\d+)")
_BLUESKY_URI = re.compile(r"(did:[\w:.%-]+)/app\.bsky\.feed\.post/(\w+)")
_MASTODON_URL = re.compile(r"https?://([\w.-]+)/@([\w.]+)(?:@([\w.-]+))?/(\d+)(?:/embed)?")
_MASTODON_POST_BY = re.compile(r"Post by @([\w.]+@[\w.-]+)")
_THREADS_URL = re.compile(r"https?://(?:www\.)?threads\.(?:net|com)/@([\w.]+)/post/([\w-]+)")
_FACEBOOK_ID = re.compile(
    r"(?:/posts/|/videos/(?:[\w.-]+/)?|/photos/(?:[\w.-]+/)*|/permalink/|/reel/|[?&](?:story_fbid|fbid|v)=)"
    r"(\w+)"
)
_FACEBOOK_NOT_A_PAGE = frozenset(
    {
        "photo.php", "permalink.php", "story.php", "video.php", "profile.php", "watch", "groups", "pages",
        "events", "plugins", "media", "reel", "share", "people",
    }
)
_FACEBOOK_POSTED_BY = re.compile(
    r"^\s*(?:Posted by|Publié par|Gepostet von|Publicado por|Pubblicato da)\s", re.I
)
_BBC_ALT = re.compile(r"^\s*Twitter post by @(\w+):?\s*(.*)$", re.S)
_BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]+$")

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
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_SOURCE_SPACE = re.compile(r"[ \t\r\n\f\v]+")  # line breaks in the HTML source are plain spaces
_BLANK_LINES = re.compile(r"\n\s*\n\s*(?:\n\s*)+")
_WORDS = re.compile(r"\W+")


# Elements that can hold an embed; everything else is skipped in C by ``iter``.
_CANDIDATE_TAGS = ("blockquote", "iframe", "div", "lite-youtube", "script")
_EMBED_CLASSES = frozenset(
    {
        "twitter-tweet", "twitter-video", "instagram-media", "tiktok-embed", "bluesky-embed",
        "mastodon-embed", "fb-post", "fb-video", "social-embed-fallbacktwitter",
    }
)
_ID_ATTRIBUTES = ("data-tweet-id", "data-tweetid", "data-text-post-permalink", "data-bluesky-uri")


def _candidates(root: Any) -> Iterator[Any]:
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

# --- dates ------------------------------------------------------------------------------------------

# Month names and abbreviations in English, German, French, Spanish, Italian, Dutch, Portuguese, Polish.
_MONTH_NAMES = (
    "january jan januar jänner jänn janvier janv enero ene gennaio gen januari janeiro styczeń stycznia",
    "february feb februar feber février févr fevrier febrero febbraio februari fevereiro fev luty lutego",
    "march mar märz mär maerz mars marzo maart março marca marzec",
    "april apr avril avr abril aprile apl kwiecień kwietnia",
    "may mai mayo maggio mei maio maj maja",
    "june jun juni juin junio giugno junho czerwiec czerwca",
    "july jul juli juillet juil julio luglio julho lipiec lipca",
    "august aug août aout agosto ago augustus sierpień sierpnia",
    "september sep sept septembre septiembre setiembre settembre set setembro wrzesień września",
    "october oct oktober okt octobre octubre ottobre ott outubro out październik października",
    "november nov novembre noviembre novembro listopad listopada",
    "december dec dezember dez décembre déc decembre diciembre dic dicembre dezembro grudzień grudnia",
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()}

_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
_DATE_MONTH_FIRST = re.compile(r"\b([^\W\d_]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DATE_DAY_FIRST = re.compile(
    r"\b(\d{1,2})(?:\.|er|º|°)?\s+(?:de\s+)?([^\W\d_]{3,12})\.?,?\s+(?:de\s+|del\s+)?(\d{4})\b"
)


def parse_post_date(text: str | None) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from a post's localised date, else the text as the page gives it.

    Understands "November 1, 2019", "Jun 16, 2019 at 7:30am PDT", "25. September 2018",
    "6. März 2018", "1er novembre 2019", "3 de noviembre de 2019" and ISO timestamps.
    """
    if not text:
        return None
    text = _SPACES.sub(" ", text).strip()
    if not text:
        return None
    m = _DATE_ISO.search(text)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3))) or text
    m = _DATE_MONTH_FIRST.search(text)
    if m and m.group(1).lower() in _MONTHS:
        return _iso(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2))) or text
    m = _DATE_DAY_FIRST.search(text)
    if m and m.group(2).lower() in _MONTHS:
        return _iso(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))) or text
    return text


def _iso(year: int, month: int, day: int) -> str | None:
    if 1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


# --- small helpers ----------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Fold spaces on each line, keep paragraph breaks as one blank line."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _norm(text: str) -> str:
    """Words only, case-folded: for comparing the same text taken from markup and from paragraphs."""
    return _WORDS.sub(" ", _MEDIA_LINK.sub(" ", text).casefold()).strip()


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


def _element_text(el: Any, skip: Sequence[Any] = ()) -> str:
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
    return _clean("".join(out))


def _all_text(el: Any) -> str:
    """All the text inside an element, as is (no comments, no tail)."""
    return str(etree.tostring(el, method="text", encoding="unicode", with_tail=False))


def _attr_url(el: Any, *names: str) -> str:
    for name in names:
        value = (el.get(name) or "").strip()
        if value and not value.startswith(("about:", "javascript:", "data:")):
            return value
    return ""


def _strip_query(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0]


def _last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    last = None
    for last in pattern.finditer(text):  # noqa: B007 - only the last one is wanted
        pass
    return last


def _links(el: Any) -> list[Any]:
    return [a for a in el.iter("a") if a.get("href")]


# --- readers for each kind of embed -----------------------------------------------------------------


def _tweet_url(handle: str | None, tweet_id: str, host: str = "twitter") -> str:
    host = "x" if host.lower() == "x" else "twitter"
    if handle and handle.lower() not in ("i", "web"):
        return f"https://{host}.com/{handle}/status/{tweet_id}"
    return f"https://twitter.com/i/status/{tweet_id}"


def _tweet_from_url(url: str) -> Post | None:
    m = _STATUS_URL.search(url)
    if not m:
        return None
    handle = m.group(2) if m.group(2).lower() not in ("i", "web") else None
    return Post(platform="x", handle=handle, url=_tweet_url(handle, m.group(3), m.group(1)), post_id=m.group(3))


def _tweet_blockquote(el: Any) -> Post | None:
    """Official X/Twitter embed code (also the Condé Nast stub with ``data-url``)."""
    status_links = [a for a in _links(el) if _STATUS_URL.search(a.get("href"))]
    base = _tweet_from_url(el.get("data-url") or "") or (
        _tweet_from_url(status_links[-1].get("href")) if status_links else None
    )
    media_links = [a for a in _links(el) if _MEDIA_LINK.fullmatch(_all_text(a).strip())]
    media = tuple(dict.fromkeys(_all_text(a).strip() for a in media_links))
    full = _element_text(el, skip=media_links)
    signature = _last_match(_EMBED_SIGNATURE, full)
    paragraph = el.find(".//p")
    text: str | None
    if paragraph is not None:
        text = _element_text(paragraph, skip=media_links)
    elif signature is not None:
        text = full[: signature.start()]
    else:
        text = None
    if text:
        media += tuple(m for m in _MEDIA_LINK.findall(text) if m not in media)
        text = _clean(_MEDIA_LINK.sub("", text)) or None
        if text and _STATUS_URL.fullmatch(text):
            text = None
    author = handle = date = None
    if signature is not None:
        author = signature.group("name").strip() or None
        handle = signature.group("handle")
        date_text = _all_text(status_links[-1]) if status_links else signature.group("date")
        date = parse_post_date(date_text)
    if base is None and not text and not handle:
        return None
    post = base or Post(platform="x")
    return replace(post, author=author, handle=handle or post.handle, date=date, text=text, media=media)


def _tweet_from_id(el: Any) -> Post | None:
    """A rendered tweet or a site placeholder that keeps only the status id (and maybe a link)."""
    for a in _links(el):
        post = _tweet_from_url(a.get("href"))
        if post:
            return post
    tweet_id = (el.get("data-tweet-id") or el.get("data-tweetid") or "").strip()
    if not tweet_id:
        m = _TWEET_ID_PARAM.search(_attr_url(el, "src", "data-src"))
        tweet_id = m.group(1) if m else ""
    if not tweet_id.isdigit():
        return None
    return Post(platform="x", url=_tweet_url(None, tweet_id), post_id=tweet_id)


def _tweet_bbc(el: Any) -> Post | None:
    """BBC's screenshot fallback: a link to the status and "Twitter post by @handle: text" as alt text."""
    post = None
    for a in _links(el):
        post = _tweet_from_url(a.get("href"))
        if post:
            break
    for node in el.iter():
        alt = node.get("data-alt") or node.get("alt") or ""
        m = _BBC_ALT.match(alt)
        if m:
            post = post or Post(platform="x")
            return replace(post, handle=post.handle or m.group(1), text=_clean(m.group(2)) or None)
    return post


def _instagram_blockquote(el: Any) -> Post | None:
    """Instagram embed code, v7 to v14: permalink, "A post shared by Name (@handle)", date, caption."""
    url = el.get("data-instgrm-permalink") or ""
    if not _INSTAGRAM_URL.search(url):
        url = next((a.get("href") for a in _links(el) if _INSTAGRAM_URL.search(a.get("href"))), "")
    post = _instagram_from_url(url) or Post(platform="instagram")
    paragraphs = [p for p in el.iter("p")]
    signature_p = None
    author = handle = None
    for p in reversed(paragraphs):
        text = _element_text(p)
        m = _INSTAGRAM_SHARED.search(text) or _HANDLE_IN_PARENS.search(text)
        if m:
            signature_p = p
            if m.re is _INSTAGRAM_SHARED:
                author, handle = m.group("name").strip() or None, m.group("handle")
            else:
                handle = m.group(1)
            break
    caption = None
    for p in paragraphs:
        if p is not signature_p:
            caption = _element_text(p) or None
            break
    times = el.xpath(".//time/@datetime")
    date = parse_post_date(times[0]) if times else None
    if not post.post_id and not handle and not caption:
        return None
    return replace(post, author=author, handle=handle, date=date, text=caption)


def _instagram_from_url(url: str) -> Post | None:
    m = _INSTAGRAM_URL.search(url)
    if not m:
        return None
    kind = "reel" if m.group(1) == "reels" else m.group(1)
    return Post(platform="instagram", url=f"https://www.instagram.com/{kind}/{m.group(2)}/", post_id=m.group(2))


def _tiktok(el: Any) -> Post | None:
    """TikTok embed code: handle, caption with hashtags (not the sound link), video URL and id."""
    cite = el.get("cite") or ""
    m = _TIKTOK_URL.search(cite)
    video_id = (el.get("data-video-id") or "").strip() or (m.group(2) if m else None)
    handle = m.group(1) if m else None
    for a in _links(el):
        title = a.get("title") or ""
        if title.startswith("@"):
            handle = handle or title[1:]
            break
    paragraph = el.find(".//p")
    text = _element_text(paragraph) if paragraph is not None else None
    if not video_id and not text:
        return None
    url = f"https://www.tiktok.com/@{handle}/video/{video_id}" if handle and video_id else _strip_query(cite) or None
    return Post(platform="tiktok", handle=handle, text=text or None, url=url, post_id=video_id)


def _bluesky_blockquote(el: Any) -> Post | None:
    """Bluesky embed code: at:// URI, text, "— Name (@handle) date"."""
    m = _BLUESKY_URI.search(el.get("data-bluesky-uri") or "")
    post_links = [a.get("href") for a in _links(el) if "/post/" in a.get("href")]
    url = _strip_query(post_links[-1]) if post_links else None
    if m and not url:
        url = f"https://bsky.app/profile/{m.group(1)}/post/{m.group(2)}"
    paragraph = el.find(".//p")
    text = _element_text(paragraph) if paragraph is not None else None
    signature = _last_match(_EMBED_SIGNATURE, _element_text(el))
    date_links = [a for a in _links(el) if "/post/" in a.get("href")]
    date = parse_post_date(_all_text(date_links[-1])) if date_links else None
    if not m and not url and not text:
        return None
    return Post(
        platform="bluesky",
        author=(signature.group("name").strip() or None) if signature else None,
        handle=signature.group("handle") if signature else None,
        date=date,
        text=text or None,
        url=url,
        post_id=m.group(2) if m else (url.rstrip("/").rsplit("/", 1)[-1] if url else None),
    )


def _bluesky_iframe(el: Any) -> Post | None:
    m = _BLUESKY_URI.search(_attr_url(el, "src", "data-src") or "")
    if not m:
        return None
    return Post(platform="bluesky", url=f"https://bsky.app/profile/{m.group(1)}/post/{m.group(2)}", post_id=m.group(2))


def _mastodon(el: Any) -> Post | None:
    """Mastodon embed code (blockquote with ``data-embed-url``, or the older iframe)."""
    source = el.get("data-embed-url") or _attr_url(el, "src", "data-src")
    m = _MASTODON_URL.search(source or "")
    if not m:
        m = next((x for x in (_MASTODON_URL.search(a.get("href")) for a in _links(el)) if x), None)
    if not m:
        return None
    instance, user, remote, status = m.groups()
    handle = f"{user}@{remote or instance}"
    by = _MASTODON_POST_BY.search(_all_text(el))
    if by:
        handle = by.group(1)
    url = f"https://{instance}/@{user}" + (f"@{remote}" if remote else "") + f"/{status}"
    return Post(platform="mastodon", handle=handle, url=url, post_id=status)


def _threads(el: Any) -> Post | None:
    m = _THREADS_URL.search(el.get("data-text-post-permalink") or "")
    if not m:
        return None
    return Post(platform="threads", handle=m.group(1), url=_strip_query(m.group(0)), post_id=m.group(2))


def _facebook_from_url(url: str) -> Post | None:
    url = url.strip()
    if "facebook.com" not in url:
        return None
    m = _FACEBOOK_ID.search(url)
    parts = [p for p in urlsplit(url).path.split("/") if p]
    handle = parts[0] if parts and parts[0].lower() not in _FACEBOOK_NOT_A_PAGE else None
    return Post(platform="facebook", handle=handle, url=url, post_id=m.group(1) if m else None)


def _facebook_div(el: Any) -> Post | None:
    """``div.fb-post[data-href]`` and its optional fallback "Posted by <Page> on <date>"."""
    post = _facebook_from_url(el.get("data-href") or "")
    if post is None:
        return None
    texts: list[str] = []
    author = date = None
    for p in el.iter("p"):
        text = _element_text(p)
        links = _links(p)
        if _FACEBOOK_POSTED_BY.match(text) and links:
            author = _all_text(links[0]).strip() or None
            date = parse_post_date(_all_text(links[-1])) if len(links) > 1 else None
        elif text:
            texts.append(text)
    return replace(post, author=author, date=date, text="\n\n".join(texts) or None)


def _facebook_plugin(src: str) -> Post | None:
    """``facebook.com/plugins/post.php?href=…`` (and ``video.php``); like/page widgets are not posts."""
    if not re.search(r"facebook\.com/plugins/(?:post|video)\.php", src):
        return None
    href = parse_qs(urlsplit(htmllib.unescape(src)).query).get("href", [""])[0]
    return _facebook_from_url(unquote(href)) if href else None


def _youtube(src: str) -> Post | None:
    if "embedly.com/widgets/media" in src:
        query = parse_qs(urlsplit(htmllib.unescape(src)).query)
        src = unquote(query.get("src", query.get("url", [""]))[0])
    m = _YOUTUBE_ID.search(src)
    if not m:
        return None
    return Post(platform="youtube", url=f"https://www.youtube.com/watch?v={m.group(1)}", post_id=m.group(1))


def _iframe(el: Any) -> Post | None:
    """Any iframe: a rendered embed of one of the platforms, or nothing."""
    src = _attr_url(el, "src", "data-src", "data-lazy-src", "data-original")
    classes = (el.get("class") or "").split()
    if el.get("data-tweet-id") or "platform.twitter.com/embed/Tweet.html" in src:
        return _tweet_from_id(el)
    if "youtube" in src or "embedly.com/widgets/media" in src:
        return _youtube(src)
    if "facebook.com/plugins/" in src:
        return _facebook_plugin(src)
    if "instagram.com/" in src and "/embed" in src:
        return _instagram_from_url(src)
    if el.get("data-bluesky-id") is not None or "embed.bsky.app/embed/" in src:
        return _bluesky_iframe(el)
    if "mastodon-embed" in classes or (src.endswith("/embed") and _MASTODON_URL.match(src)):
        return _mastodon(el)
    return None


def _from_element(el: Any) -> list[Post]:
    """The posts one candidate element stands for (usually one, none for empty placeholders)."""
    tag = el.tag if isinstance(el.tag, str) else ""
    classes = set((el.get("class") or "").split())
    post: Post | None = None
    if tag == "script":
        return _from_template(el)
    if tag == "iframe":
        post = _iframe(el)
    elif tag == "lite-youtube":
        video_id = (el.get("videoid") or "").strip()
        post = _youtube(f"https://www.youtube.com/embed/{video_id}") if video_id else None
    elif classes & {"twitter-tweet", "twitter-video"}:
        post = _tweet_blockquote(el)
    elif el.get("data-tweet-id") or el.get("data-tweetid"):
        post = _tweet_from_id(el)
    elif "social-embed-fallbacktwitter" in classes:
        post = _tweet_bbc(el)
    elif el.get("data-mod") == "tweet":
        post = _tweet_from_url(el.get("data-url") or "")
    elif "instagram-media" in classes:
        post = _instagram_blockquote(el)
    elif "tiktok-embed" in classes:
        post = _tiktok(el)
    elif "bluesky-embed" in classes or el.get("data-bluesky-uri"):
        post = _bluesky_blockquote(el)
    elif "mastodon-embed" in classes:
        post = _mastodon(el)
    elif el.get("data-text-post-permalink"):
        post = _threads(el)
    elif classes & {"fb-post", "fb-video"}:
        post = _facebook_div(el)
    return [post] if post else []


def _from_template(el: Any) -> list[Post]:
    """Embed code held back by a consent manager (Borlabs): base64 or plain markup in a template."""
    raw = (el.text or "").strip()
    if len(raw) < 16:
        return []
    if "<" in raw:
        markup = raw
    elif _BASE64.match(raw):
        try:
            markup = base64.b64decode(raw).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return []
    else:
        return []
    if not has_embed_marker(markup):
        return []
    root = _parse_fragment(markup)
    return [p for c in _candidates(root) for p in _from_element(c)] if root is not None else []


# --- parsing ----------------------------------------------------------------------------------------


def _parse_html(markup: str) -> Any | None:
    """The page as an lxml tree, or None when there is nothing to parse."""
    try:
        return etree.fromstring(markup.encode("utf-8", "replace"), parser=_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        log.debug("markup not parsed for embeds: %s", exc)
        return None


def _parse_fragment(markup: str) -> Any | None:
    try:
        return etree.fromstring(f"<div>{markup}</div>".encode("utf-8", "replace"), parser=_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        log.debug("embed fragment not parsed: %s", exc)
        return None


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


def _escaped_fragments(markup: str) -> Iterator[tuple[int, str]]:
    """(offset, unescaped markup) of each embed start tag hidden escaped inside a script or attribute."""
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
        yield start, _unescape(markup[start:end]) + f"</{tag}>"


def find_embeds(markup: str) -> list[Post]:
    """The embedded posts in a saved page's markup, in document order, each once."""
    if not markup or not has_embed_marker(markup):
        return []
    root = _parse_html(markup)
    if root is None:
        return []
    found: list[tuple[tuple[int, int, int], Post]] = []
    for seq, el in enumerate(_candidates(root)):
        for post in _from_element(el):
            found.append(((el.sourceline or 0, 0, seq), post))
    line, last = 1, 0
    for offset, fragment in _escaped_fragments(markup):
        line += markup.count("\n", last, offset)
        last = offset
        frag = _parse_fragment(fragment)
        if frag is None:
            continue
        for el in _candidates(frag):
            for post in _from_element(el):
                found.append(((line, 1, offset), post))
    found.sort(key=lambda item: item[0])
    return _dedupe(post for _, post in found)


# --- merging ----------------------------------------------------------------------------------------


def _key(post: Post) -> tuple[str, ...] | None:
    if post.post_id:
        return (post.platform, post.post_id)
    if post.url:
        return (post.platform, "url", post.url.lower().rstrip("/"))
    if post.text:
        return (post.platform, "text", (post.handle or "").lower(), _norm(post.text)[:300])
    return None


def _better_url(a: str | None, b: str | None) -> str | None:
    if a and b and "/i/status/" in a and "/i/status/" not in b:
        return b
    return a or b


def _better_text(a: str | None, b: str | None) -> str | None:
    if a and b:
        return b if len(b) > len(a) else a
    return a or b


def _better_date(a: str | None, b: str | None) -> str | None:
    if a and b and not _DATE_ISO.fullmatch(a) and _DATE_ISO.fullmatch(b):
        return b
    return a or b


def merge_posts(a: Post, b: Post) -> Post:
    """One post from two sightings of it: every field from whichever has it, the longer text."""
    return replace(
        a,
        author=a.author or b.author,
        handle=a.handle or b.handle,
        date=_better_date(a.date, b.date),
        text=_better_text(a.text, b.text),
        url=_better_url(a.url, b.url),
        post_id=a.post_id or b.post_id,
        media=tuple(dict.fromkeys(a.media + b.media)),
        missing=a.missing and b.missing,
        paragraphs=tuple(sorted(set(a.paragraphs) | set(b.paragraphs))),
    )


def _dedupe(posts: Iterable[Post]) -> list[Post]:
    out: list[Post] = []
    index: dict[tuple[str, ...], int] = {}
    for post in posts:
        key = _key(post)
        if key is None:
            continue
        if key in index:
            out[index[key]] = merge_posts(out[index[key]], post)
        else:
            index[key] = len(out)
            out.append(post)
    return out


# --- posts flattened to text ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Flat:
    """A post found in the paragraphs: its signature paragraph and where its body starts."""

    post: Post
    first: int  # first paragraph of the body (== signature when the body is on the same line)
    signature: int
    guessed: bool  # the body is the previous paragraph, guessed (signature alone on its line)


def _platform_of_handle(handle: str) -> str:
    if "@" in handle:
        return "mastodon"
    if "." in handle:
        return "bluesky"
    return "x"


def _split_media(text: str) -> tuple[str, tuple[str, ...]]:
    media = tuple(dict.fromkeys(_MEDIA_LINK.findall(text)))
    return (_clean(_MEDIA_LINK.sub("", text)) if media else text.strip()), media


def _signature(text: str) -> re.Match[str] | None:
    """The "— Name (@handle) date" closing a paragraph; what follows the handle must be a date."""
    m = _TEXT_SIGNATURE.search(text) if "(@" in text else None
    if m and m.group("date") and not _DATE_ISO.fullmatch(parse_post_date(m.group("date")) or ""):
        return None
    return m


def _flattened(paragraphs: Sequence[Paragraph]) -> list[_Flat]:
    """Posts whose signature closes a paragraph; the body runs back along ``joined`` paragraphs."""
    out: list[_Flat] = []
    taken: set[int] = set()
    for i, paragraph in enumerate(paragraphs):
        m = _signature(paragraph.text)
        if not m:
            continue
        first = i
        while first > 0 and paragraphs[first].joined and first - 1 not in taken:
            first -= 1
        parts = [paragraphs[k].text for k in range(first, i)]
        own = paragraph.text[: m.start()].strip()
        if own:
            parts.append(own)
        guessed = False
        if not parts and i > 0 and i - 1 not in taken and not _signature(paragraphs[i - 1].text):
            previous = paragraphs[i - 1].text
            if not previous.rstrip().endswith(":"):
                parts, first, guessed = [previous], i - 1, True
        texts: list[str] = []
        media: tuple[str, ...] = ()
        for part in parts:
            text, part_media = _split_media(part)
            media += part_media
            if text:
                texts.append(text)
        name = re.split(r"\s-\s", m.group("name"))[-1].strip()
        handle = m.group("handle")
        out.append(
            _Flat(
                post=Post(
                    platform=_platform_of_handle(handle),
                    author=name or None,
                    handle=handle,
                    date=parse_post_date(m.group("date")),
                    text="\n\n".join(texts) or None,
                    media=tuple(dict.fromkeys(media)),
                    paragraphs=tuple(range(first, i + 1)),
                ),
                first=first,
                signature=i,
                guessed=guessed,
            )
        )
        taken.update(range(first, i + 1))
    return out


def _same_author(embed: Post, flat: Post) -> bool:
    if embed.platform != flat.platform or not embed.handle or not flat.handle:
        return False
    if embed.handle.lower() != flat.handle.lower():
        return False
    return not (embed.date and flat.date and embed.date != flat.date)


class _Normalised:
    """The paragraphs' texts as ``_norm`` makes them, each computed on first use."""

    def __init__(self, paragraphs: Sequence[Paragraph]) -> None:
        self._paragraphs = paragraphs
        self._cache: dict[int, str] = {}

    def __getitem__(self, k: int) -> str:
        if k not in self._cache:
            self._cache[k] = _norm(self._paragraphs[k].text)
        return self._cache[k]


def _covered(embed: Post, flat: _Flat, norms: _Normalised, taken: set[int]) -> tuple[int, ...]:
    """The paragraphs showing an embed's flattened copy: its signature and the text before it."""
    if not flat.guessed or not embed.text:
        return tuple(range(flat.first, flat.signature + 1))
    whole = _norm(embed.text)
    first = flat.signature
    while first > 0 and first - 1 not in taken:
        piece = norms[first - 1]
        if not piece or piece not in whole:
            break
        first -= 1
    return tuple(range(first, flat.signature + 1))


def _place(embeds: list[Post], flats: list[_Flat], paragraphs: Sequence[Paragraph]) -> list[Post]:
    """Mark on each embed the paragraphs that repeat it; return the flattened posts with no embed."""
    alone: list[Post] = []
    used: set[int] = set()
    taken: set[int] = set()
    norms = _Normalised(paragraphs)
    for flat in flats:
        j = next((j for j, e in enumerate(embeds) if j not in used and _same_author(e, flat.post)), None)
        if j is None:
            alone.append(flat.post)
            taken.update(flat.post.paragraphs)
            continue
        used.add(j)
        embed = embeds[j]
        covered = _covered(embed, flat, norms, taken)
        taken.update(covered)
        seen = replace(flat.post, paragraphs=covered, text=None if embed.text or flat.guessed else flat.post.text)
        embeds[j] = merge_posts(embed, seen)
    for j, embed in enumerate(embeds):
        if not embed.paragraphs and embed.text:
            covered = _text_paragraphs(embed, paragraphs, norms, taken)
            if covered:
                taken.update(covered)
                embeds[j] = replace(embed, paragraphs=covered)
    return alone


def _text_paragraphs(
    embed: Post, paragraphs: Sequence[Paragraph], norms: _Normalised, taken: set[int]
) -> tuple[int, ...]:
    """Paragraphs that repeat an embed's text (a caption, a Facebook fallback) and its byline."""
    whole = _norm(embed.text or "")
    if len(whole) < 20:
        return ()
    run: list[int] = []
    for k, paragraph in enumerate(paragraphs):
        if k in taken or len(paragraph.text) < 12 or len(paragraph.text) > 3 * len(whole) + 50:
            if run:
                break
            continue
        piece = norms[k]
        if len(piece) >= 12 and piece in whole:
            if run and k != run[-1] + 1:
                break
            run.append(k)
        elif run:
            break
    if run and run[-1] + 1 < len(paragraphs) and run[-1] + 1 not in taken:
        byline = paragraphs[run[-1] + 1].text
        names = [n for n in (embed.handle, embed.author) if n]
        if len(byline) < 200 and any(n.casefold() in byline.casefold() for n in names):
            run.append(run[-1] + 1)
    return tuple(run)


# --- lost embeds ------------------------------------------------------------------------------------

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


def _lost(paragraphs: Sequence[Paragraph], claimed: set[int], unplaced: dict[str, int]) -> list[Post]:
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
            or _signature(following.text)
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


# --- the extractor ----------------------------------------------------------------------------------


def _in_order(embeds: list[Post], others: list[Post]) -> list[Post]:
    """Embeds in markup order, with text-only posts slotted in by paragraph."""
    pending = sorted(others, key=lambda p: p.paragraphs[0] if p.paragraphs else 1 << 30)
    out: list[Post] = []
    for embed in embeds:
        if embed.paragraphs:
            while pending and pending[0].paragraphs and pending[0].paragraphs[0] < embed.paragraphs[0]:
                out.append(pending.pop(0))
        out.append(embed)
    return out + pending


def find_posts(article: Article) -> tuple[Post, ...]:
    """The social posts of an article, in document order, each once.

    Embeds come from ``article.html``; posts flattened into the text are found by their signature
    and merged with their embed when the page has one; a cue such as "He posted on X:" that is not
    followed by the post gives a post with ``missing=True``.
    """
    paragraphs = article.paragraphs
    embeds = find_embeds(article.html) if article.html else []
    alone = _place(embeds, _flattened(paragraphs), paragraphs)
    claimed = {k for post in (*embeds, *alone) for k in post.paragraphs}
    unplaced: dict[str, int] = {}
    for embed in embeds:
        if not embed.paragraphs:
            unplaced[embed.platform] = unplaced.get(embed.platform, 0) + 1
    lost = _lost(paragraphs, claimed, unplaced)
    return tuple(_in_order(embeds, alone + lost))


__all__ = ["find_embeds", "find_posts", "has_embed_marker", "merge_posts", "parse_post_date"]
