"""One error hierarchy: every exception the core raises for a user lives in index/errors.py."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

from index import errors
from index.errors import ArchiveError

INDEX = Path(__file__).resolve().parents[2] / "index"
# Signals that never leave their module: caught where they are raised, never shown to a user.
# Signals caught inside their own module, never shown to a user.
INTERNAL = {
    "index/search/engine.py": {"Unsupported"},
    "index/ingest/warc.py": {"_Broken"},
    "index/ingest/markdown.py": {"_AliasRefused"},  # becomes UnreadableFile naming the line
    "index/store/w3/guard.py": {"FormatDrift"},  # the searcher falls back to Whoosh's own search
}


def _exception_classes(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
            if any(b.endswith(("Error", "Exception")) or b in errors.__dict__ for b in bases):
                names.add(node.name)
    return names


def test_exceptions_are_defined_only_in_errors() -> None:
    outside = {}
    for path in sorted(INDEX.rglob("*.py")):
        rel = path.relative_to(INDEX.parent).as_posix()
        if rel == "index/errors.py":
            continue
        found = _exception_classes(path) - INTERNAL.get(rel, set())
        if found:
            outside[rel] = found
    assert outside == {}


def test_every_error_but_cancelled_is_an_archive_error() -> None:
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, BaseException)]
    assert {c.__name__ for c in classes if not issubclass(c, ArchiveError)} == {"Cancelled"}
    assert {"BookmarkNotFound", "BookmarksUnavailable", "BadBookmark", "ModelNotInstalled", "OutlineError"} <= {
        c.__name__ for c in classes
    }


SENTENCES = [
    errors.ModelNotInstalled("en_core_web_md", "en-core-web-md", "MORGUE_SPACY_MODEL", "it has no parser"),
    errors.OutlineError("the PDF already has an outline"),
    errors.BookmarkNotFound(7),
    errors.ArticleNotFound("abc123"),
]


@pytest.mark.parametrize("error", [*SENTENCES, errors.UnreadableFile("/a/b.html", "not HTML")])
def test_errors_survive_a_worker_process(error: ArchiveError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error) and copy.args == error.args


@pytest.mark.parametrize("error", SENTENCES)
def test_messages_are_one_sentence(error: ArchiveError) -> None:
    message = str(error)
    assert message[0].isupper() and message.endswith(".") and ". " not in message
