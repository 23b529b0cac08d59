"""Shared fixtures: the minimal scenario, a scratch project with the bundled playbooks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


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
