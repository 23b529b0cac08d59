"""The console's `b`: mark a decision point for the debrief (the report gives the odds of its options)."""

from __future__ import annotations

from tabletop.tui.forms import FormScreen
from tests.tui.conftest import commands, ticking_console
from tests.tui.test_console import run


def test_b_marks_the_latest_open_decision_with_a_note(tmp_path):
    console = ticking_console(tmp_path, 45 * 60, 3600)  # d_contain opened at 30m, d_mfa_first at 40m

    async def scenario(pilot):
        await pilot.press("b")
        assert isinstance(console.screen, FormScreen)
        await pilot.press("tab", *"Why no convening?", "ctrl+s")
        await pilot.pause()
        assert not isinstance(console.screen, FormScreen)

    try:
        run(console, scenario)
        assert commands(console)[-1] == {
            "kind": "mark_for_debrief",
            "decision": "d_mfa_first",
            "note": "Why no convening?",
        }
    finally:
        console.session.close()


def test_b_before_any_decision_has_opened_says_so_and_records_nothing(console):
    async def scenario(pilot):
        await pilot.press("space", "space", "b")
        await pilot.pause()
        assert not isinstance(console.screen, FormScreen)

    run(console, scenario)
    assert "mark_for_debrief" not in [c["kind"] for c in commands(console)]
