"""`tabletop replay`: a played session in the console, read-only, for the debrief."""

from __future__ import annotations

import argparse
from pathlib import Path

from tabletop.cli.common import add_command, console
from tabletop.cli.run import add_lang


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "replay",
        "Replay a played session in the console for the debrief: step through its commands, play them "
        "at a pace, see escalation, state and the teams' views as they stood, and fork from any point. "
        "The session is only read.",
        "tabletop replay canal.db --at T+02:40",
    )
    parser.add_argument("session", type=Path, metavar="SESSION")
    parser.add_argument(
        "--at", metavar="WHEN", help="open at a time (T+02:40) or after a command (#12) instead of at the start"
    )
    add_lang(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so that `validate` and friends never load Textual or the session store.
    from tabletop.errors import TabletopError
    from tabletop.session.played import PlayedSession
    from tabletop.tui import create_replay

    played = PlayedSession.open(args.session)  # a file that is not a session, or a damaged one, stops here
    point = 0
    if args.at is not None:
        found = played.point_named(args.at)
        if found is None:
            raise TabletopError(
                f"{args.session}: --at {args.at}: give a time such as T+02:40 or a command number (#0 … #{played.total})"
            )
        point = found
    app = create_replay(played, lang=args.lang, point=point)
    fork = app.run()
    if app.return_code:  # the replay stopped on a bug; Textual printed its traceback above
        console(stderr=True).print(f"tabletop: the replay stopped on an internal error; {args.session} was only read.")
        return 1
    out = console()
    out.print(f"Replay closed; {args.session} was only read.")
    for path in app.forks:
        out.print(f"Fork written: {path} (tabletop resume {path} to play on).")
    if fork is None:
        return 0
    from tabletop.cli.run import open_console
    from tabletop.session import Session

    return open_console(Session.resume(fork, use_stored=True), lang=args.lang)
