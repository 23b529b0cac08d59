"""The room's projector view and the discussion pause, against a live facilitator console over loopback TLS."""

from __future__ import annotations

import asyncio
import contextlib
import json

import pytest
from textual.widgets import DataTable, Digits

from tabletop.engine import commands as c
from tabletop.net import TeamClient, parse_join
from tabletop.net.seats import clock, seat_view
from tabletop.session import Session
from tabletop.tui import app_for_seat, create_console
from tabletop.tui.forms import FormScreen
from tabletop.tui.observer import ObserverApp
from tabletop.tui.online import JoinList
from tabletop.tui.room import RoomApp
from tabletop.tui.trainee import TraineeApp
from tests.conftest import ROOT
from tests.net.conftest import until

EMBASSY = ROOT / "scenarios" / "embassy-compromise.yaml"
SECRET = "Cable for the CSIRT cell only"
HEADLINE = 'Headline: "Aurelian embassy leaks visa seekers\' secrets"'


def embassy_session(path) -> Session:
    """Embassy two hours in, paused: two CSIRT decision points open, a public press story, a private cable."""
    session = Session.create(EMBASSY, path, seed=1)
    for command in (
        c.Start(),
        c.Advance(to=7200),
        c.DeliverInject(inject="press_story"),
        c.AdhocInject(to=["csirt_cell"], title=SECRET, body="Only the CSIRT reads this"),
        c.Pause(),
    ):
        session.submit(command)
    return session


def hosting_console(tmp_path):
    """The embassy session in a console that hosts it on 127.0.0.1 (a free port)."""
    session = embassy_session(tmp_path / "embassy.db")
    yield create_console(session, tick_seconds=3600, report_dir=tmp_path, listen=("127.0.0.1", 0))
    session.close()


hosting = pytest.fixture(hosting_console, name="hosting")


@contextlib.asynccontextmanager
async def facilitating(console):
    async with console.run_test(size=(120, 40)) as facilitator:
        await until(lambda: console.server is not None)
        yield facilitator


@contextlib.asynccontextmanager
async def seated(console, seat: str, size=(80, 24)):
    """The app `tabletop join` opens for the seat's join string, connected and up to date."""
    app = app_for_seat(TeamClient(parse_join(console.server.join_string(seat))))
    async with app.run_test(size=size) as pilot:
        await until(lambda: app.client.status == "connected" and app.client.view and app.client.clock)
        await pilot.pause()
        yield app, pilot


def on_screen(app) -> str:
    strips = app.screen._compositor.render_update(full=True).strips
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def recorded(session) -> list[str]:
    return [json.loads(record.command)["kind"] for record in session.store.records()]


class StaticClient(TeamClient):
    """A seat's client that was sent one view and one clock, and then nothing: for snapshots."""

    def __init__(self, seat: str, session: Session) -> None:
        super().__init__(parse_join(f"tabletop://127.0.0.1:1/{seat}?key=snapshotkey&pin=snapshot"))
        self.sent = seat_view(session.engine, session.events, seat), clock(session.engine, session.events)

    async def run(self) -> None:
        self.view, self.clock = self.sent
        self.status = "connected"
        self.on_update()
        await asyncio.Event().wait()

    async def stop(self) -> None:
        pass


def test_each_seats_join_string_opens_its_app():
    def app(seat: str):
        return type(app_for_seat(TeamClient(parse_join(f"tabletop://h:1/{seat}?key=k7q2m4x9p1&pin=ab3d"))))

    assert (app("room"), app("observer"), app("csirt_cell")) == (RoomApp, ObserverApp, TraineeApp)


def test_the_online_tab_lists_and_saves_a_join_string_for_every_seat(hosting, tmp_path):
    async def go():
        async with facilitating(hosting) as facilitator:
            await facilitator.press("6")
            joins = hosting.query_one(JoinList).joins
            assert list(joins) == ["mission_cell", "csirt_cell", "hq_cell", "room", "observer"]
            saved = (tmp_path / "embassy.join.txt").read_text(encoding="utf-8")
            assert saved.splitlines() == [f"{seat}\t{join}" for seat, join in joins.items()]
            shown = [str(o.prompt).split("\n")[0] for o in hosting.query_one(JoinList).options]
            assert shown[-2:] == ["Room (projector) · room", "Observer (evaluator) · observer"]

    asyncio.run(go())


def test_the_room_shows_the_clock_countdowns_and_public_news_and_nothing_private(hosting):
    async def go():
        async with facilitating(hosting), seated(hosting, "room") as (room, _):
            assert room.query_one("#room-clock", Digits).value == "02:00:00"
            assert "PAUSED" in str(room.query_one("#room-state").content)
            table = room.query_one("#room-open", DataTable)
            rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
            assert [row[:2] for row in rows] == [
                ["10:00", "AURCERT technical cell"],
                ["25:00", "AURCERT technical cell"],
            ]
            assert rows[0][2].startswith("Norland's CERT wants to compare indicators")
            news = str(room.query_one("#room-news-text").content)
            assert news.startswith(f"T+02:00  {HEADLINE}\nThe Verana Courier runs the story online")
            screen = on_screen(room)
            assert SECRET not in screen and "Only the CSIRT" not in screen
            assert "Embassy crisis cell" not in screen  # no team with nothing open is named

    asyncio.run(go())


def test_a_discussion_pause_shows_on_a_trainee_and_the_room_until_the_facilitator_resumes(hosting):
    message = "Discuss: who informs the host state, and when? [b]now[/b]"

    async def go():
        async with (
            facilitating(hosting) as facilitator,
            seated(hosting, "room") as (room, _),
            seated(hosting, "csirt_cell") as (trainee, _),
        ):
            await facilitator.press("space")  # the clock runs
            assert hosting.running
            await facilitator.press("D")
            assert isinstance(hosting.screen, FormScreen)
            await facilitator.press(*message, "enter")
            assert not isinstance(hosting.screen, FormScreen)
            assert hosting.engine.paused and not hosting.running
            banner = room.query_one("#discussion")
            await until(lambda: banner.display and message in str(banner.content))
            await until(lambda: f"⏸ {message}" in str(trainee.query_one("#notice").content))
            await facilitator.press("space")  # resume: the discussion ends
            await until(lambda: not banner.display and "⏸" not in str(trainee.query_one("#notice").content))
            assert hosting.running

    asyncio.run(go())
    assert recorded(hosting.session)[-3:] == ["resume", "discuss", "resume"]


def test_escape_cancels_a_discussion_pause(hosting):
    async def go():
        async with facilitating(hosting) as facilitator:
            await facilitator.press("D", *"Not now", "escape")
            assert not isinstance(hosting.screen, FormScreen)

    before = recorded(hosting.session)
    asyncio.run(go())
    assert recorded(hosting.session) == before


def test_the_room_is_read_only(hosting):
    async def go():
        async with facilitating(hosting), seated(hosting, "room") as (room, pilot):
            await pilot.press("d", "o", "g", "enter", "1", "2", "space")
            assert len(room.screen_stack) == 1

    before = recorded(hosting.session)
    asyncio.run(go())
    assert recorded(hosting.session) == before


class TestRoomView:
    def test_room_view_at_80x24(self, tmp_path, snap_compare):
        session = embassy_session(tmp_path / "snap.db")
        session.submit(c.Discuss(text="Who informs the host state, and when?"))
        assert snap_compare(RoomApp(StaticClient("room", session)), terminal_size=(80, 24))
        session.close()
