"""Forks: a new session from a point of a played one; the parent is only read."""

from __future__ import annotations

import hashlib

import pytest

from tabletop.engine import commands as c
from tabletop.loader.scripts import load_script
from tabletop.session import Session, play
from tabletop.session.fork import ForkRefused, fork_session, history_until
from tabletop.store import SQLiteStore
from tests.conftest import ROOT

CANAL = ROOT / "scenarios" / "canal-ransomware.yaml"


@pytest.fixture
def played(tmp_path):
    path = tmp_path / "parent.db"
    session = Session.create(CANAL, path, seed=7)
    play(session, *load_script(ROOT / "examples" / "canal-ransomware" / "poor.yaml", session.loaded.scenario))
    session.close()
    return path


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(path):
    store = SQLiteStore.open(path, writable=False)
    try:
        return [(text, events) for _, text, events in store.rows()]
    finally:
        store.close()


def test_a_fork_by_time_replays_the_parent_up_to_the_point_and_leaves_it_untouched(played, tmp_path):
    before = _digest(played)
    fork = fork_session(played, tmp_path / "fork.db", at=2 * 3600 + 40 * 60)
    fork.close()
    assert _digest(played) == before
    parent, forked = _rows(played), _rows(tmp_path / "fork.db")
    history = history_until(played, at=2 * 3600 + 40 * 60)
    assert forked[: history.kept] == parent[: history.kept]
    assert history.engine.now == 2 * 3600 + 40 * 60
    assert 0 < history.kept < history.total
    resumed = Session.resume(tmp_path / "fork.db", use_stored=True)
    assert resumed.engine.now == 2 * 3600 + 40 * 60
    assert resumed.store.meta().fork["parent"] == str(played.resolve())
    assert resumed.store.meta().fork["commands"] == history.kept
    resumed.close()


def test_a_fork_by_command_keeps_the_commands_before_it(played, tmp_path):
    fork = fork_session(played, tmp_path / "fork.db", before_command=5)
    fork.close()
    assert _rows(tmp_path / "fork.db") == _rows(played)[:4]


def test_a_fork_diverges_only_through_new_commands(played, tmp_path):
    fork = fork_session(played, tmp_path / "fork.db", before_command=3)
    fork.submit(c.Note(text="what if we had consulted partners?"))
    fork.close()
    parent, forked = _rows(played), _rows(tmp_path / "fork.db")
    assert forked[:2] == parent[:2]
    assert "what if" in forked[2][0]
    reopened = Session.resume(tmp_path / "fork.db", use_stored=True, writable=False)
    assert reopened.store.count() == 3
    reopened.close()


@pytest.mark.parametrize(
    "point, message",
    [
        ({"before_command": 0}, "there is no command #0"),
        ({"before_command": 10_000}, "there is no command #10000"),
        ({"at": 99 * 3600}, "after the exercise's last minute"),
    ],
)
def test_a_point_outside_the_session_is_refused_and_writes_nothing(played, tmp_path, point, message):
    with pytest.raises(ForkRefused, match=message):
        fork_session(played, tmp_path / "fork.db", **point)
    assert not (tmp_path / "fork.db").exists()


def test_a_fork_never_writes_over_its_parent(played):
    before = _digest(played)
    with pytest.raises(ForkRefused, match="never written"):
        fork_session(played, played, before_command=2)
    assert _digest(played) == before


def test_with_a_time_and_a_command_number_the_earlier_point_wins(played, tmp_path):
    by_command = history_until(played, before_command=5, at=2 * 3600 + 40 * 60)
    assert by_command.kept == 4 and by_command.engine.now == 45 * 60  # not moved on to T+02:40
    by_time = history_until(played, before_command=18, at=40 * 60)
    assert by_time.engine.now == 40 * 60 and by_time.kept < 17


def test_a_time_after_the_exercise_ended_on_the_way_is_refused(played, tmp_path):
    with pytest.raises(ForkRefused, match="the exercise ended at T\\+03:40, before T\\+05:00"):
        fork_session(played, tmp_path / "fork.db", at=5 * 3600)
    assert not (tmp_path / "fork.db").exists()


def test_a_fork_records_how_many_commands_its_parent_had(played, tmp_path):
    fork = fork_session(played, tmp_path / "fork.db", at=3600)
    fork.close()
    assert fork.store.meta().fork["parent_commands"] == SQLiteStore.open(played, writable=False).count()


def test_a_fork_resumes_on_its_stored_scenario_copy(played, tmp_path):
    fork = fork_session(played, tmp_path / "fork.db", at=3600)
    fork.close()
    resumed = Session.resume(tmp_path / "fork.db", writable=False)
    assert resumed.stored_copy
    resumed.close()


def test_a_fork_that_cannot_be_written_leaves_no_file(played, tmp_path, monkeypatch):
    from tabletop.store import StoreError

    written = SQLiteStore.append

    def append(self, *args):
        if self.count() == 3:
            raise StoreError(f"{self.path}: disk full")
        return written(self, *args)

    monkeypatch.setattr(SQLiteStore, "append", append)
    with pytest.raises(StoreError, match="disk full"):
        fork_session(played, tmp_path / "fork.db", at=3600)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("fork.db")] == []  # nor its -wal, -shm, .lock


def test_text_recorded_before_control_characters_were_refused_forks_as_it_was_recorded(write_scenario, tmp_path):
    import sqlite3

    from tests.conftest import MINIMAL

    path = tmp_path / "old.db"
    session = Session.create(write_scenario(MINIMAL), path)
    for command in (c.Start(), c.Note(text="CSIRT cell asks for logs"), c.Advance(to=600)):
        session.submit(command)
    session.close()
    db = sqlite3.connect(path)
    for table, column in (("commands", "command"), ("events", "event")):
        db.execute(f"UPDATE {table} SET {column} = replace({column}, 'asks for logs', 'asks\\u001b[31m for logs')")
    db.commit()
    db.close()
    fork_session(path, tmp_path / "fork.db", before_command=3).close()
    assert _rows(tmp_path / "fork.db") == _rows(path)[:2]


def test_a_fork_is_recorded_when_it_is_made_so_compare_lists_it_after_its_parent(played, tmp_path):
    from tabletop.session import read_session

    fork_session(played, tmp_path / "a-fork.db", before_command=3).close()
    parent, fork = read_session(played).meta, read_session(tmp_path / "a-fork.db").meta
    assert fork.created_at > parent.created_at and fork.fork["parent_created_at"] == parent.created_at
