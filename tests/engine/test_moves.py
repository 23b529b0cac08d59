"""Moves: started in order, by time, condition or the facilitator; their items wait for them."""

from __future__ import annotations

import pytest

from tabletop.engine import CommandRefused
from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tests.conftest import FIXTURES

MOVES = (FIXTURES / "moves.yaml").read_text(encoding="utf-8")


def started(events):
    return [(e.time, e.move, e.via) for e in events if isinstance(e, ev.MoveStarted)]


def delivered(events):
    return [(e.time, e.inject) for e in events if isinstance(e, ev.InjectDelivered)]


def test_the_first_move_starts_with_the_exercise(engine):
    game = engine(MOVES)
    events = game.apply(c.Start())
    assert started(events) == [(0, "detection", "start")]
    assert game.move_current == "detection"


def test_an_inject_of_a_move_not_started_waits_and_goes_out_when_the_move_starts(engine):
    game = engine(MOVES)
    game.apply(c.Start())
    waited = game.apply(c.Advance(to=1500))
    assert "leak" not in [inject for _, inject in delivered(waited)]
    events = game.apply(c.StartMove())
    assert started(events) == [(1500, "spread", "facilitator")]
    assert delivered(events) == [(1500, "leak")]


def test_a_conditional_inject_is_only_considered_once_its_move_started(engine):
    game = engine(MOVES.replace("state.public_pressure >= 30", "state.public_pressure >= 10"))
    game.apply(c.Start())
    assert "press_call" not in [i for _, i in delivered(game.apply(c.Advance(to=3000)))]
    game.apply(c.StartMove())
    assert delivered(game.apply(c.Advance(to=3300))) == [(3300, "press_call")]  # its 5m delay counts from the start


def test_a_decision_held_by_its_move_opens_when_the_move_starts_with_its_whole_window(engine):
    game = engine(MOVES)
    game.apply(c.Start())
    game.apply(c.Advance(to=2400))
    opened = [e for e in game.apply(c.StartMove()) if isinstance(e, ev.DecisionOpened)]
    assert [(e.time, e.decision, e.deadline) for e in opened] == [(2400, "press_line", 2400 + 1200)]


def test_a_held_decision_with_an_absolute_deadline_keeps_its_length(engine):
    game = engine(MOVES.replace("opens: {at: 30m}\n    window: 20m", "opens: {at: 30m}\n    deadline: 50m"))
    game.apply(c.Start())
    game.apply(c.Advance(to=2400))
    opened = [e for e in game.apply(c.StartMove()) if isinstance(e, ev.DecisionOpened)]
    assert [(e.time, e.deadline) for e in opened] == [(2400, 3600)]


def test_a_timed_move_starts_at_its_time_and_starts_the_earlier_moves_first(engine):
    game = engine(MOVES)
    game.apply(c.Start())
    events = game.apply(c.Advance(to=7200))
    assert started(events) == [(7200, "spread", "implied"), (7200, "recovery", "scheduled")]
    assert delivered(events) == [(7200, "leak"), (7200, "all_clear")]
    assert game.move_current == "recovery"


def test_held_items_go_out_in_file_order(engine):
    text = MOVES.replace("  - id: leak\n    at: 20m", "  - id: leak\n    at: 25m")
    game = engine(
        text.replace(
            "  - id: all_clear\n    at: 2h\n    move: recovery", "  - id: all_clear\n    at: 10m\n    move: spread"
        )
    )
    game.apply(c.Start())
    game.apply(c.Advance(to=1800))
    assert [i for _, i in delivered(game.apply(c.StartMove()))] == ["leak", "all_clear"]


def test_a_move_starts_when_its_condition_holds(engine):
    game = engine(MOVES.replace("starts: {at: 2h}", "starts: {when: decision.contain.closed}"))
    game.apply(c.Start())
    game.apply(c.StartMove())
    events = game.apply(c.Advance(to=1000))
    game.apply(c.Decide(team="csirt_cell", decision="contain", option="isolate"))
    assert started(events) == []
    assert game.move_current == "recovery"


def test_conditions_read_whether_a_move_started_and_which_is_current(engine):
    text = MOVES.replace(
        '    when: move.current == "recovery" and not state.services_down',
        '    when: move.spread.started and move.current == "spread"',
    )
    game = engine(text)
    game.apply(c.Start())
    events = game.apply(c.StartMove(move="spread"))
    assert events[-1] == ev.Ended(0, outcome="calm", text="Services restored")


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        (c.StartMove(move="detection"), "move 'detection' already started at T+00:00"),
        (c.StartMove(move="sprd"), "unknown move 'sprd' (did you mean 'spread'?)"),
    ],
)
def test_starting_a_move_is_refused_with_a_reason(engine, command, reason):
    game = engine(MOVES)
    game.apply(c.Start())
    with pytest.raises(CommandRefused) as refused:
        game.apply(command)
    assert str(refused.value) == reason


def test_there_is_no_next_move_once_every_move_started(engine):
    game = engine(MOVES)
    game.apply(c.Start())
    game.apply(c.StartMove(move="recovery"))
    with pytest.raises(CommandRefused, match="every move has started; the last is 'recovery'"):
        game.apply(c.StartMove())


def test_a_scenario_without_moves_refuses_to_start_one(engine):
    game = engine()
    game.apply(c.Start())
    with pytest.raises(CommandRefused, match="the scenario has no moves"):
        game.apply(c.StartMove())


def test_a_held_inject_draws_its_chance_when_its_move_starts(engine):
    game = engine(MOVES.replace("    at: 20m\n    move: spread\n", "    at: 20m\n    move: spread\n    chance: 0.5\n"))
    game.apply(c.Start())
    assert not [e for e in game.apply(c.Advance(to=1500)) if isinstance(e, ev.ChanceDrawn)]
    drawn = [e for e in game.apply(c.StartMove()) if isinstance(e, ev.ChanceDrawn)]
    assert [(e.time, e.id) for e in drawn] == [(1500, "leak")]
