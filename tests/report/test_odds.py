"""The report's odds for the decisions the facilitator marked for the debrief."""

from __future__ import annotations

import json

import pytest

from tabletop.cli import main
from tabletop.engine import commands as c
from tabletop.session import Session
from tests.cli.test_scripts import CONDITIONAL
from tests.conftest import ROOT

MARKS = """\
steps:
  - {at: 30m, team: csirt_cell, decide: d_contain, option: monitor}
  - {at: 2h41m, mark_for_debrief: d_consult, text: "Why go it alone? <b>[/]</b>"}
  - {at: 3h, mark_for_debrief: d_contain}
"""


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("marked")
    (folder / "marks.yaml").write_text(MARKS, encoding="utf-8")
    path = folder / "marked.db"
    scenario = str(ROOT / "scenarios" / "canal-ransomware.yaml")
    assert main(["play", scenario, "--decisions", str(folder / "marks.yaml"), "--session", str(path)]) == 0
    return path


def report(capsys, *args) -> str:
    capsys.readouterr()
    assert main(["report", *map(str, args)]) == 0
    return capsys.readouterr().out


def debrief(capsys, *args) -> dict:
    return json.loads(report(capsys, *args, "--format", "json"))["debrief"]


def test_json_gives_each_marked_decision_its_odds_from_when_it_opened(marked, capsys):
    odds = debrief(capsys, marked, "--odds-runs", "40")
    assert (odds["runs"], odds["seed"], odds["policy"]) == (40, 0, "random")
    consult, contain = odds["decisions"]
    assert (consult["decision"], consult["from"], contain["decision"], contain["from"]) == (
        "d_consult",
        "T+02:40",
        "d_contain",
        "T+00:30",
    )
    assert consult["marks"] == [{"clock": "T+02:41", "note": "Why go it alone? <b>[/]</b>"}]
    options = contain["odds"]["options"]
    assert [o["option"] for o in options] == ["shutdown_all", "wipe_restore", "isolate_segment", "monitor"]
    assert all(o["taken"] == 100 for o in options)
    for option in options:
        assert sum(option["outcomes"].values()) == pytest.approx(100, abs=0.5)
        assert set(option["mean_scores"]) == {"csirt_cell", "mfa_cell"}
    by_option = {o["option"]: o for o in options}
    assert by_option["isolate_segment"]["mean_scores"]["csirt_cell"] > by_option["monitor"]["mean_scores"]["csirt_cell"]


def test_the_odds_are_the_same_every_time_the_report_is_written(marked, capsys):
    assert debrief(capsys, marked, "--odds-runs", "30") == debrief(capsys, marked, "--odds-runs", "30")


def test_markdown_has_a_table_per_marked_decision_with_option_labels_and_the_note_escaped(marked, capsys):
    text = report(capsys, marked, "--odds-runs", "20")
    assert "## What if? The decisions marked for the debrief" in text
    assert "| Option | Taken | The government closes the canal to new arrivals |" in text
    assert "| Keep systems running and monitor the attackers to learn more before acting | 100% |" in text
    assert "Marked at T+02:41. Why go it alone? &lt;b&gt;\\[/\\]&lt;/b&gt; Played on from T+02:40" in text


def test_html_has_the_odds_tables(marked, tmp_path):
    target = tmp_path / "aar.html"
    assert main(["report", str(marked), "--odds-runs", "20", "-o", str(target)]) == 0
    html = target.read_text(encoding="utf-8")
    assert '<h2 id="debrief">What if? The decisions marked for the debrief</h2>' in html
    assert "<td>Keep systems running and monitor the attackers to learn more before acting</td>" in html
    assert "Why go it alone? &lt;b&gt;[/]&lt;/b&gt;" in html


def test_the_spanish_report_has_the_section_in_spanish(marked, capsys):
    text = report(capsys, marked, "--odds-runs", "10", "--lang", "es")
    assert "## ¿Y si…? Las decisiones señaladas para el debriefing" in text
    assert "| Opción | Tomada |" in text and "Jugado desde T+02:40, cuando se abrió." in text


def test_no_odds_lists_the_marks_without_playing(marked, capsys):
    odds = debrief(capsys, marked, "--no-odds")
    assert odds["runs"] is None and [d["odds"] for d in odds["decisions"]] == [None, None]
    assert "Odds not computed for this report." in report(capsys, marked, "--no-odds")


def test_a_session_without_marks_has_no_such_section(sessions, capsys):
    assert "What if?" not in report(capsys, sessions["good"])
    assert "debrief" not in json.loads(report(capsys, sessions["good"], "--format", "json"))


def test_a_decision_opened_by_a_command_is_played_on_from_just_after_it(write_scenario, tmp_path, capsys):
    session = Session.create(write_scenario(CONDITIONAL), tmp_path / "s.db", seed=1)
    for command in [
        c.Start(),
        c.Advance(to=600),
        c.DeliverInject(inject="press_call"),
        c.MarkForDebrief(decision="press_line"),
        c.End(),
    ]:
        session.submit(command)
    session.close()
    [press_line] = debrief(capsys, tmp_path / "s.db", "--odds-runs", "10")["decisions"]
    assert press_line["from"] == "T+00:10"
    assert [(o["option"], o["taken"]) for o in press_line["odds"]["options"]] == [("statement", 100), ("silence", 100)]
