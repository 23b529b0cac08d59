"""The improvement-plan dialog (`i`): the facilitator fills owner, point of contact and dates
of a corrective action during or after the exercise; the session records it."""

from __future__ import annotations

import pytest

from tabletop.engine import commands as c
from tabletop.report import build_report
from tabletop.session import Session
from tabletop.tui import create_console
from tabletop.tui.forms import FormScreen, PickScreen
from tests.tui.conftest import CANAL, commands, text
from tests.tui.test_console import run


@pytest.fixture
def ended_console(tmp_path):
    """Canal with a poor containment decision, ended by the facilitator: one issue for the plan."""
    session = Session.create(CANAL, tmp_path / "ended.db", seed=1)
    for command in (
        c.Start(),
        c.Advance(to=1900),
        c.Decide(team="csirt_cell", decision="d_contain", option="monitor", rationale="learn more"),
        c.End(),
    ):
        session.submit(command)
    app = create_console(session, tick_seconds=3600, report_dir=tmp_path)
    yield app
    session.close()


def plan(app) -> list[dict]:
    return build_report(app.scenario, app.session.loaded.playbooks, app.session.events, {})["plan"]


def test_the_plan_dialog_records_owner_contact_and_dates_after_the_exercise(ended_console):
    app = ended_console

    async def scenario(pilot):
        await pilot.press("i")
        assert isinstance(app.screen, PickScreen)
        assert "CSIRT cell (AurCERT) · The CAA asks for your containment advice" in str(
            app.screen.query_one("#pick").get_option_at_index(0).prompt
        )
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-action").text.startswith("Practise the stronger course of action")
        assert form.query_one("#field-owner").value == "CSIRT cell (AurCERT)"
        await pilot.press("tab", "tab", *"Ana Pérez", "tab", *"2027-01-15", "tab", *"2027-03-31", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)

    run(app, scenario)
    assert commands(app)[-1] == {
        "kind": "plan_improvements",
        "entries": [
            {
                "decision": "d_contain",
                "team": "csirt_cell",
                "issue": None,
                "capability": None,
                "action": plan(app)[0]["action"],
                "owner": "CSIRT cell (AurCERT)",
                "poc": "Ana Pérez",
                "start": "2027-01-15",
                "completion": "2027-03-31",
            }
        ],
    }
    row = plan(app)[0]
    assert (row["poc"], row["start"], row["completion"]) == ("Ana Pérez", "2027-01-15", "2027-03-31")


def test_a_bad_date_keeps_the_form_open_and_records_nothing(ended_console):
    app = ended_console

    async def scenario(pilot):
        await pilot.press("i", "enter", "tab", "tab", "tab", *"2027-13-01", "ctrl+s")
        assert isinstance(app.screen, FormScreen)
        assert "start" in text(app, "#form-error")

    before = len(commands(app))
    run(app, scenario)
    assert len(commands(app)) == before


def test_an_issue_of_your_own_needs_its_corrective_action(ended_console):
    app = ended_console

    async def scenario(pilot):
        await pilot.press("i", "down", "enter")  # after the one issue found: one of your own
        await pilot.press(*"No liaison at the port", "ctrl+s")
        assert "Write the corrective action." in text(app, "#form-error")
        await pilot.press("tab", *"Operational Coordination", "tab", *"Appoint one", "tab", *"Canal Authority")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)

    run(app, scenario)
    own = plan(app)[-1]
    assert (own["issue"], own["action"], own["capability"], own["owner"]) == (
        "No liaison at the port",
        "Appoint one",
        "Operational Coordination",
        "Canal Authority",
    )
