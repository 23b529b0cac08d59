"""Facilitator console: time from a key press to the updated screen, late in a long session.

The largest bundled scenario is played to late in its clock with a few thousand logged
events; then `n` (step to the next event) and `o`+Enter (a note) are pressed repeatedly in
Textual's pilot at 160×48. The peer, measured in the same run, is a bare Textual app that
updates one Static per key press: the floor for any Textual screen update.
Run: python -m benchmarks.bench_console
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

from tabletop.engine import commands as c
from tabletop.loader import load_scenario
from tabletop.session import Session
from tabletop.tui import create_console

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


class Bare(App[None]):
    BINDINGS = [("n", "bump", "bump")]

    def compose(self) -> ComposeResult:
        yield Static("0", id="n")

    def action_bump(self) -> None:
        widget = self.query_one("#n", Static)
        widget.update(str(int(str(widget.content)) + 1))


async def _measure(app: App, keys: list[str], repeat: int) -> list[float]:
    times = []
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        for _ in range(repeat):
            start = time.perf_counter()
            await pilot.press(*keys)
            await pilot.pause()
            times.append(time.perf_counter() - start)
    return times


def late_session(folder: Path, notes: int, share: float = 0.75) -> Session:
    """The largest bundled scenario, started, with `notes` notes, its clock at `share` of its duration."""
    path = max(SCENARIOS.glob("*.yaml"), key=lambda p: len(load_scenario(p).scenario.injects))
    session = Session.create(path, folder / "late.db")
    session.submit(c.Start())
    for i in range(notes):
        session.submit(c.Note(text=f"observation {i}"))
    duration = session.loaded.scenario.clock.duration
    session.submit(c.Advance(to=int(duration * share)))
    return session


def main(notes: int = 3000, repeat: int = 30) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        session = late_session(Path(folder), notes)
        events = len(session.events)
        step = asyncio.run(_measure(create_console(session, tick_seconds=3600), ["n"], repeat))
        note = asyncio.run(_measure(create_console(session, tick_seconds=3600), ["o", "x", "enter"], repeat))
        session.close()
    bare = asyncio.run(_measure(Bare(), ["n"], repeat))
    median = {
        name: statistics.median(values) * 1000 for name, values in (("step", step), ("note", note), ("bare", bare))
    }
    print(f"console at 160x48, {events:,} events in the log, median of {repeat} presses:")
    print(f"  'n' step to next event -> updated screen: {median['step']:.1f} ms")
    print(f"  'o' note + Enter -> saved and shown:      {median['note']:.1f} ms")
    print(f"  bare Textual app, one Static update:       {median['bare']:.1f} ms")
    print(f"ratio console step / bare update: {median['step'] / median['bare']:.2f}x")
    return median


if __name__ == "__main__":
    main()
