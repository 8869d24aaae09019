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

``shared/notes/embeds.md`` shows the real markup of every kind handled here. One module per concern:
``markup`` (the lxml tree and the cheap pre-check), ``platforms`` (a reader per kind of embed code),
``embeds`` (the page and its escaped copies), ``region`` (which of them are the article's), ``twins``
(two sightings of one post merged), ``flattened`` (signatures in the text), ``lost`` (cues without
their post), ``dates`` (localised dates), ``text`` (spaces and comparison).
"""

from __future__ import annotations

from index.extract.posts.dates import parse_post_date
from index.extract.posts.embeds import article_embeds, find_embeds
from index.extract.posts.flattened import find_flattened, place_embeds
from index.extract.posts.lost import find_lost
from index.extract.posts.markup import has_embed_marker
from index.extract.posts.twins import merge_posts
from index.model import Article, Post


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

    Embeds come from ``article.html``, those in the article's part of the page only (not a sidebar,
    a related-stories block, another article's state in a script); posts flattened into the text
    are found by their signature and merged with their embed when the page has one; a cue such as
    "He posted on X:" that is not followed by the post gives a post with ``missing=True``.
    """
    paragraphs = article.paragraphs
    embeds = article_embeds(article.html, paragraphs) if article.html else []
    alone = place_embeds(embeds, find_flattened(paragraphs), paragraphs)
    claimed = {k for post in (*embeds, *alone) for k in post.paragraphs}
    unplaced: dict[str, int] = {}
    for embed in embeds:
        if not embed.paragraphs:
            unplaced[embed.platform] = unplaced.get(embed.platform, 0) + 1
    lost = find_lost(paragraphs, claimed, unplaced)
    return tuple(_in_order(embeds, alone + lost))


__all__ = ["article_embeds", "find_embeds", "find_posts", "has_embed_marker", "merge_posts", "parse_post_date"]
