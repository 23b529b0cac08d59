"""Snapshots of the main screen at 80×24 (a laptop terminal) and 160×48 (a projector).

After a deliberate change: pytest tests/tui/test_snapshots.py --snapshot-update, then look
at the new SVGs before committing them.
"""

from __future__ import annotations


class TestMainScreen:
    KEYS = ("space", "space", "n", "n", "n", "n", "n")  # start, pause, step to the first decision

    def test_main_screen_at_80x24(self, console, snap_compare):
        assert snap_compare(console, press=self.KEYS, terminal_size=(80, 24))

    def test_main_screen_at_160x48_shows_the_sidebar(self, console, snap_compare):
        assert snap_compare(console, press=self.KEYS, terminal_size=(160, 48))

    def test_escalation_tab_at_80x24(self, console, snap_compare):
        assert snap_compare(console, press=(*self.KEYS, "2"), terminal_size=(80, 24))

    def test_teams_tab_in_the_light_theme(self, console, snap_compare):
        async def light(pilot):
            pilot.app.theme = "textual-light"

        assert snap_compare(console, press=(*self.KEYS, "4"), terminal_size=(100, 30), run_before=light)
