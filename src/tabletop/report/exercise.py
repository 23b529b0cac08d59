"""The exercise's details and improvement-plan entries, from the session and an `exercise.yaml`.

What the session recorded wins (`describe_exercise` and `plan_improvements` commands, the
latest one for each detail or plan row); an `exercise.yaml` beside the session file fills
in what the session does not say. So a report never changes behind a signed session's back
without a record of who changed what: corrections go in with `report --exercise` or `--plan`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tabletop.engine import events as ev
from tabletop.model.exercise import DETAILS, ExerciseFile, PlanEntry


def exercise_details(events: Sequence[ev.Event], beside: ExerciseFile | None) -> dict[str, Any]:
    """Dates (ISO), location, sponsor, participants and marking; empty where nobody said."""
    details: dict[str, Any] = {"dates": [], "location": "", "sponsor": "", "participants": [], "marking": ""}
    if beside is not None:
        _fill(details, beside.model_dump(mode="json", include=set(DETAILS)))
    for event in events:
        if isinstance(event, ev.ExerciseDescribed):
            _fill(details, {name: getattr(event, name) for name in DETAILS})
    return details


def _fill(details: dict[str, Any], given: dict[str, Any]) -> None:
    for name, value in given.items():
        if value:
            details[name] = list(value) if isinstance(value, list | tuple) else value


def plan_entries(events: Sequence[ev.Event], beside: ExerciseFile | None) -> list[PlanEntry]:
    """One entry per plan row, the latest recorded for each, after those of `exercise.yaml`."""
    entries: dict[tuple[str, str], PlanEntry] = {}
    for entry in beside.plan if beside is not None else ():
        entries[entry.key] = entry
    for event in events:
        if isinstance(event, ev.ImprovementsPlanned):
            for data in event.entries:
                entry = PlanEntry.model_validate(data)
                entries.pop(entry.key, None)
                entries[entry.key] = entry
    return list(entries.values())
