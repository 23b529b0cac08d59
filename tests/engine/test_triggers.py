"""Conditions on the clock and on counted flags, and `holds_for` triggers, through commands and events."""

from __future__ import annotations

from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tests.conftest import MINIMAL
from tests.engine.test_engine import run

PRESS_CALL = "    when: state.public_pressure >= 30\n    delay: 10m\n"


def press_call_when(condition: str, extra: str = "") -> str:
    return MINIMAL.replace(PRESS_CALL, f"    when: {condition}\n{extra}")


def delivered(events, inject="press_call"):
    return [e.time for e in events if isinstance(e, ev.InjectDelivered) and e.inject == inject]


def test_a_condition_on_the_clock_fires_at_the_exact_second_without_polling(engine):
    e = engine(press_call_when("clock.elapsed >= 1h30m"))
    events = run(e, c.Start(), c.Advance(to=2 * 3600))
    assert delivered(events) == [5400]
    assert ev.InjectDelivered(5400, "press_call", ("mfa_cell",), "condition") in events


def test_a_strict_comparison_with_the_clock_fires_the_second_after(engine):
    e = engine(press_call_when("clock.elapsed > 45m"))
    assert delivered(run(e, c.Start(), c.Advance(to=3600))) == [2701]


def test_a_clock_window_combines_with_other_conditions(engine):
    # The decision's default adds 25 to public pressure at 45m; the window closes at 50m.
    e = engine(press_call_when("clock.elapsed < 50m and state.public_pressure >= 30"))
    assert delivered(run(e, c.Start(), c.Advance(to=3600))) == [2700]
    e = engine(press_call_when("clock.elapsed < 40m and state.public_pressure >= 30"))
    assert delivered(run(e, c.Start(), c.Advance(to=3600))) == []


def test_advancing_to_the_next_event_stops_at_a_clock_threshold(engine):
    e = engine(press_call_when("clock.elapsed >= 20m"))
    run(e, c.Start(), c.Advance(to=16 * 60))
    events = e.apply(c.Advance(next=True))
    assert delivered(events) == [1200] and e.now == 1200


def test_a_count_of_flags_is_rechecked_when_any_of_them_changes(engine):
    e = engine(
        press_call_when("count(state.services_down, decision.contain.decided, inject.first_report.delivered) >= 3")
    )
    events = run(e, c.Start(), c.Advance(to=20 * 60))
    assert delivered(events) == []
    events = e.apply(c.Decide(team="csirt_cell", decision="contain", option="isolate"))
    assert delivered(events) == [1200]


def test_holds_for_fires_once_the_condition_has_held_that_long(engine):
    e = engine(press_call_when("state.public_pressure >= 30", "    holds_for: 10m\n"))
    events = run(e, c.Start(), c.Advance(to=45 * 60 + 9 * 60))
    assert delivered(events) == []
    events = e.apply(c.Advance(to=3600))
    assert delivered(events) == [55 * 60]


def services_down_at(scenario: str, *changes: tuple[str, bool]) -> str:
    """`scenario` with timed injects that set services_down (time, value) before its decisions."""
    injects = "".join(
        f"  - id: services_{n}\n    at: {at}\n    from: csirt\n    to: [csirt_cell]\n    title: Status\n"
        f"    body: Status.\n    effects: [{{set: services_down, to: {str(value).lower()}}}]\n"
        for n, (at, value) in enumerate(changes)
    )
    return scenario.replace("decisions:\n", injects + "decisions:\n")


def test_holds_for_starts_again_when_the_condition_breaks(engine):
    scenario = services_down_at(
        press_call_when("state.services_down", "    holds_for: 10m\n"), ("5m", False), ("8m", True)
    )
    events = run(engine(scenario), c.Start(), c.Advance(to=3600))
    assert delivered(events) == [18 * 60]


def test_delay_fires_without_rechecking_but_holds_for_does_not(engine):
    scenario = services_down_at(press_call_when("state.services_down", "    {trigger}\n"), ("5m", False))
    delayed = run(engine(scenario.replace("{trigger}", "delay: 10m")), c.Start(), c.Advance(to=3600))
    held = run(engine(scenario.replace("{trigger}", "holds_for: 10m")), c.Start(), c.Advance(to=3600))
    assert delivered(delayed) == [600] and delivered(held) == []


def test_holds_for_on_an_ending_a_decision_and_a_reaction(engine):
    scenario = (
        MINIMAL.replace(
            '    when: decision.contain.option == "isolate" and not state.services_down\n',
            "    when: state.public_pressure >= 50\n    holds_for: 30m\n",
        )
        .replace("    opens: {at: 15m}\n", "    opens: {when: state.services_down, holds_for: 15m}\n")
        .replace("    when: actor.mfa.level >= 2\n", "    when: state.public_pressure >= 30\n    holds_for: 5m\n")
    )
    events = run(engine(scenario), c.Start(), c.Advance(to=3 * 3600))
    opened = [e.time for e in events if isinstance(e, ev.DecisionOpened)]
    reacted = [e.time for e in events if isinstance(e, ev.ReactionFired)]
    ended = [(e.time, e.outcome) for e in events if isinstance(e, ev.Ended)]
    # opens at 15m, defaults at 45m (+25 → 35), the press reacts 5m later (+20 → 55), 30m later it ends
    assert (opened, reacted, ended) == ([900], [50 * 60], [(80 * 60, "calm")])


def test_a_repeating_reaction_with_holds_for_fires_again_after_each_new_hold(engine):
    scenario = services_down_at(
        MINIMAL.replace(
            "    when: actor.mfa.level >= 2\n", "    when: state.services_down\n    holds_for: 10m\n    once: false\n"
        ),
        ("15m", False),
        ("20m", True),
    )
    events = run(engine(scenario), c.Start(), c.Advance(to=3600))
    assert [e.time for e in events if isinstance(e, ev.ReactionFired)] == [600, 1800]
