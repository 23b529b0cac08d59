"""`tabletop compare`: sessions of one scenario side by side, with the trend across them."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table

from tabletop.cli.common import add_command, console, fork_point, print_json, styled


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "compare",
        "Compare sessions of the same scenario per team and objective, and show the trend.",
        "tabletop compare cohort1.db cohort2.db cohort3.db",
    )
    parser.add_argument("sessions", type=Path, nargs="+", metavar="SESSION")
    parser.add_argument("--json", action="store_true", help="machine-readable comparison")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tabletop.report.compare import compare_sessions
    from tabletop.session import read_session

    comparison = compare_sessions([read_session(path) for path in args.sessions])
    if args.json:
        print_json(comparison)
        return 0
    out = console()
    sessions = comparison["sessions"]
    names = [Path(s["session"]).stem for s in sessions]
    out.print(styled((comparison["scenario"], "bold"), f": {len(sessions)} session(s), oldest first"))
    if comparison["versions_differ"]:
        out.print(styled(("note:", "yellow"), " the scenario's text differs between these sessions"))
    teams = Table("team", "indicator", *names, "change", title="Teams (% )")
    for team, indicators in comparison["trend"]["teams"].items():
        for key, change in indicators.items():
            values = [_cell(s["teams"][team][key]) for s in sessions]
            teams.add_row(team, key, *values, _arrow(change["change"]))
    out.print(teams)
    objectives = Table("objective", *names, "change", title="Objectives (rating, % of points)")
    for objective, trend in comparison["trend"]["objectives"].items():
        values = [
            f"{s['objectives'][objective]['rating'] or '—'} {_cell(s['objectives'][objective]['percent'])}"
            for s in sessions
        ]
        objectives.add_row(objective, *values, _arrow(trend["percent"]["change"]))
    out.print(objectives)
    out.print(
        "Outcomes: "
        + ", ".join(f"{name} {s['outcome'] or 'not ended'}" for name, s in zip(names, sessions, strict=True))
    )
    for fork in comparison["forks"]:
        _fork(out, fork)
    return 0


def _fork(out, fork: dict) -> None:
    """One fork against its parent (or an earlier fork of the same parent): where and how it differs."""
    ours, theirs = Path(fork["session"]).stem, Path(fork["against"]).stem
    point = fork["fork_point"]
    where = fork_point(point["seconds"], point["before_command"])
    out.print()
    out.print(
        styled(
            (ours, "bold"),
            f": fork {where} ({point['commands_kept']} commands kept), against ",
            ("its parent " if fork["relation"] == "parent" else "the fork ", ""),
            (theirs, "bold"),
        )
    )
    diverges = fork["diverges"]
    if diverges is None:
        out.print("  No command differs.")
    else:
        number = f"command #{diverges['command']}" if diverges["command"] else "after its last command"
        if diverges["against_command"] not in (diverges["command"], None):
            number += f" (#{diverges['against_command']} of {theirs})"
        out.print(f"  Diverges at {diverges['time'] or '—'}, {number}:")
        out.print(f"    {ours}: {diverges['fork'] or '(nothing more)'}")
        out.print(f"    {theirs}: {diverges['against'] or '(nothing more)'}")
    table = Table("", theirs, ours, "change", title=f"{ours} against {theirs}")
    outcome = fork["outcome"]
    table.add_row("outcome", outcome["against"] or "not ended", outcome["fork"] or "not ended", "")
    for actor, level in fork["levels"].items():
        table.add_row(
            f"escalation: {actor}",
            f"{level['against']} {level['against_name']}",
            f"{level['fork']} {level['fork_name']}",
            f"{level['fork'] - level['against']:+d}",
        )
    for team, score in fork["teams"].items():
        table.add_row(f"points: {team}", f"{score['against']:g}", f"{score['fork']:g}", _arrow(score["change"]))
    for objective, rating in fork["objectives"].items():
        table.add_row(
            f"objective: {objective}",
            _rating(rating["against"]),
            _rating(rating["fork"]),
            _arrow(rating["change"]),
        )
    out.print(table)


def _rating(objective: dict) -> str:
    percent = "" if objective["percent"] is None else f" {objective['percent']:g}%"
    return f"{objective['rating'] or '—'}{percent}"


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _arrow(change: float | None) -> str:
    if change is None:
        return "—"
    return f"↑ +{change:g}" if change > 0 else (f"↓ {change:g}" if change < 0 else "→ 0")
