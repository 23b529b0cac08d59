"""The team server: trainees join the facilitator's session over TLS WebSockets.

It runs on the same asyncio loop as the facilitator's console, so the session is only ever
touched from one thread. Each connection authenticates as one team with that team's key;
from then on it receives only that team's view, and its decisions become session commands
for that team, checked by the engine like the console's own.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

from tabletop.engine import CommandRefused
from tabletop.engine import commands as c
from tabletop.errors import TabletopError
from tabletop.model.base import text_in
from tabletop.net import protocol as p
from tabletop.net.join import Join
from tabletop.net.tls import Identity, new_identity, new_key, server_context
from tabletop.session import Session, views

HELLO_TIMEOUT = 30.0
FREE_FAILURES = 3
"""Wrong keys allowed from one address before each further attempt is slowed down."""
MAX_DELAY = 10.0

Submit = Callable[[Any], str | None]
"""Apply a command to the session; return the refusal, or None when accepted."""


@dataclass
class Client:
    team: str
    address: str
    since: float
    connection: ServerConnection = field(repr=False)


@dataclass(frozen=True)
class Hosting:
    identity: Identity
    keys: dict[str, str]
    """Team id → key."""

    def team_of(self, key: str) -> str | None:
        return next((team for team, value in self.keys.items() if value == key), None)


def hosting_for(session: Session) -> Hosting:
    """The session's TLS identity and team keys, made on first use and kept in its file."""
    saved = session.store.hosting()
    teams = [t.id for t in session.loaded.scenario.teams]
    made: dict[str, str] = {}
    if "certificate" not in saved:
        identity = new_identity(session.loaded.scenario.id)
        made.update(certificate=identity.certificate.decode(), private_key=identity.key.decode())
    made.update({f"key:{team}": new_key() for team in teams if f"key:{team}" not in saved})
    if made:
        session.store.save_hosting(made)
        saved = {**saved, **made}
    identity = Identity(saved["certificate"].encode(), saved["private_key"].encode())
    return Hosting(identity, {team: saved[f"key:{team}"] for team in teams})


class TeamServer:
    """Serve one session to its teams. `submit` is how requests become commands."""

    def __init__(
        self,
        session: Session,
        host: str = "127.0.0.1",
        port: int = 8765,
        submit: Submit | None = None,
        on_change: Callable[[], None] | None = None,
        on_submission: Callable[[str, Any, str | None], None] | None = None,
    ) -> None:
        self.session = session
        self.host, self.port = host, port
        self.hosting = hosting_for(session)
        self._submit = submit or self._submit_directly
        self.on_change = on_change or (lambda: None)
        self.on_submission = on_submission or (lambda team, command, error: None)
        self.clients: list[Client] = []
        self.failures: dict[str, int] = {}
        self._sent_views: dict[str, str] = {}
        self._sent_clock = ""
        self._server: Server | None = None

    # -- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        try:
            self._server = await serve(
                self._handle,
                self.host,
                self.port,
                ssl=server_context(self.hosting.identity),
                max_size=p.MAX_MESSAGE_BYTES,
                ping_interval=20,
                ping_timeout=20,
            )
        except OSError as exc:
            raise TabletopError(f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}") from None
        if self.port == 0:
            self.port = next(iter(self._server.sockets)).getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def join_string(self, team: str, host: str | None = None) -> str:
        shown = host or (self.host if self.host not in ("0.0.0.0", "::") else "HOST")
        return str(Join(shown, self.port, team, self.hosting.keys[team], self.hosting.identity.pin))

    # -- the session changed: push what each team may see -----------------------------

    def session_changed(self) -> None:
        """Send each connected team its view if it changed, and everyone the clock."""
        engine, events = self.session.engine, self.session.events
        clock = p.dump(p.Clock(clock=views.clock(engine)))
        if clock != self._sent_clock:
            broadcast([client.connection for client in self.clients], clock)
            self._sent_clock = clock
        for team in {client.team for client in self.clients}:
            message = p.dump(p.View(view=views.team_view(engine, events, team)))
            if self._sent_views.get(team) != message:
                broadcast([client.connection for client in self.clients if client.team == team], message)
                self._sent_views[team] = message

    def _submit_directly(self, command: Any) -> str | None:
        try:
            self.session.submit(command)
        except (CommandRefused, TabletopError) as exc:
            return str(exc)
        self.session_changed()
        return None

    # -- one connection -----------------------------------------------------------------

    async def _handle(self, connection: ServerConnection) -> None:
        address = str(connection.remote_address[0]) if connection.remote_address else "?"
        team = await self._authenticate(connection, address)
        if team is None:
            return
        client = Client(team, address, time.time(), connection)
        self.clients.append(client)
        self.on_change()
        try:
            await self._send_all(client)
            async for raw in connection:
                await self._request(client, raw)
        except ConnectionClosed:
            pass
        finally:
            self.clients.remove(client)
            if not any(other.team == team for other in self.clients):
                self._sent_views.pop(team, None)
            self.on_change()

    async def _authenticate(self, connection: ServerConnection, address: str) -> str | None:
        try:
            raw = await asyncio.wait_for(connection.recv(), HELLO_TIMEOUT)
            hello = p.parse(p.CLIENT, raw)
        except (TimeoutError, ConnectionClosed):
            return None
        except p.BadMessage as exc:
            await self._refuse(connection, f"expected a hello message first: {exc}")
            return None
        if not isinstance(hello, p.Hello):
            await self._refuse(connection, "expected a hello message first")
            return None
        team = self.hosting.team_of(hello.key)
        if team is None or team != hello.team:
            failures = self.failures.get(address, 0) + 1
            self.failures[address] = failures
            if failures > FREE_FAILURES:
                await asyncio.sleep(min(0.25 * 2 ** (failures - FREE_FAILURES), MAX_DELAY))
            await self._refuse(connection, "wrong team or key: check the join string with the facilitator")
            return None
        self.failures.pop(address, None)
        return team

    async def _refuse(self, connection: ServerConnection, message: str) -> None:
        with contextlib.suppress(ConnectionClosed):
            await connection.send(p.dump(p.Error(message=message)))
            await connection.close(code=1008, reason=message[:120])

    async def _send_all(self, client: Client) -> None:
        scenario = self.session.loaded.scenario
        team = next(t for t in scenario.teams if t.id == client.team)
        lang = team.language or scenario.languages[0]
        engine = self.session.engine
        await client.connection.send(
            p.dump(p.Welcome(team=team.id, team_name=text_in(team.name, lang), scenario=text_in(scenario.title, lang)))
        )
        await client.connection.send(p.dump(p.View(view=views.team_view(engine, self.session.events, client.team))))
        await client.connection.send(p.dump(p.Clock(clock=views.clock(engine))))

    async def _request(self, client: Client, raw: str | bytes) -> None:
        try:
            message = p.parse(p.CLIENT, raw)
        except p.BadMessage as exc:
            await client.connection.send(p.dump(p.Error(message=str(exc))))
            return
        if isinstance(message, p.DecideRequest):
            try:
                command = c.Decide(
                    team=client.team,
                    decision=message.decision,
                    option=message.option,
                    text=message.text,
                    rationale=message.rationale,
                )
            except ValueError as exc:
                await client.connection.send(p.dump(p.Result(id=message.id, ok=False, error=_first_error(exc))))
                return
            error = self._submit(command)
            self.on_submission(client.team, command, error)
            await client.connection.send(p.dump(p.Result(id=message.id, ok=error is None, error=error or "")))
        elif isinstance(message, p.Resync):
            await self._send_all(client)
        elif isinstance(message, p.Ping):
            await client.connection.send(p.dump(p.Clock(clock=views.clock(self.session.engine))))
        else:
            await client.connection.send(p.dump(p.Error(message="already joined")))


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        return str(errors()[0]["msg"]).removeprefix("Value error, ")
    return str(exc)


def describe_clients(server: TeamServer) -> list[tuple[str, str, str]]:
    """(team, address, connected since) per connection, for the console."""
    return [
        (client.team, client.address, time.strftime("%H:%M:%S", time.localtime(client.since)))
        for client in server.clients
    ]
