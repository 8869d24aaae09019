"""The ``morgue`` command: index, search, show, extract, stats, check; no arguments opens the app.

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

from desktop.cli import bookmarks, corrections, person
from desktop.cli.common import (
    JSON_VERSION,
    ProgressBar,
    count,
    dump,
    highlight,
    open_archive,
    parse_filters,
    result_json,
    shown,
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
        report = archive.index(args.paths, extract=not args.no_extract, later=args.later, processes=args.processes,
                               on_progress=bar, cancel=cancel)
    except KeyboardInterrupt:
        bar.close()
        print("Interrupted: what was indexed so far is kept; run the same command again to finish.", file=sys.stderr)
        return 130
    finally:
        bar.close()
    out = sys.stderr
    for problem in report.problems:
        print(f"unreadable: {shown(problem.path)}: {problem.reason}", file=out)
    for problem in report.skipped[:SKIPPED_LISTED]:
        print(f"skipped: {shown(problem.path)}: {problem.reason}", file=out)
    if len(report.skipped) > SKIPPED_LISTED:
        print(f"skipped: … and {len(report.skipped) - SKIPPED_LISTED} more (morgue problems lists them all)", file=out)
    reasons: dict[str, int] = {}
    for problem in report.skipped:
        reasons[problem.reason] = reasons.get(problem.reason, 0) + 1
    skipped = "".join(f"; {count(n, 'file')} skipped: {reason}" for reason, n in reasons.items())
    print(
        f"{report.files_seen} files ({report.files_unchanged} unchanged, {report.files_read} read): "
        f"{report.articles_added} article{'' if report.articles_added == 1 else 's'} added, "
        f"{report.articles_updated} updated, "
        f"{report.articles_removed} removed"
        + (f", {report.articles_duplicate} saved twice" if report.articles_duplicate else "")
        + f"; {len(report.problems)} unreadable{skipped}; {report.seconds:.1f} s",
        file=out,
    )
    if report.extracted or report.extraction_pending:
        print(f"names and quotes: {count(report.extracted, 'article')} done"
              + (f", {report.extraction_pending} left for later (the app finds them when it opens the archive, "
                 "or run `morgue index` again)" if report.extraction_pending else ""), file=out)
    return 0 if report.ok else 1


SKIPPED_LISTED = 20  # skipped files listed by ``morgue index``; ``morgue problems`` lists all


def cmd_search(args: argparse.Namespace) -> int:
    archive = open_archive(args)
    filters = parse_filters(args.filter)
    if args.quotes:
        if args.page != 1:
            raise ArchiveError("--page lists pages of articles; for quotes, raise --limit instead.")
        from index.people.quotes import find_quotes

        total, quotes = find_quotes(archive, args.query, limit=args.limit, filters=filters)
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
        print(f"{total} quote{'' if total == 1 else 's'}")
        for q in quotes:
            who = q.speaker or "unknown speaker"
            print(f"\n“{q.text}”\n    — {who}, {q.title} ({q.date or 'undated'}) [{q.article_id}]")
        return 0
    result = archive.search(args.query, page=args.page, pagelen=args.limit, sort=args.sort, filters=filters)
    # How the query was run (a pattern cut short): on stderr, so --json output stays one document.
    for notice in result.notices:
        print(f"morgue: note: {notice}", file=sys.stderr)
    if args.json:
        dump(result_json(result))
        return 0
    tty = sys.stdout.isatty()
    print(f"{result.total} article{'' if result.total == 1 else 's'}"
          + (f" (page {result.page} of {result.pages})" if result.pages > 1 else ""))
    if not result.total and args.query.strip():
        suggestion = archive.suggest(args.query)
        if suggestion:
            print(f"Did you mean: {suggestion}")
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


def article_json(article: Article, ex: Extraction | None, roots: Sequence[Path] = ()) -> dict[str, Any]:
    """An article and its extraction in the ``morgue show --json`` shape.

    ``provenance.files`` are relative to the one of ``roots`` holding them (their name otherwise).
    """
    from index.export.citation import archive_path
    from index.store.codec import article_to_dict

    d = article_to_dict(article)
    # A paged document (a PDF) says the page each paragraph starts on, and each quote its page.
    d["paragraphs"] = [{"text": p.text, "joined": p.joined, **({"page": p.page} if p.page is not None else {})}
                       for p in article.paragraphs]
    d["captured"] = article.captured or None
    d["captured_from"] = article.captured_from or None
    prov = article.provenance
    d["provenance"] = (
        {"url": prov.url, "files": [archive_path(f, roots) for f in prov.files], "sha256": prov.sha256}
        if prov else None
    )
    d["version"] = JSON_VERSION
    if ex is not None:
        from index.extract import extraction_to_json

        d.update({k: v for k, v in extraction_to_json(article, ex).items() if k in ("quotes", "posts", "entities")})
        for doc, q in zip(d["quotes"], ex.quotes, strict=True):  # the user's corrections (index.corrections)
            doc.update(corrected=q.corrected, corrected_from=q.corrected_from)
            if 0 <= q.paragraph < len(article.paragraphs) and article.paragraphs[q.paragraph].page is not None:
                doc["page"] = article.paragraphs[q.paragraph].page
    return d


def cmd_show(args: argparse.Namespace) -> int:
    archive = open_archive(args)
    article = archive.article(args.id)
    ex = archive.extraction(args.id)
    if args.json:
        dump(article_json(article, ex, archive.roots))
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
        for n, q in enumerate(ex.quotes):
            mark = " (speaker set by you)" if q.corrected and q.speaker else " (cleared by you)" if q.corrected else ""
            print(f"  {n}. “{q.text}” — {q.speaker or 'unknown speaker'}{mark}")
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


def cmd_entities(args: argparse.Namespace) -> int:
    """The archive-wide entity table: canonical names, types, article counts and aliases."""
    rows = open_archive(args).entities.list(args.type, args.limit)
    if args.json:
        dump({"version": JSON_VERSION, "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "articles": e.articles, "mentions": e.mentions,
             "aliases": [{"form": f, "articles": n} for f, n in e.aliases]} for e in rows]})
        return 0
    for i, e in enumerate(rows, 1):
        aliases = ", ".join(f"{f} ({n})" for f, n in e.aliases if f != e.name)
        print(f"{i:3} {e.articles:4}  {e.type:<6} {e.name}" + (f"  [{aliases}]" if aliases else ""))
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
        print(f"{shown(path)}: {reason}")
    return 1 if problems else 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    bar = ProgressBar()
    n = open_archive(args).rebuild(on_progress=bar)
    bar.close()
    print(f"rebuilt the index of {n} article{'' if n == 1 else 's'}", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    archive = open_archive(args)
    bar = ProgressBar()
    try:
        report = archive.check(quick=args.quick, repair=args.repair, on_progress=bar)
    finally:
        bar.close()
    for line in report.repaired:
        print(line)
    for finding in report.findings:
        print(("problem: " if finding.problem else "") + finding.message)
    print("No problems found." if report.ok else f"{len(report.problems)} problem(s) found.")
    return 0 if report.ok else 1


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
    p.add_argument("--later", "--no-wait", action="store_true",
                   help="stop once the articles are searchable: names and quotes are found by the app when it "
                   "opens the archive, or by the next `morgue index`")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", help="search the archive")
    p.add_argument("query", help="Whoosh query syntax, e.g. 'speaker:Pritzker \"national guard\" date:2025'")
    p.add_argument("--limit", type=int, default=10, help="hits per page (default 10)")
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--sort", choices=("relevance", "date", "date-asc"), default="relevance")
    p.add_argument("--filter", action="append", metavar="FACET=VALUE", help="person=, org=, place=, site=, year=")
    p.add_argument("--quotes", action="store_true",
                   help="search quotes instead of articles: their words and speaker, in the articles the rest of "
                   "the query and the filters select")
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

    entities = p = sub.add_parser(
        "entities", help="people, organisations and places across the archive, with their aliases; correct them")
    p.add_argument("--type", choices=("person", "org", "place"), help="only this type")
    p.add_argument("--limit", type=int, default=None, help="at most this many, the most frequent first")
    p.add_argument("--json", action="store_true", help="machine-readable output (see README)")
    p.set_defaults(func=cmd_entities)
    entities = p  # the corrections add merge, rename, type, hide and split to it

    p = sub.add_parser("stats", help="counts and sizes")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("problems", help="files that could not be read, and why")
    p.set_defaults(func=cmd_problems)

    p = sub.add_parser("rebuild", help="rebuild the search index from the stored articles (no NLP)")
    p.set_defaults(func=cmd_rebuild)

    p = sub.add_parser("check", help="check the store, the search index and the bookmarks")
    p.add_argument("--repair", action="store_true", help="fix what the store can (re-index, rebuild the index)")
    p.add_argument("--quick", action="store_true", help="compare counts only, as the app does when it opens")
    p.set_defaults(func=cmd_check)

    bookmarks.register(sub)
    corrections.register(sub, entities)  # adds merge, rename, type, hide and split to `entities`
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

