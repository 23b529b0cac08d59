"""The whole evaluation of a session, and its stable JSON form (docs/report.md).

A pure function of the scenario, its playbooks and the session's events: regenerating it
from the same session file always gives the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tabletop.engine.events import Ended, Event, NoteAdded, PlayedOn
from tabletop.model import Playbook, Scenario
from tabletop.scoring.adherence import TeamAdherence, adherence
from tabletop.scoring.attribution import TeamAttribution, attribution
from tabletop.scoring.decisions import Adjustment, DecisionScore, TeamScore, score_session
from tabletop.scoring.norms import TeamNorms, norms_and_cbms
from tabletop.scoring.ratings import THRESHOLDS, ObjectiveRating, rate_objectives

FORMAT = 1


@dataclass
class Evaluation:
    scores: dict[str, TeamScore]
    adherence: dict[str, TeamAdherence]
    objectives: dict[str, ObjectiveRating]
    notes: list[NoteAdded]
    outcome: Ended | None
    norms: dict[str, TeamNorms]
    """Per team, the norms upheld or put at risk and the CBMs used by its answers (scoring/norms.py)."""
    attribution: dict[str, TeamAttribution]
    """Per team, the attribution judgements its answers made (scoring/attribution.py)."""

    def team_objective_percent(self, team: str, objective: str) -> float | None:
        """A team's share of the points possible on the decisions evidencing an objective."""
        evidence = [d for d in self.objectives[objective].evidence if d.team == team]
        possible = sum(d.possible for d in evidence)
        return 100.0 * sum(d.points for d in evidence) / possible if possible else None


def final_outcome(events: Sequence[Event]) -> Ended | None:
    """The ending the exercise stands at: the last one reached, unless the facilitator played on past it."""
    for event in reversed(events):
        if isinstance(event, PlayedOn):
            return None
        if isinstance(event, Ended):
            return event
    return None


def evaluate(scenario: Scenario, playbooks: dict[str, Playbook], events: Sequence[Event]) -> Evaluation:
    scores = score_session(scenario, events)
    return Evaluation(
        scores=scores,
        adherence=adherence(scenario, playbooks, events),
        objectives=rate_objectives(scenario, scores, events),
        notes=[e for e in events if isinstance(e, NoteAdded)],
        outcome=final_outcome(events),
        norms=norms_and_cbms(scenario, scores),
        attribution=attribution(scenario, scores, events),
    )


def evaluation_dict(evaluation: Evaluation) -> dict[str, Any]:
    """Plain data with floats rounded to 3 places: what `report --format json` carries."""
    return {
        "format": FORMAT,
        "teams": {
            team: {
                "points": _r(score.points),
                "possible": _r(score.possible),
                "percent": _r(score.percent),
                "decisions": [_decision(d) for d in score.decisions],
                "adjustments": [_adjustment(a) for a in score.adjustments],
                "adherence": _adherence(evaluation.adherence[team]),
                "norms": _norms(evaluation.norms[team]),
                "attribution": _attribution(evaluation.attribution[team]),
            }
            for team, score in evaluation.scores.items()
        },
        "objectives": {
            objective: {
                "capability": rating.capability,
                "teams": rating.teams,
                "evidence": [d.decision for d in rating.evidence],
                "points": _r(rating.points),
                "possible": _r(rating.possible),
                "percent": _r(rating.percent),
                "suggested": rating.suggested,
                "recorded": rating.recorded,
                "rating": rating.rating,
                "note": rating.note,
                "by_team": {team: _r(evaluation.team_objective_percent(team, objective)) for team in rating.teams},
            }
            for objective, rating in evaluation.objectives.items()
        },
        "rating_thresholds": {rating: floor for rating, floor in THRESHOLDS},
        "notes": [{"time": n.time, "team": n.team, "text": n.text} for n in evaluation.notes],
        "outcome": None
        if evaluation.outcome is None
        else {
            "id": evaluation.outcome.outcome,
            "time": evaluation.outcome.time,
            "text": evaluation.outcome.text,
        },
    }


def _norms(found: TeamNorms) -> dict[str, Any]:
    def answers(tally: dict[str, list[tuple[str, str]]]) -> dict[str, list[str]]:
        return {key: [f"{decision}.{option}" for decision, option in tally[key]] for key in sorted(tally)}

    return {"upheld": answers(found.upheld), "at_risk": answers(found.at_risk), "cbms": answers(found.cbms)}


def _attribution(found: TeamAttribution) -> dict[str, Any]:
    return {
        "confidence": found.confidence,
        "decision": found.call,
        "steps": [
            {
                "time": s.time,
                "decision": s.decision,
                "option": s.option,
                "confidence": s.confidence,
                "call": s.call,
                "to": s.to,
                "stated_then": s.stated_then,
                "outran_evidence": s.outran,
            }
            for s in found.steps
        ],
    }


def _decision(d: DecisionScore) -> dict[str, Any]:
    return {
        "decision": d.decision,
        "how": d.how,
        "option": d.option,
        "text": d.text,
        "rationale": d.rationale,
        "opened_at": d.opened_at,
        "closed_at": d.closed_at,
        "elapsed": d.elapsed,
        "window": d.window,
        "criteria": [
            {
                "criterion": c.criterion,
                "points": _r(c.points),
                "max": _r(c.max),
                "weight": _r(c.weight),
                "weighted": _r(c.weighted),
            }
            for c in d.criteria
        ],
        "timeliness": {"marks": _r(d.timeliness_marks), "points": _r(d.timeliness)},
        "adjustments": [_adjustment(a) for a in d.adjustments],
        "points": _r(d.points),
        "possible": _r(d.possible),
    }


def _adjustment(a: Adjustment) -> dict[str, Any]:
    return {
        "time": a.time,
        "points": _r(a.points),
        "reason": a.reason,
        "decision": a.decision,
        "criterion": a.criterion,
    }


def _adherence(a: TeamAdherence) -> dict[str, Any]:
    return {
        "playbooks": a.playbooks,
        "expected": a.expected,
        "enacted": a.enacted,
        "on_time": a.on_time,
        "percent": _r(a.percent),
        "out_of_order": [list(pair) for pair in a.out_of_order],
        "steps": [
            {
                "step": s.step,
                "phase": s.phase,
                "target": s.target,
                "enacted_at": s.enacted_at,
                "on_time": s.on_time,
                "by": s.by,
            }
            for s in a.steps
        ],
    }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
