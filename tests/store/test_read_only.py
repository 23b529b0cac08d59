"""Read-only commands work on a session we may read but not write: in a read-only folder, or a
read-only file, whether it was closed cleanly or a crash left commands in its WAL.

Tests run as root, where permissions stop nothing, so as root the command runs under
`setpriv` without the capabilities that let root ignore permissions (it stays the owner of
everything, like an ordinary user, and can still reach a checkout in a private folder). The
folder or file is then simply made read-only. The in-process tests at the end force each
branch of the read-only open, to pin down what each
one reads; only the subprocess tests prove that nothing needs writing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tabletop.cli import main
from tabletop.store import SQLiteStore
from tests.conftest import MINIMAL, ROOT
from tests.store.conftest import killed_console

AS_ROOT = os.geteuid() == 0
SETPRIV = shutil.which("setpriv")
pytestmark = pytest.mark.skipif(
    AS_ROOT and SETPRIV is None, reason="as root, reading without root's powers needs setpriv"
)


@pytest.fixture
def folder():
    """A folder of its own (made read-only by the tests, writable again to be removed)."""
    path = Path(tempfile.mkdtemp(prefix="tabletop-read-only-"))
    path.chmod(0o755)
    yield path
    path.chmod(0o755)
    shutil.rmtree(path)


@pytest.fixture
def session(folder) -> Path:
    """A played session in `folder`, beside the scenario and playbooks it was played on."""
    shutil.copytree(ROOT / "playbooks", folder / "playbooks")
    (folder / "scenarios").mkdir()
    scenario = folder / "scenarios" / "exercise.yaml"
    scenario.write_text(MINIMAL, encoding="utf-8")
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    path = folder / "s.db"
    assert main(["play", str(scenario), "--session", str(path)]) == 0
    return path


def files_of(session: Path) -> list[Path]:
    return [p for p in session.parent.iterdir() if p.name.startswith(session.name)]


def read_only_folder(session: Path) -> None:
    session.parent.chmod(0o555)


def read_only_file(session: Path) -> None:
    session.chmod(0o400)


ROOTS_POWERS = "-dac_override,-dac_read_search,-fowner"
"""Capabilities that let root read, write and chmod regardless of permissions."""


def as_reader(*args: str) -> subprocess.CompletedProcess:
    prefix = [SETPRIV, f"--bounding-set={ROOTS_POWERS}", "--"] if AS_ROOT else []
    return subprocess.run([*prefix, sys.executable, "-m", "tabletop", *args], capture_output=True, text=True, cwd=ROOT)


def read_everything(session: Path) -> int:
    """Every read-only command succeeds; returns how many commands `resume --status` verified."""
    for args in (["log"], ["log", "--jsonl"], ["report"], ["report", "--format", "json"]):
        result = as_reader(args[0], str(session), *args[1:])
        assert (result.returncode, result.stderr) == (0, "")
    result = as_reader("compare", str(session), str(session))
    assert (result.returncode, result.stderr) == (0, "")
    result = as_reader("resume", str(session), "--json")
    assert (result.returncode, result.stderr) == (0, "")
    return json.loads(result.stdout)["commands"]


def count(session: Path) -> int:
    """How many commands the session holds, read from a copy (reading in place leaves a -shm)."""
    with tempfile.TemporaryDirectory() as scratch:
        for path in files_of(session):
            shutil.copy(path, Path(scratch) / path.name)
        store = SQLiteStore.open(Path(scratch) / session.name, writable=False)
        try:
            return store.count()
        finally:
            store.close()


def test_a_closed_session_in_a_read_only_folder_can_be_read(session):
    expected = count(session)
    before = sorted(p.name for p in session.parent.iterdir())
    assert [p.name for p in files_of(session)] == ["s.db"]  # no -shm to read alongside
    read_only_folder(session)
    assert read_everything(session) == expected
    assert sorted(p.name for p in session.parent.iterdir()) == before


def test_a_crashed_session_in_a_read_only_folder_is_read_with_its_wal(session):
    killed_console(session, notes=5)
    expected = count(session)
    session.with_name(session.name + "-shm").unlink()  # so SQLite could not read in place
    read_only_folder(session)
    assert read_everything(session) == expected


def test_a_read_only_session_file_can_be_read(session):
    expected = count(session)
    before = session.read_bytes()
    read_only_file(session)
    assert read_everything(session) == expected
    assert session.read_bytes() == before


def test_a_read_only_folder_refuses_a_console_clearly(session):
    read_only_folder(session)
    result = as_reader("resume", str(session))
    assert result.returncode == 1
    assert result.stderr.startswith(f"tabletop: {session}: cannot be opened for writing")
    assert "Traceback" not in result.stderr


@pytest.fixture
def not_in_place(monkeypatch):
    """Force the branches taken where SQLite could not read the file in place."""
    monkeypatch.setattr("tabletop.store.sqlite._readable_in_place", lambda path: False)


def test_a_closed_session_read_as_if_from_a_read_only_folder_is_whole(played, not_in_place, capsys):
    assert not played.with_name(played.name + "-wal").exists()
    assert main(["resume", str(played), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["commands"] > 0


def test_pending_commands_are_read_from_a_private_copy_that_goes_away(
    played, not_in_place, monkeypatch, tmp_path, capsys
):
    expected = count(played)
    killed_console(played, notes=5)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    assert main(["resume", str(played), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["commands"] == expected + 5
    assert list(scratch.iterdir()) == []
