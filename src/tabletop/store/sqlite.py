"""The default store: one SQLite file per session, WAL, durable before acknowledging.

Each command and its events are written in one transaction with `synchronous=FULL`, so a
command is on disk before the caller hears it was accepted; a crash or a power cut loses
nothing that was acknowledged. A file is checked before anything is written to it: a file
that is not a session, comes from a newer version, or is corrupt is refused untouched.
A session is owner-only from the moment it exists (`files.py`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

from tabletop.store.base import Record, SessionMeta, StoreError
from tabletop.store.files import create_private, make_private

APPLICATION_ID = 0x54544F50  # "TTOP": marks a SQLite file as a tabletop session
FORMAT_VERSION = 1
SQLITE_HEADER = b"SQLite format 3\x00"

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
        self, path: Path, connection: sqlite3.Connection, meta: SessionMeta, count: int, writable: bool = True
    ) -> None:
        self._writable = writable
        self.path = str(path)
        self._db = connection
        self._meta = meta
        self._count = count

    @classmethod
    def create(cls, path: Path | str, meta: SessionMeta) -> SQLiteStore:
        """A new session file, owner-only; refuses to overwrite anything that exists."""
        path = Path(path)
        if path.exists() or path.is_symlink():
            raise StoreError(f"{path}: already exists; choose another name (an existing session is never overwritten)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{path}: cannot create the session file: {exc.strerror or exc}") from None
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
        return cls(path, db, meta, 0)

    @classmethod
    def open(cls, path: Path | str, *, writable: bool = True) -> SQLiteStore:
        """Reopen a session file after checking, read-only, that it is one we can use.

        Writable: the file and its companions are made owner-only if they were not.
        """
        path = Path(path)
        _check_header(path)
        if writable:
            make_private(path)
        try:
            probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                application_id = probe.execute("PRAGMA application_id").fetchone()[0]
                version = probe.execute("PRAGMA user_version").fetchone()[0]
                if application_id != APPLICATION_ID:
                    raise StoreError(f"{path}: not a tabletop session (it is some other SQLite database)")
                if version > FORMAT_VERSION:
                    raise StoreError(
                        f"{path}: made by a newer tabletop (session format {version}; this version reads "
                        f"up to {FORMAT_VERSION}); upgrade tabletop to open it"
                    )
                meta = _read_meta(probe, path)
                count = probe.execute("SELECT count(*) FROM commands").fetchone()[0]
            finally:
                probe.close()
            db = _connect(path) if writable else sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: the session file is damaged ({exc}); it was not modified") from None
        return cls(path, db, meta, count, writable)

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
        try:
            events = self._db.execute("SELECT command_seq, event FROM events ORDER BY command_seq, idx")
            pending = next(events, None)
            for seq, command, wall_time in self._db.execute(
                "SELECT seq, command, wall_time FROM commands ORDER BY seq"
            ):
                own: list[str] = []
                while pending is not None and pending[0] == seq:
                    own.append(pending[1])
                    pending = next(events, None)
                yield Record(seq, command, own, wall_time)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: the session file is damaged ({exc}); it was not modified") from None

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
        """Close; a writable store first folds its WAL into the file, so the .db alone is whole."""
        try:
            if self._writable:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass  # another reader may hold the WAL; the data is safe in it either way
        finally:
            self._db.close()


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    return db


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
        fields = {name: json.loads(values[name]) for name in SessionMeta.__dataclass_fields__}
        return SessionMeta(**fields)
    except (KeyError, ValueError, TypeError) as exc:
        raise StoreError(f"{path}: the session's description is damaged ({exc}); it was not modified") from None
