"""Decision scores: weighted criteria plus timeliness, each number explainable."""

from __future__ import annotations

import pytest

from tabletop.engine import Engine, compile_scenario
from tabletop.engine import commands as c
from tabletop.loader import load_scenario
from tabletop.model.scenario import Timeliness
from tabletop.scoring import score_session, timeliness_factor
from tests.conftest import MINIMAL

RULE = Timeliness(weight=1, max=3, full_within=0.5, at_deadline=0.5, on_default=0.0)


@pytest.mark.parametrize(
    ("elapsed", "defaulted", "marks"),
    [(0, False, 1.0), (900, False, 1.0), (1350, False, 0.75), (1800, False, 0.5), (1800, True, 0.0)],
)
def test_timeliness_marks_fall_linearly_after_the_full_marks_window(elapsed, defaulted, marks):
    assert timeliness_factor(RULE, elapsed, 1800, defaulted) == pytest.approx(marks)


def play(write_scenario, *commands, text=MINIMAL):
    loaded = load_scenario(write_scenario(text))
    engine = Engine(compile_scenario(loaded.scenario, loaded.playbooks))
    events = [e for command in (c.Start(), *commands) for e in engine.apply(command)]
    return score_session(loaded.scenario, events)


def test_a_quick_good_decision_earns_weighted_points_and_full_timeliness(write_scenario):
    scores = play(write_scenario, c.Advance(to=1000), c.Decide(team="csirt_cell", decision="contain", option="isolate"))
    decision = scores["csirt_cell"].decisions[0]
    assert [(c.criterion, c.points, c.weight, c.weighted) for c in decision.criteria] == [("technical", 3, 2.0, 6.0)]
    assert decision.timeliness == 3.0 and decision.possible == 9.0
    assert scores["csirt_cell"].points == 9.0 and scores["mfa_cell"].points == 0


def test_the_best_answer_at_the_last_minute_costs_a_rating_when_time_weighs(write_scenario):
    """With the bundled scenarios' rule (weight 2, a fifth of the marks at the deadline), the best
    option chosen at 90% of the window falls below the P threshold."""
    text = MINIMAL.replace(
        "    - {id: technical, name: Technical soundness, weight: 2}",
        "    - {id: technical, name: Technical soundness, weight: 2}\n  timeliness: {weight: 2, at_deadline: 0.2}",
    )
    assert text != MINIMAL
    last_minute = c.Advance(to=(15 + 27) * 60)
    scores = play(
        write_scenario, last_minute, c.Decide(team="csirt_cell", decision="contain", option="isolate"), text=text
    )
    decision = scores["csirt_cell"].decisions[0]
    assert decision.timeliness == pytest.approx(6.0 * (1 - 0.8 * 0.8))  # 90% of the window: marks 0.36
    assert decision.percent < 85  # below the P threshold: suggested S


def test_a_default_costs_the_timeliness_points(write_scenario):
    scores = play(write_scenario, c.Advance(to=3000))
    decision = scores["csirt_cell"].decisions[0]
    assert (decision.how, decision.option, decision.points) == ("defaulted", "wait", 0.0)


def test_adjustments_add_to_the_team_total(write_scenario):
    scores = play(write_scenario, c.ScoreAdjust(team="mfa_cell", points=2.5, reason="sound advice"))
    assert scores["mfa_cell"].points == 2.5
