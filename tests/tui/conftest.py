from __future__ import annotations

import json

import pytest
from textual.notifications import Notify

from tabletop.session import Session
from tabletop.tui import create_console
from tests.conftest import ROOT

CANAL = ROOT / "scenarios" / "canal-ransomware.yaml"


@pytest.fixture
def console(tmp_path):
    """A fresh canal session and its console; the pacing timer is slowed so tests drive time."""
    session = Session.create(CANAL, tmp_path / "live.db", seed=1)
    app = create_console(session, tick_seconds=3600, report_dir=tmp_path)
    yield app
    session.close()


class Toasts(list):
    """A message hook for `run_test` that keeps each toast shown, as 'title: message'."""

    def __call__(self, message) -> None:
        if isinstance(message, Notify):
            self.append(f"{message.notification.title}: {message.notification.message}")


def commands(app) -> list[dict]:
    """The commands saved in the session file (what survives a crash)."""
    return [json.loads(record.command) for record in app.session.store.records()]


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).content)


LATE = 4 * 3600 + 15 * 60 + 60
"""A minute after canal's last decision point (d_recovery) opens: the busiest screen, 35 minutes to decide."""


def ticking_console(tmp_path, at: int, tick_seconds: float, listen=None):
    """Canal played to `at` and paused; its console's clock ticks for real once resumed (hosting on `listen`)."""
    from tabletop.engine import commands as c

    session = Session.create(CANAL, tmp_path / "ticking.db", seed=1)
    for command in (c.Start(), c.Advance(to=at), c.Pause()):
        session.submit(command)
    return create_console(session, tick_seconds=tick_seconds, report_dir=tmp_path, listen=listen)


@pytest.fixture
def late_console(tmp_path):
    """Late in canal, the clock ticking for real, 20 times a second."""
    app = ticking_console(tmp_path, LATE, 0.05)
    yield app
    app.session.close()


@pytest.fixture
def deciding_console(tmp_path):
    """A minute into canal's first decision point (d_contain, 30 minutes to decide), the clock ticking for real.

    Four ticks a second: often enough that many land while a form is typed, rarely enough
    that the pilot, which waits for the app to be idle after each key, finds it idle.
    """
    app = ticking_console(tmp_path, 31 * 60, 0.25)
    yield app
    app.session.close()


@pytest.fixture
def spanish_console(tmp_path):
    """The canal console in Spanish (`tabletop run --lang es`)."""
    session = Session.create(CANAL, tmp_path / "live.db", seed=1)
    app = create_console(session, tick_seconds=3600, report_dir=tmp_path, lang="es")
    yield app
    session.close()
