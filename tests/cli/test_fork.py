"""`tabletop fork`, and playing on a fork with `play` and `resume`, as a facilitator runs them in a debrief."""

from __future__ import annotations

import json
import shutil

import pytest

from tabletop.cli import main
from tests.conftest import ROOT

CANAL = ROOT / "scenarios" / "canal-ransomware.yaml"
EXAMPLES = ROOT / "examples" / "canal-ransomware"


@pytest.fixture
def parent(tmp_path, capsys):
    """The canal scenario played with the poorest decisions."""
    path = tmp_path / "canal.db"
    assert main(["play", str(CANAL), "--decisions", str(EXAMPLES / "poor.yaml"), "--session", str(path)]) == 0
    capsys.readouterr()
    return path


def test_fork_says_what_it_kept_and_how_to_play_on(parent, tmp_path, capsys):
    fork = tmp_path / "whatif.db"
    assert main(["fork", str(parent), "--at", "T+02:40", "--session", str(fork)]) == 0
    assert capsys.readouterr().out.replace("\n", " ").strip() == (
        f"Forked {parent} at T+02:40 (kept 11 of 18 commands) → {fork}; play on with `tabletop resume {fork}` "
        f"or `tabletop play {fork} --decisions other.yaml`"
    )
    assert main(["resume", str(fork), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["time"] == 2 * 3600 + 40 * 60 and not status["ended"]
    assert status["fork"]["parent"] == str(parent.resolve()) and status["fork"]["commands"] == 11


@pytest.mark.parametrize("written", ["T+02:40", "2:40", "2h40m", "160m", "160"])
def test_fork_reads_a_time_as_people_write_it(parent, tmp_path, written, capsys):
    assert main(["fork", str(parent), "--at", written, "--session", str(tmp_path / "whatif.db")]) == 0
    assert "at T+02:40 (kept 11 of 18 commands)" in capsys.readouterr().out


def test_fork_by_command_number(parent, tmp_path, capsys):
    assert main(["fork", str(parent), "--before-command", "5", "--session", str(tmp_path / "whatif.db")]) == 0
    assert "before command #5 (kept 4 of 18 commands)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "point, message",
    [
        (["--at", "7h"], "T+07:00 is after the exercise's last minute (T+06:00)"),
        (["--at", "5h"], "the exercise ended at T+03:40, before T+05:00"),
        (["--before-command", "0"], "there is no command #0: the session has 18 (1 … 18)"),
        (["--before-command", "20"], "there is no command #20"),
    ],
)
def test_a_point_outside_the_session_is_one_line_exit_1_and_leaves_no_file(parent, tmp_path, point, message, capsys):
    before = parent.read_bytes()
    fork = tmp_path / "whatif.db"
    assert main(["fork", str(parent), *point, "--session", str(fork)]) == 1
    err = capsys.readouterr().err
    assert err == f"tabletop: {parent}: {message}\n" or (message in err and err.count("\n") == 1)
    assert not fork.exists() and parent.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("whatif")] == []


def test_fork_needs_a_point_and_a_new_file(parent, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["fork", str(parent), "--session", str(tmp_path / "whatif.db")])
    assert exit.value.code == 2 and "--at TIME, --before-command N, or both" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit:
        main(["fork", str(parent), "--at", "1h"])
    assert exit.value.code == 2 and "--session" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit:
        main(["fork", str(parent), "--at", "an hour", "--session", str(tmp_path / "whatif.db")])
    assert exit.value.code == 2 and "expected a time such as 45m" in capsys.readouterr().err


def test_fork_never_writes_over_an_existing_file(parent, tmp_path, capsys):
    taken = tmp_path / "taken.db"
    taken.write_text("minutes of the debrief")
    assert main(["fork", str(parent), "--at", "1h", "--session", str(taken)]) == 1
    assert "already exists" in capsys.readouterr().err and taken.read_text() == "minutes of the debrief"
    before = parent.read_bytes()
    assert main(["fork", str(parent), "--at", "1h", "--session", str(parent)]) == 1
    assert "the parent is never written" in capsys.readouterr().err and parent.read_bytes() == before


def test_fork_of_a_file_that_is_not_a_session_is_refused(tmp_path, capsys):
    notes = tmp_path / "notes.db"
    notes.write_text("hello")
    assert main(["fork", str(notes), "--at", "1h", "--session", str(tmp_path / "whatif.db")]) == 1
    assert "not a tabletop session file" in capsys.readouterr().err
    assert not (tmp_path / "whatif.db").exists()


def test_a_fork_played_on_with_other_decisions_ends_differently_and_the_parent_is_untouched(parent, tmp_path, capsys):
    before = parent.read_bytes()
    fork = tmp_path / "whatif.db"
    assert main(["fork", str(parent), "--at", "T+02:40", "--session", str(fork)]) == 0
    capsys.readouterr()
    assert main(["play", str(fork), "--decisions", str(EXAMPLES / "good.yaml"), "--json"]) == 0
    played = json.loads(capsys.readouterr().out)
    assert main(["play", str(CANAL), "--decisions", str(EXAMPLES / "poor.yaml"), "--json"]) == 0
    poor = json.loads(capsys.readouterr().out)
    assert (played["outcome"], poor["outcome"]) == ("clock_out", "confrontation")
    assert played["scores"]["mfa_cell"] > poor["scores"]["mfa_cell"]
    assert played["session"] == str(fork)
    assert parent.read_bytes() == before
    decided = [e for e in played["events"] if e["kind"] == "decision_made" and e["decision"] == "d_consult"]
    assert [(e["option"], e["time"]) for e in decided] == [("consult_and_poc", 2 * 3600 + 45 * 60)]


def test_play_on_a_fork_warns_of_the_steps_it_skips(parent, tmp_path, capsys):
    fork = tmp_path / "whatif.db"
    main(["fork", str(parent), "--at", "T+02:40", "--session", str(fork)])
    capsys.readouterr()
    assert main(["play", str(fork), "--decisions", str(EXAMPLES / "good.yaml")]) == 0
    captured = capsys.readouterr()
    assert (
        f"warning: {EXAMPLES / 'good.yaml'}:5:5: not played: decision point 'd_contain' was already closed by "
        "T+02:40, where this session continues" in captured.err
    )
    assert "Session saved to" in captured.out and "whatif.db" in captured.out


def test_play_on_a_session_takes_no_new_session_file(parent, tmp_path, capsys):
    for extra in (["--session", str(tmp_path / "other.db")], ["--seed", "3"], ["--location", "Lisbon"]):
        with pytest.raises(SystemExit) as exit:
            main(["play", str(parent), *extra])
        assert exit.value.code == 2 and "is a session: it is played on in place" in capsys.readouterr().err
    assert not (tmp_path / "other.db").exists()


def test_a_fork_resumes_on_its_own_scenario_copy_when_the_scenario_file_changed(tmp_path, capsys):
    scenario = tmp_path / "scenarios" / "canal.yaml"
    scenario.parent.mkdir()
    shutil.copy(CANAL, scenario)
    shutil.copytree(ROOT / "playbooks", tmp_path / "playbooks")
    parent = tmp_path / "canal.db"
    assert main(["play", str(scenario), "--decisions", str(EXAMPLES / "poor.yaml"), "--session", str(parent)]) == 0
    assert main(["fork", str(parent), "--at", "1h", "--session", str(tmp_path / "whatif.db")]) == 0
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("Locks and Keys", "Locks, Keys"))
    capsys.readouterr()
    assert main(["resume", str(parent), "--status"]) == 1
    assert "changed since this session was recorded" in capsys.readouterr().err
    assert main(["resume", str(tmp_path / "whatif.db"), "--status"]) == 0
    assert "clock at T+01:00" in capsys.readouterr().out


def test_log_and_resume_say_a_session_is_a_fork(parent, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    main(["fork", "canal.db", "--at", "2h40m", "--session", "whatif.db"])
    capsys.readouterr()
    assert main(["log", "whatif.db"]) == 0
    assert capsys.readouterr().out.startswith("Fork of canal.db at T+02:40 (11 commands kept)\n")
    assert main(["resume", "whatif.db", "--status"]) == 0
    assert "Fork of canal.db at T+02:40 (11 commands kept)" in capsys.readouterr().out
    assert main(["log", "canal.db"]) == 0
    assert "Fork of" not in capsys.readouterr().out


def test_the_console_plays_on_a_resumed_fork(parent, tmp_path):
    """`tabletop resume whatif.db` opens the console on the fork: a step there is saved in the fork only."""
    import asyncio

    from tabletop.session import Session
    from tabletop.tui import create_console

    before = parent.read_bytes()
    fork = tmp_path / "whatif.db"
    assert main(["fork", str(parent), "--at", "T+02:40", "--session", str(fork)]) == 0
    session = Session.resume(fork)
    app = create_console(session, tick_seconds=3600, report_dir=tmp_path)

    async def go():
        async with app.run_test(size=(120, 40)) as pilot:
            assert "T+02:40" in str(app.screen.query_one("#clock").content)
            await pilot.press("n")
            await pilot.pause()

    try:
        asyncio.run(go())
    finally:
        session.close()
    assert session.engine.now > 2 * 3600 + 40 * 60
    assert parent.read_bytes() == before


def test_the_report_of_a_fork_says_first_that_it_is_a_what_if_and_from_where(parent, tmp_path, capsys):
    fork = tmp_path / "whatif.db"
    assert main(["fork", str(parent), "--before-command", "5", "--session", str(fork)]) == 0
    capsys.readouterr()
    assert main(["report", str(fork), "--format", "md", "--lang", "es"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2] == (
        "> **Bifurcación hipotética:** Una bifurcación hipotética de canal.db, tomada antes del comando n.º 5 "
        "(se conservan 4 de sus 18 comandos): lo que ocurre después de ese punto no es el ejercicio tal como se jugó."
    )
    assert main(["report", str(parent), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["overview"]["fork"] is None
