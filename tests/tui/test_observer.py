"""The observer's seat against a live facilitator console: it reads every team, notes and suggests, changes nothing."""

from __future__ import annotations

import asyncio
import json

import pytest
from textual.notifications import Notify
from textual.widgets import DataTable

from tabletop.engine import events as ev
from tabletop.tui.forms import FormScreen, MessageScreen
from tabletop.tui.observer import ObserverApp
from tests.net.conftest import until
from tests.tui.test_room import SECRET, StaticClient, embassy_session, facilitating, hosting_console, seated

hosting = pytest.fixture(hosting_console, name="hosting")


def rows(app, table_id: str) -> list[list[str]]:
    table = app.query_one(f"#{table_id}", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def test_the_observer_reads_every_teams_decisions_and_inbox(hosting):
    async def go():
        async with facilitating(hosting), seated(hosting, "observer", size=(120, 40)) as (observer, pilot):
            decisions = rows(observer, "decisions-table")
            assert [row[:2] for row in decisions if row[1].startswith("OPEN")] == [
                ["csirt_cell", "OPEN 10:00 left"],
                ["csirt_cell", "OPEN 25:00 left"],
            ]
            assert {row[0] for row in decisions} == {"mission_cell", "csirt_cell"}
            await pilot.press("2")
            inbox = rows(observer, "inbox-table")
            assert inbox[0][2:] == [SECRET, "csirt_cell"]
            await pilot.press("enter")
            assert isinstance(observer.screen, MessageScreen)
            assert "Only the CSIRT reads this" in str(observer.screen.query_one("#message-body").content)

    asyncio.run(go())


def test_a_note_and_a_suggested_rating_reach_the_facilitator_and_are_not_ratings(hosting):
    toasts = []

    def record(message):
        if isinstance(message, Notify):
            toasts.append((message.notification.title, message.notification.message))

    async def go():
        async with hosting.run_test(size=(120, 40), message_hook=record):
            await until(lambda: hosting.server is not None)
            async with seated(hosting, "observer", size=(120, 40)) as (observer, pilot):
                await pilot.press("o")
                assert isinstance(observer.screen, FormScreen)
                await pilot.press(*"CSIRT waits for [b]forensics[/b]", "enter")
                await until(lambda: observer.client.view["notes"])
                await pilot.press("g")
                await pilot.press("enter", "down", "enter")  # the first objective
                await pilot.press("tab", "down", "down", "enter")  # M
                await pilot.press("tab", *"No containment after two hours", "enter")
                await until(lambda: len(observer.client.view["notes"]) == 2)
                await pilot.pause()
                assert observer.query_one("#tabs").active == "notes"
                assert rows(observer, "notes-table")[0][2:] == [
                    "keep_premises_inviolable: M",
                    "No containment after two hours",
                ]
            await until(lambda: len(toasts) >= 2)

    asyncio.run(go())
    assert toasts[-2:] == [
        ("Observer note", "CSIRT waits for [b]forensics[/b]"),
        ("Observer note · suggests keep_premises_inviolable: M", "No containment after two hours"),
    ]
    commands = [json.loads(r.command) for r in hosting.session.store.records()][-2:]
    assert [c["kind"] for c in commands] == ["observer_note", "observer_note"]
    assert not any(isinstance(e, ev.ObjectiveRated) for e in hosting.session.events)


def test_the_observer_cannot_change_the_exercise(hosting):
    before = list(hosting.session.store.records())

    async def go():
        async with facilitating(hosting), seated(hosting, "observer") as (observer, pilot):
            await pilot.press("space", "d", "n", "e", "r", "a")
            assert len(observer.screen_stack) == 1
            assert await observer.client.decide("partner_sharing", "share_tlp", None, "x") == (
                "the observer seat watches the exercise: it cannot decide for a team"
            )

    asyncio.run(go())
    assert list(hosting.session.store.records()) == before


class TestObserverSeat:
    def test_observer_seat_at_80x24(self, tmp_path, snap_compare):
        session = embassy_session(tmp_path / "snap.db")
        assert snap_compare(ObserverApp(StaticClient("observer", session)), terminal_size=(80, 24))
        session.close()
