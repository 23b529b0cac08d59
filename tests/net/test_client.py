"""The trainee's client: its clock between pushes, and what it says about the connection."""

from __future__ import annotations

import asyncio

from tabletop.engine import commands as c
from tabletop.net import TeamClient, parse_join
from tabletop.net.client import ESTIMATE_FOR
from tests.net.conftest import joined, serve, until

JOIN = "tabletop://127.0.0.1:8765/csirt_cell?key=abcdefgh&pin=def"


def pushed(clock: dict, status: str = "connected") -> TeamClient:
    """A client that received `clock` at monotonic time 100."""
    client = TeamClient(parse_join(JOIN))
    client.clock, client.clock_at, client.status = clock, 100.0, status
    return client


RUNNING = {"now": 1800, "started": True, "paused": False, "ended": False, "pace": 2.5}


def test_a_running_clock_moves_on_at_the_pushed_pace_between_pushes():
    client = pushed(RUNNING)
    assert [client.now(at) for at in (100.0, 101.0, 102.0, 104.0)] == [1800, 1802, 1805, 1810]


def test_the_estimate_stops_when_pushes_stop_coming():
    client = pushed(RUNNING)
    assert client.now(100.0 + ESTIMATE_FOR) == client.now(100.0 + ESTIMATE_FOR + 60) == 1800 + int(2.5 * ESTIMATE_FOR)


def test_a_paused_ended_or_unstarted_clock_shows_exactly_the_pushed_time():
    for state in ({"paused": True}, {"ended": True}, {"started": False}):
        assert pushed({**RUNNING, **state}).now(130.0) == 1800


def test_without_a_connection_the_clock_shows_the_last_pushed_time():
    assert pushed(RUNNING, status="reconnecting").now(103.0) == 1800


def test_the_clock_carries_the_pace_the_session_runs_at(hosted):
    async def go():
        server = await serve(hosted)
        client, _ = await joined(server, "csirt_cell")
        assert client.clock["pace"] == hosted.loaded.scenario.clock.pace
        server.pace = 300.0
        server.submit(c.Advance(to=60))
        await until(lambda: client.clock["pace"] == 300.0 and client.clock["now"] == 60)
        await client.stop()
        await server.stop()

    asyncio.run(go())


def test_a_dropped_link_says_reconnecting_then_disconnected_while_it_keeps_trying(hosted, monkeypatch):
    monkeypatch.setattr("tabletop.net.client.RETRY_DELAYS", (0.05,))
    seen = []

    async def go():
        server = await serve(hosted)
        client, task = await joined(server, "csirt_cell")
        client.on_update = lambda: seen.append(client.status)
        await server.stop()
        await until(lambda: client.status == "disconnected")
        await client.stop()
        await task

    asyncio.run(go())
    assert seen[0] == "reconnecting" and "disconnected" in seen
