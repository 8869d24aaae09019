"""What the app remembers between sessions, in QSettings (organisation and app "Morgue").

Tests pass their own ``QSettings`` (an INI file in a temporary folder), so they never touch
the user's configuration.
"""

from __future__ import annotations

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

    def sync(self) -> None:
        self.q.sync()
