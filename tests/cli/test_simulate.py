"""`tabletop simulate`: deterministic reports, whatever the number of processes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tabletop.cli import main
from tabletop.simulate import POLICIES
from tests.conftest import ROOT

BUNDLED = sorted((ROOT / "scenarios").glob("*.yaml"))


def simulate(capsys, *args):
    assert main(["simulate", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_same_seed_same_report_whatever_the_jobs(capsys):
    scenario = str(BUNDLED[0])
    one = simulate(capsys, scenario, "--runs", "300", "--seed", "11", "--jobs", "1")
    two = simulate(capsys, scenario, "--runs", "300", "--seed", "11", "--jobs", "2")
    assert one == two
    other = simulate(capsys, scenario, "--runs", "300", "--seed", "12", "--jobs", "1")
    assert other != one


@pytest.mark.parametrize("scenario", BUNDLED, ids=lambda p: p.stem)
def test_bundled_scenarios_leave_nothing_unreached(scenario, capsys):
    report = simulate(capsys, str(scenario), "--runs", "2000", "--seed", "1", "--jobs", "2")
    assert report["never_reached"] == {
        "injects": [],
        "decisions": [],
        "options": [],
        "ladder_levels": [],
        "end_conditions": [],
    }


def test_best_policy_outscores_worst(capsys):
    best = simulate(capsys, str(BUNDLED[0]), "--runs", "5", "--policy", "best")
    worst = simulate(capsys, str(BUNDLED[0]), "--runs", "5", "--policy", "worst")
    assert all(best["scores"][t]["mean"] > worst["scores"][t]["mean"] for t in best["scores"])


def test_report_in_the_terminal(capsys):
    assert main(["simulate", str(BUNDLED[0]), "--runs", "50"]) == 0
    out = capsys.readouterr().out
    assert "Scores per team" in out and "Peak escalation per actor" in out


def test_bad_runs_is_a_usage_error():
    result = subprocess.run(
        [sys.executable, "-m", "tabletop", "simulate", str(BUNDLED[0]), "--runs", "0"], capture_output=True, text=True
    )
    assert result.returncode == 2 and "must be at least 1" in result.stderr


@pytest.mark.parametrize("policy", POLICIES)
def test_every_policy_of_the_simulator_can_be_chosen(policy, capsys):
    assert simulate(capsys, str(BUNDLED[0]), "--runs", "3", "--policy", policy)["policy"] == policy


def test_the_command_offers_exactly_the_simulators_policies(capsys):
    with pytest.raises(SystemExit):
        main(["simulate", "--help"])
    assert "{" + ",".join(POLICIES) + "}" in capsys.readouterr().out
