"""The engine through its commands and events: time, conditions, deadlines, refusals."""

from __future__ import annotations

import pytest

from tabletop.engine import CommandRefused
from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.engine.core import DecisionStatus
from tests.conftest import MINIMAL


def run(engine, *commands):
    events = []
    for command in commands:
        events += engine.apply(command)
    return events


def kinds(events):
    return [(e.time, e.kind, subject(e)) for e in events]


def subject(event):
    match event:
        case ev.InjectDelivered() | ev.InjectCancelled():
            return event.inject
        case ev.DecisionOpened() | ev.DecisionMade() | ev.DecisionDefaulted():
            return event.decision
        case ev.StateChanged():
            return event.variable
        case ev.LevelChanged() | ev.ReactionFired():
            return event.actor
    return None


def observable(engine):
    """Everything a command can change: clock, state, levels, relations, decisions, queue."""
    return {
        "clock": (engine.now, engine.started, engine.paused, engine.ended, engine.outcome),
        "state": dict(engine.state),
        "levels": dict(engine.levels),
        "pressure": dict(engine.pressure),
        "relations": {edge: tuple(params) for edge, params in engine.relations.items()},
        "decisions": {
            d: tuple(getattr(status, name) for name in DecisionStatus.__slots__)
            for d, status in engine.decisions.items()
        },
        "queue": sorted((t, p, s, handler.__name__, what) for t, p, s, handler, what in engine.queue.entries()),
        "delivered": dict(engine.delivered),
        "cancelled": set(engine.cancelled),
        "adhoc": engine.adhoc_count,
        "random": engine.rng.getstate(),
    }


def test_start_delivers_timed_injects_at_time_zero(engine):
    events = run(engine(), c.Start())
    assert kinds(events) == [
        (0, "started", None),
        (0, "inject_delivered", "first_report"),
        (0, "state_changed", "services_down"),
        (0, "level_changed", "csirt"),
    ]


def test_decision_opens_on_time_and_defaults_at_its_deadline(engine):
    e = engine()
    events = run(e, c.Start(), c.Advance(to=3000))
    assert kinds(events)[4:] == [
        (900, "decision_opened", "contain"),
        (2700, "decision_defaulted", "contain"),
        (2700, "state_changed", "public_pressure"),
    ]
    assert e.state["public_pressure"] == 35
    assert e.decisions["contain"].defaulted


def test_conditional_inject_fires_after_its_delay_once_the_condition_holds(engine):
    e = engine()
    run(e, c.Start(), c.Advance(to=1000), c.Decide(team="csirt_cell", decision="contain", option="wait"))
    assert e.state["public_pressure"] == 35
    later = run(e, c.Advance(to=1000 + 599))
    assert "press_call" not in e.delivered and later == []
    assert kinds(run(e, c.Advance(by=1))) == [(1600, "inject_delivered", "press_call")]


def test_decision_effects_and_end_condition(engine):
    text = MINIMAL.replace("      - {add: public_pressure, by: 20}", "      - {set: services_down, to: false}").replace(
        "when: actor.mfa.level >= 2", "when: decision.contain.decided"
    )
    e = engine(text)
    events = run(
        e,
        c.Start(),
        c.Advance(to=1000),
        c.Decide(team="csirt_cell", decision="contain", option="isolate", rationale="stop spread"),
    )
    assert [e.kind for e in events[-4:]] == ["decision_made", "reaction_fired", "state_changed", "ended"]
    assert e.ended and e.outcome == "calm"


def test_clock_runs_out_at_the_scenario_duration(engine):
    e = engine()
    events = run(e, c.Start(), c.Advance(to=99_999))
    assert events[-1] == ev.Ended(10800, "time_up", "the scenario clock ran out")


def test_same_commands_same_seed_same_events(engine):
    script = [
        c.Start(),
        c.Advance(to=1000),
        c.Decide(team="csirt_cell", decision="contain", option="wait"),
        c.Advance(next=True),
        c.Advance(to=20000),
    ]
    assert run(engine(seed=7), *script) == run(engine(seed=7), *script)


@pytest.mark.parametrize(
    ("setup", "command", "reason"),
    [
        ([], c.Advance(to=10), "has not started"),
        ([c.Start()], c.Start(), "already started"),
        ([c.Start()], c.Decide(team="csirt_cell", decision="contain", option="isolate"), "not open yet"),
        (
            [c.Start(), c.Advance(to=1000)],
            c.Decide(team="mfa_cell", decision="contain", option="isolate"),
            "belongs to team 'csirt_cell'",
        ),
        (
            [c.Start(), c.Advance(to=1000)],
            c.Decide(team="csirt_cell", decision="contain", option="isolat"),
            "did you mean 'isolate'",
        ),
        (
            [c.Start(), c.Advance(to=1000)],
            c.Decide(team="csirt_cell", decision="contian", option="isolate"),
            "did you mean 'contain'",
        ),
        ([c.Start(), c.Advance(to=1000)], c.Advance(to=10), "cannot go back in time"),
        ([c.Start()], c.DeliverInject(inject="first_report"), "already delivered"),
        ([c.Start()], c.AdhocInject(to=["nobody"], title="x"), "unknown team 'nobody'"),
        (
            [c.Start()],
            c.AdhocInject(to=["mfa_cell"], title="x", effects=[{"add": "pressure", "by": 1}]),
            "unknown state variable 'pressure'",
        ),
        ([c.Start()], c.RateObjective(objective="contain", rating="P"), "unknown objective"),
        ([c.Start(), c.End()], c.Advance(to=100), "has ended"),
        ([c.Start(), c.Pause()], c.Pause(), "already paused"),
    ],
)
def test_refused_commands_say_why_and_change_nothing(engine, setup, command, reason):
    e = engine()
    run(e, *setup)
    before = observable(e)
    assert before["queue"] or not e.started or e.ended
    with pytest.raises(CommandRefused, match=reason):
        e.apply(command)
    assert observable(e) == before


def test_adhoc_inject_is_delivered_with_its_text_and_effects(engine):
    e = engine()
    run(e, c.Start())
    events = e.apply(
        c.AdhocInject(
            to=["mfa_cell"],
            title="Minister calls",
            body="Why no statement?",
            effects=[{"add": "public_pressure", "by": 5}],
        )
    )
    assert events[0] == ev.AdhocInjectDelivered(
        0, "adhoc_1", ("mfa_cell",), "adhoc", "Minister calls", "Why no statement?", None, "email"
    )
    assert e.state["public_pressure"] == 15


def test_facilitator_delivers_a_planned_inject_early(engine):
    e = engine()
    run(e, c.Start())
    assert kinds(e.apply(c.DeliverInject(inject="press_call"))) == [(0, "inject_delivered", "press_call")]
    assert run(e, c.Advance(to=5000)) and "press_call" in e.delivered


def test_evaluation_continues_after_the_end(engine):
    e = engine()
    run(e, c.Start(), c.End())
    events = run(
        e,
        c.Note(text="debrief"),
        c.RateObjective(objective="contain_fast", rating="S"),
        c.ScoreAdjust(team="mfa_cell", points=2, reason="good call"),
    )
    assert [e.kind for e in events] == ["note_added", "objective_rated", "score_adjusted"]


def test_state_is_clamped_to_its_bounds(engine):
    e = engine()
    run(e, c.Start())
    e.apply(c.AdhocInject(to=["mfa_cell"], title="x", effects=[{"add": "public_pressure", "by": 500}]))
    assert e.state["public_pressure"] == 100


def test_conditions_are_rechecked_only_when_what_they_read_changes(compiled):
    scenario = compiled()
    watched = {dep: [scenario.watchers[i].id for i in idx] for dep, idx in scenario.watching.items()}
    assert watched == {
        ("state", "public_pressure"): ["press_call"],
        ("actor", "mfa"): ["press_story"],
        ("decision", "contain"): ["calm"],
        ("state", "services_down"): ["calm"],
    }


WAIT_EFFECT = "          - {add: public_pressure, by: 25}"


def test_a_schedule_effect_delivers_the_inject_after_its_delay(engine):
    e = engine(MINIMAL.replace(WAIT_EFFECT, "          - {schedule: press_call, after: 5m}"))
    run(e, c.Start(), c.Advance(to=1000), c.Decide(team="csirt_cell", decision="contain", option="wait"))
    assert run(e, c.Advance(to=1000 + 299)) == []
    assert run(e, c.Advance(by=1)) == [ev.InjectDelivered(1300, "press_call", ("mfa_cell",), "scheduled")]


def test_a_cancel_effect_stops_an_inject_for_good(engine):
    e = engine(MINIMAL.replace(WAIT_EFFECT, "          - {cancel: press_call}\n" + WAIT_EFFECT))
    events = run(e, c.Start(), c.Advance(to=1000), c.Decide(team="csirt_cell", decision="contain", option="wait"))
    assert events[-3:] == [
        ev.DecisionMade(1000, "contain", "csirt_cell", "wait", None, "", 100),
        ev.InjectCancelled(1000, "press_call", "decision:contain/wait"),
        ev.StateChanged(1000, "public_pressure", 35, 10, "decision:contain/wait"),
    ]
    assert "press_call" not in [x.inject for x in run(e, c.Advance(to=5000)) if isinstance(x, ev.InjectDelivered)]
    with pytest.raises(CommandRefused, match="was cancelled"):
        e.apply(c.DeliverInject(inject="press_call"))


def test_an_open_effect_opens_a_decision_point_early_with_its_own_window(engine):
    e = engine(MINIMAL.replace("      - {raise: csirt, by: 1}", "      - {open: contain}"))
    events = run(e, c.Start())
    assert ev.DecisionOpened(0, "contain", "csirt_cell", 1800) in events
    assert e.decisions["contain"].status == "open"
    assert run(e, c.Advance(to=900)) == []
    assert run(e, c.Advance(to=1800))[0] == ev.DecisionDefaulted(1800, "contain", "csirt_cell", "wait")


def test_an_end_effect_ends_the_exercise_and_skips_the_rest(engine):
    e = engine(MINIMAL.replace(WAIT_EFFECT, "          - {end: gave_up, text: The CSIRT waited}\n" + WAIT_EFFECT))
    events = run(e, c.Start(), c.Advance(to=1000), c.Decide(team="csirt_cell", decision="contain", option="wait"))
    assert events[-1] == ev.Ended(1000, "gave_up", "The CSIRT waited")
    assert e.ended and e.outcome == "gave_up" and e.state["public_pressure"] == 10
    with pytest.raises(CommandRefused, match="has ended"):
        e.apply(c.Advance(to=2000))


def test_a_condition_on_a_relations_trust_fires_when_an_effect_changes_it(engine):
    e = engine(
        MINIMAL.replace(
            "    when: state.public_pressure >= 30\n", "    when: relation.mfa.press.trust >= 0.6\n"
        ).replace(
            "      - {raise: csirt, by: 1}",
            "      - {raise: csirt, by: 1}\n      - {relation: [mfa, press], trust: 0.7}",
        )
    )
    events = run(e, c.Start(), c.Advance(to=700))
    assert ev.RelationChanged(0, "mfa", "press", 0.7, 0.5, "inject:first_report") in events
    assert ev.InjectDelivered(600, "press_call", ("mfa_cell",), "condition") in events
