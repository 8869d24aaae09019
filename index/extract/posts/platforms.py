"""Markup per platform: one reader for each kind of embed code (X/Twitter, Instagram, Facebook, TikTok,
YouTube, Bluesky, Mastodon, Threads) and the dispatch from a candidate element to its reader.

``shared/notes/embeds.md`` shows the real markup of every kind handled here.
"""

from __future__ import annotations

import base64
import binascii
import html as htmllib
import re
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from index.extract.posts.dates import parse_post_date
from index.extract.posts.markup import (
    all_text,
    attr_url,
    candidates,
    element_text,
    has_embed_marker,
    links,
    parse_fragment,
)
from index.extract.posts.text import MEDIA_LINK, clean
from index.model import Post

_STATUS_URL = re.compile(
    r"https?://(?:(?:www|mobile)\.)?(twitter|x)\.com/(?:#!/)?(\w{1,30})/status(?:es)?/(\d{5,25})", re.I
)
_TWEET_ID_PARAM = re.compile(r"[?&;]id=(\d{5,25})")
# "— Name (@handle) date" after the text of a tweet or Bluesky post in embed code
_EMBED_SIGNATURE = re.compile(
    r"(?:—|–|&mdash;|(?<!\S)-)\s*(?P<name>[^—–()\n]{0,100}?)\s*\(\s*@(?P<handle>[\w.\-]+(?:@[\w.\-]+)?)\s*\)"
    r"(?P<date>[^()]{0,80})$"
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


def _strip_query(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0]


def _last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    last = None
    for last in pattern.finditer(text):  # noqa: B007 - only the last one is wanted
        pass
    return last


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
    status_links = [a for a in links(el) if _STATUS_URL.search(a.get("href"))]
    base = _tweet_from_url(el.get("data-url") or "") or (
        _tweet_from_url(status_links[-1].get("href")) if status_links else None
    )
    media_links = [a for a in links(el) if MEDIA_LINK.fullmatch(all_text(a).strip())]
    media = tuple(dict.fromkeys(all_text(a).strip() for a in media_links))
    full = element_text(el, skip=media_links)
    signature = _last_match(_EMBED_SIGNATURE, full)
    paragraph = el.find(".//p")
    text: str | None
    if paragraph is not None:
        text = element_text(paragraph, skip=media_links)
    elif signature is not None:
        text = full[: signature.start()]
    else:
        text = None
    if text:
        media += tuple(m for m in MEDIA_LINK.findall(text) if m not in media)
        text = clean(MEDIA_LINK.sub("", text)) or None
        if text and _STATUS_URL.fullmatch(text):
            text = None
    author = handle = date = None
    if signature is not None:
        author = signature.group("name").strip() or None
        handle = signature.group("handle")
        date_text = all_text(status_links[-1]) if status_links else signature.group("date")
        date = parse_post_date(date_text)
    if base is None and not text and not handle:
        return None
    post = base or Post(platform="x")
    return replace(post, author=author, handle=handle or post.handle, date=date, text=text, media=media)


def _tweet_from_id(el: Any) -> Post | None:
    """A rendered tweet or a site placeholder that keeps only the status id (and maybe a link)."""
    for a in links(el):
        post = _tweet_from_url(a.get("href"))
        if post:
            return post
    tweet_id = (el.get("data-tweet-id") or el.get("data-tweetid") or "").strip()
    if not tweet_id:
        m = _TWEET_ID_PARAM.search(attr_url(el, "src", "data-src"))
        tweet_id = m.group(1) if m else ""
    if not tweet_id.isdigit():
        return None
    return Post(platform="x", url=_tweet_url(None, tweet_id), post_id=tweet_id)


def _tweet_bbc(el: Any) -> Post | None:
    """BBC's screenshot fallback: a link to the status and "Twitter post by @handle: text" as alt text."""
    post = None
    for a in links(el):
        post = _tweet_from_url(a.get("href"))
        if post:
            break
    for node in el.iter():
        alt = node.get("data-alt") or node.get("alt") or ""
        m = _BBC_ALT.match(alt)
        if m:
            post = post or Post(platform="x")
            return replace(post, handle=post.handle or m.group(1), text=clean(m.group(2)) or None)
    return post


def _instagram_blockquote(el: Any) -> Post | None:
    """Instagram embed code, v7 to v14: permalink, "A post shared by Name (@handle)", date, caption."""
    url = el.get("data-instgrm-permalink") or ""
    if not _INSTAGRAM_URL.search(url):
        url = next((a.get("href") for a in links(el) if _INSTAGRAM_URL.search(a.get("href"))), "")
    post = _instagram_from_url(url) or Post(platform="instagram")
    paragraphs = [p for p in el.iter("p")]
    signature_p = None
    author = handle = None
    for p in reversed(paragraphs):
        text = element_text(p)
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
            caption = element_text(p) or None
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
    for a in links(el):
        title = a.get("title") or ""
        if title.startswith("@"):
            handle = handle or title[1:]
            break
    paragraph = el.find(".//p")
    text = element_text(paragraph) if paragraph is not None else None
    if not video_id and not text:
        return None
    url = f"https://www.tiktok.com/@{handle}/video/{video_id}" if handle and video_id else _strip_query(cite) or None
    return Post(platform="tiktok", handle=handle, text=text or None, url=url, post_id=video_id)


def _bluesky_blockquote(el: Any) -> Post | None:
    """Bluesky embed code: at:// URI, text, "— Name (@handle) date"."""
    m = _BLUESKY_URI.search(el.get("data-bluesky-uri") or "")
    post_links = [a.get("href") for a in links(el) if "/post/" in a.get("href")]
    url = _strip_query(post_links[-1]) if post_links else None
    if m and not url:
        url = f"https://bsky.app/profile/{m.group(1)}/post/{m.group(2)}"
    paragraph = el.find(".//p")
    text = element_text(paragraph) if paragraph is not None else None
    signature = _last_match(_EMBED_SIGNATURE, element_text(el))
    date_links = [a for a in links(el) if "/post/" in a.get("href")]
    date = parse_post_date(all_text(date_links[-1])) if date_links else None
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
    m = _BLUESKY_URI.search(attr_url(el, "src", "data-src") or "")
    if not m:
        return None
    return Post(platform="bluesky", url=f"https://bsky.app/profile/{m.group(1)}/post/{m.group(2)}", post_id=m.group(2))


def _mastodon(el: Any) -> Post | None:
    """Mastodon embed code (blockquote with ``data-embed-url``, or the older iframe)."""
    source = el.get("data-embed-url") or attr_url(el, "src", "data-src")
    m = _MASTODON_URL.search(source or "")
    if not m:
        m = next((x for x in (_MASTODON_URL.search(a.get("href")) for a in links(el)) if x), None)
    if not m:
        return None
    instance, user, remote, status = m.groups()
    handle = f"{user}@{remote or instance}"
    by = _MASTODON_POST_BY.search(all_text(el))
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
        text = element_text(p)
        anchors = links(p)
        if _FACEBOOK_POSTED_BY.match(text) and anchors:
            author = all_text(anchors[0]).strip() or None
            date = parse_post_date(all_text(anchors[-1])) if len(anchors) > 1 else None
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
    src = attr_url(el, "src", "data-src", "data-lazy-src", "data-original")
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


def from_element(el: Any) -> list[Post]:
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
    root = parse_fragment(markup)
    return [p for c in candidates(root) for p in from_element(c)] if root is not None else []
