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


def test_a_forced_option_is_answered_as_its_decision_opens():
    scenario = compiled()
    for index in range(5):
        result = play_once(scenario, 3, "random", index, force=("d_contain", "isolate_segment"))
        assert ("d_contain", "isolate_segment", "decided") in result.choices


def test_runs_from_a_point_keep_what_was_decided_and_draw_their_own_chances(write_scenario):
    from tabletop.engine import commands as c
    from tabletop.simulate.playthrough import Origin
    from tests.engine.test_chance import with_chance

    loaded = load_scenario(write_scenario(with_chance(inject=0.5)))
    scenario = compile_scenario(loaded.scenario, loaded.playbooks)
    origin = Origin(3, (c.Start(), c.Advance(to=1200), c.Decide(team="csirt_cell", decision="contain", option="wait")))
    runs = [play_once(scenario, 3, "worst", i, origin) for i in range(20)]
    assert all(r.choices == (("contain", "wait", "decided"),) for r in runs)
    assert {r.chances for r in runs} == {(("inject", "press_call", True),), (("inject", "press_call", False),)}
    assert play_once(scenario, 3, "worst", 7, origin) == runs[7]
