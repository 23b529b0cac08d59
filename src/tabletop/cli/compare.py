"""`tabletop compare`: sessions of one scenario side by side, with the trend across them."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table

from tabletop.cli.common import add_command, console, print_json, styled


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
    return 0


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _arrow(change: float | None) -> str:
    if change is None:
        return "—"
    return f"↑ +{change:g}" if change > 0 else (f"↓ {change:g}" if change < 0 else "→ 0")
