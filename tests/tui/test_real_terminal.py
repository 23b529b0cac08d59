"""The console in a real terminal (tmux): keys in, screen out, SIGKILL, resume, nothing lost."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid

import pytest

from tabletop.store import SQLiteStore
from tests.conftest import ROOT

if shutil.which("tmux") is None and os.environ.get("TABLETOP_CI"):
    raise RuntimeError("TABLETOP_CI is set but tmux is not installed")
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Terminal:
    def __init__(self, command: str) -> None:
        self.name = f"tabletop-{uuid.uuid4().hex[:8]}"
        for attempt in range(5):  # a tmux server that is still shutting down can refuse once
            created = subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", "120", "-y", "40", command])
            if created.returncode == 0:
                break
            time.sleep(0.5 * (attempt + 1))
        else:
            raise AssertionError("tmux could not start a session")
        subprocess.run(["tmux", "set-option", "-t", self.name, "remain-on-exit", "on"], check=True)

    def screen(self, history: bool = False) -> str:
        """What the pane shows; with `history`, its scrollback too, wrapped lines joined."""
        options = ["-J", "-S", "-"] if history else []
        command = ["tmux", "capture-pane", "-p", *options, "-t", self.name]
        return subprocess.run(command, capture_output=True, text=True).stdout

    def wait_for(self, text: str, patience: float = 60.0, history: bool = False) -> str:
        """Poll the screen until `text` appears (the patience is a safety net, not a speed test)."""
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            screen = self.screen(history)
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared on screen:\n{self.screen(history)}")

    def wait_gone(self, text: str, patience: float = 60.0) -> None:
        deadline = time.monotonic() + patience
        while text in self.screen():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} stayed on screen:\n{self.screen()}")
            time.sleep(0.2)

    def keys(self, *keys: str) -> None:
        for key in keys:
            sent = subprocess.run(["tmux", "send-keys", "-t", self.name, key], capture_output=True, text=True)
            assert sent.returncode == 0, f"tmux send-keys {key!r}: {sent.stderr}\n{self.screen()}"
            time.sleep(0.15)

    def type(self, text: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text], check=True)

    def pid(self) -> int:
        out = subprocess.run(
            ["tmux", "list-panes", "-t", self.name, "-F", "#{pane_pid}"], capture_output=True, text=True
        ).stdout
        return int(out.split()[0])

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def test_sigkill_mid_exercise_then_resume_finds_every_acknowledged_action(tmp_path):
    session = tmp_path / "live.db"
    python = sys.executable
    scenario = ROOT / "scenarios" / "canal-ransomware.yaml"
    port = free_port()
    terminal = Terminal(f"cd {ROOT} && exec {python} -m tabletop run {scenario} --session {session} --listen {port}")
    try:
        terminal.wait_for("not started")
        terminal.keys("6")
        terminal.wait_for(f"tabletop://127.0.0.1:{port}/csirt_cell?key=")
        saved = session.with_suffix(".join.txt").read_text(encoding="utf-8")
        assert saved.startswith(f"csirt_cell\ttabletop://127.0.0.1:{port}/csirt_cell?key=")
        terminal.keys("Space")
        terminal.wait_for("RUNNING")
        terminal.keys("Space")
        terminal.wait_for("PAUSED")
        terminal.keys("n", "n")
        terminal.wait_for("T+00:15")
        terminal.keys("o")
        terminal.wait_for("Note at T+00:15")
        terminal.type("Evidence first, then isolate")
        terminal.keys("Enter")
        terminal.wait_gone("Note at T+00:15")  # the form has closed: the note was acknowledged
        terminal.keys("5")
        terminal.wait_for("note: Evidence first, then isolate")
        os.kill(terminal.pid(), signal.SIGKILL)
    finally:
        terminal.close()

    store = SQLiteStore.open(session, writable=False)
    saved = [json.loads(r.command) for r in store.records()]
    store.close()
    assert (
        saved[0] == {"kind": "start"}
        and {"kind": "note", "text": "Evidence first, then isolate", "team": None} in saved
    )

    terminal = Terminal(f"cd {ROOT} && exec {python} -m tabletop resume {session}")
    try:
        screen = terminal.wait_for("PAUSED")
        assert "T+00:15" in screen
        terminal.keys("5")
        terminal.wait_for("note: Evidence first, then isolate")
        terminal.keys("q")
        # printed after the console leaves the alternate screen; a long path wraps, and on a
        # busy machine the first line has been seen above the visible rows
        terminal.wait_for("Session saved in", history=True)
    finally:
        terminal.close()


class Room(Terminal):
    """One tmux window, four panes: the facilitator, two trainees and the room's projector."""

    def __init__(self, command: str) -> None:
        self.name = f"tabletop-{uuid.uuid4().hex[:8]}"
        size = ["-x", "200", "-y", "60"]
        for attempt in range(5):
            if subprocess.run(["tmux", "new-session", "-d", "-s", self.name, *size, command]).returncode == 0:
                break
            time.sleep(0.5 * (attempt + 1))
        else:
            raise AssertionError("tmux could not start a session")
        subprocess.run(["tmux", "set-option", "-t", self.name, "remain-on-exit", "on"], check=True)
        self.panes = [self._pane_ids()[0]]

    def _pane_ids(self) -> list[str]:
        out = subprocess.run(
            ["tmux", "list-panes", "-t", self.name, "-F", "#{pane_id}"], capture_output=True, text=True
        ).stdout
        return out.split()

    def open(self, command: str) -> int:
        """A new pane running `command`; the panes are tiled four to the window (100×30 each)."""
        subprocess.run(["tmux", "split-window", "-t", self.name, command], check=True)
        subprocess.run(["tmux", "select-layout", "-t", self.name, "tiled"], check=True)
        self.panes.append(next(p for p in self._pane_ids() if p not in self.panes))
        subprocess.run(["tmux", "select-pane", "-t", self.panes[0]], check=True)
        return len(self.panes) - 1

    def pane(self, index: int) -> Terminal:
        """A view of one pane with the Terminal methods (screen, wait_for, keys, type)."""
        view = Terminal.__new__(Terminal)
        view.name = self.panes[index]
        return view


def test_a_room_of_four_panes_sees_a_discussion_pause_and_typing_while_the_clock_runs_arrives_exactly(tmp_path):
    session = tmp_path / "live.db"
    python = sys.executable
    scenario = ROOT / "scenarios" / "canal-ransomware.yaml"
    port = free_port()
    tabletop = f"cd {ROOT} && exec {python} -m tabletop"
    room = Room(f"{tabletop} run {scenario} --session {session} --listen {port}")
    facilitator = room.pane(0)
    try:
        facilitator.wait_for("not started")
        joins_file = session.with_suffix(".join.txt")
        deadline = time.monotonic() + 60
        while not joins_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        joins = dict(line.split("\t") for line in joins_file.read_text(encoding="utf-8").splitlines())
        assert {"csirt_cell", "mfa_cell", "room", "observer"} <= joins.keys()
        csirt = room.pane(room.open(f"{tabletop} join '{joins['csirt_cell']}'"))
        mfa = room.pane(room.open(f"{tabletop} join '{joins['mfa_cell']}'"))
        projector = room.pane(room.open(f"{tabletop} join '{joins['room']}'"))
        csirt.wait_for("CSIRT cell")
        mfa.wait_for("Célula de canc")
        projector.wait_for("Canal")
        facilitator.keys("Space")
        facilitator.wait_for("RUNNING")
        for _ in range(4):
            facilitator.keys("+")  # up to x300: the clock moves five scenario minutes a second
        facilitator.keys("o")
        facilitator.wait_for("Note at")
        typed = "Typed while the clock runs: [b]not bold[/b] & {braces}"
        facilitator.type(typed)
        facilitator.keys("Enter")
        facilitator.wait_gone("Note at")
        facilitator.keys("D")
        facilitator.wait_for("Pause for discussion")
        facilitator.type("Who informs the host state?")
        facilitator.keys("Enter")
        facilitator.wait_for("PAUSED")
        for pane in (csirt, mfa, projector):
            pane.wait_for("Who informs the host state?")
        facilitator.keys("Space")
        facilitator.wait_for("RUNNING")
        for pane in (csirt, mfa, projector):
            pane.wait_gone("Who informs the host state?")
        facilitator.keys("Space")
        facilitator.wait_for("PAUSED")
        facilitator.keys("q")
        facilitator.wait_for("Session saved in", history=True)
    finally:
        room.close()

    log = subprocess.run(
        [python, "-m", "tabletop", "log", str(session), "--jsonl"], capture_output=True, text=True, cwd=ROOT
    )
    assert log.returncode == 0, log.stderr
    saved = [line["command"] for line in map(json.loads, log.stdout.splitlines()) if line["record"] == "command"]
    assert {"kind": "note", "text": typed, "team": None} in saved
    assert {"kind": "discuss", "text": "Who informs the host state?"} in saved
