from __future__ import annotations

import json

import pytest

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


def commands(app) -> list[dict]:
    """The commands saved in the session file (what survives a crash)."""
    return [json.loads(record.command) for record in app.session.store.records()]


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).content)


LATE = 4 * 3600 + 15 * 60 + 60
"""A minute after canal's last decision point (d_recovery) opens: the busiest screen, 35 minutes to decide."""


@pytest.fixture
def late_console(tmp_path):
    """Canal played to late in the story, its console's clock ticking for real (20 ticks a second)."""
    from tabletop.engine import commands as c

    session = Session.create(CANAL, tmp_path / "late.db", seed=1)
    for command in (c.Start(), c.Advance(to=LATE), c.Pause()):
        session.submit(command)
    app = create_console(session, tick_seconds=0.05, report_dir=tmp_path)
    yield app
    session.close()
