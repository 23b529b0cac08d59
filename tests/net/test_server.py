"""Trainee networking over real sockets on 127.0.0.1: isolation, refusals, garbage, drops."""

from __future__ import annotations

import asyncio
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.engine import commands as c
from tabletop.net.protocol import MAX_MESSAGE_BYTES
from tabletop.net.server import FREE_FAILURES, PATIENCE, REQUEST_BURST, TOO_MANY
from tests.net.conftest import Raw, joined, serve, until


def titles(client) -> list[str]:
    return [item["title"] for item in client.view["inbox"]]


def test_an_inject_to_one_team_reaches_only_that_team(hosted):
    async def go():
        server = await serve(hosted)
        csirt, _ = await joined(server, "csirt_cell")
        mfa, _ = await joined(server, "mfa_cell")
        server.submit(c.AdhocInject(to=["mfa_cell"], title="For the ministry only", body="Ambassador's cable"))
        server.submit(c.AdhocInject(to=["csirt_cell"], title="For the CSIRT"))
        await until(lambda: "For the ministry only" in titles(mfa) and "For the CSIRT" in titles(csirt))
        assert "For the ministry only" not in titles(csirt)
        assert all(item["id"] != "adhoc_1" for item in csirt.view["inbox"])
        await csirt.stop(), await mfa.stop()
        await server.stop()

    asyncio.run(go())


def test_a_team_cannot_read_or_decide_for_another(hosted):
    secret = "Cable for the MFA cell only"

    async def go():
        server = await serve(hosted)
        server.submit(c.AdhocInject(to=["mfa_cell"], title=secret))
        server.submit(c.Advance(to=2500))  # d_contain (csirt_cell) and d_mfa_first (mfa_cell) open
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
            # requests are answered in order: the last one's answer means every answer is in
            await until(lambda: {"type": "error", "message": "already joined"} in spy.received)
        everything = json.dumps(spy.received)
        assert secret not in everything and "mfa_cell" not in everything
        results = {m["id"]: m for m in spy.received if m["type"] == "result"}
        assert results["1"]["error"] == (
            "'d_mfa_first' is not one of your team's open decision points (open now: 'd_contain')"
        )
        assert results["2"]["error"] == results["1"]["error"]
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


def test_a_refusal_names_only_the_senders_own_open_decisions(hosted):
    """Near-misses of another team's decision points (open or not) are never suggested."""
    hosted.submit(c.Advance(to=2500))  # d_contain (csirt_cell) and d_mfa_first (mfa_cell) open

    async def go():
        server = await serve(hosted)
        async with Raw(server) as spy:
            await spy.send({"type": "hello", "team": "csirt_cell", "key": server.hosting.keys["csirt_cell"]})
            for n, decision in enumerate(("d_statemen", "d_mfa_firs", "d_contian", "d_demarche"), 1):
                await spy.send({"type": "decide", "id": str(n), "decision": decision, "option": "x"})
            await spy.send({"type": "decide", "id": "5", "decision": "d_contain", "option": "isolate_segmnt"})
            await until(lambda: sum(m["type"] == "result" for m in spy.received) == 5)
        errors = {m["id"]: m["error"] for m in spy.received if m["type"] == "result"}
        assert errors == {
            "1": "'d_statemen' is not one of your team's open decision points (open now: 'd_contain')",
            "2": "'d_mfa_firs' is not one of your team's open decision points (open now: 'd_contain')",
            "3": "'d_contian' is not one of your team's open decision points (did you mean 'd_contain'?) "
            "(open now: 'd_contain')",
            "4": "'d_demarche' is not one of your team's open decision points (open now: 'd_contain')",
            "5": "decision point 'd_contain' has no option 'isolate_segmnt' (did you mean 'isolate_segment'?)",
        }
        await server.stop()

    asyncio.run(go())


async def guess(server, team: str, key: str) -> dict:
    async with Raw(server) as guesser:
        await guesser.send({"type": "hello", "team": team, "key": key})
        await until(lambda: guesser.received)
    return guesser.received[0]


def test_wrong_keys_are_refused_and_slowed_down(hosted):
    async def go():
        server = await serve(hosted)
        for attempt in range(FREE_FAILURES + 2):
            answer = await guess(server, "csirt_cell", f"guess{attempt:04d}xx")
            assert answer == {
                "type": "error",
                "message": "wrong team or key: check the join string with the facilitator",
            }
        assert server.clients == []
        assert server.wrong_keys.delay("127.0.0.1", None) > 0
        await server.stop()

    asyncio.run(go())


def test_a_valid_login_does_not_clear_the_wrong_key_count(hosted):
    """A trainee of one team cannot reset its throttle by logging in while guessing another team's key."""

    async def go():
        server = await serve(hosted)
        for attempt in range(FREE_FAILURES + 1):
            await guess(server, "mfa_cell", f"guess{attempt:04d}xx")
        slowed = server.wrong_keys.delay("127.0.0.1", "mfa_cell")
        client, _ = await joined(server, "csirt_cell")  # the right key still works at once
        assert slowed > 0 and server.wrong_keys.delay("127.0.0.1", "mfa_cell") == slowed
        await client.stop()
        await server.stop()

    asyncio.run(go())


def test_wrong_keys_for_a_team_are_counted_for_that_team_whatever_the_address(hosted):
    async def go():
        server = await serve(hosted)
        for attempt in range(FREE_FAILURES + 1):
            await guess(server, "mfa_cell", f"guess{attempt:04d}xx")
        assert server.wrong_keys.delay("198.51.100.7", "mfa_cell") > 0  # another address, the same team
        assert server.wrong_keys.delay("198.51.100.7", "csirt_cell") == 0
        await server.stop()

    asyncio.run(go())


def test_keys_are_compared_in_constant_time(hosted, monkeypatch):
    import hmac

    from tabletop.net import server as server_module

    compared = []
    real = hmac.compare_digest

    def spy(a, b):
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(server_module.hmac, "compare_digest", spy)

    async def go():
        server = await serve(hosted)
        client, _ = await joined(server, "csirt_cell")
        await guess(server, "csirt_cell", "guess0000xx")
        key = server.hosting.keys["csirt_cell"].encode()
        assert compared == [(key, key), (key, b"guess0000xx")]
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
        before = len(list(hosted.store.records())), list(hosted.events)
        async with Raw(server) as attacker:
            await attacker.send({"type": "hello", "team": "csirt_cell", "key": server.hosting.keys["csirt_cell"]})
            for message in messages:
                await attacker.send(message)
            await attacker.send({"type": "ping"})
            await until(lambda: any(m["type"] == "clock" for m in attacker.received[3:]))
        assert (len(list(hosted.store.records())), hosted.events) == before
        server.submit(c.AdhocInject(to=["mfa_cell"], title="still here"))
        await until(lambda: "still here" in titles(bystander))
        assert len(list(hosted.store.records())) == before[0] + 1
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
        server.submit(c.AdhocInject(to=["mfa_cell"], title="after the flood"))
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
        server.submit(c.AdhocInject(to=["csirt_cell"], title="while you were away"))
        server.submit(c.Advance(to=1900))
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
        again.submit(c.AdhocInject(to=["csirt_cell"], title="after the restart"))
        await until(lambda: "after the restart" in titles(client))
        await client.stop()
        await again.stop()
        resumed.close()

    asyncio.run(go())


def test_a_flood_of_refused_decisions_is_throttled_then_closed_and_other_teams_carry_on(hosted):
    hosted.submit(c.Advance(to=2500))

    async def go():
        server = await serve(hosted)
        bystander, _ = await joined(server, "mfa_cell")
        before = len(list(hosted.store.records()))
        async with Raw(server) as flooder:
            await flooder.send({"type": "hello", "team": "csirt_cell", "key": server.hosting.keys["csirt_cell"]})
            await until(lambda: len(flooder.received) >= 3)
            request = {"type": "decide", "decision": "d_mfa_first", "option": "convene_cell"}
            for n in range(5000):
                if flooder.connection.close_code is not None:
                    break
                await flooder.send({**request, "id": str(n)})
            server.submit(c.AdhocInject(to=["mfa_cell"], title="during the flood"))
            await until(lambda: "during the flood" in titles(bystander))
            await until(lambda: flooder.connection.close_code is not None)
        assert flooder.connection.close_code == TOO_MANY
        assert flooder.connection.close_reason == "too many requests: closed by the server"
        results = [m for m in flooder.received if m["type"] == "result"]
        throttled = [m for m in flooder.received if m["type"] == "throttled"]
        assert len(results) >= REQUEST_BURST and not any(r["ok"] for r in results)
        assert len(throttled) >= PATIENCE and len(results) + len(throttled) < 5000  # closed long before the end
        assert throttled[0]["id"] == str(len(results)) and throttled[0]["retry_after"] > 0
        assert [json.loads(r.command)["kind"] for r in list(hosted.store.records())[before:]] == ["adhoc_inject"]
        assert bystander.status == "connected" and [cl.team for cl in server.clients] == ["mfa_cell"]
        await bystander.stop()
        await server.stop()

    asyncio.run(go())


def test_a_throttled_decision_tells_the_trainee_to_wait(hosted):
    from tabletop.net import server as server_module

    hosted.submit(c.Advance(to=2500))

    async def go():
        server = await serve(hosted)
        client, _ = await joined(server, "csirt_cell")
        answers = await asyncio.gather(
            *(client.decide("d_contain", "isolate_segment", None, "burst") for _ in range(REQUEST_BURST + 5))
        )
        assert answers.count(None) == 1  # one decision is taken, once
        too_many = sum(a is not None and a.startswith("too many requests: wait") for a in answers)
        assert too_many >= 1
        assert all(a is None or "not one of your team's open" in a or "too many" in a for a in answers)
        refused, throttled = server_module.describe_clients(server)[0][3:]
        assert (refused, throttled) == (REQUEST_BURST + 4 - too_many, too_many)
        await client.stop()
        await server.stop()

    asyncio.run(go())


def test_views_are_pushed_once_for_a_burst_of_changes(hosted):
    async def go():
        server = await serve(hosted)
        async with Raw(server) as watcher:
            await watcher.send({"type": "hello", "team": "mfa_cell", "key": server.hosting.keys["mfa_cell"]})
            await until(lambda: len(watcher.received) >= 3)
            for n in range(50):
                hosted.submit(c.AdhocInject(to=["mfa_cell"], title=f"burst {n}"))
            server.session_changed()
            server.submit(c.AdhocInject(to=["mfa_cell"], title="last"))
            await until(lambda: any("last" in json.dumps(m) for m in watcher.received))
        changes = [m for m in watcher.received[3:] if m["type"] in ("view", "delta")]
        assert [m["type"] for m in changes] == ["delta"] and len(changes[0]["prepend"]["inbox"]) == 51
        await server.stop()

    asyncio.run(go())
