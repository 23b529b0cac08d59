"""The facilitator console, driven by keys as a facilitator would, checked on screen and in the log."""

from __future__ import annotations

import asyncio

from textual.widgets import DataTable, SelectionList

from tabletop.tui.forms import ConfirmScreen, FormScreen, PickScreen
from tests.tui.conftest import commands, text


def run(app, scenario, size=(120, 40)):
    async def go():
        async with app.run_test(size=size) as pilot:
            await scenario(pilot)

    asyncio.run(go())


def kinds(app):
    return [c["kind"] for c in commands(app)]


def test_space_starts_runs_and_pauses_the_clock(console):
    async def scenario(pilot):
        await pilot.press("space")
        assert "RUNNING" in text(console, "#clock") and console.running
        console.tick(1)
        await pilot.pause()
        assert text(console, "#clock").startswith("T+00:00:02")  # at the scenario's pace, ×2
        await pilot.press("space")
        assert "PAUSED" in text(console, "#clock") and not console.running

    run(console, scenario)
    assert kinds(console) == ["start", "advance", "pause"]


def test_pace_sets_how_far_each_tick_moves_the_clock(console):
    async def scenario(pilot):
        await pilot.press("space", "plus", "plus", "plus")
        assert "pace ×60" in text(console, "#clock")
        console.tick(1)
        await pilot.press("minus")
        assert "pace ×30" in text(console, "#clock")
        console.tick(1)
        await pilot.pause()
        assert text(console, "#clock").startswith("T+00:01:30")

    run(console, scenario)
    assert [c.get("by") for c in commands(console) if c["kind"] == "advance"] == [60, 30]


def test_step_jumps_to_the_next_event_and_the_timeline_follows(console):
    async def scenario(pilot):
        await pilot.press("space", "space", "n")
        assert text(console, "#clock").startswith("T+00:10")
        table = console.query_one("#timeline-table", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert rows[1][:3] == ["T+00:10", "delivered", "inject nsc_alert"]
        assert any(row[1] == "due" for row in rows)

    run(console, scenario)


def test_deliver_a_planned_inject_now(console):
    async def scenario(pilot):
        await pilot.press("space", "space", "d")
        assert isinstance(console.screen, PickScreen)
        await pilot.press("down", "enter")
        await pilot.pause()

    run(console, scenario)
    assert commands(console)[-1] == {"kind": "deliver_inject", "inject": "ransom_note"}
    assert "ransom_note" in console.engine.delivered


def test_adhoc_inject_reaches_the_chosen_team(console):
    async def scenario(pilot):
        await pilot.press("space", "space", "a")
        form = console.screen
        assert isinstance(form, FormScreen)
        await pilot.press("space")  # select the first team in the recipients list
        await pilot.press("tab")
        await pilot.press(*"Minister calls")
        await pilot.press("tab")
        await pilot.press(*"Why is there no statement yet?")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(console.screen, FormScreen)
        await pilot.press("4")
        inbox = console.query_one("#inbox-csirt_cell", DataTable)
        assert inbox.get_row_at(0)[2] == "Minister calls"

    run(console, scenario)
    last = commands(console)[-1]
    assert last["kind"] == "adhoc_inject" and last["to"] == ["csirt_cell"] and last["title"] == "Minister calls"


def test_a_refused_adhoc_inject_says_why_and_changes_nothing(console):
    async def scenario(pilot):
        await pilot.press("space", "space", "a")
        form = console.screen
        form.query_one(SelectionList).select("mfa_cell")
        form.query_one("#field-title").value = "Pressure rises"
        form.query_one("#field-effects").value = "[{add: public_presure, by: 10}]"
        before = len(commands(console))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(console.screen, FormScreen)
        assert "unknown state variable 'public_presure' (did you mean 'public_pressure'?)" in text(
            console, "#form-error"
        )
        assert len(commands(console)) == before
        await pilot.press("escape")

    run(console, scenario)
    assert kinds(console) == ["start", "pause"]


def test_record_a_decision_with_its_rationale(console):
    async def scenario(pilot):
        await pilot.press("space", "space", *("n" * 5))
        assert console.engine.decisions["d_contain"].status == "open"
        await pilot.press("r", "enter")  # the only open decision point
        form = console.screen
        assert isinstance(form, FormScreen)
        await pilot.press("enter", "down", "down", "enter")  # open the option list, take the second option
        await pilot.press("tab", "tab")
        await pilot.press(*"Protect OT first")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(console.screen, FormScreen)

    run(console, scenario)
    last = commands(console)[-1]
    assert last["kind"] == "decide" and last["decision"] == "d_contain" and last["rationale"] == "Protect OT first"
    assert console.engine.decisions["d_contain"].decided


def test_score_adjust_requires_a_reason(console):
    async def scenario(pilot):
        await pilot.press("space", "space", "s")
        form = console.screen
        form.query_one("#field-team").value = "mfa_cell"
        form.query_one("#field-points").value = "2"
        await pilot.press("ctrl+s")
        assert "Give a reason" in text(console, "#form-error")
        form.query_one("#field-reason").value = "Good use of the CBM channel"
        await pilot.press("ctrl+s")
        await pilot.pause()

    run(console, scenario)
    assert commands(console)[-1] == {
        "kind": "score_adjust",
        "team": "mfa_cell",
        "points": 2.0,
        "reason": "Good use of the CBM channel",
        "decision": None,
        "criterion": None,
    }


def test_note_is_stamped_with_scenario_time(console):
    async def scenario(pilot):
        await pilot.press("space", "space", "n", "o")
        await pilot.press(*"MFA cell asks for the legal adviser", "enter")
        await pilot.pause()
        await pilot.press("5")
        log = console.query_one("#log-table", DataTable)
        assert log.get_row_at(log.row_count - 1) == ["T+00:10", "note: MFA cell asks for the legal adviser"]

    run(console, scenario)
    assert commands(console)[-1] == {"kind": "note", "text": "MFA cell asks for the legal adviser", "team": None}


def test_rate_an_objective_showing_the_suggestion(console):
    async def scenario(pilot):
        await pilot.press("space", "space", "g")
        assert isinstance(console.screen, PickScreen)
        assert "[no evidence yet]" in str(console.screen.query_one("#pick").get_option_at_index(0).prompt)
        await pilot.press("enter")
        assert "suggested: —" in console.screen.query(".field-label").first().content
        await pilot.press("down", "down", "enter")  # the radio set has focus: move to M, press it
        await pilot.press("tab", *"Slow to isolate", "ctrl+s")
        await pilot.pause()

    run(console, scenario)
    assert commands(console)[-1] == {
        "kind": "rate_objective",
        "objective": "contain_protect_ot",
        "rating": "M",
        "note": "Slow to isolate",
    }


def test_end_writes_the_report_next_to_the_session(console, tmp_path):
    async def scenario(pilot):
        await pilot.press("space", "space", "n", "e", "y")
        await pilot.pause()
        assert "After-action report written" in text(console, "#message-body")
        await pilot.press("enter")
        assert "ENDED" in text(console, "#clock")

    run(console, scenario)
    assert kinds(console)[-1] == "end"
    assert (tmp_path / "live-aar.html").exists() and (tmp_path / "live-aar.md").exists()
    assert "## Improvement plan" in (tmp_path / "live-aar.md").read_text(encoding="utf-8")


def test_help_lists_every_key(console):
    async def scenario(pilot):
        await pilot.press("question_mark")
        body = text(console, "#message-body")
        for key in ("space", "n", "d", "a", "r", "s", "o", "g", "f", "t", "x", "p", "e", "q", "1 … 6"):
            assert f"\n{key} " in f"\n{body}" or body.startswith(key)

    run(console, scenario)


def test_every_action_is_in_the_command_palette(console):
    async def scenario(pilot):
        titles = [command.title for command in console.get_system_commands(console.screen)]
        for title in ("Run / pause the clock", "Send an ad-hoc inject", "Record a decision", "End the exercise"):
            assert title in titles

    run(console, scenario)


def test_no_option_is_preselected_so_nothing_is_recorded_by_accident(console):
    async def scenario(pilot):
        await pilot.press("space", "space", *("n" * 5), "r", "enter")
        await pilot.press("tab", "tab", *"rushed", "ctrl+s")
        assert isinstance(console.screen, FormScreen)
        assert "Choose an option" in text(console, "#form-error")
        await pilot.press("escape")

    run(console, scenario)
    assert "decide" not in kinds(console)


def test_number_keys_switch_every_tab(console):
    async def scenario(pilot):
        tabs = console.query_one("#tabs")
        for key, tab in zip("654321", ("online", "log", "teams", "state", "escalation", "timeline"), strict=True):
            await pilot.press(key)
            assert tabs.active == tab
        await pilot.press("6")
        assert "Not hosting" in text(console, "#join-strings")

    run(console, scenario)


def test_out_of_range_points_are_refused_in_the_form_not_crashed_on(console):
    async def scenario(pilot):
        await pilot.press("space", "space", "s")
        form = console.screen
        form.query_one("#field-team").value = "mfa_cell"
        form.query_one("#field-points").value = "5000"
        form.query_one("#field-reason").value = "generous"
        await pilot.press("ctrl+s")
        assert isinstance(console.screen, FormScreen)
        assert "less than or equal to 1000" in text(console, "#form-error")
        await pilot.press("escape")

    run(console, scenario)
    assert "score_adjust" not in kinds(console)


def test_the_clock_starts_at_the_scenarios_pace_which_is_among_the_paces_on_offer(console):
    async def scenario(pilot):
        assert "pace ×2 " in text(console, "#clock") + " "  # canal's clock.pace
        await pilot.press("minus", "minus")
        assert "pace ×1 " in text(console, "#clock") + " "
        seen = []
        for _ in range(6):
            await pilot.press("plus")
            seen.append(text(console, "#clock").split("pace ×")[1].split(" ")[0])
        assert seen == ["2", "5", "30", "60", "300", "300"]

    run(console, scenario)


def test_a_fractional_pace_carries_its_fraction_from_tick_to_tick(tmp_path):
    from tabletop.session import Session
    from tabletop.tui import create_console
    from tests.conftest import ROOT

    session = Session.create(ROOT / "scenarios" / "embassy-compromise.yaml", tmp_path / "e.db", seed=1)
    app = create_console(session, tick_seconds=3600)

    async def scenario(pilot):
        await pilot.press("space")
        assert "pace ×2.5" in text(app, "#clock")
        for _ in range(4):
            app.tick(1)
        await pilot.pause()

    run(app, scenario)
    assert [c["by"] for c in commands(app) if c["kind"] == "advance"] == [2, 3, 2, 3]
    session.close()


def test_a_step_that_would_close_a_decision_by_default_says_so_and_asks(console):
    async def scenario(pilot):
        await pilot.press("space", "space", *("n" * 5))
        assert text(console, "#clock").startswith("T+00:40")
        await pilot.press("n")
        assert isinstance(console.screen, ConfirmScreen)
        question = console.screen.query_one(".dialog-title").content
        assert question.startswith("Step to T+01:00? It closes 'The CAA asks for your containment advice.")
        assert question.endswith(
            "with its default: Keep systems running and monitor the attackers to learn more before acting."
        )
        await pilot.press("n")  # no: nothing moves
        assert text(console, "#clock").startswith("T+00:40")
        assert console.engine.decisions["d_contain"].status == "open"
        await pilot.press("n", "y")
        assert text(console, "#clock").startswith("T+01:00")

    run(console, scenario)
    assert console.engine.decisions["d_contain"].defaulted


def test_quit_help_and_end_are_in_the_footer_at_80_columns(console):
    async def scenario(pilot):
        await pilot.pause()
        shown = {
            key.description
            for key in console.screen.query("Footer FooterKey")
            if key.region.width and key.region.right <= 80
        }
        assert {"End", "Help", "Quit"} <= shown

    run(console, scenario, size=(80, 24))


def test_the_command_palette_lists_each_command_once(console):
    async def scenario(pilot):
        titles = [command.title for command in console.get_system_commands(console.screen)]
        assert sorted(titles) == sorted(set(titles))
        assert "Keys" in titles and "Quit" in titles

    run(console, scenario)


def test_the_screen_under_a_dialog_waits_and_catches_up_when_it_closes(console):
    """Redrawing the dimmed screen under a form took ~90 ms a tick, while the facilitator typed."""

    async def scenario(pilot):
        await pilot.press("space", "o")
        console.tick(1)
        await pilot.pause()
        assert console.screen_stack[0].query_one("#clock").content.startswith("T+00:00  ")
        await pilot.press("escape")
        assert text(console, "#clock").startswith("T+00:00:02")

    run(console, scenario)


def test_a_forms_error_and_keys_stay_in_view_at_80x24_and_chosen_recipients_are_ticked(console):
    async def scenario(pilot):
        await pilot.press("space", "space", "a")
        form = console.screen
        await pilot.press("ctrl+s")  # no recipient yet
        await pilot.pause()
        screen = form.region
        for selector in ("#form-error", ".hint"):
            widget = form.query_one(selector)
            assert widget.display and screen.contains_region(widget.region), selector
        assert str(form.query_one("#form-error").content) == "Choose at least one recipient."
        recipients = form.query_one(SelectionList)
        recipients.select(recipients.get_option_at_index(1).value)
        await pilot.pause()
        boxes = [recipients.render_line(y).text[:3] for y in range(recipients.option_count)]
        assert boxes == ["▐ ▌", "▐✓▌"]

    run(console, scenario, size=(80, 24))


def test_the_console_shows_a_choice_as_text_and_an_inject_that_did_not_happen(tmp_path, write_scenario):
    from tabletop.engine import commands as c
    from tabletop.session import Session
    from tabletop.tui import create_console
    from tests.session.test_session_json import CHANCE_AND_CHOICE

    scenario = write_scenario(CHANCE_AND_CHOICE.replace("chance: 0.5", "chance: 0.01"))
    session = Session.create(scenario, tmp_path / "s.db", seed=1)
    for command in (c.Start(), c.Advance(to=3600), c.Pause()):
        session.submit(command)
    app = create_console(session, tick_seconds=3600, report_dir=tmp_path)

    async def check(pilot):
        state = app.query_one("#state-table", DataTable)
        assert ["confidence", "moderate", "low < moderate < high"] in [
            state.get_row_at(i) for i in range(state.row_count)
        ]
        timeline = app.query_one("#timeline-table", DataTable)
        row = next(
            r for r in (timeline.get_row_at(i) for i in range(timeline.row_count)) if str(r[2]).endswith("press_call")
        )
        assert row[:2] == ["T+00:55", "did not happen"] and str(row[3]).endswith("(chance 1%)")

    run(app, check)
    session.close()


def test_the_escalation_tab_names_each_actors_level_on_its_own_ladder(console):
    async def scenario(pilot):
        await pilot.press("2")
        table = console.query_one("#actors-table", DataTable)
        rows = {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert rows["Press and social media"] == "0 quiet" and rows["Government of Varnia"] == "0 routine"

    run(console, scenario)
