"""Over the network: a joint decision from either team, and an option not offered now."""

from __future__ import annotations

import asyncio

import pytest

from tabletop.engine import commands as c
from tabletop.session import Session
from tests.conftest import FIXTURES
from tests.net.conftest import Raw, serve, until


@pytest.fixture
def joint(write_scenario, tmp_path):
    """The three-move fixture with its joint decision press_line open, the pressure low."""
    session = Session.create(write_scenario((FIXTURES / "moves.yaml").read_text(encoding="utf-8")), tmp_path / "s.db")
    for command in (
        c.Start(),
        c.Advance(to=1000),
        c.Decide(team="csirt_cell", decision="contain", option="isolate"),
        c.StartMove(),
        c.Advance(to=1800),
    ):
        session.submit(command)
    yield session
    session.close()


def test_a_trainee_asking_for_an_option_not_offered_is_told_so_and_the_other_team_answers(joint):
    async def go():
        server = await serve(joint)
        keys = server.hosting.keys
        async with Raw(server) as mfa, Raw(server) as csirt:
            await mfa.send({"type": "hello", "team": "mfa_cell", "key": keys["mfa_cell"]})
            await csirt.send({"type": "hello", "team": "csirt_cell", "key": keys["csirt_cell"]})
            await mfa.send({"type": "decide", "id": "1", "decision": "press_line", "option": "attribute"})
            await until(lambda: any(m["type"] == "result" for m in mfa.received))
            await csirt.send({"type": "decide", "id": "2", "decision": "press_line", "option": "facts"})
            await until(lambda: any(m["type"] == "result" for m in csirt.received))
        [refused] = [m for m in mfa.received if m["type"] == "result"]
        assert refused["error"] == (
            "option 'attribute' of decision point 'press_line' is not offered now (offered: facts, no_comment)"
        )
        assert [m["error"] for m in csirt.received if m["type"] == "result"] == [""]
        await server.stop()

    asyncio.run(go())
    assert joint.engine.decisions["press_line"].option == "facts"
    assert joint.engine.decisions["press_line"].team == "csirt_cell"
