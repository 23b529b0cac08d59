"""Print a session's events as a timeline table (shared by play, log and resume)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table

from tabletop.cli.common import console
from tabletop.engine import Event
from tabletop.model import Scenario
from tabletop.model.base import format_time
from tabletop.report import describe_event
from tabletop.report.words import labels

QUIET_KINDS = frozenset({"state_changed"})


def print_timeline(events: Iterable[Event], scenario: Scenario, language: str | None, verbose: bool) -> None:
    words = labels(language or scenario.languages[0])
    table = Table(words["time"], words["event"], title=words["timeline"], show_lines=False, expand=False)
    table.columns[0].no_wrap = True
    for event in events:
        if not verbose and event.kind in QUIET_KINDS:
            continue
        table.add_row(format_time(event.time), describe_event(event, scenario, language))
    console().print(table)
