"""Quotes, social posts and named entities of articles: the extraction facade.

``Extractor`` runs spaCy once over all paragraphs of a batch of articles (the NER everywhere, the
dependency parse only where quote attribution reads it) and hands each article's paragraphs to the
entity merger (``entities``) and the quote finder (``quotes``); social posts come from
``posts.find_posts``. Importing this package does not import spaCy: the model is
loaded on the first ``extract`` call, in the process that extracts.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from index.extract import nlp as _nlp
from index.model import Article, Extraction, Post

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

    from index.extract.entities import Resolver
    from index.extract.quotes import QuoteAttributor

log = logging.getLogger(__name__)

# Bump when the output for the same article changes, so cached extractions are recomputed.
EXTRACTOR_VERSION = 4

# Longer paragraphs are parsed only up to this length (spaCy's time and memory grow with it).
MAX_PARAGRAPH_CHARS = 100_000

_PRONOUNS = frozenset({"he", "she", "they", "it"})

__all__ = ["EXTRACTOR_VERSION", "Extractor", "ModelNotInstalled", "extraction_to_json"]

ModelNotInstalled = _nlp.ModelNotInstalled


def _find_posts(article: Article) -> tuple[Post, ...]:
    try:
        from index.extract.posts import find_posts
    except ModuleNotFoundError as exc:
        if exc.name != "index.extract.posts":
            raise
        log.debug("index.extract.posts is not available: no social posts")
        return ()
    return tuple(find_posts(article))


class Extractor:
    """Extracts quotes, posts and entities; one per process, the spaCy model loaded on first use."""

    def __init__(self, model: str | None = None, batch_size: int = _nlp.DEFAULT_BATCH_SIZE) -> None:
        self.model = _nlp.model_name(model)
        self.batch_size = max(1, batch_size)
        self._language: Language | None = None

    @property
    def nlp(self) -> Language:
        """The loaded spaCy pipeline (raises ``ModelNotInstalled`` if it cannot be loaded)."""
        if self._language is None:
            self._language = _nlp.load(self.model)
        return self._language

    def __getstate__(self) -> dict[str, Any]:
        # The pipeline is not sent to worker processes: each loads its own.
        return {"model": self.model, "batch_size": self.batch_size, "_language": None}

    def extract(self, articles: Sequence[Article]) -> list[Extraction]:
        """One ``Extraction`` per article, in order; spaCy runs over all their paragraphs in batches."""
        articles = list(articles)
        if not articles:
            return []
        from index.extract.quotes import paragraphs_to_parse

        posts = [_find_posts(a) for a in articles]
        texts = (
            (_parse_text(a, p.text), parse)
            for a, a_posts in zip(articles, posts, strict=True)
            for p, parse in zip(a.paragraphs, paragraphs_to_parse(a, a_posts), strict=True)
        )
        docs = _nlp.pipe(self.nlp, texts, self.batch_size)
        out = []
        for article, article_posts in zip(articles, posts, strict=True):
            article_docs = list(itertools.islice(docs, len(article.paragraphs)))
            out.append(extract_parsed(article, article_docs, article_posts))
        return out


def _parse_text(article: Article, text: str) -> str:
    if len(text) <= MAX_PARAGRAPH_CHARS:
        return text
    log.info("%s: a paragraph of %d characters is parsed only up to %d", article.source or article.id,
             len(text), MAX_PARAGRAPH_CHARS)
    return text[:MAX_PARAGRAPH_CHARS]


def extract_parsed(article: Article, docs: Sequence[Doc], posts: Sequence[Post] = ()) -> Extraction:
    """The extraction of one article whose paragraphs are already through spaCy (``docs``, in order).

    Docs without a dependency parse give entities only (see ``quotes.paragraphs_to_parse``).
    """
    from index.extract.entities import build_entities
    from index.extract.quotes import QuoteAttributor

    entities, resolver = build_entities(article, docs, posts)
    attributor = QuoteAttributor(article, docs, resolver, posts)
    quotes = attributor.quotes()
    posts = tuple(_canonical_author(p, resolver, attributor) for p in posts)
    return Extraction(quotes=quotes, posts=posts, entities=entities)


def _canonical_author(post: Post, resolver: Resolver, attributor: QuoteAttributor) -> Post:
    """A lost post's author as the article names them ("He posted on X:" → the person meant).

    Authors of posts whose signature survived are kept as the post shows them.
    """
    if not post.missing:
        return post
    author = post.author
    if (author is None or author.strip().lower() in _PRONOUNS) and post.paragraphs:
        person = attributor.person_before(post.paragraphs[0])
        return replace(post, author=person.name) if person is not None else post
    if author:
        entity = resolver.lookup(author)
        if entity is not None:
            return replace(post, author=entity.name)
    return post


def extraction_to_json(article: Article, ex: Extraction) -> dict[str, Any]:
    """The ``morgue extract --json`` shape of one article's extraction."""
    return {
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "quotes": [
            {"text": q.text, "speaker": q.speaker, "speaker_kind": q.speaker_kind, "paragraph": q.paragraph,
             "speaker_text": q.speaker_text, "evidence": q.evidence, "confidence": q.confidence}
            for q in ex.quotes
        ],
        "posts": [
            {
                "platform": p.platform,
                "author": p.author,
                "handle": p.handle,
                "date": p.date,
                "text": p.text,
                "url": p.url,
                "media": list(p.media),
                "missing": p.missing,
            }
            for p in ex.posts
        ],
        "entities": [
            {"name": e.name, "type": e.type, "mentions": list(e.mentions), "count": e.count}
            for e in ex.entities
        ],
    }
