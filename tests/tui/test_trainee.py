"""The trainee app against the facilitator's console, both live in one test over loopback TLS."""

from __future__ import annotations

import asyncio
import json

from textual.widgets import DataTable

from tabletop.net import TeamClient, parse_join
from tabletop.session import Session
from tabletop.tui import create_console
from tabletop.tui.forms import ConfirmScreen, FormScreen, MessageScreen
from tabletop.tui.trainee import TraineeApp
from tests.net.conftest import until
from tests.tui.conftest import CANAL


def test_trainee_reads_the_inbox_and_decides_and_the_console_logs_it(tmp_path):
    session = Session.create(CANAL, tmp_path / "live.db")
    console = create_console(session, tick_seconds=3600, report_dir=tmp_path, listen=("127.0.0.1", 0))

    async def go():
        async with console.run_test(size=(120, 40)) as facilitator:
            await until(lambda: console.server is not None)
            await facilitator.press("space", "space", *("n" * 5))  # start, pause, step to the first decision
            await facilitator.press("6")
            join = console.server.join_string("csirt_cell")
            assert join in str(console.query_one("#join-strings").content)

            trainee = TraineeApp(TeamClient(parse_join(join)))
            async with trainee.run_test(size=(100, 30)) as pilot:
                await until(lambda: trainee.client.status == "connected" and trainee.client.view.get("open"))
                await pilot.pause()
                inbox = trainee.query_one("#inbox-table", DataTable)
                assert inbox.get_row_at(0)[0] == "●" and "OT engineer" in inbox.get_row_at(0)[3]
                await pilot.press("enter")  # open the newest inject
                assert isinstance(trainee.screen, MessageScreen)
                await pilot.press("escape")
                assert trainee.query_one("#inbox-table", DataTable).get_row_at(0)[0] == " "

                await pilot.press("2", "d")
                assert isinstance(trainee.screen, FormScreen)
                await pilot.press("enter", "down", "enter")  # open the options, take the first
                await pilot.press("tab", "tab", *"Evidence first", "ctrl+s")
                assert isinstance(trainee.screen, ConfirmScreen)
                await pilot.press("y")
                await until(lambda: trainee.client.view.get("decided"))
                await pilot.pause()
                decided = trainee.query_one("#decided-table", DataTable)
                assert decided.get_row_at(0)[3] == "Evidence first"
            await facilitator.pause()
            assert [c["kind"] for c in map(json.loads, (r.command for r in session.store.records()))][-1] == "decide"
            log = console.query_one("#log-table", DataTable)
            assert any("csirt_cell decided d_contain" in str(log.get_row_at(i)[1]) for i in range(log.row_count))

    asyncio.run(go())
    session.close()


def test_a_spanish_reading_team_gets_the_app_in_spanish(tmp_path):
    from tabletop.engine import commands as c
    from tabletop.net import TeamServer

    session = Session.create(CANAL, tmp_path / "live.db")

    async def go():
        server = TeamServer(session, "127.0.0.1", 0)
        await server.start()
        server._submit_directly(c.Start())
        server._submit_directly(c.Advance(to=700))  # the crisis room's alert reaches the ministry at T+00:10
        trainee = TraineeApp(TeamClient(parse_join(server.join_string("mfa_cell"))))
        async with trainee.run_test(size=(100, 30)) as pilot:
            await until(lambda: trainee.client.status == "connected" and trainee.client.view.get("inbox"))
            await pilot.pause()
            tabs = trainee.query_one("#tabs")
            assert str(tabs.get_tab("open").label) == "2 Decisiones abiertas"
            assert "en curso" in str(trainee.query_one("#clock").content)
            assert "Sala de crisis" in trainee.query_one("#inbox-table", DataTable).get_row_at(0)[3]
        await server.stop()

    asyncio.run(go())
    session.close()
