"""The Tantivy reference (the ``tantivy`` Python package, Rust underneath), queried like Morgue.

Built from Morgue's own store (``reference.documents``); only Tantivy's calls are timed (its writer
uses every core, so its CPU time is given beside the wall time). Title and body are split by the
regular expression of Morgue's tokenizer, lower-cased and stemmed; speakers by the expression of
Morgue's names analyzer, not stemmed; people, organisations, places, site and year are raw fast
fields, counted with terms aggregations (exact: every segment's counts are kept whole); the date
is an integer ``YYYYMMDD``; the body is stored, for the snippets.

What differs from Morgue: Tantivy's stemmer is Snowball's English (Porter 2), not Porter ("says"
is "say", Morgue's "sai"); ``typo~`` is Tantivy's FuzzyTermQuery (distance 1, a transposition
counts 1) over the stemmed typo, which does not keep the first letter; the total and the facets
are two passes over the matches (``search`` and ``aggregate``); the snippet is Tantivy's, 220
characters.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import reference as R
from queries import Query

tantivy, WHY_NOT = R.import_optional("tantivy")
WORD = r"\w+(?:\.?\w+)*"  # Whoosh's RegexTokenizer, as Morgue's StemmingAnalyzer uses it
NAME = r"[\w@.'’-]+"
ENTITY_FIELDS = ("person", "org", "place", "site", "year")
YEARS = 1000


def available() -> tuple[bool, str]:
    return tantivy is not None, WHY_NOT


def _analyzers(index) -> None:  # type: ignore[no-untyped-def]
    T = tantivy
    index.register_tokenizer("morgue_en", T.TextAnalyzerBuilder(T.Tokenizer.regex(WORD))
                             .filter(T.Filter.lowercase()).filter(T.Filter.stemmer("english")).build())
    index.register_tokenizer("morgue_names", T.TextAnalyzerBuilder(T.Tokenizer.regex(NAME))
                             .filter(T.Filter.lowercase()).build())


def _schema():  # type: ignore[no-untyped-def]
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw")
    b.add_text_field("title", tokenizer_name="morgue_en")
    b.add_text_field("body", stored=True, tokenizer_name="morgue_en")
    b.add_text_field("speakers", tokenizer_name="morgue_names")
    for name in ENTITY_FIELDS:
        b.add_text_field(name, tokenizer_name="raw", fast=True)
    b.add_integer_field("date", indexed=True, fast=True)
    return b.build()


def build(path: Path, data_dir: Path, extractions: bool = True) -> dict:
    """Write the index in ``path`` from the archive in ``data_dir``; articles, seconds, bytes."""
    assert tantivy is not None
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    timed = cpu = 0.0
    t, c = time.perf_counter(), time.process_time()
    index = tantivy.Index(_schema(), path=str(path))
    _analyzers(index)
    writer = index.writer(heap_size=256_000_000)
    timed += time.perf_counter() - t
    cpu += time.process_time() - c
    n = 0
    for d in R.documents(data_dir, extractions):
        n += 1
        t, c = time.perf_counter(), time.process_time()
        doc = tantivy.Document(id=d.id, title=d.title, body=d.body, date=d.date)
        for speaker in d.speakers:
            doc.add_text("speakers", speaker)
        for kind, value in d.facet_values():
            doc.add_text(kind, value)
        writer.add_document(doc)
        timed += time.perf_counter() - t
        cpu += time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    writer.commit()
    writer.wait_merging_threads()
    timed += time.perf_counter() - t
    cpu += time.process_time() - c  # the writer's threads are this process's too
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return {"articles": n, "seconds": timed, "cpu_seconds": cpu, "bytes": size}


class Searcher:
    """First pages of the Tantivy reference."""

    name = "Tantivy"

    def __init__(self, path: Path) -> None:
        assert tantivy is not None
        self.index = tantivy.Index.open(str(path))
        _analyzers(self.index)
        self.schema = self.index.schema
        self.searcher = self.index.searcher()
        self._stem = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(WORD))
                      .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.stemmer("english")).build())
        self.aggs = {name: {"terms": {"field": name, "size": YEARS if name == "year" else R.FACET_LIMIT,
                                      "segment_size": 1_000_000}} for name in ENTITY_FIELDS}

    def _stems(self, text: str) -> list[str]:
        return [str(t) for t in self._stem.analyze(text)]

    def _either(self, make) -> object:  # type: ignore[no-untyped-def]
        """Title (weighted 3) or body."""
        T = tantivy
        return T.Query.boolean_query([(T.Occur.Should, T.Query.boost_query(make("title"), 3.0)),
                                      (T.Occur.Should, make("body"))])

    def query(self, q: Query) -> tuple[object, bool]:
        T, s = tantivy, self.schema
        must: list[object] = []
        if q.speaker:
            must.append(T.Query.term_query(s, "speakers", q.speaker.lower()))
        if q.phrase:
            stems = [t for w in q.phrase for t in self._stems(w)]
            must.append(self._either(lambda f: T.Query.phrase_query(s, f, stems)))
        if q.prefix:
            pattern = re.escape(q.prefix.lower()) + ".*"
            must.append(self._either(lambda f: T.Query.regex_query(s, f, pattern)))
        if q.fuzzy:
            stem = (self._stems(q.fuzzy) or [q.fuzzy.lower()])[0]
            must.append(self._either(lambda f: T.Query.fuzzy_term_query(s, f, stem, distance=q.maxdist,
                                                                        transposition_cost_one=True)))
        for w in q.words:
            for stem in self._stems(w):
                must.append(self._either(lambda f, t=stem: T.Query.term_query(s, f, t)))
        scored = bool(must)
        clauses = [(T.Occur.Must, m) for m in must]
        for w in q.exclude:
            for stem in self._stems(w):
                clauses.append((T.Occur.MustNot, self._either(lambda f, t=stem: T.Query.term_query(s, f, t))))
        if q.person:
            clauses.append((T.Occur.Must, T.Query.term_query(s, "person", q.person)))
        if q.date:
            lo, hi = (int(x.replace("-", "")) for x in q.date)
            clauses.append((T.Occur.Must, T.Query.range_query(s, "date", T.FieldType.Integer, lo, hi)))
        if not clauses:
            return T.Query.all_query(), False
        return (clauses[0][1] if len(clauses) == 1 else T.Query.boolean_query(clauses)), scored

    def search(self, q: Query) -> dict:
        T = tantivy
        query, scored = self.query(q)
        s = self.searcher
        if scored:
            result = s.search(query, R.PAGE, count=True)
        else:  # browsing: newest first
            result = s.search(query, R.PAGE, count=True, order_by_field="date", order=T.Order.Desc)
        gen = None
        if scored and not q.speaker:
            gen = T.SnippetGenerator.create(s, query, self.schema, "body")
            gen.set_max_num_chars(R.SNIPPET_CHARS)
        hits, snippets = [], []
        for _key, address in result.hits:
            doc = s.doc(address)
            hits.append(doc["id"][0])
            snippets.append(gen.snippet_from_doc(doc).to_html() if gen is not None else "")
        aggs = s.aggregate(query, self.aggs)
        facets = {}
        for name in ENTITY_FIELDS:
            buckets = [(str(b["key"]), int(b["doc_count"])) for b in aggs[name]["buckets"]]
            if name == "year":
                facets[name] = sorted(buckets, reverse=True)
            else:
                facets[name] = sorted(buckets, key=lambda x: (-x[1], x[0]))
        return {"total": int(result.count), "hits": hits, "snippets": snippets, "facets": facets}

    def close(self) -> None:
        pass
