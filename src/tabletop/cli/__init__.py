"""The `tabletop` command: argument parsing, exit codes and output; no domain logic.

A command module imports at its top only what parsing its arguments needs; models, engine,
session and renderers are imported inside the function that uses them. So `tabletop --help`
builds no models, and each command loads only the libraries its output needs
(tests/cli/test_startup.py keeps it so).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from tabletop import __version__
from tabletop.cli import (
    check,
    compare,
    feedback,
    fork,
    graph,
    join,
    log,
    msel,
    new,
    pack,
    play,
    replay,
    report,
    resume,
    run,
    schema,
    show,
    simulate,
    validate,
)
from tabletop.errors import TabletopError
from tabletop.text import visible

COMMANDS = (
    new,
    validate,
    check,
    schema,
    show,
    graph,
    run,
    resume,
    join,
    play,
    log,
    fork,
    replay,
    msel,
    pack,
    simulate,
    report,
    compare,
    feedback,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tabletop",
        description="Tabletop cyber-crisis exercises: write scenarios in YAML, check them, run them.",
        epilog="Start with: tabletop validate scenarios/ playbooks/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tabletop {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except TabletopError as exc:
        print(f"tabletop: {visible(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tabletop: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `tabletop log x.db --jsonl | head`: the reader has what it wanted
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
