"""`tabletop log`: a session's commands and events, as a timeline or as JSON Lines."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tabletop.cli.common import add_command
from tabletop.cli.timeline import print_timeline


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "log",
        "Show a session's timeline, or export every command and event as JSON Lines.",
        "tabletop log canal.db --jsonl > canal.jsonl",
    )
    parser.add_argument("session", type=Path, metavar="SESSION")
    parser.add_argument("--jsonl", action="store_true", help="one JSON object per line: each command, then its events")
    parser.add_argument("--lang", help="language for the timeline")
    parser.add_argument("--verbose", "-v", action="store_true", help="show every state change too")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so that `validate` and friends never load the session store (sqlite3).
    from tabletop.session import load_stored_scenario
    from tabletop.store import SQLiteStore

    store = SQLiteStore.open(args.session, writable=False)
    try:
        if args.jsonl:
            write = sys.stdout.write
            for record in store.records():
                command = json.loads(record.command)
                write(
                    json.dumps(
                        {"record": "command", "seq": record.seq, "wall_time": record.wall_time, "command": command},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
                for index, event in enumerate(record.events):
                    write(
                        json.dumps(
                            {"record": "event", "seq": record.seq, "index": index, "event": json.loads(event)},
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
            return 0
        scenario = load_stored_scenario(store.meta()).scenario
        events = [json.loads(event) for record in store.records() for event in record.events]
    finally:
        store.close()
    print_timeline(events, scenario, args.lang, args.verbose)
    return 0
