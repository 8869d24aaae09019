"""The readers on real saved pages from ``../shared/corpus``, against the ground truth shipped with them.

Run ``pytest -s tests/index/ingest/test_ingest_corpus.py`` to see the agreement rates and the list
of files that could not be read. Reading the ~600 files takes about 35 s, once per session: the
tests share what was read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from ingest_fixtures import CorpusReader

from index.ingest.common import canonical_url, normalise_language, parse_date

pytestmark = pytest.mark.slow  # reads the shared corpus: `make test-fast` skips it

# Title separators, as sites join a headline and their name ("Headline - Site", "Headline_Section_Site").
_SEPARATORS = re.compile(r"\s+[|\-–—:·»]{1,2}\s+|_")


def norm(text: str | None) -> str:
    """Lower case, compatibility forms, punctuation and spacing folded."""
    return re.sub(r"\W+", " ", unicodedata.normalize("NFKC", text or "").casefold()).strip()


def titles_agree(ours: str, theirs: str) -> bool:
    """Equal after normalisation, or equal once the site's name is cut from either end of theirs."""
    if norm(ours) == norm(theirs):
        return True
    parts = _SEPARATORS.split(theirs)
    cuts = {" ".join(parts[:i]) for i in range(1, len(parts))} | {" ".join(parts[i:]) for i in range(1, len(parts))}
    return norm(ours) in {norm(c) for c in cuts}


def authors_agree(ours: tuple[str, ...], byline: str) -> bool:
    """One of our authors appears in the byline, or the byline in one of them."""
    b = norm(byline)
    return any(norm(a) and (norm(a) in b or b in norm(a)) for a in ours)


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.casefold()))


def recall(ours: str, truth: str) -> float:
    """The share of the ground truth's words found in our text (counting repeats)."""
    t = words(truth)
    return sum((t & words(ours)).values()) / max(1, sum(t.values()))


# --- single pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "url", "title"),
    [
        ("marketwatch.mhtml", "https://www.marketwatch.com/", "MarketWatch: Stock Market News - Financial News"),
        ("usatoday.mhtml", "https://www.usatoday.com/", "USA TODAY: Latest World and US News - USATODAY.com"),
    ],
)
def test_chrome_mhtml_home_pages(corpus_reader: CorpusReader, corpus: Path, name: str, url: str, title: str) -> None:
    article = corpus_reader.article(corpus / "mhtml" / name)
    assert article.format == "mhtml"
    assert article.url == url
    assert article.title == title
    assert article.date == dt.date(2018, 12, 17) or name == "usatoday.mhtml"
    assert len(article.paragraphs) >= 10
    # The quoted-printable transfer encoding is undone before the markup is kept.
    assert article.html is not None and "=3D" not in article.html[:5000] and "<html" in article.html[:500]


SCRAPINGHUB = [
    "16c30add7e96315e9cc957d85aa876ccb6b70055f0ddab51547a586117cc1f56",  # Vox, tweets
    "70cb2d5bca75ab5a8f6bb378a38a52f882f6bda508de93b12502e74936d86ff2",  # BBC
    "c58aa507c4deebd660f69905f9abb8f96d935f6e7210f597ed4cd32b3f39f7f7",  # USA Today, two authors
    "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856",  # WSJ
    "04a6711caa7c687592777718866e781e976e0fe684faebe8b3cedcef8cd0ea34",
]


@pytest.fixture(scope="module")
def scrapinghub_truth(corpus: Path) -> dict[str, dict[str, str]]:
    return json.loads((corpus / "scrapinghub" / "ground-truth.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", SCRAPINGHUB, ids=lambda k: k[:8])
def test_scrapinghub_pages(
    corpus_reader: CorpusReader, corpus: Path, scrapinghub_truth: dict[str, dict[str, str]], key: str
) -> None:
    article = corpus_reader.article(corpus / "scrapinghub" / "html" / f"{key}.html.gz")
    truth = scrapinghub_truth[key]
    assert article.format == "html"
    assert canonical_url(article.url) == canonical_url(truth["url"])
    assert article.title and article.date is not None
    assert recall(article.body, truth["articleBody"]) > 0.9


def test_known_pages_metadata(corpus_reader: CorpusReader, corpus: Path) -> None:
    usa = corpus_reader.article(corpus / "scrapinghub" / "html" / f"{SCRAPINGHUB[2]}.html.gz")
    assert usa.title == "Prison guards charged in connection with Jeffrey Epstein's death"
    assert usa.authors == ("Kevin Johnson", "Kevin McCoy")
    assert usa.site == "USA TODAY"
    bbc = corpus_reader.article(corpus / "readability" / "test-pages" / "bbc-1" / "source.html")
    assert (bbc.title, bbc.date, bbc.language) == (
        "Obama admits US gun laws are his 'biggest frustration'",
        dt.date(2015, 7, 24),
        "en",
    )
    assert bbc.url == "http://www.bbc.com/news/world-us-canada-33646704"
    # "Headline - Breitbart": the site's name is cut from the title.
    breitbart = corpus_reader.article(corpus / "readability" / "test-pages" / "breitbart" / "source.html")
    assert breitbart.title == "'Neutral' Snopes Fact-Checker David Emery: 'Are There Any Un-Angry Trump Supporters?'"
    assert breitbart.authors == ("Lucas Nolan",)
    # Saved with the browser's "Save page as", so the URL comes from the "saved from" comment or the canonical link.
    eltiempo = corpus_reader.article(corpus / "picked" / "trafilatura__eltiempo.com-candidatos.html")
    assert eltiempo.url.startswith("https://www.eltiempo.com/colombia/medellin/elecciones-2022-candidatos")
    assert eltiempo.language == "es"


def _picked_pages(corpus: Path) -> list[tuple[str, str, str]]:
    index = (corpus / "picked" / "index.md").read_text(encoding="utf-8")
    return re.findall(r"### \S+ `([^`]+)`\n(?:- .*\n)*?- url: (\S+)\n- title: (.*)\n", index)


def test_picked_pages(corpus_reader: CorpusReader, corpus: Path) -> None:
    """The pages rich in embeds and quotes: titles and URLs as ``picked/index.md`` lists them."""
    pages = _picked_pages(corpus)
    assert len(pages) >= 30
    titles = urls = 0
    for name, url, title in pages:
        article = corpus_reader.article(corpus / "picked" / name)
        assert article.format == "html" and article.html and len(article.paragraphs) >= 3, name
        # index.md cuts titles at an apostrophe ("Key moments from Kurt Volker"): a prefix counts.
        titles += titles_agree(article.title, title) or norm(article.title).startswith(norm(title))
        urls += canonical_url(article.url) == canonical_url(url)
    print(f"\npicked pages: {len(pages)}, titles agree {titles / len(pages):.0%}, URLs agree {urls / len(pages):.0%}")
    assert titles / len(pages) >= 0.85
    assert urls / len(pages) >= 0.9


# --- agreement with the ground truth ----------------------------------------------------------------------


def test_metadata_agrees_with_ground_truth(
    corpus_reader: CorpusReader, corpus: Path, scrapinghub_truth: dict[str, dict[str, str]]
) -> None:
    """readability's expected metadata and scrapinghub's article bodies against what we read."""
    start = time.perf_counter()
    tally: dict[str, list[int]] = {k: [0, 0] for k in ("title", "date", "author", "language", "url")}
    misses: dict[str, list[str]] = {k: [] for k in tally}

    def count(kind: str, ok: bool, page: str, detail: str) -> None:
        tally[kind][0] += ok
        tally[kind][1] += 1
        if not ok:
            misses[kind].append(f"{page}: {detail}")

    for folder in sorted((corpus / "readability" / "test-pages").iterdir()):
        meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        article = corpus_reader.article(folder / "source.html")
        if meta.get("title"):
            count("title", titles_agree(article.title, meta["title"]), folder.name, f"{article.title!r}")
        if meta.get("publishedTime"):
            count("date", article.date == parse_date(meta["publishedTime"]), folder.name, f"{article.date}")
        if meta.get("byline"):
            count("author", authors_agree(article.authors, meta["byline"]), folder.name, f"{article.authors}")
        if meta.get("lang"):
            count("language", article.language == normalise_language(meta["lang"]), folder.name, article.language)

    recalls = []
    for key, truth in scrapinghub_truth.items():
        article = corpus_reader.article(corpus / "scrapinghub" / "html" / f"{key}.html.gz")
        recalls.append(recall(article.body, truth["articleBody"]))
        count("url", canonical_url(article.url) == canonical_url(truth["url"]), key[:8], article.url)

    rates = {k: ok / total for k, (ok, total) in tally.items()}
    body = sum(recalls) / len(recalls)
    print("\nagreement with the ground truth:")
    for kind, (ok, total) in tally.items():
        source = "scrapinghub" if kind == "url" else "readability"
        print(f"  {kind:<9} {ok:>3}/{total:<3} {rates[kind]:6.1%}  ({source})")
    print(
        f"  body recall (scrapinghub, mean share of ground-truth words found): {body:.1%}"
        f"  ({sum(r >= 0.9 for r in recalls)}/{len(recalls)} pages at 90% or more)"
    )
    print(f"  {time.perf_counter() - start:.1f} s (pages read earlier in the session are not read again)")
    for kind, lines in misses.items():
        for line in lines:
            print(f"  miss {kind}: {line}")

    # Floors a little below what was measured (title 89%, date 94%, author 75%, language 100%,
    # URL 92%, body recall 98%).
    assert rates["title"] >= 0.85
    assert rates["date"] >= 0.88
    assert rates["author"] >= 0.70
    assert rates["language"] >= 0.95
    assert rates["url"] >= 0.88
    assert body >= 0.95


# --- robustness ---------------------------------------------------------------------------------------------


def test_every_corpus_file_reads_or_is_refused_cleanly(corpus_reader: CorpusReader, corpus: Path) -> None:
    """read_file over every file of the corpus: articles or UnreadableFile, nothing else, no output."""
    start = time.perf_counter()
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    outcomes = {p: corpus_reader.read(p) for p in files}
    crashes = {p: o.crash for p, o in outcomes.items() if o.crash is not None}
    refused = {p: o.unreadable for p, o in outcomes.items() if o.unreadable is not None}
    printed = {p: o.printed for p, o in outcomes.items() if o.printed}
    formats = Counter(o.articles[0].format for o in outcomes.values() if o.articles)
    slowest = sorted(outcomes.items(), key=lambda item: -item[1].seconds)[:3]

    print(
        f"\n{len(files)} files, {sum(len(o.articles) for o in outcomes.values())} articles "
        f"({dict(formats)}), {len(refused)} refused, {len(crashes)} crashed, "
        f"{time.perf_counter() - start:.1f} s here, {sum(o.seconds for o in outcomes.values()):.1f} s reading"
    )
    print("slowest: " + ", ".join(f"{p.name} {o.seconds:.1f} s" for p, o in slowest))
    for path, exc in sorted(refused.items()):
        print(f"  refused {path.relative_to(corpus)}: {exc.reason}")
    for path, crash in crashes.items():
        print(f"  CRASH {path.relative_to(corpus)}: {type(crash).__name__}: {crash}")

    assert not crashes
    assert not printed, "a parser printed to stdout"
    # The files that are not articles: readability's expected metadata (JSON without text) and
    # two of its expected outputs that hold no paragraph ("Test" and two image captions).
    unexpected = {
        p: e.reason for p, e in refused.items()
        if p.name != "expected-metadata.json"
        and p.parent.name not in ("005-unescape-html-entities", "lazy-image-3")
    }  # fmt: skip
    assert not unexpected
    assert all(e.reason for e in refused.values())
