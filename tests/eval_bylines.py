"""Measure the bylines Morgue reads against the ground truth of the corpus that has authors.

Run from the repository root::

    .venv/bin/python tests/eval_bylines.py [--shared DIR] [--list] [--json FILE]

Of ``shared/corpus``, only Mozilla Readability's test pages publish authors (``byline`` in each
``expected-metadata.json``; SOURCES.md): every page is read with ``ingest.read_file`` as indexing
reads it, and its authors are compared with the byline, word by word (case, accents and
punctuation ignored):

- agree: every name Morgue gives has all its words in the byline (as parts of it: "Nolan" is in
  "by Lucas Nolan22 Dec 2016651"), and it gives at least one;
- wrong: a name with a word the byline lacks ("Meta name author", "Facebook Com", a site name);
- missed: the byline names someone and Morgue gives no one;
- no byline: the truth has none (Readability found none). Any name Morgue gives is counted as
  "named without a byline" and listed, not scored: the page may well name its author.

``--list`` prints every page that is not an agreement. The figures go in the README.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from index import ingest  # noqa: E402
from index.errors import ArchiveError  # noqa: E402


def words(text: str) -> list[str]:
    """The words of a name or byline, case-folded and without accents."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.findall(r"\w+", text)


def judge(authors: tuple[str, ...], byline: str | None) -> str:
    """One page's verdict: "agree", "wrong", "missed", "no byline" or "named without a byline"."""
    if not byline or not byline.strip():
        return "named without a byline" if authors else "no byline"
    if not authors:
        return "missed"
    truth = " ".join(words(byline))  # words are looked for in it: "Nolan" is in "Lucas Nolan22 Dec"
    if all(all(w in truth for w in words(a)) for a in authors):
        return "agree"
    return "wrong"


def evaluate(shared: Path) -> list[dict[str, object]]:
    """Every Readability test page with its byline, what Morgue read and the verdict."""
    pages = sorted((shared / "corpus" / "readability" / "test-pages").glob("*/expected-metadata.json"))
    out = []
    for meta_file in pages:
        folder = meta_file.parent
        byline = json.loads(meta_file.read_text("utf-8")).get("byline")
        try:
            articles = ingest.read_file(folder / "source.html")
            authors = articles[0].authors if articles else ()
        except ArchiveError:
            authors = ()
        out.append({"page": folder.name, "byline": byline, "authors": list(authors),
                    "verdict": judge(tuple(authors), byline)})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--list", action="store_true", help="print every page that is not an agreement")
    parser.add_argument("--json", type=Path, help="write the per-page results here")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    results = evaluate(args.shared)
    counts = Counter(str(r["verdict"]) for r in results)
    with_byline = sum(1 for r in results if r["byline"])
    if args.list:
        for r in results:
            if r["verdict"] not in ("agree", "no byline"):
                print(f"{r['verdict']:<22} {r['page']:<34} truth={r['byline']!r} morgue={r['authors']}")
    print(f"{len(results)} pages, {with_byline} with a byline in the ground truth")
    agree = counts["agree"]
    print(f"agree {agree}/{with_byline} ({agree / max(1, with_byline):.3f}), wrong {counts['wrong']}, "
          f"missed {counts['missed']}; without a byline: {counts['no byline']} none given, "
          f"{counts['named without a byline']} named")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
