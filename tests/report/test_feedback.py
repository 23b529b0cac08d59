"""Participant feedback and the hot wash in the after-action report: per team, anonymous."""

from __future__ import annotations

import json

import pytest

from tabletop.cli import main
from tests.conftest import ROOT
from tests.report.test_report_in_browser import BROWSER, FLAGS

FEEDBACK = """\
  - {at: "T+07:00", feedback: csirt_cell, respondent: seat-7f3a, ratings: {contain_protect_ot: 2}, strengths: Old answer}
  - {at: "T+07:00", feedback: csirt_cell, respondent: seat-7f3a, ratings: {contain_protect_ot: 4, share_indicators: 3}, strengths: "Quick isolation <script>alert(1)</script>"}
  - {at: "T+07:00", feedback: csirt_cell, respondent: seat-19bc, ratings: {contain_protect_ot: 2}, improvements: "Logs came late [/]"}
  - {at: "T+07:00", feedback: csirt_cell, ratings: {contain_protect_ot: 5}, comments: A paper form}
  - {at: "T+07:00", feedback: mfa_cell, respondent: seat-2d4e, ratings: {public_information: 1}, improvements: No press line}
  - {at: "T+07:00", hot_wash: strength, text: The CSIRT isolated early, team: csirt_cell}
  - {at: "T+07:00", hot_wash: improvement, text: "Who speaks for government? *unclear*"}
"""


@pytest.fixture(scope="module")
def with_feedback(tmp_path_factory):
    folder = tmp_path_factory.mktemp("feedback")
    script = folder / "good.yaml"
    good = (ROOT / "examples" / "canal-ransomware" / "good.yaml").read_text(encoding="utf-8")
    script.write_text(good + FEEDBACK, encoding="utf-8")
    path = folder / "good.db"
    scenario = str(ROOT / "scenarios" / "canal-ransomware.yaml")
    assert main(["play", scenario, "--decisions", str(script), "--session", str(path)]) == 0
    return path


def report(capsys, *args) -> str:
    capsys.readouterr()
    assert main(["report", *args]) == 0
    return capsys.readouterr().out


def test_json_summarises_each_teams_forms_counting_a_resubmission_once(with_feedback, capsys):
    feedback = json.loads(report(capsys, str(with_feedback), "--format", "json"))["feedback"]
    csirt, mfa = feedback["teams"]
    assert (csirt["id"], csirt["forms"], mfa["forms"]) == ("csirt_cell", 3, 1)
    assert [(r["objective"], r["count"], r["mean"], r["min"], r["max"]) for r in csirt["ratings"]] == [
        ("contain_protect_ot", 3, 3.7, 2, 5),
        ("share_indicators", 1, 3.0, 3, 3),
    ]
    assert csirt["strengths"] == ["Quick isolation <script>alert(1)</script>"]
    assert csirt["improvements"] == ["Logs came late [/]"] and csirt["comments"] == ["A paper form"]
    assert feedback["hot_wash"] == {
        "strength": [{"team": "CSIRT cell (AurCERT)", "text": "The CSIRT isolated early"}],
        "improvement": [{"team": "", "text": "Who speaks for government? *unclear*"}],
    }


def test_the_report_never_names_a_respondent(with_feedback, capsys):
    for fmt in ("md", "html", "json"):
        text = report(capsys, str(with_feedback), "--format", fmt)
        assert "seat-" not in text and "Old answer" not in text


def test_markdown_has_the_feedback_section_with_text_escaped(with_feedback, capsys):
    text = report(capsys, str(with_feedback))
    assert "## Participant feedback and hot wash" in text
    assert "### CSIRT cell (AurCERT): 3 feedback form(s) returned" in text
    assert "| Contain the ransomware without losing control of canal operations | 3 | 3.7 | 2–5 |" in text or (
        "| 3 | 3.7 | 2–5 |" in text
    )
    assert "&lt;script&gt;" in text and "<script>" not in text
    assert "\\*unclear\\*" in text and "Logs came late \\[/\\]" in text
    assert "### Hot wash" in text and "- CSIRT cell (AurCERT): The CSIRT isolated early" in text


def test_html_has_the_feedback_section_with_text_escaped(with_feedback, tmp_path):
    target = tmp_path / "aar.html"
    assert main(["report", str(with_feedback), "-o", str(target)]) == 0
    html = target.read_text(encoding="utf-8")
    assert '<h2 id="feedback">Participant feedback and hot wash</h2>' in html
    assert "<h3>Foreign-ministry cell (MFA): 1 feedback form(s) returned</h3>" in html
    assert "Quick isolation &lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html


def test_the_spanish_report_names_the_section_in_spanish(with_feedback, capsys):
    text = report(capsys, str(with_feedback), "--lang", "es")
    assert "## Opiniones de los participantes y evaluación en caliente" in text
    assert "3 formulario(s) de opinión recibido(s)" in text and "### Evaluación en caliente" in text


def test_a_session_without_feedback_has_no_such_section(sessions, capsys):
    assert "Participant feedback" not in report(capsys, str(sessions["good"]))
    assert "feedback" not in json.loads(report(capsys, str(sessions["good"]), "--format", "json"))


@pytest.mark.skipif(BROWSER is None, reason="chromium is not installed")
def test_the_feedback_section_reads_as_typed_in_a_browser(with_feedback, tmp_path):
    from playwright.sync_api import sync_playwright

    target = tmp_path / "aar.html"
    assert main(["report", str(with_feedback), "-o", str(target)]) == 0
    dialogs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=BROWSER, args=FLAGS)
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(target.as_uri())
        section = page.locator("#feedback ~ *").all_inner_texts()
        browser.close()
    shown = "\n".join(section)
    assert "Quick isolation <script>alert(1)</script>" in shown and dialogs == []
    assert "CSIRT cell (AurCERT): The CSIRT isolated early" in shown
