"""Helpers shared by commands: subcommand registration with an example, output streams."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console


def add_command(commands: Any, name: str, summary: str, example: str) -> argparse.ArgumentParser:
    """A subcommand whose --help ends with a worked example."""
    return commands.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, sort_keys=False)
    sys.stdout.write("\n")


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True)
