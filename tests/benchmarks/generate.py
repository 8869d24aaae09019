# ruff: noqa: E501  (the HTML page template is data)
"""A deterministic generator of news-like articles for the benchmark, with the truth of what each holds.

``python tests/benchmarks/generate.py --size 10000 --work /tmp/morgue-bench-10000`` writes
``corpus/NNNN/*.{txt,html,md}`` (1,000 files a folder) and ``truth.jsonl`` (one line per article,
in order: file, format, date, title, quotes with speakers, posts, entities). The same seed and size
give the same bytes; article ``i`` depends only on the seed and ``i``, so a larger corpus starts
with the smaller one.

The mix: seed plain text (flattened social posts, "He posted on X:" lost embeds), saved HTML pages
(page chrome, JSON-LD, X/Twitter and Instagram embeds in the markup of shared/notes/embeds.md) and
Markdown with front matter; about 600 words each. People, organisations (acronyms defined in the
text), places and the general vocabulary are drawn with Zipf-like weights; a tail of pseudo-words
gives the term dictionary a real archive's size. Dates spread over five years.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import random
import sys
import time
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import vocab as V  # noqa: E402

GENERATOR_VERSION = 1
DEFAULT_SEED = 20250903
FILES_PER_FOLDER = 1000
FIRST_DAY = dt.date(2021, 1, 1)
DAYS = (dt.date(2025, 12, 31) - FIRST_DAY).days
FORMATS = (("seed", 0.45), ("html", 0.40), ("md", 0.15))
EXT = {"seed": ".txt", "html": ".html", "md": ".md"}
FORMAT_NAME = {"seed": "seed-text", "html": "html", "md": "markdown"}
TARGET_WORDS = 600
UPDATE_MARK = "<!-- end story -->"


# --- the world: people, organisations, places, vocabulary ----------------------------------------------


class Zipf:
    """Draws items with weight 1/rank**s."""

    def __init__(self, items: list, s: float = 1.0) -> None:
        self.items = items
        self.cum = list(accumulate(1.0 / (r + 1) ** s for r in range(len(items))))
        self.total = self.cum[-1]

    def __call__(self, r: random.Random) -> object:
        return self.items[bisect(self.cum, r.random() * self.total)]


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    female: bool
    title: tuple[str, str] | None  # (short form before the name, long form in post signatures)
    place: str
    handle: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def pronoun(self) -> str:
        return "she" if self.female else "he"


@dataclass(frozen=True)
class Org:
    name: str
    acronym: str | None


def _plural(noun: str) -> str:
    if noun in ("people", "data", "evidence", "safety", "health", "housing", "traffic", "waste", "trash"):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


_DOUBLE = {"plan", "ban", "ship", "stop", "drop", "admit", "commit", "cut", "set", "let", "put", "run"}


def _past(verb: str) -> str:
    if verb in V.IRREGULAR_PAST:
        return V.IRREGULAR_PAST[verb]
    if verb in _DOUBLE:
        return verb + verb[-1] + "ed"
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2:-1] not in tuple("aeiou"):
        return verb[:-1] + "ied"
    return verb + "ed"


def _third(verb: str) -> str:
    if verb.endswith("y") and verb[-2:-1] not in tuple("aeiou"):
        return verb[:-1] + "ies"
    if verb.endswith(("s", "x", "ch", "sh", "o")):
        return verb + "es"
    return verb + "s"


def _pseudo_words(r: random.Random, n: int) -> list[str]:
    out: dict[str, None] = {}
    while len(out) < n:
        w = "".join(r.choice(V.SYLLABLES) for _ in range(r.choice((2, 2, 3, 3, 4))))
        out[w] = None
    return list(out)


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


class World:
    """Everything articles are drawn from; the same for every worker (built from the seed)."""

    def __init__(self, seed: int) -> None:
        r = random.Random(seed)
        nouns = list(dict.fromkeys(V.NOUNS))
        verbs = list(dict.fromkeys(V.VERBS))
        self.noun = Zipf(nouns, 0.75)
        self.nouns_pl = {n: _plural(n) for n in nouns}
        self.verb = Zipf(verbs, 0.9)
        self.past = {v: _past(v) for v in verbs}
        self.third = {v: _third(v) for v in verbs}
        self.adj = Zipf(list(dict.fromkeys(V.ADJECTIVES)), 0.9)
        self.adv = Zipf(V.ADVERBS, 0.8)
        self.tail = Zipf(_pseudo_words(r, 40_000), 1.0)
        places = V.CITIES + V.STATES + V.COUNTRIES
        r.shuffle(places)
        self.place = Zipf(places, 1.0)
        self.city = Zipf(V.CITIES, 1.0)
        self.state = Zipf(V.STATES, 1.0)
        # 20,000 people; a few are in a large share of the articles, most in a handful.
        firsts = [(f, True) for f in V.FIRST_F] + [(m, False) for m in V.FIRST_M]
        surnames = V.SURNAMES + [w.capitalize() for w in _pseudo_words(r, 2500)]
        people: dict[str, Person] = {}
        while len(people) < 20_000:
            first, female = r.choice(firsts)
            last = r.choice(V.SURNAMES) if r.random() < 0.75 else r.choice(surnames)
            if f"{first} {last}" in people:
                continue
            title = r.choice(V.TITLES) if r.random() < 0.45 else None
            place = r.choice(V.CITIES) if title and title[0] in ("Mayor", "Police Chief", "Sheriff") else r.choice(V.STATES)
            handle = (title[1].split()[-1][:5].strip(".") if title and r.random() < 0.5 else "") + first + last
            if r.random() < 0.4:
                handle = handle.lower()
            people[f"{first} {last}"] = Person(first, last, female, title, place, handle[:15])
        self.person = Zipf(list(people.values()), 1.05)
        orgs = [Org(n, a) for n, a in V.AGENCIES]
        seen = {o.name for o in orgs}
        while len(orgs) < 1500:
            kind = r.choice(V.ORG_KINDS)
            if r.random() < 0.5:
                name = f"{r.choice(V.SURNAMES)} {r.choice(V.ORG_FIELDS)} {kind}"
            else:
                name = f"{r.choice(V.STATES + V.CITIES)} {r.choice(V.ORG_FIELDS)} {kind}"
            if name in seen:
                continue
            seen.add(name)
            acr = _acronym(name)
            orgs.append(Org(name, acr if len(acr) >= 3 and r.random() < 0.6 else None))
        self.org = Zipf(orgs, 1.0)
        self.sites = [(s, s.lower().replace(" ", "") + ".com") for s in V.SITES]
        self.site = Zipf(self.sites, 0.7)
        self.section = Zipf(V.SECTIONS, 0.8)


# --- one article -------------------------------------------------------------------------------------


@dataclass
class Para:
    text: str
    kind: str = "text"  # "text", "post" (an embedded/flattened post), "lost" (the cue of a lost embed)
    post: dict | None = None


@dataclass
class Draft:
    """An article being written: paragraphs plus the truth of what they hold."""

    r: random.Random
    w: World
    date: dt.date
    paras: list[Para] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)
    mentions: dict[str, list[str]] = field(default_factory=dict)  # canonical -> surface forms
    kinds: dict[str, str] = field(default_factory=dict)
    introduced: set[str] = field(default_factory=set)
    words: int = 0

    # vocabulary
    def noun(self) -> str:
        if self.r.random() < 0.04:
            return str(self.w.tail(self.r))
        return str(self.w.noun(self.r))

    def nouns(self) -> str:
        n = self.noun()
        return self.w.nouns_pl.get(n, n + "s")

    def np(self) -> str:
        r = self.r
        x = r.random()
        if x < 0.35:
            return f"the {self.noun()}"
        if x < 0.6:
            return f"the {self.w.adj(r)} {self.noun()}"
        if x < 0.75:
            adj = self.w.adj(r)
            return f"{'an' if str(adj)[0] in 'aeiou' else 'a'} {adj} {self.noun()}"
        if x < 0.88:
            return f"{r.randint(2, 900)} {self.nouns()}"
        return f"the {self.noun()} {self.noun()}"

    def pp(self) -> str:
        r = self.r
        x = r.random()
        if x < 0.3:
            return f"in {self.place()}"
        if x < 0.45:
            return f"on {r.choice(V.WEEKDAYS)}"
        prep = r.choice(("after", "for", "with", "over", "at", "during", "before", "despite"))
        return f"{prep} {self.np()}"

    def place(self) -> str:
        p = str(self.w.place(self.r))
        self.mention(p, "PLACE", p)
        return p

    def mention(self, canonical: str, kind: str, surface: str) -> None:
        forms = self.mentions.setdefault(canonical, [])
        self.kinds[canonical] = kind
        if surface not in forms:
            forms.append(surface)

    def person_ref(self, p: Person, subject: bool = True) -> str:
        """How the article names a person: in full the first time, by surname after."""
        r = self.r
        if p.name not in self.introduced:
            self.introduced.add(p.name)
            if p.title and r.random() < 0.8:
                short = p.title[0]
                surface = f"{p.place} {short} {p.name}" if r.random() < 0.4 else f"{short} {p.name}"
                self.mention(p.name, "PERSON", p.name)
                self.mention(p.name, "PERSON", f"{short} {p.name}")
                return surface
            self.mention(p.name, "PERSON", p.name)
            return p.name
        if p.title and r.random() < 0.25 and p.title[0] in ("Gov.", "Mayor", "Sen.", "Rep.", "Dr.", "Judge"):
            surface = f"{p.title[0]} {p.last}"
        else:
            surface = p.last
        self.mention(p.name, "PERSON", p.last)
        return surface

    def org_ref(self, o: Org) -> str:
        if o.name not in self.introduced:
            self.introduced.add(o.name)
            self.mention(o.name, "ORG", o.name)
            if o.acronym:
                self.mention(o.name, "ORG", o.acronym)
                return f"the {o.name} ({o.acronym})"
            return f"the {o.name}"
        if o.acronym:
            return o.acronym
        return f"the {o.name}"

    # sentences
    def clause(self, subject: str | None = None) -> str:
        r, w = self.r, self.w
        subject = subject or (self.np() if r.random() < 0.7 else f"{r.randint(3, 80)} {self.nouns()}")
        verb = w.verb(r)
        adv = f"{w.adv(r)} " if r.random() < 0.15 else ""
        s = f"{subject} {adv}{w.past[verb]} {self.np()}"
        if r.random() < 0.6:
            s += f" {self.pp()}"
        return s

    def sentence(self, cast: list[Person], orgs: list[Org]) -> str:
        r, w = self.r, self.w
        x = r.random()
        if x < 0.25 and cast:
            s = self.clause(self.person_ref(r.choice(cast)))
        elif x < 0.38 and orgs:
            s = self.clause(self.org_ref(r.choice(orgs)))
        elif x < 0.48:
            s = f"At least {r.randint(2, 90)} {self.nouns()} were {w.past[w.verb(r)]} in {self.place()} {self.pp()}"
        elif x < 0.56:
            s = f"{self.clause()}, and {self.clause()}"
        elif x < 0.62:
            s = f"The {r.choice(V.DOC_NOUNS)} described {self.np()} {self.pp()}"
        else:
            s = self.clause()
        return s[0].upper() + s[1:] + "."

    def quote_text(self) -> str:
        r, w = self.r, self.w
        n = r.choice((1, 1, 1, 2, 2, 3))
        out = []
        for _ in range(n):
            x = r.random()
            if x < 0.2:
                s = f"We are going to {w.verb(r)} {self.np()}"
            elif x < 0.35:
                s = f"I {w.past[w.verb(r)]} {self.np()}, and I will {w.verb(r)} {self.np()} again"
            elif x < 0.5:
                s = f"This is {self.np()} for {self.place()}"
            elif x < 0.62:
                s = f"The {self.nouns()} of {self.place()} deserve {self.np()}"
            elif x < 0.74:
                s = f"We don’t {w.verb(r)} {self.np()} {self.pp()}"
            elif x < 0.84:
                s = f"Nobody {w.past[w.verb(r)]} {self.np()}"
            else:
                s = self.clause("we")
            out.append(s[0].upper() + s[1:])
        return ". ".join(out)

    def add(self, text: str, kind: str = "text", post: dict | None = None) -> None:
        self.paras.append(Para(text, kind, post))
        self.words += text.count(" ") + 1

    def add_quote(self, p: Person | Org, text: str, cue: str) -> None:
        speaker = p.name
        self.quotes.append({"text": text, "speaker": speaker,
                            "speaker_kind": "person" if isinstance(p, Person) else "organization",
                            "cue": cue, "paragraph": len(self.paras)})

    def quote_paragraph(self, p: Person, orgs: list[Org]) -> None:
        """One or two paragraphs holding a direct quote with one of the usual attributions."""
        r = self.r
        q = self.quote_text()
        x = r.random()
        lead = self.sentence([p], orgs) if r.random() < 0.5 else ""
        if x < 0.25:
            ref = self.person_ref(p)
            text = f"“{q},” {ref} said."
            cue = "same-sentence"
        elif x < 0.37:
            ref = self.person_ref(p)
            role = f", {'a' if r.random() < 0.5 else 'the'} {r.choice(V.ROLES)}" if r.random() < 0.5 else ""
            text = f"“{q},” said {ref}{role}."
            cue = "same-sentence"
        elif x < 0.5:
            ref = self.person_ref(p)
            text = f"{ref} said, “{q}.”"
            cue = "same-sentence"
        elif x < 0.6:
            ref = self.person_ref(p)
            text = f"{ref} told reporters: “{q}.”"
            cue = "colon"
        elif x < 0.68:
            ref = self.person_ref(p)
            text = f"“{q},” according to {ref}."
            cue = "according-to"
        elif x < 0.82:
            ref = self.person_ref(p)
            intro = f"{ref} {self.w.past[self.w.verb(r)]} {self.np()} {self.pp()}."
            text = f"{intro} “{q},” {p.pronoun} said."
            lead = ""
            cue = "pronoun"
        elif x < 0.92:
            ref = self.person_ref(p)
            self.add(f"{ref} said that {self.clause()}.")
            self.add_quote(p, q, "previous-paragraph")
            self.add(f"“{q}.”")
            return
        else:
            ref = self.person_ref(p)
            q2 = self.quote_text()
            text = f"When asked about {self.np()}, {ref} replied, “{q},” adding: “{q2}.”"
            self.add_quote(p, q, "same-sentence")
            self.add_quote(p, q2, "same-sentence")
            self.add(text)
            return
        self.add_quote(p, q, cue)
        self.add((lead + " " + text).strip())

    def post_dict(self, p: Person, platform: str) -> dict:
        r = self.r
        when = self.date - dt.timedelta(days=r.choice((0, 0, 0, 1, 2)))
        author = f"{p.title[1]} {p.name}" if p.title and r.random() < 0.6 else p.name
        texts = [self.quote_text() + "." for _ in range(r.choice((1, 1, 2, 3)))]
        return {"platform": platform, "author": author, "person": p.name, "handle": p.handle,
                "date": when.isoformat(), "paragraphs": texts, "missing": False,
                "status": str(r.randrange(10**18, 10**19)),
                "media": "pic.twitter.com/" + "".join(r.choice("abcdefghijkLMNOPQRSTuvwxyz0123456789") for _ in range(10))
                if r.random() < 0.4 else None,
                "code": "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
                                for _ in range(11))}

    def add_post(self, p: Person, fmt: str) -> None:
        r = self.r
        x = r.random()
        if x < 0.35:  # an embed lost when the page was saved
            platform = "x" if r.random() < 0.8 else "instagram"
            self.add(f"{p.pronoun.capitalize()} posted on {'X' if platform == 'x' else 'Instagram'}:", "lost")
            self.posts.append({"platform": platform, "author": p.name, "person": p.name, "handle": None,
                               "date": None, "text": None, "missing": True, "paragraph": len(self.paras) - 1})
            return
        platform = "instagram" if fmt != "seed" and r.random() < 0.3 else "x"
        post = self.post_dict(p, platform)
        self.mention(p.name, "PERSON", p.name)
        truth = {k: post[k] for k in ("platform", "author", "person", "handle", "date", "missing")}
        truth["text"] = " ".join(post["paragraphs"]) if platform == "x" else None
        truth["paragraph"] = len(self.paras)
        if platform == "instagram":
            truth["date"] = None
        self.posts.append(truth)
        self.add(" ".join(post["paragraphs"]), "post", post)

    def write(self, fmt: str) -> str:
        """Fill the article to about 600 words; returns the title."""
        r, w = self.r, self.w
        cast: list[Person] = []
        while len(cast) < r.choice((2, 3, 3, 4, 5)):
            p = w.person(r)
            if all(c.last != p.last for c in cast):
                cast.append(p)
        orgs = list({id(o): o for o in (w.org(r) for _ in range(r.choice((1, 2, 3))))}.values())
        where = self.place()
        title = f"{where} {self.nouns()} {w.third[w.verb(r)]} {self.np()} {self.pp()}"
        title = title[0].upper() + title[1:]
        # lead: "according to" an outlet or a document
        lead = self.clause()
        if r.random() < 0.5:
            lead += f", according to {r.choice(('a', 'the'))} {r.choice(V.DOC_NOUNS)} {w.past['release']} {self.pp()}"
        self.add(lead[0].upper() + lead[1:] + ".")
        posted = False
        while self.words < TARGET_WORDS:
            x = r.random()
            if x < 0.3:
                self.quote_paragraph(r.choice(cast[:3]), orgs)
            elif x < 0.36 and orgs:
                o = orgs[0]
                q = self.quote_text()
                self.add_quote(o, q, "organization")
                self.add(f"“{q},” {self.org_ref(o)} said in a statement.")
            elif x < 0.42 and not posted and r.random() < 0.6:
                p = cast[0]
                self.add(f"{self.person_ref(p)} {w.past[w.verb(r)]} {self.np()} {self.pp()}.")
                self.add_post(p, fmt)
                posted = True
            elif x < 0.45:
                self.add(f"Critics called it {'a' if r.random() < 0.5 else 'the'} “{w.adj(r)} {self.noun()}” {self.pp()}.")
            else:
                self.add(" ".join(self.sentence(cast, orgs) for _ in range(r.choice((1, 2, 2, 3)))))
        return title


# --- formats -----------------------------------------------------------------------------------------


def _long_date(d: dt.date) -> str:
    return f"{V.MONTHS[d.month - 1]} {d.day}, {d.year}"


def render_seed(d: Draft) -> str:
    out = []
    for p in d.paras:
        if p.kind == "post":
            post = p.post or {}
            paras = list(post["paragraphs"])
            sig = f"— {post['author']} (@{post['handle']}) {_long_date(dt.date.fromisoformat(post['date']))}"
            paras[-1] = f"{paras[-1]} {post['media'] + ' ' if post['media'] else ''}{sig}"
            out.append("\n\n\n\n".join(paras))
        else:
            out.append(p.text)
    return f" date {d.date.isoformat()} " + "\n\n".join(out) + "\n"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _embed_html(post: dict, minified: bool) -> str:
    if post["platform"] == "instagram":
        link = f"https://www.instagram.com/p/{post['code']}/?utm_source=ig_embed&amp;utm_campaign=loading"
        return (
            f'<blockquote class="instagram-media" data-instgrm-captioned data-instgrm-permalink="{link}" '
            f'data-instgrm-version="14" style="background:#FFF; border:0; margin: 1px;">'
            f'<div style="padding:16px;"><a href="{link}" target="_blank"><div>View this post on Instagram</div></a>'
            f'<p style="margin:8px 0 0 0;"><a href="{link}" target="_blank">A post shared by {_esc(post["author"])} '
            f'(@{post["handle"]})</a></p></div></blockquote>\n'
            '<script async src="//www.instagram.com/embed.js"></script>'
        )
    body = "<br><br>".join(_esc(t) for t in post["paragraphs"])
    if post["media"]:
        code = post["media"].rsplit("/", 1)[-1]
        body += f' <a href="https://t.co/{code}">{post["media"]}</a>'
    url = f"https://twitter.com/{post['handle']}/status/{post['status']}?ref_src=twsrc%5Etfw"
    date = _long_date(dt.date.fromisoformat(post["date"]))
    if minified:
        return (f"<blockquote class=twitter-tweet data-dnt=true><p lang=en dir=ltr>{body}</p>&mdash; "
                f'{_esc(post["author"])} (@{post["handle"]}) <a href="{url}">{date}</a></blockquote>'
                "<script async src=https://platform.twitter.com/widgets.js charset=utf-8></script>")
    return (f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{body}</p>&mdash; {_esc(post["author"])} '
            f'(@{post["handle"]}) <a href="{url}">{date}</a></blockquote>\n'
            '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>')


_FOOTER = "".join(f'<li><a href="/{k}">{v}</a></li>' for k, v in (
    ("about", "About us"), ("contact", "Contact"), ("privacy", "Privacy policy"), ("terms", "Terms of service"),
    ("advertise", "Advertise")))
_NAV = ["Politics", "Local", "Nation", "World", "Business", "Health", "Education", "Weather", "Sports", "Opinion"]


def render_html(d: Draft, title: str, site: tuple[str, str], url: str, author: str, related: list[str]) -> str:
    r = d.r
    name, host = site
    ts = f"{d.date.isoformat()}T{r.randint(5, 22):02d}:{r.randint(0, 59):02d}:00Z"
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "datePublished": ts,
          "dateModified": ts, "author": [{"@type": "Person", "name": author}],
          "publisher": {"@type": "Organization", "name": name, "logo": {"@type": "ImageObject",
                        "url": f"https://{host}/static/logo.png"}}, "mainEntityOfPage": url,
          "image": [f"https://{host}/img/{r.randrange(10**8)}.jpg"]}
    minified = r.random() < 0.3
    body = []
    for p in d.paras:
        if p.kind == "post":
            body.append(_embed_html(p.post or {}, minified))
        else:
            body.append(f"<p>{_esc(p.text)}</p>")
        if r.random() < 0.08:
            body.append('<div class="ad-slot" data-ad-unit="mid-article"><span>Advertisement</span></div>')
    nav = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in _NAV)
    rel = "".join(f'<li><a href="https://{host}/{d.date.year}/{_slug(t)}">{_esc(t)}</a></li>' for t in related)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{_esc(title)} | {_esc(name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{_esc(d.paras[0].text[:150])}">
<meta property="og:type" content="article"><meta property="og:title" content="{_esc(title)}">
<meta property="og:site_name" content="{_esc(name)}"><meta property="og:url" content="{url}">
<meta name="author" content="{_esc(author)}"><meta property="article:published_time" content="{ts}">
<link rel="canonical" href="{url}"><link rel="stylesheet" href="/static/css/main.{r.randrange(16**8):08x}.css">
<script type="application/ld+json">{json.dumps(ld)}</script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}gtag('js',new Date());gtag('config','G-{r.randrange(10**6)}');</script>
</head><body class="article-page section-{d.w.section(r)}">
<div id="cookie-banner" class="consent"><p>We use cookies to improve your experience and to show you relevant ads.</p><button>Accept all</button><button>Settings</button></div>
<header class="site-header"><a class="logo" href="/">{_esc(name)}</a><nav class="main-nav"><ul>{nav}</ul></nav>
<form class="search" action="/search"><input name="q" placeholder="Search"><button>Go</button></form>
<a class="subscribe" href="/subscribe">Subscribe</a></header>
<main id="content"><article class="story">
<h1 class="headline">{_esc(title)}</h1>
<div class="byline">By <a rel="author" href="/staff/{_slug(author)}">{_esc(author)}</a> <time datetime="{ts}">{_long_date(d.date)}</time></div>
<figure class="lead-image"><img src="https://{host}/img/{r.randrange(10**8)}.jpg" alt=""><figcaption>File photo. ({_esc(name)})</figcaption></figure>
<div class="story-body">
{chr(10).join(body)}
{UPDATE_MARK}
</div>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
</article>
<aside class="related"><h2>Related stories</h2><ul>{rel}</ul></aside>
<div class="newsletter"><h3>Get the morning briefing</h3><p>Sign up for our free newsletter.</p><input type="email" placeholder="Email address"><button>Sign up</button></div>
</main>
<footer class="site-footer"><ul>{_FOOTER}</ul>
<p>&copy; {d.date.year} {_esc(name)}. All rights reserved.</p></footer>
<script src="/static/js/app.{r.randrange(16**8):08x}.js" defer></script>
</body></html>
"""


def render_md(d: Draft, title: str, url: str, author: str, tags: list[str]) -> str:
    r = d.r
    out = []
    for i, p in enumerate(d.paras):
        if p.kind == "post":
            out.append(_embed_html(p.post or {}, r.random() < 0.5))
        elif i and r.random() < 0.06:
            out.append(f"## {d.nouns().capitalize()} and {d.nouns()}\n\n{p.text}")
        else:
            out.append(p.text)
    front = (f'---\ntitle: "{title}"\ndate: {d.date.isoformat()}\nauthor: {author}\n'
             f"tags: [{', '.join(tags)}]\nsource: {url}\n---\n\n")
    return front + "\n\n".join(out) + f"\n\n{UPDATE_MARK}\n"


def _slug(text: str) -> str:
    return "-".join("".join(c for c in w.lower() if c.isalnum()) for w in text.split()[:8]).strip("-")


def make_article(w: World, seed: int, i: int) -> tuple[str, bytes, dict]:
    """Article ``i``: its relative path, its bytes and its truth."""
    r = random.Random(seed * 1_000_003 + i)
    x = r.random()
    fmt = "seed" if x < FORMATS[0][1] else ("html" if x < FORMATS[0][1] + FORMATS[1][1] else "md")
    date = FIRST_DAY + dt.timedelta(days=r.randrange(DAYS))
    d = Draft(r, w, date)
    title = d.write(fmt)
    site = w.site(r)
    assert isinstance(site, tuple)
    author_p = w.person(r)
    author = f"{author_p.first} {author_p.last}" if isinstance(author_p, Person) else "Staff"
    url = f"https://www.{site[1]}/{date.year}/{date.month:02d}/{date.day:02d}/{_slug(title)}-{i}"
    if fmt == "seed":
        text = render_seed(d)
        shown_title = ""
    elif fmt == "html":
        related = [f"{d.place()} {d.nouns()} {w.third[w.verb(r)]} {d.np()}".capitalize() for _ in range(4)]
        text = render_html(d, title, site, url, author, related)
        shown_title = title
    else:
        text = render_md(d, title, url, author, [str(w.section(r)), str(w.section(r))])
        shown_title = title
    rel = f"{i // FILES_PER_FOLDER:04d}/{i:07d}-{_slug(title)[:40]}{EXT[fmt]}"
    ents: dict[str, list[list[str]]] = {"PERSON": [], "ORG": [], "PLACE": []}
    for canonical, forms in d.mentions.items():
        ents[d.kinds[canonical]].append([canonical, *[f for f in forms if f != canonical]])
    truth = {"i": i, "file": rel, "format": FORMAT_NAME[fmt], "date": date.isoformat(), "title": shown_title,
             "url": url if fmt != "seed" else "", "site": site[0] if fmt != "seed" else "", "words": d.words,
             "quotes": d.quotes, "posts": d.posts, "entities": ents,
             "counts": {c: sum(1 for p in d.paras if c.lower() in p.text.lower()) for c in d.mentions}}
    return rel, text.encode("utf-8"), truth


def modify_file(path: Path, note: str) -> None:
    """Change an article's text (an editor's note), as an update of a saved page would."""
    text = path.read_text("utf-8")
    para = f"Editor’s note: {note}"
    if UPDATE_MARK in text:
        new = f"<p>{para}</p>\n{UPDATE_MARK}" if path.suffix == ".html" else f"{para}\n\n{UPDATE_MARK}"
        text = text.replace(UPDATE_MARK, new, 1)
    else:
        text = text.rstrip("\n") + f"\n\n{para}\n"
    path.write_text(text, "utf-8")


# --- writing a corpus ----------------------------------------------------------------------------------

_world: World | None = None


def _init(seed: int) -> None:
    global _world
    _world = World(seed)


def _write_range(args: tuple[int, int, int, str]) -> list[str]:
    seed, start, stop, corpus = args
    assert _world is not None
    lines = []
    for i in range(start, stop):
        rel, data, truth = make_article(_world, seed, i)
        path = Path(corpus, rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        lines.append(json.dumps(truth, ensure_ascii=False))
    return lines


def source_digest() -> str:
    """Changes with the word lists; bump GENERATOR_VERSION when the generator's output changes."""
    return hashlib.sha256((Path(__file__).resolve().parent / "vocab.py").read_bytes()).hexdigest()[:16]


@dataclass(frozen=True)
class Corpus:
    work: Path
    size: int
    seed: int

    @property
    def root(self) -> Path:
        return self.work / "corpus"

    @property
    def truth(self) -> Path:
        return self.work / "truth.jsonl"

    def folders(self, n: int | None = None) -> list[Path]:
        """The corpus folders holding the first ``n`` articles (rounded up to whole folders)."""
        count = -(-(n or self.size) // FILES_PER_FOLDER)
        return [self.root / f"{k:04d}" for k in range(count)]

    def roots(self, n: int) -> list[Path]:
        """Folders and files that hold exactly the first ``n`` articles."""
        n = min(n, self.size)
        whole = n // FILES_PER_FOLDER
        out = [self.root / f"{k:04d}" for k in range(whole)]
        if n % FILES_PER_FOLDER:
            out += sorted((self.root / f"{whole:04d}").iterdir())[: n % FILES_PER_FOLDER]
        return out


def ensure_corpus(size: int, work: Path, seed: int = DEFAULT_SEED, jobs: int | None = None,
                  log=print) -> tuple[Corpus, float | None]:
    """The corpus in ``work``, generated unless an identical one is there; returns it and the seconds spent."""
    work = Path(work)
    corpus = Corpus(work, size, seed)
    manifest = work / "manifest.json"
    want = {"size": size, "seed": seed, "version": GENERATOR_VERSION, "source": source_digest()}
    if manifest.exists() and json.loads(manifest.read_text()) == want and corpus.truth.exists():
        return corpus, None
    import shutil

    started = time.perf_counter()
    if corpus.root.exists():
        shutil.rmtree(corpus.root)
    manifest.unlink(missing_ok=True)
    corpus.root.mkdir(parents=True)
    jobs = jobs or os.cpu_count() or 1
    step = 250
    tasks = [(seed, a, min(a + step, size), str(corpus.root)) for a in range(0, size, step)]
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(jobs, initializer=_init, initargs=(seed,)) as pool, corpus.truth.open("w", encoding="utf-8") as out:
        for k, lines in enumerate(pool.imap(_write_range, tasks)):
            out.write("\n".join(lines) + "\n")
            if (k + 1) % 40 == 0:
                log(f"  generated {min((k + 1) * step, size):,} of {size:,} articles")
    manifest.write_text(json.dumps(want))
    return corpus, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--work", type=Path)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--jobs", type=int)
    args = ap.parse_args(argv)
    work = args.work or Path(f"/tmp/morgue-bench-{args.size}")
    corpus, seconds = ensure_corpus(args.size, work, args.seed, args.jobs)
    print(f"{corpus.size:,} articles in {corpus.root}" + (f" ({seconds:.1f} s)" if seconds else " (cached)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
