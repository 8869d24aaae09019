"""“Did you mean”: a query's unknown words replaced by the nearest words of the index itself.

Only when a search finds nothing. A word is unknown when none of its stems is in the articles'
text or titles; its replacement is the indexed stem within one or two edits that most articles
use, written as an article writes it (a stem such as "ferri" is never shown).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence

from index.search.snippets import Matcher

log = logging.getLogger(__name__)

# Plain words of a query: not a field name, an operator, a pattern or a fuzzy word.
_WORD = re.compile(r"(?<![\w:*?~.-])([^\W\d_][\w’'-]{2,})(?![\w:*?~])")
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
FIELDS = ("body", "title")


def _edits(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def _cased_like(word: str, model: str) -> str:
    if model.islower():
        return word.lower()
    if model[:1].isupper() and model[1:].islower():
        return word[:1].upper() + word[1:].lower()
    return word


def suggest(
    reader,  # type: ignore[no-untyped-def]
    text: str,
    analyze: Callable[[str], list[str]],
    stored_id: Callable[[int], str],
    body_of: Callable[[Sequence[str]], Mapping[str, str]],
) -> str | None:
    """``text`` with each unknown word replaced by the closest indexed word, or None if no word changed.

    ``reader`` is a Whoosh reader of the articles index, ``analyze`` the body field's analyzer
    (word in, stems out), ``stored_id`` a document number's article id, ``body_of`` articles' bodies.
    """
    out, pos, changed = [], 0, False
    for m in _WORD.finditer(text):
        word = m.group(1)
        if word in OPERATORS:
            continue
        stems = analyze(word.lower())
        if not stems or any(reader.doc_frequency(f, s) for f in FIELDS for s in stems):
            continue
        stem = stems[0]
        try:
            near = {t for f in ("body",) for t in reader.terms_within(f, stem, _edits(stem), prefix=1)}
        except Exception:  # a reader without an automaton: no suggestion rather than a failed search
            log.debug("no terms_within for %r", stem, exc_info=True)
            continue
        near.discard(stem)
        if not near:
            continue
        best = max(sorted(near), key=lambda t: reader.doc_frequency("body", t))
        written = _written(reader, best, analyze, stored_id, body_of)
        if not written:
            continue
        out.append(text[pos:m.start(1)] + _cased_like(written, word))
        pos, changed = m.end(1), True
    if not changed:
        return None
    return "".join(out) + text[pos:]


def _written(reader, stem: str, analyze: Callable[[str], list[str]],  # type: ignore[no-untyped-def]
             stored_id: Callable[[int], str], body_of: Callable[[Sequence[str]], Mapping[str, str]]) -> str:
    """The stem as an article of the index writes it (its first occurrence in the first such article)."""
    postings = reader.postings("body", stem)
    if not postings.is_active():
        return ""
    article_id = stored_id(postings.id())
    body = body_of([article_id]).get(article_id, "")
    spans = Matcher([stem], analyze).spans(body)
    return body[spans[0][0]:spans[0][1]] if spans else ""
