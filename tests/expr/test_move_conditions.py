"""Conditions on moves: `move.<id>.started` (a flag) and `move.current` (the latest move's id)."""

from __future__ import annotations

import pytest

from tabletop.expr import ConditionError, Scope, compile_condition

SCOPE = Scope(moves=("detection", "spread", "recovery"))


class World:
    """A stand-in for the engine: the second move is under way."""

    moves_started = {"detection": 0, "spread": 1800}
    move_current = "spread"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("move.spread.started", True),
        ("move.recovery.started", False),
        ('move.current == "spread"', True),
        ('move.current != "detection" and not move.recovery.started', True),
        ('move.current == ""', False),
    ],
)
def test_move_conditions_evaluate_against_the_moves_started(text, expected):
    assert compile_condition(text, SCOPE).evaluate(World()) is expected


def test_a_move_condition_is_rechecked_when_a_move_starts():
    assert compile_condition("move.spread.started", SCOPE).reads == {("move", "spread")}
    assert compile_condition('move.current == "spread"', SCOPE).reads == {
        ("move", "detection"),
        ("move", "spread"),
        ("move", "recovery"),
    }


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("move.sprad.started", 0, "unknown move 'sprad' (did you mean 'spread'?)"),
        ("move.spread.begun", 0, "a move has only '.started', not '.begun' (or use 'move.current')"),
        ('move.current == "recover"', 16, "unknown move 'recover' (did you mean 'recovery'?)"),
        ("move.current", 0, "a condition must be true or false, but this is a text"),
        ("move.current >= 2", 16, "cannot compare a text with a number"),
    ],
)
def test_bad_move_conditions_are_refused_with_a_column(text, offset, message):
    with pytest.raises(ConditionError) as caught:
        compile_condition(text, SCOPE)
    assert (caught.value.offset, caught.value.message) == (offset, message)


def test_move_current_needs_moves():
    with pytest.raises(ConditionError, match="the scenario has no moves"):
        compile_condition('move.current == "x"', Scope())
