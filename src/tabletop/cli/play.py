"""`tabletop play`: play a scenario to its end with scripted decisions, headless."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from tabletop.cli.common import add_command, console, print_json, styled
from tabletop.cli.exercise import add_exercise_options, exercise_commands


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "play",
        "Play a scenario to its end with scripted decisions and print the timeline.",
        "tabletop play scenarios/canal-ransomware.yaml --decisions examples/canal-ransomware/good.yaml --session canal.db",
    )
    parser.add_argument("scenario", type=Path, metavar="SCENARIO")
    parser.add_argument("--decisions", type=Path, metavar="SCRIPT", help="YAML decision script (default: no decisions)")
    parser.add_argument("--session", type=Path, metavar="FILE", help="save the session here (must not exist)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the session (default 0)")
    parser.add_argument("--lang", help="language for the timeline")
    parser.add_argument("--verbose", "-v", action="store_true", help="show every state change too")
    parser.add_argument("--json", action="store_true", help="print the events as JSON")
    add_exercise_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so that `validate` and friends never load the session store (sqlite3).
    from tabletop.cli.timeline import print_timeline
    from tabletop.engine import event_json
    from tabletop.loader.scripts import load_script
    from tabletop.scoring import score_session
    from tabletop.session import Session, play

    with tempfile.TemporaryDirectory(prefix="tabletop-") as scratch:
        target = args.session or Path(scratch) / "session.db"
        exercise = exercise_commands(args, args.scenario)
        session = Session.create(args.scenario, target, seed=args.seed)
        try:
            for command in exercise:
                session.submit(command)
            scenario = session.loaded.scenario
            script, source = load_script(args.decisions, scenario) if args.decisions else (None, None)
            warnings = play(session, script, source)
            scores = score_session(scenario, session.events)
        finally:
            session.close()
    if args.json:
        print_json(
            {
                "session": str(args.session) if args.session else None,
                "outcome": session.engine.outcome,
                "events": [event_json(e) for e in session.events],
                "scores": {team: round(score.points, 3) for team, score in scores.items()},
            }
        )
        return 0
    print_timeline(session.events, scenario, args.lang, args.verbose)
    out = console()
    for warning in warnings:
        console(stderr=True).print(f"warning: {warning}")
    out.print(styled("Outcome: ", (str(session.engine.outcome), "bold"), f" at {session.events[-1].time // 60} min"))
    out.print(
        "Scores: " + ", ".join(f"{team} {score.points:.1f}/{score.possible:.1f}" for team, score in scores.items())
    )
    if args.session:
        out.print(f"Session saved to {args.session}")
    return 0
