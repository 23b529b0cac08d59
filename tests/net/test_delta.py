"""Deltas: a seat is sent what changed in its view, and its client rebuilds exactly the server's view.

The pure part (`diff`, `apply`, the `delta` message) first; then a real server and real
clients over loopback: a whole exercise carried by deltas, a lost change and a stale one
recovered by a resync, hostile messages refused without harm, the room and the observer.
"""

from __future__ import annotations

import asyncio
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from websockets.asyncio.server import broadcast

from tabletop.engine import commands as c
from tabletop.net import protocol as p
from tabletop.net.delta import apply, change, diff
from tabletop.net.seats import seat_view
from tests.net.conftest import joined, serve, until

# -- diff and apply ----------------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8))
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=12,
)
views = st.dictionaries(st.sampled_from(["inbox", "open", "decided", "team", "news", "notes"]), values, max_size=6)
items = st.lists(st.dictionaries(st.sampled_from(["id", "title", "body"]), scalars, max_size=3), max_size=5)


def sent(delta: p.ViewDelta) -> p.ViewDelta:
    """The delta as the client receives it: through JSON and the protocol's checks."""
    return p.parse(p.SERVER, p.dump(delta), limit=p.MAX_SERVER_MESSAGE_BYTES)


@given(old=views, new=views)
def test_applying_the_delta_gives_exactly_the_new_view(old, new):
    delta = sent(diff(old, new, 4, 7))
    assert apply(old, delta) == new
    assert (delta.base, delta.version) == (4, 7)


@given(inbox=items, decided=items, newer=items, later=items)
def test_a_list_that_grew_at_its_ends_carries_only_its_new_items(inbox, decided, newer, later):
    old = {"team": "csirt_cell", "inbox": inbox, "decided": decided, "open": [{"decision": "d1"}]}
    new = {"team": "csirt_cell", "inbox": newer + inbox, "decided": decided + later, "open": [], "extra": 1}
    delta = diff(old, new, 1, 2)
    assert delta.changed == {"open": [], "extra": 1} and delta.removed == []
    for key, added in (("inbox", newer), ("decided", later)):
        assert len(delta.prepend.get(key, [])) + len(delta.append.get(key, [])) == len(added)
    assert apply(old, sent(delta)) == new


def test_a_list_that_changed_otherwise_and_a_removed_key_are_sent_whole():
    old = {"inbox": [{"id": "a"}, {"id": "b"}], "news": [1, 2], "gone": True}
    new = {"inbox": [{"id": "c"}, {"id": "b"}], "news": [2, 1, 3]}
    delta = diff(old, new, 1, 2)
    assert (delta.changed, delta.prepend, delta.append, delta.removed) == (new, {}, {}, ["gone"])
    assert json.loads(p.dump(delta)) == {"type": "delta", "base": 1, "version": 2, "changed": new, "removed": ["gone"]}


def test_the_whole_view_is_sent_when_the_delta_would_be_no_smaller():
    inbox = [{"title": "Ransom note", "body": "x" * 1000}]
    assert json.loads(change({"a": 1}, 1, {"b": 2}, 2)) == {"type": "view", "view": {"b": 2}, "version": 2}
    grown = json.loads(change({"inbox": inbox}, 1, {"inbox": [{"title": "News"}, *inbox]}, 2))
    assert grown == {"type": "delta", "base": 1, "version": 2, "prepend": {"inbox": [{"title": "News"}]}}


def test_a_key_the_client_does_not_know_yet_is_set_or_grown():
    delta = p.ViewDelta(base=1, version=2, changed={"new": "x"}, prepend={"later": [1]}, append={"later": [2]})
    assert apply({"team": "t"}, delta) == {"team": "t", "new": "x", "later": [1, 2]}


def test_a_delta_that_adds_items_to_what_is_not_a_list_does_not_fit():
    with pytest.raises(p.BadMessage, match="the change adds items to 'team', which is not a list"):
        apply({"team": "csirt_cell"}, p.ViewDelta(base=1, version=2, prepend={"team": ["x"]}))


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ({"base": "1", "version": 2}, "delta.base: Input should be a valid integer"),
        ({"base": True, "version": 2}, "delta.base: Input should be a valid integer"),
        ({"base": -1, "version": 2}, "delta.base: Input should be greater than or equal to 0"),
        ({"base": 3, "version": 3}, "delta: version 3 does not come after base 3"),
        (
            {"base": 1, "version": 2, "prepend": {"inbox": {"id": "x"}}},
            "delta.prepend.inbox: Input should be a valid list",
        ),
        ({"base": 1, "version": 2, "changed": {"inbox": []}, "append": {"inbox": [1]}}, "key 'inbox' is changed twice"),
        ({"base": 1, "version": 2, "removed": ["open", "open"]}, "key 'open' is changed twice"),
        ({"base": 1, "version": 2, "changed": {"x" * 101: 1}}, "String should have at most 100 characters"),
        ({"base": 1, "version": 2, "patch": {}}, "delta.patch: Extra inputs are not permitted"),
        ({"version": 2}, "delta.base: Field required"),
    ],
)
def test_a_malformed_delta_is_refused_saying_what_is_wrong(message, error):
    with pytest.raises(p.BadMessage) as refused:
        p.parse(p.SERVER, json.dumps({"type": "delta", **message}))
    assert str(refused.value).startswith("invalid message (") and error in str(refused.value)


def test_a_view_without_a_version_is_still_a_whole_view():
    assert p.parse(p.SERVER, '{"type": "view", "view": {"team": "t"}}') == p.View(view={"team": "t"}, version=0)


# -- over loopback -----------------------------------------------------------------------


def server_view(server, seat: str) -> dict:
    """What the seat should have: its view computed from the session now, as JSON carries it."""
    return json.loads(json.dumps(seat_view(server.session.engine, server.session.events, seat)))


def in_step(server, client) -> bool:
    return client.view == server_view(server, client.join.team)


def test_a_whole_exercise_is_carried_by_deltas_after_the_first_view(hosted):
    """Canal from its start to its end, with ad hoc injects, decisions and notes: every seat's
    client keeps exactly the server's view, and after the first view gets only deltas."""

    async def go():
        server = await serve(hosted)
        seats = [await joined(server, seat) for seat in ("csirt_cell", "mfa_cell", "room", "observer")]
        clients = [client for client, _ in seats]
        csirt, observer = clients[0], clients[3]
        for minute in range(5, 6 * 60 + 5, 5):
            server.submit(c.Advance(to=minute * 60))
            if minute % 30 == 0:
                server.submit(c.AdhocInject(to=["csirt_cell", "mfa_cell"], title=f"Update {minute}", body="b" * 2000))
                await observer.note(f"note at {minute}", team="csirt_cell")
            for decision in list(csirt.view.get("open", []))[:1]:
                await csirt.decide(decision["decision"], decision["default"], None, f"at {minute}")
            await until(lambda: all(in_step(server, client) for client in clients))
        assert hosted.engine.ended
        for client in clients:
            assert client.view == server_view(server, client.join.team)
            assert client.received["view"] == 1 and client.received["delta"] > 10, client.received
            assert client.received["refused"] == 0 and client.error == ""
        assert csirt.view["decided"] and len(csirt.view["inbox"]) > 10 and observer.view["notes"]
        for client in clients:
            await client.stop()
        await server.stop()

    asyncio.run(go())


def test_a_lost_change_is_noticed_and_the_client_resyncs(hosted):
    async def go():
        server = await serve(hosted)
        steady, _ = await joined(server, "csirt_cell")
        lossy, _ = await joined(server, "csirt_cell")
        link = server.clients[-1]  # the second connection: lossy's
        link.synced = False  # the next change does not reach it
        server.submit(c.AdhocInject(to=["csirt_cell"], title="lost on the way"))
        await until(lambda: in_step(server, steady))
        assert not in_step(server, lossy)
        link.synced = True
        server.submit(c.AdhocInject(to=["csirt_cell"], title="the next one"))
        await until(lambda: in_step(server, steady) and in_step(server, lossy))
        assert lossy.received["view"] == 2 and steady.received["view"] == 1  # the resync's whole view
        server.submit(c.AdhocInject(to=["csirt_cell"], title="and after it"))
        await until(lambda: in_step(server, lossy))
        assert lossy.received["view"] == 2  # deltas again
        await steady.stop(), await lossy.stop()
        await server.stop()

    asyncio.run(go())


def test_a_stale_or_out_of_order_change_is_ignored_and_the_client_resyncs(hosted):
    async def go():
        server = await serve(hosted)
        client, _ = await joined(server, "csirt_cell")
        server.submit(c.AdhocInject(to=["csirt_cell"], title="first"))
        await until(lambda: in_step(server, client))
        version, view = client.version, client.view
        stale = p.ViewDelta(base=version - 1, version=version, prepend={"inbox": [{"title": "replayed"}]})
        ahead = p.ViewDelta(base=version + 5, version=version + 6, changed={"team": "someone else"})
        broadcast([server.clients[0].connection], p.dump(stale))
        broadcast([server.clients[0].connection], p.dump(ahead))
        await until(lambda: client.received["view"] == 2)
        assert client.view == view and client.version == version and client.received["delta"] >= 3
        server.submit(c.AdhocInject(to=["csirt_cell"], title="second"))
        await until(lambda: in_step(server, client))
        await client.stop()
        await server.stop()

    asyncio.run(go())


HOSTILE = [
    '{"type": "delta", "base": "x", "version": [], "changed": 5}',
    '{"type": "delta", "base": 1, "version": 2, "prepend": {"inbox": "not a list"}}',
    '{"type": "delta", "version": 2}',
    '{"type": "delta"' + ', "x": [' * 100_000,
    "[" * 100_000 + "]" * 100_000,
    json.dumps(
        {"type": "delta", "base": 10**9, "version": 10**9 + 1, "changed": {f"k{n}": "v" * 100 for n in range(50_000)}}
    ),
    json.dumps({"type": "view", "view": {"inbox": ["x" * 1000] * 9000}}),  # over the client's 8 MiB
    b"\xff\xfe not text",
]


def test_hostile_messages_are_refused_and_the_client_carries_on_with_the_right_view(hosted, monkeypatch):
    monkeypatch.setattr("tabletop.net.client.RETRY_DELAYS", (0.05,))
    errors = []

    async def go():
        server = await serve(hosted)
        client, task = await joined(server, "csirt_cell")
        client.on_update = lambda: errors.append(client.error)
        for message in HOSTILE:  # each one ends in a whole view: after a resync, or a reconnection
            seen = client.received["view"]
            broadcast([server.clients[0].connection], message)
            await until(lambda seen=seen: client.received["view"] > seen and client.status == "connected")
            await until(lambda: len(server.clients) == 1 and in_step(server, client))
        # a change the client's view does not fit: items added to a key that is not a list
        misfit = p.ViewDelta(base=client.version, version=client.version + 1, append={"team": ["x"]})
        broadcast([server.clients[0].connection], p.dump(misfit))
        server.submit(c.AdhocInject(to=["csirt_cell"], title="after the storm"))
        await until(lambda: any(i["title"] == "after the storm" for i in client.view["inbox"]))
        await until(lambda: in_step(server, client))
        assert not task.done() and client.status == "connected"
        assert client.received["refused"] >= 5
        await client.stop()
        await server.stop()

    asyncio.run(go())
    refusals = [e for e in errors if e.startswith("refused a")]
    assert (
        "refused a message from the facilitator's session: invalid message (delta.base: Input should be a valid integer)"
        in refusals
    )
    assert any("JSON nested too deeply" in e or "not JSON" in e for e in refusals)
    assert "refused a message from the facilitator's session: messages are UTF-8 JSON text" in refusals
    assert (
        "refused a change from the facilitator's session: the change adds items to 'team', which is not a list"
        in refusals
    )


def test_the_room_and_the_observer_are_sent_deltas_too(hosted):
    async def go():
        server = await serve(hosted)
        room, _ = await joined(server, "room")
        observer, _ = await joined(server, "observer")
        for minute in (40, 80, 120):
            server.submit(c.Advance(to=minute * 60))
            await until(lambda: in_step(server, room) and in_step(server, observer))
        await observer.note("the CSIRT hesitates", team="csirt_cell")
        await until(lambda: in_step(server, observer) and observer.view["notes"])
        for client in (room, observer):
            assert client.received["view"] == 1 and client.received["delta"] >= 3, client.received
        await room.stop(), await observer.stop()
        await server.stop()

    asyncio.run(go())
