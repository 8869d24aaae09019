"""The growth of the benchmark's figures with the archive's size, as an SVG (no plotting library).

Run: .venv/bin/python tests/benchmarks/plot.py tests/benchmarks/out/bench-*.json --out growth.svg

Each bench.py JSON is one size. Five panels, log-log: search CPU p95 (Morgue's for all queries
and for phrases, Xapian's and Tantivy's for all), Morgue's p95 by kind of query, build CPU per
article (import without NLP, rebuild), peak memory of the import and the rebuild, and the index on
disk. Each series is fitted with a power law through its two largest sizes and drawn dashed to
1,000,000 articles; the projected values at 1M are printed, with the first to cross its limit
(search p95 100 ms, 500 MB of memory). A series measured at one size only has no projection.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

TARGET = 1_000_000
LIMITS = {"search p95, all (ms)": 100.0, "phrases p95 (ms)": 100.0, "import peak (MB)": 500.0,
          "rebuild peak (MB)": 500.0}
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"]
KINDS = ("words", "boolean", "prefix", "fuzzy", "field", "date range")  # phrases are beside "all"


def _cpu_ms_per_article(job: dict) -> float | None:
    cpu = (job.get("self_cpu_s") or 0) + (job.get("children_cpu_s") or 0)
    return 1000 * cpu / job["articles"] if cpu and job.get("articles") else None


def figures(res: dict) -> dict[str, dict[str, float | None]]:
    """The panels' series of one run: panel -> series -> value."""
    raw = (res.get("import") or {}).get("raw_2p") or {}
    rb = res.get("rebuild") or {}
    cmp = res.get("compare") or {}
    engines = cmp.get("by_engine") or {}
    groups = (cmp.get("by_group") or {}).get("morgue") or {}
    return {
        "search CPU p95 (ms), Morgue and the references": {
            "search p95, all (ms)": (engines.get("morgue") or {}).get("cpu_p95_ms"),
            "phrases p95 (ms)": (groups.get("phrase") or {}).get("cpu_p95_ms"),
            "Xapian, all": (engines.get("xapian") or {}).get("cpu_p95_ms"),
            "Tantivy, all": (engines.get("tantivy") or {}).get("cpu_p95_ms")},
        "Morgue's search CPU p95 by kind (ms)": {
            kind: (groups.get(kind) or {}).get("cpu_p95_ms") for kind in KINDS},
        "build CPU per article (ms)": {"import without NLP": _cpu_ms_per_article(raw),
                                       "rebuild": _cpu_ms_per_article(rb)},
        "peak memory (MB)": {"import peak (MB)": raw.get("tree_peak_mb"), "rebuild peak (MB)": rb.get("tree_peak_mb")},
        "index on disk (MB)": {"Whoosh + store": (res.get("sizes") or {}).get("total_mb")},
    }


def fit(points: list[tuple[int, float]]) -> tuple[float, float] | None:
    """(exponent, value at TARGET) of a power law through the two largest sizes, or None."""
    pts = sorted(p for p in points if p[1])
    if len(pts) < 2 or pts[-1][0] == pts[-2][0]:
        return None
    (n1, v1), (n2, v2) = pts[-2], pts[-1]
    k = math.log(v2 / v1) / math.log(n2 / n1)
    return k, v2 * (TARGET / n2) ** k


def svg(runs: dict[int, dict], width: int = 900, row_height: int = 320) -> tuple[str, list[str]]:
    """The SVG text and the projection lines."""
    panels = list(next(iter(runs.values())).keys())
    height = row_height * ((len(panels) + 1) // 2)
    pw, ph = width // 2, row_height
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
           f'font-size="11"><rect width="100%" height="100%" fill="white"/>']
    notes: list[str] = []
    sizes = sorted(runs)
    xlo, xhi = math.log10(min(sizes) / 2), math.log10(TARGET * 1.5)
    for i, panel in enumerate(panels):
        ox, oy = (i % 2) * pw + 60, (i // 2) * ph + 30
        w, h = pw - 90, ph - 80
        series = {s: [(n, runs[n][panel][s]) for n in sizes if runs[n][panel].get(s)] for s in runs[sizes[0]][panel]}
        lines: dict[str, list[tuple[int, float]]] = {}
        for s, pts in series.items():
            f = fit(pts)
            lines[s] = pts + ([(TARGET, f[1])] if f else [])
            if f:
                limit = LIMITS.get(s)
                over = f" (over the {limit:,.0f} limit)" if limit and f[1] > limit else ""
                notes.append(f"{panel} — {s}: ∝ n^{f[0]:.2f}, {f[1]:,.1f} at 1M{over}")
            elif pts:
                notes.append(f"{panel} — {s}: measured at one size only, no projection")
        values = [v for pts in lines.values() for _, v in pts]
        if not values:
            continue
        ylo, yhi = math.log10(min(values) / 1.5), math.log10(max(values) * 1.5)

        def x(n: float) -> float:
            return ox + w * (math.log10(n) - xlo) / (xhi - xlo)  # noqa: B023

        def y(v: float) -> float:
            return oy + h - h * (math.log10(v) - ylo) / (yhi - ylo)  # noqa: B023

        out.append(f'<rect x="{ox}" y="{oy}" width="{w}" height="{h}" fill="none" stroke="#888"/>')
        out.append(f'<text x="{ox}" y="{oy - 8}" font-weight="bold">{panel}</text>')
        for n in (10_000, 30_000, 100_000, 300_000, 1_000_000):
            out.append(f'<line x1="{x(n):.1f}" y1="{oy + h}" x2="{x(n):.1f}" y2="{oy + h + 4}" stroke="#888"/>'
                       f'<text x="{x(n):.1f}" y="{oy + h + 16}" text-anchor="middle">{n // 1000:,}k</text>')
        for e in range(math.floor(ylo), math.ceil(yhi) + 1):
            for m in (1, 3):
                v = m * 10**e
                if ylo <= math.log10(v) <= yhi:
                    out.append(f'<text x="{ox - 4}" y="{y(v) + 4:.1f}" text-anchor="end">{v:g}</text>'
                               f'<line x1="{ox}" y1="{y(v):.1f}" x2="{ox + w}" y2="{y(v):.1f}" stroke="#eee"/>')
        for j, (s, pts) in enumerate(lines.items()):
            c = COLOURS[j % len(COLOURS)]
            measured = [p for p in pts if p[0] != TARGET]
            if len(measured) > 1:
                path = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, v in measured)
                out.append(f'<polyline points="{path}" fill="none" stroke="{c}" stroke-width="2"/>')
            if len(pts) > len(measured):
                (n1, v1), (n2, v2) = measured[-1], pts[-1]
                out.append(f'<line x1="{x(n1):.1f}" y1="{y(v1):.1f}" x2="{x(n2):.1f}" y2="{y(v2):.1f}" '
                           f'stroke="{c}" stroke-width="2" stroke-dasharray="5,4"/>')
            for n, v in measured:
                out.append(f'<circle cx="{x(n):.1f}" cy="{y(v):.1f}" r="3.5" fill="{c}"/>')
            out.append(f'<text x="{ox + 6}" y="{oy + 14 + 13 * j}" fill="{c}">{s}</text>')
            limit = LIMITS.get(s)
            if limit and ylo <= math.log10(limit) <= yhi:
                out.append(f'<line x1="{ox}" y1="{y(limit):.1f}" x2="{ox + w}" y2="{y(limit):.1f}" stroke="{c}" '
                           f'stroke-opacity="0.4" stroke-dasharray="2,3"/>')
    out.append("</svg>")
    return "\n".join(out), notes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("runs", nargs="+", type=Path, help="bench.py JSON figures, one per size")
    ap.add_argument("--out", type=Path, default=Path("growth.svg"))
    args = ap.parse_args(argv)
    runs: dict[int, dict] = {}
    for path in args.runs:
        res = json.loads(path.read_text())
        runs[int(res["size"])] = figures(res)  # a later file of the same size replaces an earlier one
    text, notes = svg(runs)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: sizes {', '.join(f'{n:,}' for n in sorted(runs))}")
    for line in notes:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
