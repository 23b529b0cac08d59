"""`tabletop replay` as a facilitator runs it: bad input stops before the console opens, a fork
asked to be played on opens in the live console, and the session replayed is only read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.cli import main
from tabletop.session.fork import fork_session
from tests.cli.test_damaged_sessions import DAMAGE, damage_file, record
from tests.conftest import MINIMAL, ROOT

CANAL = ROOT / "scenarios" / "canal-ransomware.yaml"


class ClosedReplay:
    """Stands in for the replay app: closes at once, returning `fork` (a fork to play on, or None)."""

    def __init__(self, played, point: int, fork: Path | None = None, forks: tuple[Path, ...] = ()) -> None:
        self.played, self.point, self.fork = played, point, fork
        self.return_code = 0
        self.forks = list(forks)

    def run(self) -> Path | None:
        return self.fork


@pytest.fixture
def played(tmp_path):
    path = tmp_path / "canal.db"
    script = ROOT / "examples" / "canal-ransomware" / "poor.yaml"
    assert main(["play", str(CANAL), "--decisions", str(script), "--session", str(path)]) == 0
    return path


@pytest.fixture
def opened(monkeypatch):
    """What the replay was opened on: (played session, point, language), one per opening."""
    calls: list[tuple] = []

    def create(played, lang=None, point=0):
        calls.append((played, point, lang))
        return ClosedReplay(played, point)

    monkeypatch.setattr("tabletop.tui.create_replay", create)
    return calls


def test_a_replay_opens_read_only_and_says_so_when_closed(played, opened, capsys):
    before = played.read_bytes()
    assert main(["replay", str(played), "--lang", "es"]) == 0
    [(session, point, lang)] = opened
    assert (session.total, point, lang) == (18, 0, "es")
    assert capsys.readouterr().out == f"Replay closed; {played} was only read.\n"
    assert played.read_bytes() == before


@pytest.mark.parametrize(("at", "point"), [("T+01:30", 7), ("#12", 12), ("0", 0), ("T+09:00", 18)])
def test_at_opens_at_a_time_or_after_a_command(played, opened, at, point):
    assert main(["replay", str(played), "--at", at]) == 0
    assert opened[0][1] == point


def test_at_a_place_the_session_does_not_have_is_one_line_and_exit_1(played, opened, capsys):
    assert main(["replay", str(played), "--at", "#19"]) == 1
    err = capsys.readouterr().err
    assert err == f"tabletop: {played}: --at #19: give a time such as T+02:40 or a command number (#0 … #18)\n"
    assert opened == []


@pytest.mark.parametrize("name", ["missing.db", "scenario.yaml"])
def test_a_file_that_is_not_a_session_is_one_line_and_exit_1(tmp_path, write_scenario, opened, capsys, name):
    path = write_scenario(MINIMAL, name) if name.endswith(".yaml") else tmp_path / name
    before = path.read_bytes() if path.exists() else None
    assert main(["replay", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"tabletop: {path}: ") and err.count("\n") == 1
    assert opened == []
    assert (path.read_bytes() if path.exists() else None) == before


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_session_is_one_line_and_exit_1_and_left_as_it_was(write_scenario, tmp_path, opened, damage, capsys):
    damaged = record(write_scenario(MINIMAL), tmp_path / "damaged.db")
    statement, message = DAMAGE[damage]
    before = damage_file(damaged, statement)
    assert main(["replay", str(damaged)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"tabletop: {damaged}: ") and message in err and err.count("\n") == 1
    assert opened == []
    assert damaged.read_bytes() == before


def test_a_fork_to_play_on_opens_in_the_live_console(played, tmp_path, monkeypatch, capsys):
    fork = tmp_path / "canal-fork-T0045.db"
    fork_session(played, fork, before_command=6).close()
    monkeypatch.setattr("tabletop.tui.create_replay", lambda p, **_: ClosedReplay(p, 0, fork, (fork,)))
    consoles = []

    class StoppedConsole:
        return_code = 0
        report_paths: list = []

        def __init__(self, session, **_):
            consoles.append((session.store.path, session.engine.now, session.store.count()))

        def run(self) -> None:
            pass

    monkeypatch.setattr("tabletop.tui.create_console", StoppedConsole)
    assert main(["replay", str(played)]) == 0
    assert consoles == [(str(fork), 45 * 60, 5)]
    out = capsys.readouterr().out
    assert f"Fork written: {fork} (tabletop resume {fork} to play on)." in out
    assert f"Session saved in {fork}" in out
