"""`tabletop log`: a session's commands and events, as a timeline or as JSON Lines."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tabletop.cli.common import add_command, damaged_events
from tabletop.cli.timeline import print_timeline
from tabletop.errors import TabletopError
from tabletop.model.text import escape_json


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
    from tabletop.session import read_session
    from tabletop.store import SQLiteStore

    store = SQLiteStore.open(args.session, writable=False)
    try:
        if args.jsonl:
            return write_jsonl(store, args.session)
    finally:
        store.close()
    record = read_session(args.session)
    with damaged_events(args.session):
        print_timeline(record.events, record.loaded.scenario, args.lang, args.verbose)
    return 0


def write_jsonl(store, path: Path) -> int:
    """Each command, then its events, one JSON object per line."""
    write = sys.stdout.write
    try:
        for record in store.records():
            command = {
                "record": "command",
                "seq": record.seq,
                "wall_time": record.wall_time,
                "command": json.loads(record.command),
            }
            write(escape_json(json.dumps(command, ensure_ascii=False)) + "\n")
            for index, event in enumerate(record.events):
                line = {"record": "event", "seq": record.seq, "index": index, "event": json.loads(event)}
                write(escape_json(json.dumps(line, ensure_ascii=False)) + "\n")
    except ValueError as exc:
        raise TabletopError(f"{path}: a record in the session file is damaged ({exc}); it was not modified") from None
    return 0
