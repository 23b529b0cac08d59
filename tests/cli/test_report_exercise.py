"""The exercise's details and the improvement plan, as a facilitator gives them: at `play`/`run`
(flags, `--exercise`), beside the session (`exercise.yaml`), and after the exercise
(`report --plan`, `report --exercise`), each recorded in the session."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from tabletop.cli import main
from tabletop.session import read_session
from tests.cli.test_run import StoppedConsole
from tests.conftest import ROOT

CANAL = ROOT / "scenarios" / "canal-ransomware.yaml"
POOR = ROOT / "examples" / "canal-ransomware" / "poor.yaml"


def play(tmp_path, *flags: str, name: str = "s.db"):
    path = tmp_path / name
    assert main(["play", str(CANAL), "--decisions", str(POOR), "--session", str(path), *flags]) == 0
    return path


def report_json(capsys, session, *flags: str) -> dict:
    capsys.readouterr()
    assert main(["report", str(session), "--format", "json", *flags]) == 0
    return json.loads(capsys.readouterr().out)


def plan_row(report: dict, decision: str) -> dict:
    return next(row for row in report["plan"] if row["decision"] == decision)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def poor(tmp_path_factory):
    """A poorly played session, with no details: each test copies it before writing to it."""
    folder = tmp_path_factory.mktemp("poor")
    return play(folder)


@pytest.fixture
def session(poor, tmp_path):
    target = tmp_path / "session.db"
    shutil.copy(poor, target)
    return target


def test_details_given_as_flags_at_play_are_in_the_report(tmp_path, capsys):
    flags = ["--date", "2026-11-30", "--date", "2026-12-01", "--location", "Panama City"]
    flags += ["--sponsor", "MFA", "--participant", "AurCERT", "--participant", "Canal Authority"]
    path = play(tmp_path, *flags, "--marking", "TLP:AMBER+STRICT")
    details = report_json(capsys, path)["exercise"]
    assert details == {
        "dates": ["2026-11-30", "2026-12-01"],
        "location": "Panama City",
        "sponsor": "MFA",
        "participants": ["AurCERT", "Canal Authority"],
        "marking": "TLP:AMBER+STRICT",
    }
    assert json.loads(read_session(path).records[0].command)["kind"] == "describe_exercise"


def test_details_given_at_run_are_recorded_before_the_console_opens(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr("tabletop.tui.create_console", lambda *_, **__: StoppedConsole(0))
    path = tmp_path / "run.db"
    assert main(["run", str(CANAL), "--session", str(path), "--location", "Panama City", "--marking", "TLP:RED"]) == 0
    assert report_json(capsys, path)["exercise"]["marking"] == "TLP:RED"


def test_an_exercise_file_at_play_gives_details_and_plan_and_flags_win(tmp_path, capsys):
    exercise = tmp_path / "details.yaml"
    exercise.write_text(
        "dates: [2026-11-30]\nlocation: Panama City\nmarking: TLP:GREEN\n"
        "plan:\n  - {decision: d_contain, owner: National CSIRT, poc: Ana Pérez}\n",
        encoding="utf-8",
    )
    path = play(tmp_path, "--exercise", str(exercise), "--marking", "TLP:AMBER")
    report = report_json(capsys, path)
    assert report["exercise"]["location"] == "Panama City" and report["exercise"]["marking"] == "TLP:AMBER"
    assert plan_row(report, "d_contain")["poc"] == "Ana Pérez"


def test_an_exercise_yaml_beside_the_session_fills_what_the_session_does_not_say(tmp_path, capsys):
    path = play(tmp_path, "--marking", "TLP:AMBER")
    (tmp_path / "exercise.yaml").write_text(
        "location: Panama City\nmarking: TLP:CLEAR\nplan:\n  - {decision: d_share, owner: AurCERT, start: 2027-01-15}\n",
        encoding="utf-8",
    )
    report = report_json(capsys, path)
    assert report["exercise"]["location"] == "Panama City"
    assert report["exercise"]["marking"] == "TLP:AMBER"  # the session's record wins
    assert plan_row(report, "d_share")["start"] == "2027-01-15"


def test_a_plan_is_recorded_in_the_session_and_the_latest_entry_wins(session, tmp_path, capsys):
    first, second = tmp_path / "plan1.yaml", tmp_path / "plan2.yaml"
    first.write_text(
        "plan:\n  - {decision: d_contain, owner: AurCERT, poc: Ana, start: 2027-01-15, completion: 2027-03-31}\n"
        "  - {decision: d_share, owner: AurCERT, poc: Luis}\n",
        encoding="utf-8",
    )
    second.write_text("plan:\n  - {decision: d_contain, owner: Canal Authority, poc: Marta}\n", encoding="utf-8")
    report_json(capsys, session, "--plan", str(first))
    report = report_json(capsys, session, "--plan", str(second))
    contain = plan_row(report, "d_contain")
    assert (contain["owner"], contain["poc"], contain["start"]) == ("Canal Authority", "Marta", "")
    assert plan_row(report, "d_share")["poc"] == "Luis"
    assert report_json(capsys, session) == report  # kept in the session: the next report says the same
    kinds = [json.loads(r.command)["kind"] for r in read_session(session).records]
    assert kinds[-2:] == ["plan_improvements", "plan_improvements"]


def test_every_plan_row_has_a_corrective_action_and_an_issue_of_your_own_is_added(session, tmp_path, capsys):
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "plan:\n  - issue: No liaison officer at the port\n    action: Appoint one\n"
        "    capability: Operational Coordination\n    owner: Canal Authority\n",
        encoding="utf-8",
    )
    rows = report_json(capsys, session, "--plan", str(plan))["plan"]
    assert all(row["issue"] and row["action"] for row in rows)
    assert rows[-1] | {"decision": None} == {
        "decision": None,
        "team": None,
        "issue": "No liaison officer at the port",
        "action": "Appoint one",
        "capabilities": ["Operational Coordination"],
        "capability": "Operational Coordination",
        "owner": "Canal Authority",
        "poc": "",
        "start": "",
        "completion": "",
    }


def test_the_improvement_plan_has_one_row_per_distinct_issue_with_its_capabilities(session, capsys):
    rows = report_json(capsys, session)["plan"]
    keys = [(row["decision"], row["team"]) for row in rows]
    assert len(keys) == len(set(keys)) == 6  # 12 rows before, one per objective an issue touched
    assert plan_row({"plan": rows}, "d_ransom")["capabilities"] == ["Cybersecurity", "Operational Coordination"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("plan:\n  - {decision: d_contian, owner: X}\n", "plan.yaml:2:16: unknown decision point 'd_contian' (did you mean 'd_contain'?)"),
        ("plan:\n  - {issue: No liaison}\n", "plan.yaml:2:5: an issue of your own needs its corrective 'action'"),
        ("plan:\n  - {decision: d_contain, start: 2027-02-01, completion: 2027-01-01}\n", "plan.yaml:2:5: completion (2027-01-01) comes before start (2027-02-01)"),
        ("plan:\n  - {decision: d_contain, ownr: X}\n", "plan.yaml:2:27: unknown key 'ownr' (did you mean 'owner'?)"),
        ("plan:\n  - {decision: d_contain, team: mfa_cell}\n", "plan.yaml:2:33: decision point 'd_contain' is put to team 'csirt_cell'"),
        ("plan: [\n", "plan.yaml:"),
    ],
)  # fmt: skip
def test_a_bad_plan_is_refused_at_its_line_and_the_session_is_untouched(session, tmp_path, capsys, text, message):
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    before = digest(session)
    capsys.readouterr()
    assert main(["report", str(session), "--plan", str(plan)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert digest(session) == before


def test_a_marking_that_is_no_tlp_2_marking_is_refused(tmp_path, capsys):
    exercise = tmp_path / "exercise.yaml"
    exercise.write_text("location: Panama City\nmarking: TLP:WHITE\n", encoding="utf-8")
    assert main(["play", str(CANAL), "--session", str(tmp_path / "s.db"), "--exercise", str(exercise)]) == 1
    assert "exercise.yaml:2:10: 'TLP:WHITE' is no TLP 2.0 marking" in capsys.readouterr().err
    assert not (tmp_path / "s.db").exists()  # refused before the session was created
    with pytest.raises(SystemExit) as exit:
        main(["play", str(CANAL), "--marking", "TLP:amber"])
    assert exit.value.code == 2
    assert "did you mean 'TLP:AMBER'?" in capsys.readouterr().err


def test_any_other_marking_is_free_text(tmp_path, capsys):
    path = play(tmp_path, "--marking", "OFFICIAL-SENSITIVE")
    assert report_json(capsys, path)["exercise"]["marking"] == "OFFICIAL-SENSITIVE"


def test_a_bad_exercise_yaml_beside_the_session_is_refused_at_its_line(session, capsys):
    (session.parent / "exercise.yaml").write_text("dates: [yesterday]\n", encoding="utf-8")
    assert main(["report", str(session)]) == 1
    err = capsys.readouterr().err
    assert "exercise.yaml:1:9:" in err
    assert "exercise.yaml: read as the exercise's details because it lies beside session.db" in err


def test_details_after_the_exercise_are_recorded_with_report_exercise(session, tmp_path, capsys):
    exercise = tmp_path / "details.yaml"
    exercise.write_text("sponsor: National Cybersecurity Directorate\n", encoding="utf-8")
    assert report_json(capsys, session, "--exercise", str(exercise))["exercise"]["sponsor"] == (
        "National Cybersecurity Directorate"
    )
    assert report_json(capsys, session)["exercise"]["sponsor"] == "National Cybersecurity Directorate"


def test_a_plan_for_a_session_open_in_a_console_is_refused_until_it_closes(session, tmp_path, capsys):
    from tabletop.session import Session

    plan = tmp_path / "plan.yaml"
    plan.write_text("plan:\n  - {decision: d_contain, owner: AurCERT}\n", encoding="utf-8")
    live = Session.resume(session, use_stored=True)  # the console holds the session's lock
    try:
        before = digest(session)
        capsys.readouterr()
        assert main(["report", str(session), "--plan", str(plan)]) == 1
        err = capsys.readouterr().err
        assert "Traceback" not in err and str(session) in err
        assert digest(session) == before
    finally:
        live.close()
    assert plan_row(report_json(capsys, session, "--plan", str(plan)), "d_contain")["owner"] == "AurCERT"
