"""The test tree mirrors src/tabletop, so the tests of a module are where one looks for them."""

from __future__ import annotations

from tests.conftest import ROOT

SRC = ROOT / "src" / "tabletop"
TESTS = ROOT / "tests"


def test_every_test_folder_matches_a_package():
    packages = {p.name for p in SRC.iterdir() if (p / "__init__.py").exists()}
    folders = {p.name for p in TESTS.iterdir() if p.is_dir() and p.name not in ("fixtures", "__pycache__")}
    assert folders <= packages, f"test folders without a package: {sorted(folders - packages)}"
