"""`tabletop msel`: a scenario's injects and decision points as a spreadsheet (MSEL), and back."""

from __future__ import annotations

import argparse
from pathlib import Path

from tabletop.cli.common import add_command, console
from tabletop.errors import TabletopError

SUFFIXES = (".xlsx", ".csv")


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "msel",
        "Export injects and decisions as a master scenario events list (xlsx/csv), or import an edited one.",
        "tabletop msel export scenarios/canal-ransomware.yaml -o msel.xlsx\n"
        "  tabletop msel import msel.xlsx --into scenarios/canal-ransomware.yaml",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write the MSEL of a scenario")
    export.add_argument("scenario", type=Path, metavar="SCENARIO")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="FILE.xlsx or FILE.csv")
    export.set_defaults(handler=run_export)
    load = actions.add_parser("import", help="put an edited MSEL back into a scenario")
    load.add_argument("msel", type=Path, metavar="MSEL", help="FILE.xlsx or FILE.csv")
    load.add_argument("--into", type=Path, required=True, metavar="SCENARIO", help="the scenario it was exported from")
    load.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of rewriting SCENARIO")
    load.set_defaults(handler=run_import)


def _check_suffix(path: Path) -> None:
    if path.suffix.lower() not in SUFFIXES:
        raise TabletopError(f"{path}: give a file ending in {' or '.join(SUFFIXES)} to choose the format")


def run_export(args: argparse.Namespace) -> int:
    _check_suffix(args.output)
    from tabletop.loader import load_scenario
    from tabletop.report.msel import export

    export(load_scenario(args.scenario).scenario, args.output)
    console().print(f"wrote {args.output}", markup=False, highlight=False)
    return 0


def run_import(args: argparse.Namespace) -> int:
    _check_suffix(args.msel)
    if not args.msel.exists():
        raise TabletopError(f"{args.msel}: no such file")
    from tabletop.report.msel import import_msel

    output = args.output or args.into
    changed = import_msel(args.into, args.msel, output)
    console().print(f"wrote {output} ({changed} cell(s) changed)", markup=False, highlight=False)
    return 0
