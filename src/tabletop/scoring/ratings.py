"""HSEEP ratings per objective: the one the facilitator recorded, and one suggested from scores.

The suggestion looks at the decisions that provide evidence for the objective (those that
list it under `objectives`) by the teams it concerns, and takes their share of the points
possible: 85% or more P, 65% S, 40% M, below that U. The facilitator accepts or overrides
it with a `rate_objective` command; the recorded rating always wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tabletop.engine.events import Event, ObjectiveRated
from tabletop.model import Scenario
from tabletop.scoring.decisions import DecisionScore, TeamScore

THRESHOLDS = (("P", 85.0), ("S", 65.0), ("M", 40.0))


@dataclass
class ObjectiveRating:
    objective: str
    capability: str
    teams: list[str]
    evidence: list[DecisionScore] = field(default_factory=list)
    recorded: str | None = None
    note: str = ""

    @property
    def points(self) -> float:
        return sum(d.points for d in self.evidence)

    @property
    def possible(self) -> float:
        return sum(d.possible for d in self.evidence)

    @property
    def percent(self) -> float | None:
        return 100.0 * self.points / self.possible if self.possible else None

    @property
    def suggested(self) -> str | None:
        return suggest_rating(self.percent)

    @property
    def rating(self) -> str | None:
        return self.recorded or self.suggested


def suggest_rating(percent: float | None) -> str | None:
    if percent is None:
        return None
    return next((rating for rating, floor in THRESHOLDS if percent >= floor), "U")


def rate_objectives(
    scenario: Scenario, scores: dict[str, TeamScore], events: Iterable[Event]
) -> dict[str, ObjectiveRating]:
    evidence_for: dict[str, set[str]] = {}
    for decision in scenario.decisions:
        for objective in decision.objectives:
            evidence_for.setdefault(objective, set()).add(decision.id)
    ratings = {}
    for objective in scenario.objectives:
        teams = objective.teams or [t.id for t in scenario.teams]
        rating = ObjectiveRating(objective.id, objective.capability, list(teams))
        for team in teams:
            rating.evidence += [d for d in scores[team].decisions if d.decision in evidence_for.get(objective.id, ())]
        ratings[objective.id] = rating
    for event in events:
        if isinstance(event, ObjectiveRated):
            ratings[event.objective].recorded = event.rating
            ratings[event.objective].note = event.note
    return ratings
