"""Shared fixtures: the minimal scenario, a scratch project with the bundled playbooks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def played_canal(path: Path, script: str = "poor", seed: int = 7) -> Path:
    """The canal scenario played headless with one of its example decision scripts, saved in `path`."""
    from tabletop.loader.scripts import load_script
    from tabletop.session import Session, play

    session = Session.create(ROOT / "scenarios" / "canal-ransomware.yaml", path, seed=seed)
    play(session, *load_script(ROOT / "examples" / "canal-ransomware" / f"{script}.yaml", session.loaded.scenario))
    session.close()
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder laid out like a trainer's: scenarios/ beside playbooks/ (the bundled ones)."""
    (tmp_path / "scenarios").mkdir()
    shutil.copytree(ROOT / "playbooks", tmp_path / "playbooks")
    return tmp_path


@pytest.fixture
def write_scenario(project: Path):
    """Write a scenario text into the scratch project and return its path."""

    def write(text: str | bytes, name: str = "exercise.yaml") -> Path:
        path = project / "scenarios" / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write
