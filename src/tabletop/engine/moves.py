"""Moves: the phases of an exercise, started in order, each holding back its own injects and
decision points until it starts.

A move starts with the exercise (the first, when it says nothing else), at its time, when its
condition holds, or when the facilitator starts it. Starting a move starts every earlier one
not yet started, so `move.current` only ever moves forward. An item of a move whose time came
before the move started is held (`Engine.held_for_move`) and goes out when the move starts, in file
order; a conditional item's condition includes its move's start (see `compiled._in_move`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tabletop.engine import events as ev

if TYPE_CHECKING:
    from tabletop.engine.core import Engine

WITH_EXERCISE, SCHEDULED, CONDITION, FACILITATOR, IMPLIED = "start", "scheduled", "condition", "facilitator", "implied"
"""How a move started (`MoveStarted.via`); `implied`: a later move started first."""


def start_move(engine: Engine, move_id: str, via: str) -> None:
    """Start `move_id` and, first, every earlier move not yet started."""
    order = list(engine.compiled.moves)
    for earlier in order[: order.index(move_id) + 1]:
        if engine.ended:
            return
        if earlier not in engine.moves_started:
            _start_one(engine, earlier, via if earlier == move_id else IMPLIED)


def next_move(engine: Engine) -> str | None:
    """The first move not yet started, if any."""
    return next((m for m in engine.compiled.moves if m not in engine.moves_started), None)


def is_held(engine: Engine, move: str | None, kind: str, item: str) -> bool:
    """Whether an inject or decision point of a move not yet started must wait for it (and remember it)."""
    if move is None or move in engine.moves_started:
        return False
    engine.held_for_move.add((kind, item))
    return True


def _start_one(engine: Engine, move_id: str, via: str) -> None:
    engine.moves_started[move_id] = engine.now
    engine.move_current = move_id
    engine._emit(ev.MoveStarted(engine.now, move=move_id, via=via))
    engine._touch(("move", move_id))
    injects, decisions = engine.compiled.held[move_id]
    for inject in injects:
        if ("inject", inject) in engine.held_for_move and not engine.ended:
            engine.held_for_move.discard(("inject", inject))
            engine._deliver_scheduled(inject)
    for decision in decisions:
        if ("decision", decision) in engine.held_for_move and not engine.ended:
            engine.held_for_move.discard(("decision", decision))
            engine._open(decision)
