"""Morgue at archive scale: import, re-index, search, GUI start, size and memory, against FTS5, Xapian, Tantivy.

    .venv/bin/python tests/benchmarks/bench.py --size 10000                      # make bench, ~20 min
    .venv/bin/python tests/benchmarks/bench.py --size 10000 --full-limit 10000   # NLP over all 10,000
    .venv/bin/python tests/benchmarks/bench.py --size 100000 --no-nlp            # no NLP at all
    .venv/bin/python tests/benchmarks/bench.py --size 30000 --redo-search        # search again, same archive
    .venv/bin/python tests/benchmarks/bench.py --size 30000 --redo-search --redo-rebuild --keep-references

Prints Markdown tables and writes the figures as JSON (``--out``, default
``tests/benchmarks/out/bench-<size>.json``). The corpus is generated once per size and seed in
``--work`` (default ``/tmp/morgue-bench-<size>``) and reused; the archives built from it are not
(``--reuse`` keeps imports that completed).

Up to ``--full-limit`` articles (2,000) the full import (parse + NLP + index) runs over the whole
corpus and that archive is the one searched. Above it, the full import runs on the first
``--nlp-subset`` articles (1,000) and its rate is extrapolated (labelled so); ``--no-nlp`` skips
it, and the extraction quality, altogether. The whole corpus is imported without NLP, the
generator's truth is stored as its extractions through the Store API (so speakers, people and
quotes are in the index as after a real import) and ``Archive.rebuild()`` builds the index that is
searched.

Search is compared with three references built from the same store (``fts5.py``, ``xapian_ref.py``,
``tantivy_ref.py``; what they share and how they differ from Morgue is in ``reference.py`` and each
module's docstring): all engines are opened in one process and every query runs on each in turn,
timed in CPU (``process_time``: the machine may be shared) and wall time; p50 / p95 by kind of
query, Morgue's ratio to each, and the queries whose totals differ. A reference that is not
installed (Tantivy: the ``bench`` extra; Xapian: Debian's ``python3-xapian``) is skipped with a note.

Every other measurement runs in a subprocess of its own (``--job``), so memory and cold starts are
clean. Extraction, the desktop app and ``bench_gui_start.py`` are used when they import and
reported as n/a when they do not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
if str(REPO) not in sys.path:
    sys.path.insert(1, str(REPO))

import generate as G  # noqa: E402

RESULT = "@@RESULT "
TARGETS = {  # at 100,000 articles on 2 cores
    "search_p95_ms": 100.0, "search_p95_vs_fts5": 3.0, "gui_usable_s": 1.0, "gui_rss_mb": 400.0,
    "import_2p_per_s": 25.0, "rebuild_per_s": 300.0, "reindex_unchanged_s": 5.0,
}


# --- memory: the process tree, read from /proc ------------------------------------------------------------


def _rss_split_mb(pid: int) -> dict:
    """Resident memory split into anonymous (the heap) and file-backed (mmapped index files) pages."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("RssAnon:", "RssFile:", "RssShmem:")):
                    out[line.split(":")[0]] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = defaultdict(list)
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                parents[ppid].append(int(name))
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(parents.get(pid, ()))
    return out


class TreeRss(threading.Thread):
    """Samples the resident memory of this process and all its descendants; keeps the peak sum."""

    def __init__(self, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_kb = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(p) for p in _tree(os.getpid())))
            self._halt.wait(self.interval)

    def stop(self) -> float:
        self._halt.set()
        self.join()
        return self.peak_kb / 1024


def _maxrss_mb() -> dict:
    """Peak RSS and CPU seconds of this job's process and of its children (the CPU times are what a
    shared machine leaves comparable: a wall time doubles when another job takes the other core)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"self_peak_mb": me.ru_maxrss / 1024, "children_peak_mb": kids.ru_maxrss / 1024,
            "self_cpu_s": me.ru_utime + me.ru_stime, "children_cpu_s": kids.ru_utime + kids.ru_stime,
            "loadavg": os.getloadavg()}


# --- timing stages by wrapping the core's functions (in the job's process) -------------------------------


class Stages:
    """Wall time spent inside wrapped functions, by label."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, owner: object, name: str, label: str | None = None, by_suffix: bool = False) -> None:
        orig = getattr(owner, name)
        seconds, calls = self.seconds, self.calls

        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            key = label or name
            if by_suffix and args:
                key = f"{key} {Path(str(args[0])).suffix}"
            t = time.perf_counter()
            try:
                return orig(*args, **kwargs)
            finally:
                seconds[key] += time.perf_counter() - t
                calls[key] += 1

        setattr(owner, name, timed)


def _instrument(stages: Stages, reader_side: bool) -> None:
    from index import ingest
    from index.pipeline import run, writers
    from index.store.db import Store

    stages.wrap(run, "scan", "scan (stat pass)")
    stages.wrap(Store, "files", "SQLite read: file records")
    stages.wrap(writers.IndexWriters, "put", "Whoosh: add documents")
    stages.wrap(writers.IndexWriters, "commit", "Whoosh: commit/merge")
    stages.wrap(Store, "commit_batch", "SQLite: write batch")
    if reader_side:  # only in this process when processes=1
        stages.wrap(ingest, "read_file", "parse", by_suffix=True)
        stages.wrap(Store, "extraction", "SQLite read: extraction cache")
        try:
            from index import extract
            from index.extract import nlp

            stages.wrap(extract.Extractor, "extract", "NLP: extract (incl. model load)")
            stages.wrap(nlp, "load", "NLP: model load")
        except ImportError:
            pass


# --- jobs (each in its own process) -----------------------------------------------------------------------


def job_probe(p: dict) -> dict:
    out: dict = {}
    try:
        from index.extract import EXTRACTOR_VERSION, Extractor  # noqa: F401

        out["extract"] = True
        out["extractor_version"] = EXTRACTOR_VERSION
    except Exception as exc:  # noqa: BLE001 - anything that stops it is "not available"
        out["extract"] = False
        out["extract_reason"] = f"{type(exc).__name__}: {exc}"
    try:
        import desktop.app  # noqa: F401

        out["desktop"] = True
    except Exception as exc:  # noqa: BLE001
        out["desktop"] = False
        out["desktop_reason"] = f"{type(exc).__name__}: {exc}"
    return out


def job_import(p: dict) -> dict:
    from index.archive import Archive

    stages = Stages()
    _instrument(stages, reader_side=p["processes"] == 1)
    rss = TreeRss()
    rss.start()
    t = time.perf_counter()
    archive = Archive(Path(p["data"]))
    report = archive.index([Path(r) for r in p["roots"]], extract=p["extract"], processes=p["processes"])
    seconds = time.perf_counter() - t
    tree_peak = rss.stop()
    articles = report.articles_added + report.articles_updated
    archive.close()
    return {"seconds": seconds, "articles": articles, "files_read": report.files_read,
            "files_seen": report.files_seen, "files_unchanged": report.files_unchanged,
            "articles_removed": report.articles_removed, "problems": len(report.problems),
            "problem_sample": [f"{Path(x.path).name}: {x.reason}" for x in report.problems[:3]],
            "stages": dict(stages.seconds), "calls": dict(stages.calls), "tree_peak_mb": tree_peak,
            **_maxrss_mb()}


def job_rebuild(p: dict) -> dict:
    from index.archive import Archive
    from index.jobs import CancelToken

    rss = TreeRss()
    rss.start()
    archive = Archive(Path(p["data"]))
    cancel = CancelToken()
    budget = p.get("budget")
    timer = threading.Timer(budget, cancel.cancel) if budget else None
    if timer:
        timer.start()
    t = time.perf_counter()
    n = archive.rebuild(cancel=cancel)
    seconds = time.perf_counter() - t
    if timer:
        timer.cancel()
    archive.close()
    return {"seconds": seconds, "articles": n, "completed": not cancel.cancelled, "total": p.get("total"),
            "tree_peak_mb": rss.stop(), **_maxrss_mb()}


# The references: name -> (module, file or folder in --work). Each module has available(), build() and Searcher.
REFERENCES = {"fts5": ("fts5", "fts5.sqlite"), "xapian": ("xapian_ref", "xapian.db"),
              "tantivy": ("tantivy_ref", "tantivy.idx")}
LABELS = {"morgue": "Morgue", "fts5": "FTS5", "xapian": "Xapian", "tantivy": "Tantivy"}
WARMUP = {"kind": "warmup", "text": "report", "words": ["report"]}


def _reference(engine: str):  # type: ignore[no-untyped-def]
    import importlib

    return importlib.import_module(REFERENCES[engine][0])


def _available(engine: str) -> tuple[bool, str]:
    if engine == "fts5":
        return True, ""
    return _reference(engine).available()  # type: ignore[no-any-return]


def _run_query(engine: str, handle: object, q) -> int:  # type: ignore[no-untyped-def]
    if engine == "morgue":
        res = handle.search(q.text, page=1, pagelen=20, filters=q.filters or None)  # type: ignore[attr-defined]
        return int(res.total)
    return int(handle.search(q)["total"])  # type: ignore[attr-defined]


def _open(engine: str, p: dict) -> object:
    if engine == "morgue":
        from index.archive import Archive

        return Archive(Path(p["data"]))
    return _reference(engine).Searcher(Path(p["paths"][engine]))


def job_cold(p: dict) -> dict:
    import queries

    q = queries.from_json([p["query"]])[0]
    t0 = time.perf_counter()
    if p["engine"] == "morgue":
        import index.archive  # noqa: F401
    t1 = time.perf_counter()
    handle = _open(p["engine"], p)
    t2 = time.perf_counter()
    total = _run_query(p["engine"], handle, q)
    t3 = time.perf_counter()
    return {"import_s": t1 - t0, "open_s": t2 - t1, "first_query_s": t3 - t2, "total": total}


def _time_snippets() -> list[float]:
    """Wrap Morgue's snippet making (the page's highlighter, then a snippet per hit) to add its CPU
    seconds into the returned one-item list, which the caller resets before each query."""
    import index.search.searcher as searcher_module

    spent = [0.0]

    def timed(f):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            c = time.process_time()
            try:
                return f(*args, **kwargs)
            finally:
                spent[0] += time.process_time() - c
        return wrapper

    searcher_module.snippet_of = timed(searcher_module.snippet_of)
    searcher_module.Searcher._matcher = timed(searcher_module.Searcher._matcher)
    return spent


def job_compare(p: dict) -> dict:
    """Every engine in this one process, query by query: each query runs on every engine in turn (the
    order rotating), timed in CPU (process_time: the machine is shared) and wall time."""
    import queries

    qs = queries.from_json(p["queries"])
    engines = p["engines"]
    prof = None
    if p.get("profile"):
        try:
            from pyinstrument import Profiler

            prof = Profiler(interval=0.0005)
        except ImportError:
            prof = None
    snippet_cpu = _time_snippets() if "morgue" in engines else [0.0]
    handles, opened = {}, {}
    for engine in engines:
        t = time.perf_counter()
        handles[engine] = _open(engine, p)
        _run_query(engine, handles[engine], queries.from_json([WARMUP])[0])
        opened[engine] = time.perf_counter() - t
    rows: dict[str, list[dict]] = {e: [] for e in engines}
    for i, q in enumerate(qs):
        for engine in engines[i % len(engines):] + engines[: i % len(engines)]:
            if prof and engine == "morgue":
                prof.start()
            snippet_cpu[0] = 0.0
            t, c = time.perf_counter(), time.process_time()
            try:
                total, err = _run_query(engine, handles[engine], q), None
            except Exception as exc:  # noqa: BLE001 - a failing query is a figure too
                total, err = -1, f"{type(exc).__name__}: {exc}"
            ms, cpu_ms = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
            if prof and engine == "morgue":
                prof.stop()
            row = {"kind": q.kind, "group": q.group, "ms": ms, "cpu_ms": cpu_ms, "total": total, "error": err}
            if engine == "morgue":
                row["snippet_cpu_ms"] = snippet_cpu[0] * 1000
            rows[engine].append(row)
    if prof:
        Path(p["profile"]).write_text(prof.output_text(unicode=True, color=False, show_all=False))
    return {"open_and_warmup_s": opened, "queries": rows, "rss_mb": _rss_kb(os.getpid()) / 1024,
            "rss_split_mb": _rss_split_mb(os.getpid()), "loadavg": os.getloadavg()}


def job_ref_build(p: dict) -> dict:
    out = _reference(p["engine"]).build(Path(p["path"]), Path(p["data"]), extractions=p.get("extractions", True))
    out["loadavg"] = os.getloadavg()
    return out  # type: ignore[no-any-return]


def job_attach(p: dict) -> dict:
    import truth

    t = time.perf_counter()
    out = truth.attach(Path(p["data"]), Path(p["root"]), Path(p["truth"]), p["version"])
    return {**out, "seconds": time.perf_counter() - t}


def job_quality(p: dict) -> dict:
    import truth

    return truth.quality(Path(p["data"]), Path(p["root"]), Path(p["truth"]), p["sample"])


def job_gui(p: dict) -> dict:
    """Without bench_gui_start.py: the main window on the archive, offscreen, until its first results.

    Times from the launch of this process (``launched``, wall clock of the parent) to the window's
    ``results_shown``; settings go to a private folder so the user's are never touched.
    """
    import tempfile

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="morgue-bench-gui-")
    from functools import partial

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.archives import open_at_start
    from desktop.main_window import MainWindow
    from desktop.settings import Settings

    app = QApplication([sys.argv[0]])
    settings = Settings()
    marks: dict[str, float] = {}
    window = MainWindow(settings, partial(open_at_start, Path(p["data"]), None))
    window.show()
    marks["shown_s"] = time.time() - p["launched"]

    def on_results(_request_id: int) -> None:
        if "usable_s" not in marks:
            marks["usable_s"] = time.time() - p["launched"]
            marks["rss_mb"] = _rss_kb(os.getpid()) / 1024
            marks["rss_split_mb"] = _rss_split_mb(os.getpid())
            QTimer.singleShot(1500, app.quit)  # let the rest of the start settle, then measure again

    window.results_shown.connect(on_results)
    QTimer.singleShot(60_000, app.quit)
    app.exec()
    marks["rss_after_1_5s_mb"] = _rss_kb(os.getpid()) / 1024
    marks["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.shutdown()
    return marks


JOBS = {"probe": job_probe, "import": job_import, "rebuild": job_rebuild, "cold": job_cold, "compare": job_compare,
        "ref_build": job_ref_build, "attach": job_attach, "quality": job_quality, "gui": job_gui}


def run_job(kind: str, timeout: float | None = None, **params: object) -> dict:
    """Run a job in a fresh interpreter; its result, with its wall time and peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    cmd = [sys.executable, str(Path(__file__).resolve()), "--job", json.dumps({"kind": kind, **params})]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO)
    wall = time.perf_counter() - t
    lines = [line for line in proc.stdout.splitlines() if line.startswith(RESULT)]
    if proc.returncode or not lines:
        tail = "\n".join(proc.stderr.strip().splitlines()[-6:])
        return {"error": f"job {kind} failed (exit {proc.returncode}): {tail}", "wall_s": wall}
    out = json.loads(lines[-1][len(RESULT):])
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out["wall_s"] = wall
    out["maxrss_children_mb_at_least"] = max(before, after) / 1024
    return out


# --- the run ----------------------------------------------------------------------------------------------


def machine() -> dict:
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(mem_kb / 2**20, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "loadavg_at_start": os.getloadavg(),
            "date": dt.datetime.now().isoformat(timespec="seconds")}


def disk_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def sizes(data: Path) -> dict:
    whoosh = disk_bytes(data / "whoosh")
    store = sum(disk_bytes(p) for p in data.glob("store.sqlite*"))
    return {"whoosh_mb": whoosh / 2**20, "store_mb": store / 2**20, "total_mb": (whoosh + store) / 2**20}


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    v = sorted(values)
    k = (len(v) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def latency(rows: list[dict]) -> dict:
    ok = [r for r in rows if not r.get("error")]
    ms = [r["ms"] for r in ok]
    by_kind: dict[str, dict] = {}
    for kind in dict.fromkeys(r["kind"] for r in rows):
        k = [r for r in ok if r["kind"] == kind]
        by_kind[kind] = {"p50_ms": pct([r["ms"] for r in k], 0.5), "p95_ms": pct([r["ms"] for r in k], 0.95),
                         "cpu_p95_ms": pct([r.get("cpu_ms", 0.0) for r in k], 0.95),
                         "mean_hits": sum(r["total"] for r in k) / len(k) if k else None,
                         "errors": sum(1 for r in rows if r["kind"] == kind and r.get("error"))}
    cpu = [r["cpu_ms"] for r in ok if "cpu_ms" in r]
    snippets = [r["snippet_cpu_ms"] for r in ok if "snippet_cpu_ms" in r]
    return {"p50_ms": pct(ms, 0.5), "p95_ms": pct(ms, 0.95), "max_ms": max(ms) if ms else None,
            "cpu_p50_ms": pct(cpu, 0.5), "cpu_p95_ms": pct(cpu, 0.95),
            "snippet_cpu_p50_ms": pct(snippets, 0.5), "snippet_cpu_p95_ms": pct(snippets, 0.95),
            "errors": len(rows) - len(ok), "by_kind": by_kind,
            "error_sample": [r["error"] for r in rows if r.get("error")][:3]}


def differing_totals(qs: list, rows: dict[str, list[dict]], engines: list[str]) -> dict:
    """The queries whose exact totals are not the same on every engine."""
    out = []
    for i, q in enumerate(qs):
        totals = {e: rows[e][i]["total"] for e in engines if i < len(rows.get(e, []))}
        if len(set(totals.values())) > 1:
            out.append({"kind": q.kind, "text": q.text, "filters": q.filters, "totals": totals})
    by_group: dict[str, int] = defaultdict(int)
    for d in out:
        by_group[d["kind"]] += 1
    return {"count": len(out), "of": len(qs), "by_kind": dict(by_group), "queries": out}


class Run:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.size: int = args.size
        self.work: Path = args.work or Path(f"/tmp/morgue-bench-{self.size}")
        self.out: Path = args.out or HERE / "out" / f"bench-{self.size}.json"
        self.res: dict = {"machine": machine(), "size": self.size, "work": str(self.work),
                          "command": " ".join([Path(sys.executable).name, *sys.argv]), "notes": []}
        self.started = time.perf_counter()

    def log(self, msg: str) -> None:
        print(f"[{time.perf_counter() - self.started:7.1f}s] {msg}", file=sys.stderr, flush=True)

    def note(self, msg: str) -> None:
        self.res["notes"].append(msg)
        self.log("note: " + msg)

    def data(self, name: str) -> Path:
        path = self.work / f"data-{name}"
        if path.exists() and not self.reused(name):
            shutil.rmtree(path)
        return path

    def reused(self, name: str) -> dict | None:
        """With --reuse, the saved result of an import into data-<name> that completed before."""
        saved = self.work / "results" / f"import-{name}.json"
        if self.args.reuse and saved.exists() and (self.work / f"data-{name}").exists():
            return json.loads(saved.read_text())
        return None

    def job(self, kind: str, **params: object) -> dict:
        name = Path(str(params.get("data", ""))).name.removeprefix("data-")
        if kind == "import" and params.get("roots") and (old := self.reused(name)):
            self.note(f"reused the earlier import into data-{name} (--reuse)")
            return {**old, "reused": True}
        out = run_job(kind, **params)
        if "error" in out:
            self.note(out["error"])
        elif kind == "import" and params.get("roots"):
            (self.work / "results").mkdir(exist_ok=True)
            (self.work / "results" / f"import-{name}.json").write_text(json.dumps(out))
        return out

    def go(self) -> dict:
        a, res = self.args, self.res
        self.log(f"corpus of {self.size:,} articles in {self.work}")
        corpus, gen_s = G.ensure_corpus(self.size, self.work, a.seed, log=self.log)
        self.corpus = corpus
        res["generate_s"] = gen_s
        res["corpus_mb"] = disk_bytes(corpus.root) / 2**20
        probe = self.job("probe")
        res["probe"] = probe
        res["core_sources_sha256"] = core_sources()  # the core changes under us: which one was measured
        extract = bool(probe.get("extract")) and a.nlp
        if not a.nlp:
            self.note("--no-nlp: no import with NLP and no extraction quality; the archive searched holds the "
                      "generator's truth as its extractions")
        elif not extract:
            self.note(f"extraction not available ({probe.get('extract_reason')}): NLP figures are n/a")
        full = self.size <= a.full_limit
        nlp_n = self.size if full else min(a.nlp_subset, self.size)
        one_n = min(a.one_proc_subset, nlp_n)
        roots = lambda n: [str(p) for p in corpus.roots(n)]  # noqa: E731
        imp = res["import"] = {}

        if extract:
            self.log(f"full import (parse + NLP + index), 2 processes, {nlp_n:,} articles")
            imp["nlp_2p"] = self.job("import", data=str(self.data("nlp2")), roots=roots(nlp_n), extract=True,
                                     processes=2)
            imp["nlp_2p"]["subset"] = not full
            self.log(f"  {self._rate(imp['nlp_2p'])}")
            self.log(f"full import, 1 process, {one_n:,} articles (stage timings)")
            imp["nlp_1p"] = self.job("import", data=str(self.data("nlp1")), roots=roots(one_n), extract=True,
                                     processes=1)
            self.log(f"  {self._rate(imp['nlp_1p'])}")
            shutil.rmtree(self.work / "data-nlp1", ignore_errors=True)
        if a.raw:  # parse + index alone, on the whole corpus
            self.log(f"import without NLP, 2 processes, {self.size:,} articles")
            imp["raw_2p"] = self.job("import", data=str(self.data("raw2")), roots=roots(self.size), extract=False,
                                     processes=2)
            self.log(f"  {self._rate(imp['raw_2p'])}")
        self.log(f"import without NLP, 1 process, {one_n:,} articles (stage timings)")
        imp["raw_1p"] = self.job("import", data=str(self.data("raw1")), roots=roots(one_n), extract=False, processes=1)
        self.log(f"  {self._rate(imp['raw_1p'])}")
        shutil.rmtree(self.work / "data-raw1", ignore_errors=True)

        # The archive that is searched, rebuilt and re-indexed.
        if extract and full:
            search_dir = self.work / "data-nlp2"
            res["searched"] = "the full import (real extraction)"
            reindex_extract = True
        elif not a.truth:
            search_dir = self.work / "data-raw2"
            res["searched"] = ("imported without NLP and searched as is (--no-truth): no speakers, people or quotes "
                               "in the index, so speaker/person queries find nothing and facets are cheaper than real")
            reindex_extract = False
        else:
            search_dir = self.work / "data-raw2"
            version = int(probe.get("extractor_version") or 0)
            self.log("storing the generator's truth as the extractions (no NLP)")
            res["attach"] = self.job("attach", data=str(search_dir), root=str(corpus.root), truth=str(corpus.truth),
                                     version=version)
            res["searched"] = "imported without NLP, the generator's truth stored as its extractions, then rebuilt"
            reindex_extract = extract
        res["sizes_after_import"] = sizes(search_dir)
        self.log(f"rebuild (no parsing, no NLP), {self.size:,} articles")
        res["rebuild"] = self.job("rebuild", data=str(search_dir), budget=a.rebuild_budget, total=self.size)
        if res["rebuild"].get("completed") is False:
            self.note(f"the rebuild was stopped after {a.rebuild_budget} s (--rebuild-budget) at "
                      f"{res['rebuild']['articles']:,} articles; its rate excludes the final commit and merge")
        self.log(f"  {self._rate(res['rebuild'])}")
        res["sizes"] = sizes(search_dir)

        if a.search:
            self.search(search_dir)
        else:
            self.note("--no-search: search not measured in this run (--redo-search measures it on this archive)")
        if extract:
            qdir = self.work / "data-nlp2"
            self.log(f"extraction quality on {a.quality_sample} articles")
            res["quality"] = self.job("quality", data=str(qdir), root=str(corpus.root), truth=str(corpus.truth),
                                      sample=a.quality_sample)
        self.gui(search_dir)
        self.reindex(search_dir, reindex_extract)
        res["total_s"] = time.perf_counter() - self.started
        res["loadavg_at_end"] = os.getloadavg()
        return res

    def _rate(self, r: dict) -> str:
        if "error" in r:
            return "failed"
        return f"{r['articles']:,} articles in {r['seconds']:.1f} s = {r['articles'] / r['seconds']:.1f}/s, " \
               f"peak RSS {r.get('tree_peak_mb', 0):.0f} MB"

    def search(self, data: Path, rebuild_refs: bool = True) -> None:
        """Build the references from the archive's store, then time every engine interleaved."""
        import queries

        a, res = self.args, self.res
        extractions = res.setdefault("search_has_extractions", not res.get("searched", "").startswith(
            "imported without NLP and searched as is"))
        qs = queries.build(a.seed, self.corpus.truth)[: a.queries]
        qjson = queries.to_json(qs)
        groups = dict.fromkeys(queries.GROUPS.values())
        res["queries"] = {"count": len(qs), "kinds": {k: n for k, n in queries.MIX},
                          "groups": {g: sum(1 for q in qs if q.group == g) for g in groups}}
        builds = res.setdefault("builds", {})
        paths, engines = {}, ["morgue"]
        for engine in a.engines:
            ok, why = _available(engine)
            if not ok:
                self.note(f"{LABELS[engine]} reference skipped: not installed ({why})")
                continue
            path = self.work / REFERENCES[engine][1]
            if rebuild_refs or not path.exists() or engine not in builds:
                self.log(f"{LABELS[engine]} reference: building from the same store ({self.size:,} articles)")
                builds[engine] = self.job("ref_build", engine=engine, path=str(path), data=str(data),
                                          extractions=extractions)
                b = builds[engine]
                if "error" in b:
                    continue
                self.log(f"  {b['articles']:,} articles in {b['seconds']:.1f} s ({b['cpu_seconds']:.1f} s CPU), "
                         f"load {b['loadavg'][0]:.1f}")
            paths[engine] = str(path)
            engines.append(engine)
        self.log(f"search, {', '.join(LABELS[e] for e in engines)} interleaved: {len(qs)} queries")
        prof = str(self.out.parent / f"profile-search-{self.size}.txt") if a.profile else None
        cmp = self.job("compare", engines=engines, queries=qjson, data=str(data), paths=paths, profile=prof)
        res["compare"] = {"loadavg": cmp.get("loadavg"), "open_and_warmup_s": cmp.get("open_and_warmup_s"),
                          "rss_mb": cmp.get("rss_mb"), "engines": engines}
        rows = cmp.get("queries", {})
        res["compare"]["by_engine"] = {e: latency(rows.get(e, [])) for e in engines}
        res["compare"]["by_group"] = {
            e: {g: latency([r for r in rows.get(e, []) if r["group"] == g]) for g in res["queries"]["groups"]}
            for e in engines}
        res["compare"]["differ"] = differing_totals(qs, rows, engines)
        cold_qs = qjson[:: max(1, len(qjson) // a.cold_runs)][: a.cold_runs]
        for engine in engines:
            self.log(f"search, {LABELS[engine]}: {len(cold_qs)} cold starts")
            colds = [self.job("cold", engine=engine, query=q, data=str(data), paths=paths) for q in cold_qs]
            colds = [c for c in colds if "error" not in c]
            res[f"search_{engine}"] = {
                "warm": res["compare"]["by_engine"][engine],
                "cold": {"p50_ms": pct([c["first_query_s"] * 1000 for c in colds], 0.5),
                         "p95_ms": pct([c["first_query_s"] * 1000 for c in colds], 0.95),
                         "open_p50_ms": pct([c["open_s"] * 1000 for c in colds], 0.5),
                         "import_p50_ms": pct([c["import_s"] * 1000 for c in colds], 0.5),
                         "open_plus_first_p95_ms": pct([(c["open_s"] + c["first_query_s"]) * 1000 for c in colds],
                                                       0.95),
                         "runs": len(colds)},
            }
            w = res[f"search_{engine}"]["warm"]
            self.log(f"  {LABELS[engine]}: CPU p50 {_f(w['cpu_p50_ms'])} ms, p95 {_f(w['cpu_p95_ms'])} ms, "
                     f"errors {w['errors']}")

    def gui(self, data: Path) -> None:
        res = self.res
        script = HERE / "bench_gui_start.py"
        if script.exists():
            self.log("GUI start: bench_gui_start.py")
            t = time.perf_counter()
            proc = subprocess.run([sys.executable, str(script), "--data-dir", str(data), "--json"],
                                  capture_output=True, text=True, cwd=REPO, timeout=300,
                                  env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
            wall = time.perf_counter() - t
            found = None
            for line in reversed(proc.stdout.splitlines()):
                line = line.strip()
                if line.startswith("{"):
                    try:
                        found = json.loads(line)
                        break
                    except ValueError:
                        continue
            res["gui"] = {"source": "bench_gui_start.py", "exit": proc.returncode, "wall_s": wall, **(found or {})}
            if found is None:
                res["gui"]["stdout_tail"] = proc.stdout[-800:]
                res["gui"]["stderr_tail"] = proc.stderr[-800:]
                self.note("bench_gui_start.py printed no JSON line; GUI figures n/a")
        elif res["probe"].get("desktop"):
            self.log("GUI start: measuring in a subprocess")
            res["gui"] = {"source": "bench.py", **self.job("gui", data=str(data), launched=time.time())}
        else:
            res["gui"] = {"source": None}
            self.note(f"desktop app not importable ({res['probe'].get('desktop_reason')}): GUI figures n/a")

    def reindex(self, data: Path, extract: bool) -> None:
        res = self.res
        files = sorted(p for folder in self.corpus.folders() for p in folder.iterdir())
        touched, modified = files[7::100], files[57::100]  # 1% each, disjoint
        if self.args.modify_limit is not None:
            modified = modified[: self.args.modify_limit]
        saved = {p: (p.read_bytes(), p.stat()) for p in touched + modified}
        try:
            self.log(f"re-index, unchanged ({len(files):,} files, extract={extract})")
            res["reindex_unchanged"] = self.job("import", data=str(data), roots=[], extract=extract, processes=2)
            now = time.time_ns()
            for p in touched:
                os.utime(p, ns=(now, now))
            self.log(f"re-index, {len(touched):,} files touched (same content)")
            res["reindex_touched"] = self.job("import", data=str(data), roots=[], extract=extract, processes=2)
            for k, p in enumerate(modified):
                G.modify_file(p, f"this article was corrected ({k}).")
            self.log(f"re-index, {len(modified):,} files modified (new text: parse and NLP again)")
            res["reindex_modified"] = self.job("import", data=str(data), roots=[], extract=extract, processes=2)
        finally:
            for p, (data_bytes, st) in saved.items():
                p.write_bytes(data_bytes)
                os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
        for key in ("reindex_unchanged", "reindex_touched", "reindex_modified"):
            r = res[key]
            if "error" not in r:
                self.log(f"  {key}: {r['seconds']:.2f} s, read {r['files_read']}, articles {r['articles']}")


# --- the report ---------------------------------------------------------------------------------------------


def _f(v: object, fmt: str = "{:,.1f}") -> str:
    return "n/a" if v is None else fmt.format(v)


def _ratio(a: float | None, b: float | None) -> str:
    return "" if a is None or b is None or not b else f"{a / b:.2f}×"


def _per_s(r: dict | None) -> float | None:
    if not r or "error" in r or not r.get("seconds"):
        return None
    return r["articles"] / r["seconds"]


def _met(ok: bool | None) -> str:
    return "" if ok is None else ("yes" if ok else "**no**")


def report(res: dict) -> str:
    imp = res.get("import", {})
    size = res["size"]
    lines = [f"### Morgue benchmark, {size:,} articles", "",
             f"{res['machine']['cpu']}, {res['machine']['cores']} cores, {res['machine']['ram_gb']} GB RAM, "
             f"Python {res['machine']['python']}, {res['machine']['date']}. Command: `{res['command']}`. "
             f"Searched archive: {res.get('searched')}.", "",
             "| figure | Morgue | FTS5 | Morgue/FTS5 | target (100k) | met |", "|---|---|---|---|---|---|"]

    def row(name: str, m: str, f: str = "", ratio: str = "", target: str = "", met: str = "") -> None:
        lines.append(f"| {name} | {m} | {f} | {ratio} | {target} | {met} |")

    fts = res.get("builds", {}).get("fts5") or res.get("fts5_build", {})
    fts_rate = fts["articles"] / fts["seconds"] if fts.get("seconds") else None
    n2 = imp.get("nlp_2p")
    r2 = _per_s(n2)
    label = "full import, 2 processes (articles/s)"
    if n2 and n2.get("subset") and r2:
        label += f" — on {n2['articles']:,}; {size:,} extrapolated: {size / r2 / 3600:.1f} h"
    row(label, _f(r2), _f(fts_rate), _ratio(r2, fts_rate), "≥ 25", _met(None if r2 is None else r2 >= 25))
    n1 = imp.get("nlp_1p")
    row(f"full import, 1 process (articles/s, {n1['articles']:,} articles)" if n1 and "error" not in n1
        else "full import, 1 process (articles/s)", _f(_per_s(n1)))
    if imp.get("raw_2p"):
        r = _per_s(imp["raw_2p"])
        row(f"import without NLP, 2 processes (articles/s, {imp['raw_2p'].get('articles', 0):,})", _f(r), _f(fts_rate),
            _ratio(r, fts_rate))
    r1 = imp.get("raw_1p")
    row(f"import without NLP, 1 process (articles/s, {r1.get('articles', 0):,})" if r1
        else "import without NLP, 1 process", _f(_per_s(r1)))
    rb = _per_s(res.get("rebuild"))
    rbd = res.get("rebuild") or {}
    rb_label = f"rebuild without NLP (articles/s, {size:,})"
    if rbd.get("completed") is False:
        rb_label = f"rebuild without NLP (articles/s; stopped at {rbd['articles']:,} of {size:,}, no final commit)"
    row(rb_label, _f(rb), _f(fts_rate), _ratio(rb, fts_rate), "≥ 300",
        _met(None if rb is None else rb >= 300))
    linked = (res.get("attach") or {}).get("entity_table")
    if linked:  # the extraction phase's last step, done where the truth is stored (not in the rebuild)
        row(f"entity table linked from the stored extractions (articles/s, {size:,}; CPU s)",
            f"{_f(size / linked['seconds'] if linked['seconds'] else None)} ({linked['cpu_s']:,.0f} s)")
    for key, name in (("reindex_unchanged", "re-index, unchanged (s)"), ("reindex_touched", "re-index, 1% touched (s)"),
                      ("reindex_modified", "re-index, 1% modified (s)")):
        r = res.get(key) or {}
        if r.get("files_read") is not None and key != "reindex_unchanged":
            name = name.replace("1%", f"{r['files_read']:,} files")
        s = r.get("seconds")
        tgt = "< 5" if key == "reindex_unchanged" else ""
        row(name, _f(s, "{:,.2f}"), target=tgt, met=_met(None if s is None or not tgt else s < 5))
    sm, sf = res.get("search_morgue", {}), res.get("search_fts5", {})
    for phase in ("warm", "cold"):
        for q in ("p50_ms", "p95_ms"):
            m = sm.get(phase, {}).get(q)
            f = sf.get(phase, {}).get(q)
            tgt, ok = "", None
            if phase == "warm" and q == "p95_ms":
                tgt = "< 100 ms and ≤ 3× FTS5"
                ok = None if m is None or f is None else (m < 100 and m <= 3 * f)
            row(f"search {phase} {q[:3]} (ms, first page of 20 + snippets + facets)", _f(m), _f(f), _ratio(m, f), tgt,
                _met(ok))
    for q in ("cpu_p50_ms", "cpu_p95_ms"):
        m, f = sm.get("warm", {}).get(q), sf.get("warm", {}).get(q)
        row(f"search warm {q[4:7]}, CPU time of the query (ms; the machine is shared, wall times include waiting)",
            _f(m), _f(f), _ratio(m, f))
    m = sm.get("cold", {}).get("open_plus_first_p95_ms")
    f = sf.get("cold", {}).get("open_plus_first_p95_ms")
    row("search cold: open + first query p95 (ms)", _f(m), _f(f), _ratio(m, f))
    gui = res.get("gui", {})
    us, rss = gui.get("usable_s"), gui.get("rss_mb")
    row("GUI start to usable window (s)", _f(us, "{:.2f}"), target="< 1", met=_met(None if us is None else us < 1))
    row("GUI memory, RSS (MB)", _f(rss, "{:,.0f}"), target="< 400", met=_met(None if rss is None else rss < 400))
    sz = res.get("sizes", {})
    fmb = fts.get("bytes", 0) / 2**20 if fts.get("bytes") else None
    row("index on disk, Whoosh + SQLite store (MB)",
        f"{_f(sz.get('total_mb'), '{:,.0f}')} ({_f(sz.get('whoosh_mb'), '{:,.0f}')} + "
        f"{_f(sz.get('store_mb'), '{:,.0f}')})",
        _f(fmb, "{:,.0f}"), _ratio(sz.get("total_mb"), fmb))
    for key, name in (("nlp_2p", "full import, 2 processes"), ("raw_2p", "import without NLP, 2 processes")):
        r = imp.get(key)
        if r and "error" not in r:
            row(f"peak RSS, {name} (MB, all processes / largest one)",
                f"{r['tree_peak_mb']:,.0f} / {max(r.get('self_peak_mb') or 0, r.get('children_peak_mb') or 0):,.0f}")
    rbr = res.get("rebuild", {})
    if "tree_peak_mb" in rbr:
        row("peak RSS, rebuild (MB)", f"{rbr['tree_peak_mb']:,.0f}")
    qa = res.get("quality")
    if qa and "error" not in qa:
        row(f"extraction: quote speakers precision / recall ({qa['articles']} articles, {qa['quotes_truth']} quotes)",
            f"{_f(qa['speaker_precision'], '{:.2f}')} / {_f(qa['speaker_recall'], '{:.2f}')}")
        row(f"extraction: posts precision / recall ({qa['posts_truth']} posts)",
            f"{_f(qa['post_precision'], '{:.2f}')} / {_f(qa['post_recall'], '{:.2f}')}")
    else:
        row("extraction quality", "n/a (extraction not available)")

    lines += compare_report(res)
    # stages
    for key, name in (("nlp_1p", "Full import, 1 process"), ("raw_1p", "Import without NLP, 1 process")):
        r = imp.get(key)
        if not r or "error" in r:
            continue
        st = dict(r["stages"])
        load = st.pop("NLP: model load", 0.0)
        if "NLP: extract (incl. model load)" in st:
            st["NLP: extract"] = st.pop("NLP: extract (incl. model load)") - load
            st["NLP: model load"] = load
        accounted = sum(st.values())
        st["other (pipeline glue, hashing, pickling, Python)"] = max(0.0, r["seconds"] - accounted)
        lines += ["", f"{name}, {r['articles']:,} articles in {r['seconds']:.1f} s — where the time goes:", "",
                  "| stage | s | % | ms/article |", "|---|---|---|---|"]
        for k, v in sorted(st.items(), key=lambda kv: -kv[1]):
            lines.append(f"| {k} | {v:,.1f} | {100 * v / r['seconds']:.0f}% | {1000 * v / max(1, r['articles']):.1f} |")
    for key in ("nlp_2p", "raw_2p"):
        r = imp.get(key)
        if r and "error" not in r and r.get("stages"):
            busy = sum(r["stages"].values())
            lines.append("")
            lines.append(f"{key}: the writer (Whoosh + SQLite, in the main process) was busy {busy:,.1f} s of "
                         f"{r['seconds']:,.1f} s ({100 * busy / r['seconds']:.0f}%): "
                         + ", ".join(f"{k} {v:,.1f} s" for k, v in sorted(r["stages"].items(), key=lambda kv: -kv[1])))
    if res.get("notes"):
        lines += ["", "Notes:", ""] + [f"- {n}" for n in res["notes"]]
    return "\n".join(lines)


def compare_report(res: dict) -> list[str]:
    """The engines side by side: CPU ms p50 / p95 by kind of query, Morgue's ratio to each, builds, totals."""
    cmp = res.get("compare")
    if not cmp or not cmp.get("by_group"):
        return []
    engines = cmp["engines"]
    refs = [e for e in engines if e != "morgue"]
    load = cmp.get("loadavg") or [None]
    lines = ["", f"Search, engines interleaved query by query in one process: CPU ms per query, p50 / p95 (first "
             f"page of 20 with an exact total, facets, snippets); load average {_f(load[0], '{:.1f}')} at the end:",
             "", "| kind | n | " + " | ".join(LABELS[e] for e in engines) + " | "
             + " | ".join(f"Morgue/{LABELS[e]} p50 / p95" for e in refs) + " |",
             "|---|---|" + "---|" * (len(engines) + len(refs))]
    groups = res["queries"].get("groups", {})

    def cells(stats: dict[str, dict]) -> str:
        out = [f"{_f(stats[e].get('cpu_p50_ms'))} / {_f(stats[e].get('cpu_p95_ms'))}" for e in engines]
        m = stats["morgue"]
        out += [f"{_ratio(m.get('cpu_p50_ms'), stats[e].get('cpu_p50_ms'))} / "
                f"{_ratio(m.get('cpu_p95_ms'), stats[e].get('cpu_p95_ms'))}" for e in refs]
        return " | ".join(out)

    lines.append(f"| **all** | {res['queries']['count']} | {cells(cmp['by_engine'])} |")
    for g, n in groups.items():
        lines.append(f"| {g} | {n} | {cells({e: cmp['by_group'][e][g] for e in engines})} |")
    snip = cmp["by_engine"]["morgue"]
    if snip.get("snippet_cpu_p50_ms") is not None:
        lines.append(f"| Morgue's snippets of a page (highlighter and 20 snippets), of the above | "
                     f"{res['queries']['count']} | {_f(snip['snippet_cpu_p50_ms'], '{:,.2f}')} / "
                     f"{_f(snip['snippet_cpu_p95_ms'], '{:,.2f}')} |" + " |" * (len(engines) + len(refs) - 1))
    builds = res.get("builds", {})
    rb = res.get("rebuild") or {}
    raw = (res.get("import") or {}).get("raw_2p") or {}
    per_k = [f"{1000 * r['seconds'] / r['articles']:.2f} s" if r.get("seconds") and r.get("articles") else "n/a"
             for r in (rb,)]
    cells_b = [f"rebuild {per_k[0]}; import without NLP "
               + (f"{1000 * raw['seconds'] / raw['articles']:.2f} s" if raw.get("seconds") else "n/a")]
    for e in refs:
        b = builds.get(e) or {}
        cells_b.append(f"{1000 * b['seconds'] / b['articles']:.2f} s ({1000 * b['cpu_seconds'] / b['articles']:.2f} s "
                       f"CPU; load {b['loadavg'][0]:.1f})" if b.get("articles") else "n/a")
    lines.append(f"| build per 1,000 articles, wall (CPU) | | {' | '.join(cells_b)} |" + " |" * len(refs))
    sizes_ = [f"{_f((res.get('sizes') or {}).get('total_mb'), '{:,.0f}')} MB"]
    sizes_ += [f"{(builds.get(e) or {}).get('bytes', 0) / 2**20:,.0f} MB" for e in refs]
    lines.append(f"| index on disk | | {' | '.join(sizes_)} |" + " |" * len(refs))
    d = cmp.get("differ") or {}
    if d:
        lines += ["", f"Totals differ between engines on {d['count']} of {d['of']} queries"
                  + (" (" + ", ".join(f"{k} {v}" for k, v in d["by_kind"].items()) + ")" if d["by_kind"] else "")
                  + (":" if d["count"] else ".")]
        for x in d["queries"][:12]:
            f = f" {x['filters']}" if x["filters"] else ""
            lines.append(f"- {x['kind']} `{x['text']}`{f}: "
                         + ", ".join(f"{LABELS[e]} {t:,}" for e, t in x["totals"].items()))
        if d["count"] > 12:
            lines.append(f"- … {d['count'] - 12} more in the JSON (compare.differ)")
    return lines


def core_sources() -> str:
    """A hash of the core's sources (``index/``): which version of the code a figure is of."""
    import hashlib

    h = hashlib.sha256()
    for f in sorted((REPO / "index").rglob("*.py")):
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=10_000, help="articles in the corpus (default 10,000)")
    ap.add_argument("--work", type=Path, help="corpus and archives (default /tmp/morgue-bench-<size>)")
    ap.add_argument("--out", type=Path, help="JSON figures (default tests/benchmarks/out/bench-<size>.json)")
    ap.add_argument("--seed", type=int, default=G.DEFAULT_SEED)
    ap.add_argument("--full-limit", type=int, default=2_000,
                    help="up to this size the full NLP import runs on every article (default 2,000)")
    ap.add_argument("--nlp-subset", type=int, default=1_000,
                    help="articles of the NLP import above --full-limit (default 1,000)")
    ap.add_argument("--one-proc-subset", type=int, default=300, help="articles of the 1-process imports (300)")
    ap.add_argument("--no-raw", dest="raw", action="store_false",
                    help="skip the import without NLP of the whole corpus (used when the NLP import is full)")
    ap.add_argument("--modify-limit", type=int,
                    help="modify at most this many files in the re-index test (default: 1%% of the corpus)")
    ap.add_argument("--reuse", action="store_true",
                    help="keep imports that completed in an earlier run of the same --work (their saved figures)")
    ap.add_argument("--no-nlp", dest="nlp", action="store_false",
                    help="no import with NLP at all (the NLP subset takes minutes): imports, rebuild, search, GUI")
    ap.add_argument("--no-search", dest="search", action="store_false",
                    help="everything but the search comparison (measure it later with --redo-search)")
    ap.add_argument("--no-truth", dest="truth", action="store_false",
                    help="above --full-limit, search the archive imported without NLP as is")
    ap.add_argument("--rebuild-budget", type=float, help="stop the rebuild after this many seconds (rate is partial)")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--cold-runs", type=int, default=20, help="fresh processes for cold search latency")
    ap.add_argument("--quality-sample", type=int, default=300)
    ap.add_argument("--profile", action="store_true", help="pyinstrument profile of the warm searches")
    ap.add_argument("--engines", type=lambda v: [e for e in v.split(",") if e], default=list(REFERENCES),
                    help="the references to compare with (default fts5,xapian,tantivy; each is skipped with a "
                         "note when not installed)")
    ap.add_argument("--redo-search", action="store_true",
                    help="only rebuild the references and re-measure search and GUI start on the archive an "
                         "earlier run imported, into its --out JSON (after a change to the searcher)")
    ap.add_argument("--keep-references", action="store_true",
                    help="with --redo-search: reuse the references the earlier run built")
    ap.add_argument("--redo-rebuild", action="store_true",
                    help="with --redo-search: measure the rebuild of that archive again first (after a change to the "
                         "rebuild; the import is not repeated)")
    ap.add_argument("--job", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.job:
        spec = json.loads(args.job)
        out = JOBS[spec.pop("kind")](spec)
        print(RESULT + json.dumps(out), flush=True)
        return 0
    run = Run(args)
    if args.redo_search:
        old = json.loads(run.out.read_text())
        run.res = {**old, "notes": [*old.get("notes", []), "search and GUI start re-measured with --redo-search on "
                                    + dt.datetime.now().isoformat(timespec="minutes")]}
        run.res["command_redo"] = run.res.pop("command")
        run.res["command"] = old.get("command")
        run.corpus = G.Corpus(run.work, run.size, args.seed)
        searched = Path(old["work"]) / ("data-nlp2" if old.get("searched", "").startswith("the full import")
                                        else "data-raw2")
        run.res["machine"] = {**old["machine"], "loadavg_at_redo": os.getloadavg()}
        run.res["core_sources_sha256_redo"] = core_sources()
        if args.redo_rebuild:
            run.log(f"rebuild (no parsing, no NLP), {run.size:,} articles, again (--redo-rebuild)")
            run.res["rebuild_before_redo"] = old.get("rebuild")
            run.res["rebuild"] = run.job("rebuild", data=str(searched), total=run.size)
            run.log(f"  {run._rate(run.res['rebuild'])}")
        run.search(searched, rebuild_refs=not args.keep_references)
        run.gui(searched)
        res = run.res
    else:
        res = run.go()
    run.out.parent.mkdir(parents=True, exist_ok=True)
    run.out.write_text(json.dumps(res, indent=1, default=str))
    print(report(res))
    print(f"\nFigures written to {run.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
