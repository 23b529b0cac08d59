"""Loading files: each is read once, and a big honest scenario loads."""

from __future__ import annotations

import pytest

from tabletop.errors import ValidationFailed
from tabletop.loader import files, load_document, load_playbook
from tabletop.model import Scenario
from tests.conftest import MINIMAL

INJECT = """\
  - id: generated_{n}
    at: {minute}m
    from: press
    to: [mfa_cell, csirt_cell]
    title: Report {n} from the port
    body: >-
      Report {n}: another terminal shows the ransom note; the operator asks
      whether to disconnect the berth scheduling system as well.
    effects: [{{add: public_pressure, by: 1}}]
"""


def with_generated_injects(count: int) -> str:
    """The minimal scenario with `count` more injects, written out in full (no aliases)."""
    injects = "".join(INJECT.format(n=n, minute=n % 180) for n in range(count))
    return MINIMAL.replace("injects:\n", "injects:\n" + injects, 1)


def test_a_scenario_with_40000_injects_and_no_aliases_validates(write_scenario):
    path = write_scenario(with_generated_injects(40_000))
    scenario = load_document(path)
    assert isinstance(scenario, Scenario)
    assert len(scenario.injects) == 40_002


def test_a_scenario_file_is_read_once(write_scenario, monkeypatch):
    path = write_scenario(MINIMAL)
    read = []
    load_source = files.load_source
    monkeypatch.setattr(files, "load_source", lambda p: read.append(p) or load_source(p))
    load_document(path)
    assert read.count(path) == 1


def test_an_unknown_playbook_phase_lists_the_allowed_phases(project):
    path = project / "playbooks" / "csirt-incident-handling.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("phase: detection", "phase: detect"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        load_playbook(path)
    (problem,) = caught.value.problems
    assert problem.message.startswith("'detect' is not allowed here (did you mean 'detection'?); expected one of: ")
    assert "'containment'" in problem.message and "docs/authoring.md" not in problem.message


def test_a_playbook_named_unlike_its_file_is_reported_beside_its_shape_problems(project):
    path = project / "playbooks" / "csirt-incident-handling.yaml"
    text = path.read_text(encoding="utf-8").replace("id: csirt-incident-handling", "id: csirt-handling")
    path.write_text(text.replace("phase: detection", "phase: detect"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        load_playbook(path)
    messages = [p.message for p in caught.value.problems]
    assert messages[0] == "playbook id 'csirt-handling' must match its file name 'csirt-incident-handling.yaml'"
    assert messages[1].startswith("'detect' is not allowed here")
