"""Participant feedback and the hot wash, summarised for the after-action report.

Forms are anonymous here: the respondent only tells a resubmission (same team, same
respondent: the later form counts) from another participant's form; a form without a
respondent always counts on its own. The log keeps every form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from statistics import fmean
from typing import Any

from tabletop.engine import events as ev
from tabletop.model import Scenario


def returned_forms(events: Sequence[ev.Event]) -> list[ev.ParticipantFeedbackGiven]:
    """The forms that count, in the order first returned: a resubmission takes its earlier form's place."""
    forms: dict[tuple[str, str] | int, ev.ParticipantFeedbackGiven] = {}
    for i, event in enumerate(events):
        if isinstance(event, ev.ParticipantFeedbackGiven):
            forms[(event.team, event.respondent) if event.respondent else i] = event
    return list(forms.values())


def forms_by_team(events: Sequence[ev.Event]) -> dict[str, int]:
    """How many forms each team has returned (resubmissions counted once): what the console shows."""
    counts: dict[str, int] = {}
    for form in returned_forms(events):
        counts[form.team] = counts.get(form.team, 0) + 1
    return counts


def feedback_summary(scenario: Scenario, events: Sequence[ev.Event], t: Callable[[Any], str]) -> dict[str, Any] | None:
    """Per team: forms returned, each objective's mean and range of ratings, the strengths,
    improvements and comments written; then the hot-wash points. None when the session has
    neither (the report then has no such section)."""
    forms = returned_forms(events)
    hot_wash = [e for e in events if isinstance(e, ev.HotWashRecorded)]
    if not forms and not hot_wash:
        return None
    names = {team.id: t(team.name) for team in scenario.teams}
    teams = []
    for team in scenario.teams:
        own = [form for form in forms if form.team == team.id]
        ratings = []
        for objective in scenario.objectives:
            given = [form.ratings[objective.id] for form in own if objective.id in form.ratings]
            if given:
                ratings.append(
                    {
                        "objective": objective.id,
                        "text": t(objective.text),
                        "count": len(given),
                        "mean": round(fmean(given), 1),
                        "min": min(given),
                        "max": max(given),
                    }
                )
        teams.append(
            {
                "id": team.id,
                "name": names[team.id],
                "forms": len(own),
                "ratings": ratings,
                "strengths": [form.strengths for form in own if form.strengths.strip()],
                "improvements": [form.improvements for form in own if form.improvements.strip()],
                "comments": [form.comments for form in own if form.comments.strip()],
            }
        )
    return {
        "teams": teams,
        "hot_wash": {
            point: [{"team": names[e.team] if e.team else "", "text": e.text} for e in hot_wash if e.point == point]
            for point in ("strength", "improvement")
        },
    }
