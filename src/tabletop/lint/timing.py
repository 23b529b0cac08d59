"""Findings about time, recurrence and chance: what the clock, an `until` or a draw decides.

A move that waits for the facilitator is no finding: it starts when the room is ready
(`tabletop simulate` starts it once nothing is left to do in the move before).

    holds_for    a wait longer than the clock leaves after the condition can first hold (warning)
    until        a recurring inject whose `until` holds from the start: delivered once (note)
    chance       an ending that can happen only if some `chance` item happens (note)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tabletop.lint.conditions import can_hold, duration, earliest
from tabletop.lint.findings import Finding
from tabletop.lint.reachability import Reach, analyse
from tabletop.model import Scenario


def too_long(reach: Reach) -> Iterator[Finding]:
    """An item whose `holds_for` cannot run out before the clock stops."""
    world, conditions = reach.world, reach.conditions
    if world is None:
        return
    for key, item in reach.items.items():
        if item.holds_for is None or key not in reach.happens or key not in conditions:
            continue
        start = earliest(conditions[key], world)
        move = reach.items.get(item.needs) if item.needs is not None and item.needs[0] == "move" else None
        if move is not None and move.at is not None:
            start = max(start, move.at)
        if start + item.holds_for > world.duration:
            since = f"it can hold at {duration(start)} at the earliest, and " if start else ""
            yield Finding(
                "warning",
                "holds-too-long",
                item.condition_at,
                f"{item.name} {item.never}: its condition must hold for {duration(item.holds_for)}; "
                f"{since}the clock stops at {duration(world.duration)}",
            )


def once_only(reach: Reach) -> Iterator[Finding]:
    """A recurring inject whose `until` already holds when it would recur: it goes out once."""
    if reach.world is None:
        return
    for key, until in reach.untils.items():
        if key in reach.happens and can_hold(until, reach.world, False) is not None:
            item = reach.items[key]
            yield Finding(
                "note",
                "until-holds",
                (*item.where, "until"),
                f"the 'until' of {item.name} can never be false: it holds from the start, "
                "so the inject is delivered once and never recurs",
            )


def on_chance(scenario: Scenario, reach: Reach, line_of: Callable[[tuple], int | None]) -> Iterator[Finding]:
    """Endings that happen only if a `chance` draw goes their way."""
    chancy = [item for item in reach.items.values() if item.chance < 1 and item.key in reach.happens]
    if not chancy:
        return
    certain = analyse(scenario, line_of, by_chance=False)
    for key, item in reach.items.items():
        if key[0] != "end" or key not in reach.happens or key in certain.happens:
            continue
        names = ", ".join(f"{c.name} (chance {c.chance:.0%})" for c in chancy)
        yield Finding(
            "note",
            "on-chance",
            item.condition_at if item.condition is not None else item.where,
            f"{item.name} can happen only if something with a chance happens: {names}; "
            "in some sessions it cannot happen at all",
        )
