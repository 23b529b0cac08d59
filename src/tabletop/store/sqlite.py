"""The default store: one SQLite file per session, WAL, durable before acknowledging.

Each command and its events are written in one transaction with `synchronous=FULL`, so a
command is on disk before the caller hears it was accepted; a crash or a power cut loses
nothing that was acknowledged. A file is checked before anything is written to it: a file
that is not a session, comes from a newer version, or is corrupt is refused untouched.

A session is owner-only from the moment it exists (`files.py`), and open for writing in one
process at a time (`lock.py`). Reading takes no lock and works where we cannot write
(`_connect_read_only`).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

from tabletop.store.base import OPTIONAL_META, Record, SessionMeta, StoreError
from tabletop.store.files import PRIVATE, create_private, make_private
from tabletop.store.lock import SessionLock

APPLICATION_ID = 0x54544F50  # "TTOP": marks a SQLite file as a tabletop session
FORMAT_VERSION = 1
SQLITE_HEADER = b"SQLite format 3\x00"
_NO_MORE = (float("inf"), "")
"""Past the last event row: after every command's seq."""

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE commands (seq INTEGER PRIMARY KEY, command TEXT NOT NULL, wall_time TEXT NOT NULL);
CREATE TABLE events (
    command_seq INTEGER NOT NULL REFERENCES commands(seq),
    idx INTEGER NOT NULL,
    event TEXT NOT NULL,
    PRIMARY KEY (command_seq, idx)
) WITHOUT ROWID;
"""


class SQLiteStore:
    """A session log in one SQLite file. Create with `create`, reopen with `open`."""

    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection,
        meta: SessionMeta,
        count: int,
        lock: SessionLock | None = None,
        scratch: tempfile.TemporaryDirectory | None = None,
    ) -> None:
        self._writable = lock is not None
        self.path = str(path)
        self._db = connection
        self._meta = meta
        self._count = count
        self._lock = lock
        self._scratch = scratch
        self._closed = False

    @classmethod
    def create(cls, path: Path | str, meta: SessionMeta) -> SQLiteStore:
        """A new session file, owner-only and locked; refuses to overwrite anything that exists."""
        path = Path(path)
        if path.exists() or path.is_symlink():
            raise StoreError(f"{path}: already exists; choose another name (an existing session is never overwritten)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{path}: cannot create the session file: {exc.strerror or exc}") from None
        lock = SessionLock.acquire(path)
        try:
            return cls._initialise(path, meta, lock)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _initialise(cls, path: Path, meta: SessionMeta, lock: SessionLock) -> SQLiteStore:
        create_private(path)
        try:
            db = _connect(path)
            db.execute("BEGIN IMMEDIATE")
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            rows = [(k, json.dumps(v, ensure_ascii=False)) for k, v in asdict(meta).items()]
            rows.append(("format", str(FORMAT_VERSION)))
            db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", rows)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot create the session file: {exc}") from None
        return cls(path, db, meta, 0, lock)

    @classmethod
    def open(cls, path: Path | str, *, writable: bool = True) -> SQLiteStore:
        """Reopen a session file after checking, read-only, that it is one we can use.

        Writable: only one process at a time (a second one gets a StoreError naming the
        first), and the file and its companions are made owner-only if they were not.
        """
        path = Path(path)
        _check_header(path)
        if not writable:
            db, scratch = _connect_read_only(path)
            try:
                meta, count = _check(db, path)
            except BaseException:
                db.close()
                if scratch is not None:
                    scratch.cleanup()
                raise
            return cls(path, db, meta, count, None, scratch)
        lock = SessionLock.acquire(path)
        try:
            make_private(path)
            probe, _ = _connect_read_only(path)
            try:
                meta, count = _check(probe, path)
            finally:
                probe.close()
            try:
                db = _connect(path)
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{path}: the session file is damaged ({exc}); it was not modified") from None
        except BaseException:
            lock.release()
            raise
        return cls(path, db, meta, count, lock)

    def meta(self) -> SessionMeta:
        return self._meta

    def count(self) -> int:
        return self._count

    def append(self, command: str, events: list[str], wall_time: str) -> int:
        seq = self._count + 1
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO commands (seq, command, wall_time) VALUES (?, ?, ?)", (seq, command, wall_time))
            db.executemany(
                "INSERT INTO events (command_seq, idx, event) VALUES (?, ?, ?)",
                [(seq, i, event) for i, event in enumerate(events)],
            )
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise StoreError(f"{self.path}: could not save ({exc}); the last action was not recorded") from None
        self._count = seq
        return seq

    def records(self) -> Iterator[Record]:
        """Every command with its events, in order (streams; fine for 100,000s of commands)."""
        for seq, command, wall_time, events in self._with_events("seq, command, wall_time"):
            yield Record(seq, command, events, wall_time)

    def rows(self) -> Iterator[tuple[int, str, list[str]]]:
        """Like `records`, as `(seq, command, events)` tuples: what a replay reads of 1,000,000s of rows."""
        return self._with_events("seq, command")

    def _with_events(self, columns: str) -> Iterator[tuple]:
        """Each row of `columns` (seq first) from the commands, in order, its events' JSON added last.

        Two cursors walked side by side, one over each table in key order: a command's
        events are the run of event rows with its seq (this loop is most of the time it
        takes to read a session; keep it plain).
        """
        try:
            events = self._db.execute("SELECT command_seq, event FROM events ORDER BY command_seq, idx")
            pending, event = next(events, _NO_MORE)
            for row in self._db.execute(f"SELECT {columns} FROM commands ORDER BY seq"):
                seq = row[0]
                if pending < seq:
                    raise self._orphan(pending)
                own = []
                while pending == seq:
                    own.append(event)
                    pending, event = next(events, _NO_MORE)
                yield (*row, own)
            if pending is not _NO_MORE[0]:
                raise self._orphan(pending)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: the session file is damaged ({exc}); it was not modified") from None
        except TypeError:  # a row numbered with text or a blob: compared with the numbers
            raise StoreError(
                f"{self.path}: the session file is damaged (a row is numbered with something other than a number);"
                " it was not modified"
            ) from None

    def _orphan(self, seq: int) -> StoreError:
        return StoreError(
            f"{self.path}: command #{seq} is missing from the session file, though its events are there "
            "(damaged); it was not modified"
        )

    def hosting(self) -> dict[str, str]:
        """What hosting trainees needs to survive a restart: certificate, key, team keys."""
        try:
            return dict(self._db.execute("SELECT key, value FROM hosting"))
        except sqlite3.OperationalError:
            return {}

    def save_hosting(self, values: dict[str, str]) -> None:
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("CREATE TABLE IF NOT EXISTS hosting (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.executemany("INSERT OR REPLACE INTO hosting (key, value) VALUES (?, ?)", list(values.items()))
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise StoreError(f"{self.path}: could not save the hosting keys ({exc})") from None

    def close(self) -> None:
        """Close (again is fine); a writable store first folds its WAL into the file, so the .db alone is whole."""
        if self._closed:
            return
        self._closed = True
        try:
            if self._writable:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass  # another reader may hold the WAL; the data is safe in it either way
        finally:
            self._db.close()
            if self._lock is not None:
                self._lock.release()
            if self._scratch is not None:
                self._scratch.cleanup()


def _check(db: sqlite3.Connection, path: Path) -> tuple[SessionMeta, int]:
    """The session's description and its number of commands, once it is known to be ours."""
    try:
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if application_id != APPLICATION_ID:
            raise StoreError(f"{path}: not a tabletop session (it is some other SQLite database)")
        if version > FORMAT_VERSION:
            raise StoreError(
                f"{path}: made by a newer tabletop (session format {version}; this version reads "
                f"up to {FORMAT_VERSION}); upgrade tabletop to open it"
            )
        meta = _read_meta(db, path)
        count = db.execute("SELECT count(*) FROM commands").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: the session file is damaged ({exc}); it was not modified") from None
    return meta, count


def _connect_read_only(path: Path) -> tuple[sqlite3.Connection, tempfile.TemporaryDirectory | None]:
    """A read-only connection, also where we cannot write; with the private copy it reads, if any.

    Even a reader of a WAL-mode database needs a `-shm` beside it. Where the folder is
    writable, or the `-shm` is there to read, the file is read in place (alongside a console
    writing it). In a read-only folder with no `-shm` and nothing pending in the WAL, the file
    alone is the whole session: it is opened `immutable`. Otherwise the file and its WAL are
    copied to a private folder and the copy is read.
    """
    wal = path.with_name(path.name + "-wal")
    uri = path.resolve().as_uri()
    try:
        if _readable_in_place(path):
            return sqlite3.connect(f"{uri}?mode=ro", uri=True), None
        if not _pending(wal):
            return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True), None
        scratch = tempfile.TemporaryDirectory(prefix="tabletop-read-")
        try:
            copy = Path(scratch.name) / path.name
            for source, target in ((path, copy), (wal, copy.with_name(copy.name + "-wal"))):
                with source.open("rb") as reader, open(target, "xb", opener=_private_opener) as writer:
                    shutil.copyfileobj(reader, writer)
            return sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True), scratch
        except BaseException:
            scratch.cleanup()
            raise
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: the session file is damaged ({exc}); it was not modified") from None


def _readable_in_place(path: Path) -> bool:
    """Whether SQLite can read `path` where it is: it may create a -shm there, or one exists."""
    shm = path.with_name(path.name + "-shm")
    return os.access(path.parent, os.W_OK) or os.access(shm, os.R_OK)


def _pending(wal: Path) -> bool:
    try:
        return wal.stat().st_size > 0
    except FileNotFoundError:
        return False


def _private_opener(path: str, flags: int) -> int:
    return os.open(path, flags, PRIVATE)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    return db


def is_database(path: Path | str) -> bool:
    """Whether `path` is an SQLite database (a session file, perhaps), by its first bytes."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise StoreError(f"{path}: no such session file") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if header != SQLITE_HEADER:
        raise StoreError(f"{path}: not a tabletop session file")


def _read_meta(db: sqlite3.Connection, path: Path) -> SessionMeta:
    try:
        values = {key: value for key, value in db.execute("SELECT key, value FROM meta")}
        fields = {
            name: json.loads(values[name])
            for name in SessionMeta.__dataclass_fields__
            if name in values or name not in OPTIONAL_META
        }
        return SessionMeta(**fields)
    except (KeyError, ValueError, TypeError) as exc:
        raise StoreError(f"{path}: the session's description is damaged ({exc}); it was not modified") from None
