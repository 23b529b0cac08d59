"""Helpers shared by commands: subcommand registration with an example, output streams.

Output goes through `console()`: every string is printed as typed (no Rich markup, no
emoji codes, control characters made visible), so scenario and trainee text is data.
Styled lines are built with `styled`, never by putting text into markup.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from tabletop.errors import TabletopError
from tabletop.text import escape_json, visible


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
    sys.stdout.write(escape_json(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)) + "\n")


class TextConsole(Console):
    """A Rich console for which a string is text, never markup: the boundary where the CLI escapes."""

    def render_str(self, text: str, **options: Any) -> Text:
        options.update(markup=False, emoji=False, highlight=False)
        return super().render_str(visible(text), **options)


def console(stderr: bool = False) -> Console:
    return TextConsole(stderr=stderr, markup=False, emoji=False, highlight=False, soft_wrap=True)


def styled(*parts: str | tuple[str, str]) -> Text:
    """One line of literal parts, some with a Rich style: `styled((title, "bold"), " (", id, ")")`."""
    return Text.assemble(*((visible(p[0]), p[1]) if isinstance(p, tuple) else visible(p) for p in parts))


def scenario_language(scenario: Any, asked: str | None) -> str:
    """The language a command shows a scenario in: the one asked for, which the scenario must be
    written in, else its first."""
    if asked is not None and asked not in scenario.languages:
        raise TabletopError(f"the scenario is written in {', '.join(scenario.languages)}, not '{asked}'")
    return asked or scenario.languages[0]


def scenario_time(text: str) -> int:
    """An argparse type: a scenario time as people write it (`T+02:40`, `2:40`, `2h40m`,
    `160m`, or minutes: `160`) → seconds; the scenario files' own reading of times."""
    from tabletop.model.base import parse_duration

    try:
        return parse_duration(int(text) if text.strip().isdigit() else text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).replace("a duration", "a time")) from None


def fork_point(at: int | None, before_command: int | None) -> str:
    """Where a fork starts, in words: `at T+02:40`, `before command #5`, or both."""
    from tabletop.model.base import format_time

    where = [f"at {format_time(at)}"] if at is not None else []
    if before_command is not None:
        where.append(f"before command #{before_command}")
    return ", ".join(where)


def fork_note(fork: dict[str, Any]) -> str | None:
    """`Fork of canal.db at T+02:40 (11 commands kept)` for a fork's meta.fork; None for a session
    played from the start. The parent is named relative to here when it lies below."""
    if not fork:
        return None
    parent = Path(fork["parent"])
    shown = parent.relative_to(Path.cwd()) if parent.is_relative_to(Path.cwd()) else parent
    point = fork_point(fork.get("at"), fork.get("before_command"))
    return f"Fork of {shown} {point} ({fork['commands']} commands kept)"
