"""The field reference in docs/authoring.md is generated from the models and kept current."""

from __future__ import annotations

from tabletop.model.reference import replace_reference
from tests.conftest import ROOT


def test_authoring_guide_reference_is_current():
    document = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert document == replace_reference(document), "run: tabletop schema -o schema/ --reference docs/authoring.md"


def test_reference_documents_every_scenario_key():
    document = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    for key in ("`injects`", "`decisions`", "`reactions`", "`played_by`", "`playbook_steps`", "`norms`", "`deadline`"):
        assert f"| {key} |" in document
