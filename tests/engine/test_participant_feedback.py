"""Participant feedback and the hot wash: commands taken once the exercise has ended."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tabletop.engine import COMMAND_ADAPTER, CommandRefused
from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tests.conftest import MINIMAL

TWO_OBJECTIVES = MINIMAL.replace(
    "    capability: Cybersecurity\n",
    "    capability: Cybersecurity\n"
    "  - id: brief_partners\n"
    "    text: Brief the partners\n"
    "    capability: Operational Coordination\n"
    "    teams: [mfa_cell]\n",
    1,
)
FORM = c.ParticipantFeedback(
    team="mfa_cell",
    respondent="legal adviser",
    strengths="We briefed partners early",
    improvements="Who speaks to the press?",
    ratings={"contain_fast": 3, "brief_partners": 5},
    comments="More time next round",
)


@pytest.fixture
def ended(engine):
    def build():
        played = engine(TWO_OBJECTIVES)
        played.apply(c.Start())
        played.apply(c.End())
        return played

    return build


def test_a_feedback_form_after_the_end_is_recorded_with_every_answer(ended):
    events = ended().apply(FORM)
    assert events == [
        ev.ParticipantFeedbackGiven(
            0,
            team="mfa_cell",
            respondent="legal adviser",
            strengths="We briefed partners early",
            improvements="Who speaks to the press?",
            ratings={"contain_fast": 3, "brief_partners": 5},
            comments="More time next round",
        )
    ]


def test_a_hot_wash_point_after_the_end_is_recorded(ended):
    played = ended()
    assert played.apply(c.HotWash(point="strength", text="Fast containment", team="csirt_cell")) == [
        ev.HotWashRecorded(0, point="strength", text="Fast containment", team="csirt_cell")
    ]
    assert played.apply(c.HotWash(point="improvement", text="Slow press line")) == [
        ev.HotWashRecorded(0, point="improvement", text="Slow press line", team=None)
    ]


@pytest.mark.parametrize("command", [FORM, c.HotWash(point="strength", text="x")], ids=lambda c: c.kind)
def test_feedback_and_hot_wash_wait_for_the_end(engine, command):
    played = engine(TWO_OBJECTIVES)
    played.apply(c.Start())
    with pytest.raises(CommandRefused, match="comes after the exercise: end it first"):
        played.apply(command)


def test_feedback_for_an_unknown_team_is_refused_with_a_suggestion(ended):
    with pytest.raises(CommandRefused, match="unknown team 'mfa_cel' \\(did you mean 'mfa_cell'\\?\\)"):
        ended().apply(FORM.model_copy(update={"team": "mfa_cel"}))


def test_a_rating_of_an_unknown_objective_is_refused_with_a_suggestion(ended):
    with pytest.raises(CommandRefused, match="unknown objective 'contain_fats' \\(did you mean 'contain_fast'\\?\\)"):
        ended().apply(FORM.model_copy(update={"ratings": {"contain_fats": 2}}))


def test_a_rating_of_an_objective_of_another_team_is_refused(ended):
    with pytest.raises(
        CommandRefused,
        match="objective 'brief_partners' does not concern team 'csirt_cell' \\(its objectives: contain_fast\\)",
    ):
        ended().apply(FORM.model_copy(update={"team": "csirt_cell"}))


@pytest.mark.parametrize("rating", [0, 6, "4", 2.5, True])
def test_a_rating_outside_one_to_five_is_refused(rating):
    with pytest.raises(ValidationError):
        COMMAND_ADAPTER.validate_python({"kind": "participant_feedback", "team": "t", "ratings": {"o": rating}})


def test_a_hot_wash_point_is_a_strength_or_an_improvement():
    with pytest.raises(ValidationError, match="'strength' or 'improvement'"):
        COMMAND_ADAPTER.validate_python({"kind": "hot_wash", "point": "weakness", "text": "x"})


def test_after_playing_on_feedback_waits_for_the_next_end(ended):
    played = ended()
    played.apply(FORM)
    played.apply(c.PlayOn())
    with pytest.raises(CommandRefused, match="end it first"):
        played.apply(FORM)
    played.apply(c.End())
    assert [e.kind for e in played.apply(FORM)] == ["participant_feedback_given"]
