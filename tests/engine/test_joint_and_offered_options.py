"""Joint decisions (one answer from any listed team) and options offered under a condition."""

from __future__ import annotations

import pytest

from tabletop.engine import CommandRefused
from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.scoring import score_session
from tests.conftest import FIXTURES

MOVES = (FIXTURES / "moves.yaml").read_text(encoding="utf-8")


def opened_joint(engine, contain: str = "isolate"):
    """The fixture's joint decision `press_line`, open; `contain` decides how much pressure there is."""
    game = engine(MOVES)
    events = game.apply(c.Start())
    events += game.apply(c.Advance(to=1000))
    events += game.apply(c.Decide(team="csirt_cell", decision="contain", option=contain))
    events += game.apply(c.StartMove())
    events += game.apply(c.Advance(to=1800))
    return game, events


def test_a_joint_decision_opens_once_for_every_listed_team(engine):
    _, events = opened_joint(engine)
    opened = [e for e in events if isinstance(e, ev.DecisionOpened) and e.decision == "press_line"]
    assert opened == [ev.DecisionOpened(1800, "press_line", "mfa_cell", 3000, ("mfa_cell", "csirt_cell"))]


@pytest.mark.parametrize("team", ["mfa_cell", "csirt_cell"])
def test_any_listed_team_gives_the_one_answer_and_closes_it(engine, team):
    game, _ = opened_joint(engine)
    events = game.apply(c.Decide(team=team, decision="press_line", option="facts"))
    assert [(e.decision, e.team, e.option) for e in events if isinstance(e, ev.DecisionMade)] == [
        ("press_line", team, "facts")
    ]
    other = "csirt_cell" if team == "mfa_cell" else "mfa_cell"
    with pytest.raises(CommandRefused, match="already closed"):
        game.apply(c.Decide(team=other, decision="press_line", option="no_comment"))


def test_a_team_not_listed_may_not_answer_a_joint_decision(engine):
    text = MOVES.replace(
        "  - {id: mfa_cell, name: MFA cell}", "  - {id: mfa_cell, name: MFA cell}\n  - {id: legal, name: Legal}"
    )
    text = text.replace(
        "  - {id: press,", "  - {id: lawyers, name: Lawyers, kind: government, played_by: legal}\n  - {id: press,"
    )
    game = engine(text)
    game.apply(c.Start())
    game.apply(c.StartMove())
    game.apply(c.Advance(to=1800))
    with pytest.raises(CommandRefused) as refused:
        game.apply(c.Decide(team="legal", decision="press_line", option="facts"))
    assert str(refused.value) == "decision point 'press_line' belongs to teams 'mfa_cell', 'csirt_cell', not 'legal'"


def test_a_joint_decision_is_scored_for_each_listed_team(engine):
    game, events = opened_joint(engine)
    events += game.apply(c.Decide(team="mfa_cell", decision="press_line", option="facts"))
    scores = score_session(game.compiled.scenario, events)
    joint = {team: [d for d in score.decisions if d.decision == "press_line"] for team, score in scores.items()}
    assert {team: [(d.option, d.points) for d in found] for team, found in joint.items()} == {
        "csirt_cell": [("facts", joint["csirt_cell"][0].points)],
        "mfa_cell": [("facts", joint["csirt_cell"][0].points)],
    }
    assert joint["mfa_cell"][0].points > 0


def test_a_joint_default_is_scored_for_each_listed_team_too(engine):
    game, events = opened_joint(engine)
    events += game.apply(c.Advance(to=3000))
    defaulted = [e for e in events if isinstance(e, ev.DecisionDefaulted)]
    assert defaulted[-1] == ev.DecisionDefaulted(
        3000, "press_line", "mfa_cell", "no_comment", ("mfa_cell", "csirt_cell")
    )
    scores = score_session(game.compiled.scenario, events)
    assert all(any(d.decision == "press_line" for d in scores[t].decisions) for t in ("mfa_cell", "csirt_cell"))


def test_an_option_is_offered_only_while_its_condition_holds(engine):
    calm, _ = opened_joint(engine, contain="isolate")  # public pressure 40
    assert calm.offered("press_line") == ["facts", "no_comment"]
    pressed, _ = opened_joint(engine, contain="wait")  # public pressure 65
    assert pressed.offered("press_line") == ["attribute", "facts", "no_comment"]


def test_deciding_an_option_not_offered_now_is_refused_with_the_reason(engine):
    game, _ = opened_joint(engine, contain="isolate")
    with pytest.raises(CommandRefused) as refused:
        game.apply(c.Decide(team="mfa_cell", decision="press_line", option="attribute"))
    assert str(refused.value) == (
        "option 'attribute' of decision point 'press_line' is not offered now "
        "(only while state.public_pressure >= 50); offered: facts, no_comment"
    )
    assert game.decisions["press_line"].status == "open"


def test_an_option_offered_now_may_be_chosen(engine):
    game, _ = opened_joint(engine, contain="wait")
    events = game.apply(c.Decide(team="csirt_cell", decision="press_line", option="attribute"))
    assert any(isinstance(e, ev.DecisionMade) and e.option == "attribute" for e in events)
