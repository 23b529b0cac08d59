"""`tabletop show`: a readable summary of a scenario or playbook."""

from __future__ import annotations

import json

from tabletop.cli import main
from tests.conftest import MINIMAL, ROOT


def test_show_lists_actors_teams_injects_and_decisions(write_scenario, capsys):
    path = write_scenario(MINIMAL)
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    for expected in (
        "Minimal exercise",
        "National CSIRT",
        "csirt_cell",
        "first_report",
        "T+00:00",
        "contain",
        "* wait",
    ):
        assert expected in out


def test_show_json_is_the_validated_document(write_scenario, capsys):
    path = write_scenario(MINIMAL)
    assert main(["show", "--json", str(path)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["injects"][1]["from"] == "press"
    assert document["injects"][1]["delay"] == 600


def test_show_a_playbook(capsys):
    assert main(["show", str(ROOT / "playbooks" / "csirt-incident-handling.yaml")]) == 0
    assert "containment" in capsys.readouterr().out


def test_show_an_invalid_file_reports_problems(write_scenario, capsys):
    path = write_scenario(MINIMAL.replace("id: minimal", "id: Minimal"))
    assert main(["show", str(path)]) == 1
    assert f"{path}:2:5: 'Minimal' is not a valid id" in capsys.readouterr().err


def test_show_lists_facilitator_notes_and_discussion_questions_in_the_chosen_language(capsys):
    assert main(["show", str(ROOT / "scenarios" / "canal-ransomware.yaml"), "--lang", "es"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Facilitator guide (never shown to teams)" in out
    assert "Inject de apertura" in out.replace("│", " ").replace("  ", " ")
    assert "¿Quién decide si se paga" in " ".join(out.replace("│", " ").split())


def test_show_says_how_long_a_condition_must_hold_and_an_injects_chance(write_scenario, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    text = MINIMAL.replace("    delay: 10m\n", "    holds_for: 10m\n    chance: 0.25\n").replace(
        "    opens: {at: 15m}\n", "    opens: {when: state.services_down, holds_for: 5m}\n"
    )
    assert main(["show", str(write_scenario(text))]) == 0
    out = capsys.readouterr().out
    assert "when state.public_pressure >= 30 held 00:10" in out and "(chance 25%)" in out
    assert "when state.services_down held 00:05" in out
