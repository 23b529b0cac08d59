"""Enter on a timeline row: the inject (or decision point) in full, with the facilitator's guidance.

Trainees never see that guidance: what their terminals receive carries none of it.
"""

from __future__ import annotations

import asyncio
import json

from textual.widgets import DataTable

from tabletop.engine import commands as c
from tabletop.session import views
from tabletop.tui.forms import MessageScreen
from tests.tui.conftest import text


def run(app, scenario, size=(120, 40)):
    async def go():
        async with app.run_test(size=size) as pilot:
            await scenario(pilot)

    asyncio.run(go())


async def open_row(pilot, item: str) -> str:
    """Move the timeline's cursor to `item` ("inject operator_call"), press Enter, return the modal's text."""
    table = pilot.app.query_one("#timeline-table", DataTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(item), animate=False)
    await pilot.press("enter")
    assert isinstance(pilot.app.screen, MessageScreen)
    return text(pilot.app, ".dialog-title") + "\n" + text(pilot.app, "#message-body")


def test_enter_on_a_delivered_inject_shows_its_text_recipients_expected_notes_and_questions(console):
    async def scenario(pilot):
        await pilot.press("space", "space")
        shown = await open_row(pilot, "inject operator_call")
        for expected in (
            "Canal Authority: scheduling screens black",
            "Time: T+00:00 (delivered)",
            "From: Canal Authority of Aurelia",
            "To: CSIRT cell (AurCERT)",
            "05:58. The CAA security-operations duty officer calls the AurCERT hotline.",
            "Expected player action:\n  Open an incident record",
            "Facilitator notes (never shown to teams):\n  Opening inject: read it aloud",
            "Discussion questions:\n  • Who owns this incident in the first hour, and who must you tell?\n  • What must",
        ):
            assert expected in shown
        await pilot.press("escape")
        assert not isinstance(console.screen, MessageScreen)

    run(console, scenario)


def test_enter_on_a_conditional_inject_says_when_it_goes_out(console):
    async def scenario(pilot):
        await pilot.pause()
        shown = await open_row(pilot, "inject forensic_gap")
        assert "Time: when (decision.d_contain.decided or decision.d_contain.defaulted)" in shown
        assert "Facilitator notes (never shown to teams):\n  none" in shown
        await pilot.press("escape")

    run(console, scenario)


def test_enter_on_an_adhoc_inject_shows_what_was_written_as_typed(console):
    async def scenario(pilot):
        await pilot.press("space", "space")
        console.submit(c.AdhocInject(to=["mfa_cell"], title="Minister [b]calls[/]", body="Why [/]no statement?"))
        await pilot.pause()
        row = next(key for key in console.query_one("#timeline-table", DataTable).rows if key.value.startswith("adhoc"))
        shown = await open_row(pilot, row.value)
        assert shown.startswith("Minister [b]calls[/]\n")
        assert "(written during the session)" in shown and "To: Foreign-ministry cell (MFA)" in shown
        assert "From: facilitator" in shown and "Why [/]no statement?" in shown
        await pilot.press("escape")

    run(console, scenario)


def test_enter_on_a_decision_point_shows_its_options_by_label(console):
    async def scenario(pilot):
        await pilot.pause()
        shown = await open_row(pilot, "decision d_contain")
        assert shown.startswith("The CAA asks for your containment advice.")
        assert "Team: CSIRT cell (AurCERT)" in shown
        assert "* Keep systems running and monitor the attackers" in shown
        await pilot.press("escape")

    run(console, scenario)


def test_the_detail_is_in_the_facilitators_language(spanish_console):
    async def scenario(pilot):
        await pilot.press("space", "space")
        shown = await open_row(pilot, "inject board_ransom")
        assert shown.startswith("Director general de la ACA")
        assert "Notas para el facilitador (los equipos nunca las ven):\n  Se juega como el director general" in shown
        assert "Preguntas para el debate:\n  • ¿Quién decide si se paga" in shown
        assert "Para: Célula CSIRT (AurCERT)" in shown
        await pilot.press("escape")

    run(spanish_console, scenario)


def test_trainees_never_receive_facilitator_notes_or_discussion_questions(console):
    session = console.session
    session.submit(c.Start())
    for inject in session.loaded.scenario.injects:
        if inject.id not in session.engine.delivered:
            session.submit(c.DeliverInject(inject=inject.id))
    guidance = [
        text
        for inject in session.loaded.scenario.injects
        for field in (inject.facilitator_notes, *inject.discussion_questions)
        if field
        for text in field.values()
    ]
    assert len(guidance) == 18  # three injects with notes and two questions, in en and es
    for team in session.loaded.scenario.teams:
        sent = json.dumps(views.team_view(session.engine, session.events, team.id), ensure_ascii=False)
        assert sent.count("AurCERT") > 0  # the view is full of the injects' own text
        assert not [text for text in guidance if text[:40] in sent]


def test_the_detail_of_a_recurring_inject_to_all_teams_shows_its_variants_and_attachment(write_scenario, tmp_path):
    from tabletop.session import Session
    from tabletop.tui import create_console
    from tests.engine.test_recurring_injects import with_sitrep

    text_ = with_sitrep("times: 3").replace(
        "    title: SITREP\n",
        "    title: SITREP\n    variants:\n      mfa_cell: {title: SITREP for diplomats}\n"
        "    attachments:\n      - {file: sitrep.txt, title: Figures}\n      - {file: map.png}\n",
    )
    scenario = write_scenario(text_)
    (scenario.parent / "sitrep.txt").write_text("3 ports down [/] <b>\n")
    (scenario.parent / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    session = Session.create(scenario, tmp_path / "s.db")
    console = create_console(session, tick_seconds=3600, report_dir=tmp_path)
    saved_in = tmp_path / "out"

    async def scenario_(pilot):
        await pilot.press("space", "space")
        session.submit(c.Advance(to=3600))
        console.refresh_views()
        shown = await open_row(pilot, "inject sitrep")
        for expected in (
            "To: all teams",
            "Recurs: 00:30 ×3 · 2/3 ↻",
            "Variants per team:\n  MFA cell: SITREP for diplomats",
            "── Figures (sitrep.txt) ──\n3 ports down [/] <b>",
            "── map.png (map.png), 9 bytes ── w: save",
        ):
            assert expected in shown
        await pilot.press("escape", "w", "enter")
        pilot.app.screen.query_one("Input").value = str(saved_in)
        await pilot.press("ctrl+s")
        await pilot.pause()

    run(console, scenario_)
    session.close()
    assert (saved_in / "sitrep.txt").read_text() == "3 ports down [/] <b>\n"
    assert (saved_in / "map.png").read_bytes() == b"\x89PNG\r\n\x1a\n\x00"
