"""The Textual consoles (facilitator now; trainees next). Only the CLI imports this package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tabletop.net import TeamClient
from tabletop.net.seats import OBSERVER, ROOM
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


def create_replay(played: Any, lang: str | None = None, point: int = 0) -> Any:
    """The debrief replay of a played session (`tabletop.session.played.PlayedSession`), at `point`."""
    from tabletop.tui.replay import ReplayApp

    return ReplayApp(played, lang=lang, point=point)


def app_for_seat(client: TeamClient) -> Any:
    """The app for the join string's seat: the room's projector view, the observer's, or a team's."""
    from tabletop.tui.observer import ObserverApp
    from tabletop.tui.room import RoomApp
    from tabletop.tui.trainee import TraineeApp

    seat = client.join.team
    if seat == ROOM:
        return RoomApp(client)
    if seat == OBSERVER:
        return ObserverApp(client)
    return TraineeApp(client)


__all__ = ["ConsoleApp", "app_for_seat", "create_console", "create_replay"]
