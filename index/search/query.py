"""The query language: Whoosh's syntax with friendly field names and clear errors.

Users write ``speaker:Pritzker``, ``person:"JB Pritzker"``, ``date:[2025-09-01 TO 2025-09-30]``,
``"exact phrase"``, ``troops AND NOT Baltimore``, ``klipenstein~``, ``chicag*``.
"""

from __future__ import annotations

import copy
import re

from whoosh import query as wq
from whoosh.fields import DATETIME, Schema
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldPlugin, OrGroup, syntax
from whoosh.qparser import QueryParser as WhooshParser
from whoosh.qparser.plugins import FieldAliasPlugin, Plugin, PseudoFieldPlugin
from whoosh.util.times import datetime_to_long

from index.errors import QuerySyntaxError
from index.store.schema import is_stemmed

# What users may type before a colon, and the index field it means.
FIELD_ALIASES: dict[str, list[str]] = {
    "title": ["headline"],
    "body": ["text", "content"],
    "date": ["published"],
    "sites": ["site", "source", "domain"],
    "url": [],
    "authors": ["author", "by", "byline"],
    "language": ["lang"],
    "format": ["type"],
    "tags": ["tag"],
    "quotes": ["quote"],
    "speakers": ["speaker", "said"],
    "people": ["person"],
    "orgs": ["org", "organization", "organisation"],
    "places": ["place", "location"],
    "handles": ["handle"],
    "platforms": ["platform"],
    "id": [],
}

# Names that search several fields: ``entity:Pritzker`` finds a person, an organisation or a place.
FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    name: ("people", "orgs", "places") for name in ("entities", "entity", "name")
}

# Quote text is part of the body already; a quote: query searches quotes alone.
SEARCHABLE_DEFAULT = ["title", "body"]
_FIELD_PREFIX = re.compile(r"(?<![\w\"'])([A-Za-z_]+):(?=[\S])")
# The same, in a piece of the query between phrases: a field name at its end is one of a phrase.
_NAME_BEFORE_WORD_OR_PHRASE = re.compile(r"(?<![\w\"'])([A-Za-z_]+):(?=\S|$)")


# The names the README and the help show, one per field.
USER_FIELDS = ("title", "text", "date", "site", "url", "author", "lang", "format", "tag", "quote", "speaker",
               "person", "org", "place", "entity", "handle", "platform")


def user_fields() -> list[str]:
    """The field names a user may type, for help texts and completion."""
    return list(USER_FIELDS)


def _check_balanced(text: str) -> None:
    if text.count('"') % 2:
        raise QuerySyntaxError('The query has an unclosed quotation mark (").')
    depth = 0
    for ch in re.sub(r'"[^"]*"', "", text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise QuerySyntaxError("The query has a closing parenthesis with no opening one.")
    if depth:
        raise QuerySyntaxError("The query has an unclosed parenthesis.")
    stripped = re.sub(r'"[^"]*"', "", text)
    if stripped.count("[") + stripped.count("{") != stripped.count("]") + stripped.count("}"):
        raise QuerySyntaxError("The query has an unclosed range: write date:[2025-01-01 TO 2025-06-30].")


def _searchable(schema: Schema) -> set[str]:
    """The field names (and aliases) a query may use on this schema: stored-only fields are not
    searchable (a quote's article title, say)."""
    indexed = {n for n in schema.names() if getattr(schema[n], "indexed", True)}
    known = set(indexed)
    for field, aliases in FIELD_ALIASES.items():
        if field in indexed:
            known.update(aliases)
    for name, fields in FIELD_GROUPS.items():
        if set(fields) <= indexed:
            known.add(name)
    return known


def _check_fields(text: str, schema: Schema) -> None:
    known = _searchable(schema)
    for m in _FIELD_PREFIX.finditer(re.sub(r'"[^"]*"', '""', text)):
        name = m.group(1).lower()
        if name not in known and not name.startswith("http"):
            usable = [f for f in user_fields() if f in known] or user_fields()
            raise QuerySyntaxError(f"Unknown field {m.group(1)!r}; use one of: {', '.join(usable)}.")


def _lower_field_names(text: str) -> str:
    """``Title:troops`` means ``title:troops``: field names are not case-sensitive (outside quotes)."""
    parts = re.split(r'("[^"]*")', text)
    return "".join(
        part if part.startswith('"') else _NAME_BEFORE_WORD_OR_PHRASE.sub(lambda m: m.group(1).lower() + ":", part)
        for part in parts
    )


def _in_fields(fields: tuple[str, ...]) -> object:
    """A transform for a pseudo-field: each word, phrase or pattern under it searches ``fields``
    (any of them), as if they were one field; words with a field of their own keep it."""

    def spread(node: syntax.SyntaxNode) -> syntax.SyntaxNode:
        if isinstance(node, syntax.GroupNode):
            group = node.empty_copy()
            named = False  # the child follows a field name of its own, as ``b`` in ``entity:(a title:b)``
            for child in node:
                group.append(child if named else spread(child))
                named = isinstance(child, syntax.FieldnameNode)
            return group
        if not node.has_fieldname or node.fieldname is not None:
            return node
        copies = []
        for name in fields:
            field_node = copy.copy(node)
            field_node.set_fieldname(name, override=True)
            copies.append(field_node)
        return syntax.OrGroup(copies)

    return spread


def _find_errors(q: wq.Query) -> str | None:
    if getattr(q, "error", None):
        return str(q.error)
    if q.is_leaf():
        return None
    for child in q.children():
        err = _find_errors(child)
        if err:
            return err
    return None


class _Parser(WhooshParser):
    """Whoosh's parser, except that a prefix, wildcard or fuzzy word is lower-cased but not stemmed.

    Whoosh runs the field's analyser over ``hous*`` as over a word, and the stemmer cuts it to
    ``hou``, which also finds "hour" and "hound". The search expands an unstemmed prefix to the
    words starting with it and to the stems of the words it begins (``universit*`` finds
    "univers"), and compares a fuzzy word as written, and its stem, with the index's stems.
    """

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):  # type: ignore[no-untyped-def]
        as_written = issubclass(termclass, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm))
        if as_written and fieldname in self.schema and is_stemmed(self.schema[fieldname]):
            return termclass(fieldname, text.lower(), boost=boost)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


class _Range(syntax.RangeNode):
    """A range whose excluded ends exclude a date's whole day, month or year: Whoosh's date field
    drops the exclusion, so ``date:>2025-01-05`` took in the 5th (as ``>=``)."""

    def query(self, parser):  # type: ignore[no-untyped-def]
        q = super().query(parser)
        field = parser.schema[q.fieldname] if isinstance(q, wq.NumericRange) else None
        if isinstance(field, DATETIME):
            if self.startexcl and self.start:
                q.start = datetime_to_long(field._parse_datestring(self.start).ceil()) + 1
            if self.endexcl and self.end:
                q.end = datetime_to_long(field._parse_datestring(self.end).floor()) - 1
        return q


class _ExclusiveDatesPlugin(Plugin):
    """Turns the parser's range nodes into ``_Range`` (after ``GtLtPlugin`` made them of ``>``, ``<``)."""

    def filters(self, parser):  # type: ignore[no-untyped-def]
        return [(self.do_ranges, 100)]

    def do_ranges(self, parser, group):  # type: ignore[no-untyped-def]
        for node in group:
            if type(node) is syntax.RangeNode:
                node.__class__ = _Range
            elif isinstance(node, syntax.GroupNode):
                self.do_ranges(parser, node)
        return group


class QueryParser:
    """Parses users' queries for one schema; build once, use for every query."""

    def __init__(self, schema: Schema, fields: list[str] | None = None, *, any_term: bool = False) -> None:
        fields = fields or [f for f in SEARCHABLE_DEFAULT if f in schema.names()]
        boosts = {"title": 2.0} if "title" in fields else {}
        group = OrGroup.factory(0.9) if any_term else None
        kwargs = {"group": group} if group else {}
        self.schema = schema
        self._parser = _Parser(None, schema, **kwargs)  # as Whoosh's MultifieldParser builds it
        self._parser.add_plugin(MultifieldPlugin(fields, fieldboosts=boosts))
        self._parser.add_plugin(FuzzyTermPlugin())
        self._parser.add_plugin(GtLtPlugin())
        self._parser.add_plugin(_ExclusiveDatesPlugin())
        aliases = {f: a for f, a in FIELD_ALIASES.items() if f in schema.names() and a}
        self._parser.add_plugin(FieldAliasPlugin(aliases))
        groups = {name: _in_fields(f) for name, f in FIELD_GROUPS.items() if set(f) <= set(schema.names())}
        if groups:
            self._parser.add_plugin(PseudoFieldPlugin(groups))

    def parse(self, text: str) -> wq.Query:
        """The Whoosh query for ``text``; an empty text matches every article.

        Raises ``QuerySyntaxError`` with a sentence the user can act on.
        """
        text = text.strip()
        if not text or _ALL_STARS.fullmatch(text):
            return wq.Every()  # ``*``: every article, as fast as an empty query
        _check_text(text)
        _check_balanced(text)
        _check_fields(text, self.schema)
        text = _lower_field_names(text)
        try:
            q = self._parser.parse(text)
        except IndexError as exc:  # Whoosh's parser on an operator with nothing to apply to
            raise QuerySyntaxError(
                "The query has an operator (NOT, AND, OR) with nothing to apply to, as in NOT NOT: "
                "remove it, or put a word or a (group) after it."
            ) from exc
        except Exception as exc:  # Whoosh raises bare ValueErrors and Exceptions for bad values
            raise QuerySyntaxError(f"The query could not be understood ({_explain(exc)}).") from exc
        err = _find_errors(q)
        if err:
            raise QuerySyntaxError(f"The query could not be understood ({_explain(err)}).")
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            raise QuerySyntaxError("The query has no words to search for.")
        q = _stars_as_every(q)
        _check_leaves(q, self.schema)
        _keep_first_letter(q)
        return q


_ALL_STARS = re.compile(r"[*\s]+")
MAX_QUERY_CHARS = 10_000
MAX_QUERY_WORDS = 1_000
MAX_EDITS = 2


def _check_text(text: str) -> None:
    """Text a query can hold: valid Unicode (a shell argument in another encoding is not), and
    not over ``MAX_QUERY_WORDS`` words or ``MAX_QUERY_CHARS`` characters."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[exc.start]
        raise QuerySyntaxError(
            f"The query holds a character that is not text (U+{ord(bad):04X}, as a name in another "
            "encoding gives): type the query again."
        ) from exc
    words = len(text.split())
    if len(text) > MAX_QUERY_CHARS or words > MAX_QUERY_WORDS:
        raise QuerySyntaxError(
            f"The query is too long ({words:,} words, {len(text):,} characters): search for at most "
            f"{MAX_QUERY_WORDS:,} words and {MAX_QUERY_CHARS:,} characters."
        )


def _stars_as_every(q: wq.Query) -> wq.Query:
    """``title:***`` is every article with a title, as ``title:*`` (not a walk of every word)."""
    if isinstance(q, wq.Wildcard) and not q.text.strip("*"):
        return wq.Every(q.fieldname, boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(_stars_as_every)


def _check_leaves(q: wq.Query, schema: Schema) -> None:
    """Values the index can hold (``date:"x 2025"`` is no date), and fuzzy words of at most
    ``MAX_EDITS`` edits."""
    if isinstance(q, wq.FuzzyTerm) and q.maxdist > MAX_EDITS:
        raise QuerySyntaxError(f"A fuzzy word allows at most {MAX_EDITS} edits: write {q.text}~ or {q.text}~2.")
    if isinstance(q, wq.Term) and q.fieldname in schema:
        try:
            schema[q.fieldname].to_bytes(q.text)
        except Exception as exc:  # Whoosh raises bare Exceptions for a value its field cannot hold
            raise QuerySyntaxError(f"The query could not be understood ({_explain(exc)}).") from exc
    if not q.is_leaf():
        for child in q.children():
            _check_leaves(child, schema)


def _keep_first_letter(q: wq.Query) -> None:
    """Fuzzy words keep their first letter (``klipenstein~`` is compared with the words starting
    with k), as Whoosh's own FuzzyTerm does by default; its parser sets none, and comparing with
    every word of the archive took a quarter of a second at 10,000 articles."""
    if isinstance(q, wq.FuzzyTerm):
        q.prefixlength = max(1, q.prefixlength)
    elif not q.is_leaf():
        for child in q.children():
            _keep_first_letter(child)


def _explain(exc: object) -> str:
    msg = str(exc)
    if "parseable date" in msg or "invalid literal for int" in msg or "month must be" in msg or "day is out" in msg:
        return "a date must look like 2025, 2025-09 or 2025-09-03"
    return msg
