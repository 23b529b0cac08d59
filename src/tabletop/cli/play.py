"""`tabletop play`: play a scenario to its end with scripted decisions, headless."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from tabletop.cli.common import add_command, console, print_json, styled
from tabletop.cli.exercise import add_exercise_options, new_session


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "play",
        "Play a scenario, or play on a session (a fork), to its end with scripted decisions; print the timeline.",
        "tabletop play scenarios/canal-ransomware.yaml --decisions examples/canal-ransomware/good.yaml --session canal.db\n"
        "  tabletop play whatif.db --decisions examples/canal-ransomware/good.yaml",
    )
    parser.add_argument(
        "scenario",
        type=Path,
        metavar="SCENARIO",
        help="a scenario file; or a session file (a fork) to play on from where it stands, on its stored "
        "scenario copy: script steps timed before that point are skipped with a warning, except answers "
        "to a decision point still open there and moves or injects that had not come yet, which are "
        "given at once",
    )
    parser.add_argument("--decisions", type=Path, metavar="SCRIPT", help="YAML decision script (default: no decisions)")
    parser.add_argument(
        "--session", type=Path, metavar="FILE", help="save the session here (must not exist; for a scenario)"
    )
    parser.add_argument("--seed", type=int, help="seed for the session (default 0; for a scenario)")
    parser.add_argument("--lang", help="language for the timeline")
    parser.add_argument("--verbose", "-v", action="store_true", help="show every state change too")
    parser.add_argument("--json", action="store_true", help="print the events as JSON")
    add_exercise_options(parser)
    parser.set_defaults(handler=run, usage=parser.error)


def run(args: argparse.Namespace) -> int:
    # Imported here so that `validate` and friends never load the session store (sqlite3).
    from tabletop.cli.timeline import print_timeline
    from tabletop.engine import event_json
    from tabletop.loader.scripts import load_script
    from tabletop.scoring import score_session
    from tabletop.session import play

    with tempfile.TemporaryDirectory(prefix="tabletop-") as scratch:
        session = _open(args, Path(scratch))
        try:
            scenario = session.loaded.scenario
            script, source = load_script(args.decisions, scenario) if args.decisions else (None, None)
            warnings = play(session, script, source)
            scores = score_session(scenario, session.events)
        finally:
            session.close()
    saved = args.session or (args.scenario if session.stored_copy else None)
    if args.json:
        print_json(
            {
                "session": str(saved) if saved else None,
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
    if saved:
        out.print(f"Session saved to {saved}")
    return 0


def _open(args: argparse.Namespace, scratch: Path):
    """A new session of the scenario (in `scratch` unless --session), or the session file given,
    resumed on its own scenario copy to be played on."""
    from tabletop.model.exercise import DETAILS
    from tabletop.session import Session
    from tabletop.store import is_database

    if not is_database(args.scenario):
        return new_session(args, args.session or scratch / "session.db")
    if args.session or args.seed is not None or args.exercise or any(getattr(args, name) for name in DETAILS):
        args.usage(
            f"{args.scenario} is a session: it is played on in place, with its own seed and exercise details "
            "(--session, --seed and the exercise options are for a scenario)"
        )
    return Session.resume(args.scenario, use_stored=True)
