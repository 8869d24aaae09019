"""Posts flattened into the text: a paragraph closing on "— Name (@handle) date", and the paragraphs
that repeat an embed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from index.extract.posts.dates import DATE_ISO, parse_post_date
from index.extract.posts.text import MEDIA_LINK, clean, norm
from index.extract.posts.twins import merge_posts
from index.model import Paragraph, Post

# "— Name (@handle) date" closing a paragraph of plain text
_TEXT_SIGNATURE = re.compile(
    r"(?:—|–|&mdash;|&#8212;|(?<!\S)-(?=\s))\s*(?P<name>[^—–()\n]{0,80}?)\s*"
    r"\(\s*@(?P<handle>[\w.\-]+(?:@[\w.\-]+)?)\s*\)"
    r"(?:\s+(?P<date>[^()\n]{0,40}?\d{4}[^()\n]{0,25}?))?\s*$"
)


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
    media = tuple(dict.fromkeys(MEDIA_LINK.findall(text)))
    return (clean(MEDIA_LINK.sub("", text)) if media else text.strip()), media


def text_signature(text: str) -> re.Match[str] | None:
    """The "— Name (@handle) date" closing a paragraph; what follows the handle must be a date."""
    m = _TEXT_SIGNATURE.search(text) if "(@" in text else None
    if m and m.group("date") and not DATE_ISO.fullmatch(parse_post_date(m.group("date")) or ""):
        return None
    return m


def find_flattened(paragraphs: Sequence[Paragraph]) -> list[_Flat]:
    """Posts whose signature closes a paragraph; the body runs back along ``joined`` paragraphs."""
    out: list[_Flat] = []
    taken: set[int] = set()
    for i, paragraph in enumerate(paragraphs):
        m = text_signature(paragraph.text)
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
        if not parts and i > 0 and i - 1 not in taken and not text_signature(paragraphs[i - 1].text):
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
    """The paragraphs' texts as ``norm`` makes them, each computed on first use."""

    def __init__(self, paragraphs: Sequence[Paragraph]) -> None:
        self._paragraphs = paragraphs
        self._cache: dict[int, str] = {}

    def __getitem__(self, k: int) -> str:
        if k not in self._cache:
            self._cache[k] = norm(self._paragraphs[k].text)
        return self._cache[k]


def _covered(embed: Post, flat: _Flat, norms: _Normalised, taken: set[int]) -> tuple[int, ...]:
    """The paragraphs showing an embed's flattened copy: its signature and the text before it."""
    if not flat.guessed or not embed.text:
        return tuple(range(flat.first, flat.signature + 1))
    whole = norm(embed.text)
    first = flat.signature
    while first > 0 and first - 1 not in taken:
        piece = norms[first - 1]
        if not piece or piece not in whole:
            break
        first -= 1
    return tuple(range(first, flat.signature + 1))


def place_embeds(embeds: list[Post], flats: list[_Flat], paragraphs: Sequence[Paragraph]) -> list[Post]:
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
    whole = norm(embed.text or "")
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
