"""The trainee app against the facilitator's console, both live in one test over loopback TLS."""

from __future__ import annotations

import asyncio
import contextlib
import json
import stat

import pytest
from textual.notifications import Notify
from textual.widgets import DataTable

from tabletop.engine import commands as c
from tabletop.net import TeamClient, parse_join
from tabletop.net.server import PATIENCE, TOO_MANY, describe_clients
from tabletop.session import Session
from tabletop.tui import create_console
from tabletop.tui.forms import ConfirmScreen, FormScreen, MessageScreen
from tabletop.tui.trainee import TraineeApp
from tests.net.conftest import until
from tests.tui.conftest import CANAL


@pytest.fixture
def console(tmp_path):
    """A fresh canal session in a console that hosts it on 127.0.0.1 (a free port)."""
    session = Session.create(CANAL, tmp_path / "live.db")
    yield create_console(session, tick_seconds=3600, report_dir=tmp_path, listen=("127.0.0.1", 0))
    session.close()


@contextlib.asynccontextmanager
async def facilitating(console):
    async with console.run_test(size=(120, 40)) as facilitator:
        await until(lambda: console.server is not None)
        yield facilitator


def on_screen(app) -> str:
    """The screen's text as a person copies it line by line, the lines joined without their borders."""
    strips = app.screen._compositor.render_update(full=True).strips
    return "".join("".join(segment.text for segment in strip).strip(" ▊▎") for strip in strips)


def test_trainee_reads_the_inbox_and_decides_and_the_console_logs_it(console, tmp_path):
    session = console.session

    async def go():
        async with facilitating(console) as facilitator:
            await facilitator.press("space", "space", *("n" * 5))  # start, pause, step to the first decision
            await facilitator.press("6")
            join = console.server.join_string("csirt_cell")
            assert join in on_screen(console)
            saved = tmp_path / "live.join.txt"
            assert f"Join strings saved in {saved}" in str(console.query_one("#join-strings").content)
            assert stat.S_IMODE(saved.stat().st_mode) == 0o600 and join in saved.read_text(encoding="utf-8")

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
            assert [c["kind"] for c in map(json.loads, (r.command for r in session.store.records()))][-1] == "decide"
            log = console.query_one("#log-table", DataTable)
            await until(
                lambda: any("csirt_cell decided d_contain" in str(log.get_row_at(i)[1]) for i in range(log.row_count))
            )

    asyncio.run(go())


def test_a_spanish_reading_team_gets_the_app_in_spanish(tmp_path):
    from tabletop.net import TeamServer

    session = Session.create(CANAL, tmp_path / "live.db")

    async def go():
        server = TeamServer(session, "127.0.0.1", 0)
        await server.start()
        server.submit(c.Start())
        server.submit(c.Advance(to=700))  # the crisis room's alert reaches the ministry at T+00:10
        trainee = TraineeApp(TeamClient(parse_join(server.join_string("mfa_cell"))))
        async with trainee.run_test(size=(100, 30)) as pilot:
            await until(lambda: trainee.client.status == "connected" and trainee.client.view.get("inbox"))
            await pilot.pause()
            tabs = trainee.query_one("#tabs")
            assert str(tabs.get_tab("open").label) == "2 Decisiones abiertas"
            assert "en curso" in str(trainee.query_one("#state").content)
            assert "Sala de crisis" in trainee.query_one("#inbox-table", DataTable).get_row_at(0)[3]
        await server.stop()

    asyncio.run(go())
    session.close()


def test_a_flood_of_refused_decisions_leaves_the_console_and_other_teams_responsive(console, tmp_path):
    """5,000 refused requests and a burst of valid-looking ones from one team, while the facilitator works."""
    from tests.net.conftest import Raw

    session = console.session

    toasts = []

    def record(message):
        if isinstance(message, Notify):
            toasts.append(message.notification.message)

    async def go():
        async with console.run_test(size=(120, 40), message_hook=record) as facilitator:
            await until(lambda: console.server is not None)
            await facilitator.press("space", "space", *("n" * 5))  # d_contain is open for the CSIRT
            server = console.server
            before = len(list(session.store.records()))
            bystander = TeamClient(parse_join(server.join_string("mfa_cell")))
            watching = asyncio.create_task(bystander.run())
            honest = TeamClient(parse_join(server.join_string("csirt_cell")))
            honest_task = asyncio.create_task(honest.run())
            await until(lambda: bystander.view and honest.view)
            async with Raw(server) as flooder:
                await flooder.send({"type": "hello", "team": "csirt_cell", "key": server.hosting.keys["csirt_cell"]})
                await until(lambda: len(flooder.received) >= 3)

                async def flood():
                    request = {"type": "decide", "decision": "d_mfa_first", "option": "convene_cell"}
                    for n in range(5000):
                        if flooder.connection.close_code is not None:
                            return
                        await flooder.send({**request, "id": str(n)})

                flooding = asyncio.create_task(flood())
                burst = asyncio.gather(
                    *(honest.decide("d_contain", "isolate_segment", None, "burst") for _ in range(30))
                )
                await facilitator.press("plus")  # the console answers a key during the flood
                assert "pace ×5" in str(console.query_one("#clock").content)
                assert console.submit(c.AdhocInject(to=["mfa_cell"], title="Still with you")) is None
                await until(lambda: any(i["title"] == "Still with you" for i in bystander.view["inbox"]))
                answers = await burst
                await flooding
                await until(lambda: flooder.connection.close_code is not None)
            assert flooder.connection.close_code == TOO_MANY
            assert sum(m["type"] == "throttled" for m in flooder.received) >= PATIENCE
            assert answers.count(None) == 1 and honest.status == "connected"
            # refusals went to the sender only: the console counts them, with no toast
            refused, throttled = next(row[3:] for row in describe_clients(server) if row[0] == "csirt_cell")
            assert refused + throttled == 29
            clients = console.query_one("#clients-table", DataTable)

            def online() -> list[list]:
                return [[str(row[0]), row[3], row[4]] for row in map(clients.get_row_at, range(clients.row_count))]

            await until(lambda: sorted(online()) == [["csirt_cell", refused, throttled], ["mfa_cell", 0, 0]])
            assert len(toasts) == 1 and toasts[0].startswith("CSIRT cell (AurCERT) decided 'The CAA asks")
            assert toasts[0].endswith("block known indicators")
            await facilitator.press("5")
            log = console.query_one("#log-table", DataTable)
            await until(
                lambda: any("csirt_cell decided d_contain" in str(log.get_row_at(i)[1]) for i in range(log.row_count))
            )
            await bystander.stop(), await honest.stop()
            await watching, await honest_task
        saved = [json.loads(r.command) for r in list(session.store.records())[before:]]
        assert sorted((s["kind"], s.get("team") or "") for s in saved) == [
            ("adhoc_inject", ""),
            ("decide", "csirt_cell"),
        ]  # the only decision saved is the accepted one

    asyncio.run(go())
    session.close()
    resumed = Session.resume(tmp_path / "live.db")  # replays and verifies every stored command
    assert resumed.engine.decisions["d_contain"].status == "closed"
    resumed.close()


def test_a_symlinked_join_file_is_refused_and_the_online_tab_says_so(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("someone else's file\n", encoding="utf-8")
    (tmp_path / "live.join.txt").symlink_to(target)
    session = Session.create(CANAL, tmp_path / "live.db")
    console = create_console(session, tick_seconds=3600, report_dir=tmp_path, listen=("127.0.0.1", 0))

    async def go():
        async with facilitating(console) as facilitator:
            await facilitator.press("6")
            shown = str(console.query_one("#join-strings").content)
            assert f"Join strings not saved: {tmp_path / 'live.join.txt'} is a symbolic link" in shown
            assert console.server.join_string("csirt_cell") in on_screen(console)  # still there to copy

    asyncio.run(go())
    session.close()
    assert target.read_text(encoding="utf-8") == "someone else's file\n"


def test_a_burst_of_team_decisions_refreshes_the_console_once(console):
    session = console.session

    async def go():
        async with facilitating(console) as facilitator:
            await facilitator.press("space", "space")
            refreshes = []
            refresh_views = console.refresh_views
            console.refresh_views = lambda: (refreshes.append(1), refresh_views())
            decision = c.Decide(team="csirt_cell", decision="d_contain", text="x")
            for n in range(50):  # fifty changes handed over by the server in one burst
                session.submit(c.Note(text=f"team note {n}"))
                console.submission_arrived("csirt_cell", decision)
            log = console.query_one("#log-table", DataTable)
            await until(lambda: any("team note 49" in str(log.get_row_at(i)[1]) for i in range(log.row_count)))
            assert len(refreshes) == 1

    asyncio.run(go())


def test_every_join_string_is_whole_on_an_80_column_screen_and_copies_whole(console):
    copied = []

    async def scenario():
        async with console.run_test(size=(80, 24)) as pilot:
            await until(lambda: console.server is not None)
            console.copy_to_clipboard = copied.append
            await pilot.press("6")
            await pilot.pause()
            for team in console.scenario.teams:
                assert console.server.join_string(team.id) in on_screen(console)
            console.query_one("#join-list").focus()
            await pilot.press("down", "c")

    asyncio.run(scenario())
    assert copied == [console.server.join_string(console.scenario.teams[1].id)]


def test_a_join_string_copied_with_line_breaks_still_joins():
    join = "tabletop://127.0.0.1:8765/csirt_cell?key=abc&pin=def"
    assert parse_join(join[:30] + "\n" + join[30:] + "\n") == parse_join(join)


# -- the trainee screen at 80×24 ----------------------------------------------------------


def lines(app) -> list[str]:
    """The screen's rows as a person reads them."""
    return [
        "".join(segment.text for segment in strip) for strip in app.screen._compositor.render_update(full=True).strips
    ]


@contextlib.asynccontextmanager
async def seated(tmp_path, at: int = 31 * 60, tick_seconds: float = 3600):
    """Canal served and played to `at` (d_contain open for the CSIRT), its CSIRT trainee at 80×24."""
    from tabletop.net import TeamServer

    session = Session.create(CANAL, tmp_path / "live.db", seed=1)
    server = TeamServer(session, "127.0.0.1", 0)
    await server.start()
    server.submit(c.Start())
    server.submit(c.Advance(to=at))
    trainee = TraineeApp(TeamClient(parse_join(server.join_string("csirt_cell"))), tick_seconds=tick_seconds)
    async with trainee.run_test(size=(80, 24)) as pilot:
        await until(lambda: trainee.client.status == "connected" and trainee.client.view.get("open"))
        await pilot.pause()
        yield server, trainee, pilot
    if server.clients or server._server is not None:
        await server.stop()
    session.close()


def test_the_status_bar_shows_team_clock_state_and_link_on_the_first_row_whatever_scrolls(tmp_path):
    async def go():
        async with seated(tmp_path) as (server, trainee, pilot):
            top = lines(trainee)[0]
            for shown in ("CSIRT cell (AurCERT)", "T+00:31", "running", "connected"):
                assert shown in top
            for n in range(40):  # more injects than the screen holds, then down to the last
                server.submit(c.AdhocInject(to=["csirt_cell"], title=f"update {n}"))
            await until(lambda: len(trainee.client.view["inbox"]) > 40)
            await pilot.pause()
            trainee.query_one("#inbox-table").focus()
            await pilot.press(*["down"] * 45, "end")
            assert "T+00:31" in lines(trainee)[0] and "connected" in lines(trainee)[0]

            server.submit(c.Pause())
            await until(lambda: trainee.client.clock.get("paused"))
            await pilot.pause()
            assert "paused" in lines(trainee)[0] and "running" not in lines(trainee)[0]
            assert trainee.query_one("#status").has_class("-paused")
            server.submit(c.Advance(to=40 * 60))
            await until(lambda: trainee.client.clock["now"] == 40 * 60)
            await pilot.pause()
            assert "T+00:40:00" in lines(trainee)[0]

            await server.stop()  # the facilitator's console goes away
            await until(lambda: trainee.client.status == "reconnecting")
            await pilot.pause()
            assert "RECONNECTING" in lines(trainee)[0]
            assert "connection to the facilitator dropped" in lines(trainee)[1]

    asyncio.run(go())


def test_the_open_decision_shows_its_question_and_a_large_countdown_that_runs_down(tmp_path):
    from textual.widgets import Digits

    async def go():
        async with seated(tmp_path, tick_seconds=0.1) as (server, trainee, pilot):
            await pilot.press("2")
            digits = trainee.query_one("#countdown-digits", Digits)
            prompt = "The CAA asks for your containment advice."
            assert prompt in str(trainee.query_one("#countdown-prompt").content)
            assert any(prompt in line for line in lines(trainee))
            server.pace = 60.0
            server.submit(c.Advance(to=32 * 60))  # a push: 28 minutes left, the clock running at ×60
            await until(lambda: trainee.client.clock.get("pace") == 60.0)
            assert digits.value <= "28:00"
            await until(lambda: digits.value < "27:59")  # no push: the app's own second ticks move it
            server.submit(c.Pause())
            await until(lambda: trainee.client.clock.get("paused"))
            await pilot.pause()
            frozen = digits.value
            assert frozen == "28:00"  # snapped to the pushed time
            trainee.client.clock_at -= 3  # three seconds later, still paused
            trainee.show_time()
            assert digits.value == frozen
            assert trainee.query_one("#open-table", DataTable).get_row_at(0)[0] == frozen

    asyncio.run(go())


HOSTILE = "[/] [bold]not bold[/bold] <script>alert(1)</script>"


def test_the_confirm_screen_shows_the_rationale_as_typed(tmp_path):
    from tabletop.tui.trainee_dialogs import ConfirmDecisionScreen

    async def go():
        async with seated(tmp_path) as (_server, trainee, pilot):
            await pilot.press("2", "d", "enter", "down", "enter", "tab", "tab", *HOSTILE, "ctrl+s")
            assert isinstance(trainee.screen, ConfirmDecisionScreen)
            body = str(trainee.screen.query_one("#confirm-body").content)
            assert body == f"Rationale\n{HOSTILE}"
            assert any("<script>alert(1)</script>" in line for line in lines(trainee))
            await pilot.press("n")  # back out: nothing sent
            assert not trainee.client.view["decided"]

    asyncio.run(go())


def test_enter_on_a_decided_answer_shows_it_in_full_with_the_released_feedback(tmp_path):
    async def go():
        async with seated(tmp_path) as (server, trainee, pilot):
            rationale = "Evidence first. " * 20 + HOSTILE  # longer than any table column
            assert trainee.client.view["decided"] == []
            assert await trainee.client.decide("d_contain", "isolate_segment", None, rationale) is None
            server.submit(c.ReleaseFeedback(team="csirt_cell"))
            await until(lambda: trainee.client.view["decided"] and trainee.client.view["decided"][0]["feedback"])
            await pilot.pause()
            await pilot.press("3")
            row = trainee.query_one("#decided-table", DataTable).get_row_at(0)
            assert row[3] == rationale.strip()  # whole in the table, cut on screen
            assert any("Evidence firs…" in line for line in lines(trainee))
            await pilot.press("enter")
            assert isinstance(trainee.screen, MessageScreen)
            body = str(trainee.screen.query_one("#message-body").content)
            decided = trainee.client.view["decided"][0]
            assert rationale.strip() in body and decided["answer"] in body and decided["feedback"] in body
            assert "Feedback from the facilitator" in body
            await pilot.press("escape")
            assert not isinstance(trainee.screen, MessageScreen)

    asyncio.run(go())


def test_a_discussion_the_facilitator_paused_for_shows_under_the_status_until_resumed(tmp_path):
    message = "Discuss: who informs the regulator? [b]now[/b] [/]"

    async def go():
        async with seated(tmp_path) as (_server, trainee, pilot):
            notice = trainee.query_one("#notice")
            assert not notice.display
            client = trainee.client
            client.clock = {**client.clock, "paused": True, "discussion": message}  # as the seat server sends it
            client.on_update()
            await pilot.pause()
            assert notice.display and lines(trainee)[1].strip() == f"⏸ {message}"
            client.clock = {**client.clock, "paused": False, "discussion": ""}
            client.on_update()
            await pilot.pause()
            assert not notice.display and "running" in lines(trainee)[0]

    asyncio.run(go())


ATTACHMENTS = """  - id: mfa_brief
    at: 0
    from: mfa
    to: [mfa_cell]
    title: Ministry brief
    body: For the ministry only.
    attachments:
      - {file: logs/mfa-only.txt, title: Cable}
"""


def test_a_trainee_reads_its_text_attachment_saves_it_and_never_receives_another_teams(write_scenario, tmp_path):
    from tests.conftest import MINIMAL

    text = MINIMAL.replace("injects:\n", "injects:\n" + ATTACHMENTS, 1).replace(
        "    to: [csirt_cell]\n",
        "    to: [csirt_cell]\n    attachments:\n      - {file: logs/fw.txt, title: Firewall log}\n",
    )
    scenario = write_scenario(text)
    (scenario.parent / "logs").mkdir()
    (scenario.parent / "logs" / "fw.txt").write_text("DENY 10.0.0.5 [/] <script>alert(1)</script>\n")
    (scenario.parent / "logs" / "mfa-only.txt").write_text("MFA EYES ONLY\n")
    session = Session.create(scenario, tmp_path / "live.db")
    console = create_console(session, tick_seconds=3600, report_dir=tmp_path, listen=("127.0.0.1", 0))
    saved_in = tmp_path / "saved"

    async def go():
        async with facilitating(console) as facilitator:
            await facilitator.press("space")  # start: both injects go out at T+00:00
            trainee = TraineeApp(TeamClient(parse_join(console.server.join_string("csirt_cell"))))
            async with trainee.run_test(size=(100, 30)) as pilot:
                await until(lambda: trainee.client.status == "connected" and trainee.client.view.get("inbox"))
                await pilot.pause()
                assert "MFA EYES ONLY" not in json.dumps(trainee.client.view)
                assert list(trainee.client.view["files"]) == ["logs/fw.txt"]
                row = trainee.query_one("#inbox-table", DataTable).get_row_at(0)
                assert row[3] == "Ransom note on the port's billing servers 📎1"
                await pilot.press("enter")
                assert isinstance(trainee.screen, MessageScreen)
                shown = on_screen(trainee)
                assert "── Firewall log (logs/fw.txt) ──" in shown
                assert "DENY 10.0.0.5 [/] <script>alert(1)</script>" in shown
                await pilot.press("escape", "s")
                assert isinstance(trainee.screen, FormScreen)
                folder = trainee.screen.query_one("Input")
                folder.value = str(saved_in)
                await pilot.press("ctrl+s")
                await pilot.pause()
            mfa = TraineeApp(TeamClient(parse_join(console.server.join_string("mfa_cell"))))
            async with mfa.run_test(size=(100, 30)):
                await until(lambda: mfa.client.status == "connected" and mfa.client.view.get("inbox"))
                assert list(mfa.client.view["files"]) == ["logs/mfa-only.txt"]
                assert "DENY" not in json.dumps(mfa.client.view)

    asyncio.run(go())
    session.close()
    assert (saved_in / "fw.txt").read_text() == "DENY 10.0.0.5 [/] <script>alert(1)</script>\n"
