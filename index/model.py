"""Plain data passed between Morgue's layers: articles, what is extracted from them, search results.

Everything here is a frozen dataclass with no behaviour beyond small derived properties, so the
CLI, the GUI and the tests all see the same values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Literal

Format = Literal[
    "seed-text", "text", "markdown", "html", "mhtml", "warc", "json",
    "pdf", "epub", "docx", "email", "wacz", "wallabag", "omnivore", "archivebox",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of an article's body.

    ``joined`` is true when the paragraph was separated from the previous one by a run of three
    blank lines in the seed text format: both belong to one social post flattened to text.
    ``page`` is the page it starts on (1 for the first) in a paged document such as a PDF, so a
    citation can say "p. 4"; None elsewhere.
    """

    text: str
    joined: bool = False
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Annotation:
    """A highlight or note that a read-later service (Wallabag, Omnivore) kept with a saved article.

    ``quote`` is the highlighted passage as the service stored it ("" for a note on the whole
    article), ``note`` what the user wrote about it, ``tags`` its labels. A later step turns these
    into bookmarks; the reader only keeps them.
    """

    quote: str
    note: str = ""
    tags: tuple[str, ...] = ()
    created: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an article's copy comes from: the page's original URL, the saved file(s) it was read
    from (as read, absolute; ``archive_path`` gives them relative to the archive's folder) and the
    SHA-256 of the (first) file, so a citation can say which bytes it quotes."""

    url: str = ""
    files: tuple[str, ...] = ()
    sha256: str = ""


# How ``Article.captured`` was found; the last is no capture time, only when the file last changed.
FILE_MTIME = "file modification time"


@dataclass(frozen=True)
class Article:
    """One saved article as read from the archive, before any extraction."""

    id: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    date: dt.date | None = None
    authors: tuple[str, ...] = ()
    site: str = ""
    url: str = ""
    language: str = ""
    format: str = ""
    source: str = ""  # the file it came from; "path#n" for the n-th article of a multi-article file
    tags: tuple[str, ...] = ()
    # Highlights and notes from a read-later export; not part of the text that extraction reads.
    annotations: tuple[Annotation, ...] = ()
    # When the page was saved (ISO 8601 date-time, "" when unknown) and what says so: "WARC-Date",
    # "WACZ pages", "MHTML Date", "SingleFile saved date", "ArchiveBox timestamp" (its snapshot),
    # "Wallabag created_at", "Omnivore savedAt", "front matter created" (a web clipper's), "e-mail Date",
    # or FILE_MTIME.
    captured: str = ""
    captured_from: str = ""
    provenance: Provenance | None = None
    # The saved page's markup, for embed detection; never shown, never loaded in a browser.
    html: str | None = field(default=None, repr=False, compare=False)

    @property
    def body(self) -> str:
        """The article text, paragraphs separated by blank lines."""
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def content_hash(self) -> str:
        """A hash of everything extraction reads: re-extraction is skipped when it is unchanged."""
        h = hashlib.sha256()
        h.update(self.title.encode("utf-8", "surrogatepass"))
        for p in self.paragraphs:
            h.update(b"\x00J" if p.joined else b"\x00P")
            h.update(p.text.encode("utf-8", "surrogatepass"))
        if self.html:
            h.update(b"\x00H")
            h.update(self.html.encode("utf-8", "surrogatepass"))
        return h.hexdigest()


SpeakerKind = Literal["person", "organization", "document", "description", "unknown"]
# How a speaker was found: named (or described) in the quote's own sentence; inferred from a pronoun
# or a neighbouring sentence or paragraph; guessed from the nearest quote before ("" when unknown).
Confidence = Literal["stated", "inferred", "guessed", ""]


@dataclass(frozen=True)
class Quote:
    """A direct quotation and who said it.

    ``speaker`` is the canonical entity name (or the document's name, such as "the memo"), or
    None when the article gives no reliable speaker. ``paragraph`` is the index of the paragraph
    where the quote starts; ``start``/``end`` are character offsets of the quoted text (without
    the quote marks) in that paragraph (``end`` may run past it for a multi-paragraph quote, then
    ``end_paragraph`` says where it stops).

    ``speaker_text`` is the speaker as the text gives it when that is a description ("a State
    Department spokesperson"; ``speaker_kind`` is then "description" and ``speaker`` the person it
    refers to, or the phrase). ``evidence`` is the words that name the speaker ("said Hill", "‘She
    said’ → Karoline Leavitt, named one paragraph before") and ``confidence`` how sure that is.

    ``corrected`` is true when the user set or cleared the speaker (``index.corrections``); then
    ``corrected_from`` is the speaker the extractor gave (None when it gave none).
    """

    text: str
    speaker: str | None
    speaker_kind: SpeakerKind
    paragraph: int
    start: int = 0
    end: int = 0
    end_paragraph: int | None = None
    cue: str = ""  # how the speaker was found: "same-sentence", "pronoun", "previous-paragraph", ...
    speaker_text: str | None = None
    evidence: str = ""
    confidence: Confidence = ""
    corrected: bool = False
    corrected_from: str | None = None

    @property
    def speaker_as_cited(self) -> str | None:
        """The speaker as an export may print it: an inferred or guessed attribution says so, and
        one the user set says it was corrected."""
        if self.corrected and self.speaker is not None:
            return f"{self.speaker} (corrected)"
        if self.speaker is None or self.confidence not in ("inferred", "guessed"):
            return self.speaker
        return f"{self.speaker} ({self.confidence}, not named in the sentence)"


Platform = Literal["x", "instagram", "facebook", "tiktok", "youtube", "bluesky", "mastodon", "threads"]


@dataclass(frozen=True)
class Post:
    """An embedded social post, found in markup, flattened to text, or lost when the page was saved."""

    platform: str
    author: str | None = None
    handle: str | None = None
    date: str | None = None  # ISO "YYYY-MM-DD" when it could be parsed, else as the page gives it
    text: str | None = None
    url: str | None = None
    post_id: str | None = None
    media: tuple[str, ...] = ()
    missing: bool = False  # True when the post's content is not in the archive
    paragraphs: tuple[int, ...] = ()  # article paragraphs the post occupies (flattened or lost posts)


EntityType = str  # "PERSON", "ORG", "PLACE" first; other spaCy labels kept as secondary


@dataclass(frozen=True)
class Entity:
    """A named entity of one article, its mentions merged under one canonical name."""

    name: str
    type: EntityType
    mentions: tuple[str, ...]
    count: int


@dataclass(frozen=True)
class Extraction:
    """What the extractors found in one article."""

    quotes: tuple[Quote, ...] = ()
    posts: tuple[Post, ...] = ()
    entities: tuple[Entity, ...] = ()
    language: str = ""  # the language extraction took the article to be in ("en")
    # Why no NLP ran ("language": no model serves it): then there are no entities and no speakers.
    nlp_skipped_reason: str = ""


# --- search results -----------------------------------------------------------------------------

# A snippet is a run of fragments; the flag is True for the fragments that matched the query.
Snippet = tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class Hit:
    """One article in a result list."""

    id: str
    title: str
    date: dt.date | None
    site: str
    url: str
    authors: tuple[str, ...]
    format: str
    score: float
    snippet: Snippet = ()


@dataclass(frozen=True)
class QuoteHit:
    """One quote in a quote search, with the article it comes from."""

    article_id: str
    index: int  # position of the quote in its article's extraction
    text: str
    speaker: str | None
    title: str
    date: dt.date | None
    site: str
    score: float


@dataclass(frozen=True)
class SearchResult:
    """A page of hits for a query, with facet counts over all matching articles."""

    query: str
    total: int
    page: int
    pagelen: int
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[tuple[str, int], ...]]
    sort: str = "relevance"
    # What the user should know about how the query ran ("*a* matches more than 1,000 words; …").
    notices: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.pagelen))


@dataclass(frozen=True)
class ImportProblem:
    """One file that could not be imported, and why, in words a user can act on."""

    path: str
    reason: str


@dataclass
class ImportReport:
    """What an indexing run did."""

    files_seen: int = 0
    files_unchanged: int = 0
    files_read: int = 0
    articles_added: int = 0
    articles_updated: int = 0
    articles_duplicate: int = 0  # articles found again in another file of the same run
    articles_removed: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    skipped: list[ImportProblem] = field(default_factory=list)  # files no reader takes (not problems)
    annotated: list[str] = field(default_factory=list)  # ids of articles read with highlights (read-later exports)
    extracted: int = 0  # articles whose names and quotes the second phase found
    extraction_pending: int = 0  # articles still waiting for theirs (cancelled, or left for later)
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems and not self.cancelled
