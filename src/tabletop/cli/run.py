"""`tabletop run`: start a new session of a scenario and open the facilitator console."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from tabletop.cli.common import add_command, console


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "run",
        "Start a live exercise: a new session file and the facilitator console.",
        "tabletop run scenarios/canal-ransomware.yaml --session canal-cohort1.db",
    )
    parser.add_argument("scenario", type=Path, metavar="SCENARIO")
    parser.add_argument(
        "--session", type=Path, metavar="FILE", help="session file to create (default: <scenario>-<date-time>.db here)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for the session (default 0)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tabletop.session import Session

    target = args.session or Path(f"{args.scenario.stem}-{datetime.now():%Y%m%d-%H%M%S}.db")
    session = Session.create(args.scenario, target, seed=args.seed)
    return open_console(session)


def open_console(session) -> int:
    from tabletop.tui import create_console

    app = create_console(session)
    try:
        app.run()
    finally:
        session.close()
    out = console()
    out.print(f"Session saved in {session.store.path} (tabletop resume {session.store.path} to continue).")
    for path in app.report_paths:
        out.print(f"After-action report: {path}")
    return 0
