"""`tabletop play`, `log` and `resume` as a facilitator or trainer runs them."""

from __future__ import annotations

import json

from tabletop.cli import main
from tests.conftest import MINIMAL, ROOT

SCRIPT = """\
steps:
  - {at: 20m, team: csirt_cell, decide: contain, option: wait, rationale: Need more facts}
  - {at: 25m, note: The CSIRT cell hesitated}
  - {at: 1h, rate: contain_fast, rating: M}
"""


def test_play_prints_the_timeline_and_saves_the_session(write_scenario, tmp_path, capsys):
    scenario = write_scenario(MINIMAL)
    script = tmp_path / "script.yaml"
    script.write_text(SCRIPT)
    assert main(["play", str(scenario), "--decisions", str(script), "--session", str(tmp_path / "s.db")]) == 0
    out = capsys.readouterr().out
    assert "csirt_cell decided contain: wait after 00:05" in out
    assert "inject press_call → mfa_cell (condition met): A journalist calls" in out
    assert "Outcome: time_up" in out
    assert (tmp_path / "s.db").exists()


def test_play_reports_a_refused_step_at_its_line(write_scenario, tmp_path, capsys):
    scenario = write_scenario(MINIMAL)
    script = tmp_path / "script.yaml"
    script.write_text("steps:\n  - {at: 5m, team: csirt_cell, decide: contain, option: isolate}\n")
    assert main(["play", str(scenario), "--decisions", str(script)]) == 1
    assert f"{script}:2:5: refused at T+00:05: decision point 'contain' is not open yet" in capsys.readouterr().err


def test_play_checks_the_script_against_the_scenario(write_scenario, tmp_path, capsys):
    scenario = write_scenario(MINIMAL)
    script = tmp_path / "script.yaml"
    script.write_text("steps:\n  - {at: 20m, team: csirt_cell, decide: contain, option: isolat}\n")
    assert main(["play", str(scenario), "--decisions", str(script)]) == 1
    assert f"{script}:2:58: unknown option of 'contain' 'isolat' (did you mean 'isolate'?)" in capsys.readouterr().err


def test_log_exports_every_command_and_event_as_jsonl(write_scenario, tmp_path, capsys):
    scenario = write_scenario(MINIMAL)
    script = tmp_path / "script.yaml"
    script.write_text(SCRIPT)
    main(["play", str(scenario), "--decisions", str(script), "--session", str(tmp_path / "s.db"), "--json"])
    played = json.loads(capsys.readouterr().out)
    assert main(["log", str(tmp_path / "s.db"), "--jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["event"] for line in lines if line["record"] == "event"] == played["events"]
    assert lines[0] == {"record": "command", "seq": 1, "wall_time": lines[0]["wall_time"], "command": {"kind": "start"}}


def test_resume_reports_where_the_session_stands(write_scenario, tmp_path, capsys):
    scenario = write_scenario(MINIMAL)
    main(["play", str(scenario), "--session", str(tmp_path / "s.db")])
    capsys.readouterr()
    assert main(["resume", str(tmp_path / "s.db"), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["ended"] and status["outcome"] == "time_up" and status["time"] == 10800


def test_resume_of_a_foreign_file_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "notes.db"
    path.write_text("hello")
    assert main(["resume", str(path), "--status"]) == 1
    assert "not a tabletop session file" in capsys.readouterr().err
    assert path.read_text() == "hello"


def test_run_and_resume_offer_hosting_for_teams():
    import subprocess
    import sys

    for command in ("run", "resume"):
        result = subprocess.run([sys.executable, "-m", "tabletop", command, "--help"], capture_output=True, text=True)
        assert "--listen [HOST:]PORT" in result.stdout, command


def test_a_bad_listen_address_is_a_usage_error_and_creates_no_session(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    session = tmp_path / "s.db"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tabletop",
            "run",
            str(ROOT / "scenarios" / "canal-ransomware.yaml"),
            "--session",
            str(session),
            "--listen",
            "99999",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "out of range" in result.stderr and not session.exists()


def test_counted_answers_cancellations_and_play_on_are_logged_replayed_and_reported(
    write_scenario, tmp_path, capsys, monkeypatch
):
    from tabletop.engine import commands as c
    from tabletop.session import Session
    from tests.engine.test_consequences import ANSWER, GIVE_UP

    scenario = write_scenario(GIVE_UP.replace("    default: wait\n", "    default: wait\n    free_text: true\n"))
    session = Session.create(scenario, tmp_path / "s.db", seed=1)
    for command in (
        c.Start(),
        c.CancelInject(inject="press_call", reason="enough on their plate"),
        c.Advance(to=1000),
        ANSWER,
        c.CountAsOption(decision="contain", option="wait", reason="they wait"),
        c.PlayOn(note="see the fallout"),
        c.Advance(to=2000),
    ):
        session.submit(command)
    events = session.events
    session.close()
    assert Session.resume(tmp_path / "s.db").events == events  # replayed and verified
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["log", str(tmp_path / "s.db")]) == 0
    out = capsys.readouterr().out
    assert "inject press_call cancelled (facilitator: enough on their plate)" in out
    assert "csirt_cell's free-text answer to contain counted as wait — they wait" in out
    assert "exercise ended: gave_up" in out and "play goes on past the ending gave_up — see the fallout" in out
    assert main(["report", str(tmp_path / "s.db"), "--format", "md", "-o", str(tmp_path / "r.md")]) == 0
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert 'answered in free text: "after memory capture" (counted as Wait for more information)' in report


def test_an_inject_that_did_not_happen_is_told_in_play_resume_and_report(write_scenario, tmp_path, capsys):
    scenario = write_scenario(MINIMAL.replace("    channel: phone\n", "    channel: phone\n    chance: 0.01\n"))
    session = tmp_path / "s.db"
    assert main(["play", str(scenario), "--session", str(session), "--seed", "2"]) == 0
    played = capsys.readouterr().out
    assert "inject press_call did not happen (chance 1%)" in played
    assert "A journalist calls" not in played
    assert main(["log", str(session)]) == 0
    assert "inject press_call did not happen (chance 1%)" in capsys.readouterr().out
    assert main(["report", str(session)]) == 0  # the report names the inject by its title
    assert "inject A journalist calls did not happen (chance 1%)" in capsys.readouterr().out


def test_play_shows_each_occurrence_of_a_recurring_inject_sent_to_all_teams(write_scenario, tmp_path, capsys):
    from tests.engine.test_recurring_injects import with_sitrep

    scenario = write_scenario(with_sitrep("times: 3"))
    assert main(["validate", str(scenario)]) == 0
    assert main(["play", str(scenario)]) == 0
    out = capsys.readouterr().out
    for n in (1, 2, 3):
        assert f"inject sitrep → all teams (occurrence {n}): SITREP" in out
    assert "(occurrence 4)" not in out


def test_validate_refuses_an_inject_that_recurs_without_a_bound(write_scenario, capsys):
    from tests.engine.test_recurring_injects import with_sitrep

    scenario = write_scenario(with_sitrep(""))
    assert main(["validate", str(scenario)]) == 1
    assert (
        f"{scenario}:29:5: a recurring inject needs 'times: N' or 'until: <condition>', so it never recurs unnoticed"
        in capsys.readouterr().err
    )


def test_play_prints_its_timeline_in_the_chosen_language(capsys):
    assert main(["play", str(ROOT / "scenarios" / "canal-ransomware.yaml"), "--lang", "es"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Cronología") and "Evento" in out and "comenzó el ejercicio (semilla 0)" in out
    assert "exercise started" not in out and "Timeline" not in out
