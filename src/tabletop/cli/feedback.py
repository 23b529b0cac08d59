"""`tabletop feedback`: enter a participant's feedback form from paper into an ended session."""

from __future__ import annotations

import argparse
from pathlib import Path

from tabletop.cli.common import add_command, console


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "feedback",
        "Enter the answers of a printed participant feedback form into an ended session "
        "(keys: respondent, strengths, improvements, ratings {objective: 1-5}, comments).",
        "tabletop feedback canal.db --team mfa_cell --file answers.yaml",
    )
    parser.add_argument("session", type=Path, metavar="SESSION")
    parser.add_argument("--team", required=True, help="the participant's team (its id)")
    parser.add_argument("--file", type=Path, required=True, metavar="ANSWERS", help="the form's answers, as YAML")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tabletop.engine import CommandRefused
    from tabletop.engine import commands as c
    from tabletop.errors import TabletopError, did_you_mean
    from tabletop.loader.feedback import load_answers
    from tabletop.report.feedback import forms_by_team
    from tabletop.session import Session

    session = Session.resume(args.session, use_stored=True)
    try:
        scenario = session.loaded.scenario
        teams = [t.id for t in scenario.teams]
        if args.team not in teams:
            raise TabletopError(f"unknown team '{args.team}'{did_you_mean(args.team, teams)}")
        answers = load_answers(args.file, scenario, args.team)
        try:
            session.submit(c.ParticipantFeedback.of(args.team, answers))
        except CommandRefused as exc:
            raise TabletopError(f"{args.session}: {exc}") from None
        returned = forms_by_team(session.events).get(args.team, 0)
    finally:
        session.close()
    console().print(
        f"Recorded the feedback form for {args.team} in {args.session} ({returned} form(s) from this team)."
    )
    return 0
