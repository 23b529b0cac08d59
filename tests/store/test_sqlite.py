"""The SQLite store refuses what it cannot use and never modifies it."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from tabletop.store import SessionMeta, SQLiteStore, StoreError
from tabletop.store.sqlite import APPLICATION_ID, FORMAT_VERSION

META = SessionMeta("s", "/x/s.yaml", "abc", 3, "0.1.0", "2026-01-01T00:00:00Z", {"s.yaml": "id: s\n"})


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_records_come_back_in_order_with_their_events(tmp_path):
    store = SQLiteStore.create(tmp_path / "s.db", META)
    store.append('{"kind":"start"}', ['{"e":1}', '{"e":2}'], "t1")
    store.append('{"kind":"note"}', [], "t2")
    store.append('{"kind":"pause"}', ['{"e":3}'], "t3")
    store.close()
    reopened = SQLiteStore.open(tmp_path / "s.db")
    assert reopened.meta() == META
    assert [(r.seq, r.command, r.events) for r in reopened.records()] == [
        (1, '{"kind":"start"}', ['{"e":1}', '{"e":2}']),
        (2, '{"kind":"note"}', []),
        (3, '{"kind":"pause"}', ['{"e":3}']),
    ]


def test_rows_are_the_records_without_their_wall_time(tmp_path):
    store = SQLiteStore.create(tmp_path / "s.db", META)
    store.append('{"kind":"start"}', ['{"e":1}', '{"e":2}'], "t1")
    store.append('{"kind":"note"}', [], "t2")
    store.append('{"kind":"pause"}', ['{"e":3}'], "t3")
    assert list(store.rows()) == [(r.seq, r.command, r.events) for r in store.records()]
    assert [r.wall_time for r in store.records()] == ["t1", "t2", "t3"]


@pytest.mark.parametrize("deleted", [2, 3])
def test_events_whose_command_is_gone_are_reported_as_damage(tmp_path, deleted):
    path = tmp_path / "s.db"
    store = SQLiteStore.create(path, META)
    for kind in ("start", "note", "pause"):
        store.append(f'{{"kind":"{kind}"}}', ['{"e":1}'], "t")
    store.close()
    db = sqlite3.connect(path)
    db.execute("DELETE FROM commands WHERE seq = ?", (deleted,))
    db.commit()
    db.close()
    store = SQLiteStore.open(path, writable=False)
    for read in (store.records, store.rows):
        with pytest.raises(StoreError, match=f"command #{deleted} is missing from the session file, though its events"):
            list(read())


def test_an_event_row_whose_command_number_was_edited_to_text_is_reported_as_damage(tmp_path):
    path = tmp_path / "s.db"
    store = SQLiteStore.create(path, META)
    for kind in ("start", "note"):
        store.append(f'{{"kind":"{kind}"}}', ['{"e":1}'], "t")
    store.close()
    db = sqlite3.connect(path)
    db.execute("UPDATE events SET command_seq = 'two' WHERE command_seq = 2")
    db.commit()
    db.close()
    store = SQLiteStore.open(path, writable=False)
    for read in (store.records, store.rows):
        with pytest.raises(StoreError, match=r"the session file is damaged .*; it was not modified"):
            list(read())


def test_an_existing_file_is_never_overwritten(tmp_path):
    path = tmp_path / "s.db"
    path.write_text("precious")
    with pytest.raises(StoreError, match="already exists"):
        SQLiteStore.create(path, META)
    assert path.read_text() == "precious"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a tabletop session file"),
        (b"id: scenario\n", "not a tabletop session file"),
        (b"SQLite format 3\x00" + b"\x13" * 4000, "damaged"),
    ],
)
def test_foreign_and_corrupt_files_are_refused_untouched(tmp_path, content, message):
    path = tmp_path / "s.db"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(StoreError, match=message):
        SQLiteStore.open(path)
    assert digest(path) == before


def test_another_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    before = digest(path)
    with pytest.raises(StoreError, match="not a tabletop session"):
        SQLiteStore.open(path)
    assert digest(path) == before


def test_a_session_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "s.db"
    SQLiteStore.create(path, META).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {FORMAT_VERSION + 1}")
    db.commit()
    db.close()
    before = digest(path)
    with pytest.raises(StoreError, match="newer tabletop"):
        SQLiteStore.open(path)
    assert digest(path) == before


def test_a_truncated_session_is_reported_as_damaged(tmp_path):
    path = tmp_path / "s.db"
    store = SQLiteStore.create(path, META)
    for i in range(200):
        store.append('{"kind":"note","text":"%s"}' % ("x" * 500), [], str(i))
    store.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError):
        store = SQLiteStore.open(path)
        list(store.records())


def test_missing_file(tmp_path):
    with pytest.raises(StoreError, match="no such session file"):
        SQLiteStore.open(tmp_path / "nope.db")


def test_session_files_are_marked_as_ours(tmp_path):
    SQLiteStore.create(tmp_path / "s.db", META).close()
    db = sqlite3.connect(tmp_path / "s.db")
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
