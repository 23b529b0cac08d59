from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect

from tabletop.engine import commands as c
from tabletop.net import TeamClient, TeamServer, parse_join
from tabletop.net.tls import client_context
from tabletop.session import Session
from tests.conftest import ROOT

CANAL = ROOT / "scenarios" / "canal-ransomware.yaml"


@pytest.fixture
def hosted(tmp_path):
    """A started canal session served on 127.0.0.1 (a free port), torn down after the test."""
    session = Session.create(CANAL, tmp_path / "hosted.db", seed=1)
    session.submit(c.Start())
    yield session
    session.close()


async def serve(session) -> TeamServer:
    server = TeamServer(session, "127.0.0.1", 0)
    await server.start()
    return server


async def joined(server: TeamServer, team: str) -> tuple[TeamClient, asyncio.Task]:
    client = TeamClient(parse_join(server.join_string(team)))
    task = asyncio.create_task(client.run())
    await until(lambda: client.status == "connected" and client.view)
    return client, task


async def until(condition, patience: float = 20.0) -> None:
    """Wait for a condition the server will make true (patience is a safety net only)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + patience
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition never became true")
        await asyncio.sleep(0.02)


class Raw:
    """A bare WebSocket client that records every message the server sends it."""

    def __init__(self, server: TeamServer) -> None:
        self.uri = f"wss://127.0.0.1:{server.port}/"
        self.received: list[dict] = []

    async def __aenter__(self):
        self.connection = await connect(self.uri, ssl=client_context(), max_size=None)
        self.reader = asyncio.create_task(self._read())
        return self

    async def _read(self):
        try:
            async for raw in self.connection:
                self.received.append(json.loads(raw))
        except Exception:
            pass

    async def send(self, data) -> None:
        await self.connection.send(data if isinstance(data, str | bytes) else json.dumps(data))

    async def __aexit__(self, *exc):
        await self.connection.close()
        self.reader.cancel()
