"""``morgue person NAME [--json]``: a person's page on the command line (registered by ``desktop.cli.main``).

The JSON shape (``version`` 1): ``person`` {name, names, type, source}, ``counts`` {quotes, inferred,
quoted_in, posts, articles, bylines, repeated_groups}, ``aliases`` [{alias, count}], ``timeline``
[{month, count}], ``quotes`` [{article_id, index, text, speaker, speaker_text, confidence, evidence, cue,
title, date, site, url, group}], ``groups`` [{first: {article_id, index, date, site, title},
appearances: [[article_id, index]...]}] (repeated quotes only), ``posts`` [{article_id, index, platform,
author, handle, date, text, url, missing}], ``articles`` and ``bylines`` [{article_id, title, date, site, url}].
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from desktop.cli.common import JSON_VERSION, dump, open_archive

if TYPE_CHECKING:  # pragma: no cover
    from index.people import PersonArticle, PersonPage


def _day(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _article(a: PersonArticle) -> dict[str, Any]:
    return {"article_id": a.article_id, "title": a.title, "date": _day(a.date), "site": a.site, "url": a.url}


def page_json(page: PersonPage) -> dict[str, Any]:
    """The page in the documented JSON shape (see the module docstring)."""
    group_no = {q.ref: i for i, g in enumerate(page.groups) for q in g.members}
    repeated = [g for g in page.groups if g.repeated]
    return {
        "version": JSON_VERSION,
        "person": {"name": page.person.name, "names": list(page.person.names), "type": page.person.type,
                   "source": page.person.source},
        "counts": {"quotes": len(page.quotes), "inferred": page.inferred, "quoted_in": page.quoted_in,
                   "posts": len(page.posts), "articles": len(page.articles), "bylines": len(page.bylines),
                   "repeated_groups": len(repeated)},
        "aliases": [{"alias": a, "count": n} for a, n in page.aliases],
        "timeline": [{"month": m, "count": n} for m, n in page.timeline],
        "quotes": [
            {"article_id": q.article_id, "index": q.index, "text": q.text, "speaker": q.quote.speaker,
             "speaker_text": q.quote.speaker_text, "confidence": q.quote.confidence, "evidence": q.quote.evidence,
             "cue": q.quote.cue, "title": q.title, "date": _day(q.date), "site": q.site, "url": q.url,
             "group": group_no[q.ref]}
            for q in page.quotes
        ],
        "groups": [
            {"first": {"article_id": g.first.article_id, "index": g.first.index, "date": _day(g.first.date),
                       "site": g.first.site, "title": g.first.title},
             "appearances": [list(m.ref) for m in g.members]}
            for g in repeated
        ],
        "posts": [
            {"article_id": p.article_id, "index": p.index, "platform": p.post.platform, "author": p.post.author,
             "handle": p.post.handle, "date": p.post.date, "text": p.post.text, "url": p.post.url,
             "missing": p.post.missing}
            for p in page.posts
        ],
        "articles": [_article(a) for a in page.articles],
        "bylines": [_article(a) for a in page.bylines],
    }


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cmd_person(args: argparse.Namespace) -> int:
    from index.people import person_page

    page = person_page(open_archive(args), args.name)
    if args.json:
        dump(page_json(page))
        return 0
    person = page.person
    print(person.name + (f" ({person.type})" if person.type else " (not known to the archive)"))
    if page.aliases:
        print("also named: " + ", ".join(f"{a} ({n})" for a, n in page.aliases[:10]))
    repeated = [g for g in page.groups if g.repeated]
    print(f"{len(page.quotes)} quotes ({page.inferred} inferred rather than stated) in {page.quoted_in} articles; "
          f"{len(repeated)} repeated in several articles; {len(page.posts)} posts; "
          f"named in {len(page.articles)} articles; wrote {len(page.bylines)}")
    if page.timeline:
        print("timeline: " + ", ".join(f"{m} ({n})" for m, n in page.timeline))
    shown = page.groups[: args.limit] if args.limit else page.groups
    if shown:
        print("\nQuotes, newest first (a quote repeated in several articles once, with where it first appeared):")
    for g in shown:
        q = g.first if g.repeated else g.members[0]
        mark = f" [{q.quote.confidence}: {q.quote.evidence}]" if q.inferred else ""
        print(f"\n“{_short(q.text)}”{mark}\n    {q.date or 'undated'} · {q.site or 'unknown site'} · "
              f"{_short(q.title, 70)} [{q.article_id}:{q.index}]")
        if g.repeated:
            print(f"    first of {len(g)} appearances; also: "
                  + "; ".join(f"{m.date or 'undated'} {m.site or '?'} [{m.article_id}:{m.index}]"
                              for m in g.members[1:]))
    if args.limit and len(page.groups) > args.limit:
        print(f"\n… {len(page.groups) - args.limit} more (--limit 0 for all)")
    if page.posts:
        print("\nPosts:")
        for p in page.posts:
            body = "content not in the archive" if p.post.missing else _short(p.post.text or p.post.url or "")
            print(f"  [{p.post.platform}] {p.post.date or ''} {body} [{p.article_id}]")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``morgue person`` to the parser."""
    p = sub.add_parser("person", help="everything the archive holds about a person: quotes, posts, articles")
    p.add_argument("name", help="the person's name as the archive gives it, e.g. 'Karoline Leavitt'")
    p.add_argument("--limit", type=int, default=20, help="quotes to print (default 20; 0 for all)")
    p.add_argument("--json", action="store_true", help="the documented JSON shape (see desktop/cli/person.py)")
    p.set_defaults(func=cmd_person)
