"""The scenario as `check` sees it: things that happen (items), what starts them, what they change.

An item is a move, an inject, a decision point, one option of a decision, a reaction or an
end condition. An inject or decision point of a move needs its move; a move brings every
earlier move with it (they start in order). A recurring inject counts its effects as often
as it can be delivered: `times`, or as many `every` periods as the clock holds.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tabletop.lint.findings import Location
from tabletop.model import Scenario

ItemKey = tuple[str, str]
"""("move", id), ("inject", id), ("decision", id), ("option", "decision/option"), ("reaction", id) or ("end", id)."""

KIND_NAMES = {
    "move": "move",
    "inject": "inject",
    "decision": "decision point",
    "option": "option",
    "reaction": "reaction",
    "end": "end condition",
}
NEVER = {
    "move": "never starts",
    "inject": "is never delivered",
    "decision": "never opens",
    "option": "can never be chosen",
    "reaction": "never fires",
    "end": "can never happen",
}


@dataclass
class Item:
    """Something that may happen in a playthrough."""

    key: ItemKey
    where: Location
    condition: str | None = None
    """What must hold for it to happen (None: it happens on its own, e.g. at a time)."""
    condition_at: Location = ()
    needs: ItemKey | None = None
    """An item that must happen first (an option needs its decision point)."""
    effects: list[tuple[Location, Any]] = field(default_factory=list)
    times: float = 1
    """How many times it can happen at most (`math.inf`: without limit); its effects add up."""
    exclusive: str | None = None
    """Items sharing this group never happen together in one playthrough (options of a decision)."""
    brings: tuple[ItemKey, ...] = ()
    """Items that happen with it (a move starts every earlier move)."""
    chance: float = 1.0
    """The probability it happens when it falls due (below 1: it may not happen)."""
    until: str | None = None
    """A recurring inject's `until` condition."""
    holds_for: int | None = None
    """Its condition must hold this long (seconds) without a break."""
    at: int | None = None
    """Its scenario time, if it is timed."""

    @property
    def repeats(self) -> bool:
        return self.times > 1

    @property
    def name(self) -> str:
        kind, ident = self.key
        if kind == "option":
            decision, option = ident.split("/", 1)
            return f"option '{option}' of decision point '{decision}'"
        return f"{KIND_NAMES[kind]} '{ident}'"

    @property
    def never(self) -> str:
        return NEVER[self.key[0]]


def items_of(scenario: Scenario) -> list[Item]:
    return list(_items(scenario))


def _items(s: Scenario) -> Iterator[Item]:
    earlier: list[ItemKey] = []
    for i, move in enumerate(s.moves):
        where = ("moves", i)
        starts = move.starts
        yield Item(
            ("move", move.id),
            where,
            starts.when if starts is not None else None,
            (*where, "starts", "when"),
            brings=tuple(earlier),
            holds_for=starts.holds_for if starts is not None else None,
            at=_move_time(i, starts),
        )
        earlier.append(("move", move.id))
    for i, inject in enumerate(s.injects):
        where = ("injects", i)
        yield Item(
            ("inject", inject.id),
            where,
            inject.when,
            (*where, "when"),
            needs=_move(inject.move),
            effects=_located((*where, "effects"), inject.effects),
            times=deliveries(inject, s.clock.duration),
            chance=inject.chance,
            until=inject.until,
            holds_for=inject.holds_for,
            at=inject.at,
        )
    for i, decision in enumerate(s.decisions):
        where = ("decisions", i)
        opens = decision.opens
        yield Item(
            ("decision", decision.id),
            where,
            opens.when,
            (*where, "opens", "when"),
            needs=_move(decision.move),
            holds_for=opens.holds_for,
            at=opens.at,
        )
        for j, option in enumerate(decision.options):
            at = (*where, "options", j)
            yield Item(
                ("option", f"{decision.id}/{option.id}"),
                at,
                getattr(option, "when", None),
                (*at, "when"),
                needs=("decision", decision.id),
                effects=_located((*at, "effects"), option.effects),
                exclusive=decision.id,
            )
    for i, reaction in enumerate(s.reactions):
        where = ("reactions", i)
        yield Item(
            ("reaction", reaction.id),
            where,
            reaction.when,
            (*where, "when"),
            effects=_located((*where, "effects"), reaction.effects),
            times=1 if reaction.once else math.inf,
            chance=reaction.chance,
            holds_for=reaction.holds_for,
        )
    for i, end in enumerate(s.end):
        yield Item(("end", end.id), ("end", i), end.when, ("end", i, "when"), holds_for=end.holds_for, at=end.at)


def deliveries(inject: Any, duration: int) -> float:
    """How many times an inject can be delivered: once, its `times`, or (with `until` alone)
    once per `every` period the clock holds, the first at time 0 at the earliest."""
    if inject.every is None:
        return 1
    if inject.times is not None:
        return inject.times
    return 1 + (duration - (inject.at or 0)) // inject.every


def _move_time(index: int, starts: Any) -> int | None:
    """When a move starts, if that is known: its `at`, or 0 for a first move without `starts`."""
    if starts is None:
        return 0 if index == 0 else None
    return starts.at


def _move(move: str | None) -> ItemKey | None:
    return None if move is None else ("move", move)


def _located(where: Location, effects: list[Any]) -> list[tuple[Location, Any]]:
    return [((*where, i), effect) for i, effect in enumerate(effects)]


def teams_of(decision: Any) -> list[str]:
    """The teams a decision point is put to (one, or several for a joint decision)."""
    team = decision.team
    return list(team) if isinstance(team, list | tuple) else [team]
