"""A flood of refused decisions from one team: how long the facilitator's console is stalled.

The console runs headless (Textual's pilot, 120×40) and hosts the team server on loopback
TLS. In a separate process, one authenticated csirt_cell connection sends FLOOD `decide`
requests for a decision point that is not its own, as fast as it can, while an mfa_cell
client waits for an inject. Shortly after the flood starts, the facilitator presses `+` and
sends an ad-hoc inject to mfa_cell. Measured: how long until the key press shows on the
clock, until mfa_cell has the inject, the longest the event loop was stalled, and how long
until the console is idle again (every reply sent or the connection closed, the console
quiet).
The same flood is then sent to `tabletop run --listen` in a real terminal (tmux), where
the screen is drawn: there the facilitator's keys and the inject go through the screen.
Run: python -m benchmarks.bench_flood [--terminal-only] [--reconnect] [FLOOD ...]
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tabletop.engine import commands as c
from tabletop.net import parse_join
from tabletop.net.tls import client_context
from tabletop.session import Session
from tabletop.tui import create_console

CANAL = Path(__file__).resolve().parent.parent / "scenarios" / "canal-ransomware.yaml"
AFTERWARDS = 10.0
RECONNECT = "--reconnect" in sys.argv
"""The flooder joins again whenever it is closed, until it has sent the whole flood."""
GIVE_UP = 180.0
"""Seconds after which a console that has not recovered is reported as stuck."""


class Flood:
    """One team's connection that floods, another team's that waits for the inject titled 'mid-flood'."""

    def __init__(self, port: int, keys: dict[str, str], flooder: str, bystander: str) -> None:
        self.port, self.keys, self.teams = port, keys, (flooder, bystander)
        self.replies: dict[str, int] = {}
        self.inject_at: float | None = None
        self.sent = self.reconnects = 0

    async def __aenter__(self) -> Flood:
        self.flooder, self.bystander = [await self._hello(team) for team in self.teams]
        self.readers = [asyncio.create_task(self._read_flooder()), asyncio.create_task(self._read_bystander())]
        await asyncio.sleep(0.5)
        return self

    async def _hello(self, team: str):
        connection = await connect(f"wss://127.0.0.1:{self.port}/", ssl=client_context(), max_size=None)
        await connection.send(json.dumps({"type": "hello", "team": team, "key": self.keys[team]}))
        return connection

    async def _read_flooder(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for raw in self.flooder:
                kind = json.loads(raw)["type"]
                self.replies[kind] = self.replies.get(kind, 0) + 1

    async def _read_bystander(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for raw in self.bystander:
                if self.inject_at is None and "mid-flood" in raw:
                    self.inject_at = time.monotonic()

    async def send(self, flood: int, decision: str, option: str) -> None:
        """Send `flood` requests; with RECONNECT, join again each time the server closes the connection."""
        request = {"type": "decide", "decision": decision, "option": option, "rationale": "flood"}
        while self.sent < flood:
            try:
                await self.flooder.send(json.dumps({**request, "id": str(self.sent)}))
                self.sent += 1
                if RECONNECT and self.sent % 100 == 0:  # notice a close before sending on
                    await self.flooder.send(json.dumps({"type": "ping"}))
                    await _until(lambda: self.flooder.close_code is not None or self.replies.get("clock"), 0)
                    self.replies.pop("clock", None)
            except ConnectionClosed:
                if not RECONNECT:
                    return
            if RECONNECT and self.flooder.close_code is not None:
                self.reconnects += 1
                self.flooder = await self._hello(self.teams[0])
                self.readers.append(asyncio.create_task(self._read_flooder()))

    def answered(self) -> bool:
        replied = sum(self.replies.get(k, 0) for k in ("result", "throttled", "error"))
        return replied >= self.sent or self.flooder.close_code is not None

    async def __aexit__(self, *exc) -> None:
        await self.bystander.close()
        await self.flooder.close()
        for reader in self.readers:
            reader.cancel()


async def _until(condition, began: float) -> float | None:
    began = began or time.monotonic()
    while not condition():
        if time.monotonic() - began > GIVE_UP:
            return None
        await asyncio.sleep(0.005)
    return time.monotonic()


def _flood_process(port: int, keys: dict[str, str], flood: int, ready, go, out) -> None:
    async def main():
        async with Flood(port, keys, "csirt_cell", "mfa_cell") as clients:
            ready.set()
            while not go.is_set():
                await asyncio.sleep(0.001)
            start = time.monotonic()
            await clients.send(flood, "d_mfa_first", "convene_cell")
            sent_at = time.monotonic()
            done_at = await _until(clients.answered, start)
            await _until(lambda: clients.inject_at is not None, start)
            out.put(
                {
                    "start": start,
                    "sent": clients.sent,
                    "sent_at": sent_at,
                    "done_at": done_at or time.monotonic(),
                    "replies": clients.replies,
                    "close_code": clients.flooder.close_code,
                    "inject_at": clients.inject_at,
                }
            )

    asyncio.run(main())


def measure(flood: int) -> dict[str, float | None]:
    with tempfile.TemporaryDirectory() as folder:
        session = Session.create(CANAL, Path(folder) / "flood.db", seed=1)
        console = create_console(session, tick_seconds=3600, report_dir=Path(folder), listen=("127.0.0.1", 0))
        context = multiprocessing.get_context("spawn")
        ready, go, out = context.Event(), context.Event(), context.Queue()

        async def main():
            async with console.run_test(size=(120, 40)) as pilot:
                while console.server is None:
                    await asyncio.sleep(0.01)
                await pilot.press("space", "space", *("n" * 5))
                server = console.server
                process = context.Process(
                    target=_flood_process, args=(server.port, dict(server.hosting.keys), flood, ready, go, out)
                )
                process.start()
                while not ready.is_set():
                    await asyncio.sleep(0.01)
                lag = [0.0]
                stop = asyncio.Event()

                async def probe():
                    while not stop.is_set():
                        before = time.monotonic()
                        await asyncio.sleep(0.005)
                        lag[0] = max(lag[0], time.monotonic() - before - 0.005)

                probing = asyncio.create_task(probe())
                go.set()
                await asyncio.sleep(0.2)
                pressed = time.monotonic()
                console.post_message(_key("plus"))
                console.submit(c.AdhocInject(to=["mfa_cell"], title="mid-flood"))
                key_at = None
                while time.monotonic() - pressed < GIVE_UP:
                    if "pace ×5" in str(console.query_one("#clock").content):
                        key_at = time.monotonic()
                        break
                    await asyncio.sleep(0.002)
                while out.empty() and time.monotonic() - pressed < GIVE_UP:
                    await asyncio.sleep(0.01)
                result = out.get() if not out.empty() else None
                await pilot.pause()
                idle_at = time.monotonic()
                flood_lag, lag[0] = lag[0], 0.0
                cpu = time.process_time()
                await asyncio.sleep(AFTERWARDS)  # the toasts of a flood expire after 5 s
                later = lag[0], time.process_time() - cpu
                stop.set()
                await probing
                process.join(timeout=10)
                if process.is_alive():
                    process.kill()
                return pressed, key_at, idle_at, flood_lag, later, result

        pressed, key_at, idle_at, lag, later, result = asyncio.run(main())
        session.close()
    if result is None:
        print(f"  {flood} refused requests: the console did not recover within {GIVE_UP:.0f} s")
        return {"flood": flood, "stuck": 1}
    start = result["start"]
    figures = {
        "flood": flood,
        "sent_s": result["sent_at"] - start,
        "replies_done_s": result["done_at"] - start,
        "key_latency_s": (key_at - pressed) if key_at else None,
        "inject_latency_s": (result["inject_at"] - pressed) if result["inject_at"] else None,
        "max_loop_stall_s": lag,
        "idle_after_s": idle_at - start,
        "later_stall_s": later[0],
        "later_cpu_s": later[1],
    }
    print(
        f"  {flood} refused requests (sent {result['sent']}; replies {result['replies']}; "
        f"closed with {result['close_code']}):\n"
        f"    sent in {figures['sent_s']:.2f} s, answered/closed after {figures['replies_done_s']:.2f} s, "
        f"console idle after {figures['idle_after_s']:.2f} s\n"
        f"    key press acted after {_s(figures['key_latency_s'])}, other team had the inject after "
        f"{_s(figures['inject_latency_s'])}, longest event-loop stall {lag * 1000:.0f} ms\n"
        f"    in the {AFTERWARDS:.0f} s after: longest stall {later[0] * 1000:.0f} ms, CPU {later[1]:.2f} s"
    )
    return figures


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_terminal(flood: int) -> dict[str, float | None]:
    """The same flood against `tabletop run --listen` in a real terminal (tmux, 120×40).

    Here mfa_cell floods (decisions of csirt_cell) and csirt_cell waits for the ad-hoc
    inject, which the facilitator writes with keys (`a`, first team, title, ctrl+s) right
    after pressing `+`. Recovered = the console process uses under 5% CPU for a second.
    """
    with tempfile.TemporaryDirectory() as folder:
        session = Path(folder) / "flood.db"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        name = f"flood-{os.getpid()}"
        command = f"exec {sys.executable} -m tabletop run {CANAL} --session {session} --listen {port}"
        subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40", command], check=True)
        try:
            return asyncio.run(_terminal_flood(name, session, flood))
        finally:
            subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


async def _terminal_flood(name: str, session: Path, flood: int) -> dict[str, float | None]:
    def screen() -> str:
        return _tmux("capture-pane", "-p", "-t", name)

    async def wait_for(text: str) -> float | None:
        began = time.monotonic()
        while text not in screen():
            if time.monotonic() - began > GIVE_UP:
                return None
            await asyncio.sleep(0.02)
        return time.monotonic()

    async def keys(*names: str) -> None:
        for key in names:
            _tmux("send-keys", "-t", name, key)
            await asyncio.sleep(0.1)

    await wait_for("not started")
    pid = int(_tmux("list-panes", "-t", name, "-F", "#{pane_pid}").split()[0])
    await keys("Space", "Space", *"nnnnn")
    await wait_for("T+00:30")
    joins = dict(line.split("\t") for line in session.with_suffix(".join.txt").read_text().splitlines())
    join = {team: parse_join(text) for team, text in joins.items()}
    port = join["csirt_cell"].port
    async with Flood(port, {team: j.key for team, j in join.items()}, "mfa_cell", "csirt_cell") as clients:
        start, cpu_start = time.monotonic(), _cpu_seconds(pid)
        await clients.send(flood, "d_contain", "isolate_segment")
        await asyncio.sleep(0.2)
        pressed = time.monotonic()
        figures = await _terminal_answers(name, pid, keys, wait_for, clients, start, pressed)
        cpu = _cpu_seconds(pid) - cpu_start
    print(
        f"  real terminal, {flood} refused requests (sent {clients.sent}; replies {clients.replies}; closed with "
        f"{clients.flooder.close_code}; reconnected {clients.reconnects} times):\n"
        f"    key press on screen after {_s(figures['key_latency_s'])}, other team had the inject after "
        f"{_s(figures['inject_latency_s'])}, console quiet again after "
        f"{_s(figures['recovered_after_s'])} (CPU {cpu:.1f} s)"
    )
    if clients.inject_at is None:
        print(screen())
    return {"flood": flood, **figures, "cpu_s": cpu}


async def _terminal_answers(name, pid, keys, wait_for, clients, start, pressed) -> dict[str, float | None]:
    _tmux("send-keys", "-t", name, "+")
    key_at = await wait_for("pace ×5")
    await keys("a", "Space", "Tab")
    _tmux("send-keys", "-t", name, "-l", "mid-flood")
    await asyncio.sleep(0.1)
    await keys("C-s")
    await _until(lambda: clients.inject_at is not None, pressed)
    recovered_at = None
    last = _cpu_seconds(pid)
    while time.monotonic() - start < GIVE_UP + 60:
        await asyncio.sleep(1.0)
        now = _cpu_seconds(pid)
        if now - last < 0.05:
            recovered_at = time.monotonic() - 1.0
            break
        last = now
    return {
        "key_latency_s": (key_at - pressed) if key_at else None,
        "inject_latency_s": (clients.inject_at - pressed) if clients.inject_at else None,
        "recovered_after_s": (recovered_at - start) if recovered_at else None,
    }


def _key(name: str):
    from textual import events

    return events.Key(name, "+" if name == "plus" else None)


def _s(value: float | None) -> str:
    return "never" if value is None else f"{value * 1000:.0f} ms"


def main(floods: tuple[int, ...] = (1000, 5000), terminal: bool = True) -> list[dict[str, float | None]]:
    print("One team floods the console with refused decisions (loopback TLS):")
    figures = [measure(flood) for flood in floods]
    if terminal and shutil.which("tmux"):
        figures += [measure_terminal(flood) for flood in floods]
    return figures


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    floods = tuple(int(a) for a in arguments) or (1000, 5000)
    if "--terminal-only" in sys.argv:
        print("One team floods the console with refused decisions (loopback TLS):")
        for flood in floods:
            measure_terminal(flood)
    else:
        main(floods)
