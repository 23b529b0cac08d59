"""The scenario as `check` sees it: things that happen (items), what starts them, what they change.

An item is an inject, a decision point, one option of a decision, a reaction or an end
condition. Fields other parts of the format may grow (recurring injects, option conditions,
decisions for several teams) are read with defaults, so that a construct this module does
not know makes `check` say less, never something false.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tabletop.lint.findings import Location
from tabletop.model import Scenario

ItemKey = tuple[str, str]
"""("inject", id), ("decision", id), ("option", "decision/option"), ("reaction", id) or ("end", id)."""

KIND_NAMES = {
    "inject": "inject",
    "decision": "decision point",
    "option": "option",
    "reaction": "reaction",
    "end": "end condition",
}
NEVER = {
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
    repeats: bool = False
    """Whether it can happen more than once (its effects add up without limit)."""
    exclusive: str | None = None
    """Items sharing this group never happen together in one playthrough (options of a decision)."""

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
    for i, inject in enumerate(s.injects):
        where = ("injects", i)
        when = getattr(inject, "when", None)
        yield Item(
            ("inject", inject.id),
            where,
            when,
            (*where, "when"),
            effects=_located((*where, "effects"), inject.effects),
            repeats=getattr(inject, "every", None) is not None,
        )
    for i, decision in enumerate(s.decisions):
        where = ("decisions", i)
        opens = decision.opens
        yield Item(("decision", decision.id), where, getattr(opens, "when", None), (*where, "opens", "when"))
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
            repeats=not reaction.once,
        )
    for i, end in enumerate(s.end):
        yield Item(("end", end.id), ("end", i), getattr(end, "when", None), ("end", i, "when"))


def _located(where: Location, effects: list[Any]) -> list[tuple[Location, Any]]:
    return [((*where, i), effect) for i, effect in enumerate(effects)]


def teams_of(decision: Any) -> list[str]:
    """The teams a decision point is put to (one, or several for a joint decision)."""
    team = decision.team
    return list(team) if isinstance(team, list | tuple) else [team]
