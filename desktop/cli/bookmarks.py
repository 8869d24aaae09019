"""``morgue bookmarks`` and ``morgue export``: registered on the main parser by ``desktop.cli.main``.

    morgue bookmarks list [--tag T] [--speaker S] [--search WORDS] [--json]
    morgue bookmarks add (--quote ID:N | --post ID:N | --passage ID:PARA:START:END) [--note N] [--tag T]...
    morgue bookmarks edit ID [--note N] [--tag T]... [--untag T]...
    morgue bookmarks delete ID...
    morgue bookmarks tags [--json]
    morgue bookmarks export (--md | --csv | --json) FILE [--tag T] [--speaker S]
    morgue export --pdf FILE (--query Q | --ids ID... | --bookmarks [ID...] [--tag T] | --quotes ID:N...
                              | --person NAME)

Errors are ``ArchiveError``s (printed by ``desktop.cli.main.main``, exit code 1); a malformed argument
is a usage error (exit code 2); an interrupted export leaves no file behind (exit code 130).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import JSON_VERSION, ProgressBar, dump, open_archive, parse_filters

if TYPE_CHECKING:  # pragma: no cover
    from index.archive import Archive
    from index.bookmarks import Bookmark, Bookmarks


# --- argument types ----------------------------------------------------------------------------


def _split_ref(value: str, parts: int, shape: str) -> list[str]:
    # Article ids are hex, but split from the right so an id with a colon still works.
    pieces = value.rsplit(":", parts - 1)
    if len(pieces) != parts or not pieces[0]:
        raise argparse.ArgumentTypeError(f"{value!r} is not {shape}")
    return pieces


def item_ref(value: str) -> tuple[str, int]:
    """``ARTICLE_ID:N`` (a quote or post of an article, numbered from 0 as in ``morgue show --json``)."""
    aid, n = _split_ref(value, 2, "ARTICLE_ID:N")
    try:
        index = int(n)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: N must be a number (ARTICLE_ID:N)") from None
    if index < 0:
        raise argparse.ArgumentTypeError(f"{value!r}: N must be 0 or more")
    return aid, index


def passage_ref(value: str) -> tuple[str, int, int, int]:
    """``ARTICLE_ID:PARAGRAPH:START:END`` (paragraph from 0, character offsets in it)."""
    aid, *nums = _split_ref(value, 4, "ARTICLE_ID:PARAGRAPH:START:END")
    try:
        para, start, end = (int(x) for x in nums)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: PARAGRAPH, START and END must be numbers") from None
    return aid, para, start, end


# --- helpers -----------------------------------------------------------------------------------


def _bookmarks(archive: Archive) -> Bookmarks:
    return archive.bookmarks


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _print_bookmark(b: Bookmark) -> None:
    who = f" — {b.who}" if b.who else ""
    body = f"“{_short(b.text)}”" if b.text else "(content not in the archive)"
    print(f"#{b.id:<4} {b.kind:<7} {body}{who}")
    meta = " · ".join(x for x in (b.title and _short(b.title, 70), b.date.isoformat() if b.date else "", b.site) if x)
    print(f"       {meta} [{b.article_id}]")
    if b.tags:
        print(f"       tags: {', '.join(b.tags)}")
    if b.note:
        print(f"       note: {_short(b.note, 200)}")
    if b.article_missing:
        print("       the article is no longer in the archive (the text above is the bookmark's copy)")


# --- morgue bookmarks ... ----------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    from index.bookmarks import to_json

    items = _bookmarks(open_archive(args)).list(query=args.search or "", tag=args.tag, speaker=args.speaker)
    if args.json:
        sys.stdout.write(to_json(items))
        return 0
    if not items:
        print("no bookmarks" + (" match" if args.tag or args.speaker or args.search else ""), file=sys.stderr)
        return 0
    for i, b in enumerate(items):
        if i:
            print()
        _print_bookmark(b)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    store = _bookmarks(open_archive(args))
    tags = args.tag or []
    if args.quote:
        aid, n = args.quote
        b = store.add_quote(aid, n, note=args.note or "", tags=tags)
    elif args.post:
        aid, n = args.post
        b = store.add_post(aid, n, note=args.note or "", tags=tags)
    else:
        aid, para, start, end = args.passage
        b = store.add_passage(aid, para, start, end, note=args.note or "", tags=tags)
    _print_bookmark(b)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    store = _bookmarks(open_archive(args))
    b = store.update(args.id, note=args.note, add_tags=args.tag or (), remove_tags=args.untag or ())
    _print_bookmark(b)
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    gone = _bookmarks(open_archive(args)).delete(args.ids)
    for b in gone:
        print(f"deleted bookmark {b.id}", file=sys.stderr)
    return 0


def cmd_tags(args: argparse.Namespace) -> int:
    tags = _bookmarks(open_archive(args)).tags()
    if args.json:
        dump({"version": JSON_VERSION, "tags": [{"tag": t, "count": n} for t, n in tags]})
        return 0
    for tag, n in tags:
        print(f"{n:>5}  {tag}")
    return 0


def cmd_export_bookmarks(args: argparse.Namespace) -> int:
    from index import bookmarks as bm

    items = _bookmarks(open_archive(args)).list(tag=args.tag, speaker=args.speaker)
    title = f"Bookmarks tagged “{args.tag}”" if args.tag else "Bookmarks"
    if str(args.file) == "-":
        text = {"md": bm.to_markdown, "csv": bm.to_csv, "json": bm.to_json}[args.fmt](items)  # type: ignore[operator]
        sys.stdout.write(text)
        return 0
    path = bm.export(items, args.file, args.fmt, title=title)
    print(f"wrote {len(items)} bookmark{'' if len(items) == 1 else 's'} to {path}", file=sys.stderr)
    return 0


# --- morgue export --pdf ... -------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    from index.errors import ExportFailed
    from index.export import Selection
    from index.jobs import CancelToken

    if args.tag and args.bookmarks is None:
        raise ExportFailed("--tag selects bookmarks: use it with --bookmarks.")
    archive = open_archive(args)
    title = args.title or ""
    if args.query is not None:
        filters = parse_filters(args.filter)
        selection = Selection.of_search(args.query, filters=filters, sort=args.sort, limit=args.limit, title=title)
    elif args.ids:
        selection = Selection.of_articles(args.ids, title=title)
    elif args.person:
        selection = Selection.of_person(args.person, title=title)
    elif args.quotes:
        selection = Selection.of_quotes(args.quotes, title=title)
    else:
        selection = Selection.of_bookmarks(args.bookmarks or (), tag=args.tag, title=title)
    try:
        from desktop.pdf import export_pdf
    except ImportError as exc:
        raise ExportFailed(f"Cannot write {args.pdf}: PDF export needs Qt (PySide6), which cannot be loaded ({exc}).") \
            from exc

    bar = ProgressBar()
    cancel = CancelToken()
    try:
        result = export_pdf(archive, selection, args.pdf, on_progress=bar, cancel=cancel)
    except KeyboardInterrupt:
        cancel.cancel()
        bar.close()
        print(f"Interrupted: {args.pdf} was not written.", file=sys.stderr)
        return 130
    finally:
        bar.close()
    for missing in result.not_found:
        print(f"not in the archive: {missing}", file=sys.stderr)
    print(f"wrote {result.path}: {result.pages} pages, {result.sections} sections", file=sys.stderr)
    return 0


# --- registration ------------------------------------------------------------------------------


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the bookmark and export subcommands to the ``morgue`` parser."""
    p = sub.add_parser("bookmarks", help="bookmarked quotes, posts and passages: list, add, edit, delete, export")
    bsub = p.add_subparsers(dest="bookmarks_command", metavar="ACTION")
    p.set_defaults(func=lambda args, parser=p: _usage(parser))

    q = bsub.add_parser("list", help="list bookmarks, newest first")
    q.add_argument("--tag", help="only bookmarks with this tag")
    q.add_argument("--speaker", help="only quotes of this speaker (or posts of this account)")
    q.add_argument("--search", "-q", help="words in the text, note, speaker or article title")
    q.add_argument("--json", action="store_true", help="the documented JSON shape (see index/bookmarks.py)")
    q.set_defaults(func=cmd_list)

    q = bsub.add_parser("add", help="bookmark a quote, a post or a passage of an article")
    what = q.add_mutually_exclusive_group(required=True)
    what.add_argument("--quote", type=item_ref, metavar="ARTICLE_ID:N", help="the N-th quote (from 0)")
    what.add_argument("--post", type=item_ref, metavar="ARTICLE_ID:N", help="the N-th social post (from 0)")
    what.add_argument("--passage", type=passage_ref, metavar="ARTICLE_ID:PARA:START:END",
                      help="characters START:END of paragraph PARA (from 0)")
    q.add_argument("--note", help="a note to keep with it")
    q.add_argument("--tag", action="append", metavar="TAG", help="a tag (repeat for more)")
    q.set_defaults(func=cmd_add)

    q = bsub.add_parser("edit", help="change a bookmark's note or tags")
    q.add_argument("id", type=int)
    q.add_argument("--note", help="the new note (an empty string clears it)")
    q.add_argument("--tag", action="append", metavar="TAG", help="add a tag (repeat for more)")
    q.add_argument("--untag", action="append", metavar="TAG", help="remove a tag (repeat for more)")
    q.set_defaults(func=cmd_edit)

    q = bsub.add_parser("delete", help="delete bookmarks")
    q.add_argument("ids", type=int, nargs="+", metavar="ID")
    q.set_defaults(func=cmd_delete)

    q = bsub.add_parser("tags", help="every tag with its number of bookmarks")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_tags)

    q = bsub.add_parser("export", help="write bookmarks to a Markdown, CSV or JSON file ('-' for stdout)")
    fmt = q.add_mutually_exclusive_group(required=True)
    fmt.add_argument("--md", dest="fmt", action="store_const", const="md", help="Markdown")
    fmt.add_argument("--csv", dest="fmt", action="store_const", const="csv", help="CSV (UTF-8, header row)")
    fmt.add_argument("--json", dest="fmt", action="store_const", const="json", help="JSON")
    q.add_argument("file", type=Path, metavar="FILE")
    q.add_argument("--tag", help="only bookmarks with this tag")
    q.add_argument("--speaker", help="only quotes of this speaker")
    q.set_defaults(func=cmd_export_bookmarks)

    p = sub.add_parser("export", help="export articles, a search's results, quotes or bookmarks to PDF")
    p.add_argument("--pdf", type=Path, required=True, metavar="FILE", help="the PDF file to write")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--query", help="the articles matching this search (Whoosh syntax, as `morgue search`)")
    what.add_argument("--ids", nargs="+", metavar="ARTICLE_ID", help="these articles")
    what.add_argument("--bookmarks", nargs="*", type=int, metavar="ID",
                      help="these bookmarks (all of them, or those of --tag, when no id is given)")
    what.add_argument("--quotes", nargs="+", type=item_ref, metavar="ARTICLE_ID:N", help="these quotes")
    what.add_argument("--person", metavar="NAME", help="a dossier of every quote of this person")
    p.add_argument("--tag", help="with --bookmarks: the bookmarks with this tag")
    p.add_argument("--title", help="the export's title (default: from what is exported)")
    p.add_argument("--limit", type=int, default=1000, help="with --query: at most this many articles (default 1000)")
    p.add_argument("--sort", choices=("relevance", "date", "date-asc"), default="relevance", help="with --query")
    p.add_argument("--filter", action="append", metavar="FACET=VALUE", help="with --query: person=, org=, site=...")
    p.set_defaults(func=cmd_export)


def _usage(parser: argparse.ArgumentParser) -> Any:
    parser.print_help(sys.stderr)
    return 2
