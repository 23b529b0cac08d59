"""A played session, and a console holding one open in another process (a real second writer)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tabletop.cli import main
from tests.conftest import MINIMAL, ROOT

# What `tabletop run` / `tabletop resume` do to the store, without the Textual screen:
# open the session writable, record some commands, then stay open until told to stop.
CONSOLE = textwrap.dedent(
    """
    import sys
    from tabletop.engine import commands as c
    from tabletop.session import Session
    session = Session.resume(sys.argv[1])
    for i in range(int(sys.argv[2])):
        session.submit(c.Note(text=f"held note {i}"))
    print("ready", flush=True)
    sys.stdin.read()
    session.close()
    """
)


@pytest.fixture
def played(tmp_path, write_scenario) -> Path:
    """A session played to its end by `tabletop play`, closed."""
    session = tmp_path / "s.db"
    assert main(["play", str(write_scenario(MINIMAL)), "--session", str(session)]) == 0
    return session


@contextmanager
def console_holding(session: Path, notes: int = 3) -> Iterator[subprocess.Popen]:
    """Another process with `session` open for writing (after recording `notes` notes)."""
    child = subprocess.Popen(
        [sys.executable, "-c", CONSOLE, str(session), str(notes)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert child.stdout.readline() == "ready\n"
        yield child
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.wait()


def killed_console(session: Path, notes: int = 3) -> None:
    """A console that recorded `notes` notes and was SIGKILLed: its WAL, -shm and lock are left."""
    with console_holding(session, notes) as child:
        os.kill(child.pid, signal.SIGKILL)
