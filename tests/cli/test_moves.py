"""`tabletop play`, `report` and `simulate` on a scenario in moves with a joint decision."""

from __future__ import annotations

import json

from tabletop.cli import main
from tests.conftest import FIXTURES, ROOT

MOVES = (FIXTURES / "moves.yaml").read_text(encoding="utf-8")
SCRIPT = """\
steps:
  - {at: 20m, team: csirt_cell, decide: contain, option: wait}
  - {at: 25m, start_move: spread}
  - {at: 35m, team: csirt_cell, decide: press_line, option: attribute, rationale: Pressure is high}
"""


def test_play_starts_moves_as_the_script_says_and_shows_them(write_scenario, tmp_path, capsys, monkeypatch):
    scenario = write_scenario(MOVES, "moves.yaml")
    script = tmp_path / "script.yaml"
    script.write_text(SCRIPT)
    monkeypatch.setenv("COLUMNS", "200")  # a timeline line per event, unwrapped
    assert main(["play", str(scenario), "--decisions", str(script), "--session", str(tmp_path / "s.db")]) == 0
    out = capsys.readouterr().out
    assert "move detection started: Move 1: detection" in out
    assert "move spread started (by the facilitator): Move 2: the press hears of it" in out
    assert "decision press_line opened for mfa_cell + csirt_cell" in out
    assert "csirt_cell decided press_line: attribute" in out


def test_the_report_marks_moves_and_scores_a_joint_decision_for_each_team(write_scenario, tmp_path, capsys):
    scenario = write_scenario(MOVES, "moves.yaml")
    script = tmp_path / "script.yaml"
    script.write_text(SCRIPT)
    assert main(["play", str(scenario), "--decisions", str(script), "--session", str(tmp_path / "s.db")]) == 0
    assert main(["report", str(tmp_path / "s.db"), "--format", "md", "-o", str(tmp_path / "r.md")]) == 0
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "| **T+00:25** | **Move 2: the press hears of it started (by the facilitator)** |" in markdown
    assert main(["report", str(tmp_path / "s.db"), "--format", "json", "-o", str(tmp_path / "r.json")]) == 0
    teams = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["teams"]
    joint = {team["id"]: [d for d in team["decisions"] if d["decision"] == "press_line"] for team in teams}
    assert set(joint) == {"csirt_cell", "mfa_cell"} and all(len(found) == 1 for found in joint.values())


def test_a_script_step_starting_an_unknown_move_is_an_error_at_its_line(write_scenario, tmp_path, capsys):
    scenario = write_scenario(MOVES, "moves.yaml")
    script = tmp_path / "script.yaml"
    script.write_text("steps:\n  - {at: 25m, start_move: sprad}\n")
    assert main(["play", str(scenario), "--decisions", str(script)]) == 1
    assert f"{script}:2:27: unknown move 'sprad' (did you mean 'spread'?)" in capsys.readouterr().err


def test_a_script_choosing_an_option_not_offered_is_refused_with_the_reason(write_scenario, tmp_path, capsys):
    scenario = write_scenario(MOVES, "moves.yaml")
    script = tmp_path / "script.yaml"
    script.write_text(SCRIPT.replace("option: wait", "option: isolate"))
    assert main(["play", str(scenario), "--decisions", str(script)]) == 1
    assert (
        f"{script}:4:5: refused at T+00:35: option 'attribute' of decision point 'press_line' is not offered now "
        "(only while state.public_pressure >= 50); offered: facts, no_comment"
    ) in capsys.readouterr().err


def test_simulate_chooses_only_options_offered_and_moves_on_without_a_facilitator(write_scenario, capsys):
    scenario = write_scenario(MOVES, "moves.yaml")
    assert main(["simulate", str(scenario), "--runs", "60", "--policy", "random", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["injects"] == {"first_report": 60, "leak": 60, "press_call": 60, "all_clear": 60}
    chosen = {option: figures["chosen"] for option, figures in report["decisions"]["press_line"]["options"].items()}
    assert report["decisions"]["press_line"]["opened"] == 60 and all(chosen.values())


def test_show_lists_the_moves_in_order_with_how_each_starts(write_scenario, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["show", str(write_scenario(MOVES, "moves.yaml"))]) == 0
    out = capsys.readouterr().out
    assert "Moves (started in this order)" in out
    lines = [line for line in out.splitlines() if "Move " in line and "│" in line]
    assert [line.split("│")[1].strip() for line in lines] == ["with the exercise", "by the facilitator", "T+02:00"]


def docs_example() -> str:
    """The complete scenario in docs/authoring.md's "Moves" section."""
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    return guide[guide.index("## Moves") :].split("```yaml\n", 1)[1].split("```", 1)[0]


def test_the_moves_example_in_the_guide_validates_and_plays_to_its_ending(write_scenario, tmp_path, capsys):
    scenario = write_scenario(docs_example(), "water-utility.yaml")
    assert main(["validate", str(scenario)]) == 0
    capsys.readouterr()
    script = tmp_path / "script.yaml"
    script.write_text(
        "steps:\n  - {at: 30m, start_move: exposure}\n  - {at: 40m, team: mfa_cell, decide: press_line, option: facts}\n"
    )
    assert main(["play", str(scenario), "--decisions", str(script), "--json"]) == 0
    events = json.loads(capsys.readouterr().out)["events"]
    moves = [(e["time"], e["move"], e["via"]) for e in events if e["kind"] == "move_started"]
    assert moves == [
        (0, "detection", "start"),
        (1800, "exposure", "facilitator"),
        (2400 + 600, "recovery", "condition"),
    ]
    assert events[-1]["kind"] == "ended" and events[-1]["outcome"] == "restored"


def test_the_moves_example_in_the_guide_checks_clean(write_scenario, capsys):
    assert main(["check", str(write_scenario(docs_example(), "water-utility.yaml"))]) == 0
    assert "0 error(s), 0 warning(s), 0 note(s)" in capsys.readouterr().out


def test_play_says_when_a_move_waiting_for_the_facilitator_never_started(write_scenario, capsys):
    scenario = write_scenario(MOVES.replace("    starts: {at: 2h}\n", ""), "moves.yaml")  # moves 2 and 3 by hand
    assert main(["play", str(scenario)]) == 0
    assert (
        f"warning: {scenario}: move 'spread' never started: it waits for the facilitator; "
        "add a step such as {at: 40m, start_move: spread} to the decision script"
    ) in " ".join(capsys.readouterr().err.split())
