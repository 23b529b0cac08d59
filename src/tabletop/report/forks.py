"""A parent session and its forks side by side: where each fork diverges, and what changed.

A fork (`tabletop fork`) is compared with its parent when the parent is among the sessions
given, else with the earliest fork of the same parent given ("what if we had…" against
"…or this?"). It diverges at the first thing people did differently: clock moves (advance,
pause, resume) are left out, for a fork cut at T+02:40 moves the clock to T+02:40 where its
parent moved it further. The differences: outcome, final escalation level of the actors
whose level differs, points per team and rating and share of points per objective.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tabletop.engine import Event
from tabletop.model.base import format_time, text_in
from tabletop.report.describe import describe_event
from tabletop.session import SessionRecord

CLOCK_COMMANDS = frozenset({"advance", "pause", "resume"})
"""Commands that only move or stop the clock: not where a fork diverges."""


def fork_differences(
    records: Sequence[SessionRecord], indicators: Mapping[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """For each fork among `records` that has a session to be compared with (see the module), the
    differences; `indicators` are each session's as compare gives them, by its path."""
    by_path = {_resolved(r.path): r for r in records}
    compared = []
    for fork in records:
        parent = fork.meta.fork.get("parent")
        if not parent:
            continue
        siblings = [r for r in records if r is not fork and r.meta.fork.get("parent") == parent]
        against = by_path.get(parent) or min(siblings, key=_order, default=None)
        if against is None or (parent not in by_path and _order(against) > _order(fork)):
            continue
        relation = "parent" if parent in by_path else "fork"
        compared.append(_differences(fork, against, relation, indicators[fork.path], indicators[against.path]))
    return compared


def _level_name(record: SessionRecord, actor: str, level: int) -> str:
    """The level's name on the actor's own ladder, in the scenario's first language."""
    scenario = record.loaded.scenario
    ladder = scenario.ladder_of(actor)
    return text_in(ladder[level], scenario.languages[0]) if level < len(ladder) else ""


def _differences(
    fork: SessionRecord, against: SessionRecord, relation: str, ours: dict[str, Any], theirs: dict[str, Any]
) -> dict[str, Any]:
    point = fork.meta.fork
    return {
        "session": fork.path,
        "against": against.path,
        "relation": relation,
        "fork_point": {
            "at": format_time(point["at"]) if point.get("at") is not None else None,
            "seconds": point.get("at"),
            "before_command": point.get("before_command"),
            "commands_kept": point["commands"],
        },
        "diverges": _divergence(fork, against),
        "outcome": {"fork": ours["outcome"], "against": theirs["outcome"]},
        "levels": {
            actor: {
                "fork": level,
                "against": theirs["levels"][actor],
                "fork_name": _level_name(fork, actor, level),
                "against_name": _level_name(fork, actor, theirs["levels"][actor]),
            }
            for actor, level in ours["levels"].items()
            if level != theirs["levels"][actor]
        },
        "teams": {
            team: {"fork": mine["points"], "against": theirs["teams"][team]["points"]}
            | _change(mine["points"], theirs["teams"][team]["points"])
            for team, mine in ours["teams"].items()
        },
        "objectives": {
            objective: {"fork": mine, "against": theirs["objectives"][objective]}
            | _change(mine["percent"], theirs["objectives"][objective]["percent"])
            for objective, mine in ours["objectives"].items()
        },
    }


def _divergence(fork: SessionRecord, against: SessionRecord) -> dict[str, Any] | None:
    """The first command that differs, or was given at another time (its number in the fork), each
    side described; None if none does."""
    ours, theirs = _moves(fork), _moves(against)
    for index in range(max(len(ours), len(theirs))):
        mine = ours[index] if index < len(ours) else None
        other = theirs[index] if index < len(theirs) else None
        if mine is None or other is None or mine[1:3] != other[1:3]:  # the same command at another time differs
            first = mine or other
            assert first is not None
            return {
                "command": mine[0] if mine else None,
                "against_command": other[0] if other else None,
                "time": format_time(first[2]) if first[2] is not None else None,
                "fork": _describe(fork, mine),
                "against": _describe(against, other),
            }
    return None


def _moves(record: SessionRecord) -> list[tuple[int, str, int | None, list[Event]]]:
    """What people did (clock moves left out): each command's number, JSON, time and events."""
    moves, start = [], 0
    for stored in record.records:
        events = record.events[start : start + len(stored.events)]
        start += len(stored.events)
        if json.loads(stored.command)["kind"] not in CLOCK_COMMANDS:
            moves.append((stored.seq, stored.command, events[0].time if events else None, events))
    return moves


def _describe(record: SessionRecord, move: tuple[int, str, int | None, list[Event]] | None) -> str | None:
    """The command's first event as the log says it (or its kind when it made none); None: no command."""
    if move is None:
        return None
    events = move[3]
    if not events:
        return f"{json.loads(move[1])['kind']} (no events)"
    return describe_event(events[0], record.loaded.scenario)


def _order(record: SessionRecord) -> tuple[str, str]:
    """The order compare shows sessions in: as recorded, then by path."""
    return (record.meta.created_at, record.path)


def _resolved(path: str) -> str:
    return str(Path(path).resolve())


def _change(fork: float | None, against: float | None) -> dict[str, float | None]:
    return {"change": None if fork is None or against is None else round(fork - against, 1)}
