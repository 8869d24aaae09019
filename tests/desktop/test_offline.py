"""The app never touches the network: a whole session runs with every socket call forbidden."""

from __future__ import annotations

import functools
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from desktop.archives import open_folder
from desktop.main_window import MainWindow


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every attempt to resolve a name or open a connection is recorded and refused."""
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def guard(*args: object, **kwargs: object) -> None:
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise OSError(f"network access is forbidden in this test ({name})")

        return guard

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    yield attempts


def test_a_whole_session_never_touches_the_network(qtbot, make_window, archive_dir: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    no_network: list[str]) -> None:
    window: MainWindow = make_window(archive_dir)
    bugs: list[str] = []
    window.client.bug_found.connect(bugs.append)
    window.index_job.bug_found.connect(bugs.append)

    # Search, open the seed, show the panels, follow an entity, hover nothing remote.
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        window.search_bar.set_text("Chicago troops")
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.move_selection(0)
    for dock in (window.quotes_dock, window.posts_dock, window.entities_dock, window.timeline_dock):
        assert dock.isVisible()
    assert window.reader.loadResource(2, QUrl("https://pbs.twimg.com/media/x.jpg")) is None
    if window.entities_panel.model.entities:
        entity = window.entities_panel.model.entities[0]
        with qtbot.waitSignal(window.results_shown, timeout=10_000):
            window.set_filter("person" if entity.type == "PERSON" else "place", entity.name)

    # Open a new folder as an archive: it is indexed (with extraction when installed) at once.
    # The saved page refers to remote style sheets, scripts and images.
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "page.html").write_text(
        "<html><head><title>Ferry news</title><link rel=stylesheet href='https://cdn.example/x.css'>"
        "<script src='https://tracker.example/t.js'></script></head><body><article><h1>Ferry news</h1>"
        "<p>The ferry to Halden Island ran late again on Monday morning, passengers said.</p>"
        "<img src='https://images.example/ferry.jpg'><p>The operator blamed the weather.</p>"
        "</article></body></html>", encoding="utf-8")
    with qtbot.waitSignal(window.index_job.finished, timeout=120_000):
        assert window.open_archive(functools.partial(open_folder, folder))
    assert window.filters == {}
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        window.search_bar.set_text("halden")
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.move_selection(0)
    assert "Ferry news" in window.reader.toPlainText()

    assert no_network == [] and bugs == []
    # Qt's own networking is never loaded, so no QNetworkAccessManager can exist.
    assert "PySide6.QtNetwork" not in sys.modules
