"""State `type: choice`: ordered values, set and stepped by effects, compared by order in conditions."""

from __future__ import annotations

from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tests.conftest import MINIMAL
from tests.engine.test_engine import run

CHOICE = MINIMAL.replace(
    "  services_down: {type: flag, initial: false}\n",
    "  services_down: {type: flag, initial: false}\n  confidence: {type: choice, values: [low, moderate, high]}\n",
).replace("    when: state.public_pressure >= 30\n", '    when: state.confidence >= "moderate"\n')


def test_a_choice_starts_at_its_first_value_unless_told(engine):
    assert engine(CHOICE).state["confidence"] == "low"
    assert (
        engine(CHOICE.replace("values: [low, moderate, high]}", "values: [low, moderate, high], initial: high}")).state[
            "confidence"
        ]
        == "high"
    )


def test_setting_a_choice_fires_the_conditions_that_compare_it_by_order(engine):
    e = engine(CHOICE.replace("      - {raise: csirt, by: 1}", "      - {set: confidence, to: high}"))
    events = run(e, c.Start(), c.Advance(to=700))
    assert ev.StateChanged(0, "confidence", "high", "low", "inject:first_report") in events
    assert ev.InjectDelivered(600, "press_call", ("mfa_cell",), "condition") in events


def test_adding_to_a_choice_moves_it_by_steps_and_stops_at_the_ends(engine):
    e = engine(
        CHOICE.replace(
            "      - {raise: csirt, by: 1}",
            "      - {add: confidence, by: 1}\n      - {add: confidence, by: 5}\n      - {add: confidence, by: -1}",
        )
    )
    events = run(e, c.Start())
    changes = [(x.previous, x.value) for x in events if isinstance(x, ev.StateChanged) and x.variable == "confidence"]
    assert changes == [("low", "moderate"), ("moderate", "high"), ("high", "moderate")]
