"""Bad input found by probing from outside: each gets a clear message, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from tabletop.cli import main
from tests.conftest import MINIMAL, ROOT


def tabletop(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tabletop", *args], capture_output=True, text=True, cwd=ROOT)


def played(tmp_path, write_scenario):
    session = tmp_path / "s.db"
    assert main(["play", str(write_scenario(MINIMAL)), "--session", str(session)]) == 0
    return session


def test_a_report_is_never_written_over_the_session_or_another_session(tmp_path, write_scenario, capsys):
    session = played(tmp_path, write_scenario)
    before = session.read_bytes()
    assert main(["report", str(session), "-o", str(session)]) == 1
    assert "session file itself" in capsys.readouterr().err
    assert main(["report", str(session), "--format", "md", "-o", str(session)]) == 1
    assert session.read_bytes() == before


def test_infinite_and_huge_times_are_validation_errors(write_scenario, capsys):
    path = write_scenario(
        MINIMAL.replace("    at: 0\n", "    at: .inf\n").replace("  duration: 3h", "  duration: 99999999h")
    )
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:8:13: a duration of at most 115 days, please" in err
    assert f"{path}:30:9: a duration is a finite, non-negative time" in err


def test_a_malformed_join_string_is_a_clear_error():
    result = tabletop("join", "tabletop://[::1/csirt_cell?key=abc&pin=def")
    assert result.returncode == 1 and "Traceback" not in result.stderr and "malformed" in result.stderr


def test_damaged_event_rows_are_reported_not_crashed_on(tmp_path, write_scenario):
    session = played(tmp_path, write_scenario)
    db = sqlite3.connect(session)
    db.execute("UPDATE events SET event = '[1]' WHERE idx = 0 AND command_seq = 1")
    db.commit()
    db.close()
    for command in (
        ["log", str(session)],
        ["log", str(session), "--jsonl"],
        ["report", str(session)],
        ["compare", str(session)],
    ):
        result = tabletop(*command)
        assert result.returncode == 1 and "Traceback" not in result.stderr, command
        assert f"{session}: command #1, event 1 is damaged" in result.stderr, command


def test_a_named_pipe_is_not_read_forever(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = tabletop("validate", str(fifo))
    assert result.returncode == 1 and "not a regular file" in result.stderr


def test_deeply_nested_yaml_is_a_located_error_on_any_pyyaml(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("id: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    result = tabletop("validate", str(deep))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{deep}:1:" in result.stderr and "nesting is too deep" in result.stderr
