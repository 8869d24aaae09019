"""The fixed mix of 200 queries, each written for Morgue and as plain parts the references translate.

Kinds (count): single terms (40: 30 common, 10 rare), two-term AND (30), phrases taken from the
corpus (25), NOT (10), prefix* (10), ``speaker:`` (25), person facet filter (25: half with a term,
half browsing the person's articles with an empty query), date range with a term (20), fuzzy
``term~`` (15: a typo after the fourth letter of a word of six or more). ``GROUPS`` puts them in the
seven kinds the comparison reports: words, boolean, phrase, prefix, fuzzy, field, date range.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

import generate as G

MIX = (("term", 30), ("rare", 10), ("and", 30), ("phrase", 25), ("not", 10), ("prefix", 10),
       ("speaker", 25), ("person", 25), ("date", 20), ("fuzzy", 15))
GROUPS = {"term": "words", "rare": "words", "and": "boolean", "not": "boolean", "phrase": "phrase",
          "prefix": "prefix", "fuzzy": "fuzzy", "speaker": "field", "person": "field", "date": "date range"}


@dataclass(frozen=True)
class Query:
    """One query: Morgue's text and filters, and the same query in parts (all must hold)."""

    kind: str
    text: str  # Morgue's query text
    filters: dict[str, str] = field(default_factory=dict)
    words: tuple[str, ...] = ()  # each must occur in the title or the body (stemmed)
    exclude: tuple[str, ...] = ()  # none may
    phrase: tuple[str, ...] = ()  # these words in this order, adjacent
    prefix: str = ""  # an indexed stem begins with it
    fuzzy: str = ""  # the typed word; its stem within distance ``maxdist`` of an indexed stem
    maxdist: int = 1
    speaker: str = ""  # a word of a quote's speaker (not stemmed)
    person: str = ""  # the exact name of a person the article mentions
    date: tuple[str, str] | None = None  # ISO days, both included

    @property
    def group(self) -> str:
        return GROUPS.get(self.kind, self.kind)


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
                out.append(Query(kind, t, words=(t,)))
            elif kind == "rare":
                t = str(w.tail(r))
                out.append(Query(kind, t, words=(t,)))
            elif kind == "and":
                a, b = common(), str(w.noun(r))
                out.append(Query(kind, f"{a} {b}", words=(a, b)))
            elif kind == "phrase":
                p = phrases[k % len(phrases)] if phrases else f"the {common()}"
                out.append(Query(kind, f'"{p}"', phrase=tuple(p.split())))
            elif kind == "not":
                a, b = str(w.noun(r)), str(w.noun(r))
                out.append(Query(kind, f"{a} NOT {b}", words=(a,), exclude=(b,)))
            elif kind == "prefix":
                p = r.choice(long_nouns)[:4]
                out.append(Query(kind, f"{p}*", prefix=p))
            elif kind == "speaker":
                p = w.person(r)
                out.append(Query(kind, f"speaker:{p.last}", speaker=p.last))
            elif kind == "person":
                p = w.person(r)
                if k % 2:
                    t = common()
                    out.append(Query(kind, t, {"person": p.name}, words=(t,), person=p.name))
                else:
                    out.append(Query(kind, "", {"person": p.name}, person=p.name))
            elif kind == "date":
                t = common()
                a, b = _dates(r)
                out.append(Query(kind, f"{t} date:[{a} TO {b}]", words=(t,), date=(a, b)))
            elif kind == "fuzzy":
                typo = _typo(r, r.choice(long_nouns))
                out.append(Query(kind, f"{typo}~", fuzzy=typo))
    return out


def to_json(queries: list[Query]) -> list[dict]:
    return [asdict(q) for q in queries]


def from_json(items: list[dict]) -> list[Query]:
    tuples = ("words", "exclude", "phrase", "date")
    return [Query(**{k: (tuple(v) if k in tuples and v is not None else v) for k, v in d.items()}) for d in items]
