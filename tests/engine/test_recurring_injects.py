"""Recurring injects (`every:` with `times:` or `until:`), `to: all`, through commands and events."""

from __future__ import annotations

import pytest

from tabletop.engine import CommandRefused
from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tests.conftest import MINIMAL

SITREP = """  - id: sitrep
    at: 30m
    every: 30m
    {bound}
    from: csirt
    to: all
    title: SITREP
    body: Situation report.
    effects:
      - {{add: public_pressure, by: 1}}
"""


def with_sitrep(bound: str) -> str:
    return MINIMAL.replace("injects:\n", "injects:\n" + SITREP.format(bound=bound), 1)


def deliveries(events, inject="sitrep"):
    return [(e.time, e.occurrence, e.via) for e in events if isinstance(e, ev.InjectDelivered) and e.inject == inject]


def play(engine, *commands):
    events = []
    for command in commands:
        events += engine.apply(command)
    return events


def test_times_delivers_that_many_occurrences_numbered_from_one(engine):
    events = play(engine(with_sitrep("times: 3")), c.Start(), c.Advance(to=3 * 3600))
    assert deliveries(events) == [(1800, 1, "scheduled"), (3600, 2, "recurring"), (5400, 3, "recurring")]


def test_each_occurrence_applies_the_effects(engine):
    events = play(engine(with_sitrep("times: 3")), c.Start(), c.Advance(to=3 * 3600))
    changes = [e.time for e in events if isinstance(e, ev.StateChanged) and e.cause == "inject:sitrep"]
    assert changes == [1800, 3600, 5400]


def test_until_stops_recurring_once_its_condition_holds(engine):
    played = engine(with_sitrep("until: decision.contain.decided"))
    events = play(
        played,
        c.Start(),
        c.Advance(to=2000),
        c.Decide(decision="contain", team="csirt_cell", option="isolate", rationale="r"),
        c.Advance(to=3 * 3600),
    )
    assert deliveries(events) == [(1800, 1, "scheduled")]
    assert "sitrep" not in played.recurring


def test_recurrences_stop_at_the_end_of_the_scenario_clock(engine):
    never = "until: state.services_down and not state.services_down"
    events = play(engine(with_sitrep(never)), c.Start(), c.Advance(to=4 * 3600))
    assert deliveries(events)[-1] == (3 * 3600, 6, "recurring")
    assert events[-1].kind == "ended"


def test_cancelling_a_recurring_inject_stops_further_occurrences(engine):
    played = engine(with_sitrep("times: 5"))
    events = play(played, c.Start(), c.Advance(to=3600), c.CancelInject(inject="sitrep", reason="enough"))
    events += play(played, c.Advance(to=3 * 3600))
    assert deliveries(events) == [(1800, 1, "scheduled"), (3600, 2, "recurring")]
    assert [(e.time, e.inject, e.cause) for e in events if isinstance(e, ev.InjectCancelled)] == [
        (3600, "sitrep", "facilitator: enough")
    ]


def test_a_finished_recurring_inject_cannot_be_cancelled(engine):
    played = engine(with_sitrep("times: 2"))
    play(played, c.Start(), c.Advance(to=2 * 3600))
    with pytest.raises(CommandRefused, match="already delivered"):
        played.apply(c.CancelInject(inject="sitrep"))


def test_conditions_read_how_many_times_an_inject_went_out(engine):
    text = with_sitrep("times: 4").replace(
        "when: decision.contain.option", "when: inject.sitrep.count >= 3 or decision.contain.option"
    )
    events = play(engine(text), c.Start(), c.Advance(to=3 * 3600))
    assert deliveries(events)[-1] == (5400, 3, "recurring")
    assert (events[-1].time, events[-1].kind, events[-1].outcome) == (5400, "ended", "calm")


def test_to_all_delivers_to_every_team(engine):
    events = play(engine(with_sitrep("times: 1")), c.Start(), c.Advance(to=1800))
    sitrep = next(e for e in events if isinstance(e, ev.InjectDelivered) and e.inject == "sitrep")
    assert sitrep.to == ("csirt_cell", "mfa_cell")


def test_an_inject_that_does_not_recur_carries_no_occurrence(engine):
    events = play(engine(), c.Start())
    first = next(e for e in events if isinstance(e, ev.InjectDelivered))
    assert first.occurrence is None
    assert "occurrence" not in ev.event_json(first)


def test_recurring_is_replayed_exactly(engine):
    commands = [c.Start(), c.Advance(to=3600), c.CancelInject(inject="sitrep"), c.Advance(to=3 * 3600)]
    first = play(engine(with_sitrep("times: 5")), *commands)
    again = play(engine(with_sitrep("times: 5")), *commands)
    assert [ev.event_json(e) for e in first] == [ev.event_json(e) for e in again]


def test_a_recurring_inject_with_a_chance_is_drawn_once_the_whole_series_or_none(engine):
    text = with_sitrep("times: 3\n    chance: 0.5")
    seen = set()
    for seed in range(12):
        events = play(engine(text, seed=seed), c.Start(), c.Advance(to=3 * 3600))
        draws = [e for e in events if isinstance(e, ev.ChanceDrawn) and e.id == "sitrep"]
        assert len(draws) == 1
        seen.add(len(deliveries(events)))
        assert len(deliveries(events)) == (3 if draws[0].happened else 0)
    assert seen == {0, 3}
