"""Decision scripts give participant feedback and hot-wash points, so `tabletop play` makes sessions with them."""

from __future__ import annotations

from tabletop.cli import main
from tests.cli.test_scripts import play_json
from tests.conftest import MINIMAL

AFTER_THE_END = """\
steps:
  - {at: 20m, team: csirt_cell, decide: contain, option: isolate}
  - {at: 1h, end: calm}
  - {at: 1h, feedback: csirt_cell, respondent: analyst, ratings: {contain_fast: 4}, strengths: Clear roles}
  - {at: 1h, feedback: mfa_cell, improvements: "Who speaks to the press? [/]", comments: More time}
  - {at: 1h, hot_wash: improvement, text: The press line came late, team: mfa_cell}
  - {at: 1h, hot_wash: strength, text: Containment in twenty minutes}
"""


def test_feedback_and_hot_wash_steps_are_played_after_the_end(write_scenario, tmp_path, capsys):
    result = play_json(write_scenario(MINIMAL), AFTER_THE_END, tmp_path, capsys)
    given = [e for e in result["events"] if e["kind"] in ("participant_feedback_given", "hot_wash_recorded")]
    assert [(e["kind"], e.get("team")) for e in given] == [
        ("participant_feedback_given", "csirt_cell"),
        ("participant_feedback_given", "mfa_cell"),
        ("hot_wash_recorded", "mfa_cell"),
        ("hot_wash_recorded", None),
    ]
    assert given[0]["ratings"] == {"contain_fast": 4} and given[1]["improvements"] == "Who speaks to the press? [/]"


def test_a_feedback_step_past_the_clock_is_played_once_time_is_up(write_scenario, tmp_path, capsys):
    script = "steps:\n  - {at: 4h, feedback: mfa_cell, strengths: Good pace}\n"
    result = play_json(write_scenario(MINIMAL), script, tmp_path, capsys)
    assert [e["kind"] for e in result["events"][-2:]] == ["ended", "participant_feedback_given"]


def test_a_feedback_step_before_the_end_is_refused_at_its_line(write_scenario, tmp_path, capsys):
    script = tmp_path / "script.yaml"
    script.write_text("steps:\n  - {at: 10m, feedback: mfa_cell, strengths: Good pace}\n")
    assert main(["play", str(write_scenario(MINIMAL)), "--decisions", str(script)]) == 1
    assert f"{script}:2:5: refused at T+00:10: participant feedback comes after the exercise: end it first" in (
        capsys.readouterr().err
    )


def test_a_script_rating_an_unknown_objective_or_naming_a_bad_team_is_told_where(write_scenario, tmp_path, capsys):
    script = tmp_path / "script.yaml"
    script.write_text(
        "steps:\n"
        "  - {at: 4h, feedback: mfa_cel}\n"
        "  - {at: 4h, feedback: mfa_cell, ratings: {contain_fats: 4}}\n"
        "  - {at: 4h, hot_wash: strength, text: x, team: csirt}\n"
    )
    assert main(["play", str(write_scenario(MINIMAL)), "--decisions", str(script)]) == 1
    err = capsys.readouterr().err
    assert f"{script}:2:24: unknown team 'mfa_cel' (did you mean 'mfa_cell'?)" in err
    assert f"{script}:3:44: unknown objective 'contain_fats' (did you mean 'contain_fast'?)" in err
    assert f"{script}:4:49: unknown team 'csirt'" in err


def test_a_script_rating_out_of_range_or_a_hot_wash_of_no_kind_is_told_where(write_scenario, tmp_path, capsys):
    script = tmp_path / "script.yaml"
    script.write_text(
        "steps:\n"
        "  - {at: 4h, feedback: mfa_cell, ratings: {contain_fast: 6}}\n"
        "  - {at: 4h, hot_wash: weakness, text: x}\n"
    )
    assert main(["play", str(write_scenario(MINIMAL)), "--decisions", str(script)]) == 1
    err = capsys.readouterr().err
    assert f"{script}:2:58: must be at most 5, got 6" in err
    assert f"{script}:3:24: 'weakness' is not allowed here; expected one of: 'strength' or 'improvement'" in err
    assert "Traceback" not in err
