"""The guide's worked example with moves, chance and recurring injects, played as a trainer
rehearses it: it validates with its scripts, checks clean, and a good team does better than
a late one, which does better than a poor one."""

from __future__ import annotations

import json

import pytest

from tabletop.cli import main
from tests.conftest import ROOT

SCENARIO = ROOT / "examples" / "msp-supply-chain.yaml"
SCRIPTS = ROOT / "examples" / "msp-supply-chain"


def play(kind: str, capsys, *seed: str) -> dict:
    assert main(["play", str(SCENARIO), "--decisions", str(SCRIPTS / f"{kind}.yaml"), "--json", *seed]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_example_and_its_scripts_validate_together(capsys):
    assert main(["validate", str(SCENARIO), str(SCRIPTS)]) == 0
    assert capsys.readouterr().out.strip() == "✓ 4 file(s) valid"


def test_the_example_checks_clean(capsys):
    assert main(["check", str(SCENARIO)]) == 0
    out, err = capsys.readouterr()
    assert "0 error(s), 0 warning(s), 1 note(s)" in out
    assert "end condition 'public_crisis' can happen only if something with a chance happens" in err


def test_a_good_team_coordinates_and_outscores_a_late_one_which_outscores_a_poor_one(capsys):
    good, late, poor = (play(kind, capsys) for kind in ("good", "late", "poor"))
    assert (good["outcome"], late["outcome"], poor["outcome"]) == ("coordinated", "coordinated", "time_up")
    total = {name: sum(run["scores"].values()) for name, run in (("good", good), ("late", late), ("poor", poor))}
    assert total["good"] > total["late"] > total["poor"]
    for team in good["scores"]:
        assert good["scores"][team] >= late["scores"][team] > poor["scores"][team]


@pytest.mark.parametrize(("seed", "leaked", "outcome"), [("0", False, "time_up"), ("1", True, "public_crisis")])
def test_the_press_leak_is_drawn_from_the_seed_and_decides_the_poor_teams_ending(seed, leaked, outcome, capsys):
    run = play("poor", capsys, "--seed", seed)
    draws = [e["happened"] for e in run["events"] if e["kind"] == "chance_drawn" and e["id"] == "leak"]
    assert (draws, run["outcome"]) == ([leaked], outcome)
