"""A discussion pause and an observer's note are commands like any other: validated, recorded, replayed."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tabletop.engine import CommandRefused
from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.report import describe_event
from tabletop.session import Session
from tests.conftest import MINIMAL


def test_a_discussion_pauses_a_running_clock_and_resume_ends_it(engine):
    e = engine()
    e.apply(c.Start())
    e.apply(c.Advance(to=600))
    assert e.apply(c.Discuss(text="Who tells the ministry?")) == [
        ev.Paused(600),
        ev.DiscussionStarted(600, text="Who tells the ministry?"),
    ]
    assert e.paused
    assert e.apply(c.Resume()) == [ev.Resumed(600)]
    assert not e.paused


def test_a_discussion_while_paused_changes_only_the_message(engine):
    e = engine()
    e.apply(c.Start())
    e.apply(c.Pause())
    assert e.apply(c.Discuss(text="First")) == [ev.DiscussionStarted(0, text="First")]
    assert e.apply(c.Discuss(text="Second")) == [ev.DiscussionStarted(0, text="Second")]


def test_a_discussion_needs_a_started_exercise_and_a_message(engine):
    e = engine()
    with pytest.raises(CommandRefused, match="has not started"):
        e.apply(c.Discuss(text="Too early"))
    with pytest.raises(ValidationError):
        c.Discuss(text="")


def test_an_observer_note_suggests_a_rating_without_rating(engine):
    e = engine()
    e.apply(c.Start())
    events = e.apply(c.ObserverNote(text="Slow to isolate", team="csirt_cell", objective="contain_fast", rating="M"))
    assert events == [ev.ObserverNoted(0, "Slow to isolate", "csirt_cell", "contain_fast", "M")]
    assert not any(isinstance(event, ev.ObjectiveRated) for event in events)


def test_an_observer_note_names_known_teams_and_objectives(engine):
    e = engine()
    e.apply(c.Start())
    with pytest.raises(CommandRefused, match="unknown team 'csirt'"):
        e.apply(c.ObserverNote(text="x", team="csirt"))
    with pytest.raises(CommandRefused, match=r"unknown objective 'contain'.*contain_fast"):
        e.apply(c.ObserverNote(text="x", objective="contain", rating="P"))
    with pytest.raises(ValidationError, match="names its objective"):
        c.ObserverNote(text="x", rating="P")


def test_observers_go_on_noting_after_the_end(engine):
    e = engine()
    e.apply(c.Start())
    e.apply(c.End())
    assert e.apply(c.ObserverNote(text="Debrief went well")) == [
        ev.ObserverNoted(0, "Debrief went well", None, None, None)
    ]
    with pytest.raises(CommandRefused, match="has ended"):
        e.apply(c.Discuss(text="Too late"))


def test_both_replay_when_the_session_is_resumed_and_read_in_the_log(write_scenario, tmp_path):
    path = tmp_path / "s.db"
    session = Session.create(write_scenario(MINIMAL), path, seed=3)
    for command in (
        c.Start(),
        c.Advance(to=300),
        c.Discuss(text="Pause: [b]who[/b] calls the press?"),
        c.ObserverNote(text="Good call", team="mfa_cell", objective="contain_fast", rating="S"),
        c.Resume(),
    ):
        session.submit(command)
    recorded = session.events
    session.close()
    resumed = Session.resume(path)
    assert resumed.events == recorded and not resumed.engine.paused
    lines = [describe_event(e, resumed.loaded.scenario) for e in resumed.events]
    assert "discussion: Pause: [b]who[/b] calls the press?" in lines
    assert "observer note [mfa_cell] (suggests contain_fast: S): Good call" in lines
    resumed.close()
