"""Posts that are the article's: an audit of the real corpus and a score on a labelled set.

Run from the repository root::

    .venv/bin/python tests/eval_posts.py audit [--shared DIR] [--cache FILE] [--json FILE] [--all]
    .venv/bin/python tests/eval_posts.py score [--shared DIR] [--cache FILE] [--json FILE] [--code DIR]

``audit`` reads every page of ``shared/corpus`` as Morgue does (the HTML reader, then ``find_posts``)
and says, per page, how many posts were found and how many of them lie outside the article: seen
only escaped in a script or state blob, or in an aside, nav, footer, page header, a related or
comments block, another ``<article>``. Where a post lies is what ``region`` says of its sightings,
so the audit measures what the code lists, not what it decides.

``score`` compares ``find_posts`` on the pages of ``tests/fixtures/posts/labels.json`` with posts
labelled by hand (``article``: true for the article's posts, false for posts the page holds that
are not the article's) and prints precision and recall of the article's posts.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# ``--code DIR`` scores another checkout's ``index`` (a baseline) on the same labels
_CODE = sys.argv[sys.argv.index("--code") + 1] if "--code" in sys.argv[:-1] else str(REPO)
if _CODE not in sys.path:
    sys.path.insert(0, _CODE)

from index.extract.posts import find_posts  # noqa: E402
from index.model import Article, Post  # noqa: E402

BODY = "body"
LABELS = REPO / "tests" / "fixtures" / "posts" / "labels.json"


def default_shared() -> Path:
    return REPO / ".." / "shared"


def corpus_pages(corpus: Path) -> Iterator[Path]:
    """Every saved page of the corpus: the benchmark's pages, readability's sources, MHTML, the picked ones."""
    yield from sorted((corpus / "scrapinghub" / "html").glob("*.html.gz"))
    yield from sorted((corpus / "readability" / "test-pages").glob("*/source.html"))
    yield from sorted((corpus / "mhtml").glob("*.mhtml"))
    yield from sorted((corpus / "picked").glob("*.html"))


class Articles:
    """Pages read by the HTML reader (trafilatura is slow), kept in a pickle between runs when asked."""

    def __init__(self, cache: Path | None) -> None:
        self.cache = cache
        self.known: dict[str, list[Article]] = {}
        if cache and cache.is_file():
            self.known = pickle.loads(cache.read_bytes())

    def read(self, path: Path) -> list[Article]:
        from index.errors import ArchiveError
        from index.ingest import read_file

        key = str(path.resolve())
        if key not in self.known:
            try:
                self.known[key] = read_file(path)
            except ArchiveError:
                self.known[key] = []
        return self.known[key]

    def save(self) -> None:
        if self.cache:
            self.cache.write_bytes(pickle.dumps(self.known))


def label_key(post: Post) -> str:
    """How the labels name a post: platform and id, else its author and date (flattened, lost)."""
    if post.post_id:
        return f"{post.platform}:{post.post_id}"
    if post.missing:
        return f"{post.platform}:missing:{post.author or post.handle or '?'}"
    if post.url:
        return f"{post.platform}:{post.url}"
    return f"{post.platform}:@{post.handle or post.author or '?'}:{post.date or '?'}"


def where(post: Post, article: Article, seen: list[Any]) -> str:
    """Where a found post lies: ``body``, ``text`` (found in the paragraphs only), or off the article."""
    from index.extract.posts.twins import post_key

    key = post_key(post)
    places = [s.place for s in seen if post_key(s.post) == key]
    if not places:
        return "text" if post.paragraphs or post.missing else "unknown"
    return BODY if BODY in places else places[0]


def audit(shared: Path, cache: Path | None, show_all: bool) -> dict[str, Any]:
    """Posts found per page and how many lie outside the article."""
    from index.extract.posts.embeds import sightings

    articles = Articles(cache)
    corpus = shared / "corpus"
    pages: list[dict[str, Any]] = []
    outside: Counter[str] = Counter()
    found = 0
    for path in corpus_pages(corpus):
        for article in articles.read(path):
            posts = find_posts(article)
            seen = sightings(article.html or "", article.paragraphs)
            places = [where(p, article, seen) for p in posts]
            off = [(label_key(p), w) for p, w in zip(posts, places, strict=True) if w not in (BODY, "text")]
            found += len(posts)
            outside.update(w for _, w in off)
            page = {
                "page": str(path.relative_to(corpus)),
                "posts": len(posts),
                "outside": len(off),
                "off": off,
                "sightings_off": sum(1 for s in seen if s.place != BODY),
            }
            pages.append(page)
            if posts and (show_all or off):
                print(f"{page['page'][:70]:70} posts {len(posts):3}  outside {len(off):2}  {off[:3]}")
    articles.save()
    with_posts = sum(1 for p in pages if p["posts"])
    with_off = sum(1 for p in pages if p["outside"])
    print(
        f"\n{len(pages)} articles, {with_posts} with posts; {found} posts, {sum(outside.values())} outside "
        f"the article on {with_off} pages {dict(outside)}; sightings off the article kept out: "
        f"{sum(p['sightings_off'] for p in pages)}"
    )
    return {"articles": len(pages), "posts": found, "outside": dict(outside), "pages": pages}


def score(shared: Path, cache: Path | None) -> dict[str, Any]:
    """Precision and recall of the article's posts on the labelled pages."""
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    articles = Articles(cache)
    tp = fp = fn = 0
    rows = []
    for page in labels["pages"]:
        path = shared / "corpus" / page["file"]
        if not path.is_file():
            print(f"missing: {page['file']}")
            continue
        (article,) = articles.read(path)[:1]
        got = {label_key(p) for p in find_posts(article)}
        true = {p["key"] for p in page["posts"] if p["article"]}
        labelled = {p["key"] for p in page["posts"]}
        extra, lost = sorted(got - true), sorted(true - got)
        tp += len(got & true)
        fp += len(extra)
        fn += len(lost)
        unlabelled = sorted(got - labelled)
        rows.append({"file": page["file"], "found": len(got), "wrong": extra, "lost": lost})
        flag = f"  wrong {extra}" if extra else ""
        flag += f"  lost {lost}" if lost else ""
        flag += f"  (unlabelled {unlabelled})" if unlabelled else ""
        print(f"{page['file'][:64]:64} true {len(true):2} found {len(got):2}{flag}")
    articles.save()
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"\n{len(rows)} pages: posts found {tp + fp}, the article's {tp + fn}; "
          f"precision {precision:.3f}, recall {recall:.3f} (wrong {fp}, lost {fn})")
    return {"precision": precision, "recall": recall, "tp": tp, "fp": fp, "fn": fn, "pages": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("audit", "score"))
    parser.add_argument("--shared", type=Path, default=default_shared())
    parser.add_argument("--cache", type=Path, help="a pickle of the pages as read, reused between runs")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--all", action="store_true", help="audit: list every page with posts")
    parser.add_argument("--code", type=Path, help="score: import index from this checkout (a baseline)")
    args = parser.parse_args(argv)
    result = audit(args.shared, args.cache, args.all) if args.command == "audit" else score(args.shared, args.cache)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
