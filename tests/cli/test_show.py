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


def test_show_says_how_an_inject_recurs_and_that_it_goes_to_all_teams(capsys):
    from tests.model.test_inject_docs import EXAMPLE

    assert main(["show", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "T+00:30 every 00:30" in out and "csirt → all teams" in out


def test_the_catalogue_lists_every_bundled_scenario_with_what_a_programme_manager_picks_by(capsys):
    assert main(["show", "--catalogue", str(ROOT / "scenarios"), "--json"]) == 0
    catalogue = json.loads(capsys.readouterr().out)
    rows = {row["id"]: row for row in catalogue["scenarios"]}
    assert set(rows) == {path.stem for path in (ROOT / "scenarios").glob("*.yaml")}
    canal = rows["canal-ransomware"]
    assert (canal["duration"], canal["scenario_time"], canal["pace"], canal["play_time"]) == ("3h", "6h", 2, "3h")
    assert canal["languages"] == ["en", "es"] and canal["audience"] and canal["objectives"]
    assert catalogue["problems"] == []


def test_the_catalogue_reads_in_the_language_asked(capsys):
    assert main(["show", "--catalogue", str(ROOT / "scenarios"), "--lang", "es"]) == 0
    out = capsys.readouterr().out
    assert "Scenario library" in out and "canal-ransomware: 7 objective(s)" in out
    assert main(["show", "--catalogue", str(ROOT / "scenarios"), "--lang", "es", "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)["scenarios"]}
    assert rows["canal-ransomware"]["title"].startswith("Esclusas y llaves")
    assert rows["cross-border-disinformation"]["title"].startswith("Vessa a oscuras")


def test_the_catalogue_skips_scripts_and_playbooks_and_reports_a_broken_scenario(project, write_scenario, capsys):
    write_scenario(MINIMAL, "good.yaml")
    write_scenario(MINIMAL.replace("id: minimal", "id: broken\nbogus: 1", 1), "broken.yaml")
    (project / "scenarios" / "script.yaml").write_text("steps:\n  - {at: 0, note: hello}\n", encoding="utf-8")
    assert main(["show", "--catalogue", str(project / "scenarios")]) == 1
    out, err = capsys.readouterr()
    assert "minimal: 1 objective(s)" in out and "script" not in out
    assert "broken.yaml:3:1: unknown key 'bogus'" in err and "Traceback" not in err


def test_prerequisites_are_listed(write_scenario, capsys):
    path = write_scenario(
        MINIMAL.replace("clock:", "prerequisites: [Read the national incident response plan]\nclock:", 1)
    )
    assert main(["show", "--catalogue", str(path.parent)]) == 0
    assert "prerequisite: Read the national incident response plan" in capsys.readouterr().out


def test_show_without_a_file_is_a_usage_error(capsys):
    try:
        main(["show"])
    except SystemExit as exc:
        assert exc.code == 2
    assert "show needs a FILE" in capsys.readouterr().err


def test_a_catalogue_of_a_file_is_refused(write_scenario, capsys):
    path = write_scenario(MINIMAL)
    assert main(["show", "--catalogue", str(path)]) == 1
    assert "not a folder of scenarios" in capsys.readouterr().err
