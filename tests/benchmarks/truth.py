"""The generator's truth, as extractions (to fill an archive's extraction fields without NLP) and as
the yardstick for the extractor's quality: precision and recall of quote speakers and of posts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path


def index_lines(truth: Path) -> dict[str, int]:
    """Byte offset of each article's truth line, by its file path relative to the corpus root."""
    out: dict[str, int] = {}
    with truth.open("rb") as f:
        pos = 0
        for line in f:
            m = re.search(rb'"file": "([^"]+)"', line)
            if m:
                out[m.group(1).decode()] = pos
            pos += len(line)
    return out


def read_at(truth: Path, offsets: list[int]) -> Iterator[dict]:
    with truth.open("rb") as f:
        for off in offsets:
            f.seek(off)
            yield json.loads(f.readline())


def as_extraction(t: dict):  # -> index.model.Extraction
    """The truth of one article as the extractor would report it."""
    from index.model import Entity, Extraction, Post, Quote

    quotes = tuple(Quote(text=q["text"], speaker=q["speaker"], speaker_kind=q["speaker_kind"],
                         paragraph=q["paragraph"], cue="truth") for q in t["quotes"])
    posts = tuple(Post(platform=p["platform"], author=p["author"], handle=p["handle"], date=p["date"],
                       text=p["text"], missing=p["missing"]) for p in t["posts"])
    counts = t.get("counts", {})
    entities = tuple(Entity(name=group[0], type=kind, mentions=tuple(group[1:]), count=max(1, counts.get(group[0], 1)))
                     for kind, groups in t["entities"].items() for group in groups)
    return Extraction(quotes=quotes, posts=posts, entities=entities)


def attach(data_dir: Path, corpus_root: Path, truth: Path, version: int) -> dict:
    """Store the truth as every article's extraction (through the Store API), for a later rebuild,
    and link the archive's entity table from it, as the extraction phase of an import does."""
    import time

    from index.store.db import Store
    from index.store.entities import EntityTable

    store = Store(data_dir / "store.sqlite")
    offsets = index_lines(truth)
    root = str(corpus_root.resolve()) + "/"
    by_article: dict[str, int] = {}
    for path, rec in store.files().items():
        off = offsets.get(path[len(root):]) if path.startswith(root) else None
        if off is not None:
            for aid in rec.article_ids:
                by_article[aid] = off
    batch = []
    n = 0
    for article, chash in store.iter_articles():
        off = by_article.get(article.id)
        if off is None:
            continue
        t = next(read_at(truth, [off]))
        batch.append((article, chash, as_extraction(t), version))
        n += 1
        if len(batch) >= 2000:
            store.commit_batch(articles=batch)
            batch.clear()
    store.commit_batch(articles=batch)
    if version:
        store.set_meta("extractor_version", str(version))
    t, c = time.perf_counter(), time.process_time()
    EntityTable(store).sync()
    linked = {"seconds": time.perf_counter() - t, "cpu_s": time.process_time() - c}
    store.close()
    return {"articles": n, "entity_table": linked}


# --- quality -------------------------------------------------------------------------------------------

_TITLES = re.compile(r"^(?:(?:[A-Z][a-z]+ )?(?:Gov|Governor|Mayor|Sen|Senator|Rep|Representative|Press Secretary|"
                     r"Police Chief|Chief|Judge|Dr|Attorney General|Superintendent|Commissioner|Sheriff|President)"
                     r"\.? )+")


def _key(name: str | None) -> str:
    if not name:
        return ""
    name = _TITLES.sub("", name.strip())
    return re.sub(r"[^\w ]", "", name).lower().strip()


def _same_speaker(found: str | None, truth: str) -> bool:
    a, b = _key(found), _key(truth)
    return bool(a) and (a == b or (" " not in a and b.endswith(" " + a)))


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _same_quote(a: str, b: str) -> bool:
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and len(wa & wb) / max(1, min(len(wa), len(wb))) >= 0.8


def score(pairs: list[tuple[dict, object]]) -> dict:
    """Precision and recall of (quote, speaker) pairs and of posts over (truth, extraction) pairs."""
    q_found = q_right = q_true = q_hit = 0
    q_with_speaker = 0
    p_found = p_true = p_right = 0
    for t, ex in pairs:
        truth_quotes = t["quotes"]
        q_true += len(truth_quotes)
        matched: set[int] = set()
        for q in ex.quotes:
            q_found += 1
            if q.speaker:
                q_with_speaker += 1
            for k, tq in enumerate(truth_quotes):
                if k not in matched and _same_quote(q.text, tq["text"]):
                    matched.add(k)
                    if _same_speaker(q.speaker, tq["speaker"]):
                        q_right += 1
                    break
        q_hit += len(matched)
        truth_posts = t["posts"]
        p_true += len(truth_posts)
        used: set[int] = set()
        for p in ex.posts:
            p_found += 1
            for k, tp in enumerate(truth_posts):
                if k in used or p.platform != tp["platform"]:
                    continue
                if tp["missing"]:
                    ok = p.missing and _same_speaker(p.author, tp["person"])
                else:
                    ok = (p.handle or "").lstrip("@").lower() == (tp["handle"] or "").lower()
                if ok:
                    used.add(k)
                    p_right += 1
                    break
    return {
        "articles": len(pairs),
        "quotes_truth": q_true, "quotes_found": q_found, "quotes_matched": q_hit,
        "speaker_precision": q_right / q_with_speaker if q_with_speaker else None,
        "speaker_recall": q_right / q_true if q_true else None,
        "quote_recall": q_hit / q_true if q_true else None,
        "posts_truth": p_true, "posts_found": p_found,
        "post_precision": p_right / p_found if p_found else None,
        "post_recall": p_right / p_true if p_true else None,
    }


def quality(data_dir: Path, corpus_root: Path, truth: Path, sample: int = 300) -> dict:
    """Score the archive's extractions on an even sample of its articles."""
    from index.store.db import Store

    store = Store(data_dir / "store.sqlite", readonly=True)
    offsets = index_lines(truth)
    root = str(corpus_root.resolve()) + "/"
    files = sorted(p for p, rec in store.files().items() if rec.article_ids and p.startswith(root))
    step = max(1, len(files) // sample)
    chosen = files[::step][:sample]
    recs = store.files()
    pairs = []
    for path in chosen:
        off = offsets.get(path[len(root):])
        if off is None:
            continue
        ex = store.article_extraction(recs[path].article_ids[0])
        if ex is not None:
            pairs.append((next(read_at(truth, [off])), ex))
    store.close()
    return score(pairs)
