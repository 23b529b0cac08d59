"""Decision scripts: steps timed from a decision's opening, and scripts told from playbooks."""

from __future__ import annotations

import json

from tabletop.cli import main
from tests.conftest import MINIMAL

PRESS_LINE = """\
  - id: press_line
    team: mfa_cell
    prompt: What do you tell the press?
    opens: {when: inject.press_call.delivered}
    window: 20m
    default: silence
    options:
      - {id: statement, label: A holding statement, scores: {technical: 2}}
      - {id: silence, label: No comment, scores: {technical: 0}}
reactions:"""
CONDITIONAL = MINIMAL.replace("reactions:", PRESS_LINE, 1)


def play_json(scenario, script_text, tmp_path, capsys) -> dict:
    script = tmp_path / "script.yaml"
    script.write_text(script_text)
    assert main(["play", str(scenario), "--decisions", str(script), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_step_after_open_is_played_that_long_after_a_conditional_decision_opens(write_scenario, tmp_path, capsys):
    script = """\
steps:
  - {at: 20m, team: csirt_cell, decide: contain, option: wait}
  - {after_open: 5m, team: mfa_cell, decide: press_line, option: statement}
  - {at: 2h, note: After the press line}
"""
    result = play_json(write_scenario(CONDITIONAL), script, tmp_path, capsys)
    events = {(e["kind"], e.get("decision") or e.get("inject")): e["time"] for e in result["events"]}
    opened = events[("decision_opened", "press_line")]
    assert opened == events[("inject_delivered", "press_call")]
    assert events[("decision_made", "press_line")] == opened + 300


def test_absolute_times_still_work_beside_relative_ones(write_scenario, tmp_path, capsys):
    script = """\
steps:
  - {after_open: 10m, team: csirt_cell, decide: contain, option: isolate}
  - {at: 20m, note: Before the decision}
"""
    result = play_json(write_scenario(CONDITIONAL), script, tmp_path, capsys)
    kinds = [(e["kind"], e["time"]) for e in result["events"] if e["kind"] in ("note_added", "decision_made")]
    assert kinds == [("note_added", 1200), ("decision_made", 1500)]


def test_a_step_whose_decision_never_opens_is_a_warning(write_scenario, tmp_path, capsys):
    script = "steps:\n  - {after_open: 5m, team: mfa_cell, decide: press_line, option: statement}\n"
    path = tmp_path / "script.yaml"
    path.write_text(script)
    assert main(["play", str(write_scenario(CONDITIONAL.replace("by: 25", "by: 5"))), "--decisions", str(path)]) == 0
    assert f"warning: {path}:2:5: not played: decision point 'press_line' never opened" in capsys.readouterr().err


def test_a_step_gives_at_or_after_open_not_both(write_scenario, tmp_path, capsys):
    path = tmp_path / "script.yaml"
    path.write_text("steps:\n  - {at: 1m, after_open: 5m, team: mfa_cell, decide: press_line, option: statement}\n")
    assert main(["play", str(write_scenario(CONDITIONAL)), "--decisions", str(path)]) == 1
    assert "give either 'at' (a scenario time) or 'after_open'" in capsys.readouterr().err


def test_validate_tells_scripts_beside_a_scenario_from_playbooks(write_scenario, capsys):
    scenario = write_scenario(CONDITIONAL)
    (scenario.parent / "good.yaml").write_text(
        "steps:\n  - {after_open: 5m, team: mfa_cell, decide: press_line, option: statement}\n"
    )
    (scenario.parent / "poor.yaml").write_text(
        "steps:\n  - {at: 20m, team: csirt_cell, decide: contain, option: wait}\n"
    )
    assert main(["validate", "--json", str(scenario.parent)]) == 0
    kinds = {f["file"].rsplit("/", 1)[1]: f["kind"] for f in json.loads(capsys.readouterr().out)["files"]}
    assert kinds == {"exercise.yaml": "scenario", "good.yaml": "script", "poor.yaml": "script"}


def test_validate_checks_a_script_against_the_scenario_beside_it(write_scenario, capsys):
    scenario = write_scenario(CONDITIONAL)
    script = scenario.parent / "good.yaml"
    script.write_text("steps:\n  - {at: 20m, team: csirt_cell, decide: contain, option: isolat}\n")
    assert main(["validate", str(scenario.parent)]) == 1
    err = capsys.readouterr().err
    assert f"{script}:2:58: unknown option of 'contain' 'isolat' (did you mean 'isolate'?)" in err
    assert "1 problem(s) in 1 of 2 file(s)" in err


def test_validate_checks_a_scripts_shape_alone(tmp_path, capsys):
    script = tmp_path / "script.yaml"
    script.write_text("steps:\n  - {at: 20m, team: csirt_cell, decide: contain}\n")
    assert main(["validate", str(script)]) == 1
    assert "give either 'option' or 'text'" in capsys.readouterr().err


def test_validate_says_a_script_without_its_scenario_was_checked_for_its_shape_only(write_scenario, capsys):
    scenario = write_scenario(CONDITIONAL)
    script = scenario.parent / "good.yaml"
    script.write_text("steps:\n  - {at: 20m, team: csirt_cell, decide: contain, option: isolat}\n")
    assert main(["validate", str(script)]) == 0
    assert f"{script}: note: a decision script, checked for its shape only" in capsys.readouterr().out
    assert main(["validate", str(scenario), str(script)]) == 1
    assert "note:" not in capsys.readouterr().out


def test_a_broken_playbook_is_still_a_playbook(project, capsys):
    playbook = project / "playbooks" / "csirt-incident-handling.yaml"
    playbook.write_text(playbook.read_text().replace("phase: detection", "phase: detectio", 1))
    assert main(["validate", str(playbook)]) == 1
    assert "detectio" in capsys.readouterr().err


def test_a_script_given_as_the_scenario_says_what_it_is(tmp_path, capsys):
    script = tmp_path / "good.yaml"
    script.write_text("steps:\n  - {at: 20m, team: csirt_cell, decide: contain, option: isolate}\n")
    assert main(["play", str(script)]) == 1
    assert "this is a decision script (its steps have times), not a scenario" in capsys.readouterr().err
    assert main(["show", str(script)]) == 1
    assert f"play it with: tabletop play SCENARIO --decisions {script}" in capsys.readouterr().err


def test_a_mark_for_debrief_step_is_recorded_in_the_log(write_scenario, tmp_path, capsys):
    script = """\
steps:
  - {at: 20m, mark_for_debrief: contain, text: Why did we wait?}
"""
    result = play_json(write_scenario(MINIMAL), script, tmp_path, capsys)
    marks = [e for e in result["events"] if e["kind"] == "marked_for_debrief"]
    assert marks == [{"kind": "marked_for_debrief", "time": 1200, "decision": "contain", "note": "Why did we wait?"}]


def test_a_mark_for_debrief_step_naming_no_decision_is_refused_at_its_line(write_scenario, tmp_path, capsys):
    script = tmp_path / "script.yaml"
    script.write_text("steps:\n  - {at: 20m, mark_for_debrief: contian}\n")
    assert main(["play", str(write_scenario(MINIMAL)), "--decisions", str(script)]) == 1
    assert "script.yaml:2" in capsys.readouterr().err
