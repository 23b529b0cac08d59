"""`tabletop new`: a commented skeleton that validates, plays and simulates as written."""

from __future__ import annotations

import json

import pytest

from tabletop.cli import main


def new(tmp_path, *args: str) -> int:
    return main(["new", "port-outage", *args, "-o", str(tmp_path)])


@pytest.mark.parametrize("languages", ["en", "en,es"])
def test_new_validates_plays_and_simulates(tmp_path, capsys, languages):
    assert new(tmp_path, "--teams", "csirt_cell,mfa_cell", "--lang", languages) == 0
    assert "next: replace the TODO texts" in capsys.readouterr().out
    scenario = tmp_path / "port-outage.yaml"
    assert main(["validate", str(tmp_path)]) == 0
    assert "4 file(s) valid" in capsys.readouterr().out
    outcomes = {}
    for script in ("good", "poor"):
        assert (
            main(["play", str(scenario), "--decisions", str(tmp_path / "port-outage" / f"{script}.yaml"), "--json"])
            == 0
        )
        outcomes[script] = json.loads(capsys.readouterr().out)["outcome"]
    assert outcomes == {"good": "contained", "poor": "time_up"}
    assert main(["simulate", str(scenario), "--runs", "50", "--json"]) == 0
    assert main(["graph", str(scenario), "-o", str(tmp_path / "flow.svg")]) == 0


def test_every_text_is_a_marked_placeholder_in_each_language(tmp_path):
    assert new(tmp_path, "--lang", "en,es") == 0
    text = (tmp_path / "port-outage.yaml").read_text()
    assert 'en: "TODO (en): title of the exercise"' in text
    assert 'es: "TODO (es): title of the exercise"' in text


def test_the_comments_survive(tmp_path, capsys):
    assert new(tmp_path) == 0
    assert main(["validate", str(tmp_path)]) == 0
    scenario = (tmp_path / "port-outage.yaml").read_text()
    assert scenario.startswith("# yaml-language-server: $schema=")
    assert "# A skeleton scenario written by `tabletop new`" in scenario
    assert "default: wait                    # ... and then 'wait' applies" in scenario
    script = (tmp_path / "port-outage" / "good.yaml").read_text()
    assert "# Steps: decide, note, deliver, score, rate, end" in script


def test_each_team_gets_a_decision(tmp_path, capsys):
    assert new(tmp_path, "--teams", "csirt_cell,mfa_cell,embassy") == 0
    capsys.readouterr()
    assert main(["show", "--json", str(tmp_path / "port-outage.yaml")]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [d["team"] for d in document["decisions"]] == ["csirt_cell", "mfa_cell", "embassy"]


def test_new_refuses_to_overwrite(tmp_path, capsys):
    (tmp_path / "port-outage.yaml").write_text("# mine\n")
    assert new(tmp_path) == 1
    assert "not writing over existing files" in capsys.readouterr().err
    assert (tmp_path / "port-outage.yaml").read_text() == "# mine\n"
    assert not (tmp_path / "playbooks").exists()


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        (["Port Outage"], "a scenario name is lower-case letters, digits, - and _"),
        (["ok", "--teams", "csirt-cell"], "a team id is lower-case letters, digits and _"),
        (["ok", "--teams", "room"], "a seat's name when teams join"),
        (["ok", "--teams", "a,a"], "appears twice"),
        (["ok", "--lang", "english"], "a language is a code such as en"),
    ],
)
def test_bad_names_are_usage_errors_with_the_rule(tmp_path, capsys, args, rule):
    with pytest.raises(SystemExit) as exit_:
        main(["new", *args, "-o", str(tmp_path)])
    assert exit_.value.code == 2
    assert rule in capsys.readouterr().err
    assert not any(tmp_path.iterdir())
