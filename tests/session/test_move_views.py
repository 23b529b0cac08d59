"""What trainees and the room see of moves, joint decisions and options offered under a condition."""

from __future__ import annotations

import pytest

from tabletop.engine import commands as c
from tabletop.net.seats import room_view
from tabletop.session import Session, views
from tests.conftest import FIXTURES


@pytest.fixture
def session(write_scenario, tmp_path):
    played = Session.create(write_scenario((FIXTURES / "moves.yaml").read_text(encoding="utf-8")), tmp_path / "s.db")
    yield played
    played.close()


def joint_open(session, contain: str) -> None:
    for command in (
        c.Start(),
        c.Advance(to=1000),
        c.Decide(team="csirt_cell", decision="contain", option=contain),
        c.StartMove(),
        c.Advance(to=1800),
    ):
        session.submit(command)


def test_trainees_and_the_room_read_the_title_of_the_move_under_way(session):
    session.submit(c.Start())
    assert views.team_view(session.engine, session.events, "mfa_cell")["move"] == "Move 1: detection"
    session.submit(c.StartMove())
    assert room_view(session.engine, session.events)["move"] == "Move 2: the press hears of it"


def test_a_joint_decision_is_open_and_then_decided_in_every_listed_teams_view(session):
    joint_open(session, "isolate")
    for team in ("mfa_cell", "csirt_cell"):
        assert [d["decision"] for d in views.team_view(session.engine, session.events, team)["open"]] == ["press_line"]
    session.submit(c.Decide(team="csirt_cell", decision="press_line", option="facts"))
    for team in ("mfa_cell", "csirt_cell"):
        decided = views.team_view(session.engine, session.events, team)["decided"]
        assert [(d["decision"], d["answer"]) for d in decided if d["decision"] == "press_line"] == [
            ("press_line", "Give the facts, attribute nothing")
        ]
    assert room_view(session.engine, session.events)["open"] == []


def test_the_room_names_every_team_of_a_joint_decision(session):
    joint_open(session, "isolate")
    assert [d["team"] for d in room_view(session.engine, session.events)["open"]] == ["MFA cell + CSIRT cell"]


@pytest.mark.parametrize(
    ("contain", "offered"), [("isolate", ["facts", "no_comment"]), ("wait", ["attribute", "facts", "no_comment"])]
)
def test_trainees_see_only_the_options_offered_now(session, contain, offered):
    joint_open(session, contain)
    [decision] = views.team_view(session.engine, session.events, "mfa_cell")["open"]
    assert [o["id"] for o in decision["options"]] == offered
