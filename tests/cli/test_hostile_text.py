"""Text is data in every command: a scenario and a script full of hostile text (tests/hostile.py)
validate, show, play, log, report, compare, resume and graph, each showing the text as typed."""

from __future__ import annotations

import json

import pytest
from markdown_it import MarkdownIt

from tabletop.cli import main
from tabletop.text import HIDDEN
from tests.hostile import (
    HOSTILE,
    LONG,
    SCRIPT,
    TYPED,
    assert_inert_html,
    assert_shown_as_typed,
    playbook_yaml,
    scenario_yaml,
)


@pytest.fixture
def wide(monkeypatch):
    """A terminal wide enough that tables never wrap a token (Rich reads COLUMNS)."""
    monkeypatch.setenv("COLUMNS", "100000")


@pytest.fixture
def playbook(project):
    """The scenario's playbook, its titles carrying the corpus."""
    path = project / "playbooks" / "csirt-incident-handling.yaml"
    path.write_text(playbook_yaml(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


@pytest.fixture
def played(write_scenario, playbook, tmp_path, wide, capsys):
    """The hostile scenario and playbook played with the hostile script: (scenario, session)."""
    scenario = write_scenario(scenario_yaml())
    script = tmp_path / "script.yaml"
    script.write_text(SCRIPT, encoding="utf-8")
    session = tmp_path / "hostile.db"
    assert main(["play", str(scenario), "--decisions", str(script), "--session", str(session)]) == 0
    return scenario, session


def output(capsys) -> str:
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert HIDDEN.search(captured.err) is None
    return captured.out


def test_validate_accepts_hostile_text(write_scenario, capsys):
    assert main(["validate", str(write_scenario(scenario_yaml()))]) == 0
    assert "1 file(s) valid" in output(capsys)


def test_show_prints_every_text_as_typed(write_scenario, wide, capsys):
    assert main(["show", str(write_scenario(scenario_yaml()))]) == 0
    out = output(capsys)
    assert_shown_as_typed(out)
    assert LONG.strip() in out


def test_show_prints_a_playbook_as_typed(playbook, wide, capsys):
    assert main(["show", str(playbook)]) == 0
    assert_shown_as_typed(output(capsys))


def test_show_json_keeps_the_text_and_escapes_what_a_terminal_would_obey(write_scenario, capsys):
    assert main(["show", str(write_scenario(scenario_yaml())), "--json"]) == 0
    out = output(capsys)
    assert HIDDEN.search(out) is None
    assert json.loads(out)["title"] == HOSTILE


def test_play_prints_scenario_and_script_text_as_typed(played, capsys):
    out = output(capsys)
    assert_shown_as_typed(out)
    assert "Session saved to" in out


def test_log_prints_notes_with_their_team_label(played, capsys):
    _, session = played
    capsys.readouterr()
    assert main(["log", str(session)]) == 0
    out = output(capsys)
    assert_shown_as_typed(out)
    assert f"note [mfa_cell]: {TYPED}" in out
    assert "[bold]x[/bold]" in out


def test_log_jsonl_keeps_the_text(played, capsys):
    _, session = played
    capsys.readouterr()
    assert main(["log", str(session), "--jsonl"]) == 0
    out = output(capsys)
    assert HIDDEN.search(out) is None
    commands = [line["command"] for line in map(json.loads, out.splitlines()) if line["record"] == "command"]
    assert next(c for c in commands if c["kind"] == "decide")["rationale"] == TYPED


def report(session, fmt: str, capsys) -> str:
    capsys.readouterr()
    assert main(["report", str(session), "--format", fmt]) == 0
    return output(capsys)


def test_html_report_escapes_every_text(played, capsys):
    page = report(played[1], "html", capsys)
    assert_inert_html(page)
    assert "{{ 7*7 }}" in page
    assert "assign a severity [/] [bold]x[/bold]" in page  # a playbook step
    assert LONG.strip() in " ".join(page.split())


def test_markdown_report_renders_as_inert_text(played, capsys):
    markdown = report(played[1], "md", capsys)
    assert HIDDEN.search(markdown) is None
    assert_inert_html(MarkdownIt("commonmark").enable("table").render(markdown))


def test_json_report_keeps_the_text(played, capsys):
    out = report(played[1], "json", capsys)
    assert HIDDEN.search(out) is None
    assert json.loads(out)["overview"]["scenario"]["title"] == HOSTILE


def test_compare_and_resume_status_print_the_text_as_typed(played, tmp_path, capsys):
    scenario, session = played
    other = tmp_path / "other.db"
    assert main(["play", str(scenario), "--session", str(other)]) == 0
    capsys.readouterr()
    assert main(["compare", str(session), str(other)]) == 0
    assert "hostile" in output(capsys)
    assert main(["resume", str(session), "--status"]) == 0
    assert_shown_as_typed(output(capsys))
    assert main(["resume", str(session), "--json"]) == 0
    assert HIDDEN.search(output(capsys)) is None


def test_simulate_prints_the_text_as_typed(write_scenario, wide, capsys):
    assert main(["simulate", str(write_scenario(scenario_yaml())), "--runs", "3"]) == 0
    assert HIDDEN.search(output(capsys)) is None


def test_a_control_character_in_a_script_is_refused_at_its_line(write_scenario, tmp_path, capsys):
    scenario = write_scenario(scenario_yaml())
    script = tmp_path / "script.yaml"
    script.write_text('steps:\n  - {at: 20m, team: csirt_cell, decide: contain, option: wait, rationale: "a\\e[2Jb"}\n')
    assert main(["play", str(scenario), "--decisions", str(script)]) == 1
    err = capsys.readouterr().err
    assert f"{script}:2:" in err and "control character (U+001B, shown as ␛)" in err
    assert HIDDEN.search(err) is None


def test_an_error_quoting_hostile_text_shows_it_visibly(write_scenario, capsys):
    path = write_scenario(scenario_yaml().replace("capability: Cybersecurity", 'capability: "\\e]0;pwned\\a[/]"'))
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "␛]0;pwned␇[/]" in err and HIDDEN.search(err) is None


def test_graph_draws_every_text_as_typed(write_scenario, playbook, tmp_path, capsys):
    import xml.etree.ElementTree as ET

    scenario = write_scenario(scenario_yaml())
    svg, page = tmp_path / "flow.svg", tmp_path / "flow.html"
    assert main(["graph", str(scenario), "-o", str(svg)]) == 0
    assert main(["graph", str(scenario), "-o", str(page)]) == 0
    texts = [t.text or "" for t in ET.parse(svg).getroot().iter("{http://www.w3.org/2000/svg}text")]
    assert_shown_as_typed("\n".join(texts))
    assert_inert_html(page.read_text(encoding="utf-8"))
