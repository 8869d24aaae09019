"""``morgue corrections``, ``morgue quotes`` and ``morgue entities`` corrections: fix a speaker or
an entity once, for good (``index.corrections``).

    morgue corrections list [--json]          every correction, and whether it still applies
    morgue corrections export FILE            all of them as JSON (documented in index.corrections)
    morgue corrections import FILE            add those of a file this archive lacks
    morgue corrections remove ID              undo one
    morgue quotes speaker ARTICLE_ID:N NAME [--description]
    morgue quotes clear-speaker ARTICLE_ID:N
    morgue quotes not-a-quote ARTICLE_ID:N    (N numbers the quotes as ``morgue show`` does, from 0)
    morgue entities merge INTO OTHER...
    morgue entities rename NAME NEW_NAME
    morgue entities type NAME person|org|place
    morgue entities hide NAME
    morgue entities split NAME ALIAS
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from desktop.cli.common import dump, open_archive
from index.errors import ArchiveError

if TYPE_CHECKING:  # pragma: no cover
    from index.archive import Archive


def _quote_ref(text: str) -> tuple[str, int]:
    aid, sep, n = text.rpartition(":")
    if not sep or not aid or not n.isdigit():
        raise ArchiveError(f"{text!r} must look like ARTICLE_ID:N, N as `morgue show ARTICLE_ID` numbers the quotes.")
    return aid, int(n)


def _after(archive: Archive, what: str) -> int:
    print(what)
    if archive.corrections.pending():
        print("The index is being written by another Morgue process: the change is saved and reaches search "
              "when that run ends.", file=sys.stderr)
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    archive = open_archive(args)
    aid, n = _quote_ref(args.ref)
    if args.quotes_command == "speaker":
        kind = "description" if args.description else "person"
        c = archive.correct_quote(aid, n, "speaker", " ".join(args.name), kind)
    else:
        c = archive.correct_quote(aid, n, args.quotes_command)
    return _after(archive, f"correction {c.id}: {c.summary}")


def cmd_entities_fix(args: argparse.Namespace) -> int:
    archive = open_archive(args)
    action = args.entities_command
    if action == "merge":
        c = archive.correct_entity("merge", args.into, args.others)
    elif action in ("rename", "split", "type"):
        c = archive.correct_entity(action, args.name, value=args.value)
    else:
        c = archive.correct_entity("hide", args.name)
    return _after(archive, f"correction {c.id}: {c.summary}")


def _status_json(s: Any) -> dict[str, Any]:
    from index.corrections.store import to_dict

    return {**to_dict(s.correction), "applies": s.applies, "status": s.detail}


def cmd_corrections(args: argparse.Namespace) -> int:
    archive = open_archive(args)
    command = args.corrections_command
    if command == "list":
        items = archive.correction_statuses()
        if args.json:
            from index.corrections import JSON_VERSION

            dump({"version": JSON_VERSION, "corrections": [_status_json(s) for s in items]})
            return 0
        if not items:
            print("no corrections", file=sys.stderr)
        for s in items:
            where = f" [{s.correction.article_id}]" if hasattr(s.correction, "article_id") else ""
            flag = "" if s.applies else "  NO LONGER APPLIES: "
            print(f"{s.correction.id:4}  {s.correction.summary}{where}{flag}{'' if s.applies else s.detail}")
        return 0
    if command == "export":
        n = archive.export_corrections(args.file)
        print(f"{n} corrections written to {args.file}", file=sys.stderr)
        return 0
    if command == "import":
        added, skipped = archive.import_corrections(args.file)
        print(f"{added} corrections added, {skipped} already here", file=sys.stderr)
        return 0
    removed = archive.remove_correction(args.id)
    return _after(archive, f"removed correction {removed.id}: {removed.summary}")


def _need(parser: argparse.ArgumentParser) -> Any:
    def fail(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    return fail


def register(sub: Any, entities: argparse.ArgumentParser | None = None) -> None:
    """Add ``corrections`` and ``quotes`` to the ``morgue`` parser, and the entity corrections as
    subcommands of ``entities`` (of the given parser, or a new one)."""
    p = sub.add_parser("corrections", help="your corrections of speakers and entities: list, export, import")
    p.set_defaults(func=_need(p))
    s = p.add_subparsers(dest="corrections_command")
    q = s.add_parser("list", help="every correction, and whether it still applies")
    q.add_argument("--json", action="store_true", help="machine-readable output (see index.corrections)")
    q.set_defaults(func=cmd_corrections)
    q = s.add_parser("export", help="write every correction to a JSON file")
    q.add_argument("file")
    q.set_defaults(func=cmd_corrections)
    q = s.add_parser("import", help="add the corrections of a JSON file that this archive lacks")
    q.add_argument("file")
    q.set_defaults(func=cmd_corrections)
    q = s.add_parser("remove", help="undo a correction (its number from `corrections list`)")
    q.add_argument("id", type=int)
    q.set_defaults(func=cmd_corrections)

    p = sub.add_parser("quotes", help="correct a quote: its speaker, or that it is not a quote")
    p.set_defaults(func=_need(p))
    s = p.add_subparsers(dest="quotes_command")
    q = s.add_parser("speaker", help="set the speaker of a quote")
    q.add_argument("ref", metavar="ARTICLE_ID:N", help="the article and the quote's number in `morgue show` (from 0)")
    q.add_argument("name", nargs="+", help="the speaker's name, or a description with --description")
    q.add_argument("--description", action="store_true", help="NAME describes the speaker ('a White House aide')")
    q.set_defaults(func=cmd_quotes)
    for name, help_ in (("clear-speaker", "the quote's speaker is unknown"), ("not-a-quote", "it is not a quote")):
        q = s.add_parser(name, help=help_)
        q.add_argument("ref", metavar="ARTICLE_ID:N")
        q.set_defaults(func=cmd_quotes)

    p = entities or sub.add_parser("entities", help="people, organisations and places: correct them")
    if entities is None:
        p.set_defaults(func=_need(p))
    s = p.add_subparsers(dest="entities_command")
    q = s.add_parser("merge", help="make several entities one")
    q.add_argument("into", metavar="INTO")
    q.add_argument("others", metavar="OTHER", nargs="+")
    q.set_defaults(func=cmd_entities_fix)
    q = s.add_parser("rename", help="give an entity another name")
    q.add_argument("name", metavar="NAME")
    q.add_argument("value", metavar="NEW_NAME")
    q.set_defaults(func=cmd_entities_fix)
    q = s.add_parser("type", help="set an entity's type")
    q.add_argument("name", metavar="NAME")
    q.add_argument("value", choices=("person", "org", "place"))
    q.set_defaults(func=cmd_entities_fix)
    q = s.add_parser("hide", help="it is not an entity")
    q.add_argument("name", metavar="NAME")
    q.set_defaults(func=cmd_entities_fix)
    q = s.add_parser("split", help="an alias is another entity")
    q.add_argument("name", metavar="NAME")
    q.add_argument("value", metavar="ALIAS")
    q.set_defaults(func=cmd_entities_fix)
