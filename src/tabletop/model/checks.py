"""Checks of effects against a scenario, shared by the loader and by ad-hoc injects.

An effect written in a scenario file and one typed by a facilitator during a session are
checked by the same code, so they fail with the same words.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from tabletop.errors import did_you_mean
from tabletop.model.effects import (
    AddState,
    CancelInject,
    ChangeRelation,
    LowerLevel,
    OpenDecision,
    RaiseLevel,
    ScheduleInject,
    SetState,
)
from tabletop.model.scenario import Scenario, StateVariable

Location = tuple[Any, ...]


def unknown(kind: str, value: str, known: Any) -> str:
    return f"unknown {kind} '{value}'{did_you_mean(value, known)}"


class EffectChecker:
    """Checks effects against one scenario; build it once, check many effect lists."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.actors = {a.id for a in scenario.actors}
        self.injects = {i.id for i in scenario.injects}
        self.decisions = {d.id for d in scenario.decisions}
        self.relations = {(r.from_, r.to) for r in scenario.relations}

    def check(self, where: Location, effects: Sequence[Any]) -> Iterator[tuple[Location, str]]:
        """Every id an effect names must exist, and values must suit the variable they set."""
        for i, effect in enumerate(effects):
            yield from self._one((*where, i), effect)

    def _one(self, at: Location, effect: Any) -> Iterator[tuple[Location, str]]:
        if isinstance(effect, SetState | AddState):
            key, name = ("set", effect.set) if isinstance(effect, SetState) else ("add", effect.add)
            variable = self.scenario.state.get(name)
            if variable is None:
                yield (*at, key), unknown("state variable", name, self.scenario.state)
            elif isinstance(effect, AddState):
                if variable.type == "flag":
                    yield (*at, key), f"'{name}' is a flag; use 'set' with true or false"
                elif variable.type == "choice" and effect.by != int(effect.by):
                    yield (*at, "by"), f"'{name}' is a choice; add a whole number of steps (1 up, -1 down)"
            else:
                yield from _set_value(at, name, variable, effect.to)
        elif isinstance(effect, RaiseLevel | LowerLevel):
            key, actor = ("raise", effect.raise_) if isinstance(effect, RaiseLevel) else ("lower", effect.lower)
            if actor in self.scenario.state and actor not in self.actors:
                step = 1 if key == "raise" else -1
                yield (
                    (*at, key),
                    f"'{actor}' is a state variable, not an actor; use {{add: {actor}, by: {step * effect.by}}}",
                )
            elif actor not in self.actors:
                yield (*at, key), unknown("actor", actor, self.actors)
        elif isinstance(effect, ChangeRelation):
            pair = tuple(effect.relation)
            if pair not in self.relations:
                known = [f"{a} -> {b}" for a, b in self.relations]
                yield (*at, "relation"), unknown("relation", f"{pair[0]} -> {pair[1]}", known)
            if effect.trust is None and effect.coupling is None:
                yield at, "a relation effect changes 'trust', 'coupling' or both"
        elif isinstance(effect, ScheduleInject | CancelInject):
            scheduled = isinstance(effect, ScheduleInject)
            key, inject = ("schedule", effect.schedule) if scheduled else ("cancel", effect.cancel)
            if inject not in self.injects:
                yield (*at, key), unknown("inject", inject, self.injects)
        elif isinstance(effect, OpenDecision) and effect.open not in self.decisions:
            yield (*at, "open"), unknown("decision point", effect.open, self.decisions)


def _set_value(at: Location, name: str, variable: StateVariable, value: Any) -> Iterator[tuple[Location, str]]:
    """A set effect's value suits its variable: true/false, a number, or one of a choice's values."""
    if variable.type == "choice":
        if not isinstance(value, str) or value not in variable.values:
            shown = str(value).lower() if isinstance(value, bool) else value
            yield (
                (*at, "to"),
                f"'{name}' is a choice; '{shown}' is not one of its values{did_you_mean(str(shown), variable.values)}: "
                f"{', '.join(variable.values)}",
            )
    elif variable.type == "flag" and not isinstance(value, bool):
        yield (*at, "to"), f"'{name}' is a flag; set it to true or false"
    elif variable.type != "flag" and (isinstance(value, bool | str)):
        article = "an" if variable.type == "integer" else "a"
        yield (*at, "to"), f"'{name}' is {article} {variable.type}; set it to a number"
