"""Per-decision scores with their breakdown, and team totals.

A closed decision earns, for each criterion the decision is scored on, the chosen option's
points times the criterion's weight, plus timeliness points (the timeliness rule's marks
times its max and weight). Free-text answers earn only timeliness until the facilitator
scores them with an adjustment. Every number keeps where it came from (docs/scoring.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tabletop.engine.events import (
    CountedAsOption,
    DecisionDefaulted,
    DecisionMade,
    DecisionOpened,
    Event,
    ScoreAdjusted,
)
from tabletop.model import Scenario
from tabletop.model.scenario import DecisionPoint, Timeliness

SCORED_EVENTS = (DecisionOpened, DecisionMade, DecisionDefaulted, CountedAsOption, ScoreAdjusted)
"""The events `score_session` reads: a live console re-scores only when one of them arrives."""


@dataclass(frozen=True)
class CriterionScore:
    """Points on one criterion: the option's points times the criterion's weight."""

    criterion: str
    points: float
    weight: float
    max: float

    @property
    def weighted(self) -> float:
        return self.points * self.weight


@dataclass(frozen=True)
class Adjustment:
    """A facilitator's adjustment, always with its reason."""

    time: int
    team: str
    points: float
    reason: str
    decision: str | None
    criterion: str | None


@dataclass
class DecisionScore:
    decision: str
    team: str
    option: str | None
    """The option applied (None for a free-text answer)."""
    how: str
    """`decided`, `free_text` or `defaulted`."""
    opened_at: int
    closed_at: int
    window: int
    text: str = ""
    rationale: str = ""
    criteria: list[CriterionScore] = field(default_factory=list)
    timeliness_marks: float = 0.0
    """Timeliness marks, 0 to 1, before weighting."""
    timeliness: float = 0.0
    """Weighted timeliness points earned."""
    adjustments: list[Adjustment] = field(default_factory=list)
    possible: float = 0.0
    """The most the options and timeliness could have earned."""

    @property
    def elapsed(self) -> int:
        return self.closed_at - self.opened_at

    @property
    def points(self) -> float:
        criteria = sum(c.weighted for c in self.criteria)
        return criteria + self.timeliness + sum(a.points for a in self.adjustments)

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.possible if self.possible else 0.0


@dataclass
class TeamScore:
    team: str
    decisions: list[DecisionScore] = field(default_factory=list)
    adjustments: list[Adjustment] = field(default_factory=list)
    """Adjustments not tied to one decision."""

    @property
    def points(self) -> float:
        return sum(d.points for d in self.decisions) + sum(a.points for a in self.adjustments)

    @property
    def possible(self) -> float:
        return sum(d.possible for d in self.decisions)

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.possible if self.possible else 0.0


def timeliness_factor(rule: Timeliness, elapsed: int, window: int, defaulted: bool) -> float:
    """Marks from 0 to 1: full within `full_within` of the window, falling linearly to
    `at_deadline` at the deadline; `on_default` when the default applied."""
    if defaulted:
        return rule.on_default
    if window <= 0 or rule.full_within >= 1.0:
        return 1.0
    used = elapsed / window
    if used <= rule.full_within:
        return 1.0
    fraction = min((used - rule.full_within) / (1.0 - rule.full_within), 1.0)
    return 1.0 - fraction * (1.0 - rule.at_deadline)


def possible_points(scenario: Scenario, decision: DecisionPoint) -> float:
    """Timeliness at full marks plus, per criterion any option scores, its max times weight."""
    criteria = {c.id: c for c in scenario.scoring.criteria}
    scored = {criterion for option in decision.options for criterion in option.scores}
    rule = scenario.scoring.timeliness
    return sum(criteria[c].weight * criteria[c].max for c in scored) + rule.weight * rule.max


def score_session(scenario: Scenario, events: Iterable[Event]) -> dict[str, TeamScore]:
    """Scores per team from a session's events (in order); a joint decision scores for each of its teams."""
    decisions = {d.id: d for d in scenario.decisions}
    criteria = {c.id: c for c in scenario.scoring.criteria}
    rule = scenario.scoring.timeliness
    teams = {t.id: TeamScore(t.id) for t in scenario.teams}
    opened: dict[str, tuple[int, int]] = {}
    closed: dict[str, list[DecisionScore]] = {}
    for event in events:
        if isinstance(event, DecisionOpened):
            opened[event.decision] = (event.time, event.deadline)
        elif isinstance(event, DecisionMade | DecisionDefaulted):
            decision = decisions[event.decision]
            start, deadline = opened.get(decision.id, (event.time, event.time))
            defaulted = isinstance(event, DecisionDefaulted)
            option_id = event.option
            closed[decision.id] = []
            for team in decision.teams:
                score = DecisionScore(
                    decision=decision.id,
                    team=team,
                    option=option_id,
                    how="defaulted" if defaulted else ("decided" if option_id else "free_text"),
                    opened_at=start,
                    closed_at=event.time,
                    window=deadline - start,
                    text=(event.text or "") if isinstance(event, DecisionMade) else "",
                    rationale=event.rationale if isinstance(event, DecisionMade) else "",
                    possible=possible_points(scenario, decision),
                )
                if option_id:
                    _score_option(score, decision, option_id, criteria)
                score.timeliness_marks = timeliness_factor(rule, score.elapsed, score.window, defaulted)
                score.timeliness = score.timeliness_marks * rule.max * rule.weight
                teams[team].decisions.append(score)
                closed[decision.id].append(score)
        elif isinstance(event, CountedAsOption) and event.decision in closed:
            for score in closed[event.decision]:
                score.option = event.option
                _score_option(score, decisions[event.decision], event.option, criteria)
        elif isinstance(event, ScoreAdjusted):
            adjustment = Adjustment(event.time, event.team, event.points, event.reason, event.decision, event.criterion)
            target = next((s for s in closed.get(adjustment.decision or "", ()) if s.team == adjustment.team), None)
            if target is not None:
                target.adjustments.append(adjustment)
            else:
                teams[adjustment.team].adjustments.append(adjustment)
    return teams


def _score_option(score: DecisionScore, decision: DecisionPoint, option_id: str, criteria: dict) -> None:
    """Marks on each criterion the option scores (a free-text answer counted as it, too)."""
    option = next(o for o in decision.options if o.id == option_id)
    for criterion, points in option.scores.items():
        c = criteria[criterion]
        score.criteria.append(CriterionScore(criterion, points, c.weight, c.max))
