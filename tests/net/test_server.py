"""Trainee networking over real sockets on 127.0.0.1: isolation, refusals, garbage, drops."""

from __future__ import annotations

import asyncio
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.engine import commands as c
from tabletop.net.protocol import MAX_MESSAGE_BYTES
from tabletop.net.server import FREE_FAILURES
from tests.net.conftest import Raw, joined, serve, until


def titles(client) -> list[str]:
    return [item["title"] for item in client.view["inbox"]]


def test_an_inject_to_one_team_reaches_only_that_team(hosted):
    async def go():
        server = await serve(hosted)
        csirt, _ = await joined(server, "csirt_cell")
        mfa, _ = await joined(server, "mfa_cell")
        server._submit_directly(
            c.AdhocInject(to=["mfa_cell"], title="For the ministry only", body="Ambassador's cable")
        )
        await until(lambda: "For the ministry only" in titles(mfa))
        await asyncio.sleep(0.2)
        assert "For the ministry only" not in titles(csirt)
        assert all(item["id"] != "adhoc_1" for item in csirt.view["inbox"])
        await csirt.stop(), await mfa.stop()
        await server.stop()

    asyncio.run(go())


def test_a_team_cannot_read_or_decide_for_another(hosted):
    secret = "Cable for the MFA cell only"

    async def go():
        server = await serve(hosted)
        server._submit_directly(c.AdhocInject(to=["mfa_cell"], title=secret))
        server._submit_directly(c.Advance(to=2500))  # d_contain (csirt_cell) and d_mfa_first (mfa_cell) open
        keys = server.hosting.keys
        async with Raw(server) as spy:
            await spy.send({"type": "hello", "team": "csirt_cell", "key": keys["csirt_cell"]})
            for request in (
                {"type": "resync"},
                {"type": "ping"},
                {"type": "decide", "id": "1", "decision": "d_mfa_first", "option": "convene_cell", "rationale": "x"},
                {"type": "decide", "id": "2", "decision": "d_mfa_first", "text": "we speak for the ministry"},
                {"type": "decide", "id": "3", "team": "mfa_cell", "decision": "d_mfa_first", "option": "convene_cell"},
                {"type": "hello", "team": "mfa_cell", "key": keys["mfa_cell"]},
            ):
                await spy.send(request)
            await until(lambda: sum(m["type"] in ("result", "error") for m in spy.received) >= 4)
            await asyncio.sleep(0.3)
        everything = json.dumps(spy.received)
        assert secret not in everything and "mfa_cell" not in json.dumps(
            [m for m in spy.received if m["type"] == "view"]
        )
        results = {m["id"]: m for m in spy.received if m["type"] == "result"}
        assert "belongs to team 'mfa_cell', not 'csirt_cell'" in results["1"]["error"]
        assert "belongs to team 'mfa_cell'" in results["2"]["error"]
        errors = [m["message"] for m in spy.received if m["type"] == "error"]
        assert any("Extra inputs are not permitted" in e for e in errors) and "already joined" in errors
        assert hosted.engine.decisions["d_mfa_first"].status == "open"
        # another team's name with this team's key is refused outright
        async with Raw(server) as impostor:
            await impostor.send({"type": "hello", "team": "mfa_cell", "key": keys["csirt_cell"]})
            await until(lambda: impostor.received)
        assert impostor.received == [
            {"type": "error", "message": "wrong team or key: check the join string with the facilitator"}
        ]
        await server.stop()

    asyncio.run(go())


def test_wrong_keys_are_refused_and_slowed_down(hosted):
    async def go():
        server = await serve(hosted)
        for attempt in range(FREE_FAILURES + 2):
            async with Raw(server) as guesser:
                await guesser.send({"type": "hello", "team": "csirt_cell", "key": f"guess{attempt:04d}xx"})
                await until(lambda guesser=guesser: guesser.received)
                assert guesser.received[0]["type"] == "error"
        assert server.failures["127.0.0.1"] == FREE_FAILURES + 2
        assert server.clients == []
        client, _ = await joined(server, "csirt_cell")  # the right key still works, and clears the count
        assert "127.0.0.1" not in server.failures
        await client.stop()
        await server.stop()

    asyncio.run(go())


garbage = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300),
    st.dictionaries(
        st.sampled_from(["type", "id", "decision", "option", "text", "key", "team"]),
        st.one_of(st.text(max_size=20), st.integers(), st.none()),
        max_size=5,
    ).map(json.dumps),
    st.sampled_from(
        ['{"type": "decide"}', '{"type": "hello", "team": "csirt_cell", "key": "x"}', "[]", "null", '{"type": 5}']
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(messages=st.lists(garbage, min_size=1, max_size=8))
def test_garbage_never_disturbs_the_session_or_other_clients(hosted, messages):
    async def go():
        server = await serve(hosted)
        bystander, _ = await joined(server, "mfa_cell")
        async with Raw(server) as attacker:
            await attacker.send({"type": "hello", "team": "csirt_cell", "key": server.hosting.keys["csirt_cell"]})
            for message in messages:
                await attacker.send(message)
            await attacker.send({"type": "ping"})
            await until(lambda: any(m["type"] == "clock" for m in attacker.received[3:]))
        count = len(hosted.events)
        server._submit_directly(c.AdhocInject(to=["mfa_cell"], title=f"still here {count}"))
        await until(lambda: f"still here {count}" in titles(bystander))
        await bystander.stop()
        await server.stop()

    asyncio.run(go())


def test_an_oversized_message_closes_only_that_connection(hosted):
    async def go():
        server = await serve(hosted)
        bystander, _ = await joined(server, "mfa_cell")
        async with Raw(server) as big:
            await big.send({"type": "hello", "team": "csirt_cell", "key": server.hosting.keys["csirt_cell"]})
            await until(lambda: len(big.received) >= 3)
            await big.send("x" * (MAX_MESSAGE_BYTES + 1))
            await until(lambda: big.connection.close_code is not None)
            assert big.connection.close_code == 1009
        server._submit_directly(c.AdhocInject(to=["mfa_cell"], title="after the flood"))
        await until(lambda: "after the flood" in titles(bystander))
        assert len(server.clients) == 1
        await bystander.stop()
        await server.stop()

    asyncio.run(go())


def test_a_dropped_client_catches_up_exactly(hosted):
    async def go():
        server = await serve(hosted)
        steady, _ = await joined(server, "csirt_cell")
        dropped, task = await joined(server, "csirt_cell")
        await dropped.stop()
        await task
        server._submit_directly(c.AdhocInject(to=["csirt_cell"], title="while you were away"))
        server._submit_directly(c.Advance(to=1900))
        await until(lambda: "while you were away" in titles(steady) and steady.view["open"])
        back, _ = await joined(server, "csirt_cell")
        await until(lambda: back.view == steady.view and back.clock == steady.clock)
        await steady.stop(), await back.stop()
        await server.stop()

    asyncio.run(go())


def test_a_server_with_another_certificate_is_refused_by_the_pin(hosted, tmp_path):
    from tabletop.net import JoinRefused, TeamClient, parse_join
    from tabletop.session import Session
    from tests.net.conftest import CANAL

    async def go():
        server = await serve(hosted)
        join = parse_join(server.join_string("csirt_cell"))
        await server.stop()
        other_session = Session.create(CANAL, tmp_path / "impostor.db")
        impostor = await serve(other_session)
        impostor.hosting.keys["csirt_cell"] = join.key  # even knowing the key
        client = TeamClient(parse_join(str(join).replace(f":{join.port}/", f":{impostor.port}/")))
        try:
            await client.run()
        except JoinRefused as exc:
            assert "pin mismatch" in str(exc)
        else:
            raise AssertionError("joined an impostor")
        await impostor.stop()
        other_session.close()

    asyncio.run(go())


def test_after_the_facilitator_restarts_the_same_join_strings_bring_teams_back(hosted):
    from tabletop.net import TeamServer
    from tabletop.session import Session

    async def go():
        server = await serve(hosted)
        client, _ = await joined(server, "csirt_cell")
        join, port = server.join_string("csirt_cell"), server.port
        await server.stop()  # the facilitator's console goes away
        hosted.close()  # and with it its hold on the session
        await until(lambda: client.status == "reconnecting")
        resumed = Session.resume(hosted.store.path)
        again = TeamServer(resumed, "127.0.0.1", port)
        await again.start()
        assert again.join_string("csirt_cell") == join
        await until(lambda: client.status == "connected" and len(again.clients) == 1)
        again._submit_directly(c.AdhocInject(to=["csirt_cell"], title="after the restart"))
        await until(lambda: "after the restart" in titles(client))
        await client.stop()
        await again.stop()
        resumed.close()

    asyncio.run(go())
