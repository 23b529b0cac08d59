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


class TestTraineeApp:
    """The CSIRT trainee at 80×24, from a session played to d_contain, answered once and paused.

    The client is fed the session's own team view and clock (no network, no live timer), so
    the frame is the same every run.
    """

    @staticmethod
    def trainee(tmp_path):
        import asyncio

        from tabletop.engine import commands as c
        from tabletop.net import TeamClient, parse_join
        from tabletop.net import protocol as p
        from tabletop.session import Session, views
        from tabletop.tui.trainee import TraineeApp
        from tests.tui.conftest import CANAL

        session = Session.create(CANAL, tmp_path / "trainee.db", seed=1)
        for command in (
            c.Start(),
            c.Advance(to=31 * 60),
            c.AdhocInject(to=["csirt_cell"], title="[/] [bold]Markup stays text[/bold]"),
            c.Pause(),
        ):
            session.submit(command)

        class Offline(TeamClient):
            async def run(self) -> None:
                self.welcome = p.Welcome(team="csirt_cell", team_name="CSIRT cell (AurCERT)", scenario="Canal")
                self.status = "connected"
                self.view = views.team_view(session.engine, session.events, "csirt_cell")
                self.clock = {**views.clock(session.engine), "pace": 2.5}
                self.on_update()
                await asyncio.Event().wait()

            async def stop(self) -> None:
                pass

        client = Offline(parse_join("tabletop://127.0.0.1:8765/csirt_cell?key=abcdefgh&pin=def"))
        return TraineeApp(client, tick_seconds=3600), session

    def test_open_decision_at_80x24(self, tmp_path, snap_compare):
        app, session = self.trainee(tmp_path)
        assert snap_compare(app, press=("2",), terminal_size=(80, 24))
        session.close()

    def test_inbox_at_80x24(self, tmp_path, snap_compare):
        app, session = self.trainee(tmp_path)
        assert snap_compare(app, terminal_size=(80, 24))
        session.close()
