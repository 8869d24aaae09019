"""Merging twins: two sightings of one post (an embed and its rendered copy, or its flattened text) become one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from index.extract.posts.dates import DATE_ISO
from index.extract.posts.text import norm
from index.model import Post


def post_key(post: Post) -> tuple[str, ...] | None:
    """What identifies a post across its sightings: its id, else its URL, else its author and text."""
    if post.post_id:
        return (post.platform, post.post_id)
    if post.url:
        return (post.platform, "url", post.url.lower().rstrip("/"))
    if post.text:
        return (post.platform, "text", (post.handle or "").lower(), norm(post.text)[:300])
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
    if a and b and not DATE_ISO.fullmatch(a) and DATE_ISO.fullmatch(b):
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


def dedupe(posts: Iterable[Post]) -> list[Post]:
    """The posts in order, each once: later sightings of a post merged into the first."""
    out: list[Post] = []
    index: dict[tuple[str, ...], int] = {}
    for post in posts:
        key = post_key(post)
        if key is None:
            continue
        if key in index:
            out[index[key]] = merge_posts(out[index[key]], post)
        else:
            index[key] = len(out)
            out.append(post)
    return out
