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

from tabletop.expr import ConditionError, compile_condition, scope_of
from tabletop.lint.conditions import Blocked, World, can_hold
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
    """What each item's condition reads (as `tabletop.expr` records it)."""
    always: set[ItemKey] = field(default_factory=set)
    """Items whose condition can never be false: they happen as soon as the exercise starts."""


def analyse(scenario: Scenario, line_of: Callable[[tuple], int | None]) -> Reach:
    items = {item.key: item for item in items_of(scenario)}
    scope = scope_of(scenario)
    conditions: dict[ItemKey, ast.expr] = {}
    reads: dict[ItemKey, frozenset[Dependency]] = {}
    for key, item in items.items():
        if item.condition is None:
            continue
        try:
            compiled = compile_condition(item.condition, scope)
        except ConditionError:
            continue  # validate reports it; here it is "can't tell"
        conditions[key] = compiled.expression
        reads[key] = compiled.reads
    readers: dict[Dependency, list[ItemKey]] = {}
    for key, dependencies in reads.items():
        for dependency in dependencies:
            readers.setdefault(dependency, []).append(key)
    for key, item in items.items():
        if item.needs is not None:
            readers.setdefault(_dependency(item.needs), []).append(key)
    happens: set[ItemKey] = set()
    world = World(
        reachable(scenario, (), line_of),
        happens.__contains__,
        {d.id: [o.id for o in d.options] for d in scenario.decisions},
        {name for name, var in scenario.state.items() if var.type == "integer"},
    )

    def can_happen(key: ItemKey) -> bool:
        item = items[key]
        if item.needs is not None and item.needs not in happens:
            return False
        return key not in conditions or can_hold(conditions[key], world) is None

    pending: Iterable[ItemKey] = list(items)
    while True:
        joined = _closure([k for k in pending if k not in happens and can_happen(k)], items, happens)
        if not joined:
            break
        happens.update(joined)
        before = world.ranges
        world.ranges = reachable(scenario, (item for k, item in items.items() if k in happens), line_of)
        changed = {_dependency(k) for k in joined} | _changed(before, world.ranges)
        pending = {reader for dependency in changed for reader in readers.get(dependency, ())}
    blocked: dict[ItemKey, Blocked] = {}
    for key, item in items.items():
        if key in happens:
            continue
        if item.needs is not None and item.needs not in happens:
            blocked[key] = Blocked(f"its {items[item.needs].name} never opens", (item.needs,))
        elif key in conditions:
            blocked[key] = can_hold(conditions[key], world) or Blocked("it cannot happen")
    always = {key for key, expression in conditions.items() if can_hold(expression, world, False) is not None}
    return Reach(items, happens, blocked, world.ranges, reads, always)


def _closure(joined: list[ItemKey], items: dict[ItemKey, Item], happens: set[ItemKey]) -> set[ItemKey]:
    """`joined` and what their effects schedule or open, and what those schedule, and so on."""
    found, stack = set(joined), list(joined)
    while stack:
        for _, effect in items[stack.pop()].effects:
            target: ItemKey | None = None
            if isinstance(effect, ScheduleInject):
                target = ("inject", effect.schedule)
            elif isinstance(effect, OpenDecision):
                target = ("decision", effect.open)
            if target in items and target not in happens and target not in found:
                found.add(target)
                stack.append(target)
    return found


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
