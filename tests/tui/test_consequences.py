"""The facilitator's say over consequences, from the console's keys: `t` counts a free-text
answer as an option, `x` cancels a planned inject, and an ending offers to play on (`p`)."""

from __future__ import annotations

import pytest

from tabletop.engine import commands as c
from tabletop.session import Session
from tabletop.tui import create_console
from tabletop.tui.forms import ConfirmScreen, FormScreen
from tests.engine.test_consequences import FREE_TEXT, GIVE_UP
from tests.tui.conftest import commands
from tests.tui.test_console import run


@pytest.fixture
def open_console(write_scenario, tmp_path):
    """A console on a scenario played with `commands`, paused."""
    made = []

    def build(text: str, *played):
        session = Session.create(write_scenario(text), tmp_path / "live.db", seed=1)
        for command in (c.Start(), *played, c.Pause()):
            session.submit(command)
        app = create_console(session, tick_seconds=3600, report_dir=tmp_path)
        made.append(session)
        return app

    yield build
    for session in made:
        session.close()


def test_t_counts_a_free_text_answer_as_an_option_and_its_effects_follow(open_console):
    answer = c.Decide(team="csirt_cell", decision="contain", text="we wait for the vendor", rationale="")
    app = open_console(FREE_TEXT, c.Advance(to=1000), answer)

    async def scenario(pilot):
        await pilot.press("t")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-decision").value == "contain"  # the latest answer, chosen already
        form.query_one("#field-option").value = "contain/wait"
        form.query_one("#field-reason").value = "waiting is what they chose"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)

    run(app, scenario)
    assert commands(app)[-1] == {
        "kind": "count_as_option",
        "decision": "contain",
        "option": "wait",
        "reason": "waiting is what they chose",
    }
    assert app.engine.state["public_pressure"] == 35


def test_t_says_so_when_no_free_text_answer_waits(open_console):
    app = open_console(FREE_TEXT)

    async def scenario(pilot):
        await pilot.press("t")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert any("No free-text answer" in str(n.message) for n in app._notifications)

    run(app, scenario)


def test_x_cancels_a_planned_inject_which_then_never_goes_out(open_console):
    app = open_console(FREE_TEXT)

    async def scenario(pilot):
        await pilot.press("x")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-inject").value = "press_call"
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.submit(c.Advance(to=5000))
        await pilot.pause()

    run(app, scenario)
    assert commands(app)[-2] == {"kind": "cancel_inject", "inject": "press_call", "reason": ""}
    assert "press_call" not in app.engine.delivered and app.engine.state["public_pressure"] >= 30


def test_x_stops_a_recurring_inject_that_already_went_out_from_going_out_again(open_console):
    from tests.engine.test_recurring_injects import with_sitrep

    app = open_console(with_sitrep("times: 5"), c.Advance(to=3600))

    async def scenario(pilot):
        await pilot.press("x")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-inject").value = "sitrep"
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.submit(c.Advance(to=3 * 3600))
        await pilot.pause()

    run(app, scenario)
    assert commands(app)[-2] == {"kind": "cancel_inject", "inject": "sitrep", "reason": ""}
    assert app.engine.occurrences["sitrep"] == 2


def test_an_ending_asks_whether_to_play_on_and_yes_plays_on_with_a_note(open_console):
    app = open_console(GIVE_UP, c.Advance(to=1000))

    async def scenario(pilot):
        await pilot.pause()
        app.submit(c.Decide(team="csirt_cell", decision="contain", option="wait"))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Ending reached: The CSIRT waited." in str(app.screen.query_one(".dialog-title").content)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"see the fallout", "ctrl+s")
        await pilot.pause()
        assert not app.engine.ended

    run(app, scenario)
    assert commands(app)[-1] == {"kind": "play_on", "note": "see the fallout"}


def test_no_keeps_the_ending_and_p_plays_on_later(open_console):
    app = open_console(GIVE_UP, c.Advance(to=1000))

    async def scenario(pilot):
        await pilot.pause()
        app.submit(c.Decide(team="csirt_cell", decision="contain", option="wait"))
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.engine.ended and app.engine.outcome == "gave_up"
        await pilot.press("p", "ctrl+s")
        await pilot.pause()

    run(app, scenario)
    assert commands(app)[-1] == {"kind": "play_on", "note": ""} and not app.engine.ended


def test_the_consequence_dialogs_speak_the_facilitators_language(write_scenario, tmp_path):
    session = Session.create(write_scenario(GIVE_UP), tmp_path / "es.db", seed=1)
    for command in (c.Start(), c.Advance(to=1000), c.Pause()):
        session.submit(command)
    app = create_console(session, tick_seconds=3600, report_dir=tmp_path, lang="es")

    async def scenario(pilot):
        await pilot.press("x")
        assert isinstance(app.screen, FormScreen) and "Cancelar una inyección prevista" in str(app.screen.title_text)
        await pilot.press("escape")
        app.submit(c.Decide(team="csirt_cell", decision="contain", option="wait"))
        await pilot.pause()
        question = str(app.screen.query_one(".dialog-title").content)
        assert question.startswith("Desenlace alcanzado: The CSIRT waited.")

    run(app, scenario)
    session.close()
