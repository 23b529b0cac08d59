"""`tabletop graph`: draw a scenario's flow (injects, decisions, options, effects, conditions)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tabletop.cli.common import add_command, console, scenario_language
from tabletop.errors import TabletopError

SUFFIXES = {".svg": "svg", ".html": "html", ".htm": "html", ".dot": "dot", ".gv": "dot"}


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "graph",
        "Draw a scenario's flow as SVG, HTML or Graphviz DOT (chosen by the output file's extension).",
        "tabletop graph scenarios/canal-ransomware.yaml -o canal.svg --lang es",
    )
    parser.add_argument("scenario", type=Path, metavar="SCENARIO")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="where to write: FILE.svg, FILE.html or FILE.dot",
    )
    parser.add_argument("--lang", help="language of the labels (default: the scenario's first)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    fmt = SUFFIXES.get(args.output.suffix.lower())
    if fmt is None:
        raise TabletopError(f"{args.output}: give a file ending in {', '.join(SUFFIXES)} to choose the format")
    from tabletop.loader import load_scenario
    from tabletop.report.flow import scenario_flow
    from tabletop.report.flowchart import draw
    from tabletop.store.outputs import DRAWINGS, check_output, write_output

    scenario = load_scenario(args.scenario).scenario
    language = scenario_language(scenario, args.lang)
    check_output(args.output, DRAWINGS[fmt])
    write_output(args.output, draw(scenario_flow(scenario, language), fmt), DRAWINGS[fmt])
    console().print(f"wrote {args.output}")
    return 0
