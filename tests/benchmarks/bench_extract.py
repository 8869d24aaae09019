"""Speed and memory of extraction (quotes + entities + posts) over the shared corpus pages.

Run: .venv/bin/python tests/benchmarks/bench_extract.py [--batch-sizes 16 64] [--limit N] [--corpus DIR]
     [--against-pipe]

Reads shared/corpus/picked/*.html and shared/corpus/scrapinghub/html/*.html.gz once (reading is
not timed), then times ``Extractor.extract`` alone:
- in this process, for each batch size (peak RSS measured in a fresh child for each);
- in a pool of one and of two spawned worker processes (one Extractor per worker, model loaded
  before timing starts), articles sent in chunks, which is how the indexer uses it.
Wall-clock figures need otherwise idle cores; the CPU-second figures are less sensitive to a busy
machine. ``--corpus DIR`` reads the benchmark generator's articles (about 600 words) instead.
``--against-pipe`` prints, in one fresh process, spaCy's own ``nlp.pipe`` with the same components
(the model loaded as extraction loads it: parser and NER) over the same paragraphs and batch size,
beside the whole extraction (quotes, entities, posts), and the ratio of their throughputs.
"""

from __future__ import annotations

import argparse
import gzip
import multiprocessing
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared" / "corpus"
sys.path.insert(0, str(ROOT))

from index.model import Article, Paragraph  # noqa: E402


def _read(path: Path) -> list[Article]:
    try:
        from index.ingest import read_file

        return read_file(path)
    except Exception:  # the HTML reader may be missing or fail: fall back to trafilatura
        import trafilatura

        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = trafilatura.extract(data.decode("utf-8", "replace")) or ""
        paras = tuple(Paragraph(p.strip()) for p in text.split("\n") if p.strip())
        return [Article(id=path.name, title=path.name, paragraphs=paras)] if paras else []


def load_articles(limit: int | None = None, corpus: Path | None = None) -> list[Article]:
    """The benchmark's articles, in a fixed order (the shared pages, or every file under ``corpus``)."""
    if corpus is not None:
        paths = sorted(p for p in corpus.rglob("*") if p.is_file())
    else:
        paths = sorted((SHARED / "picked").glob("*.html")) + sorted((SHARED / "scrapinghub" / "html").glob("*.html.gz"))
    articles: list[Article] = []
    for p in paths[:limit]:
        articles.extend(a for a in _read(p) if a.paragraphs)
    return articles


def words(articles: list[Article]) -> int:
    return sum(len(p.text.split()) for a in articles for p in a.paragraphs)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- worker side ---------------------------------------------------------------------------------

_extractor = None
# Workers are spawned, not forked: a forked worker would count the parent's articles in its RSS.
_SPAWN = multiprocessing.get_context("spawn")


def _init(batch_size: int) -> None:
    global _extractor
    from index.extract import Extractor

    _extractor = Extractor(batch_size=batch_size)
    _extractor.nlp  # noqa: B018 - load the model before timing starts


def _work(chunk: list[Article]) -> tuple[float, float]:
    """Extract a chunk; (CPU seconds it took, peak RSS of this process so far)."""
    assert _extractor is not None
    cpu = time.process_time()
    _extractor.extract(chunk)
    return time.process_time() - cpu, peak_rss_mb()


def _in_process(articles: list[Article], batch_size: int, chunk: int) -> tuple[float, float, float, float, float]:
    """(wall s, CPU s, RSS with articles, RSS after model load, peak RSS) in one fresh process."""
    rss_articles = peak_rss_mb()
    _init(batch_size)
    rss_loaded = peak_rss_mb()
    t, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(articles), chunk):
        _work(articles[i:i + chunk])
    return time.perf_counter() - t, time.process_time() - cpu, rss_articles, rss_loaded, peak_rss_mb()


def _pool(articles: list[Article], workers: int, batch_size: int, chunk: int) -> tuple[float, float, float]:
    """(wall s, CPU s summed over workers, max peak RSS of a worker) with ``workers`` processes."""
    with ProcessPoolExecutor(workers, mp_context=_SPAWN, initializer=_init, initargs=(batch_size,)) as pool:
        # Warm up: every worker has loaded its model before the clock starts.
        list(pool.map(_work, [articles[:1]] * (workers * 2)))
        t = time.perf_counter()
        chunks = [articles[i:i + chunk] for i in range(0, len(articles), chunk)]
        results = list(pool.map(_work, chunks))
        seconds = time.perf_counter() - t
    return seconds, sum(r[0] for r in results), max(r[1] for r in results)


def _against_pipe(articles: list[Article], batch_size: int) -> tuple[float, float]:
    """CPU seconds of spaCy's ``nlp.pipe`` over every paragraph (the same model and components as
    extraction, the same batch size), then of ``Extractor.extract`` over the same articles."""
    _init(batch_size)
    assert _extractor is not None
    nlp = _extractor.nlp
    texts = [p.text for a in articles for p in a.paragraphs]
    for _ in nlp.pipe(texts[:batch_size], batch_size=batch_size):  # warm up
        pass
    cpu = time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    pipe_cpu = time.process_time() - cpu
    cpu = time.process_time()
    _extractor.extract(articles)
    return pipe_cpu, time.process_time() - cpu


def _load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--batch-sizes", type=int, nargs="+", default=[16, 64], help="spaCy batch sizes (paragraphs)")
    ap.add_argument("--chunk", type=int, default=8, help="articles per extract() call / per pool task")
    ap.add_argument("--limit", type=int, default=None, help="read only the first N files")
    ap.add_argument("--corpus", type=Path, default=None, help="read the files under DIR (the generator's corpus)")
    ap.add_argument("--against-pipe", action="store_true", help="only extraction against spaCy's own nlp.pipe")
    args = ap.parse_args()

    articles = load_articles(args.limit, args.corpus)
    n, w = len(articles), words(articles)
    paras = sum(len(a.paragraphs) for a in articles)
    print(f"{n} articles, {paras} paragraphs, {w} words (avg {w // max(n, 1)} words/article)")
    print(f"load average before: {_load_average()} (wall-clock figures need otherwise idle cores;"
          " CPU-second figures do not)")
    if args.against_pipe:
        for bs in args.batch_sizes:
            with ProcessPoolExecutor(1, mp_context=_SPAWN) as fresh:
                pipe_cpu, ours = fresh.submit(_against_pipe, articles, bs).result()
            print(f"batch {bs}: spaCy nlp.pipe (tok2vec, parser, ner on every paragraph) {n / pipe_cpu:.2f} articles "
                  f"per CPU-second ({w / pipe_cpu:,.0f} words/s); Morgue's extraction {n / ours:.2f} "
                  f"({w / ours:,.0f} words/s): {pipe_cpu / ours:.0%} of spaCy's throughput")
        print(f"load average after: {_load_average()}")
        return
    print(f"{'setup':26} {'wall s':>7} {'art/s':>6} {'words/s':>8} {'CPU s':>7} {'art/CPU-s':>9} "
          f"{'peak RSS MB':>12}")

    def row(label: str, seconds: float, cpu: float, rss: str) -> None:
        print(f"{label:26} {seconds:7.1f} {n / seconds:6.2f} {w / seconds:8.0f} {cpu:7.1f} {n / cpu:9.2f} {rss:>12}")

    for bs in args.batch_sizes:
        with ProcessPoolExecutor(1, mp_context=_SPAWN) as fresh:
            seconds, cpu, with_articles, loaded, peak = fresh.submit(_in_process, articles, bs, args.chunk).result()
        row(f"1 process, batch {bs}", seconds, cpu, f"{peak:.0f}")
        print(f"{'':26} (RSS {with_articles:.0f} MB with the articles in memory, {loaded:.0f} MB after model load)")
        for workers in (1, 2):
            seconds, cpu, peak = _pool(articles, workers, bs, args.chunk)
            row(f"pool of {workers}, batch {bs}", seconds, cpu, f"{peak:.0f}/worker")
    print(f"load average after: {_load_average()}")

if __name__ == "__main__":
    main()
