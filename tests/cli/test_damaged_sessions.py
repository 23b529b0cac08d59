"""Commands that read a session check what they read: a damaged, edited or truncated session
file is exit 1 with a message naming the file, never a traceback or a quiet wrong answer,
and the file is left exactly as it was."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from tabletop.cli import main
from tabletop.engine import commands as c
from tabletop.session import Session
from tests.conftest import MINIMAL, ROOT

READERS = {
    "log": ["log", "{s}"],
    "log --jsonl": ["log", "{s}", "--jsonl"],
    "report": ["report", "{s}"],
    "resume --status": ["resume", "{s}", "--status"],
    "compare": ["compare", "{healthy}", "{s}"],
    "fork": ["fork", "{s}", "--at", "10m", "--session", "{s}.fork.db"],
}
DAMAGE = {
    "non-JSON command row": ("UPDATE commands SET command = '[[[' WHERE seq = 2", "command #2 is damaged (not JSON)"),
    "deleted command row": ("DELETE FROM commands WHERE seq = 3", "command #3 is missing"),
    "deleted last command row": ("DELETE FROM commands WHERE seq = 5", "command #5 is missing"),
    "deleted event row": ("DELETE FROM events WHERE command_seq = 4 AND idx = 0", "command #4: replaying it"),
    "edited event row": (
        "UPDATE events SET event = replace(event, '\"value\":35', '\"value\":34') WHERE command_seq = 4",
        "command #4: replaying it",
    ),
    "non-JSON event row": ("UPDATE events SET event = '{{{' WHERE command_seq = 1", "command #1, event 1 is damaged"),
    "event row of an unknown kind": (
        'UPDATE events SET event = \'{"kind":"exploded","time":0}\' WHERE command_seq = 2',
        "no known event kind ('exploded')",
    ),
}


def record(scenario, path):
    session = Session.create(scenario, path)
    for command in (
        c.Start(),
        c.Advance(to=1000),
        c.Note(text="logs requested"),
        c.Decide(team="csirt_cell", decision="contain", option="wait"),
        c.Advance(to=5000),
    ):
        session.submit(command)
    session.close()
    return path


def damage_file(path, statement: str) -> bytes:
    """Run `statement` on the session file's database; return the damaged file's bytes."""
    db = sqlite3.connect(path)
    db.execute(statement)
    db.commit()
    db.close()
    return path.read_bytes()


@pytest.fixture
def sessions(write_scenario, tmp_path):
    scenario = write_scenario(MINIMAL)
    return record(scenario, tmp_path / "healthy.db"), record(scenario, tmp_path / "damaged.db")


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("reader", READERS)
def test_a_damaged_session_is_exit_1_naming_the_file_and_left_as_it_was(sessions, reader, damage, capsys):
    healthy, damaged = sessions
    statement, message = DAMAGE[damage]
    before = damage_file(damaged, statement)
    assert main([arg.format(s=damaged, healthy=healthy) for arg in READERS[reader]]) == 1
    out, err = capsys.readouterr()
    assert err.startswith(f"tabletop: {damaged}: ") and message in err
    assert out == "", "nothing is printed from a session that failed its check"
    assert damaged.read_bytes() == before


@pytest.mark.parametrize("reader", READERS)
def test_the_same_session_undamaged_reads_cleanly(sessions, reader, capsys):
    healthy, other = sessions
    assert main([arg.format(s=other, healthy=healthy) for arg in READERS[reader]]) == 0
    assert capsys.readouterr().err == ""


def test_a_non_json_command_row_prints_no_traceback_from_the_real_entry_point(sessions):
    healthy, damaged = sessions
    db = sqlite3.connect(damaged)
    db.execute("UPDATE commands SET command = '[[[' WHERE seq = 2")
    db.commit()
    db.close()
    for reader, args in READERS.items():
        result = subprocess.run(
            [sys.executable, "-m", "tabletop", *(arg.format(s=damaged, healthy=healthy) for arg in args)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert result.returncode == 1 and "Traceback" not in result.stderr, reader
        assert f"{damaged}: command #2 is damaged (not JSON)" in result.stderr, reader
