"""The README's performance tables from ``bench.py`` runs, one JSON per size, side by side.

    .venv/bin/python tests/benchmarks/summary.py /tmp/bench-10000.json /tmp/bench-30000.json /tmp/bench-100000.json

Prints one table across the sizes (search p95 of Morgue and of each reference, with Morgue's
ratios; phrases; snippets; the build; memory; disk; the GUI's start), then each run's own table by
kind of query, as ``bench.py`` printed it, under its command, machine and load averages.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import LABELS, compare_report  # noqa: E402

REFERENCES = ("xapian", "tantivy", "fts5")


def _cpu(res: dict, engine: str, group: str | None = None) -> tuple[float, float] | None:
    cmp = res.get("compare") or {}
    got = (cmp.get("by_engine") or {}).get(engine) if group is None else \
        ((cmp.get("by_group") or {}).get(engine) or {}).get(group)
    if not got or got.get("cpu_p95_ms") is None:
        return None
    return got["cpu_p50_ms"], got["cpu_p95_ms"]


def _pair(v: tuple[float, float] | None) -> str:
    return "n/a" if v is None else f"{v[0]:,.1f} / {v[1]:,.1f}"


def _times(a: float | None, b: float | None) -> str:
    return "" if a is None or not b else f"{a / b:.2f}×"


def _rate(job: dict | None) -> str:
    if not job or not job.get("seconds"):
        return "n/a"
    cpu = (job.get("self_cpu_s") or 0) + (job.get("children_cpu_s") or 0)
    per = f"; {1000 * cpu / job['articles']:.1f} ms CPU an article" if cpu else ""
    return f"{job['articles'] / job['seconds']:,.0f}/s{per}"


def rows(runs: list[dict]) -> list[str]:
    """The table across sizes."""
    head = "| figure | " + " | ".join(f"{r['size']:,}" for r in runs) + " |"
    out = [head, "|---|" + "---|" * len(runs)]

    def row(name: str, cells: list[str]) -> None:
        out.append(f"| {name} | " + " | ".join(cells) + " |")

    row("load average at the start / during the search / at the end",
        [" / ".join(f"{x:.1f}" for x in (r["machine"].get("loadavg_at_redo") or r["machine"]["loadavg_at_start"])[:1]
                    + [((r.get("compare") or {}).get("loadavg") or [0])[0], (r.get("loadavg_at_end") or [0])[0]])
         for r in runs])
    for group, label in ((None, "all 200 queries"), ("phrase", "phrases (25)"), ("field", "fields (50)"),
                         ("prefix", "prefixes (10)")):
        row(f"search, {label}: Morgue CPU ms p50 / p95", [_pair(_cpu(r, "morgue", group)) for r in runs])
        for ref in REFERENCES:
            cells = []
            for r in runs:
                m, x = _cpu(r, "morgue", group), _cpu(r, ref, group)
                cells.append(f"{_pair(x)} ({_times(m[1], x[1])})" if m and x else "n/a")
            row(f"… {LABELS[ref]} (Morgue's p95 ÷ its p95)", cells)
    row("snippets of a page of 20, CPU ms p50 / p95",
        [_pair(((r.get("compare") or {}).get("by_engine") or {}).get("morgue", {}).get("snippet_cpu_p50_ms") and
               (r["compare"]["by_engine"]["morgue"]["snippet_cpu_p50_ms"],
                r["compare"]["by_engine"]["morgue"]["snippet_cpu_p95_ms"])) for r in runs])
    row("import without NLP, 2 processes", [_rate((r.get("import") or {}).get("raw_2p")) for r in runs])
    row("rebuild from the store", [_rate(r.get("rebuild")) for r in runs])
    row("entity table linked from the stored extractions",
        [f"{r['size'] / e['seconds']:,.0f}/s" if (e := (r.get("attach") or {}).get("entity_table")) else "n/a"
         for r in runs])
    for name, builds in (("Xapian build", "xapian"), ("Tantivy build", "tantivy"), ("FTS5 build", "fts5")):
        row(f"{name}, wall s per 1,000 articles",
            [f"{b['seconds'] * 1000 / r['size']:.2f}" if (b := (r.get("builds") or {}).get(builds)) and
             b.get("seconds") else "n/a" for r in runs])
    row("peak memory, import / rebuild (MB, all processes)",
        [f"{((r.get('import') or {}).get('raw_2p') or {}).get('tree_peak_mb', 0):,.0f} / "
         f"{(r.get('rebuild') or {}).get('tree_peak_mb', 0):,.0f}" for r in runs])
    row("index on disk, Whoosh + store (MB)",
        [f"{s['total_mb']:,.0f} ({s['whoosh_mb']:,.0f} + {s['store_mb']:,.0f})" if (s := r.get("sizes")) else "n/a"
         for r in runs])
    row("GUI start to a usable window / its memory",
        [f"{g['usable_s']:.2f} s / {g['rss_mb']:,.0f} MB" if (g := r.get("gui")) and g.get("usable_s") else "n/a"
         for r in runs])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("runs", nargs="+", type=Path, help="bench.py JSON figures, one per size")
    args = ap.parse_args(argv)
    runs = sorted((json.loads(p.read_text()) for p in args.runs), key=lambda r: r["size"])
    print("\n".join(rows(runs)))
    for r in runs:
        m = r["machine"]
        print(f"\n#### {r['size']:,} articles\n\n{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB, Python "
              f"{m['python']}, {m['date']}. Command: `{r.get('command')}`"
              + (f"; search and rebuild again with `{r['command_redo']}`" if r.get("command_redo") else "") + ".\n")
        print("\n".join(compare_report(r)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
