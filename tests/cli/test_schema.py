"""`tabletop schema`: the committed JSON Schemas are current and accept every bundled file."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tabletop.cli import main
from tabletop.cli.schema import schema_text
from tabletop.loader.yaml_source import load_source
from tests.conftest import ROOT

BUNDLED = (
    sorted((ROOT / "scenarios").glob("*.yaml"))
    + sorted((ROOT / "examples").glob("*.yaml"))
    + sorted((ROOT / "playbooks").glob("*.yaml"))
)


@pytest.mark.parametrize("kind", ["scenario", "playbook", "script", "exercise", "plan"])
def test_committed_schema_is_current(kind):
    committed = (ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), "run: tabletop schema -o schema/"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_schema_accepts_every_bundled_file(path):
    kind = "playbook" if path.parent.name == "playbooks" else "scenario"
    schema = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(load_source(path).data, schema)


@pytest.mark.parametrize(
    "path", sorted((ROOT / "examples").glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_script_schema_accepts_every_bundled_decision_script(path):
    schema = json.loads((ROOT / "schema" / "script.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(load_source(path).data, schema)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_files_name_their_schema_for_editors(path):
    kind = "playbook" if path.parent.name == "playbooks" else "scenario"
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema=../schema/{kind}.schema.json"


def test_schema_command_writes_every_file(tmp_path):
    assert main(["schema", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "script.schema.json").read_text(encoding="utf-8") == schema_text("script")
    assert (tmp_path / "scenario.schema.json").read_text(encoding="utf-8") == schema_text("scenario")
    assert (tmp_path / "playbook.schema.json").read_text(encoding="utf-8") == schema_text("playbook")


def test_schema_rejects_a_misspelt_key():
    schema = json.loads(schema_text("playbook"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x", "title": "t", "owner": "technical", "steps": [], "stpes": []}, schema)
