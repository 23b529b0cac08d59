"""An output file a user names never destroys a session, a scenario, or anything not ours."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys

import pytest

from tabletop.cli import main
from tabletop.cli.schema import schema_text
from tabletop.store.outputs import MARK, REPORT_PDF, OutputRefused, write_output
from tests.conftest import MINIMAL, ROOT
from tests.store.conftest import killed_console


def snapshot(folder) -> dict[str, bytes | str]:
    """Every entry in `folder`: a file's bytes, a link's target."""
    return {
        p.name: (f"-> {os.readlink(p)}" if p.is_symlink() else p.read_bytes() if p.is_file() else "folder")
        for p in sorted(folder.iterdir())
    }


def commands(session, capsys) -> int:
    """How many commands `tabletop resume` replays and verifies (exit 0 means they all check)."""
    capsys.readouterr()
    assert main(["resume", str(session), "--json"]) == 0
    return json.loads(capsys.readouterr().out)["commands"]


@pytest.fixture
def crashed(played):
    """A session whose latest commands are only in its WAL: a console was SIGKILLed."""
    killed_console(played, notes=5)
    assert played.with_name(played.name + "-wal").stat().st_size > 0
    return played


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal", ".lock"])
def test_a_report_is_never_written_over_a_file_of_the_session(crashed, suffix, capsys):
    expected = commands(crashed, capsys)
    before = snapshot(crashed.parent)
    assert main(["report", str(crashed), "-o", str(crashed) + suffix]) == 1
    err = capsys.readouterr().err
    assert f"tabletop: {crashed}{suffix}: that file is part of the session {crashed}" in err
    assert snapshot(crashed.parent) == before
    assert commands(crashed, capsys) == expected


def test_a_report_is_never_written_over_another_session_or_its_wal(crashed, tmp_path, write_scenario, capsys):
    other = tmp_path / "other.db"
    assert main(["play", str(write_scenario(MINIMAL)), "--session", str(other)]) == 0
    before = snapshot(tmp_path)
    assert main(["report", str(other), "-o", str(crashed)]) == 1
    assert "is a database (perhaps a session)" in capsys.readouterr().err
    assert main(["report", str(other), "-o", str(crashed) + "-wal"]) == 1
    assert f"that file is part of the database {crashed}" in capsys.readouterr().err
    assert snapshot(tmp_path) == before


def test_a_report_is_never_written_over_a_scenario(played, write_scenario, capsys):
    scenario = write_scenario(MINIMAL)
    before = scenario.read_bytes()
    assert main(["report", str(played), "--format", "md", "-o", str(scenario)]) == 1
    assert "is a YAML file (a scenario or playbook?)" in capsys.readouterr().err
    assert scenario.read_bytes() == before


def test_a_report_is_never_written_through_a_symlink(played, tmp_path, capsys):
    target = tmp_path / "precious.md"
    target.write_text("precious")
    link = tmp_path / "aar.md"
    link.symlink_to(target)
    assert main(["report", str(played), "-o", str(link)]) == 1
    assert "is a symbolic link" in capsys.readouterr().err
    assert link.is_symlink() and target.read_text() == "precious"


def test_a_report_is_never_written_over_a_session_through_a_symlink(crashed, tmp_path, capsys):
    expected = commands(crashed, capsys)
    link = tmp_path / "aar.md"
    link.symlink_to(crashed.name + "-wal")
    before = snapshot(tmp_path)
    assert main(["report", str(crashed), "-o", str(link)]) == 1
    assert snapshot(tmp_path) == before
    assert commands(crashed, capsys) == expected


@pytest.mark.parametrize("target", ["folder", "/dev/null"])
def test_a_report_is_written_to_a_file_only(played, tmp_path, target, capsys):
    path = tmp_path / target if target == "folder" else target
    if target == "folder":
        path.mkdir()
    assert main(["report", str(played), "--format", "md", "-o", str(path)]) == 1
    assert "name a file" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_an_existing_file_tabletop_did_not_write_is_left_alone(played, tmp_path, capsys):
    notes = tmp_path / "notes.md"
    notes.write_text("# my own notes\n")
    assert main(["report", str(played), "-o", str(notes)]) == 1
    err = capsys.readouterr().err
    assert f"{notes}: already exists and is not a report tabletop wrote; choose another name" in err
    assert notes.read_text() == "# my own notes\n"


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_a_report_tabletop_wrote_is_replaced(played, tmp_path, fmt, capsys):
    target = tmp_path / f"aar.{fmt}"
    assert main(["report", str(played), "-o", str(target)]) == 0
    first = target.read_bytes()
    target.write_bytes(first.replace(b"Exercise", b"Edited"))
    assert main(["report", str(played), "-o", str(target)]) == 0
    assert target.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_a_report_in_one_format_may_replace_one_in_another(played, tmp_path):
    target = tmp_path / "aar.txt"
    assert main(["report", str(played), "--format", "md", "-o", str(target)]) == 0
    assert main(["report", str(played), "--format", "html", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_report_ends_with_its_mark_and_is_not_secret(played, tmp_path):
    previous = os.umask(0o022)
    try:
        assert main(["report", str(played), "-o", str(tmp_path / "aar.md")]) == 0
    finally:
        os.umask(previous)
    assert (tmp_path / "aar.md").read_text(encoding="utf-8").endswith(f"<!-- {MARK} -->\n")
    assert stat.S_IMODE((tmp_path / "aar.md").stat().st_mode) == 0o644


def test_a_pdf_carries_its_mark_after_the_end_of_file(tmp_path):
    target = tmp_path / "aar.pdf"
    write_output(target, b"%PDF-1.4\n...\n%%EOF", REPORT_PDF)
    assert target.read_bytes() == f"%PDF-1.4\n...\n%%EOF\n% {MARK}\n".encode()
    write_output(target, b"%PDF-1.4\nnew\n%%EOF", REPORT_PDF)  # recognised, so replaced
    other = tmp_path / "scan.pdf"
    other.write_bytes(b"%PDF-1.4\nscan\n%%EOF")
    with pytest.raises(OutputRefused, match="not a report tabletop wrote"):
        write_output(other, b"%PDF-1.4\nnew\n%%EOF", REPORT_PDF)


def test_the_rule_is_in_report_help():
    result = subprocess.run([sys.executable, "-m", "tabletop", "report", "--help"], capture_output=True, text=True)
    assert "replaced only if it is a report tabletop wrote" in " ".join(result.stdout.split())


def test_schema_replaces_its_own_files_only(tmp_path, capsys):
    shutil.copy(ROOT / "schema" / "scenario.schema.json", tmp_path / "scenario.schema.json")
    assert main(["schema", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "playbook.schema.json").read_text(encoding="utf-8") == schema_text("playbook")
    (tmp_path / "playbook.schema.json").write_text('{"title": "someone else\'s"}')
    before = snapshot(tmp_path)
    assert main(["schema", "-o", str(tmp_path)]) == 1
    assert "is not a JSON Schema tabletop wrote" in capsys.readouterr().err
    assert snapshot(tmp_path) == before


def test_schema_reference_updates_a_document_in_place_but_never_through_a_link(tmp_path, capsys):
    document = tmp_path / "authoring.md"
    shutil.copy(ROOT / "docs" / "authoring.md", document)
    link = tmp_path / "link.md"
    link.symlink_to(document.name)
    assert main(["schema", "-o", str(tmp_path / "schema"), "--reference", str(link)]) == 1
    assert "is a symbolic link" in capsys.readouterr().err
    assert main(["schema", "-o", str(tmp_path / "schema"), "--reference", str(document)]) == 0
    assert document.read_text(encoding="utf-8") == (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")


def test_a_deeply_nested_json_file_is_not_mistaken_for_ours(played, tmp_path, capsys):
    target = tmp_path / "aar.json"
    target.write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}")
    before = target.read_bytes()
    assert main(["report", str(played), "-o", str(target)]) == 1
    assert "is not a report tabletop wrote" in capsys.readouterr().err
    assert target.read_bytes() == before
