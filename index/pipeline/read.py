"""The per-file work: read files into articles in worker processes, with their extractions.

Each article leaves the worker without its HTML, with its content hash and an extraction: the one
cached in the store for that content, or (``Extract.NOW``) a fresh one from the extraction stage,
or none yet (``Extract.LATER``: the extraction stage fills it in afterwards).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from index import ingest
from index.errors import UnreadableFile
from index.jobs import CancelToken
from index.model import Article, Extraction
from index.pipeline import extraction, workers
from index.pipeline.extraction import ModelSetting
from index.store.db import Store

FILES_PER_TASK = 8


class Extract(enum.Enum):
    """What the read stage does about extraction."""

    OFF = "off"  # no extraction at all (an archive indexed without NLP)
    NOW = "now"  # extract what the cache lacks, in the worker that read the file
    LATER = "later"  # use the cache (any version); the extraction stage does the rest


@dataclass(frozen=True)
class ReadArticle:
    """An article as it leaves a worker: without its HTML, with its hash and extraction."""

    article: Article
    content_hash: str
    extraction: Extraction | None
    version: int = 0  # the extractor version of ``extraction``


@dataclass(frozen=True)
class FileResult:
    """One file read: its articles, or the reason it could not be read."""

    path: str
    size: int
    mtime_ns: int
    articles: tuple[ReadArticle, ...] = ()
    error: str | None = None  # with articles: the file was read in part
    extracted: int = 0  # how many articles needed the NLP (not found in the cache)


def _store(store_path: str) -> Store:
    store = workers.state.get("store")
    if not isinstance(store, Store) or store.path != Path(store_path):
        store = workers.state["store"] = Store(Path(store_path), readonly=True)
    return store


def process_files(
    files: Sequence[tuple[str, int, int]], store_path: str, mode: Extract, model: ModelSetting
) -> list[FileResult]:
    """Read files, reuse cached extractions, extract the rest if asked. Runs in a worker process."""
    store = _store(store_path)
    results: list[FileResult] = []
    parsed: list[tuple[str, int, int, list[Article]]] = []
    partial: dict[str, str] = {}  # files read in part: what was lost
    for i, (path, size, mtime_ns) in enumerate(files):
        workers.step(i, "read")
        try:
            got = ingest.read(Path(path))
        except UnreadableFile as exc:
            results.append(FileResult(path, size, mtime_ns, error=exc.reason))
            continue
        parsed.append((path, size, mtime_ns, got.articles))
        if got.partial:
            partial[path] = got.partial
    found: dict[str, tuple[Extraction | None, int]] = {}
    todo: list[Article] = []
    if mode is not Extract.OFF:
        version = extraction.current_version()
        for *_, articles in parsed:
            for a in articles:
                chash = a.content_hash
                if chash in found:
                    continue
                ex = store.extraction(chash, version)
                if ex is not None:
                    found[chash] = (ex, version)
                elif mode is Extract.NOW:
                    found[chash] = (None, 0)
                    todo.append(a)
                else:
                    found[chash] = store.extraction_any(chash)
        for a, ex in zip(todo, extraction.extract_articles(todo, model), strict=True):
            found[a.content_hash] = (ex, version)
    fresh = {a.content_hash for a in todo}
    for path, size, mtime_ns, articles in parsed:
        out = tuple(ReadArticle(replace(a, html=None), a.content_hash, *found.get(a.content_hash, (None, 0)))
                    for a in articles)
        extracted = sum(1 for r in out if r.content_hash in fresh)
        results.append(FileResult(path, size, mtime_ns, out, error=partial.get(path), extracted=extracted))
    return results


def read_all(
    files: list[tuple[str, int, int]],
    store_path: Path,
    mode: Extract,
    model: ModelSetting,
    processes: int | None,
    cancel: CancelToken,
    budget: workers.Budget | None = None,
) -> Iterator[FileResult]:
    """Results of ``process_files`` over all files, in order, in worker processes (unless
    ``processes`` is 1), each file within ``budget``: a file over it is a problem naming it."""
    chunks = [files[i : i + FILES_PER_TASK] for i in range(0, len(files), FILES_PER_TASK)]
    yield from workers.ordered_map(
        process_files, chunks, (str(store_path), mode, model), processes, cancel, budget=budget,
        size_of=lambda f: f[1], over=lambda f, reason: FileResult(f[0], f[1], f[2], error=reason),
        initializer=extraction.load_model if mode is Extract.NOW else None, init_args=(model,))
