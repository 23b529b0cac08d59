"""Load a decision script for `tabletop play`, checked against the scenario it will play."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tabletop.errors import ValidationFailed
from tabletop.loader.feedback import check_ratings
from tabletop.loader.files import locate, validate_model
from tabletop.loader.references import Finding
from tabletop.loader.yaml_source import Source, load_source
from tabletop.model import Scenario
from tabletop.model.checks import unknown
from tabletop.model.script import (
    DecideStep,
    DecisionScript,
    DeliverStep,
    FeedbackStep,
    HotWashStep,
    MarkStep,
    NoteStep,
    RateStep,
    ScoreStep,
    StartMoveStep,
)


def load_script(path: Path | str, scenario: Scenario) -> tuple[DecisionScript, Source]:
    """The script and its source (for reporting a refused step at its line)."""
    source = load_source(Path(path))
    return script_from_source(source, scenario), source


def script_from_source(source: Source, scenario: Scenario | None) -> DecisionScript:
    """The script, its shape checked, and its ids checked against `scenario` when given."""
    script = validate_model(source, DecisionScript)
    problems = locate(source, list(_check(script, scenario))) if scenario is not None else []
    if problems:
        raise ValidationFailed(f"{source.path}: {len(problems)} problem(s)", problems)
    return script


def _check(script: DecisionScript, scenario: Scenario) -> Iterator[Finding]:
    teams = {t.id for t in scenario.teams}
    decisions = {d.id: d for d in scenario.decisions}
    injects = {i.id for i in scenario.injects}
    objectives = {o.id for o in scenario.objectives}
    moves = [m.id for m in scenario.moves]
    for i, step in enumerate(script.steps):
        where = ("steps", i)
        if isinstance(step, DecideStep | NoteStep | HotWashStep) and step.team is not None and step.team not in teams:
            yield (*where, "team"), unknown("team", step.team, teams)
        if isinstance(step, DecideStep):
            decision = decisions.get(step.decide)
            if decision is None:
                yield (*where, "decide"), unknown("decision point", step.decide, decisions)
                continue
            if step.team in teams and step.team not in decision.teams:
                belongs = " or ".join(f"'{team}'" for team in decision.teams)
                yield (*where, "team"), f"decision point '{decision.id}' belongs to team {belongs}"
            options = [o.id for o in decision.options]
            if step.option is not None and step.option not in options:
                yield (*where, "option"), unknown(f"option of '{decision.id}'", step.option, options)
        elif isinstance(step, StartMoveStep) and step.start_move not in moves:
            yield (*where, "start_move"), unknown("move", step.start_move, moves)
        elif isinstance(step, DeliverStep) and step.deliver not in injects:
            yield (*where, "deliver"), unknown("inject", step.deliver, injects)
        elif isinstance(step, ScoreStep):
            if step.score not in teams:
                yield (*where, "score"), unknown("team", step.score, teams)
            if step.decision is not None and step.decision not in decisions:
                yield (*where, "decision"), unknown("decision point", step.decision, decisions)
        elif isinstance(step, RateStep) and step.rate not in objectives:
            yield (*where, "rate"), unknown("objective", step.rate, objectives)
        elif isinstance(step, FeedbackStep):
            yield from _check_feedback(step, where, scenario)
        elif isinstance(step, MarkStep) and step.mark_for_debrief not in decisions:
            yield (*where, "mark_for_debrief"), unknown("decision point", step.mark_for_debrief, decisions)


def _check_feedback(step: FeedbackStep, where: tuple[str, int], scenario: Scenario) -> Iterator[Finding]:
    """The team is known, and each rating is of an objective that concerns it."""
    teams = {t.id for t in scenario.teams}
    if step.feedback not in teams:
        yield (*where, "feedback"), unknown("team", step.feedback, teams)
        return
    for location, message in check_ratings(step, scenario, step.feedback):
        yield (*where, *location), message
