"""The search comparison of ``bench.py`` alone, on an archive and references an earlier run built:
Morgue beside FTS5, Xapian and Tantivy, interleaved query by query in one process, CPU ms p50 / p95
by kind of query, Morgue's ratios, and the CPU its snippets of a page take.

    .venv/bin/python tests/benchmarks/bench_phrases.py --work /tmp/morgue-bench-10000               # phrases
    .venv/bin/python tests/benchmarks/bench_phrases.py --work /tmp/morgue-bench-10000 --kinds all   # the mix

``--data`` picks another archive (default: ``data-raw2`` in ``--work``). The Morgue that is measured
is the checkout this file is in: run a copy of it from another checkout (a worktree of an older
commit) on the same archive and references to compare versions; the positions files an index has
are ignored by a Morgue that does not know them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench as B  # noqa: E402  (puts this checkout first on the path)
import generate as G  # noqa: E402
import queries as Q  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, required=True, help="a bench.py --work folder (truth.jsonl, references)")
    ap.add_argument("--data", type=Path, help="the archive searched (default: data-raw2 in --work)")
    ap.add_argument("--seed", type=int, default=G.DEFAULT_SEED)
    ap.add_argument("--queries", type=int, default=200, help="the first N queries of bench.py's mix")
    ap.add_argument("--kinds", default="phrase", help="query kinds, comma-separated, or 'all' (default: phrase)")
    ap.add_argument("--engines", default="fts5,xapian,tantivy")
    ap.add_argument("--json", type=Path, help="write the rows here too")
    a = ap.parse_args(argv)
    qs = Q.build(a.seed, a.work / "truth.jsonl")[: a.queries]
    if a.kinds != "all":
        kinds = set(a.kinds.split(","))
        qs = [q for q in qs if q.kind in kinds]
    engines, paths = ["morgue"], {}
    for engine in a.engines.split(","):
        path = a.work / B.REFERENCES[engine][1]
        ok, why = B._available(engine)
        if ok and path.exists():
            engines.append(engine)
            paths[engine] = str(path)
        else:
            print(f"{B.LABELS[engine]} skipped: {why or 'not built in ' + str(a.work)}", file=sys.stderr)
    data = a.data or a.work / "data-raw2"
    out = B.job_compare({"engines": engines, "queries": Q.to_json(qs), "data": str(data), "paths": paths})
    rows = out["queries"]
    groups = list(dict.fromkeys(q.group for q in qs))
    refs = engines[1:]
    print(f"{len(qs)} queries, load average {os.getloadavg()[0]:.1f} at the end; CPU ms p50 / p95")
    print("| kind | n | " + " | ".join(B.LABELS[e] for e in engines) + " | "
          + " | ".join(f"Morgue/{B.LABELS[e]}" for e in refs) + " |")
    print("|---|---|" + "---|" * (len(engines) + len(refs)))
    for g in [None, *groups] if len(groups) > 1 else groups:
        stats = {e: B.latency([r for r in rows[e] if g is None or r["group"] == g]) for e in engines}
        m = stats["morgue"]
        cells = [f"{B._f(stats[e]['cpu_p50_ms'])} / {B._f(stats[e]['cpu_p95_ms'])}" for e in engines]
        cells += [f"{B._ratio(m['cpu_p50_ms'], stats[e]['cpu_p50_ms'])} / "
                  f"{B._ratio(m['cpu_p95_ms'], stats[e]['cpu_p95_ms'])}" for e in refs]
        n = sum(1 for q in qs if g is None or q.group == g)
        print(f"| {g or '**all**'} | {n} | " + " | ".join(cells) + " |")
    snip = B.latency(rows["morgue"])
    print(f"Morgue's snippets of a page (the highlighter and up to 20 snippets), CPU ms p50 / p95: "
          f"{snip['snippet_cpu_p50_ms']:.2f} / {snip['snippet_cpu_p95_ms']:.2f}")
    if a.json:
        a.json.write_text(json.dumps(out, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
