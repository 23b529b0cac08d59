"""Scoring: pure functions of a session's events and its scenario (docs/scoring.md)."""

from tabletop.scoring.adherence import StepAdherence, TeamAdherence, adherence
from tabletop.scoring.decisions import (
    SCORED_EVENTS,
    Adjustment,
    CriterionScore,
    DecisionScore,
    TeamScore,
    score_session,
    timeliness_factor,
)
from tabletop.scoring.evaluation import Evaluation, evaluate, evaluation_dict
from tabletop.scoring.ratings import ObjectiveRating, rate_objectives, suggest_rating

__all__ = [
    "SCORED_EVENTS",
    "Adjustment",
    "CriterionScore",
    "DecisionScore",
    "Evaluation",
    "ObjectiveRating",
    "StepAdherence",
    "TeamAdherence",
    "TeamScore",
    "adherence",
    "evaluate",
    "evaluation_dict",
    "rate_objectives",
    "score_session",
    "suggest_rating",
    "timeliness_factor",
]
