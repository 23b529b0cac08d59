"""A played session looked at as it stood after any command, as the debrief replay shows it."""

from __future__ import annotations

import sqlite3

import pytest

from tabletop.session import read_session
from tabletop.session.fork import history_until
from tabletop.session.played import PlayedSession
from tabletop.store import StoreError
from tests.conftest import played_canal


@pytest.fixture
def played(tmp_path):
    return played_canal(tmp_path / "canal.db")


def standing(engine) -> tuple:
    """What a point shows: clock, escalation, state, injects and decision points."""
    decisions = {d: (s.status, s.option, s.defaulted) for d, s in engine.decisions.items()}
    return (
        engine.now,
        engine.started,
        engine.ended,
        dict(engine.levels),
        dict(engine.pressure),
        dict(engine.state),
        dict(engine.delivered),
        decisions,
    )


def test_each_point_stands_where_history_until_puts_it_forward_and_back(played):
    replay = PlayedSession.open(played)
    record = read_session(played)
    for point in (0, 3, 4, 11, replay.total, 6, 5, 0, 9):  # forward, then back by a rebuild
        replay.go_to(point)
        history = history_until(played, before_command=point + 1)
        assert replay.point == point
        assert standing(replay.engine) == standing(history.engine)
        assert replay.events == record.events[: sum(len(r.events) for r in record.records[:point])]
    replay.go_to(replay.total)
    assert replay.events == record.events


def test_a_point_beyond_either_end_is_the_end(played):
    replay = PlayedSession.open(played)
    replay.go_to(10_000)
    assert replay.point == replay.total and replay.engine.ended
    replay.go_to(-3)
    assert replay.point == 0 and not replay.engine.started


def test_a_time_names_the_last_command_given_by_then(played):
    replay = PlayedSession.open(played)
    point = replay.point_named("T+01:30")
    assert replay.time_at(point) <= 90 * 60 < replay.time_at(point + 1)
    assert replay.point_named("1h30m") == point
    assert replay.point_named("#7") == replay.point_named("7") == 7
    assert replay.point_named(f"{replay.total + 1}") is None
    assert replay.point_named("soon") is None
    assert replay.point_named("T+00:00") == 1  # the start is given at T+00:00


def test_the_steps_are_the_commands_with_their_events_and_clock(played):
    replay = PlayedSession.open(played)
    record = read_session(played)
    assert [s.number for s in replay.steps] == list(range(1, len(record.records) + 1))
    assert [len(s.events) for s in replay.steps] == [len(r.events) for r in record.records]
    assert replay.steps[0].command.kind == "start" and replay.steps[0].time == 0


def test_opening_only_reads_the_file(played):
    before = played.read_bytes()
    replay = PlayedSession.open(played)
    replay.go_to(replay.total)
    replay.go_to(2)
    assert played.read_bytes() == before


def test_a_damaged_session_is_refused_and_left_as_it_was(played):
    db = sqlite3.connect(played)
    db.execute("DELETE FROM commands WHERE seq = 3")
    db.commit()
    db.close()
    before = played.read_bytes()
    with pytest.raises(StoreError, match="command #3 is missing"):
        PlayedSession.open(played)
    assert played.read_bytes() == before
