"""A user's own SQLite file (bookmarks, corrections): kept with the most care in the archive.

One connection per thread (autocommit, so transactions are explicit), WAL and ``synchronous=FULL``,
every write in one ``BEGIN IMMEDIATE`` transaction that lands whole or not at all, versioned
migrations that another process may have run meanwhile, and every SQLite failure raised as the
subclass's own ``ArchiveError`` naming the file.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from index.errors import ArchiveError

log = logging.getLogger(__name__)

Migration = Callable[[sqlite3.Connection], None]


class UserFile:
    """The SQLite file of one kind of the user's data; subclasses name it and give its schema."""

    kind: ClassVar[str]  # in messages: "The bookmarks file … cannot be written"
    error: ClassVar[type[ArchiveError]]
    migrations: ClassVar[Sequence[Migration]]
    pragmas: ClassVar[tuple[str, ...]] = ()  # beyond WAL and synchronous=FULL

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only  # an existing file, neither created nor migrated
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise self.error(f"The folder for {self.kind} {self.path.parent} cannot be created ({exc}).") from exc
            self._migrate()

    def _failed(self, what: str, exc: BaseException) -> ArchiveError:
        return self.error(f"The {self.kind} file {self.path} {what} ({exc}).")

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                # Each connection is used by its own thread only; not checking lets ``close`` end them all.
                if self.read_only:
                    conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30, isolation_level=None,
                                           check_same_thread=False)
                else:
                    conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
                    for pragma in ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", *self.pragmas):
                        conn.execute(pragma)
            except sqlite3.DatabaseError as exc:
                raise self._failed("cannot be opened", exc) from exc
            self._local.conn = conn
            with self._all_lock:
                self._all.append(conn)
        return conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands or none of it does."""
        if self.read_only:
            raise self.error(f"The {self.kind} file {self.path} was opened read-only.")
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._failed("is busy or read-only", exc) from exc
        try:
            yield conn
        except sqlite3.OperationalError as exc:  # disk full, I/O error, read-only file...
            with contextlib.suppress(sqlite3.DatabaseError):
                conn.execute("ROLLBACK")
            raise self._failed("cannot be written", exc) from exc
        except BaseException:
            with contextlib.suppress(sqlite3.DatabaseError):
                conn.execute("ROLLBACK")
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                with contextlib.suppress(sqlite3.DatabaseError):
                    conn.execute("ROLLBACK")
                raise self._failed("cannot be written", exc) from exc

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn().execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._failed("cannot be read", exc) from exc

    def close(self) -> None:
        """Close every connection opened by any thread (it reconnects on next use)."""
        with self._all_lock:
            conns, self._all = self._all, []
        for conn in conns:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        self._local = threading.local()

    def _migrate(self) -> None:
        latest = len(self.migrations)
        conn = self._conn()
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > latest:
                raise self.error(
                    f"The {self.kind} file {self.path} was written by a newer version of Morgue "
                    f"(schema {version}, this one knows {latest}); update Morgue to use it."
                )
            for target in range(version + 1, latest + 1):
                with self._write() as c:
                    # Another process may have migrated while this one waited for the lock.
                    if c.execute("PRAGMA user_version").fetchone()[0] >= target:
                        continue
                    self.migrations[target - 1](c)
                    c.execute(f"PRAGMA user_version = {target:d}")
                log.info("%s %s: schema version %d", self.kind, self.path, target)
        except sqlite3.DatabaseError as exc:
            raise self._failed("cannot be read", exc) from exc
