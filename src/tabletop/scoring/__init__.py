"""Scoring: pure functions of a session's events and its scenario (docs/scoring.md)."""

from tabletop.scoring.decisions import DecisionScore, TeamScore, score_session, timeliness_factor

__all__ = ["DecisionScore", "TeamScore", "score_session", "timeliness_factor"]
