"""Text is data in the console and the trainee app: hostile text (tests/hostile.py) is shown as
typed on screen, a trainee's `[/]` cannot crash the console, and the session still resumes."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager

import pytest
from textual.widgets import DataTable, Input
from textual.widgets._toast import Toast

from tabletop.net import TeamClient, parse_join
from tabletop.session import Session
from tabletop.text import HIDDEN, visible
from tabletop.tui import create_console
from tabletop.tui.forms import ConfirmScreen, FormScreen, MessageScreen, PickScreen
from tabletop.tui.trainee import TraineeApp
from tests.hostile import CONTROLS, HOSTILE, scenario_yaml
from tests.net.conftest import until

RATIONALE = "[/] [bold]x[/bold] [mfa_cell]"
"""Typed by a facilitator or a trainee: once enough to crash the console at every start."""


def shown(widget) -> str:
    """What a widget shows on screen, line by line."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def log_shows(console, text: str) -> bool:
    log = console.query_one("#log-table", DataTable)
    return any(text in str(log.get_row_at(i)[1]) for i in range(log.row_count))


def new_session(write_scenario, tmp_path) -> Session:
    return Session.create(write_scenario(scenario_yaml()), tmp_path / "live.db", seed=1)


@pytest.fixture
def hostile_session(write_scenario, tmp_path):
    """A new session of the hostile scenario, closed after the test."""
    session = new_session(write_scenario, tmp_path)
    yield session
    session.close()


async def resumed_console_shows(path, text: str) -> None:
    session = Session.resume(path)
    console = create_console(session, tick_seconds=3600)
    try:
        async with console.run_test(size=(120, 40)) as pilot:
            await pilot.press("5")
            assert log_shows(console, text)
            assert text in shown(console.query_one("#log-table"))
    finally:
        session.close()


def test_the_console_shows_a_hostile_scenario_and_decision_as_typed_and_resumes(write_scenario, tmp_path):
    session = new_session(write_scenario, tmp_path)
    console = create_console(session, tick_seconds=3600, report_dir=tmp_path)

    async def go():
        async with console.run_test(size=(120, 40)) as pilot:
            await pilot.press("space", "space", "n")
            assert console.engine.decisions["contain"].status == "open"
            await pilot.press("r")
            assert isinstance(console.screen, PickScreen)
            assert "[bold]x[/bold] [link=javascript:alert(1)]x[/link]" in shown(console.screen.query_one("#pick"))
            await pilot.press("enter")
            assert isinstance(console.screen, FormScreen)
            await pilot.press("enter", "down", "enter", "tab", "tab", *RATIONALE, "ctrl+s")
            await pilot.pause()
            assert not isinstance(console.screen, FormScreen)

            await pilot.press("5")
            assert f'decided contain: isolate after 00:00 — "{RATIONALE}"' in shown(console.query_one("#log-table"))
            await pilot.press("4")
            inbox = console.query_one("#inbox-csirt_cell", DataTable)
            assert "Ransom note on the port's billing servers [/] [bold]x[/bold]" in shown(inbox)
            assert str(inbox.get_row_at(0)[2]) == visible(f"Ransom note on the port's billing servers {HOSTILE}")
            tab = console.query_one("#team-tabs").get_tab("team-csirt_cell")
            assert str(tab.label) == visible(f"CSIRT cell {HOSTILE}")
            assert HIDDEN.search(shown(inbox)) is None

    asyncio.run(go())
    session.close()
    asyncio.run(resumed_console_shows(tmp_path / "live.db", RATIONALE))


def test_toasts_show_their_text_as_typed(hostile_session):
    console = create_console(hostile_session, tick_seconds=3600)

    async def go():
        async with console.run_test(size=(120, 40), notifications=True) as pilot:
            console.notify(f"{RATIONALE} \x1b[31m", title="[mfa_cell]")
            await pilot.pause()
            toast = console.screen.query_one(Toast)
            assert str(toast.render()) == f"[mfa_cell]\n{RATIONALE} ␛[31m"

    asyncio.run(go())


def test_a_pasted_control_character_is_refused_in_the_form(hostile_session):
    console = create_console(hostile_session, tick_seconds=3600)

    async def go():
        async with console.run_test(size=(120, 40)) as pilot:
            await pilot.press("o")
            console.screen.query_one("#field-text", Input).value = "look\x1b]0;pwned\x07"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(console.screen, FormScreen)
            error = str(console.screen.query_one("#form-error").content)
            assert "control character (U+001B, shown as ␛)" in error

    asyncio.run(go())
    assert [r.command for r in hostile_session.store.records()] == []


@asynccontextmanager
async def facilitator_and_trainee(session):
    """The session hosted by a console, started, and the csirt_cell trainee joined."""
    console = create_console(session, tick_seconds=3600, listen=("127.0.0.1", 0))
    async with console.run_test(size=(120, 40)) as facilitator:
        await until(lambda: console.server is not None)
        await facilitator.press("space", "space", "n")  # start, pause, step to the open decision
        trainee = TraineeApp(TeamClient(parse_join(console.server.join_string("csirt_cell"))))
        async with trainee.run_test(size=(120, 40)) as pilot:
            await until(lambda: trainee.client.status == "connected" and trainee.client.view.get("open"))
            await pilot.pause()
            yield console, facilitator, trainee, pilot


def test_the_trainee_app_shows_an_inject_titled_with_hostile_text_as_typed(hostile_session):
    async def go():
        async with facilitator_and_trainee(hostile_session) as (_, _, trainee, pilot):
            assert "billing servers [/] [bold]x[/bold] [link=javascript:alert(1)]x[/link]" in shown(
                trainee.query_one("#inbox-table")
            )
            await pilot.press("enter")
            assert isinstance(trainee.screen, MessageScreen)
            title = trainee.screen.query_one(".dialog-title")
            assert str(title.content) == visible(f"Ransom note on the port's billing servers {HOSTILE}")
            body = str(trainee.screen.query_one("#message-body").content)
            assert all(token in body for token in CONTROLS.values()) and HIDDEN.search(body) is None
            assert "[/] [bold]x[/bold]" in shown(title)

    asyncio.run(go())


def test_a_trainee_rationale_with_markup_reaches_the_console_which_stays_up_and_resumes(write_scenario, tmp_path):
    session = new_session(write_scenario, tmp_path)

    async def go():
        async with facilitator_and_trainee(session) as (console, facilitator, trainee, pilot):
            await pilot.press("2", "d")
            assert isinstance(trainee.screen, FormScreen)
            await pilot.press("enter", "down", "enter", "tab", "tab", *RATIONALE, "ctrl+s")
            assert isinstance(trainee.screen, ConfirmScreen)
            assert "[bold]x[/bold]" in shown(trainee.screen.query_one(".dialog-title"))
            await pilot.press("y")
            await until(lambda: trainee.client.view.get("decided"))
            await pilot.pause()
            assert trainee.query_one("#decided-table", DataTable).get_row_at(0)[3] == RATIONALE
            await facilitator.press("5")
            assert log_shows(console, f'"{RATIONALE}"')
            assert RATIONALE in shown(console.query_one("#log-table"))
            assert console.is_running

    asyncio.run(go())
    session.close()
    asyncio.run(resumed_console_shows(tmp_path / "live.db", RATIONALE))


def test_a_control_character_from_a_trainee_is_refused_with_a_reason(hostile_session):
    async def go():
        async with facilitator_and_trainee(hostile_session) as (console, _, trainee, _):
            before = console.session.store.count()
            error = await trainee.client.decide("contain", "isolate", None, "ok\x1b]0;pwned\x07")
            assert error is not None and "control character (U+001B, shown as ␛)" in error
            assert console.session.store.count() == before

    asyncio.run(go())
