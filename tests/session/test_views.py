"""What consoles show: a team's view holds its own data only, feedback once released."""

from __future__ import annotations

import json

from tabletop.engine import commands as c
from tabletop.session import Session, views
from tests.conftest import ROOT

CANAL = ROOT / "scenarios" / "canal-ransomware.yaml"


def test_a_team_view_holds_only_that_team_and_feedback_waits_for_release(tmp_path):
    session = Session.create(CANAL, tmp_path / "s.db")
    for command in (
        c.Start(),
        c.AdhocInject(to=["mfa_cell"], title="Only for the ministry"),
        c.Advance(to=1900),
        c.Decide(team="csirt_cell", decision="d_contain", option="isolate_segment", rationale="evidence first"),
    ):
        session.submit(command)
    view = views.team_view(session.engine, session.events, "csirt_cell")
    assert "Only for the ministry" not in json.dumps(view)
    assert [d["decision"] for d in view["decided"]] == ["d_contain"] and view["decided"][0]["feedback"] == ""
    session.submit(c.ReleaseFeedback(team="mfa_cell"))
    assert views.team_view(session.engine, session.events, "csirt_cell")["decided"][0]["feedback"] == ""
    session.submit(c.ReleaseFeedback(team="csirt_cell"))
    released = views.team_view(session.engine, session.events, "csirt_cell")["decided"][0]
    option = next(o for o in session.loaded.scenario.decisions[0].options if o.id == "isolate_segment")
    assert released["feedback"] == option.feedback["en"]
    mfa = views.team_view(session.engine, session.events, "mfa_cell")
    assert (
        mfa["language"] == "es"
        and "Only for the ministry" in [i["title"] for i in mfa["inbox"]]
        and mfa["decided"] == []
    )
    session.close()


def test_the_timeline_says_whether_a_conditional_inject_holds_now(tmp_path):
    session = Session.create(CANAL, tmp_path / "s.db")
    session.submit(c.Start())
    rows = {row.id: row for row in views.timeline(session.engine)}
    assert rows["operator_call"].status == "delivered"
    conditional = [row.status for row in rows.values() if row.when == "when"]
    assert conditional and set(conditional) <= {"waiting", "condition holds"}
    session.close()


def test_the_state_table_shows_a_choice_as_text_with_its_order(write_scenario, tmp_path):
    from tests.engine.test_choices import CHOICE

    session = Session.create(write_scenario(CHOICE), tmp_path / "s.db")
    session.submit(c.Start())
    assert ("confidence", "low", "low < moderate < high") in views.state(session.engine)


def test_the_timeline_says_an_inject_did_not_happen_and_its_chance(write_scenario, tmp_path):
    from tests.conftest import MINIMAL

    text = MINIMAL.replace("    channel: phone\n", "    channel: phone\n    chance: 0.3\n")
    for seed in range(50):
        session = Session.create(write_scenario(text), tmp_path / f"{seed}.db", seed=seed)
        session.submit(c.Start())
        session.submit(c.Advance(to=3600))
        if "press_call" in session.engine.missed:
            break
    row = next(r for r in views.timeline(session.engine) if r.id == "press_call")
    assert (row.when, row.status) == ("T+00:55", "did not happen")
    assert row.title.endswith("(chance 30%)")
