"""`tabletop compare`: a cohort's sessions side by side, and whether it improved."""

from __future__ import annotations

import json

from tabletop.cli import main
from tests.conftest import MINIMAL


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
