"""`tabletop simulate`: play a scenario many times to find what is never reached, or
continue a played session from a point many times to see the odds of what comes next."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.table import Table

from tabletop.cli.common import add_command, console, print_json, scenario_time, styled
from tabletop.errors import TabletopError

POLICIES = ("random", "first", "best", "worst")
"""The simulator's decision policies (`tabletop.simulate.POLICIES`; a test keeps the two
equal), named here so that parsing the command line loads no engine."""


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "simulate",
        "Play a scenario many times with a decision policy; report scores, escalation and what was never reached. "
        "Given a played session, continue it from a point instead (--from), and with --vary see the odds of each "
        "option of one decision.",
        "tabletop simulate scenarios/canal-ransomware.yaml --runs 10000 --policy random --jobs 2\n"
        "  tabletop simulate exercise.db --from T+02:40 --vary d_consult --runs 2000",
    )
    parser.add_argument(
        "scenario", type=Path, metavar="SCENARIO|SESSION", help="a scenario file, or a session file to continue"
    )
    parser.add_argument(
        "--from",
        dest="start",
        type=scenario_time,
        metavar="T+hh:mm",
        help="with a session: continue from this scenario time (default: where its log stops)",
    )
    parser.add_argument(
        "--vary",
        metavar="DECISION",
        help="force each option of this decision point in turn (the rest by the policy): outcomes and mean scores per option",
    )
    parser.add_argument("--runs", type=_positive, default=1000, help="number of playthroughs (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="seed; the same seed gives the same report")
    parser.add_argument("--policy", choices=POLICIES, default="random", help="how decisions are taken (default random)")
    parser.add_argument("--jobs", type=_positive, default=1, help="processes to use (default 1)")
    parser.add_argument(
        "--executor",
        type=_executor,
        metavar="dask://HOST:PORT",
        help="play the runs on an existing Dask cluster (needs pip install 'tabletop[dask]'); default: local processes",
    )
    parser.add_argument("--json", action="store_true", help="the report as JSON")
    parser.set_defaults(handler=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _executor(text: str) -> str:
    """`dask://HOST:PORT` → the scheduler's address, `tcp://HOST:PORT`."""
    scheme, sep, rest = text.partition("://")
    host, colon, port = rest.rpartition(":")
    if scheme != "dask" or not sep or not colon or not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected dask://HOST:PORT (a Dask scheduler), got {text!r}")
    return f"tcp://{rest}"


def run(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from tabletop.loader import load_scenario
    from tabletop.simulate import summarise
    from tabletop.simulate.odds import check_varied, forces, summarise_vary
    from tabletop.simulate.sweep import run_sweeps
    from tabletop.store import is_database

    origin, point, engine = None, None, None
    if is_database(args.scenario):  # a session to continue; anything else is read as a scenario
        loaded, origin, point, engine = _continued(args.scenario, args.start)
    elif args.start is not None:
        raise TabletopError(f"{args.scenario}: --from continues a played session; this is not a session file")
    else:
        loaded = load_scenario(args.scenario)
    sweeps: list = [None]
    if args.vary is not None:
        check_varied(loaded, args.vary, engine)
        sweeps = forces(loaded, args.vary)
    show_progress = sys.stderr.isatty() and not args.json
    with Progress(
        TextColumn("simulating"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        disable=not show_progress,
        transient=True,
    ) as progress:
        task = progress.add_task("runs", total=args.runs * len(sweeps))
        played = run_sweeps(
            loaded,
            args.runs,
            args.seed,
            args.policy,
            sweeps,
            args.jobs,
            lambda n: progress.advance(task, n),
            origin=origin,
            executor=args.executor,
        )
    if args.vary is not None:
        report = {
            "scenario": loaded.scenario.id,
            "runs": args.runs,
            "seed": args.seed,
            "policy": args.policy,
            "vary": summarise_vary(loaded, args.vary, played),
        }
    else:
        report = summarise(loaded, played[0], args.seed, args.policy)
    if point is not None:
        report["from"] = point
    if args.json:
        print_json(report)
        return 0
    if args.vary is not None:
        print_vary(report)
    else:
        print_report(report)
    return 0


def _continued(path: Path, start: int | None) -> tuple[Any, Any, dict[str, Any], Any]:
    """A played session as it stood at `start` (or where its log stops): its scenario copy,
    the origin the runs continue from, how to report that point, and its engine there."""
    from tabletop.model.base import format_time
    from tabletop.session.fork import history_until
    from tabletop.simulate.playthrough import Origin

    history = history_until(path, at=start)
    engine = history.engine
    if engine.ended:
        raise TabletopError(
            f"{path}: the exercise ended at {format_time(engine.now)} ({engine.outcome}); "
            "continue from an earlier point with --from T+hh:mm"
        )
    point = {"session": str(path), "at": format_time(engine.now), "commands": history.kept}
    return history.loaded, Origin(history.meta.seed, tuple(history.commands)), point, engine


def _heading(report: dict) -> Any:
    start = report.get("from")
    since = f", continuing {start['session']} from {start['at']}" if start else ""
    return styled(
        (report["scenario"], "bold"),
        f": {report['runs']} runs, policy {report['policy']}, seed {report['seed']}{since}",
    )


def print_vary(report: dict) -> None:
    """The odds table: one row per option (by its label), the share of runs reaching each
    outcome and each team's mean score as columns; `taken` only when an option could not
    always be taken (its decision never opened, or the option was not offered)."""
    out = console()
    out.print(_heading(report))
    varied = report["vary"]
    options = varied["options"]
    outcomes = sorted({o for option in options for o in option["outcomes"]})
    teams = list(options[0]["mean_scores"]) if options else []
    always = all(option["taken"] == option["runs"] for option in options)
    table = Table(title=f"{varied['prompt']} ({varied['decision']})", title_justify="left")
    table.add_column("option", min_width=24)
    for header in ([] if always else ["taken"]) + [o.replace("_", " ") for o in outcomes]:
        table.add_column(header, justify="right", min_width=4, max_width=13)
    for team in teams:
        table.add_column(f"{team} mean score", justify="right", min_width=5, max_width=13)
    for option in options:
        taken = [] if always else [f"{100 * option['taken'] / option['runs']:.0f}%"]
        table.add_row(
            option["label"],
            *taken,
            *(f"{100 * option['outcomes'].get(o, 0):.0f}%" for o in outcomes),
            *(f"{option['mean_scores'][team]:.1f}" for team in teams),
        )
    out.print(table)


def print_report(report: dict) -> None:
    out = console()
    out.print(_heading(report))
    scores = Table("team", "mean", "min", "p10", "median", "p90", "max", title="Scores per team")
    for team, d in report["scores"].items():
        scores.add_row(team, *(f"{d[k]:g}" for k in ("mean", "min", "p10", "median", "p90", "max")))
    out.print(scores)
    peaks = Table("actor", "mean peak", "max", "runs at each peak level", title="Peak escalation per actor")
    for actor, d in report["peak_levels"].items():
        peaks.add_row(
            actor, f"{d['mean']:g}", str(d["max"]), ", ".join(f"{k}: {v}" for k, v in d["runs_at_level"].items())
        )
    out.print(peaks)
    runs = report["runs"]
    injects = Table("inject", "fired", title="Injects")
    for inject, count in report["injects"].items():
        injects.add_row(inject, f"{100 * count / runs:.0f}%")
    out.print(injects)
    options = Table("decision", "option", "chosen", "of which by default", title="Options")
    for decision, d in report["decisions"].items():
        for option, o in d["options"].items():
            options.add_row(
                decision, option, f"{100 * o['chosen'] / runs:.0f}%", f"{100 * o['by_default'] / runs:.0f}%"
            )
    out.print(options)
    chances = Table("inject or reaction", "chance", "came due", "happened", "rate", title="Chance events")
    for kind, items in report["chances"].items():
        for item, d in items.items():
            rate = "-" if d["rate"] is None else f"{100 * d['rate']:.0f}%"
            chances.add_row(
                f"{kind[:-1]} {item}", f"{100 * d['chance']:.0f}%", f"{d['due']} runs", f"{d['happened']} runs", rate
            )
    if chances.row_count:
        out.print(chances)
    out.print("Outcomes: " + ", ".join(f"{k} {100 * v / runs:.0f}%" for k, v in report["outcomes"].items()))
    never = {k: v for k, v in report["never_reached"].items() if v}
    if not never:
        out.print(
            styled(("Everything was reached", "green"), ": every inject, decision, option, ladder level and ending.")
        )
    else:
        out.print(styled(("Never reached:", "bold yellow")))
        for kind, items in never.items():
            out.print(f"  {kind.replace('_', ' ')}: {', '.join(items)}")
