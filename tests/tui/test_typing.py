"""Nothing typed is lost or lands in the wrong field while the clock runs.

Keys that arrive while the console is busy (a tick, a report) are read in a burst; `burst`
types them that way: all queued at once, as a facilitator's keys are behind a slow tick.
"""

from __future__ import annotations

import asyncio

from textual import events

from tabletop.net import TeamClient, parse_join
from tabletop.tui.forms import FormScreen
from tests.tui.conftest import commands, ticking_console


def sent(app, kind: str) -> list[dict]:
    """The stored commands of one kind (the clock's advances come in between)."""
    return [c for c in commands(app) if c["kind"] == kind]


def run(app, scenario, size=(120, 40)):
    async def go():
        async with app.run_test(size=size) as pilot:
            await scenario(pilot)
            app.timer.stop()

    asyncio.run(go())


def keys(*parts: str) -> list[str]:
    """Key names: named keys as given, text split into its characters."""
    names = []
    for part in parts:
        if part in NAMED:
            names.append(part)
        else:
            names.extend("space" if ch == " " else ch for ch in part)
    return names


NAMED = {"tab", "enter", "space", "down", "up", "escape"}


async def burst(pilot, *parts: str) -> None:
    """Queue every key at once, as keys typed during a slow tick arrive, then let the console catch up."""
    for key in keys(*parts):
        character = " " if key == "space" else (key if len(key) == 1 else None)
        pilot.app.post_message(events.Key(key, character))
    await pilot.pause()
    while pilot.app.keys_pending:
        await pilot.pause()


def test_a_burst_of_keys_fills_the_score_form_field_by_field(late_console):
    async def scenario(pilot):
        await pilot.press("space")
        await burst(pilot, "s", "tab", "1", "tab", "good call")
        assert isinstance(late_console.screen, FormScreen)
        late_console.screen.query_one("#field-team").value = "csirt_cell"
        await pilot.press("ctrl+s")

    run(late_console, scenario)
    [score] = sent(late_console, "score_adjust")
    assert (score["team"], score["points"], score["reason"]) == ("csirt_cell", 1.0, "good call")


def test_a_burst_of_keys_keeps_an_injects_title_and_body_apart(late_console):
    async def scenario(pilot):
        await pilot.press("space")
        await burst(pilot, "a", "space", "tab", "Minister calls", "tab", "Why no statement yet")
        await pilot.press("ctrl+s")

    run(late_console, scenario)
    [inject] = sent(late_console, "adhoc_inject")
    assert (inject["title"], inject["body"]) == ("Minister calls", "Why no statement yet")


async def type_every_form(pilot, app) -> None:
    """Each form typed key by key while the clock runs at ×60: four ticks a second land between
    the keys. Not faster: at ×300 the exercise runs out in about a minute of real time, which a
    busy machine can spend typing these forms (the last one was then refused: the exercise had ended)."""
    await pilot.press("space", *["plus"] * 3)
    assert "pace ×60" in str(app.query_one("#clock").content)
    await pilot.press("r", "enter", "enter", "down", "down", "enter", "tab", "tab", *"Protect OT", "ctrl+s")
    await pilot.press("a", "space", "tab", *"Minister calls", "tab", *"Why no statement?", "ctrl+s")
    await pilot.press("o", *"MFA asks for the legal adviser", "enter")
    await pilot.press("s", "enter", "down", "enter", "tab", "1", "tab", *"good call", "ctrl+s")
    await pilot.press("g", "enter", "down", "down", "enter", "tab", *"Slow to isolate", "ctrl+s")
    # the last inject still to come: the first may go out while its reason is typed (a race with the clock)
    await pilot.press("x", "enter", "end", "enter", "tab", *"Not needed now", "ctrl+s")
    await pilot.press("D", *"Who tells Varnia?", "enter")
    assert not isinstance(app.screen, FormScreen)


def assert_stored_as_typed(app) -> None:
    stored = commands(app)
    typed = [c for c in stored if c["kind"] not in ("start", "advance", "pause", "resume")]
    kinds = ["decide", "adhoc_inject", "note", "score_adjust", "rate_objective", "cancel_inject", "discuss"]
    assert [c["kind"] for c in typed] == kinds
    decide, inject, note, score, rating, cancel, discuss = typed
    assert (decide["decision"], decide["rationale"]) == ("d_contain", "Protect OT")
    assert (inject["to"], inject["title"], inject["body"]) == (["csirt_cell"], "Minister calls", "Why no statement?")
    assert note["text"] == "MFA asks for the legal adviser"
    assert (score["team"], score["points"], score["reason"]) == ("csirt_cell", 1.0, "good call")
    assert (rating["rating"], rating["note"]) == ("M", "Slow to isolate")
    assert cancel["reason"] == "Not needed now" and discuss["text"] == "Who tells Varnia?"
    first, last = stored.index(decide), stored.index(rating)
    assert sum(c["kind"] == "advance" for c in stored[first:last]) > 10  # the clock really ran while typing


def test_every_form_typed_key_by_key_while_the_clock_runs_fast_is_stored_as_typed(deciding_console):
    """The clock runs while each form is typed; each key is pressed on its own, as a person types."""
    run(deciding_console, lambda pilot: type_every_form(pilot, deciding_console))
    assert_stored_as_typed(deciding_console)


def test_every_form_is_stored_as_typed_with_three_trainees_connected(tmp_path):
    """The same, while the console hosts the session and three trainees' terminals follow it."""
    app = ticking_console(tmp_path, 31 * 60, 0.25, listen=("127.0.0.1", 0))
    clients: list[TeamClient] = []

    async def scenario(pilot):
        while app.server is None:
            await pilot.pause(0.05)
        for team in ("csirt_cell", "mfa_cell", "csirt_cell"):
            clients.append(TeamClient(parse_join(app.server.join_string(team))))
        tasks = [asyncio.create_task(client.run()) for client in clients]
        while not all(client.status == "connected" and client.view for client in clients):
            await pilot.pause(0.05)
        await type_every_form(pilot, app)
        while not all(any(i["title"] == "Minister calls" for i in c.view["inbox"]) for c in clients[::2]):
            await pilot.pause(0.05)
        for client in clients:
            await client.stop()
        for task in tasks:
            task.cancel()

    run(app, scenario)
    assert_stored_as_typed(app)
    assert all(client.clock.get("discussion") == "Who tells Varnia?" for client in clients)
    app.session.close()
