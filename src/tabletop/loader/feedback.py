"""Load a participant's feedback form typed up from paper, checked against the scenario and team it is for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tabletop.errors import ValidationFailed
from tabletop.loader.files import locate, validate_model
from tabletop.loader.references import AT_KEY, Finding
from tabletop.loader.yaml_source import load_source
from tabletop.model import Scenario
from tabletop.model.checks import unknown
from tabletop.model.feedback import FeedbackAnswers


def load_answers(path: Path | str, scenario: Scenario, team: str) -> FeedbackAnswers:
    """The form's answers; every problem at its line: the shape, then each rated objective."""
    source = load_source(Path(path))
    answers = validate_model(source, FeedbackAnswers)
    problems = locate(source, list(check_ratings(answers, scenario, team)))
    if problems:
        raise ValidationFailed(f"{source.path}: {len(problems)} problem(s)", problems)
    return answers


def check_ratings(answers: FeedbackAnswers, scenario: Scenario, team: str) -> Iterator[Finding]:
    """Each rating is of an objective of the scenario that concerns `team` (located in `answers`)."""
    objectives = {o.id: o for o in scenario.objectives}
    for objective in answers.ratings:
        if objective not in objectives:
            yield ("ratings", objective, AT_KEY), unknown("objective", objective, objectives)
        elif objectives[objective].teams and team not in objectives[objective].teams:
            yield ("ratings", objective, AT_KEY), f"objective '{objective}' does not concern team '{team}'"
