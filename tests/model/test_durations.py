"""Durations as trainers write them become whole seconds."""

from __future__ import annotations

import pytest

from tabletop.model.base import format_time, parse_duration


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        (30, 1800),
        (0.5, 30),
        ("45m", 2700),
        ("1h30m", 5400),
        ("2h", 7200),
        ("90s", 90),
        ("01:30", 5400),
        ("T+01:30", 5400),
    ],
)
def test_durations_are_read_in_seconds(written, seconds):
    assert parse_duration(written) == seconds


@pytest.mark.parametrize("written", ["soon", "", "-5m", True, -3, "1d"])
def test_nonsense_durations_are_refused(written):
    with pytest.raises(ValueError):
        parse_duration(written)


def test_times_are_shown_as_t_plus():
    assert [format_time(s) for s in (0, 5400, 5415)] == ["T+00:00", "T+01:30", "T+01:30:15"]
