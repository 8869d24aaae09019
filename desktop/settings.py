"""What the app remembers between sessions, in QSettings (organisation and app "Morgue").

Tests pass their own ``QSettings`` (an INI file in a temporary folder), so they never touch
the user's configuration.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

log = logging.getLogger(__name__)

ORGANIZATION = "Morgue"
APPLICATION = "Morgue"


def user_settings() -> QSettings:
    """The user's settings in the platform's usual place."""
    return QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def file_settings(path: Path) -> QSettings:
    """Settings in an INI file (for tests and portable use)."""
    return QSettings(str(path), QSettings.Format.IniFormat)


class Settings:
    """Typed access to the app's settings."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.q = qsettings if qsettings is not None else user_settings()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.q.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _str(self, key: str, default: str = "") -> str:
        value = self.q.value(key, default)
        return value if isinstance(value, str) else default

    # --- window ---------------------------------------------------------------------------------

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.q.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        """The docks' layout (``QMainWindow.saveState``)."""
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self.q.setValue("window/state", value)

    @property
    def splitter_state(self) -> QByteArray | None:
        return self._bytes("window/splitter")

    @splitter_state.setter
    def splitter_state(self, value: QByteArray) -> None:
        self.q.setValue("window/splitter", value)

    # --- search ---------------------------------------------------------------------------------

    @property
    def last_query(self) -> str:
        return self._str("search/last_query")

    @last_query.setter
    def last_query(self, value: str) -> None:
        self.q.setValue("search/last_query", value)

    @property
    def sort(self) -> str:
        return self._str("search/sort", "relevance")

    @sort.setter
    def sort(self, value: str) -> None:
        self.q.setValue("search/sort", value)

    @property
    def history(self) -> list[str]:
        # JSON, because QSettings turns a one-item list into a plain string in INI files.
        try:
            value = json.loads(self._str("search/history", "[]"))
        except ValueError:
            return []
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    @history.setter
    def history(self, value: list[str]) -> None:
        self.q.setValue("search/history", json.dumps(value, ensure_ascii=False))

    # --- archive --------------------------------------------------------------------------------

    @property
    def archive_dir(self) -> Path | None:
        """The data directory of the archive open when the app last closed."""
        value = self._str("archive/data_dir")
        return Path(value) if value else None

    @archive_dir.setter
    def archive_dir(self, value: Path | None) -> None:
        self.q.setValue("archive/data_dir", str(value) if value else "")

    # --- per archive ----------------------------------------------------------------------------

    @staticmethod
    def _archive_key(data_dir: Path) -> str:
        return "archives/" + hashlib.sha1(str(Path(data_dir)).encode()).hexdigest()[:12]

    def query_for(self, data_dir: Path) -> str | None:
        """The last query typed in this archive (None if it never had one)."""
        value = self.q.value(self._archive_key(data_dir) + "/last_query")
        return value if isinstance(value, str) else None

    def set_query_for(self, data_dir: Path, query: str) -> None:
        self.q.setValue(self._archive_key(data_dir) + "/last_query", query)

    def indexing_unfinished(self, data_dir: Path) -> bool:
        """An indexing run of this archive started and did not finish (the app was quit, or it crashed)."""
        return self.q.value(self._archive_key(data_dir) + "/indexing", "") == "unfinished"

    def set_indexing_unfinished(self, data_dir: Path, unfinished: bool) -> None:
        self.q.setValue(self._archive_key(data_dir) + "/indexing", "unfinished" if unfinished else "done")
        self.q.sync()

    def _json_list(self, key: str) -> list:  # type: ignore[type-arg]
        try:
            value = json.loads(self._str(key, "[]"))
        except ValueError:
            return []
        return value if isinstance(value, list) else []

    @property
    def recent_archives(self) -> list[Path]:
        """The data directories of the archives opened lately, the latest first."""
        return [Path(v) for v in self._json_list("archive/recent") if isinstance(v, str)]

    def add_recent_archive(self, data_dir: Path, keep: int = 8) -> None:
        paths = [str(data_dir), *(str(p) for p in self.recent_archives if p != data_dir)][:keep]
        self.q.setValue("archive/recent", json.dumps(paths, ensure_ascii=False))

    @property
    def saved_searches(self) -> list[tuple[str, str]]:
        """The user's named searches: (name, query), in the order they were saved."""
        return [(str(v[0]), str(v[1])) for v in self._json_list("search/saved")
                if isinstance(v, list) and len(v) == 2]

    @saved_searches.setter
    def saved_searches(self, value: list[tuple[str, str]]) -> None:
        self.q.setValue("search/saved", json.dumps([list(v) for v in value], ensure_ascii=False))

    @property
    def reader_zoom(self) -> int:
        """Steps the reader's text is zoomed in (negative: out)."""
        value = self.q.value("reader/zoom", 0)
        try:
            return int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return 0

    @reader_zoom.setter
    def reader_zoom(self, value: int) -> None:
        self.q.setValue("reader/zoom", int(value))

    def sync(self) -> None:
        self.q.sync()
