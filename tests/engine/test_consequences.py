"""Consequences the facilitator controls: count a free-text answer as an option, cancel a
planned inject, play on past an ending. Each is a command, so a replay does the same."""

from __future__ import annotations

import pytest

from tabletop.engine import CommandRefused
from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.scoring import score_session
from tabletop.scoring.evaluation import final_outcome
from tests.conftest import MINIMAL
from tests.engine.test_engine import WAIT_EFFECT, run

FREE_TEXT = MINIMAL.replace("    default: wait\n", "    default: wait\n    free_text: true\n")
ANSWER = c.Decide(team="csirt_cell", decision="contain", text="after memory capture", rationale="evidence first")


def delivered(events):
    return [e.inject for e in events if isinstance(e, ev.InjectDelivered)]


def test_a_free_text_answer_counted_as_an_option_has_that_options_effects_from_then_on(engine):
    e = engine(FREE_TEXT)
    events = run(e, c.Start(), c.Advance(to=1000), ANSWER)
    assert e.state["public_pressure"] == 10  # free text alone changes nothing
    events = run(e, c.CountAsOption(decision="contain", option="wait", reason="they chose to wait and see"))
    assert events[:2] == [
        ev.CountedAsOption(1000, "contain", "csirt_cell", "wait", "they chose to wait and see"),
        ev.StateChanged(1000, "public_pressure", 35, 10, "counted:contain/wait"),
    ]
    assert "press_call" in delivered(run(e, c.Advance(to=1700)))  # its condition now holds


def test_conditions_read_the_counted_option(engine):
    e = engine(FREE_TEXT.replace("and not state.services_down", "and state.services_down"))
    events = run(e, c.Start(), c.Advance(to=1000), ANSWER)
    assert not e.ended
    events = run(e, c.CountAsOption(decision="contain", option="isolate"))
    assert events[-1] == ev.Ended(1000, "calm", "Services restored") and e.outcome == "calm"


def test_a_counted_answer_is_scored_as_its_option_and_keeps_its_text(engine):
    e = engine(FREE_TEXT)
    events = run(e, c.Start(), c.Advance(to=1000), ANSWER, c.CountAsOption(decision="contain", option="isolate"))
    score = score_session(e.compiled.scenario, events)["csirt_cell"].decisions[0]
    assert (score.option, score.how, score.text) == ("isolate", "free_text", "after memory capture")
    assert [(x.criterion, x.points) for x in score.criteria] == [("technical", 3)]


@pytest.mark.parametrize(
    ("before", "command", "message"),
    [
        ((), c.CountAsOption(decision="contain", option="isolate"), "still open: record the answer first"),
        ((ANSWER,), c.CountAsOption(decision="contain", option="isolat"), "no option 'isolat' (did you mean 'isolate'"),
        ((ANSWER,), c.CountAsOption(decision="contan", option="isolate"), "did you mean 'contain'"),
        (
            (ANSWER, c.CountAsOption(decision="contain", option="wait")),
            c.CountAsOption(decision="contain", option="isolate"),
            "already counts as option 'wait'",
        ),
        (
            (c.Decide(team="csirt_cell", decision="contain", option="isolate"),),
            c.CountAsOption(decision="contain", option="wait"),
            "already counts as option 'isolate'",
        ),
    ],
)
def test_counting_refuses_what_is_not_an_uncounted_free_text_answer(engine, before, command, message):
    e = engine(FREE_TEXT)
    run(e, c.Start(), c.Advance(to=1000), *before)
    with pytest.raises(CommandRefused, match=message.replace("(", r"\(")):
        e.apply(command)


def test_counting_refuses_a_defaulted_decision(engine):
    e = engine(FREE_TEXT)
    run(e, c.Start(), c.Advance(to=3000))
    with pytest.raises(CommandRefused, match="closed with its default"):
        e.apply(c.CountAsOption(decision="contain", option="isolate"))


def test_a_cancelled_inject_never_goes_out_even_when_its_condition_holds(engine):
    e = engine()
    events = run(e, c.Start(), c.CancelInject(inject="press_call", reason="the room has enough on its plate"))
    assert ev.InjectCancelled(0, "press_call", "facilitator: the room has enough on its plate") in events
    assert "press_call" not in delivered(run(e, c.Advance(to=5000)))
    assert e.state["public_pressure"] >= 30  # the condition held all along
    with pytest.raises(CommandRefused, match="was cancelled"):
        e.apply(c.DeliverInject(inject="press_call"))


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (c.CancelInject(inject="first_report"), "already delivered at T\\+00:00"),
        (c.CancelInject(inject="press_cal"), "unknown inject 'press_cal' \\(did you mean 'press_call'"),
    ],
)
def test_cancelling_refuses_what_cannot_be_cancelled(engine, command, message):
    e = engine()
    run(e, c.Start())
    with pytest.raises(CommandRefused, match=message):
        e.apply(command)


def test_cancelling_twice_is_refused(engine):
    e = engine()
    run(e, c.Start(), c.CancelInject(inject="press_call"))
    with pytest.raises(CommandRefused, match="already cancelled"):
        e.apply(c.CancelInject(inject="press_call"))


GIVE_UP = MINIMAL.replace(WAIT_EFFECT, "          - {end: gave_up, text: The CSIRT waited}\n" + WAIT_EFFECT)


def test_playing_on_past_an_ending_keeps_it_on_record_and_the_clock_goes_on(engine):
    e = engine(GIVE_UP)
    events = run(e, c.Start(), c.Advance(to=1000), c.Decide(team="csirt_cell", decision="contain", option="wait"))
    assert e.ended and final_outcome(events) == ev.Ended(1000, "gave_up", "The CSIRT waited")
    events += run(e, c.PlayOn(note="the minister wants to see the press fallout"))
    assert events[-1] == ev.PlayedOn(1000, "gave_up", "the minister wants to see the press fallout")
    assert not e.ended and e.outcome is None and final_outcome(events) is None
    later = run(e, c.Advance(to=e.compiled.scenario.clock.duration))
    assert later[-1] == ev.Ended(10800, "time_up", "the scenario clock ran out")
    assert final_outcome(events + later).outcome == "time_up"


def test_play_on_is_refused_before_an_ending_and_after_the_clock_ran_out(engine):
    e = engine()
    run(e, c.Start())
    with pytest.raises(CommandRefused, match="has not ended"):
        e.apply(c.PlayOn())
    run(e, c.Advance(to=e.compiled.scenario.clock.duration))
    with pytest.raises(CommandRefused, match="no time left"):
        e.apply(c.PlayOn())


def test_the_facilitator_can_play_on_after_ending_by_mistake(engine):
    e = engine()
    run(e, c.Start(), c.Advance(to=100), c.End())
    assert run(e, c.PlayOn()) == [ev.PlayedOn(100, "ended_by_facilitator", "")]
    assert "decision_opened" in [x.kind for x in run(e, c.Advance(to=1000))]
