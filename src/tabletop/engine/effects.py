"""Effects applied to a running engine: one function per kind, found by the effect's class.

The loader only builds the kinds in `model/effects.py`, so an effect with no function here
is a bug in tabletop, not in a scenario: it raises instead of being skipped. Each function
changes the engine's state, emits the events that say so and marks what conditions read
as changed (`Engine._touch`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tabletop.engine import events as ev
from tabletop.engine.escalation import spread
from tabletop.model.effects import (
    AddState,
    CancelInject,
    ChangeRelation,
    EndScenario,
    LowerLevel,
    OpenDecision,
    RaiseLevel,
    ScheduleInject,
    SetState,
)

if TYPE_CHECKING:
    from tabletop.engine.core import Engine


def apply_effects(engine: Engine, effects: list[Any], cause: str) -> None:
    """Apply `effects` in order until the scenario ends; `cause` names what they came from."""
    for effect in effects:
        if engine.ended:
            return
        rule = RULES.get(type(effect))
        if rule is None:
            raise TypeError(f"the engine has no rule for the effect {effect!r}")
        rule(engine, effect, cause)


def set_state(engine: Engine, name: str, value: Any, cause: str) -> None:
    """Set a state variable, clamped to its bounds; nothing happens when it does not change."""
    kind, low, high = engine.bounds[name]
    if kind != "flag" and kind != "choice":
        if low is not None and value < low:
            value = low
        if high is not None and value > high:
            value = high
        value = round(value) if kind == "integer" else float(value)
    previous = engine.state[name]
    if value == previous and type(value) is type(previous):
        return
    engine.state[name] = value
    engine._emit(ev.StateChanged(engine.now, name, value, previous, cause))
    watchers = engine.compiled.watching.get(("state", name))
    if watchers:
        engine._dirty.append(watchers)


def add_state(engine: Engine, name: str, by: float, cause: str) -> None:
    """Add to a number; move a choice `by` steps along its values, stopping at the first and last."""
    kind, values, _ = engine.bounds[name]
    if kind == "choice":
        position = min(max(values.index(engine.state[name]) + round(by), 0), len(values) - 1)
        set_state(engine, name, values[position], cause)
    else:
        set_state(engine, name, engine.state[name] + by, cause)


def raise_level(engine: Engine, actor: str, by: int, cause: str) -> None:
    """Raise an actor's level (up to the top of the ladder) and spread the rise."""
    old = engine.levels[actor]
    top = engine.compiled.top_level
    new = min(old + by, top)
    if new == old:
        return
    engine.levels[actor] = new
    engine.pressure[actor] = 0.0
    engine._emit(ev.LevelChanged(engine.now, actor, new, old, cause))
    engine._touch(("actor", actor))

    def on_rise(target: str, previous: int, level: int, source: str) -> None:
        engine._emit(ev.LevelChanged(engine.now, target, level, previous, cause, source))
        engine._touch(("actor", target))

    spread(actor, new - old, engine.levels, engine.pressure, engine.compiled.thresholds, engine.out_edges, top, on_rise)


def lower_level(engine: Engine, actor: str, by: int, cause: str) -> None:
    """Lower an actor's level (not below 0) and clear its pressure; lowering does not spread."""
    old = engine.levels[actor]
    new = max(old - by, 0)
    engine.pressure[actor] = 0.0
    if new == old:
        return
    engine.levels[actor] = new
    engine._emit(ev.LevelChanged(engine.now, actor, new, old, cause))
    engine._touch(("actor", actor))


def _change_relation(engine: Engine, effect: ChangeRelation, cause: str) -> None:
    source, target = effect.relation[0], effect.relation[1]
    params = engine.relations[(source, target)]
    if effect.trust is not None:
        params[0] = effect.trust
    if effect.coupling is not None:
        params[1] = effect.coupling
    engine._emit(
        ev.RelationChanged(engine.now, source=source, target=target, trust=params[0], coupling=params[1], cause=cause)
    )
    engine._touch(("relation", f"{source}>{target}"))


def _schedule(engine: Engine, effect: ScheduleInject, cause: str) -> None:
    inject = effect.schedule
    if inject not in engine.delivered and inject not in engine.cancelled:
        engine.queue.push(engine.now + effect.after, engine._deliver_scheduled, inject)


def _cancel(engine: Engine, effect: CancelInject, cause: str) -> None:
    inject = effect.cancel
    if inject not in engine.delivered and inject not in engine.cancelled:
        engine.cancelled.add(inject)
        engine._emit(ev.InjectCancelled(engine.now, inject=inject, cause=cause))


RULES: dict[type, Callable[[Engine, Any, str], None]] = {
    SetState: lambda engine, effect, cause: set_state(engine, effect.set, effect.to, cause),
    AddState: lambda engine, effect, cause: add_state(engine, effect.add, effect.by, cause),
    RaiseLevel: lambda engine, effect, cause: raise_level(engine, effect.raise_, effect.by, cause),
    LowerLevel: lambda engine, effect, cause: lower_level(engine, effect.lower, effect.by, cause),
    ChangeRelation: _change_relation,
    ScheduleInject: _schedule,
    CancelInject: _cancel,
    OpenDecision: lambda engine, effect, cause: engine._open(effect.open),
    EndScenario: lambda engine, effect, cause: engine._end(effect.end, effect.text),
}
"""Each effect class → how it changes the engine."""
