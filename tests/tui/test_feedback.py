"""After the end: the trainee's feedback form, the console's count of forms, and the hot-wash dialog."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets._footer import FooterKey

from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.net import TeamClient, parse_join
from tabletop.session import Session
from tabletop.tui import create_console
from tabletop.tui.forms import FormScreen
from tabletop.tui.trainee import TraineeApp
from tests.net.conftest import until
from tests.tui.conftest import CANAL, commands
from tests.tui.test_trainee import facilitating


@pytest.fixture
def hosting(tmp_path):
    """A fresh canal session in a console that hosts it on 127.0.0.1 (a free port)."""
    session = Session.create(CANAL, tmp_path / "live.db")
    yield create_console(session, tick_seconds=3600, report_dir=tmp_path, listen=("127.0.0.1", 0))
    session.close()


def clock(console) -> str:
    return str(console.screen_stack[0].query_one("#clock").content)


def footer_actions(console) -> list[str]:
    return [key.action for key in console.screen.query(FooterKey)]


def forms(session) -> list[ev.ParticipantFeedbackGiven]:
    return [e for e in session.events if isinstance(e, ev.ParticipantFeedbackGiven)]


def test_the_end_offers_the_form_and_a_sent_form_counts_on_the_console(hosting):
    console, session = hosting, hosting.session

    async def go():
        async with facilitating(console) as facilitator:
            await facilitator.press("space", "space", "n", "n")  # start, pause, step twice
            trainee = TraineeApp(TeamClient(parse_join(console.server.join_string("csirt_cell"))))
            async with trainee.run_test(size=(100, 30)) as pilot:
                await until(lambda: trainee.client.status == "connected" and trainee.client.view)
                await pilot.press("f")
                assert not isinstance(trainee.screen, FormScreen)  # not before the end
                await facilitator.press("e", "y")  # end; the report is written
                await until(lambda: isinstance(trainee.screen, FormScreen))
                await facilitator.press("escape")  # the report's message
                assert "Feedback forms returned: CSIRT cell (AurCERT) 0 · Foreign-ministry cell (MFA) 0" in clock(
                    console
                )
                labels = [str(label.content) for label in trainee.screen.query(".field-label")]
                assert "What went well (strengths) (optional)" in labels
                assert any("Contain the ransomware" in label for label in labels)  # an objective of the CSIRT cell
                assert not any("Give the public accurate" in label for label in labels)  # the MFA cell's only
                await pilot.press(*"Early briefing", "tab", *"Press line", "tab")
                await pilot.press("right", "right", "right", "enter")  # the first objective: 4
                await pilot.press("ctrl+s")
                await until(lambda: forms(session))
                await pilot.pause()
                assert not isinstance(trainee.screen, FormScreen)
                assert "Thank you: your feedback is recorded" in str(trainee.query_one("#notice").content)
                await pilot.press("f")  # reopened with what was sent
                assert isinstance(trainee.screen, FormScreen)
                assert trainee.screen.values()["strengths"] == "Early briefing"
                await pilot.press("escape")
            form = forms(session)[0]
            assert (form.team, form.strengths, form.improvements) == ("csirt_cell", "Early briefing", "Press line")
            assert form.ratings == {"contain_protect_ot": 4}
            await until(lambda: "CSIRT cell (AurCERT) 1 · Foreign-ministry cell (MFA) 0" in clock(console))

    asyncio.run(go())


def test_the_console_records_a_hot_wash_point_after_the_end(hosting):
    console = hosting

    async def go():
        async with facilitating(console) as facilitator:
            await facilitator.press("h")
            assert not isinstance(console.screen, FormScreen)  # only after the end
            assert "hot_wash" not in footer_actions(console)
            console.submit(c.Start())
            console.submit(c.End())
            await facilitator.pause()
            assert "hot_wash" in footer_actions(console)
            await facilitator.press("h")
            assert isinstance(console.screen, FormScreen)
            await facilitator.press("tab", *"The press line came late [/]", "ctrl+s")
            await facilitator.pause()
        assert commands(console)[-1] == {
            "kind": "hot_wash",
            "point": "strength",
            "text": "The press line came late [/]",
            "team": None,
        }

    asyncio.run(go())
