"""Morgue's error hierarchy.

An ``ArchiveError`` is something a user can act on: its message is one sentence naming what and
why. Anything else that escapes the core is a bug. ``Cancelled`` is not an error: the user asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.model import Article


class ArchiveError(Exception):
    """A failure the user can understand and act on."""


class UnreadableFile(ArchiveError):
    """A file of the archive could not be read as an article."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class PartialRead(UnreadableFile):
    """A file could be read only in part (a WARC that ends early): ``articles`` holds what was read."""

    def __init__(self, path: object, reason: str, articles: Sequence[Article]) -> None:
        super().__init__(path, reason)
        self.articles = list(articles)


class QuerySyntaxError(ArchiveError):
    """The search query could not be parsed."""


class ArticleNotFound(ArchiveError):
    """No article with that id is in the index."""

    def __init__(self, article_id: str) -> None:
        self.article_id = article_id
        super().__init__(f"No article with id {article_id!r} is in the archive's index.")


class IndexLocked(ArchiveError):
    """Another process is writing to the archive's index."""


class IndexCorrupt(ArchiveError):
    """The archive's index could not be opened."""


class ExportFailed(ArchiveError):
    """An export could not be written."""


class Cancelled(Exception):
    """The user cancelled a long job. Never shown as an error."""
