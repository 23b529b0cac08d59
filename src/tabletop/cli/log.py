"""`tabletop log`: a session's commands and events, as a timeline or as JSON Lines."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tabletop.cli.common import add_command, console, fork_note
from tabletop.text import escape_json

if TYPE_CHECKING:
    from tabletop.session import SessionRecord


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
    from tabletop.cli.timeline import print_timeline
    from tabletop.session import read_session

    record = read_session(args.session)
    if args.jsonl:
        return write_jsonl(record)
    if note := fork_note(record.meta.fork):
        console().print(note)
    print_timeline(record.events, record.loaded.scenario, args.lang, args.verbose)
    return 0


def write_jsonl(record: SessionRecord) -> int:
    """Each command, then its events, one JSON object per line (rows already verified)."""
    write = sys.stdout.write
    for stored in record.records:
        command = {
            "record": "command",
            "seq": stored.seq,
            "wall_time": stored.wall_time,
            "command": json.loads(stored.command),
        }
        write(escape_json(json.dumps(command, ensure_ascii=False)) + "\n")
        for index, event in enumerate(stored.events):
            line = {"record": "event", "seq": stored.seq, "index": index, "event": json.loads(event)}
            write(escape_json(json.dumps(line, ensure_ascii=False)) + "\n")
    return 0
