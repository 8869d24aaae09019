"""The ``morgue`` command: index, search, show, extract, stats; no arguments opens the app.

A front-end over the core like the window: it calls ``index.archive.Archive`` and prints what comes
back. Only the commands that need Qt load it (``morgue`` alone opens the app, ``morgue export
--pdf`` renders with Qt); ``morgue search`` and the others never import PySide6.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop.cli import bookmarks, person
from desktop.cli.common import (
    JSON_VERSION,
    ProgressBar,
    dump,
    highlight,
    open_archive,
    parse_filters,
    result_json,
)
from index.errors import ArchiveError, Cancelled
from index.jobs import CancelToken
from index.model import Article, Extraction

log = logging.getLogger(__name__)


# --- commands ----------------------------------------------------------------------------------


def cmd_index(args: argparse.Namespace) -> int:
    archive = open_archive(args)
    bar = ProgressBar()
    cancel = CancelToken()
    try:
        report = archive.index(
            args.paths, extract=not args.no_extract, processes=args.processes, on_progress=bar, cancel=cancel
        )
    except KeyboardInterrupt:
        bar.close()
        print("Interrupted: what was indexed so far is kept; run the same command again to finish.", file=sys.stderr)
        return 130
    finally:
        bar.close()
    out = sys.stderr
    for problem in report.problems:
        print(f"unreadable: {problem.path}: {problem.reason}", file=out)
    print(
        f"{report.files_seen} files ({report.files_unchanged} unchanged, {report.files_read} read): "
        f"{report.articles_added} articles added, {report.articles_updated} updated, "
        f"{report.articles_removed} removed"
        + (f", {report.articles_duplicate} saved twice" if report.articles_duplicate else "")
        + f"; {len(report.problems)} unreadable; {report.seconds:.1f} s",
        file=out,
    )
    return 0 if report.ok else 1


def cmd_search(args: argparse.Namespace) -> int:
    archive = open_archive(args)
    filters = parse_filters(args.filter)
    if args.quotes:
        if args.page != 1:
            raise ArchiveError("--page lists pages of articles; for quotes, raise --limit instead.")
        total, quotes = archive.search_quotes(args.query, limit=args.limit, filters=filters)
        if args.json:
            dump(
                {
                    "version": JSON_VERSION,
                    "query": args.query,
                    "total": total,
                    "quotes": [
                        {
                            "article_id": q.article_id,
                            "index": q.index,
                            "text": q.text,
                            "speaker": q.speaker,
                            "title": q.title,
                            "date": q.date.isoformat() if q.date else None,
                            "site": q.site,
                        }
                        for q in quotes
                    ],
                }
            )
            return 0
        print(f"{total} quotes")
        for q in quotes:
            who = q.speaker or "unknown speaker"
            print(f"\n“{q.text}”\n    — {who}, {q.title} ({q.date or 'undated'}) [{q.article_id}]")
        return 0
    result = archive.search(args.query, page=args.page, pagelen=args.limit, sort=args.sort, filters=filters)
    if args.json:
        dump(result_json(result))
        return 0
    tty = sys.stdout.isatty()
    print(f"{result.total} articles" + (f" (page {result.page} of {result.pages})" if result.pages > 1 else ""))
    for hit in result.hits:
        meta = " · ".join(x for x in (hit.date.isoformat() if hit.date else "", hit.site) if x)
        print(f"\n{hit.title}\n  {meta}  [{hit.id}]")
        if hit.snippet:
            print("  " + highlight(hit.snippet, tty))
    if result.facets and not args.no_facets:
        for name in ("site", "year", "person", "org", "place"):
            values = result.facets.get(name) or ()
            if values:
                print(f"\n{name}: " + ", ".join(f"{v} ({n})" for v, n in values[:8]))
    return 0


def article_json(article: Article, ex: Extraction | None) -> dict[str, Any]:
    """An article and its extraction in the ``morgue show --json`` shape."""
    from index.store.codec import article_to_dict

    d = article_to_dict(article)
    d["paragraphs"] = [{"text": p.text, "joined": p.joined} for p in article.paragraphs]
    d["version"] = JSON_VERSION
    if ex is not None:
        from index.extract import extraction_to_json

        d.update({k: v for k, v in extraction_to_json(article, ex).items() if k in ("quotes", "posts", "entities")})
    return d


def cmd_show(args: argparse.Namespace) -> int:
    archive = open_archive(args)
    article = archive.article(args.id)
    ex = archive.extraction(args.id)
    if args.json:
        dump(article_json(article, ex))
        return 0
    print(article.title)
    meta = " · ".join(
        x
        for x in (
            article.date.isoformat() if article.date else "",
            article.site,
            ", ".join(article.authors),
            article.url,
        )
        if x
    )
    print(meta)
    print()
    for p in article.paragraphs:
        print(p.text)
        print()
    if ex.quotes:
        print("Quotes:")
        for q in ex.quotes:
            print(f"  “{q.text}” — {q.speaker or 'unknown speaker'}")
    if ex.posts:
        print("Posts:")
        for post in ex.posts:
            who = " ".join(x for x in (post.author or "", f"@{post.handle}" if post.handle else "") if x)
            body = "content not in the archive" if post.missing else (post.text or post.url or "")
            print(f"  [{post.platform}] {who} {post.date or ''}: {body}")
    if ex.entities:
        print("Entities:")
        for e in ex.entities:
            print(f"  {e.type:<7} {e.name} ({e.count})")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from index import ingest
    from index.extract import Extractor, extraction_to_json

    articles = ingest.read_file(Path(args.file))
    extractor = Extractor()
    extractions = extractor.extract(articles)
    out = [extraction_to_json(a, ex) for a, ex in zip(articles, extractions, strict=True)]
    if args.json:
        dump(out[0] if len(out) == 1 else out)
        return 0
    for doc in out:
        print(doc["title"], f"({doc['date']})" if doc["date"] else "")
        print(f"\nQuotes ({len(doc['quotes'])}):")
        for q in doc["quotes"]:
            print(f"  ¶{q['paragraph']} “{q['text']}” — {q['speaker'] or 'unknown speaker'}")
        print(f"\nPosts ({len(doc['posts'])}):")
        for p in doc["posts"]:
            body = "content not in the archive" if p["missing"] else (p["text"] or p["url"] or "")
            handle = "@" + p["handle"] if p["handle"] else ""
            print(f"  [{p['platform']}] {p['author'] or ''} {handle} {p['date'] or ''}: {body}")
        print(f"\nEntities ({len(doc['entities'])}):")
        for e in doc["entities"]:
            print(f"  {e['type']:<7} {e['name']} ×{e['count']}  ({', '.join(e['mentions'])})")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    archive = open_archive(args)
    stats = archive.stats()
    if args.json:
        dump({"version": JSON_VERSION, **stats.__dict__})
        return 0
    print(f"data:        {stats.data_dir}")
    for r in stats.roots:
        print(f"folder:      {r}")
    print(f"articles:    {stats.articles}")
    print(f"quotes:      {stats.quotes}")
    print(f"files:       {stats.files} ({stats.unreadable_files} unreadable)")
    print(f"index size:  {stats.index_bytes / 2**20:.1f} MB (+ store {stats.store_bytes / 2**20:.1f} MB)")
    return 0


def cmd_problems(args: argparse.Namespace) -> int:
    problems = open_archive(args).problems()
    for path, reason in problems:
        print(f"{path}: {reason}")
    return 1 if problems else 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    bar = ProgressBar()
    n = open_archive(args).rebuild(on_progress=bar)
    bar.close()
    print(f"rebuilt the index of {n} articles", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="morgue", description="Offline browser for an archive of saved news articles."
    )
    parser.add_argument("--data", type=Path, help="the archive's data directory (default: the user data directory)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("index", help="add folders or files to the archive and index them")
    p.add_argument("paths", nargs="*", type=Path, help="folders or files (default: the archive's folders)")
    p.add_argument("--processes", type=int, default=None, help="worker processes (default: 2 or the cores)")
    p.add_argument("--no-extract", action="store_true", help="skip quotes, posts and entities (faster)")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", help="search the archive")
    p.add_argument("query", help="Whoosh query syntax, e.g. 'speaker:Pritzker \"national guard\" date:2025'")
    p.add_argument("--limit", type=int, default=10, help="hits per page (default 10)")
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--sort", choices=("relevance", "date", "date-asc"), default="relevance")
    p.add_argument("--filter", action="append", metavar="FACET=VALUE", help="person=, org=, place=, site=, year=")
    p.add_argument("--quotes", action="store_true", help="search quotes instead of articles")
    p.add_argument("--no-facets", action="store_true", help="do not print facet counts")
    p.add_argument("--json", action="store_true", help="machine-readable output (see README)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("show", help="print an article with its quotes, posts and entities")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("extract", help="print what an article file yields, without touching any index")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("stats", help="counts and sizes")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("problems", help="files that could not be read, and why")
    p.set_defaults(func=cmd_problems)

    p = sub.add_parser("rebuild", help="rebuild the search index from the stored articles (no NLP)")
    p.set_defaults(func=cmd_rebuild)

    bookmarks.register(sub)
    person.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    if args.command is None:
        try:
            from desktop.app import main as gui_main
        except ImportError as exc:
            print(f"morgue: the desktop app cannot start ({exc}).", file=sys.stderr)
            return 2
        return gui_main([] if argv is None else list(argv), data=args.data)
    try:
        return int(args.func(args))
    except Cancelled:
        return 130
    except ArchiveError as exc:
        print(f"morgue: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0

