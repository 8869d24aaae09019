"""The benchmark's 200 queries, once each, on an archive ``bench.py`` built: CPU p50 / p95 by kind.

    .venv/bin/python tests/benchmarks/bench_mix.py /tmp/morgue-bench-100000 [--label after]

A before/after figure for a change to the searcher in a minute, where ``bench.py --redo-search``
rebuilds the references and takes many: one fresh process, the queries in the benchmark's order, each
run once (as the comparison runs them), timed in CPU. Morgue only; the references' figures are
those of the run that built the archive.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
if str(HERE.parents[1]) not in sys.path:
    sys.path.insert(1, str(HERE.parents[1]))

import generate as G  # noqa: E402
import queries  # noqa: E402
from bench import _time_snippets, pct  # noqa: E402

from index.archive import Archive  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("work", type=Path, help="the --work folder of a bench.py run (its truth and data-raw2)")
    ap.add_argument("--label", default="", help="printed before the figures")
    ap.add_argument("--seed", type=int, default=G.DEFAULT_SEED)
    ap.add_argument("--slowest", type=int, default=0, help="print the queries whose snippets took longest")
    args = ap.parse_args(argv)
    qs = queries.build(args.seed, args.work / "truth.jsonl")
    archive = Archive(args.work / "data-raw2")
    snippet_cpu = _time_snippets()
    archive.search("report")  # opened, as the comparison's warm-up
    by: dict[str, list[float]] = {"all": []}
    snippets: list[tuple[float, str]] = []
    for q in qs:
        snippet_cpu[0] = 0.0
        c = time.process_time()
        archive.search(q.text, page=1, pagelen=20, filters=q.filters or None)
        ms = (time.process_time() - c) * 1000
        by["all"].append(ms)
        by.setdefault(q.group, []).append(ms)
        snippets.append((snippet_cpu[0] * 1000, q.text))
    cells = [f"{g} {statistics.median(v):.1f} / {pct(v, 0.95):.1f}" for g, v in by.items()]
    spent = [ms for ms, _ in snippets]
    cells.append(f"snippets {statistics.median(spent):.2f} / {pct(spent, 0.95):.2f}")
    if args.slowest:
        for ms, text in sorted(snippets, reverse=True)[: args.slowest]:
            print(f"  snippets {ms:6.2f} ms  {text}")
    print(f"{args.label + ': ' if args.label else ''}CPU ms p50 / p95 — " + "; ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
