"""Quotes, social posts and named entities of articles: the extraction facade and its registry.

Each extractor is a ``Stage`` in ``STAGES``: a pure function of the article, its parsed paragraphs and
what earlier stages found, returning the results it adds (by name; a name that is a field of
``Extraction`` ends up in it). ``Extractor`` runs the stages that need no parse first (``posts``), then
spaCy once over all paragraphs of a batch of articles (the NER everywhere, the dependency parse only
where a stage asks for it), then the other stages in order: ``entities`` (the merger in
``entities``), ``quotes`` (the finder in ``quotes``) and ``post authors``. A new extractor is one module
and one line in ``STAGES``; bump ``EXTRACTOR_VERSION`` with it. Importing this package does not
import spaCy: the model is loaded on the first ``extract`` call, in the process that extracts.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from index.extract import nlp as _nlp
from index.model import Article, Extraction, Post

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

# Bump when the output for the same article changes, so cached extractions are recomputed.
# 7: quotes of a body split in chunks, owners of words, pronouns to descriptions, guessed speakers; a
# bare surname of two namesakes, outlets after a cue, tables of contents and tutorial stand-ins name no
# one; 6: short speakerless phrases are not quotes; 5: the noise list, acronyms alone, the language gate
# (4 is the quotes' evidence)
EXTRACTOR_VERSION = 7

# Longer paragraphs are parsed only up to this length (spaCy's time and memory grow with it).
MAX_PARAGRAPH_CHARS = 100_000

_PRONOUNS = frozenset({"he", "she", "they", "it"})

__all__ = [
    "EXTRACTOR_VERSION", "STAGES", "Extractor", "Found", "Stage", "extract_parsed",
    "extraction_to_json",
]


@dataclass(frozen=True)
class Found:
    """One article as a stage sees it: its parsed paragraphs (none before the parse) and earlier results."""

    article: Article
    docs: Sequence[Doc] = ()
    results: Mapping[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.results[name]


@dataclass(frozen=True)
class Stage:
    """One extractor: ``run`` maps what is found so far to the results it adds (or replaces), by name.

    ``parsed=False`` runs it on the article alone, before spaCy; ``needs_parse`` names the paragraphs
    whose dependency parse it reads (every paragraph gets the NER).
    """

    name: str
    run: Callable[[Found], Mapping[str, Any]]
    parsed: bool = True
    needs_parse: Callable[[Found], Sequence[bool]] | None = None


# The stages import their modules on first use, so that importing this package stays cheap.


def _posts(found: Found) -> dict[str, Any]:
    from index.extract.posts import find_posts

    return {"posts": tuple(find_posts(found.article))}


def _entities(found: Found) -> dict[str, Any]:
    from index.extract.entities import Resolver, build_entities

    if found.results.get("nlp_skipped_reason"):
        return {"entities": (), "resolver": Resolver((), (), {})}
    entities, resolver = build_entities(found.article, found.docs, found["posts"])
    return {"entities": entities, "resolver": resolver}


def _quotes(found: Found) -> dict[str, Any]:
    from index.extract.quotes import QuoteAttributor

    attributor = QuoteAttributor(found.article, found.docs, found["resolver"], found["posts"])
    return {"quotes": attributor.quotes(), "attributor": attributor}


def _quote_paragraphs(found: Found) -> Sequence[bool]:
    from index.extract.quotes import paragraphs_to_parse

    return paragraphs_to_parse(found.article, found["posts"])


def _post_authors(found: Found) -> dict[str, Any]:
    return {"posts": tuple(_canonical_author(p, found) for p in found["posts"])}


STAGES: tuple[Stage, ...] = (
    Stage("posts", _posts, parsed=False),
    Stage("entities", _entities),
    Stage("quotes", _quotes, needs_parse=_quote_paragraphs),
    Stage("post authors", _post_authors),
)


def _run(stages: Sequence[Stage], found: Found) -> Found:
    results = dict(found.results)
    for stage in stages:
        results.update(stage.run(Found(found.article, found.docs, results)))
    return Found(found.article, found.docs, results)


def _to_parse(found: Found, stages: Sequence[Stage]) -> list[bool]:
    """Which paragraphs need the dependency parse: those any stage asks for."""
    wanted = [False] * len(found.article.paragraphs)
    for stage in stages:
        if stage.needs_parse is not None:
            wanted = [a or b for a, b in zip(wanted, stage.needs_parse(found), strict=True)]
    return wanted


class Extractor:
    """Runs the registered stages; one per process, the spaCy models loaded on first use.

    ``model`` is the English model's name, or a mapping of language to model name (the setting of
    ``language.models``). An article in a language no model serves is not sent to spaCy: it gets
    its posts, its quotes with the speaker unknown, no entities, and ``nlp_skipped_reason``.
    """

    def __init__(
        self,
        model: str | Mapping[str, str] | None = None,
        batch_size: int = _nlp.DEFAULT_BATCH_SIZE,
        stages: Sequence[Stage] = STAGES,
    ) -> None:
        from index.extract import language

        if isinstance(model, Mapping):
            self.models = language.models(model, english=_nlp.model_name(model.get(language.DEFAULT_LANGUAGE)))
        else:
            self.models = language.models(english=_nlp.model_name(model))
        self.model = self.models[language.DEFAULT_LANGUAGE]
        self.batch_size = max(1, batch_size)
        self.stages = tuple(stages)
        self._languages: dict[str, Language] = {}

    @property
    def nlp(self) -> Language:
        """The loaded English spaCy pipeline (raises ``ModelNotInstalled`` if it cannot be loaded)."""
        return self.pipeline(self.model)

    def pipeline(self, model: str) -> Language:
        """The loaded spaCy pipeline of a model name, loaded on first use."""
        if model not in self._languages:
            self._languages[model] = _nlp.load(model)
        return self._languages[model]

    def __getstate__(self) -> dict[str, Any]:
        # The pipelines are not sent to worker processes: each loads its own.
        return {**self.__dict__, "_languages": {}}

    def extract(self, articles: Sequence[Article]) -> list[Extraction]:
        """One ``Extraction`` per article, in order; spaCy runs over all their paragraphs in batches,
        one model at a time, and not at all over articles in a language no model serves."""
        from index.extract.language import SKIPPED_LANGUAGE, article_language

        articles = list(articles)
        if not articles:
            return []
        before = [s for s in self.stages if not s.parsed]
        after = [s for s in self.stages if s.parsed]
        found = []
        for a in articles:
            lang = article_language(a)
            skipped = "" if lang in self.models else SKIPPED_LANGUAGE
            found.append(_run(before, Found(a, (), {"language": lang, "nlp_skipped_reason": skipped})))
        out: list[Extraction | None] = [None] * len(found)
        by_model: dict[str, list[int]] = {}
        for i, f in enumerate(found):
            if f["nlp_skipped_reason"]:
                out[i] = _extraction(_run(after, f))
            else:
                by_model.setdefault(self.models[f["language"]], []).append(i)
        for model, chosen in by_model.items():
            texts = (
                (_parse_text(found[i].article, p.text), parse)
                for i in chosen
                for p, parse in zip(found[i].article.paragraphs, _to_parse(found[i], after), strict=True)
            )
            docs = _nlp.pipe(self.pipeline(model), texts, self.batch_size)
            for i in chosen:
                f = found[i]
                article_docs = list(itertools.islice(docs, len(f.article.paragraphs)))
                out[i] = _extraction(_run(after, Found(f.article, article_docs, f.results)))
        return [ex for ex in out if ex is not None]


def _parse_text(article: Article, text: str) -> str:
    if len(text) <= MAX_PARAGRAPH_CHARS:
        return text
    log.info("%s: a paragraph of %d characters is parsed only up to %d", article.source or article.id,
             len(text), MAX_PARAGRAPH_CHARS)
    return text[:MAX_PARAGRAPH_CHARS]


def _extraction(found: Found) -> Extraction:
    return Extraction(**{f.name: found.results[f.name] for f in fields(Extraction) if f.name in found.results})


def extract_parsed(article: Article, docs: Sequence[Doc], posts: Sequence[Post] = ()) -> Extraction:
    """The extraction of one article whose paragraphs are already through spaCy (``docs``, in order).

    ``posts`` are the article's posts as the ``posts`` stage found them. Docs without a dependency
    parse give entities only (see ``quotes.paragraphs_to_parse``).
    """
    found = Found(article, docs, {"posts": tuple(posts)})
    return _extraction(_run([s for s in STAGES if s.parsed], found))


def _canonical_author(post: Post, found: Found) -> Post:
    """A lost post's author as the article names them ("He posted on X:" → the person meant).

    Authors of posts whose signature survived are kept as the post shows them.
    """
    if not post.missing:
        return post
    author = post.author
    if (author is None or author.strip().lower() in _PRONOUNS) and post.paragraphs:
        person = found["attributor"].person_before(post.paragraphs[0])
        return replace(post, author=person.name) if person is not None else post
    if author:
        entity = found["resolver"].lookup(author)
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
