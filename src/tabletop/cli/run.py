"""`tabletop run`: start a new session of a scenario and open the facilitator console."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from tabletop.cli.common import add_command, console
from tabletop.cli.exercise import add_exercise_options, new_session


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
    add_listen(parser)
    add_lang(parser)
    add_exercise_options(parser)
    parser.set_defaults(handler=run)


def add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=("en", "es"),
        help="the console's language, and the scenario's texts in it where it has them (default: its first language)",
    )


def add_listen(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--listen",
        type=_listen,
        metavar="[HOST:]PORT",
        help="let teams join from their terminals (TLS); loopback unless a HOST such as 0.0.0.0 is given",
    )


def run(args: argparse.Namespace) -> int:
    target = args.session or Path(f"{args.scenario.stem}-{datetime.now():%Y%m%d-%H%M%S}.db")
    return open_console(new_session(args, target), args.listen, args.lang)


def open_console(session, listen: tuple[str, int] | None = None, lang: str | None = None) -> int:
    from tabletop.tui import create_console

    app = create_console(session, listen=listen, lang=lang)
    try:
        app.run()
    finally:
        session.close()
    path = session.store.path
    if app.return_code:  # the console stopped on a bug; Textual printed its traceback above
        console(stderr=True).print(
            f"tabletop: the console stopped on an internal error. Everything acknowledged is saved in {path}; "
            f"tabletop resume {path} continues."
        )
        return 1
    out = console()
    out.print(f"Session saved in {path} (tabletop resume {path} to continue).")
    for report in app.report_paths:
        out.print(f"After-action report: {report}")
    return 0


def _listen(text: str) -> tuple[str, int]:
    from tabletop.errors import TabletopError
    from tabletop.net.join import parse_listen

    try:
        return parse_listen(text)
    except TabletopError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
