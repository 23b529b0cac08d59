"""`tabletop compare`: a cohort's sessions side by side, and whether it improved."""

from __future__ import annotations

import json

from tabletop.cli import main
from tests.conftest import MINIMAL, ROOT


def test_sessions_are_compared_oldest_first_with_the_trend(sessions, capsys):
    capsys.readouterr()
    paths = [str(sessions[k]) for k in ("good", "poor", "late")]
    assert main(["compare", *paths, "--json"]) == 0
    comparison = json.loads(capsys.readouterr().out)
    assert [s["session"] for s in comparison["sessions"]] == [str(sessions[k]) for k in ("poor", "late", "good")]
    trend = comparison["trend"]["teams"]["csirt_cell"]["percent"]
    assert trend["first"] < trend["last"] and trend["change"] == round(trend["last"] - trend["first"], 1)
    assert comparison["trend"]["objectives"]["contain_protect_ot"]["ratings"] == [
        "U",
        "S",
        "P",
    ]  # late play costs a rating


def test_compare_in_the_terminal(sessions, capsys):
    capsys.readouterr()
    assert main(["compare", str(sessions["poor"]), str(sessions["good"])]) == 0
    out = capsys.readouterr().out
    assert "Teams" in out and "↑" in out and "Outcomes: poor confrontation, good coordinated_resolution" in out


def test_sessions_of_different_scenarios_are_refused(sessions, write_scenario, tmp_path, capsys):
    other = tmp_path / "other.db"
    assert main(["play", str(write_scenario(MINIMAL)), "--session", str(other)]) == 0
    capsys.readouterr()
    assert main(["compare", str(sessions["good"]), str(other)]) == 1
    assert "different scenarios" in capsys.readouterr().err


def _fork(parent, target, script, at="T+02:40"):
    assert main(["fork", str(parent), "--at", at, "--session", str(target)]) == 0
    assert main(["play", str(target), "--decisions", str(ROOT / "examples" / "canal-ransomware" / script)]) == 0
    return target


def test_a_fork_is_compared_with_its_parent_where_they_diverge(sessions, tmp_path, capsys):
    fork = _fork(sessions["poor"], tmp_path / "whatif.db", "good.yaml")
    capsys.readouterr()
    assert main(["compare", str(sessions["poor"]), str(fork), "--json"]) == 0
    [compared] = json.loads(capsys.readouterr().out)["forks"]
    assert (compared["session"], compared["against"], compared["relation"]) == (
        str(fork),
        str(sessions["poor"]),
        "parent",
    )
    assert compared["fork_point"]["at"] == "T+02:40"
    diverges = compared["diverges"]
    assert diverges["time"] == "T+02:45"
    assert diverges["fork"].startswith("mfa_cell decided d_consult: consult_and_poc after 00:05")
    assert diverges["against"].startswith("mfa_cell decided d_consult: go_alone after 00:05")
    assert compared["outcome"] == {"fork": "clock_out", "against": "confrontation"}
    assert compared["levels"]["varnia"] == {
        "fork": 1,
        "against": 5,
        "fork_name": "concern",
        "against_name": "confrontation",
    }
    assert all(level["fork"] != level["against"] for level in compared["levels"].values())
    mfa = compared["teams"]["mfa_cell"]
    assert mfa["fork"] > mfa["against"] and mfa["change"] == round(mfa["fork"] - mfa["against"], 1)
    assert compared["objectives"]["proportionate_diplomacy"]["fork"]["rating"] == "P"


def test_compare_in_the_terminal_shows_a_fork_against_its_parent(sessions, tmp_path, capsys):
    fork = _fork(sessions["poor"], tmp_path / "whatif.db", "good.yaml")
    capsys.readouterr()
    assert main(["compare", str(sessions["poor"]), str(fork)]) == 0
    out = capsys.readouterr().out
    assert "whatif: fork at T+02:40" in out and "against its parent poor" in out
    assert "Diverges at T+02:45" in out and "whatif: mfa_cell decided d_consult: consult_and_poc" in out
    assert "escalation: varnia" in out and "points: mfa_cell" in out


def test_forks_of_one_parent_are_compared_with_the_first_of_them(sessions, tmp_path, capsys):
    first = _fork(sessions["poor"], tmp_path / "first.db", "poor.yaml")
    second = _fork(sessions["poor"], tmp_path / "second.db", "good.yaml")
    capsys.readouterr()
    assert main(["compare", str(second), str(first), "--json"]) == 0
    [compared] = json.loads(capsys.readouterr().out)["forks"]
    assert (compared["session"], compared["against"], compared["relation"]) == (str(second), str(first), "fork")
    assert compared["diverges"]["against"].startswith("mfa_cell decided d_consult: go_alone")


def test_sessions_that_are_not_forks_have_no_fork_comparison(sessions, capsys):
    capsys.readouterr()
    assert main(["compare", str(sessions["poor"]), str(sessions["good"]), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["forks"] == []


def test_the_same_answer_given_later_is_where_a_fork_diverges(sessions, tmp_path, capsys):
    fork = tmp_path / "later.db"
    assert main(["fork", str(sessions["poor"]), "--at", "T+02:40", "--session", str(fork)]) == 0
    script = tmp_path / "later.yaml"
    script.write_text(
        'steps:\n  - {at: "T+02:55", team: mfa_cell, decide: d_consult, option: go_alone, '
        'rationale: "Decline the CMS briefing and keep the matter national for now"}\n'
    )  # the parent's very command, ten minutes later
    assert main(["play", str(fork), "--decisions", str(script)]) == 0
    capsys.readouterr()
    assert main(["compare", str(sessions["poor"]), str(fork), "--json"]) == 0
    diverges = json.loads(capsys.readouterr().out)["forks"][0]["diverges"]
    assert diverges["time"] == "T+02:55"
    assert diverges["fork"].startswith("mfa_cell decided d_consult: go_alone after 00:15")
    assert diverges["against"].startswith("mfa_cell decided d_consult: go_alone after 00:05")
