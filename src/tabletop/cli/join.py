"""`tabletop join`: a team, the room or an observer joins the facilitator's session from its own terminal."""

from __future__ import annotations

import argparse

from tabletop.cli.common import add_command
from tabletop.errors import TabletopError


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "join",
        "Join a live exercise with the join string the facilitator gives you: as a team, "
        "as the room (the projector view) or as an observer.",
        "tabletop join 'tabletop://127.0.0.1:8765/csirt_cell?key=...&pin=...'",
    )
    parser.add_argument("join", metavar="JOIN-STRING", help="from the facilitator's console (tab 6 Online)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tabletop.net import TeamClient, parse_join
    from tabletop.tui import app_for_seat

    join = parse_join(args.join)
    refused = app_for_seat(TeamClient(join)).run()
    if refused:
        raise TabletopError(f"could not join: {refused}")
    return 0
