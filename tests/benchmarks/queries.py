"""The fixed mix of 200 queries, each written for Morgue and translated to SQLite FTS5.

Kinds (count): single terms (40: 30 common, 10 rare), two-term AND (30), phrases taken from the
corpus (25), NOT (10), prefix* (10), ``speaker:`` (25), person facet filter (25: half with a term,
half browsing the person's articles with an empty query), date range with a term (20), fuzzy
``term~`` (15). FTS5 has no fuzzy match: the fuzzy queries become a prefix query on the first four
letters of the word, which the typo leaves intact.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

import generate as G

MIX = (("term", 30), ("rare", 10), ("and", 30), ("phrase", 25), ("not", 10), ("prefix", 10),
       ("speaker", 25), ("person", 25), ("date", 20), ("fuzzy", 15))
DEFAULT_COLUMNS = "{title body quotes}"


@dataclass(frozen=True)
class Query:
    kind: str
    text: str  # Morgue's query text
    filters: dict[str, str] = field(default_factory=dict)
    fts_match: str | None = None  # FTS5 MATCH expression (None: no full-text condition)
    fts_date: tuple[str, str] | None = None
    fts_person: str | None = None


def _dates(r: random.Random) -> tuple[str, str]:
    start = G.FIRST_DAY + G.dt.timedelta(days=r.randrange(G.DAYS - 100))
    end = start + G.dt.timedelta(days=r.choice((30, 60, 90)))
    return start.isoformat(), end.isoformat()


def _typo(r: random.Random, word: str) -> str:
    i = r.randrange(4, len(word))
    letters = "aeioulnrst"
    return word[:i] + r.choice([c for c in letters if c != word[i]]) + word[i + 1 :]


def _phrases(truth: Path, r: random.Random, n: int) -> list[str]:
    """Two- and three-word runs of quotes in the corpus (quotes are in the body text too)."""
    out: list[str] = []
    with truth.open(encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k % 37 or len(out) >= n:
                continue
            quotes = json.loads(line)["quotes"]
            if not quotes:
                continue
            words = [w.strip(".,’“”") for w in r.choice(quotes)["text"].split()]
            words = [w for w in words if w.isalpha() and w.islower()]
            if len(words) >= 3:
                i = r.randrange(len(words) - 2)
                out.append(" ".join(words[i : i + r.choice((2, 3))]))
    return out


def build(seed: int, truth: Path) -> list[Query]:
    """The 200 queries, always the same for one seed."""
    w = G.World(seed)
    r = random.Random(seed + 7)
    long_nouns = [n for n in dict.fromkeys(G.V.NOUNS) if len(n) >= 6]
    phrases = _phrases(truth, r, 25)
    out: list[Query] = []

    def common() -> str:
        return str(r.choice((w.noun, w.adj))(r))

    for kind, count in MIX:
        for k in range(count):
            if kind == "term":
                t = common()
                out.append(Query(kind, t, fts_match=f"{DEFAULT_COLUMNS} : {t}"))
            elif kind == "rare":
                t = str(w.tail(r))
                out.append(Query(kind, t, fts_match=f"{DEFAULT_COLUMNS} : {t}"))
            elif kind == "and":
                a, b = common(), str(w.noun(r))
                out.append(Query(kind, f"{a} {b}", fts_match=f"{DEFAULT_COLUMNS} : ({a} AND {b})"))
            elif kind == "phrase":
                p = phrases[k % len(phrases)] if phrases else f"the {common()}"
                out.append(Query(kind, f'"{p}"', fts_match=f'{DEFAULT_COLUMNS} : "{p}"'))
            elif kind == "not":
                a, b = str(w.noun(r)), str(w.noun(r))
                out.append(Query(kind, f"{a} NOT {b}", fts_match=f"{DEFAULT_COLUMNS} : ({a} NOT {b})"))
            elif kind == "prefix":
                p = r.choice(long_nouns)[:4]
                out.append(Query(kind, f"{p}*", fts_match=f"{DEFAULT_COLUMNS} : {p}*"))
            elif kind == "speaker":
                p = w.person(r)
                out.append(Query(kind, f"speaker:{p.last}", fts_match=f"speakers : {p.last}"))
            elif kind == "person":
                p = w.person(r)
                if k % 2:
                    t = common()
                    out.append(Query(kind, t, {"person": p.name}, fts_match=f"{DEFAULT_COLUMNS} : {t}",
                                     fts_person=p.name))
                else:
                    out.append(Query(kind, "", {"person": p.name}, fts_person=p.name))
            elif kind == "date":
                t = common()
                a, b = _dates(r)
                out.append(Query(kind, f"{t} date:[{a} TO {b}]", fts_match=f"{DEFAULT_COLUMNS} : {t}",
                                 fts_date=(a, b)))
            elif kind == "fuzzy":
                word = r.choice(long_nouns)
                out.append(Query(kind, f"{_typo(r, word)}~", fts_match=f"{DEFAULT_COLUMNS} : {word[:4]}*"))
    return out


def to_json(queries: list[Query]) -> list[dict]:
    return [asdict(q) for q in queries]


def from_json(items: list[dict]) -> list[Query]:
    return [Query(**{**d, "fts_date": tuple(d["fts_date"]) if d.get("fts_date") else None}) for d in items]
