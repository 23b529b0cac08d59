"""The exercise's details for the report, given at `run`/`play` (flags or `--exercise FILE`)
and after the exercise at `report` (`--exercise FILE`, `--plan FILE`): each is recorded in
the session as a command, so the signed record says who gave what, and when."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any


def add_exercise_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "the exercise, for the after-action report (recorded in the session; flags win over --exercise)"
    )
    group.add_argument(
        "--exercise",
        type=Path,
        metavar="FILE",
        help="exercise.yaml: dates, location, sponsor, participants, marking, plan",
    )
    group.add_argument(
        "--date", type=_date, action="append", dest="dates", metavar="YYYY-MM-DD", help="a day of the exercise (repeat)"
    )
    group.add_argument("--location", metavar="TEXT", help="where the exercise takes place")
    group.add_argument("--sponsor", metavar="TEXT", help="the organisation that sponsors it")
    group.add_argument(
        "--participant",
        action="append",
        dest="participants",
        metavar="TEXT",
        help="a participating organisation or person (repeat)",
    )
    group.add_argument(
        "--marking", type=_marking, metavar="TEXT", help="handling marking on every page, e.g. TLP:AMBER (TLP 2.0)"
    )


def exercise_commands(args: argparse.Namespace, scenario_path: Path) -> list[Any]:
    """The commands that record what `args` give: the file's details and plan, the flags over them.
    A bad file is a ValidationFailed with its line and column, before anything is written."""
    from tabletop.loader import load_scenario
    from tabletop.loader.exercise import load_exercise
    from tabletop.model.exercise import DETAILS

    flags = {name: value for name in DETAILS if (value := getattr(args, name, None))}
    if args.exercise is None and not flags:
        return []
    scenario = load_scenario(scenario_path).scenario
    return recording(load_exercise(args.exercise, scenario) if args.exercise else None, flags)


def new_session(args: argparse.Namespace, target: Path) -> Any:
    """A new session of `args.scenario` in `target` (seed `args.seed`), the exercise's details
    from `args` recorded first (`run` and `play`)."""
    from tabletop.session import Session

    exercise = exercise_commands(args, args.scenario)
    session = Session.create(args.scenario, target, seed=args.seed or 0)
    try:
        for command in exercise:
            session.submit(command)
    except BaseException:
        session.close()
        raise
    return session


def recording(given: Any, flags: dict[str, Any] | None = None) -> list[Any]:
    """The commands that record an `ExerciseFile` (or None), with `flags` over its details."""
    from tabletop.engine.commands import DescribeExercise, PlanImprovements
    from tabletop.model.exercise import DETAILS

    details = given.model_dump(include=set(DETAILS), exclude_defaults=True) if given else {}
    details.update(flags or {})
    commands: list[Any] = [DescribeExercise(**details)] if details else []
    if given is not None and given.plan:
        commands.append(PlanImprovements(entries=given.plan))
    return commands


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date such as 2026-11-30") from None


def _marking(text: str) -> str:
    from pydantic import ValidationError

    from tabletop.model.exercise import ExerciseDetails

    try:
        return ExerciseDetails(marking=text).marking or text
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None
