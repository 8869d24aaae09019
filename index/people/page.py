"""A person's page: every quote they gave across the archive, their posts, the articles that name
them on a timeline, how many of their quotes are inferred, and their repeated quotes grouped.

Read through the same doors as everything else: the quotes index (``Archive.search_quotes``,
exact speaker values, so ``morgue search --quotes 'speaker:"NAME"'`` counts the same quotes),
the articles index (the ``person`` facet, the ``author`` field) and the document store (the
quotes' evidence and confidence, the posts, the capture facts).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from index.corrections.apply import Applier
from index.jobs import CancelToken
from index.model import Article, Extraction, Post, Quote
from index.people.groups import QuoteGroup, group_quotes, normalise
from index.people.resolve import Person, resolve_person

if TYPE_CHECKING:  # pragma: no cover
    from index.archive import Archive

log = logging.getLogger(__name__)

PAGE = 500  # articles fetched per search page
INFERRED = ("inferred", "guessed")
# A page's type (``Person.type``): the facet of the articles that name them, the extractor's type.
FACETS = {"person": ("person", "PERSON"), "organisation": ("org", "ORG"), "place": ("place", "PLACE")}


@dataclass(frozen=True)
class PersonQuote:
    """One quote of the person, with the article it is in and what the attribution rests on."""

    article_id: str
    index: int  # the quote's number in its article (as ``morgue show`` numbers them, from 0)
    quote: Quote
    title: str
    date: dt.date | None
    site: str
    url: str
    authors: tuple[str, ...] = ()
    source_name: str = ""  # the saved file
    format: str = ""

    @property
    def text(self) -> str:
        return self.quote.text

    @property
    def inferred(self) -> bool:
        """The speaker is not named in the quote's own sentence (inferred or guessed)."""
        return self.quote.confidence in INFERRED

    @property
    def ref(self) -> tuple[str, int]:
        return (self.article_id, self.index)


@dataclass(frozen=True)
class PersonPost:
    """A social post by the person, embedded in an article."""

    article_id: str
    index: int
    post: Post
    title: str
    date: dt.date | None
    site: str


@dataclass(frozen=True)
class PersonArticle:
    """An article that names the person (or that they wrote)."""

    article_id: str
    title: str
    date: dt.date | None
    site: str
    url: str


@dataclass(frozen=True)
class PersonPage:
    """Everything the archive holds about one person. Quotes are newest first (undated last)."""

    person: Person
    quotes: tuple[PersonQuote, ...]
    groups: tuple[QuoteGroup[PersonQuote], ...]  # near-identical quotes, in the order of ``quotes``
    posts: tuple[PersonPost, ...]
    articles: tuple[PersonArticle, ...]  # that mention the person (the person facet), newest first
    bylines: tuple[PersonArticle, ...]  # that the person wrote
    timeline: tuple[tuple[str, int], ...]  # articles that mention them, by month "YYYY-MM", oldest first
    aliases: tuple[tuple[str, int], ...] = field(default=())  # mention forms and how many articles use them

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def inferred(self) -> int:
        """How many quotes are inferred (or guessed) rather than stated."""
        return sum(1 for q in self.quotes if q.inferred)

    @property
    def quoted_in(self) -> int:
        """How many articles quote the person."""
        return len({q.article_id for q in self.quotes})

    def by_article(self) -> list[tuple[PersonArticle, tuple[PersonQuote, ...]]]:
        """The quotes under their article, newest article first, quotes in reading order."""
        out: dict[str, list[PersonQuote]] = {}
        for q in self.quotes:
            out.setdefault(q.article_id, []).append(q)
        return [(PersonArticle(qs[0].article_id, qs[0].title, qs[0].date, qs[0].site, qs[0].url),
                 tuple(sorted(qs, key=lambda q: q.index))) for qs in out.values()]

    def by_topic(self) -> list[tuple[str, tuple[QuoteGroup[PersonQuote], ...]]]:
        """The quote groups under their topic word: the word of the quote the person uses most
        across their quotes (at least twice); groups with none come last, under ""."""
        counts: Counter[str] = Counter()
        words_of = {}
        for g in self.groups:
            words = {w for w in normalise(g.first.text) if len(w) > 3 and w not in STOP_WORDS}
            words_of[id(g)] = words
            counts.update(words)
        topics: dict[str, list[QuoteGroup[PersonQuote]]] = {}
        for g in self.groups:
            candidates = [w for w in words_of[id(g)] if counts[w] >= 2]
            topic = max(candidates, key=lambda w: (counts[w], w)) if candidates else ""
            topics.setdefault(topic, []).append(g)
        order = sorted(topics, key=lambda t: (t == "", -len(topics[t]), t))
        return [(t, tuple(topics[t])) for t in order]

    def selected(self, refs: Iterable[tuple[str, int]]) -> tuple[PersonQuote, ...]:
        """The page's quotes with these (article id, index) refs, in the page's order."""
        wanted = set(refs)
        return tuple(q for q in self.quotes if q.ref in wanted)


# Words too common to name a topic (English; other languages rarely reach the threshold).
_STOP = """
about above after again against also because been before being below between both could does doing down
during each even every from further have having here hers herself himself into itself just more most much
must myself never only other ours ourselves over same should some such than that their theirs them
themselves then there these they this those through under until very want were what when where which while
will with would your yours yourself yourselves going know think thats dont people said says like make made
really well good right time come came back still want things thing something anything nothing everything
"""
STOP_WORDS = frozenset(_STOP.split())


def _newest_first(date: dt.date | None, article_id: str, index: int = 0) -> tuple[bool, int, str, int]:
    return (date is None, -(date.toordinal() if date else 0), article_id, index)


def _articles(archive: Archive, query: str, filters: dict[str, str] | None, cancel: CancelToken) -> list[str]:
    """The ids of every article matching, newest first."""
    ids: list[str] = []
    page = 1
    while True:
        cancel.raise_if_cancelled()
        result = archive.search(query, page=page, pagelen=PAGE, sort="date", filters=filters,
                                facets=False, snippets=False)
        ids.extend(h.id for h in result.hits)
        if page >= result.pages or not result.hits:
            return ids
        page += 1


def quote_refs(archive: Archive, names: Sequence[str]) -> list[tuple[str, int]]:
    """(article id, quote index) of every quote whose speaker is exactly one of ``names``."""
    refs: list[tuple[str, int]] = []
    for name in names:
        total, hits = archive.search_quotes("", limit=1000, filters={"speaker": name})
        if total > len(hits):
            total, hits = archive.search_quotes("", limit=total, filters={"speaker": name})
        refs.extend((h.article_id, h.index) for h in hits)
    return list(dict.fromkeys(refs))


def _phrase(name: str) -> str:
    return '"' + name.replace('"', " ").strip() + '"'


def _handle_of(name: str) -> str:
    return name.lstrip("@").casefold()


def _post_is_by(post: Post, keys: set[str], handles: set[str]) -> bool:
    if post.author and " ".join(post.author.split()).casefold() in keys:
        return True
    return bool(post.handle) and _handle_of(post.handle or "") in handles


def person_page(archive: Archive, name: str, *, cancel: CancelToken | None = None) -> PersonPage:
    """Everything the archive holds about the person ``name`` stands for (``resolve_person``)."""
    cancel = cancel or CancelToken()
    person = resolve_person(archive, name)
    names = person.names or (person.name,)
    refs = quote_refs(archive, names)
    cancel.raise_if_cancelled()

    facet, etype = FACETS.get(person.type, ("person", "PERSON"))
    mention_ids: list[str] = []
    for n in names:
        mention_ids.extend(_articles(archive, "", {facet: n}, cancel))
    mention_ids = list(dict.fromkeys(mention_ids))
    byline_query = " OR ".join(f"author:{_phrase(n)}" for n in names)
    byline_ids = _articles(archive, byline_query, None, cancel) if names else []
    # Posts: their author or handle is in no index field of its own, so look in the articles that
    # name the person anywhere (the posts' text is in the body) or embed a post of their handle.
    handles = {_handle_of(n) for n in names if n.startswith("@")}
    post_query = " OR ".join([*(_phrase(n) for n in names), *(f"handle:{h}" for h in handles)])
    post_ids = _articles(archive, post_query, None, cancel) if post_query else []

    wanted = list(dict.fromkeys([*(a for a, _ in refs), *mention_ids, *byline_ids, *post_ids]))
    # The extractions as the index holds them: with the user's corrections (a speaker set, a quote
    # that is not one left out, an entity merged or renamed), so the quotes' numbers are the index's.
    corrections = Applier.for_data_dir(archive.data_dir)
    loaded: dict[str, tuple[Article, Extraction | None]] = {}
    for article, _hash, ex in archive.store.articles_with_extractions(wanted):
        loaded[article.id] = (article, corrections.apply(article, ex))
    cancel.raise_if_cancelled()

    quotes: list[PersonQuote] = []
    for aid, index in refs:
        got = loaded.get(aid)
        if got is None or got[1] is None or not 0 <= index < len(got[1].quotes):
            log.warning("quote %s:%d is in the index but not in the store", aid, index)
            continue
        article, ex = got[0], got[1]
        quotes.append(PersonQuote(
            article_id=aid, index=index, quote=ex.quotes[index], title=article.title, date=article.date,
            site=article.site, url=article.url, authors=article.authors,
            source_name=PurePath(article.source.split("#", 1)[0]).name if article.source else "",
            format=article.format,
        ))
    quotes.sort(key=lambda q: _newest_first(q.date, q.article_id, q.index))

    keys = {" ".join(n.split()).casefold() for n in names}
    aliases: Counter[str] = Counter()
    posts: list[PersonPost] = []
    for aid in wanted:
        entry = loaded.get(aid)
        if entry is None or entry[1] is None:
            continue
        article, ex = entry[0], entry[1]
        for e in ex.entities:
            if e.type == etype and e.name in names:
                aliases.update({m for m in e.mentions if m != person.name})
        for k, post in enumerate(ex.posts):
            if _post_is_by(post, keys, handles):
                posts.append(PersonPost(aid, k, post, article.title, article.date, article.site))
                if post.handle:
                    aliases[f"@{post.handle.lstrip('@')}"] += 1
    posts.sort(key=lambda p: _newest_first(p.date, p.article_id, p.index))

    def listing(ids: Sequence[str]) -> tuple[PersonArticle, ...]:
        out = [PersonArticle(a.id, a.title, a.date, a.site, a.url)
               for a, _ in (loaded[i] for i in ids if i in loaded)]
        return tuple(sorted(out, key=lambda a: _newest_first(a.date, a.article_id)))

    articles = listing(mention_ids)
    months = Counter(f"{a.date:%Y-%m}" for a in articles if a.date)
    return PersonPage(
        person=person,
        quotes=tuple(quotes),
        groups=tuple(group_quotes(quotes)),
        posts=tuple(posts),
        articles=articles,
        bylines=listing(byline_ids),
        timeline=tuple(sorted(months.items())),
        aliases=tuple(sorted(aliases.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def citation_text(q: PersonQuote, accessed: dt.date | None = None) -> str:
    """A quote as copied from the page: the words, who said them (inferred ones say so), a citation."""
    from index.export.citation import cite

    who = q.quote.speaker_as_cited or "unknown speaker"
    ref = cite(title=q.title, authors=q.authors, site=q.site, date=q.date, url=q.url, accessed=accessed)
    return f"“{q.text}” — {who}\n{ref}"


