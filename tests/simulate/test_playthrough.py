"""One playthrough is a pure function of (scenario, seed, policy, run index)."""

from __future__ import annotations

from tabletop.engine import compile_scenario
from tabletop.loader import load_scenario
from tabletop.simulate import play_once, run_seed
from tests.conftest import ROOT


def compiled():
    loaded = load_scenario(ROOT / "scenarios" / "canal-ransomware.yaml")
    return compile_scenario(loaded.scenario, loaded.playbooks)


def test_the_same_run_gives_the_same_result():
    scenario = compiled()
    assert play_once(scenario, 3, "random", 17) == play_once(scenario, 3, "random", 17)


def test_runs_differ_by_index_and_seed():
    scenario = compiled()
    results = {play_once(scenario, 3, "random", i).choices for i in range(20)}
    assert len(results) > 1
    assert run_seed(3, 1) != run_seed(4, 1) != run_seed(3, 2)


def test_best_policy_reaches_the_good_ending_and_worst_the_bad_one():
    scenario = compiled()
    assert play_once(scenario, 0, "best", 0).outcome == "coordinated_resolution"
    assert play_once(scenario, 0, "worst", 0).outcome == "confrontation"


def test_a_playthrough_stops_deciding_once_the_exercise_has_ended(write_scenario):
    """Regression: an end due at the very second a policy planned to decide used to crash the run."""
    from tests.conftest import MINIMAL

    text = MINIMAL.replace("end:\n", 'end:\n  - {id: cut_short, at: "T+00:44:59", text: Stopped}\n')
    loaded = load_scenario(write_scenario(text))
    result = play_once(compile_scenario(loaded.scenario, loaded.playbooks), 0, "worst", 0)
    assert result.outcome == "cut_short" and result.choices == ()
