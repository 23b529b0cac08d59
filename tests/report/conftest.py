from __future__ import annotations

import pytest

from tabletop.cli import main
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def sessions(tmp_path_factory):
    """The canal scenario played well, poorly and late, with a note, a rating and an adjustment."""
    folder = tmp_path_factory.mktemp("sessions")
    played = {}
    for kind in ("poor", "late", "good"):
        script = folder / f"{kind}.yaml"
        text = (ROOT / "examples" / "canal-ransomware" / f"{kind}.yaml").read_text(encoding="utf-8")
        text += '  - {at: "T+00:50", note: "MFA cell debated attribution before any evidence"}\n'
        text += '  - {at: "T+06:00", rate: whole_of_government, rating: S, note: "Liaison worked, but late"}\n'
        text += '  - {at: "T+06:00", score: mfa_cell, points: -2, reason: "Spokesperson speculated on attribution"}\n'
        script.write_text(text, encoding="utf-8")
        path = folder / f"{kind}.db"
        assert (
            main(
                [
                    "play",
                    str(ROOT / "scenarios" / "canal-ransomware.yaml"),
                    "--decisions",
                    str(script),
                    "--session",
                    str(path),
                ]
            )
            == 0
        )
        played[kind] = path
    return played
