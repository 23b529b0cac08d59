"""`tabletop simulate`: play a scenario many times to find what is never reached."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.table import Table

from tabletop.cli.common import add_command, console, print_json, styled

POLICIES = ("random", "first", "best", "worst")
"""The simulator's decision policies (`tabletop.simulate.POLICIES`; a test keeps the two
equal), named here so that parsing the command line loads no engine."""


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "simulate",
        "Play a scenario many times with a decision policy; report scores, escalation and what was never reached.",
        "tabletop simulate scenarios/canal-ransomware.yaml --runs 10000 --policy random --jobs 2",
    )
    parser.add_argument("scenario", type=Path, metavar="SCENARIO")
    parser.add_argument("--runs", type=_positive, default=1000, help="number of playthroughs (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="seed; the same seed gives the same report")
    parser.add_argument("--policy", choices=POLICIES, default="random", help="how decisions are taken (default random)")
    parser.add_argument("--jobs", type=_positive, default=1, help="processes to use (default 1)")
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


def run(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from tabletop.loader import load_scenario
    from tabletop.simulate import run_sweep, summarise

    loaded = load_scenario(args.scenario)
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
        task = progress.add_task("runs", total=args.runs)
        results = run_sweep(loaded, args.runs, args.seed, args.policy, args.jobs, lambda n: progress.advance(task, n))
    report = summarise(loaded, results, args.seed, args.policy)
    if args.json:
        print_json(report)
        return 0
    print_report(report)
    return 0


def print_report(report: dict) -> None:
    out = console()
    out.print(
        styled(
            (report["scenario"], "bold"), f": {report['runs']} runs, policy {report['policy']}, seed {report['seed']}"
        )
    )
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
