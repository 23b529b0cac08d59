"""Seats over real sockets: the room sees only what is public, the observer sees every team,
and neither can act as a team, whatever it sends."""

from __future__ import annotations

import asyncio
import json

import pytest

from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.net import TeamClient, TeamServer, parse_join
from tabletop.net.join import save_join_strings
from tabletop.session import Session
from tests.conftest import ROOT
from tests.net.conftest import Raw, joined, serve, until

EMBASSY = ROOT / "scenarios" / "embassy-compromise.yaml"
SECRET = "Cable for the CSIRT cell only"
RATIONALE = "Because the legal adviser said so"


@pytest.fixture
def embassy(tmp_path):
    """Embassy two hours in: two decision points open, a press story (public) delivered, a private cable."""
    session = Session.create(EMBASSY, tmp_path / "embassy.db", seed=1)
    for command in (
        c.Start(),
        c.Advance(to=7200),
        c.DeliverInject(inject="press_story"),
        c.AdhocInject(to=["csirt_cell"], title=SECRET, body="Only the CSIRT reads this"),
    ):
        session.submit(command)
    yield session
    session.close()


def test_every_seat_has_a_join_string_saved_one_a_line(embassy, tmp_path):
    server = TeamServer(embassy, "127.0.0.1", 8765)
    joins = server.join_strings()
    assert [seat for seat, _ in joins] == ["mission_cell", "csirt_cell", "hq_cell", "room", "observer"]
    assert len({join for _, join in joins}) == 5
    assert all(parse_join(join).team == seat for seat, join in joins)
    assert len({parse_join(join).pin for _, join in joins}) == 1  # one server, one pin
    path = tmp_path / "embassy.join.txt"
    save_join_strings(path, joins)
    assert path.read_text(encoding="utf-8").splitlines() == [f"{seat}\t{join}" for seat, join in joins]


def test_seat_keys_are_kept_in_the_session_file(embassy):
    first = TeamServer(embassy, "127.0.0.1", 8765).join_strings()
    assert TeamServer(embassy, "127.0.0.1", 8765).join_strings() == first


def test_the_room_receives_clock_countdowns_and_public_news_and_nothing_private(embassy):
    async def go():
        server = await serve(embassy)
        keys = server.hosting.keys
        async with Raw(server) as room:
            await room.send({"type": "hello", "team": "room", "key": keys["room"]})
            await until(lambda: any(m["type"] == "clock" for m in room.received))
            server.submit(
                c.Decide(team="csirt_cell", decision="partner_sharing", option="share_tlp", rationale=RATIONALE)
            )
            server.submit(c.AdhocInject(to=["hq_cell"], title="Second secret"))
            await room.send({"type": "resync"})
            await until(lambda: sum(m["type"] == "welcome" for m in room.received) == 2)
        await server.stop()
        return room.received

    received = asyncio.run(go())
    everything = json.dumps(received)
    view = next(m["view"] for m in reversed(received) if m["type"] == "view")
    assert [n["title"] for n in view["news"]] == ['Headline: "Aurelian embassy leaks visa seekers\' secrets"']
    assert [(d["team"], d["deadline"]) for d in view["open"]] == [("AURCERT technical cell", 8700)]
    assert set(view) == {"title", "move", "open", "news"}
    assert set(view["open"][0]) == {"team", "prompt", "deadline"}
    for private in (SECRET, "Second secret", RATIONALE, "share_tlp", "inbox", "options", "rationale", "mission_cell"):
        assert private not in everything
    clock = next(m["clock"] for m in received if m["type"] == "clock")
    assert clock["now"] == 7200 and clock["discussion"] == ""


def test_no_other_seat_can_decide_for_a_team_or_note_unless_it_is_the_observer(embassy):
    async def go():
        server = await serve(embassy)
        keys = server.hosting.keys
        answers = {}
        for seat in ("room", "observer"):
            async with Raw(server) as spy:
                await spy.send({"type": "hello", "team": seat, "key": keys[seat]})
                for request in (
                    {
                        "type": "decide",
                        "id": "1",
                        "decision": "partner_sharing",
                        "option": "share_tlp",
                        "rationale": "x",
                    },
                    {"type": "decide", "id": "2", "decision": "partner_sharing", "text": "we decide"},
                    {"type": "note", "id": "3", "text": "noted", "team": "csirt_cell"},
                    {"type": "decide", "id": "4", "team": "csirt_cell", "decision": "partner_sharing", "option": "x"},
                    {"type": "hello", "team": "csirt_cell", "key": keys["csirt_cell"]},
                ):
                    await spy.send(request)
                await until(lambda: {"type": "error", "message": "already joined"} in spy.received)
            answers[seat] = {m["id"]: m["error"] for m in spy.received if m["type"] == "result"}
        assert embassy.engine.decisions["partner_sharing"].status == "open"
        async with Raw(server) as team:
            await team.send({"type": "hello", "team": "csirt_cell", "key": keys["csirt_cell"]})
            await team.send({"type": "note", "id": "5", "text": "a team's own note"})
            await until(lambda: any(m["type"] == "result" for m in team.received))
        answers["csirt_cell"] = {m["id"]: m["error"] for m in team.received if m["type"] == "result"}
        # the room's key with a team's name, and a team's key with the room's name, are refused outright
        for seat, key in (("csirt_cell", keys["room"]), ("room", keys["csirt_cell"]), ("observer", keys["room"])):
            async with Raw(server) as impostor:
                await impostor.send({"type": "hello", "team": seat, "key": key})
                await until(lambda: impostor.received)
            assert impostor.received[0]["type"] == "error" and "wrong team or key" in impostor.received[0]["message"]
        await server.stop()
        return answers

    answers = asyncio.run(go())
    watches = "the {} seat watches the exercise: it cannot decide for a team"
    assert answers["room"] == {
        "1": watches.format("room"),
        "2": watches.format("room"),
        "3": "only the observer seat takes notes",
    }
    assert answers["observer"] == {"1": watches.format("observer"), "2": watches.format("observer"), "3": ""}
    assert answers["csirt_cell"] == {"5": "only the observer seat takes notes"}
    notes = [e for e in embassy.events if isinstance(e, ev.ObserverNoted)]
    assert notes == [ev.ObserverNoted(7200, "noted", "csirt_cell", None, None)]


def test_the_observer_sees_every_team_and_its_notes_reach_the_facilitator(embassy):
    heard = []

    async def go():
        server = TeamServer(embassy, "127.0.0.1", 0, on_observer_note=heard.append)
        await server.start()
        observer, _ = await joined(server, "observer")
        teams = {team["id"]: team["view"] for team in observer.view["teams"]}
        assert SECRET in [item["title"] for item in teams["csirt_cell"]["inbox"]]
        assert [d["decision"] for d in teams["csirt_cell"]["open"]] == ["partner_sharing", "credential_reset"]
        assert "contain_intrusion" in [o["id"] for o in observer.view["objectives"]]
        assert await observer.note("Slow start", objective="contain_intrusion", rating="M") is None
        assert await observer.note("x", objective="no_such_objective", rating="M") == (
            "unknown objective 'no_such_objective'"
        )
        await until(lambda: observer.view["notes"])
        assert observer.view["notes"] == [
            {"time": 7200, "text": "Slow start", "team": None, "objective": "contain_intrusion", "rating": "M"}
        ]
        await observer.stop()
        await server.stop()

    asyncio.run(go())
    assert [command.text for command in heard] == ["Slow start"]
    assert not any(isinstance(e, ev.ObjectiveRated) for e in embassy.events)


def test_a_discussion_reaches_every_seat_and_ends_when_the_clock_resumes(embassy):
    async def go():
        server = await serve(embassy)
        seats = [(await joined(server, seat))[0] for seat in ("csirt_cell", "room", "observer")]
        server.submit(c.Discuss(text="Who informs the host state?"))
        await until(lambda: all(s.clock.get("discussion") == "Who informs the host state?" for s in seats))
        assert all(s.clock["paused"] for s in seats)
        server.submit(c.Resume())
        await until(lambda: all(s.clock.get("discussion") == "" and not s.clock["paused"] for s in seats))
        for seat in seats:
            await seat.stop()
        await server.stop()

    asyncio.run(go())


def test_a_join_string_for_a_seat_opens_with_the_seats_name(embassy):
    async def go():
        server = await serve(embassy)
        client = TeamClient(parse_join(server.join_string("room")))
        task = asyncio.create_task(client.run())
        await until(lambda: client.welcome is not None)
        assert (client.welcome.team, client.welcome.team_name) == ("room", "Room")
        await client.stop()
        await task
        await server.stop()

    asyncio.run(go())


def test_the_discussion_is_the_latest_one_since_the_clock_last_paused():
    from tabletop.net.seats import discussion

    assert discussion([ev.Paused(5), ev.DiscussionStarted(5, "First"), ev.NoteAdded(6, "n", None)]) == "First"
    assert discussion([ev.Paused(5), ev.DiscussionStarted(5, "First"), ev.DiscussionStarted(7, "Second")]) == "Second"
    assert discussion([ev.DiscussionStarted(5, "Old"), ev.Resumed(6), ev.Paused(9)]) == ""
    assert discussion([ev.DiscussionStarted(5, "Old"), ev.Ended(6, "time_up", None)]) == ""


def test_each_seat_gets_only_the_attached_files_it_may_see(write_scenario, tmp_path):
    from tabletop.net.seats import seat_view
    from tests.conftest import MINIMAL
    from tests.tui.test_trainee import ATTACHMENTS

    text = MINIMAL.replace("injects:\n", "injects:\n" + ATTACHMENTS, 1).replace(
        "    to: [csirt_cell]\n", "    to: [csirt_cell]\n    public: true\n    attachments:\n      - {file: fw.txt}\n"
    )
    scenario = write_scenario(text)
    (scenario.parent / "fw.txt").write_text("CSIRT ONLY")
    (scenario.parent / "logs").mkdir()
    (scenario.parent / "logs" / "mfa-only.txt").write_text("MFA ONLY")
    session = Session.create(scenario, tmp_path / "s.db")
    session.submit(c.Start())
    engine, events = session.engine, session.events
    assert seat_view(engine, events, "csirt_cell")["files"] == {"fw.txt": {"text": "CSIRT ONLY"}}
    assert seat_view(engine, events, "mfa_cell")["files"] == {"logs/mfa-only.txt": {"text": "MFA ONLY"}}
    assert "ONLY" not in json.dumps(seat_view(engine, events, "room"))  # public text, never the files
    observer = seat_view(engine, events, "observer")
    assert observer["files"] == {"logs/mfa-only.txt": {"text": "MFA ONLY"}, "fw.txt": {"text": "CSIRT ONLY"}}
    assert all("files" not in team["view"] for team in observer["teams"])
    session.close()
