"""Morgue's error hierarchy.

An ``ArchiveError`` is something a user can act on: its message is one sentence naming what and
why. Anything else that escapes the core is a bug. ``Cancelled`` is not an error: the user asked.
Errors with arguments of their own pickle with them (``__reduce__``), so one raised in a worker
process arrives whole.
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

    def __reduce__(self) -> tuple[type[UnreadableFile], tuple[str, str]]:
        return type(self), (self.path, self.reason)


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

    def __reduce__(self) -> tuple[type[ArticleNotFound], tuple[str]]:
        return type(self), (self.article_id,)


class IndexLocked(ArchiveError):
    """Another process is writing to the archive's index."""


class DiskFull(ArchiveError):
    """The disk (or the user's quota) holding the archive's data is full."""

    def __init__(self, data_dir: object) -> None:
        self.data_dir = str(data_dir)
        super().__init__(f"The disk holding {self.data_dir} is full: free space and run `morgue index` again.")


class IndexCorrupt(ArchiveError):
    """The archive's index could not be opened."""


class ExportFailed(ArchiveError):
    """An export could not be written."""


class BookmarkNotFound(ArchiveError):
    """No bookmark with that id."""

    def __init__(self, bookmark_id: int) -> None:
        self.bookmark_id = bookmark_id
        super().__init__(f"There is no bookmark {bookmark_id}; `morgue bookmarks list` shows them.")

    def __reduce__(self) -> tuple[type[BookmarkNotFound], tuple[int]]:
        return type(self), (self.bookmark_id,)


class BookmarksUnavailable(ArchiveError):
    """The bookmarks file cannot be opened or written."""


class CorrectionsUnavailable(ArchiveError):
    """The corrections file cannot be opened, read or written."""


class BadBookmark(ArchiveError):
    """A bookmark cannot be made from what was given (no such quote, passage out of range...)."""


class ModelNotInstalled(ArchiveError):
    """The spaCy model needed for quotes and entities is not installed."""

    def __init__(self, model: str, package: str, setting: str, reason: str = "") -> None:
        self.model, self.package, self.setting, self.reason = model, package, setting, reason
        detail = f" ({reason})" if reason else ""
        super().__init__(
            f"The language model {model!r} is not installed{detail}: install the Python package "
            f"{package!r} into Morgue's environment, or set {setting} to an installed spaCy model."
        )

    def __reduce__(self) -> tuple[type[ModelNotInstalled], tuple[str, str, str, str]]:
        # Raised in worker processes: sent back with its own arguments, not the message.
        return type(self), (self.model, self.package, self.setting, self.reason)


class OutlineError(ArchiveError):
    """The PDF is not one the outline writer can update (it is left unchanged)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"The PDF has no outline ({reason}); its pages are complete without it.")

    def __reduce__(self) -> tuple[type[OutlineError], tuple[str]]:
        return type(self), (self.reason,)


class WorkersUnavailable(ArchiveError):
    """The worker processes die as they start (a broken installation): the stage cannot run."""


class Cancelled(Exception):
    """The user cancelled a long job. Never shown as an error."""
