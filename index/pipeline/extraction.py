"""The extraction stage: quotes, posts and entities of articles that are already searchable.

An article can be written (searchable, its body indexed) before its extraction exists. This stage
finds stored articles whose extraction is missing or older than ``EXTRACTOR_VERSION``, extracts
them in worker processes and writes their quotes, entities and posts afterwards, in batches: a new
extractor re-extracts here, while the archive stays searchable, without an import re-reading it.

The store keeps an article's text but not its HTML. Posts are found in the markup (embed code), so
for an article that had markup the stage reads it again from the files that hold it (one article may
come from several files: a page saved twice, a capture and its copy) and takes the one that gives
the stored version. When none does (every file changed since, or was moved), the article is
extracted from its stored text: its quotes and names are found, and its embedded posts wait for the
import that reads the file again (a changed file is re-read, and re-extracted, anyway).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from index import ingest
from index.errors import UnreadableFile
from index.jobs import CancelToken, Progress, ProgressCallback, Throttle
from index.model import Article, Extraction, ImportProblem
from index.pipeline import faults, workers
from index.store.db import Store

log = logging.getLogger(__name__)

ARTICLES_PER_TASK = 16
COMMIT_EVERY_ARTICLES = 2000
COMMIT_EVERY_SECONDS = 30.0


def current_version() -> int:
    """The extractor's version (imports the extraction package, not spaCy)."""
    from index.extract import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


ModelSetting = str | Mapping[str, str] | None  # the English model, or a model per language
VERB = "find names and quotes in"  # as in "took longer than 60 s to find names and quotes in"


def _extractor(model: ModelSetting) -> Any:
    ex = workers.state.get("extractor")
    if ex is None:
        from index.extract import Extractor

        ex = workers.state["extractor"] = Extractor(model, batch_size=64)
    return ex


def load_model(model: ModelSetting) -> None:
    """Load this process's extractor and its spaCy model (a worker does it before its first
    budgeted step, so the model's own memory is not counted against a file)."""
    _ = _extractor(model).nlp


def extract_articles(articles: Sequence[Article], model: ModelSetting) -> list[Extraction]:
    """One extraction per article, by this process's extractor (the model loads on first use)."""
    if not articles:
        return []
    workers.step(None, VERB)
    return _extractor(model).extract(articles)  # type: ignore[no-any-return]


def _with_markup(article: Article, content_hash: str, paths: Sequence[str]) -> Article:
    """The stored article with the HTML it was read with, from the first of ``paths`` that gives
    this version of it; else the stored article itself (its text, without markup)."""
    if article.content_hash == content_hash:
        return article  # it had no markup
    for path in paths:
        try:
            again = ingest.read_file(Path(path))
        except UnreadableFile:
            continue
        found = next((a for a in again if a.id == article.id and a.content_hash == content_hash), None)
        if found is not None:
            return found
    log.info("article %s: no file gives the version stored (%s); extracted from its stored text",
             article.id, ", ".join(paths) or "no file")
    return article


def extract_stored(
    items: Sequence[tuple[str, str, tuple[str, ...]]], store_path: str, model: ModelSetting
) -> list[tuple[Article, str, Extraction] | None]:
    """Extract stored articles, given as (id, content hash, the files that hold it). Runs in a
    worker; an article no longer in the store gives None."""
    from index.pipeline.read import _store

    store = _store(store_path)
    stored = store.articles([aid for aid, _, _ in items])
    todo: list[tuple[int, Article, str]] = []
    out: list[tuple[Article, str, Extraction] | None] = [None] * len(items)
    for i, (aid, chash, paths) in enumerate(items):
        article = stored.get(aid)
        if article is not None:
            todo.append((i, _with_markup(article, chash, paths), chash))
    for (i, full, chash), ex in zip(todo, extract_articles([a for _, a, _ in todo], model), strict=True):
        out[i] = (replace(full, html=None), chash, ex)
    return out


@dataclass(frozen=True)
class OverBudget:
    """An article whose extraction went over the budget: it stays searchable, without quotes."""

    article_id: str
    content_hash: str
    reason: str


def pending(store: Store, version: int | None = None) -> list[tuple[str, str, tuple[str, ...]]]:
    """Stored articles whose extraction is missing or older: (id, content hash, the files that
    hold it, in the store's order)."""
    version = current_version() if version is None else version
    holders: dict[str, list[str]] = {}
    for rec in store.files().values():
        for aid in rec.article_ids:
            holders.setdefault(aid, []).append(rec.path)
    return [(aid, chash, tuple(holders.get(aid, ()))) for aid, chash in store.needing_extraction(version)]


def run(
    store: Store,
    ix_dir: Path,
    *,
    model: ModelSetting = None,
    processes: int | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    budget: workers.Budget | None = None,
    problems: list[ImportProblem] | None = None,
) -> int:
    """Extract every article whose stored extraction is missing or older, and write the results
    (Whoosh documents and the store) in batches. Returns how many were extracted; a cancel keeps
    the batches written so far (``Cancelled`` is not raised). An article over the ``budget`` is
    kept searchable with an empty extraction (not tried again until the extractor changes) and
    added to ``problems``."""
    from index.pipeline import agreement

    progress = Throttle(on_progress)
    cancel = cancel or CancelToken()
    version = current_version()
    todo = pending(store, version)
    if not todo:
        return 0
    # Imported here: the reading workers import this module, and need neither Whoosh nor numpy.
    from index.pipeline.writers import IndexWriters
    from index.store.entities import EntityTable

    owner = {aid: paths[0] for aid, _, paths in todo if paths}
    writers = IndexWriters(ix_dir)
    batch: list[tuple[Article, str, Extraction | None, int]] = []
    last_commit = time.monotonic()
    done = 0

    def flush(final: bool = False) -> None:
        nonlocal last_commit
        try:
            writers.commit(reopen=not final)
            faults.step("store commit extractions")
            store.commit_batch(articles=batch, meta=agreement.agreed(ix_dir))
        except BaseException:
            writers.cancel()
            agreement.repair_after_failure(store, ix_dir)
            raise
        batch.clear()
        last_commit = time.monotonic()

    chunks = [todo[i : i + ARTICLES_PER_TASK] for i in range(0, len(todo), ARTICLES_PER_TASK)]
    progress(Progress("extracting", 0, len(todo), "starting the extractors"))
    try:
        results = workers.ordered_map(
            extract_stored, chunks, (str(store.path), model), processes, cancel, budget=budget,
            over=lambda item, reason: OverBudget(item[0], item[1], reason),
            initializer=load_model, init_args=(model,))
        for result in results:
            done += 1
            if isinstance(result, OverBudget):
                article = store.article(result.article_id)
                if article is not None:
                    writers.put(article, Extraction(), new=False)
                    batch.append((article, result.content_hash, Extraction(), version))
                if problems is not None:
                    problems.append(ImportProblem(owner.get(result.article_id) or result.article_id,
                                                  f"{result.reason} (the article is searchable, without them)"))
            elif result is not None:
                article, chash, ex = result
                writers.put(article, ex, new=False)
                batch.append((article, chash, ex, version))
            progress(Progress("extracting", done, len(todo)))
            if len(batch) >= COMMIT_EVERY_ARTICLES or time.monotonic() - last_commit > COMMIT_EVERY_SECONDS:
                flush()
        flush(final=True)
    except BaseException:
        if not writers.articles.is_closed:  # else a flush failed, and cleaned up
            try:
                flush(final=True)
            except Exception:  # the original error matters more
                log.exception("could not save the extractions done before the interruption")
        if not cancel.cancelled:
            raise
        log.info("extraction cancelled after %d of %d articles", done, len(todo))
    else:
        store.set_meta("extractor_version", str(version))
    finally:
        EntityTable(store).sync()  # the archive-wide entities of what was extracted (no NLP)
    return done

