"""`tabletop validate` as a trainer runs it: exit codes, messages, JSON."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from tabletop.cli import build_parser, main
from tests.conftest import MINIMAL, ROOT


def test_bundled_scenarios_and_playbooks_are_valid(capsys):
    assert main(["validate", str(ROOT / "scenarios"), str(ROOT / "playbooks")]) == 0
    assert "file(s) valid" in capsys.readouterr().out


def test_problems_are_printed_as_file_line_col_and_exit_1(write_scenario, capsys):
    path = write_scenario(MINIMAL.replace("from: press", "from: pres"))
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:41:11: unknown actor 'pres' (did you mean 'press'?)" in err
    assert "1 problem(s) in 1 of 1 file(s)" in err


def test_all_files_in_a_folder_are_checked_and_all_problems_reported(write_scenario, capsys):
    write_scenario(MINIMAL, "good.yaml")
    bad = write_scenario(
        MINIMAL.replace("default: wait", "default: later").replace("to: [mfa_cell]", "to: [nobody]"), "bad.yaml"
    )
    assert main(["validate", str(bad.parent)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:42:10: unknown team 'nobody'" in err
    assert f"{bad}:52:14: unknown option 'later'" in err
    assert "2 problem(s) in 1 of 2 file(s)" in err


def test_json_output_lists_every_file(write_scenario, capsys):
    path = write_scenario(MINIMAL.replace("kind: media", "kind: tv"))
    assert main(["validate", "--json", str(path)]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["valid"] is False
    assert result["files"][0]["problems"][0]["line"] == 21
    assert result["files"][0]["problems"][0]["message"].startswith("'tv' is not allowed here")


def test_missing_path_is_a_problem_not_a_crash(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "missing.yaml")]) == 1
    assert "no such file or folder" in capsys.readouterr().err


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tabletop", *args], capture_output=True, text=True, cwd=ROOT)


def test_usage_errors_exit_2():
    result = run_cli("validate")
    assert result.returncode == 2
    assert "usage: tabletop validate" in result.stderr


def command_names() -> list[str]:
    subparsers = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return list(subparsers.choices)


def test_the_help_lists_every_command():
    result = run_cli("--help")
    assert result.returncode == 0
    assert len(command_names()) >= 11
    assert all(name in result.stdout for name in command_names())


@pytest.mark.parametrize("command", command_names())
def test_every_command_has_help_with_an_example(command):
    result = run_cli(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "example:\n  tabletop " + command in result.stdout


def test_broken_file_gives_no_traceback(write_scenario):
    path = write_scenario(b"\xff\xfe\x00garbage")
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "not UTF-8" in result.stderr


def test_shape_and_reference_problems_are_reported_in_one_pass(write_scenario, capsys):
    path = write_scenario(MINIMAL.replace("kind: media", "kind: tv").replace("to: [mfa_cell]", "to: [nobody]"))
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:21:" in err and "'tv' is not allowed here" in err
    assert f"{path}:42:10: unknown team 'nobody'" in err
