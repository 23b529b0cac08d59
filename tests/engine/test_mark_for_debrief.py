"""Marking a decision point for the debrief: a command recorded during or after the exercise."""

from __future__ import annotations

import pytest

from tabletop.engine import CommandRefused
from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tests.engine.test_chance import PLAY, draws, with_chance
from tests.engine.test_engine import run


def test_an_open_decision_is_marked_with_its_note(engine):
    played = engine()
    run(played, c.Start(), c.Advance(to=20 * 60))
    assert played.apply(c.MarkForDebrief(decision="contain", note="why wait?")) == [
        ev.MarkedForDebrief(20 * 60, decision="contain", note="why wait?")
    ]


def test_a_decision_is_marked_after_the_end(engine):
    played = engine()
    run(played, c.Start(), c.Advance(to=20 * 60), c.End())
    assert [e.kind for e in played.apply(c.MarkForDebrief(decision="contain"))] == ["marked_for_debrief"]


def test_a_decision_that_has_not_opened_is_refused(engine):
    played = engine()
    played.apply(c.Start())
    with pytest.raises(CommandRefused, match="'contain' has not opened"):
        played.apply(c.MarkForDebrief(decision="contain"))


def test_an_unknown_decision_is_refused_with_a_suggestion(engine):
    played = engine()
    run(played, c.Start(), c.Advance(to=20 * 60))
    with pytest.raises(CommandRefused, match="did you mean 'contain'"):
        played.apply(c.MarkForDebrief(decision="contian"))


def test_reseeding_changes_the_draws_still_to_come_and_nothing_before(engine):
    text = with_chance(inject=0.5)
    outcomes = set()
    for seed in range(20):
        played = engine(text, 1)
        before = run(played, c.Start(), c.Advance(to=20 * 60))
        played.reseed(seed)
        outcomes.add(tuple(draws(run(played, c.Advance(to=PLAY[1].to)))))
        assert before == run(engine(text, 1), c.Start(), c.Advance(to=20 * 60))
    assert len(outcomes) == 2
