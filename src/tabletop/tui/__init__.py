"""The Textual consoles (facilitator now; trainees next). Only the CLI imports this package."""

from __future__ import annotations

from pathlib import Path

from tabletop.session import Session
from tabletop.tui.app import ConsoleApp


def create_console(
    session: Session,
    tick_seconds: float = 1.0,
    report_dir: Path | None = None,
    listen: tuple[str, int] | None = None,
    lang: str | None = None,
) -> ConsoleApp:
    """The one factory the CLI and the tests use, so tests run the app users get."""
    return ConsoleApp(session, tick_seconds=tick_seconds, report_dir=report_dir, listen=listen, lang=lang)


__all__ = ["ConsoleApp", "create_console"]
