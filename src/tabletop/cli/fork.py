"""`tabletop fork`: a new session that starts where a played one stood at a point ("what if…?")."""

from __future__ import annotations

import argparse
from pathlib import Path

from tabletop.cli.common import add_command, console, fork_point, scenario_time


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "fork",
        "Start a new session from a point of a played one, to play on differently (the original is only read).",
        "tabletop fork canal.db --at T+02:40 --session whatif.db\n"
        "  tabletop play whatif.db --decisions examples/canal-ransomware/good.yaml",
    )
    parser.add_argument("parent", type=Path, metavar="SESSION", help="the played session (never written)")
    parser.add_argument(
        "--at",
        type=scenario_time,
        metavar="TIME",
        help="keep what was done before this scenario time and move the clock to it: T+02:40, 2:40, 2h40m, 160m",
    )
    parser.add_argument(
        "--before-command",
        type=int,
        metavar="N",
        help="keep commands 1 … N-1 (numbers as `tabletop log --jsonl` shows)",
    )
    parser.add_argument("--session", type=Path, metavar="NEW", required=True, help="the fork's file (must not exist)")
    parser.set_defaults(handler=run, usage=parser.error)


def run(args: argparse.Namespace) -> int:
    from tabletop.session.fork import fork_session

    if args.at is None and args.before_command is None:
        args.usage("say where to fork: --at TIME, --before-command N, or both")
    fork = fork_session(args.parent, args.session, at=args.at, before_command=args.before_command)
    fork.close()
    point = fork.store.meta().fork
    console().print(
        f"Forked {args.parent} {fork_point(args.at, args.before_command)} (kept {point['commands']} of {point['parent_commands']} commands)"
        f" → {args.session}; play on with `tabletop resume {args.session}` "
        f"or `tabletop play {args.session} --decisions other.yaml`"
    )
    return 0
