"""Which items can happen at all: the least fixpoint of "its condition can hold".

Nothing happens at first; an item joins once its condition can hold given the ranges the
items already in reach produce (or once one of them schedules or opens it), and its own
effects then widen the ranges. Rounds repeat until nothing joins. What never joins never
happens in any playthrough, and for each such item the walk of its condition says why:
a range or a contradiction (the root of the problem), a wait for another item that never
happens (a consequence), or a wait that goes round in a circle (a dependency cycle).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tabletop.expr import ConditionError, compile_condition, scope_of
from tabletop.lint.conditions import Blocked, World, can_hold
from tabletop.lint.conditions import duration as shown_duration
from tabletop.lint.items import Item, ItemKey, items_of
from tabletop.lint.ranges import Ranges, reachable
from tabletop.model import Scenario
from tabletop.model.effects import OpenDecision, ScheduleInject

Dependency = tuple[str, str]


@dataclass
class Reach:
    """What can happen, what cannot and why, and the ranges at the end."""

    items: dict[ItemKey, Item]
    happens: set[ItemKey]
    blocked: dict[ItemKey, Blocked]
    ranges: Ranges
    reads: dict[ItemKey, frozenset[Dependency]] = field(default_factory=dict)
    """What each item's condition (and a recurring inject's `until`) reads (as `tabletop.expr` records it)."""
    always: set[ItemKey] = field(default_factory=set)
    """Items whose condition can never be false: they happen as soon as the exercise starts."""
    world: World | None = None
    """What the conditions were judged against, to judge others (`until`) the same way."""
    untils: dict[ItemKey, ast.expr] = field(default_factory=dict)
    """Recurring inject → its compiled `until`."""
    conditions: dict[ItemKey, ast.expr] = field(default_factory=dict)
    """Item → its compiled condition."""


def analyse(scenario: Scenario, line_of: Callable[[tuple], int | None], by_chance: bool = True) -> Reach:
    """What can happen; `by_chance` false: as if every item with a `chance` never happened."""
    items = {item.key: item for item in items_of(scenario)}
    scope = scope_of(scenario)
    conditions: dict[ItemKey, ast.expr] = {}
    untils: dict[ItemKey, ast.expr] = {}
    reads: dict[ItemKey, frozenset[Dependency]] = {}
    for key, item in items.items():
        for text, compiled_into in ((item.condition, conditions), (item.until, untils)):
            if text is None:
                continue
            try:
                compiled = compile_condition(text, scope)
            except ConditionError:
                continue  # validate reports it; here it is "can't tell"
            compiled_into[key] = compiled.expression
            reads[key] = reads.get(key, frozenset()) | compiled.reads
    readers: dict[Dependency, list[ItemKey]] = {}
    for key, dependencies in reads.items():
        for dependency in dependencies:
            if key in conditions:
                readers.setdefault(dependency, []).append(key)
    for key, item in items.items():
        if item.needs is not None:
            readers.setdefault(_dependency(item.needs), []).append(key)
    happens: set[ItemKey] = set()
    scheduled: set[ItemKey] = set()
    """Items an effect of something that happens schedules or opens (whatever their own trigger)."""
    world = World(
        reachable(scenario, (), line_of),
        happens.__contains__,
        {d.id: [o.id for o in d.options] for d in scenario.decisions},
        {name for name, var in scenario.state.items() if var.type in ("integer", "choice")},
        scenario.clock.duration,
        {i.id: (items[("inject", i.id)].times, _why_times(i, scenario.clock.duration)) for i in scenario.injects},
        tuple(m.id for m in scenario.moves),
        bool(scenario.moves) and scenario.moves[0].starts is not None,
        _earliest(items),
    )

    def can_happen(key: ItemKey) -> bool:
        item = items[key]
        if (item.needs is not None and item.needs not in happens) or (item.chance < 1 and not by_chance):
            return False
        return key in scheduled or key not in conditions or can_hold(conditions[key], world) is None

    left = set() if by_chance else {key for key, item in items.items() if item.chance < 1}
    pending: Iterable[ItemKey] = list(items)
    while True:
        joined = _closure([k for k in pending if k not in happens and can_happen(k)], items, happens, scheduled, left)
        if not joined:
            break
        happens.update(joined)
        before = world.ranges
        world.ranges = reachable(scenario, (item for k, item in items.items() if k in happens), line_of)
        changed = {_dependency(k) for k in joined} | _changed(before, world.ranges)
        pending = {reader for dependency in changed for reader in readers.get(dependency, ())}
        pending |= scheduled - happens
    blocked: dict[ItemKey, Blocked] = {}
    for key, item in items.items():
        if key in happens:
            continue
        if item.needs is not None and item.needs not in happens:
            blocked[key] = Blocked(f"its {items[item.needs].name} {items[item.needs].never}", (item.needs,))
        elif key in conditions:
            blocked[key] = can_hold(conditions[key], world) or Blocked("it cannot happen")
    always = {key for key, expression in conditions.items() if can_hold(expression, world, False) is not None}
    return Reach(items, happens, blocked, world.ranges, reads, always, world, untils, conditions)


def _closure(
    joined: list[ItemKey],
    items: dict[ItemKey, Item],
    happens: set[ItemKey],
    scheduled: set[ItemKey],
    left: set[ItemKey],
) -> set[ItemKey]:
    """`joined` and what they bring (earlier moves) or their effects schedule or open, and what
    those bring, and so on. An item held by a move that has not joined waits for it; items
    `left` out never join."""
    found, stack = set(joined), list(joined)
    while stack:
        item = items[stack.pop()]
        targets = [*item.brings, *(t for _, effect in item.effects if (t := _target(effect)) is not None)]
        for target in targets:
            if target not in items or target in happens or target in found or target in left:
                continue
            scheduled.add(target)
            needs = items[target].needs
            if needs is None or needs in happens or needs in found:
                found.add(target)
                stack.append(target)
    return found


def _earliest(items: dict[ItemKey, Item]) -> dict[ItemKey, float]:
    """The earliest time of moves and of timed injects and decision points that no effect
    brings forward: a move starts at its own time or a later move's, whichever is first; a
    timed item of a move at its time or the move's start, whichever is later."""
    moves = [item for item in items.values() if item.key[0] == "move"]
    earliest: dict[ItemKey, float] = {}
    for i, move in enumerate(moves):
        earliest[move.key] = min((m.at or 0 for m in moves[i:]), default=0)
    brought = {
        target
        for item in items.values()
        for _, effect in item.effects
        for target in (_target(effect),)
        if target is not None
    }
    for key, item in items.items():
        if key[0] in ("inject", "decision") and item.at is not None and key not in brought:
            earliest[key] = max(item.at, earliest.get(item.needs, 0) if item.needs else 0)
    return earliest


def _target(effect: Any) -> ItemKey | None:
    if isinstance(effect, ScheduleInject):
        return ("inject", effect.schedule)
    if isinstance(effect, OpenDecision):
        return ("decision", effect.open)
    return None


def _why_times(inject: Any, duration: int) -> str:
    """Why a recurring inject is delivered at most so many times."""
    if inject.every is None:
        return ""
    if inject.times is not None:
        return " (its 'times')"
    return f" (every {shown_duration(inject.every)} from {shown_duration(inject.at or 0)} in a {shown_duration(duration)} clock)"


def _dependency(key: ItemKey) -> Dependency:
    """What a condition reads when it asks about `key`: options are read through their decision."""
    if key[0] == "option":
        return ("decision", key[1].split("/", 1)[0])
    return key


def _changed(before: Ranges, after: Ranges) -> set[Dependency]:
    changed: set[Dependency] = set()
    for name, number in after.numbers.items():
        if number.interval != before.numbers[name].interval:
            changed.add(("state", name))
    for name, flag in after.flags.items():
        if flag.values != before.flags[name].values:
            changed.add(("state", name))
    changed.update(("actor", a) for a, level in after.levels.items() if level != before.levels[a])
    changed.update(
        ("relation", f"{a}>{b}") for (a, b), pair in after.relations.items() if pair != before.relations[(a, b)]
    )
    return changed


def cycles(reach: Reach) -> dict[ItemKey, list[ItemKey]]:
    """For each item that never happens because its waits go round in a circle: the circle."""
    waits = {key: [k for k in b.waits_for if k not in reach.happens] for key, b in reach.blocked.items()}
    found: dict[ItemKey, list[ItemKey]] = {}
    for start in waits:
        path = _circle(start, waits)
        if path:
            found[start] = path
    return found


def _circle(start: ItemKey, waits: dict[ItemKey, list[ItemKey]]) -> list[ItemKey] | None:
    """The shortest chain of waits from `start` back to itself (breadth first), if any."""
    previous: dict[ItemKey, ItemKey] = {}
    frontier = [start]
    while frontier:
        following = []
        for key in frontier:
            for nxt in waits.get(key, ()):
                if nxt == start:
                    path = [key]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1])] if len(path) > 1 else [start]
                if nxt not in previous:
                    previous[nxt] = key
                    following.append(nxt)
        frontier = following
    return None
