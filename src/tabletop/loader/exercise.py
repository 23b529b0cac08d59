"""Load an `exercise.yaml` or a `plan.yaml`, checked against the scenario the session played."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from tabletop.errors import ValidationFailed
from tabletop.loader.files import locate, validate_model
from tabletop.loader.references import Finding
from tabletop.loader.yaml_source import load_source
from tabletop.model import Scenario
from tabletop.model.checks import unknown
from tabletop.model.exercise import ExerciseFile, PlanEntry, PlanFile

F = TypeVar("F", ExerciseFile, PlanFile)


def load_exercise(path: Path | str, scenario: Scenario) -> ExerciseFile:
    return _load(path, ExerciseFile, scenario)


def load_plan(path: Path | str, scenario: Scenario) -> PlanFile:
    return _load(path, PlanFile, scenario)


def _load(path: Path | str, model: type[F], scenario: Scenario) -> F:
    source = load_source(Path(path))
    loaded = validate_model(source, model)
    problems = locate(source, list(_check(loaded.plan, scenario)))
    if problems:
        raise ValidationFailed(f"{source.path}: {len(problems)} problem(s)", problems)
    return loaded


def _check(plan: Sequence[PlanEntry], scenario: Scenario) -> Iterator[Finding]:
    teams = [t.id for t in scenario.teams]
    decisions = {d.id: d for d in scenario.decisions}
    for i, entry in enumerate(plan):
        where = ("plan", i)
        if entry.team is not None and entry.team not in teams:
            yield (*where, "team"), unknown("team", entry.team, teams)
        if entry.decision is None:
            continue
        decision = decisions.get(entry.decision)
        if decision is None:
            yield (*where, "decision"), unknown("decision point", entry.decision, decisions)
        elif entry.team in teams and entry.team not in decision.teams:
            belongs = " or ".join(f"'{team}'" for team in decision.teams)
            yield (*where, "team"), f"decision point '{decision.id}' is put to team {belongs}"
