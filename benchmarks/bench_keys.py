"""Key to screen in the live room: the facilitator types while the clock runs at ×300 with
three trainees connected.

The largest bundled scenario is played to half its clock; the console hosts it (the real
TeamServer on loopback) and three TeamClients, one per team where the scenario has three,
join from another process, as trainees' terminals would. The clock runs at ×300 (a tick a
second, each pushing the changed views to every trainee) while the facilitator writes notes
key by key: the time from each key press to the screen showing it, median and p99. The peer,
measured in the same run, is a bare Textual app that updates one Static per key press.
Run: python -m benchmarks.bench_keys
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import statistics
import tempfile
import time
from pathlib import Path

from textual import events
from textual.widgets import Static

from benchmarks.bench_console import Bare, late_session
from tabletop.net import TeamClient, parse_join
from tabletop.tui import create_console
from tabletop.tui.forms import FormScreen

TRAINEES = 3
SIZE = (120, 40)
POLL = 0.0005
"""Seconds between looks at the screen while a key is on its way (the figures' resolution)."""


def _trainees(joins: list[str], ready, stop) -> None:
    """Three trainees' terminals: connect, keep their views up to date until told to stop."""

    async def main():
        clients = [TeamClient(parse_join(j)) for j in joins]
        tasks = [asyncio.create_task(client.run()) for client in clients]
        while not all(client.status == "connected" and client.view for client in clients):
            await asyncio.sleep(0.01)
        ready.set()
        while not stop.is_set():
            await asyncio.sleep(0.05)
        for client in clients:
            await client.stop()
        for task in tasks:
            task.cancel()

    asyncio.run(main())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _live_room(session, notes: int, text: str) -> tuple[dict[str, list[float]], float]:
    """Each key of `notes` notes typed one by one, timed to the screen; the scenario minutes it took."""
    app = create_console(session, listen=("127.0.0.1", 0))
    context = multiprocessing.get_context("spawn")
    ready, stop = context.Event(), context.Event()
    times: dict[str, list[float]] = {"o (open the form)": [], "a letter": [], "Enter (save)": []}
    async with app.run_test(size=SIZE) as pilot:
        while app.server is None:
            await pilot.pause(0.05)
        teams = [team.id for team in app.scenario.teams]
        joins = [app.server.join_string(teams[i % len(teams)]) for i in range(TRAINEES)]
        trainees = context.Process(target=_trainees, args=(joins, ready, stop))
        trainees.start()
        while not ready.is_set():
            await pilot.pause(0.05)
        while app.pace < 300:
            await pilot.press("plus")
        await pilot.press("space")
        start_clock = app.engine.now
        for _ in range(notes):
            times["o (open the form)"].append(await key_to_screen(app, "o", lambda: isinstance(app.screen, FormScreen)))
            for typed in range(1, len(text) + 1):
                shown = text[:typed]
                times["a letter"].append(
                    await key_to_screen(app, text[typed - 1], lambda s=shown: app.focused.value == s)
                )
            times["Enter (save)"].append(
                await key_to_screen(app, "enter", lambda: not isinstance(app.screen, FormScreen))
            )
        minutes = (app.engine.now - start_clock) / 60
        stop.set()
        while trainees.is_alive():  # the server answers their goodbyes on this loop: never block it
            await pilot.pause(0.05)
        app.timer.stop()
    return times, minutes


async def key_to_screen(app, key: str, shown) -> float:
    """Seconds from a key arriving to the first screen refresh after `shown()` holds: the key
    is posted as a terminal's key is, and the clock is read on the app's own event loop."""
    start = time.perf_counter()
    app.post_message(events.Key(key, key if len(key) == 1 else None))
    while not shown():
        await asyncio.sleep(POLL)
    refreshed = asyncio.get_running_loop().create_future()
    app.call_after_refresh(lambda: refreshed.done() or refreshed.set_result(None))
    await refreshed
    return time.perf_counter() - start


async def _bare(presses: int) -> list[float]:
    times = []
    async with Bare().run_test(size=SIZE) as pilot:
        await pilot.pause()
        number = pilot.app.query_one("#n", Static)
        for n in range(1, presses + 1):
            times.append(await key_to_screen(pilot.app, "n", lambda n=n: str(number.content) == str(n)))
    return times


def main(notes: int = 40, text: str = "seen") -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        session = late_session(Path(folder), notes=0, share=0.5)
        by_key, minutes = asyncio.run(_live_room(session, notes, text))
        logged = [json.loads(record.command) for record in session.store.records()]
        saved = sum(1 for command in logged if command["kind"] == "note" and command["text"] == text)
        session.close()
    typed = [t for times in by_key.values() for t in times]
    bare = asyncio.run(_bare(len(typed)))
    figures = {
        "median": statistics.median(typed) * 1000,
        "p99": percentile(typed, 0.99) * 1000,
        "bare median": statistics.median(bare) * 1000,
        "bare p99": percentile(bare, 0.99) * 1000,
    }
    print(
        f"live room at {SIZE[0]}x{SIZE[1]}: clock at x300 ({minutes:.0f} scenario minutes passed), {TRAINEES} trainees"
    )
    print(f"  {len(typed)} keys typed into {notes} notes ({saved} saved exactly as typed):")
    print(f"  key -> screen, console:  median {figures['median']:.1f} ms, p99 {figures['p99']:.1f} ms")
    for name, times in by_key.items():
        print(f"    {name:18} median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms")
    print(f"  key -> screen, bare app: median {figures['bare median']:.1f} ms, p99 {figures['bare p99']:.1f} ms")
    print(
        f"ratio console / bare Textual: {figures['median'] / figures['bare median']:.2f}x (median),"
        f" {figures['p99'] / figures['bare p99']:.2f}x (p99)"
    )
    return figures


if __name__ == "__main__":
    main()
