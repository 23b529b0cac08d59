"""Reachable values: what each state variable, actor level and relation can become.

Computed from the initial values, the bounds and the effects of the items that can happen
(the caller says which). It over-approximates: every value a playthrough can reach is in
the range, so a condition outside it can never hold. Each item's effects count once
(twice or more only when it repeats); options of one decision point exclude each other,
so only the one that moves a variable furthest counts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from tabletop.lint.intervals import INF, Interval, number
from tabletop.lint.items import Item
from tabletop.model import Scenario
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

LineOf = Callable[[tuple], int | None]
SHOWN = 8
"""Steps named in an explanation; the rest are counted."""
Step = tuple[float, tuple, float]
"""An amount, the location of the effect that applies it, and how many times it can apply."""


@dataclass
class NumberRange:
    """How far a numeric variable can go, and the effects that take it there."""

    initial: float
    low: float | None
    high: float | None
    up: list[Step] = field(default_factory=list)
    down: list[Step] = field(default_factory=list)
    sets: list[Step] = field(default_factory=list)
    up_forever: tuple | None = None
    """A repeating effect that raises it: no limit but `high`."""
    down_forever: tuple | None = None
    unknown: bool = False
    """Changed by something `check` does not understand: any value."""
    whole: bool = False
    """An integer: the engine rounds after each change, so a step of 0.5 can move it by 1."""
    values: tuple[str, ...] = ()
    """A choice's values, lowest first: the range is of their positions."""

    @cached_property
    def interval(self) -> Interval:
        """Asked once the effects are all in (`reachable` builds a new range each time)."""
        if self.unknown:
            return Interval(_or(self.low, -INF), _or(self.high, INF))
        up, down = (math.ceil, math.floor) if self.whole else (float, float)
        starts = [self.initial, *(v for v, _ in self.sets)]
        hi = INF if self.up_forever else up(max(starts)) + sum(up(d) * n for d, _, n in self.up)
        lo = -INF if self.down_forever else down(min(starts)) + sum(down(d) * n for d, _, n in self.down)
        return Interval(_clamp(lo, self.low, self.high), _clamp(hi, self.low, self.high))

    def shown(self, value: float) -> str:
        """A value as the trainer writes it: a number, or a choice's value in quotes."""
        if self.values and value == int(value) and 0 <= value < len(self.values):
            return f'"{self.values[int(value)]}"'
        return number(value)

    def explain(self, upward: bool, line_of: LineOf) -> str:
        """Why the range stops where it does, e.g. 'at most 85 is reachable: +30 at line 212, ...'."""
        interval = self.interval
        bound = interval.hi if upward else interval.lo
        head = f"{'at most' if upward else 'at least'} {self.shown(bound)} is reachable"
        limit = self.high if upward else self.low
        steps = sorted(self.up if upward else self.down, key=lambda step: line_of(step[1]) or 0)
        sets = [(v, at) for v, at in self.sets if (v > self.initial if upward else v < self.initial)]
        if limit is not None and bound == limit and (steps or sets):
            return f"{head} (its {'max' if upward else 'min'}{' value' if self.values else ''})"
        shown_start = self.initial or self.values or not (steps or sets)
        parts = [f"starts at {self.shown(self.initial)}"] if shown_start else []
        parts += [f"set to {self.shown(v)} at {_line(at, line_of)}" for v, at in sets[:SHOWN]]
        parts += [
            f"{'+' if d > 0 else '-'}{number(abs(d))}{f' ×{number(n)}' if n > 1 else ''} at {_line(at, line_of)}"
            for d, at, n in steps[:SHOWN]
        ]
        hidden = max(len(sets) - SHOWN, 0) + max(len(steps) - SHOWN, 0)
        if hidden:
            parts.append(f"and {hidden} more")
        if not (steps or sets):
            parts.append(f"nothing that can happen {'raises' if upward else 'lowers'} it")
        return f"{head}: {', '.join(parts)}"


@dataclass
class FlagRange:
    """The values a flag can take."""

    values: set[bool]


@dataclass
class Ranges:
    """Reachable values of everything a condition reads."""

    numbers: dict[str, NumberRange]
    flags: dict[str, FlagRange]
    levels: dict[str, Interval]
    relations: dict[tuple[str, str], tuple[Interval, Interval]]
    line_of: LineOf


def reachable(scenario: Scenario, live: Iterable[Item], line_of: LineOf) -> Ranges:
    """The ranges when the items in `live` (and no others) can happen."""
    numbers: dict[str, NumberRange] = {}
    flags: dict[str, FlagRange] = {}
    for name, var in scenario.state.items():
        if var.type == "flag":
            flags[name] = FlagRange({bool(var.initial)})
        elif var.type == "choice":
            values = tuple(var.values)
            numbers[name] = NumberRange(float(values.index(var.start)), 0, len(values) - 1, whole=True, values=values)
        elif var.type in ("number", "integer") and not isinstance(var.start, bool):
            numbers[name] = NumberRange(float(var.start), var.min, var.max, whole=var.type == "integer")
    raised: set[str] = set()
    lowered: set[str] = set()
    unknown_actors: set[str] = set()
    relations = {(r.from_, r.to): [{r.trust}, {r.coupling}] for r in scenario.relations}
    best: dict[tuple[str, str], tuple[float, list[Step]]] = {}
    """(exclusive group, variable) → the option's total and steps that move it furthest up."""
    worst: dict[tuple[str, str], tuple[float, list[Step]]] = {}
    for item in live:
        ups: dict[str, list[Step]] = {}
        downs: dict[str, list[Step]] = {}
        for at, effect in item.effects:
            if isinstance(effect, AddState) and effect.add in numbers:
                target = numbers[effect.add]
                if math.isinf(item.times) and effect.by:
                    if effect.by > 0:
                        target.up_forever = at
                    else:
                        target.down_forever = at
                (ups if effect.by > 0 else downs).setdefault(effect.add, []).append((effect.by, at, item.times))
            elif isinstance(effect, SetState) and effect.set in flags and isinstance(effect.to, bool):
                flags[effect.set].values.add(effect.to)
            elif isinstance(effect, SetState) and effect.set in numbers and numbers[effect.set].values:
                target = numbers[effect.set]
                if effect.to in target.values:
                    target.sets.append((float(target.values.index(effect.to)), at))
                else:
                    target.unknown = True
            elif isinstance(effect, SetState) and effect.set in numbers and _is_number(effect.to):
                numbers[effect.set].sets.append((float(effect.to), at))
            elif isinstance(effect, RaiseLevel):
                raised.add(effect.raise_)
            elif isinstance(effect, LowerLevel):
                lowered.add(effect.lower)
            elif isinstance(effect, ChangeRelation) and tuple(effect.relation) in relations:
                pair = relations[tuple(effect.relation)]
                if effect.trust is not None:
                    pair[0].add(effect.trust)
                if effect.coupling is not None:
                    pair[1].add(effect.coupling)
            elif not isinstance(effect, ChangeRelation | ScheduleInject | CancelInject | OpenDecision | EndScenario):
                _unknown_effect(effect, numbers, flags, unknown_actors)
        for steps_by_var, table, sign in ((ups, best, 1), (downs, worst, -1)):
            for name, steps in steps_by_var.items():
                if item.exclusive is None:
                    (numbers[name].up if sign > 0 else numbers[name].down).extend(steps)
                    continue
                total = sum(d * n for d, _, n in steps)
                key = (item.exclusive, name)
                if key not in table or sign * total > sign * table[key][0]:
                    table[key] = (total, steps)
    for table, upward in ((best, True), (worst, False)):
        for (_, name), (_, steps) in table.items():
            (numbers[name].up if upward else numbers[name].down).extend(steps)
    top = len(scenario.ladder) - 1
    rising = spreading(raised | unknown_actors, scenario)
    levels = {
        a.id: Interval(0 if a.id in lowered | unknown_actors else a.level, top if a.id in rising else a.level)
        for a in scenario.actors
    }
    hulls = {pair: (Interval(min(t), max(t)), Interval(min(c), max(c))) for pair, (t, c) in relations.items()}
    return Ranges(numbers, flags, levels, hulls, line_of)


def spreading(raised: set[str], scenario: Scenario) -> set[str]:
    """Actors whose level can rise: those raised, and those a rise can spread to."""
    out: dict[str, list[str]] = {}
    for relation in scenario.relations:
        out.setdefault(relation.from_, []).append(relation.to)
    rising, stack = set(raised), list(raised)
    while stack:
        for target in out.get(stack.pop(), []):
            if target not in rising:
                rising.add(target)
                stack.append(target)
    return rising


def _unknown_effect(effect: Any, numbers: dict, flags: dict, actors: set[str]) -> None:
    """An effect `check` does not understand (a kind it does not know, a value of another
    type): whatever it names may take any value."""
    if not isinstance(effect, BaseModel):
        return
    for value in effect.model_dump().values():
        for name in value if isinstance(value, list) else [value]:
            if not isinstance(name, str):
                continue
            if name in numbers:
                numbers[name].unknown = True
            elif name in flags:
                flags[name].values.update((True, False))
            actors.add(name)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _clamp(value: float, low: float | None, high: float | None) -> float:
    if low is not None and value < low:
        return low
    if high is not None and value > high:
        return high
    return value


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def _line(at: tuple, line_of: LineOf) -> str:
    line = line_of(at)
    return f"line {line}" if line is not None else "an effect"
