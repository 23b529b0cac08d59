"""Holes a trainer made on purpose in the guide's worked example (examples/msp-supply-chain.yaml)
for `tabletop check`: conditions on a choice, the clock and count() that can
never hold; check finds each with its reason."""

from __future__ import annotations

from tabletop.cli import main
from tests.conftest import ROOT

EXAMPLE = (ROOT / "examples" / "msp-supply-chain.yaml").read_text(encoding="utf-8")
COUNT = "state.assistance_requested) >= 3"


def test_an_option_needing_a_choice_above_its_highest_value_is_an_error(write_scenario, capsys):
    path = write_scenario(EXAMPLE.replace('state.confidence >= "moderate"', 'state.confidence > "high"'))
    assert main(["check", str(path)]) == 1
    assert "request_via_poc" in capsys.readouterr().err


def test_an_inject_waiting_for_a_time_after_the_clock_runs_out_is_an_error(write_scenario, capsys):
    path = write_scenario(EXAMPLE.replace("clock.elapsed >= 1h30m", "clock.elapsed >= 4h"))
    assert main(["check", str(path)]) == 1
    assert "minister_asks" in capsys.readouterr().err


def test_an_ending_counting_more_flags_than_it_names_is_an_error(write_scenario, capsys):
    assert COUNT in EXAMPLE
    path = write_scenario(EXAMPLE.replace(COUNT, COUNT.replace("3", "5")))
    assert main(["check", str(path)]) == 1
    assert "coordinated" in capsys.readouterr().err
