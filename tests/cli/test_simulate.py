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


def test_simulate_reports_how_often_each_chance_happened(capsys, write_scenario):
    from tests.conftest import MINIMAL

    scenario = write_scenario(
        MINIMAL.replace("    channel: phone\n", "    channel: phone\n    chance: 0.3\n")
        .replace("    when: state.public_pressure >= 30\n    delay: 10m\n", "    when: state.services_down\n")
        .replace(
            "      - {add: public_pressure, by: 20}\n", "      - {add: public_pressure, by: 20}\n    chance: 0.8\n"
        )
        .replace("    when: actor.mfa.level >= 2\n", "    when: state.services_down\n")
    )
    report = simulate(capsys, str(scenario), "--runs", "400", "--seed", "3")
    inject, reaction = report["chances"]["injects"]["press_call"], report["chances"]["reactions"]["press_story"]
    assert (inject["chance"], inject["due"], reaction["due"]) == (0.3, 400, 400)
    assert 0.22 < inject["rate"] < 0.38 and inject["rate"] == round(inject["happened"] / 400, 3)
    assert 0.72 < reaction["rate"] < 0.88
    assert report["injects"]["press_call"] == inject["happened"]
    assert main(["simulate", str(scenario), "--runs", "400", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "Chance events" in out and "inject press_call" in out and f"{100 * inject['rate']:.0f}%" in out


def test_the_same_seed_gives_the_same_chance_rates(capsys, write_scenario):
    from tests.conftest import MINIMAL

    scenario = str(write_scenario(MINIMAL.replace("    channel: phone\n", "    channel: phone\n    chance: 0.5\n")))
    one = simulate(capsys, scenario, "--runs", "200", "--seed", "9", "--jobs", "1")
    two = simulate(capsys, scenario, "--runs", "200", "--seed", "9", "--jobs", "2")
    assert one == two and one["chances"]["injects"]["press_call"]["due"] > 0
