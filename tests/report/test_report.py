"""`tabletop report`: the after-action report from the session file alone."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from tabletop.cli import main


def report(capsys, *args) -> str:
    capsys.readouterr()
    assert main(["report", *args]) == 0
    return capsys.readouterr().out


def test_markdown_report_has_every_aar_section(sessions, capsys):
    text = report(capsys, str(sessions["poor"]))
    for heading in (
        "# After-Action Report / Improvement Plan",
        "## Exercise overview",
        "## Timeline",
        "## Decisions by team",
        "## Playbook adherence",
        "## Objectives, ratings, strengths and areas for improvement",
        "## Facilitator notes",
        "## Improvement plan",
    ):
        assert heading in text
    assert "T+00:50: MFA cell debated attribution before any evidence" in text
    assert (
        "- **Rating:** **S**, Performed with some challenges (rated by the facilitator; suggested from scores: U)\n"
        "- **Analysis:** Liaison worked, but late\n"
    ) in text
    assert "facilitator adjustment -2: Spokesperson speculated on attribution" in text


def test_the_report_can_be_written_in_spanish(sessions, capsys):
    text = report(capsys, str(sessions["good"]), "--lang", "es")
    assert "# Informe posterior a la acción / Plan de mejora" in text
    assert "Bloqueos y llaves" in text or "## Cronología" in text


def test_a_language_the_scenario_lacks_is_refused(sessions, capsys):
    assert main(["report", str(sessions["good"]), "--lang", "fr"]) == 1
    assert "not 'fr'" in capsys.readouterr().err


def test_json_report_explains_every_score(sessions, capsys):
    data = json.loads(report(capsys, str(sessions["late"]), "--format", "json"))
    decision = data["evaluation"]["teams"]["csirt_cell"]["decisions"][0]
    criteria = sum(c["weighted"] for c in decision["criteria"])
    assert decision["points"] == pytest.approx(criteria + decision["timeliness"]["points"])
    assert 0 < decision["timeliness"]["marks"] < 1  # decided late in the window
    assert data["evaluation"]["objectives"]["whole_of_government"]["recorded"] == "S"


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_a_regenerated_report_is_byte_identical(sessions, tmp_path, fmt):
    digests = []
    for name in ("one", "two"):
        target = tmp_path / f"{name}.{fmt}"
        assert main(["report", str(sessions["good"]), "-o", str(target)]) == 0
        digests.append(hashlib.sha256(target.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_html_is_one_self_contained_file(sessions, tmp_path):
    target = tmp_path / "aar.html"
    assert main(["report", str(sessions["poor"]), "-o", str(target)]) == 0
    html = target.read_text(encoding="utf-8")
    assert html.count("<svg") >= 3
    for pattern in (r"src=", r"<link", r"<script", r"url\((?!#)", r'href="(?!#)', r"@import"):
        assert not re.search(pattern, html), pattern


@pytest.mark.parametrize("content", [b"", b"not a database", b"SQLite format 3\x00" + b"\x00" * 200])
def test_a_corrupt_or_foreign_session_is_refused_untouched(tmp_path, capsys, content):
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    assert main(["report", str(path)]) == 1
    assert capsys.readouterr().err.startswith("tabletop: ")
    assert path.read_bytes() == content


def test_the_html_report_charts_a_choice_on_its_values(write_scenario, tmp_path, capsys):
    from tests.session.test_session_json import CHANCE_AND_CHOICE

    session = tmp_path / "s.db"
    assert main(["play", str(write_scenario(CHANCE_AND_CHOICE)), "--session", str(session)]) == 0
    html = report(capsys, str(session), "--format", "html")
    charts = [part.split("</svg>")[0] for part in html.split("<svg")[1:]]
    chart = next(part for part in charts if ">confidence<" in part)
    assert all(f">{value}<" in chart for value in ("low", "moderate", "high"))
    data = json.loads(report(capsys, str(session), "--format", "json"))
    assert data["series"]["state"]["confidence"][:2] == [[0, 0.0], [0, 1.0]]
