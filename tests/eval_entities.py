"""Score entity merging on labelled real pages (``tests/fixtures/entities/*.json``).

Run from the repository root::

    .venv/bin/python tests/eval_entities.py [--json FILE] [--shared DIR] [--verbose]

Each fixture lists, for one page of ``shared/corpus``, the people, organisations and places a
careful reader finds, one group per real-world entity with every surface form the text uses, and
"not_entities" a machine may take for names. The page is read by the real reader and run through
the real extractor. A group comes out as *exactly one entity* when the forms of it that were found
all belong to one extracted entity (and at least one was found); it is *split* when they belong to
several, *missed* when none is found. A *false entity* is an extracted person, organisation or
place whose forms include a "not_entities" item and no labelled form; *unlabelled* entities match
neither (the labeller's misses count here too, so read them before trusting the figure).

``--causes`` lists the failures by cause, largest first: *split by alias form* (a group whose forms
came out as several entities, with the kind of form that split off: a surname, a first name, an
acronym, a short form of an organisation, a spelling, or the same form typed twice), *merged
wrongly* (one entity holding the forms of two or more groups), *missed mention* (in the text as
read, or only where the reader drops text), *noise* (the noise list dropped a labelled group, or a
labelled not-entity came out as an entity).

Some groups are named only where the reader drops text (photo credits, bylines): the figure is also
given over the groups a form of which is in the text as read. With ``--archive DATA_DIR`` (an
archive of the whole corpus) the article's entities are also counted as the archive-wide table
resolves them: two entities of the article that are one row of the table are one entity there.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from index import ingest  # noqa: E402
from index.extract import Extractor  # noqa: E402
from index.extract.entities import name_key  # noqa: E402
from index.extract.noise import noise_type  # noqa: E402
from index.model import Entity  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "entities"
TYPES = {"PERSON": "person", "ORG": "org", "PLACE": "place"}
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")


def norm(form: str) -> str:
    """A form as compared: curly apostrophes straightened, no leading "the", no possessive, spaces single."""
    s = " ".join(form.replace("’", "'").split())
    s = _THE.sub("", s)
    return _POSSESSIVE.sub("", s) if len(s) > 3 else s


@dataclass
class PageScore:
    page: str
    groups: int = 0
    one: int = 0
    one_typed: int = 0
    split: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    unlabelled: list[str] = field(default_factory=list)
    entities: int = 0
    findable: int = 0  # groups with a form in the text as read
    one_findable: int = 0
    causes: list[tuple[str, str]] = field(default_factory=list)  # (cause, what failed)


def forms_of(e: Entity) -> set[str]:
    return {norm(f) for f in (e.name, *e.mentions)}


def score_page(label: dict, entities: tuple[Entity, ...], text: str = "",
               same: Callable[[Entity], object] | None = None) -> PageScore:
    """Compare one page's extracted entities with its labelled groups; ``same`` maps an entity to
    what identifies it (the archive's row), else each entity is its own."""
    score = PageScore(label["page"])
    mine = [e for e in entities if e.type in TYPES]
    score.entities = len(mine)
    mine_forms = [forms_of(e) for e in mine]
    labelled: set[str] = set()
    for group in label["entities"]:
        forms = {norm(f) for f in group["forms"]} | {norm(group["name"])}
        labelled |= forms
        hits = [i for i, fs in enumerate(mine_forms) if fs & forms]
        if same is not None:
            hits = list({same(mine[i]): i for i in hits}.values())
        score.groups += 1
        findable = any(f in text for f in group["forms"])
        score.findable += findable
        if len(hits) == 1:
            score.one += 1
            score.one_findable += findable
            if TYPES[mine[hits[0]].type] == group["type"]:
                score.one_typed += 1
        elif hits:
            score.split.append(f"{group['name']}: " + " | ".join(f"{mine[i].name} {mine[i].type}" for i in hits))
            score.causes.append((f"split by alias form: {split_kind(group, [mine[i] for i in hits])}",
                                 score.split[-1]))
        else:
            score.missed.append(group["name"])
            if any(noise_type(name_key(f), group["type"].upper()) is None for f in group["forms"]):
                cause = "noise: a labelled group dropped"
            else:
                cause = "missed mention: " + ("in the text as read" if findable else "not in the text as read")
            score.causes.append((cause, group["name"]))
    not_entities = {norm(f) for f in label.get("not_entities", ())}
    group_forms = [{norm(f) for f in g["forms"]} | {norm(g["name"])} for g in label["entities"]]
    for e, fs in zip(mine, mine_forms, strict=True):
        held = [g["name"] for g, gf in zip(label["entities"], group_forms, strict=True) if fs & gf]
        if len(held) >= 2:
            score.causes.append(("merged wrongly", f"{e.name} {e.type}: " + " | ".join(held)))
        if fs & labelled:
            continue
        (score.false if fs & not_entities else score.unlabelled).append(f"{e.name} {e.type}")
        if fs & not_entities:
            score.causes.append(("noise: a not-entity kept", score.false[-1]))
    return score


def split_kind(group: dict, hits: list[Entity]) -> str:
    """What kind of form split off a group: each entity's name beside the name of the one that
    holds the most of the group's forms, the shorter against the longer."""
    forms = {norm(f) for f in group["forms"]} | {norm(group["name"])}
    main = max(hits, key=lambda e: (len(forms_of(e) & forms), len(e.name)))
    kinds = set()
    for e in hits:
        if e is main:
            continue
        if name_key(e.name) == name_key(main.name):
            kinds.add("the same name typed twice")
            continue
        short, full = sorted((name_key(e.name).split(), name_key(main.name).split()), key=len)
        if len(short) == 1 and short[0] == full[-1] and len(full) > 1:
            kinds.add("a surname" if group["type"] == "person" else "a last word")
        elif len(short) == 1 and short[0] == full[0] and len(full) > 1:
            kinds.add("a first name" if group["type"] == "person" else "a first word")
        elif min(e.name, main.name, key=len).replace(".", "").isupper():
            kinds.add("an acronym")
        elif set(short) < set(full):
            kinds.add("a short form")
        else:
            kinds.add("another spelling")
    return ", ".join(sorted(kinds)) or "?"


def print_causes(scores: list[PageScore]) -> None:
    """The failures of every page grouped by cause (the largest first), each with its page."""
    by_cause: dict[str, list[str]] = {}
    for s in scores:
        page = Path(s.page).parent.name if s.page.endswith("source.html") else Path(s.page).name[:8]
        for cause, what in s.causes:
            by_cause.setdefault(cause, []).append(f"{page}: {what}")
    order = sorted(by_cause, key=lambda c: (c.split(":")[0], -len(by_cause[c]), c))
    totals: dict[str, int] = {}
    for c in order:
        totals[c.split(":")[0]] = totals.get(c.split(":")[0], 0) + len(by_cause[c])
    for head in sorted(totals, key=lambda h: -totals[h]):
        print(f"\n{head}: {totals[head]}")
        for c in (c for c in order if c.split(":")[0] == head):
            if ":" in c:
                print(f"  {c.split(': ', 1)[1]}: {len(by_cause[c])}")
            for line in by_cause[c]:
                print(f"    {line}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO / ".." / "shared")
    parser.add_argument("--json", type=Path, help="write the per-page scores here")
    parser.add_argument("--verbose", action="store_true", help="list the split, missed and false entities")
    parser.add_argument("--archive", type=Path, help="also score through this archive's entity table")
    parser.add_argument("--causes", action="store_true", help="list the failures by cause, largest first")
    args = parser.parse_args(argv)
    extractor = Extractor()
    same = None
    if args.archive:
        from index.store.db import Store
        from index.store.entities import EntityTable

        table = EntityTable(Store(args.archive / "store.sqlite", readonly=True))

        def same(e: Entity) -> object:
            found = table.find(e.name, e.type)
            return found.id if found is not None else e.name

    scores = []
    for path in sorted(FIXTURES.glob("*.json")):
        label = json.loads(path.read_text("utf-8"))
        article = ingest.read_file(args.shared / "corpus" / label["page"])[0]
        ex = extractor.extract([article])[0]
        scores.append(score_page(label, ex.entities, article.title + "\n" + article.body, same))
    groups = sum(s.groups for s in scores)
    one = sum(s.one for s in scores)
    typed = sum(s.one_typed for s in scores)
    false = sum(len(s.false) for s in scores)
    unlabelled = sum(len(s.unlabelled) for s in scores)
    split = sum(len(s.split) for s in scores)
    missed = sum(len(s.missed) for s in scores)
    if args.verbose:
        for s in scores:
            print(f"\n{s.page}: {s.one}/{s.groups}")
            for kind in ("split", "missed", "false", "unlabelled"):
                if getattr(s, kind):
                    print(f"  {kind}: " + "; ".join(getattr(s, kind)))
    if args.causes:
        print_causes(scores)
    print(f"{len(scores)} pages, {groups} labelled groups")
    print(f"exactly one entity: {one}/{groups} = {one / groups:.3f} (with the right type: {typed / groups:.3f})")
    findable = sum(s.findable for s in scores)
    print(f"of the {findable} groups named in the text as read: {sum(s.one_findable for s in scores) / findable:.3f}")
    print(f"split: {split}, missed: {missed}")
    print(f"false entities (labelled not-entities): {false}; unlabelled entities: {unlabelled}"
          f" of {sum(s.entities for s in scores)} extracted")
    if args.json:
        args.json.write_text(json.dumps([asdict(s) for s in scores], indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
