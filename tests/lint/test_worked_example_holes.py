"""Holes a trainer made on purpose in the guide's worked example (examples/msp-supply-chain.yaml)
that `tabletop check` does not find yet: conditions on a choice, the clock and count() that can
never hold. Strict xfail: when check learns them, these pass and the marker must go."""

from __future__ import annotations

import pytest

from tabletop.cli import main
from tests.conftest import ROOT

EXAMPLE = (ROOT / "examples" / "msp-supply-chain.yaml").read_text(encoding="utf-8")
COUNT = "state.assistance_requested) >= 3"


@pytest.mark.xfail(strict=True, reason="check does not yet compare a choice with its top value")
def test_an_option_needing_a_choice_above_its_highest_value_is_an_error(write_scenario, capsys):
    path = write_scenario(EXAMPLE.replace('state.confidence >= "moderate"', 'state.confidence > "high"'))
    assert main(["check", str(path)]) == 1
    assert "request_via_poc" in capsys.readouterr().err


@pytest.mark.xfail(strict=True, reason="check does not yet bound clock.elapsed by the clock's duration")
def test_an_inject_waiting_for_a_time_after_the_clock_runs_out_is_an_error(write_scenario, capsys):
    path = write_scenario(EXAMPLE.replace("clock.elapsed >= 1h30m", "clock.elapsed >= 4h"))
    assert main(["check", str(path)]) == 1
    assert "minister_asks" in capsys.readouterr().err


@pytest.mark.xfail(strict=True, reason="check does not yet bound count() by the number of its flags")
def test_an_ending_counting_more_flags_than_it_names_is_an_error(write_scenario, capsys):
    assert COUNT in EXAMPLE
    path = write_scenario(EXAMPLE.replace(COUNT, COUNT.replace("3", "5")))
    assert main(["check", str(path)]) == 1
    assert "coordinated" in capsys.readouterr().err
