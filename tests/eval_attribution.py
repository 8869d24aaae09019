"""Score quote finding and speaker attribution against the blind-labelled dev set.

Run from the repository root::

    .venv/bin/python tests/eval_attribution.py [--labels DIR] [--shared DIR] [--json FILE] [--errors]

Each ``tests/fixtures/attribution/*.json`` names a saved page of ``shared/corpus`` and lists its
direct quotes with their speakers (format: the labelling guide kept beside the labels). The page is
read by the archive's own reader and extracted by ``index.extract.Extractor``, as when indexing.

Matching is on words: a labelled quote is found when one paragraph of an extracted quote has a
Dice overlap of at least 0.5 with it (a quote running over several paragraphs is labelled once per
paragraph); each paragraph of an extracted quote matches one label at most. A speaker is right when
it names the labelled speaker or one of the forms the text uses for it (a surname against the full
name is right); for a description, the phrase itself (its head word) or its named referent.

Reported: quotes found (recall), precision, right / wrong / unknown speaker among found quotes,
pair F1 (quote and speaker right), by the label's ``attribution`` cause and ``speaker_kind``, and the
accuracy of each ``confidence`` level the extractor gives.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from index.model import Article, Quote  # noqa: E402

LABELS = REPO / "tests" / "fixtures" / "attribution"
_WORD = re.compile(r"[\w']+")
def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TITLES = _set(
    """mr mrs ms miss dr prof sen rep gov president senator representative governor mayor judge gen col
    capt lt sgt officer sir lady lord rev father"""
)
_STOP = _set("the a an of and in on at to for with by from as his her their its this that")
_PRONOUNS = _set("he she they it we i you him them")
MATCH_DICE = 0.5


def words(text: str) -> list[str]:
    return [w.replace("'", "’") for w in _WORD.findall(text.lower().replace("’", "'"))]


def dice(a: str, b: str) -> float:
    x, y = set(words(a)), set(words(b))
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def _name_words(name: str) -> list[str]:
    return [w for w in words(name) if w not in _TITLES and w not in _STOP]


def speaker_right(label: dict[str, Any], got: list[str]) -> bool:
    """Whether any of ``got`` (the extracted speaker, its phrase) names the labelled speaker."""
    forms = [label["speaker"], *label.get("forms", ())]
    forms = [f for f in forms if f and f.lower() not in _PRONOUNS]
    for g in got:
        gw = _name_words(g)
        if not gw:
            continue
        for f in forms:
            fw = _name_words(f)
            if not fw:
                continue
            if gw == fw or gw[-1] == fw[-1] or set(gw) <= set(fw) or set(fw) <= set(gw):
                return True
    return False


@dataclass
class Tally:
    labelled: int = 0
    found: int = 0
    right: int = 0
    wrong: int = 0
    unknown: int = 0

    def row(self, name: str) -> str:
        f = self.found or 1
        return (f"{name:28} {self.labelled:5} {self.found / (self.labelled or 1):6.2f} {self.right / f:6.2f} "
                f"{self.wrong / f:6.2f} {self.unknown / f:6.2f}")

    def as_dict(self) -> dict[str, Any]:
        f = self.found or 1
        return {"labelled": self.labelled, "found": self.found, "recall": round(self.found / (self.labelled or 1), 3),
                "right": round(self.right / f, 3), "wrong": round(self.wrong / f, 3),
                "unknown": round(self.unknown / f, 3)}


@dataclass
class Page:
    name: str
    label: dict[str, Any]
    article: Article | None = None
    quotes: tuple[Quote, ...] = ()
    matches: dict[int, tuple[int, int]] = field(default_factory=dict)  # label -> (quote, part)


def load_pages(labels: Path, shared: Path) -> list[Page]:
    from index.ingest import read_file

    pages = []
    for path in sorted(labels.glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        page = Page(path.stem, label)
        articles = read_file(shared / "corpus" / label["page"])
        page.article = next((a for a in articles if a.paragraphs), None)
        pages.append(page)
    return pages


def match(page: Page) -> None:
    """Pair labels with paragraphs of extracted quotes, best overlaps first, one to one."""
    cands = []
    for li, lq in enumerate(page.label["quotes"]):
        for qi, q in enumerate(page.quotes):
            for pi, part in enumerate(q.text.split("\n\n")):
                d = dice(lq["text"], part)
                if d >= MATCH_DICE:
                    cands.append((d, li, qi, pi))
    used: set[tuple[int, int]] = set()
    for _, li, qi, pi in sorted(cands, reverse=True):
        if li in page.matches or (qi, pi) in used:
            continue
        page.matches[li] = (qi, pi)
        used.add((qi, pi))


def judge(lq: dict[str, Any], q: Quote) -> str:
    """"right", "wrong" or "unknown" for an extracted quote matched to a label."""
    got = [s for s in (q.speaker, getattr(q, "speaker_text", None)) if s]
    if lq["speaker"] is None:
        return "right" if not got else "wrong"
    if not got:
        return "unknown"
    return "right" if speaker_right(lq, got) else "wrong"


def score(pages: list[Page], show_errors: bool = False) -> dict[str, Any]:
    total = Tally()
    by_cause: dict[str, Tally] = defaultdict(Tally)
    by_kind: dict[str, Tally] = defaultdict(Tally)
    by_conf: dict[str, Counter[str]] = defaultdict(Counter)
    extracted = false_pos = 0
    errors: list[str] = []
    for page in pages:
        match(page)
        matched_quotes = {qi for qi, _ in page.matches.values()}
        extracted += len(page.quotes)
        for qi, q in enumerate(page.quotes):
            if qi not in matched_quotes:
                false_pos += 1
                errors.append(f"{page.name}: NOT A QUOTE [{q.speaker}] {q.text[:90]!r}")
        for li, lq in enumerate(page.label["quotes"]):
            tallies = [total, by_cause[lq["attribution"]], by_kind[str(lq["speaker_kind"])]]
            for t in tallies:
                t.labelled += 1
            if li not in page.matches:
                errors.append(f"{page.name}: MISSED ({lq['attribution']}, {lq['speaker_kind']}) {lq['text'][:90]!r}")
                continue
            q = page.quotes[page.matches[li][0]]
            verdict = judge(lq, q)
            for t in tallies:
                t.found += 1
                setattr(t, verdict, getattr(t, verdict) + 1)
            by_conf[getattr(q, "confidence", "") or "-"][verdict] += 1
            if verdict != "right":
                why = f"{lq['attribution']}, {lq['speaker_kind']}"
                errors.append(f"{page.name}: {verdict.upper()} ({why}) want {lq['speaker']!r} got "
                              f"{q.speaker!r}/{getattr(q, 'speaker_text', None)!r} cue={q.cue} "
                              f"{getattr(q, 'evidence', '')!r} :: {lq['text'][:70]!r}")
    precision = (extracted - false_pos) / (extracted or 1)
    recall = total.found / (total.labelled or 1)
    pair_p = total.right / (extracted or 1)
    pair_r = total.right / (total.labelled or 1)
    pair_f1 = 2 * pair_p * pair_r / ((pair_p + pair_r) or 1)
    print(f"{len(pages)} pages, {total.labelled} labelled quotes, {extracted} extracted\n")
    print(f"{'':28} {'label':>5} {'found':>6} {'right':>6} {'wrong':>6} {'unkn':>6}")
    print(total.row("ALL"))
    for name, t in sorted(by_cause.items()):
        print(t.row(f"cause {name}"))
    for name, t in sorted(by_kind.items()):
        print(t.row(f"kind {name}"))
    print(f"\nprecision {precision:.3f}  recall {recall:.3f}  pair F1 {pair_f1:.3f}")
    print("\nconfidence    n  right  wrong  unkn  accuracy(right/(right+wrong))")
    for conf, c in sorted(by_conf.items()):
        n = sum(c.values())
        acc = c["right"] / ((c["right"] + c["wrong"]) or 1)
        print(f"{conf:10} {n:4} {c['right']:6} {c['wrong']:6} {c['unknown']:5}  {acc:.3f}")
    if show_errors:
        print()
        print("\n".join(errors))
    return {
        "all": total.as_dict(), "precision": round(precision, 3), "pair_f1": round(pair_f1, 3),
        "by_cause": {k: v.as_dict() for k, v in by_cause.items()},
        "by_kind": {k: v.as_dict() for k, v in by_kind.items()},
        "by_confidence": {k: dict(v) for k, v in by_conf.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--shared", type=Path, default=REPO / ".." / "shared")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--errors", action="store_true", help="list every miss, false quote and wrong speaker")
    args = parser.parse_args(argv)

    from index.extract import Extractor

    pages = [p for p in load_pages(args.labels, args.shared) if p.article is not None]
    start = time.process_time()
    for page, ex in zip(pages, Extractor().extract([p.article for p in pages if p.article]), strict=True):
        page.quotes = ex.quotes
    cpu = time.process_time() - start
    figures = score(pages, args.errors)
    print(f"\nextraction CPU {cpu:.1f} s (with the model load)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
