"""Several sessions of one scenario side by side, and the trend of readiness indicators.

Indicators per team: points, share of points possible, timeliness (mean marks of its decisions)
and playbook adherence (share of expected steps enacted); per objective: the rating and
the share of points possible on its evidence. Sessions are taken in the order they were
recorded, so the trend reads from the first exercise to the latest. Each session's
final escalation levels are given too; a parent and its forks are compared pair by pair
(`forks`, see report/forks.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tabletop.engine import Event
from tabletop.engine.events import LevelChanged
from tabletop.errors import TabletopError
from tabletop.report.forks import fork_differences
from tabletop.scoring import evaluate
from tabletop.session import SessionRecord

FORMAT = 1


def compare_sessions(records: Sequence[SessionRecord]) -> dict[str, Any]:
    if not records:
        raise TabletopError("give at least one session to compare")
    scenarios = {r.loaded.scenario.id for r in records}
    if len(scenarios) > 1:
        listing = ", ".join(f"{r.path} ({r.loaded.scenario.id})" for r in records)
        raise TabletopError(f"sessions of different scenarios cannot be compared: {listing}")
    ordered = sorted(records, key=lambda r: (r.meta.created_at, r.path))
    scenario = ordered[0].loaded.scenario
    sessions = [_indicators(record) for record in ordered]
    indicators = {record.path: session for record, session in zip(ordered, sessions, strict=True)}
    teams = [t.id for t in scenario.teams]
    objectives = [o.id for o in scenario.objectives]
    return {
        "format": FORMAT,
        "scenario": scenario.id,
        "versions_differ": len({r.meta.scenario_digest for r in ordered}) > 1,
        "sessions": sessions,
        "trend": {
            "teams": {
                team: {
                    key: _change([s["teams"][team][key] for s in sessions])
                    for key in ("percent", "timeliness", "adherence")
                }
                for team in teams
            },
            "objectives": {
                objective: {
                    "ratings": [s["objectives"][objective]["rating"] for s in sessions],
                    "percent": _change([s["objectives"][objective]["percent"] for s in sessions]),
                }
                for objective in objectives
            },
        },
        "forks": fork_differences(ordered, indicators),
    }


def _indicators(record: SessionRecord) -> dict[str, Any]:
    scenario = record.loaded.scenario
    evaluation = evaluate(scenario, record.loaded.playbooks, record.events)
    teams = {}
    for team, score in evaluation.scores.items():
        marks = [d.timeliness_marks for d in score.decisions]
        adherence = evaluation.adherence[team]
        teams[team] = {
            "points": round(score.points, 1),
            "percent": _r(score.percent if score.possible else None),
            "timeliness": _r(100.0 * sum(marks) / len(marks) if marks else None),
            "adherence": _r(adherence.percent if adherence.expected else None),
        }
    return {
        "session": record.path,
        "recorded": record.meta.created_at,
        "outcome": evaluation.outcome.outcome if evaluation.outcome else None,
        "levels": final_levels(scenario, record.events),
        "teams": teams,
        "objectives": {
            objective: {"rating": rating.rating, "percent": _r(rating.percent)}
            for objective, rating in evaluation.objectives.items()
        },
    }


def final_levels(scenario: Any, events: Sequence[Event]) -> dict[str, int]:
    """Each actor's escalation level at the end of a session."""
    levels = {actor.id: actor.level for actor in scenario.actors}
    for event in events:
        if isinstance(event, LevelChanged):
            levels[event.actor] = event.level
    return levels


def _change(values: list[float | None]) -> dict[str, float | None]:
    known = [v for v in values if v is not None]
    if not known:
        return {"first": None, "last": None, "change": None}
    return {"first": known[0], "last": known[-1], "change": _r(known[-1] - known[0])}


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
