"""`tabletop feedback`: a printed feedback form's answers entered into an ended session."""

from __future__ import annotations

import json

import pytest

from tabletop.cli import main
from tabletop.engine import commands as c
from tabletop.session import Session
from tests.conftest import ROOT

CANAL = ROOT / "scenarios" / "canal-ransomware.yaml"


@pytest.fixture
def ended(tmp_path):
    path = tmp_path / "canal.db"
    script = ROOT / "examples" / "canal-ransomware" / "good.yaml"
    assert main(["play", str(CANAL), "--decisions", str(script), "--session", str(path)]) == 0
    return path


def answers(tmp_path, text: str):
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def feedback_of(session, capsys) -> dict:
    capsys.readouterr()
    assert main(["report", str(session), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["feedback"]


def test_a_paper_form_is_recorded_and_summarised_in_the_report(ended, tmp_path, capsys):
    form = answers(
        tmp_path,
        "strengths: The cell met early\nimprovements: Nobody owned the press line\n"
        "ratings: {public_information: 2, whole_of_government: 4}\ncomments: More time\n",
    )
    assert main(["feedback", str(ended), "--team", "mfa_cell", "--file", str(form)]) == 0
    assert main(["feedback", str(ended), "--team", "mfa_cell", "--file", str(form)]) == 0
    assert "(2 form(s) from this team)" in capsys.readouterr().out  # no respondent: each paper form counts
    mfa = feedback_of(ended, capsys)["teams"][1]
    assert mfa["forms"] == 2 and mfa["strengths"] == ["The cell met early"] * 2
    assert [(r["objective"], r["mean"]) for r in mfa["ratings"]] == [
        ("whole_of_government", 4.0),
        ("public_information", 2.0),
    ]


def test_a_bad_form_is_told_at_its_line_and_nothing_is_recorded(ended, tmp_path, capsys):
    form = answers(tmp_path, "strengths: ok\nratings:\n  restore_transits: 4\n  public_informaton: 6\n")
    assert main(["feedback", str(ended), "--team", "mfa_cell", "--file", str(form)]) == 1
    assert f"{form}:4:22: must be at most 5, got 6" in capsys.readouterr().err
    form = answers(tmp_path, "strengths: ok\nratings:\n  restore_transits: 4\n  public_informaton: 3\n")
    assert main(["feedback", str(ended), "--team", "mfa_cell", "--file", str(form)]) == 1
    err = capsys.readouterr().err
    assert f"{form}:3:3: objective 'restore_transits' does not concern team 'mfa_cell'" in err
    assert f"{form}:4:3: unknown objective 'public_informaton' (did you mean 'public_information'?)" in err
    assert "Traceback" not in err
    capsys.readouterr()
    assert main(["report", str(ended), "--format", "json"]) == 0
    assert "feedback" not in json.loads(capsys.readouterr().out)


def test_an_unknown_team_is_refused_with_a_suggestion(ended, tmp_path, capsys):
    form = answers(tmp_path, "strengths: ok\n")
    assert main(["feedback", str(ended), "--team", "mfa_cel", "--file", str(form)]) == 1
    assert "unknown team 'mfa_cel' (did you mean 'mfa_cell'?)" in capsys.readouterr().err


def test_a_session_still_running_takes_no_feedback_yet(tmp_path, capsys):
    running = tmp_path / "running.db"
    session = Session.create(CANAL, running)
    session.submit(c.Start())
    session.close()
    form = answers(tmp_path, "strengths: ok\n")
    assert main(["feedback", str(running), "--team", "mfa_cell", "--file", str(form)]) == 1
    assert f"{running}: participant feedback comes after the exercise: end it first" in capsys.readouterr().err
