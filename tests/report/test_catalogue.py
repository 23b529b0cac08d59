"""A catalogue row: the time in the room follows the clock and its pace when no duration is planned."""

from __future__ import annotations

from tabletop.loader import load_scenario
from tabletop.report.catalogue import catalogue_row
from tests.conftest import MINIMAL


def test_time_in_the_room_is_the_story_at_its_pace(write_scenario):
    text = MINIMAL.replace("  duration: 3h\n", "  duration: 3h\n  pace: 2\n", 1)
    assert text != MINIMAL
    row = catalogue_row(load_scenario(write_scenario(text)).scenario)
    assert (row["duration"], row["scenario_time"], row["play_time"], row["pace"]) == (None, "3h", "1h30m", 2)


def test_an_unknown_language_falls_back_to_the_scenarios_first(write_scenario):
    row = catalogue_row(load_scenario(write_scenario(MINIMAL)).scenario, "es")
    assert row["title"] == "Minimal exercise" and row["teams"] == ["CSIRT cell", "MFA cell"]
