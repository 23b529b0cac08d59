"""Each command loads only what it uses, so it starts in a blink.

Every case runs `tabletop.cli.main([...])` in a fresh interpreter, requires exit code 0, and
checks which modules it left in `sys.modules`. Modules, not seconds: the libraries below are
what made every command, `--help` included, take about a second to start.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tabletop.cli import main
from tests.cli.test_validate import command_names
from tests.conftest import ROOT

CANAL = "scenarios/canal-ransomware.yaml"
HEAVY = ("matplotlib", "jinja2", "networkx", "textual")
"""Charts, report templates, a graph library and the console: none of them is needed to
check, show or describe a scenario or a session."""
READERS = ("pydantic", "tabletop.model", "sqlite3")
"""What reading a scenario (the models) or a session (sqlite3) takes: parsing the command
line takes neither."""

RUN = """\
import json, sys
from tabletop.cli import main
try:
    code = main(sys.argv[2:])
except SystemExit as exc:  # argparse's --help
    code = exc.code
with open(sys.argv[1], "w") as report:
    json.dump({"code": code, "modules": sorted(sys.modules)}, report)
"""


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> Path:
    """The canal scenario played with the good decisions."""
    path = tmp_path_factory.mktemp("startup") / "canal.db"
    script = ROOT / "examples" / "canal-ransomware" / "good.yaml"
    assert main(["play", str(ROOT / CANAL), "--decisions", str(script), "--session", str(path)]) == 0
    return path


def loaded_by(args: list[str], tmp_path: Path) -> set[str]:
    """The modules `tabletop ARGS` imports, run as a user runs it (from the project folder)."""
    report = tmp_path / "modules.json"
    result = subprocess.run(
        [sys.executable, "-c", RUN, str(report), *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(report.read_text(encoding="utf-8"))
    assert outcome["code"] == 0, result.stderr
    return set(outcome["modules"])


def imported(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(p for p in packages if any(m == p or m.startswith(p + ".") for m in modules))


@pytest.mark.parametrize("command", [None, *command_names()])
def test_help_builds_no_models_and_loads_no_heavy_library(command, tmp_path):
    args = ["--help"] if command is None else [command, "--help"]
    assert imported(loaded_by(args, tmp_path), HEAVY + READERS) == []


CHECKS = [
    f"validate {CANAL}",
    "validate scenarios playbooks --json",
    f"check {CANAL}",
    "check scenarios --json",
    f"show {CANAL}",
    "show playbooks/csirt-incident-handling.yaml --json",
    "schema --print scenario",
]


@pytest.mark.parametrize("command", CHECKS)
def test_checking_a_scenario_opens_no_session_and_loads_no_heavy_library(command, tmp_path):
    modules = loaded_by(command.split(), tmp_path)
    assert imported(modules, (*HEAVY, "sqlite3", "tabletop.engine")) == []


OUTPUTS = {
    "schema -o {tmp}": (),
    "log {session}": (),
    "log {session} --jsonl": (),
    "resume {session} --status": (),
    "resume {session} --json": (),
    f"play {CANAL} --json": (),
    f"simulate {CANAL} --runs 5 --json": (),
    "compare {session} {session} --json": (),
    "fork {session} --at 1h --session {tmp}": (),
    "report {session} --format json": (),
    "report {session} --format md": ("jinja2",),
    "report {session} --format html": ("jinja2", "matplotlib"),
}
"""Commands that read or write sessions, with the heavy libraries their output needs."""


@pytest.mark.parametrize("command", OUTPUTS)
def test_a_command_loads_only_the_libraries_its_output_needs(command, session, tmp_path):
    args = [arg.format(session=session, tmp=tmp_path / "out") for arg in command.split()]
    modules = loaded_by(args, tmp_path)
    allowed = OUTPUTS[command]
    assert imported(modules, tuple(p for p in HEAVY if p not in allowed)) == []
    assert imported(modules, allowed) == sorted(allowed)
