"""Declared parts nothing uses: warnings of `check` (a leftover, or a hole in the story).

A state variable no condition reads, an objective no decision point cites, a criterion no
option scores, a confidence-building measure no option uses, an actor or a relation that
nothing sends, raises, reads or changes, a team with no decision to take.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from tabletop.lint.findings import Finding
from tabletop.lint.items import teams_of
from tabletop.lint.ranges import spreading
from tabletop.lint.reachability import Reach
from tabletop.model import Scenario
from tabletop.model.effects import ChangeRelation


def unused(scenario: Scenario, reach: Reach) -> Iterator[Finding]:
    reads = {dependency for found in reach.reads.values() for dependency in found}
    named = _named_in_effects(scenario)
    for name in scenario.state:
        if ("state", name) in reads:
            continue
        if name in named:  # shown to the facilitator as it changes: a story variable, perhaps on purpose
            yield Finding(
                "note", "unused", ("state", name), f"state variable '{name}' changes but no condition reads it"
            )
        else:
            yield Finding("warning", "unused", ("state", name), f"state variable '{name}' is never read or changed")
    cited = {o for d in scenario.decisions for o in d.objectives}
    for i, objective in enumerate(scenario.objectives):
        if objective.id not in cited:
            yield Finding(
                "warning",
                "unused",
                ("objectives", i, "id"),
                f"objective '{objective.id}' is cited by no decision point (list it under a decision's 'objectives')",
            )
    options = [o for d in scenario.decisions for o in d.options]
    scored = {c for o in options for c in o.scores}
    for i, criterion in enumerate(scenario.scoring.criteria):
        if criterion.id not in scored:
            yield Finding(
                "warning",
                "unused",
                ("scoring", "criteria", i, "id"),
                f"criterion '{criterion.id}' is scored by no option",
            )
    used = {c for o in options for c in o.cbms}
    for i, cbm in enumerate(scenario.cbms):
        if cbm.id not in used:
            yield Finding(
                "warning", "unused", ("cbms", i, "id"), f"confidence-building measure '{cbm.id}' is used by no option"
            )
    kinds = {a.kind for a in scenario.actors}
    for kind in scenario.ladders:
        if kind not in kinds:
            yield Finding(
                "warning",
                "unused",
                ("ladders", kind),
                f"the {kind} ladder names no actor's levels: no actor is of kind {kind}",
            )
    yield from _actors_and_relations(scenario, reads, named)
    deciding = {team for d in scenario.decisions for team in teams_of(d)}
    for i, team in enumerate(scenario.teams):
        if team.id not in deciding:
            yield Finding(
                "warning", "no-decisions", ("teams", i, "id"), f"team '{team.id}' has no decision point to take"
            )


def _actors_and_relations(scenario: Scenario, reads: set, named: set[str]) -> Iterator[Finding]:
    rising = _rising(scenario)
    in_relations = {r.to for r in scenario.relations if r.from_ in rising}
    senders = {i.from_ for i in scenario.injects}
    reacting = {r.actor for r in scenario.reactions}
    for i, actor in enumerate(scenario.actors):
        touched = (
            actor.played_by is not None
            or actor.id in senders | reacting | in_relations | named
            or ("actor", actor.id) in reads
        )
        if not touched:
            yield Finding(
                "warning",
                "unused",
                ("actors", i, "id"),
                f"actor '{actor.id}' is played by no team, sends nothing, reacts to nothing, "
                "and nothing reads, raises or escalates it",
            )
    changed = {tuple(e.relation) for _, e in _all_effects(scenario) if isinstance(e, ChangeRelation)}
    for i, relation in enumerate(scenario.relations):
        pair = (relation.from_, relation.to)
        if ("relation", f"{pair[0]}>{pair[1]}") in reads or pair in changed:
            continue
        if relation.from_ in rising:
            continue
        yield Finding(
            "note",
            "unused",
            ("relations", i),
            f"relation {relation.from_} -> {relation.to} carries nothing: "
            f"'{relation.from_}' never rises, and no condition or effect reads or changes the relation",
        )


def _rising(scenario: Scenario) -> set[str]:
    """Actors whose level some effect raises, directly or through relations."""
    return spreading({getattr(e, "raise_", None) for _, e in _all_effects(scenario)} - {None}, scenario)


def _all_effects(scenario: Scenario) -> Iterator[tuple[str, Any]]:
    for inject in scenario.injects:
        for effect in inject.effects:
            yield inject.id, effect
    for decision in scenario.decisions:
        for option in decision.options:
            for effect in option.effects:
                yield decision.id, effect
    for reaction in scenario.reactions:
        for effect in reaction.effects:
            yield reaction.id, effect


def _named_in_effects(scenario: Scenario) -> set[str]:
    """Every id an effect names (the variable it sets, the actor it raises, ...)."""
    named: set[str] = set()
    for _, effect in _all_effects(scenario):
        if isinstance(effect, BaseModel):
            for value in effect.model_dump().values():
                for name in value if isinstance(value, list) else [value]:
                    if isinstance(name, str):
                        named.add(name)
    return named
