"""A session file holds every team's key and the hosting key: it and its companions are owner-only."""

from __future__ import annotations

import os
import stat

import pytest

from tabletop.cli import main
from tabletop.engine import commands as c
from tabletop.session import Session
from tests.conftest import MINIMAL
from tests.store.conftest import console_holding, killed_console

COMPANIONS = ("-wal", "-shm", ".lock")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def modes(session) -> dict[str, int]:
    """The mode of the session file and of every companion that exists, by suffix."""
    found = {"": mode(session)}
    for suffix in (*COMPANIONS, "-journal"):
        other = session.with_name(session.name + suffix)
        if other.exists():
            found[suffix] = mode(other)
    return found


@pytest.fixture
def permissive_umask():
    """Files created with the mode asked for, unreduced: a 0644 anywhere would show."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def test_play_saves_an_owner_only_session(played):
    assert mode(played) == 0o600


def test_an_open_session_and_its_wal_and_shm_are_owner_only(write_scenario, tmp_path, permissive_umask):
    path = tmp_path / "live.db"
    session = Session.create(write_scenario(MINIMAL), path)
    session.submit(c.Start())
    found = modes(path)
    session.close()
    assert set(found) == {"", "-wal", "-shm", ".lock"}
    assert set(found.values()) == {0o600}


def test_a_crashed_console_leaves_only_owner_only_files(played, permissive_umask):
    killed_console(played)
    found = modes(played)
    assert set(found) == {"", "-wal", "-shm", ".lock"}
    assert set(found.values()) == {0o600}


def test_a_session_readable_by_others_is_made_owner_only_when_reopened_to_write(played):
    killed_console(played)  # leaves -wal, -shm and .lock beside it
    for path in (played, *(played.with_name(played.name + s) for s in COMPANIONS)):
        path.chmod(0o644)  # as an older tabletop (or a careless copy) left them
    session = Session.resume(played)
    found = modes(played)
    session.close()
    assert set(found) == {"", "-wal", "-shm", ".lock"}
    assert set(found.values()) == {0o600}


def test_reading_a_session_changes_no_mode(played):
    played.chmod(0o640)
    assert main(["log", str(played)]) == 0
    assert main(["resume", str(played), "--status"]) == 0
    assert mode(played) == 0o640


def test_a_reader_beside_a_live_console_creates_nothing_readable_by_others(played, permissive_umask, capsys):
    with console_holding(played):
        assert main(["log", str(played), "--jsonl"]) == 0
        found = modes(played)
    assert set(found.values()) == {0o600}


def test_a_session_is_never_created_through_a_symlink(write_scenario, tmp_path, capsys):
    target = tmp_path / "elsewhere.txt"
    link = tmp_path / "s.db"
    link.symlink_to(target)
    assert main(["play", str(write_scenario(MINIMAL)), "--session", str(link)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert not target.exists()
