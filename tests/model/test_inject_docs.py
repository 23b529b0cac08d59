"""The authoring guide's examples of recurring injects, `to: all`, variants and attachments hold."""

from __future__ import annotations

import re

import yaml

from tabletop.cli import main
from tabletop.loader import load_scenario
from tabletop.model.scenario import Inject
from tests.conftest import FIXTURES, ROOT

EXAMPLE = FIXTURES / "injects" / "sitrep.yaml"


def section_blocks() -> list[str]:
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    start = guide.index("## Recurring injects, all teams, variants and attachments")
    section = guide[start : guide.index("\n## ", start + 1)]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


def test_each_example_is_a_valid_inject_of_the_complete_scenario_beside_it():
    scenario = load_scenario(EXAMPLE).scenario
    blocks = section_blocks()
    assert len(blocks) == 3
    for block in blocks:
        for data in yaml.safe_load(block)["injects"]:
            inject = Inject.model_validate(data)
            assert inject.id in {i.id for i in scenario.injects}
            for attachment in inject.attachments:
                assert (EXAMPLE.parent / attachment.file).is_file()


def test_the_complete_example_validates_and_plays(capsys):
    assert main(["validate", str(EXAMPLE)]) == 0
    assert main(["play", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "inject sitrep → all teams (occurrence 2)" in out
