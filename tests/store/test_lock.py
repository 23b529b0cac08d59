"""One console per session: a second writer is refused and told who holds it; readers are not."""

from __future__ import annotations

import hashlib
import json
import os
import socket

import pytest

from tabletop.cli import main
from tabletop.engine import commands as c
from tabletop.session import ScenarioChanged, Session
from tabletop.store import StoreError
from tests.conftest import MINIMAL
from tests.store.conftest import console_holding, killed_console


def digest(session) -> dict[str, str]:
    """The bytes of the session file and its WAL, as they stand."""
    files = [session, session.with_name(session.name + "-wal")]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.exists()}


def commands(session, capsys) -> int:
    assert main(["resume", str(session), "--json"]) == 0
    return json.loads(capsys.readouterr().out)["commands"]


def test_a_second_console_is_refused_with_who_holds_the_session(played, capsys, monkeypatch):
    monkeypatch.setattr("tabletop.cli.run.open_console", lambda *_: pytest.fail("a second console opened"))
    with console_holding(played) as console:
        before = digest(played)
        assert main(["resume", str(played)]) == 1
        err = capsys.readouterr().err
        assert digest(played) == before
    assert f"{played}: open in another console since " in err
    assert err.rstrip().endswith(f"(pid {console.pid} on {socket.gethostname()}); close it first")


def test_a_second_writer_in_the_same_process_is_refused_too(played):
    first = Session.resume(played)
    with pytest.raises(StoreError, match="open in another console"):
        Session.resume(played)
    first.close()
    Session.resume(played).close()


def test_read_only_commands_work_while_a_console_holds_the_session(played, tmp_path, capsys):
    with console_holding(played, notes=4):
        assert main(["log", str(played)]) == 0
        assert main(["log", str(played), "--jsonl"]) == 0
        assert main(["report", str(played), "-o", str(tmp_path / "aar.md")]) == 0
        assert main(["compare", str(played), str(played)]) == 0
        capsys.readouterr()
        held = commands(played, capsys)
    assert (tmp_path / "aar.md").exists()
    assert held == commands(played, capsys)  # the reader saw the console's latest commands


def test_a_lock_left_by_a_killed_console_does_not_block(played, capsys):
    killed_console(played, notes=2)
    assert played.with_name(played.name + ".lock").exists()
    before = commands(played, capsys)
    session = Session.resume(played)
    session.submit(c.Note(text="after the crash"))
    session.close()
    assert commands(played, capsys) == before + 1


def test_the_lock_says_who_holds_it_and_goes_when_the_console_closes(played):
    lock = played.with_name(played.name + ".lock")
    session = Session.resume(played)
    holder = json.loads(lock.read_text())
    session.close()
    assert (holder["pid"], holder["host"]) == (os.getpid(), socket.gethostname())
    assert not lock.exists()


def test_a_resume_refused_for_a_changed_scenario_holds_no_lock(played, write_scenario):
    write_scenario(MINIMAL.replace("by: 25", "by: 40"))  # the scenario it was played on, edited
    with pytest.raises(ScenarioChanged):
        Session.resume(played)
    assert not played.with_name(played.name + ".lock").exists()
    Session.resume(played, use_stored=True).close()


def test_a_new_session_is_locked_while_it_is_played(write_scenario, tmp_path):
    path = tmp_path / "new.db"
    session = Session.create(write_scenario(MINIMAL), path)
    with pytest.raises(StoreError, match="open in another console"):
        Session.resume(path)
    session.close()
    Session.resume(path).close()
