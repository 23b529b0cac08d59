"""`tabletop pack`: the exercise documents written into a folder, and what it refuses."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from tabletop.cli import main
from tabletop.report.pack import DOCUMENTS
from tabletop.store.outputs import MARK
from tests.conftest import FIXTURES, ROOT

MSP = ROOT / "examples" / "msp-supply-chain.yaml"


def pack(*args: str) -> int:
    return main(["pack", *map(str, args)])


def test_writes_every_document_in_every_language(tmp_path, capsys):
    target = tmp_path / "docs" / "msp"
    assert pack(MSP, "-o", target, "--format", "html") == 0
    expected = {f"{name}.{lang}.html" for name in DOCUMENTS for lang in ("en", "es")}
    assert {p.name for p in target.iterdir()} == expected
    assert capsys.readouterr().err.count("wrote ") == len(expected)
    assert (target / "handbook.es.html").read_text(encoding="utf-8").rstrip().endswith(f"<!-- {MARK} -->")


def test_lang_and_format_choose_the_files(tmp_path):
    assert pack(MSP, "-o", tmp_path, "--lang", "es", "--format", "html") == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{name}.es.html" for name in DOCUMENTS)


def test_writing_again_replaces_its_own_documents(tmp_path):
    assert pack(MSP, "-o", tmp_path, "--lang", "en", "--format", "html") == 0
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert pack(MSP, "-o", tmp_path, "--lang", "en", "--format", "html") == 0
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_never_overwrites_a_file_it_did_not_write(tmp_path, capsys):
    mine = tmp_path / "handbook.en.html"
    mine.write_text("<p>my own handbook</p>", encoding="utf-8")
    assert pack(MSP, "-o", tmp_path, "--lang", "en", "--format", "html") == 1
    err = capsys.readouterr().err
    assert "handbook.en.html: already exists and is not an exercise document tabletop wrote" in err
    assert mine.read_text(encoding="utf-8") == "<p>my own handbook</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handbook.en.html"]  # refused before writing any


def test_a_missing_scenario_is_a_clear_error(tmp_path, capsys):
    assert pack(tmp_path / "nope.yaml", "-o", tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert "nope.yaml" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_an_invalid_scenario_reports_where(write_scenario, tmp_path, capsys):
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8").replace("title:", "titel:", 1)
    path = write_scenario(text)
    assert pack(path, "-o", tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert re.search(r"exercise\.yaml:\d+:\d+: ", err) and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_file_where_the_folder_should_be_is_refused(tmp_path, capsys):
    target = tmp_path / "pack"
    target.write_text("a file", encoding="utf-8")
    assert pack(MSP, "-o", target, "--format", "html") == 1
    assert "is a file, not a folder" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "a file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_folder_is_refused(tmp_path, capsys):
    target = tmp_path / "locked"
    target.mkdir()
    target.chmod(0o500)
    try:
        assert pack(MSP, "-o", target, "--format", "html") == 1
    finally:
        target.chmod(0o700)
    assert "cannot write into" in capsys.readouterr().err


def test_an_unknown_language_is_refused(tmp_path, capsys):
    assert pack(MSP, "-o", tmp_path, "--lang", "fr") == 1
    assert "written in en, es, not 'fr'" in capsys.readouterr().err


def test_an_unknown_format_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit:
        pack(MSP, "-o", tmp_path, "--format", "html,docx")
    assert exit.value.code == 2
    assert "give html, pdf or html,pdf" in capsys.readouterr().err


def test_pdf_without_a_browser_says_how_to_get_one(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert pack(MSP, "-o", tmp_path, "--format", "pdf") == 1
    assert "need Chromium" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_made_is_refused(tmp_path, capsys):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert pack(MSP, "-o", tmp_path / "file" / "pack", "--format", "html") == 1
    err = capsys.readouterr().err
    assert "cannot make the folder" in err and "Traceback" not in err
