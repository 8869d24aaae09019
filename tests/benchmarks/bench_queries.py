"""A quick latency check of typical queries on an indexed archive (median of several runs).

    .venv/bin/python tests/benchmarks/bench_queries.py DATA_DIR [--runs 5]

Prints the total and the median time of each query, then the sum of the medians: a before/after
figure for a change to the searcher, cheaper than the whole ``bench.py``.
"""

from __future__ import annotations

import argparse
import statistics
import time

from index.archive import Archive

QUERIES = ("long", "city council", '"public safety"', "council", "", "counc*", "council date:2024",
           "long OR council", "mayor~")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="the archive's data directory")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    archive = Archive(args.data)
    archive.search("warm-up")
    medians = []
    for q in QUERIES:
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            result = archive.search(q)
            times.append(time.perf_counter() - t)
        medians.append(statistics.median(times))
        print(f"{q!r:24} {result.total:7} {medians[-1] * 1000:7.0f} ms")
    print(f"sum of medians: {sum(medians) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
