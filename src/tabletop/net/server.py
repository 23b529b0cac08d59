"""The team server: trainees join the facilitator's session over TLS WebSockets.

It runs on the same asyncio loop as the facilitator's console, so the session is only ever
touched from one thread. Each connection authenticates as one seat with that seat's key: a
team, the room or an observer (`net.seats`). From then on it receives only that seat's
view. A team's decisions become session commands for that team, checked first against the
team's own open decisions and then by the engine; an observer's notes become observer notes;
the room sends nothing that changes the session, and no seat but a team may decide.

Each connection may send `REQUEST_BURST` requests at once and `REQUESTS_PER_SECOND` after
that; beyond it each request gets a `throttled` reply, and a connection that keeps going
(`PATIENCE` throttled requests, refilling at one a second) is closed. Refusals go back to
the sender only. However many commands arrive, each seat's view is recomputed and sent
once per push, and the server rests between pushes as long as the last one took.

A connection is sent its seat's whole view when it joins or asks to `resync`; after that
only what changed (`net.delta`), from the version it has to the next, or the whole view
again when that is no larger.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

from tabletop.engine import CommandRefused
from tabletop.engine import commands as c
from tabletop.errors import TabletopError, did_you_mean
from tabletop.model.base import text_in
from tabletop.net import protocol as p
from tabletop.net.delta import change
from tabletop.net.join import Join
from tabletop.net.limits import TokenBucket, WrongKeys
from tabletop.net.seats import OBSERVER, SEAT_NAMES, SEATS, seat_view
from tabletop.net.seats import clock as seat_clock
from tabletop.net.tls import Identity, new_identity, new_key, server_context
from tabletop.session import Session, views

HELLO_TIMEOUT = 30.0
FREE_FAILURES = 3
"""Wrong keys allowed from one address, or for one team, before each further attempt is slowed down."""
MAX_DELAY = 10.0
FORGET_FAILURES_AFTER = 600.0
"""Seconds after its last wrong key that an address's or a team's count is forgotten."""
REQUESTS_PER_SECOND = 5.0
REQUEST_BURST = 20
PATIENCE = 50
"""Throttled requests a connection may send (refilling one a second) before it is closed."""
PUSH_INTERVAL = 0.05
"""The longest rest between two pushes of the teams' views (each rest is as long as the push before it)."""
MAX_FEEDBACK_FORMS = 5
"""Feedback forms one connection may send (a resubmission replaces the earlier form; more is a flood)."""
TOO_MANY = 1008
"""WebSocket close code for a connection that kept sending after it was throttled (policy violation)."""


@dataclass
class Client:
    team: str
    """The seat: a team's id, `room` or `observer`."""
    address: str
    since: float
    connection: ServerConnection = field(repr=False)
    limit: TokenBucket = field(repr=False, default_factory=lambda: TokenBucket(REQUESTS_PER_SECOND, REQUEST_BURST))
    patience: TokenBucket = field(repr=False, default_factory=lambda: TokenBucket(1.0, PATIENCE))
    refused: int = 0
    """Requests refused (by the server's checks or the engine), answered to this client only."""
    throttled: int = 0
    closing: bool = False
    """Closed for sending too much: what it sent before our close frame reached it is read and dropped."""
    synced: bool = False
    """Sent its seat's whole view: from then on it is sent each change to it."""
    feedback_forms: int = 0
    """Feedback forms this connection sent (accepted or not)."""


@dataclass
class SentView:
    """A seat's view as its clients last received it, and that view's version."""

    view: dict[str, Any]
    version: int


@dataclass(frozen=True)
class Hosting:
    identity: Identity
    keys: dict[str, str]
    """Seat (team id, `room`, `observer`) → key."""

    def admits(self, team: str, key: str) -> bool:
        """Whether `key` is the seat `team`'s key (compared in constant time)."""
        expected = self.keys.get(team)
        return expected is not None and hmac.compare_digest(expected.encode(), key.encode())


def hosting_for(session: Session) -> Hosting:
    """The session's TLS identity and seat keys, made on first use and kept in its file.

    A team whose id is `room` or `observer` keeps its own seat: that seat is then not offered.
    """
    saved = session.store.hosting()
    teams = [t.id for t in session.loaded.scenario.teams]
    teams += [seat for seat in SEATS if seat not in teams]
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
    """Serve one session to its teams.

    `on_change()` is called (at most once per `PUSH_INTERVAL`) when the connected clients or
    their counts change; `on_submission(team, command)` after a team's command was accepted.
    Whoever else changes the session calls `session_changed()`.
    """

    def __init__(
        self,
        session: Session,
        host: str = "127.0.0.1",
        port: int = 8765,
        on_change: Callable[[], None] | None = None,
        on_submission: Callable[[str, Any], None] | None = None,
        on_observer_note: Callable[[c.ObserverNote], None] | None = None,
    ) -> None:
        self.session = session
        self.host, self.port = host, port
        self.hosting = hosting_for(session)
        self.on_change = on_change or (lambda: None)
        self.on_submission = on_submission or (lambda team, command: None)
        self.on_observer_note = on_observer_note or (lambda command: None)
        self.teams = frozenset(t.id for t in session.loaded.scenario.teams)
        self.pace = float(session.loaded.scenario.clock.pace)
        """Scenario seconds per wall-clock second while the clock runs, sent with the clock: whoever
        paces the session sets it (the console starts at the scenario's own)."""
        self.clients: list[Client] = []
        self.wrong_keys = WrongKeys(FREE_FAILURES, MAX_DELAY, FORGET_FAILURES_AFTER)
        self._sent_views: dict[str, SentView] = {}
        """Seat → its view as last sent, while it has clients."""
        self._versions = itertools.count(1)
        """Versions of views, one series for every seat: a seat's versions only ever increase."""
        self._sent_clock = ""
        self._views_at = 0
        """How many events the views in `_sent_views` were made from."""
        self._sent_views_at: set[str] = set()
        """Seats whose view was made from the latest events."""
        self._server: Server | None = None
        self._views_stale = self._clients_stale = False
        self._wake = asyncio.Event()
        self._pusher: asyncio.Task[None] | None = None
        self._closing: set[asyncio.Task[None]] = set()

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
        self._pusher = asyncio.create_task(self._push_changes())

    async def stop(self) -> None:
        """Stop pushing first, then close every connection: the host (a console quitting) is
        not called back about clients leaving once it has asked to stop."""
        if self._pusher is not None:
            self._pusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pusher  # a bug in a push is raised here, not lost
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def join_strings(self, host: str | None = None) -> list[tuple[str, str]]:
        """(seat, join string) for every team, then the room and the observer."""
        return [(seat, self.join_string(seat, host)) for seat in self.hosting.keys]

    def join_string(self, team: str, host: str | None = None) -> str:
        shown = host or (self.host if self.host not in ("0.0.0.0", "::") else "HOST")
        return str(Join(shown, self.port, team, self.hosting.keys[team], self.hosting.identity.pin))

    # -- the session changed: push what each team may see -----------------------------

    def submit(self, command: Any) -> str | None:
        """Apply a command to the session and push the change; the refusal, or None when accepted."""
        try:
            self.session.submit(command)
        except (CommandRefused, TabletopError) as exc:
            return str(exc)
        self.session_changed()
        return None

    def session_changed(self) -> None:
        """Note that the session changed: each team gets its view soon, once however many changes."""
        self._views_stale = True
        self._wake.set()

    def _clients_changed(self) -> None:
        self._clients_stale = True
        self._wake.set()

    async def _push_changes(self) -> None:
        """Push on the next loop turn after a change, then rest as long as the push took (at most PUSH_INTERVAL).

        Changes that arrive while it pushes or rests are pushed together once, so pushing
        never takes more than about half the loop's time, however many commands arrive.
        """
        loop = asyncio.get_running_loop()
        while True:
            await self._wake.wait()
            self._wake.clear()
            began = loop.time()
            if self._views_stale:
                self._views_stale = False
                self._push_views()
            if self._clients_stale:
                self._clients_stale = False
                self.on_change()
            await asyncio.sleep(min(loop.time() - began, PUSH_INTERVAL))

    def _push_views(self) -> None:
        """Send everyone the clock, and each connected seat the change to its view, if any.

        A seat's view is a function of the events (a tick that derived none changes only the
        clock), so views are recomputed only for seats that have not seen the latest events.
        """
        events = self.session.events
        clock = self._clock()
        if clock != self._sent_clock:
            broadcast([client.connection for client in self.clients], clock)
            self._sent_clock = clock
        if len(events) != self._views_at:
            self._views_at = len(events)
            self._sent_views_at.clear()
        for seat in {client.team for client in self.clients} - self._sent_views_at:
            self._sent_views_at.add(seat)
            self._refresh(seat)

    def _refresh(self, seat: str) -> SentView:
        """The seat's view now. If it changed since it was last sent, the seat's clients are sent
        the change: a `delta` from the version they have, or the whole view when that is no larger."""
        view = seat_view(self.session.engine, self.session.events, seat)
        sent = self._sent_views.get(seat)
        if sent is None:
            sent = self._sent_views[seat] = SentView(view, next(self._versions))
        elif view != sent.view:
            version = next(self._versions)
            message = change(sent.view, sent.version, view, version)
            sent.view, sent.version = view, version
            broadcast([client.connection for client in self.clients if client.team == seat and client.synced], message)
        return sent

    def _clock(self) -> str:
        """The clock message: scenario time, state and pace (for trainees to move their clock between pushes)."""
        return p.dump(p.Clock(clock={**seat_clock(self.session.engine, self.session.events), "pace": self.pace}))

    # -- one connection -----------------------------------------------------------------

    async def _handle(self, connection: ServerConnection) -> None:
        address = str(connection.remote_address[0]) if connection.remote_address else "?"
        team = await self._authenticate(connection, address)
        if team is None:
            return
        client = Client(team, address, time.time(), connection)
        self.clients.append(client)
        self._clients_changed()
        try:
            await self._send_all(client)
            async for raw in connection:
                if not client.closing:
                    await self._request(client, raw)
        except ConnectionClosed:
            pass
        finally:
            self.clients.remove(client)
            if not any(other.team == team for other in self.clients):
                self._sent_views.pop(team, None)
                self._sent_views_at.discard(team)
            self._clients_changed()

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
        if not self.hosting.admits(hello.team, hello.key):
            team = hello.team if hello.team in self.hosting.keys else None
            self.wrong_keys.record(address, team)
            await asyncio.sleep(self.wrong_keys.delay(address, team))
            await self._refuse(connection, "wrong team or key: check the join string with the facilitator")
            return None
        return hello.team

    async def _refuse(self, connection: ServerConnection, message: str) -> None:
        with contextlib.suppress(ConnectionClosed):
            await connection.send(p.dump(p.Error(message=message)))
            await connection.close(code=1008, reason=message[:120])

    async def _send_all(self, client: Client) -> None:
        scenario = self.session.loaded.scenario
        team = next((t for t in scenario.teams if t.id == client.team), None)
        lang = (team and team.language) or scenario.languages[0]
        name = text_in(team.name, lang) if team else SEAT_NAMES[client.team]
        await client.connection.send(
            p.dump(p.Welcome(team=client.team, team_name=name, scenario=text_in(scenario.title, lang)))
        )
        sent = self._refresh(client.team)
        client.synced = True  # the whole view below is written before any change can be pushed
        await client.connection.send(p.dump(p.View(view=sent.view, version=sent.version)))
        await client.connection.send(self._clock())

    async def _request(self, client: Client, raw: str | bytes) -> None:
        send = client.connection.send
        if not client.limit.take():
            await self._throttle(client, raw)
            return
        try:
            message = p.parse(p.CLIENT, raw)
        except p.BadMessage as exc:
            client.refused += 1
            self._clients_changed()
            await send(p.dump(p.Error(message=str(exc))))
            return
        if isinstance(message, p.DecideRequest | p.NoteRequest | p.FeedbackRequest):
            if isinstance(message, p.NoteRequest):
                error = self._note(client.team, message)
            elif isinstance(message, p.FeedbackRequest):
                error = self._feedback(client, message)
            elif client.team not in self.teams:
                error = f"the {client.team} seat watches the exercise: it cannot decide for a team"
            else:
                error = self._decide(client.team, message)
            if error is not None:
                client.refused += 1
                self._clients_changed()
            await send(p.dump(p.Result(id=message.id, ok=error is None, error=error or "")))
        elif isinstance(message, p.Resync):
            await self._send_all(client)
        elif isinstance(message, p.Ping):
            await send(self._clock())
        else:
            await send(p.dump(p.Error(message="already joined")))

    def _decide(self, team: str, request: p.DecideRequest) -> str | None:
        """Submit a team's decision; the refusal, in terms of that team's own open decisions only."""
        refusal = refusal_for(views.open_decisions(self.session.engine, team), request)
        if refusal is not None:
            return refusal
        try:
            command = c.Decide(
                team=team,
                decision=request.decision,
                option=request.option,
                text=request.text,
                rationale=request.rationale,
            )
        except ValueError as exc:
            return _first_error(exc)
        error = self.submit(command)
        if error is None:
            self.on_submission(team, command)
        return error

    def _note(self, seat: str, request: p.NoteRequest) -> str | None:
        """Record an observer's note or suggested rating; only the observer seat may."""
        if seat != OBSERVER or seat in self.teams:
            return "only the observer seat takes notes"
        try:
            command = c.ObserverNote(
                text=request.text, team=request.team, objective=request.objective, rating=request.rating
            )
        except ValueError as exc:
            return _first_error(exc)
        error = self.submit(command)
        if error is None:
            self.on_observer_note(command)
        return error

    def _feedback(self, client: Client, request: p.FeedbackRequest) -> str | None:
        """Record a participant's feedback form for the seat's own team (a request never names one)."""
        if client.team not in self.teams:
            return f"the {client.team} seat watches the exercise: feedback forms come from the teams"
        if client.feedback_forms >= MAX_FEEDBACK_FORMS:
            return f"this terminal has sent {MAX_FEEDBACK_FORMS} feedback forms already; tell the facilitator instead"
        client.feedback_forms += 1
        try:
            command = c.ParticipantFeedback(
                team=client.team,
                respondent=f"terminal {request.terminal}",
                strengths=request.strengths,
                improvements=request.improvements,
                ratings=request.ratings,
                comments=request.comments,
            )
        except ValueError as exc:
            return _first_error(exc)
        error = self.submit(command)
        if error is None:
            self.on_submission(client.team, command)
        return error

    async def _throttle(self, client: Client, raw: str | bytes) -> None:
        client.throttled += 1
        self._clients_changed()
        if not client.patience.take():
            client.closing = True  # the handler keeps reading (and dropping) until the client's close frame
            closing = asyncio.create_task(
                client.connection.close(code=TOO_MANY, reason="too many requests: closed by the server")
            )
            self._closing.add(closing)
            closing.add_done_callback(self._closing.discard)
            return
        try:
            request_id = getattr(p.parse(p.CLIENT, raw), "id", "")
        except p.BadMessage:
            request_id = ""
        wait = client.limit.wait()
        await client.connection.send(
            p.dump(
                p.Throttled(
                    id=request_id,
                    retry_after=round(wait, 2),
                    message=f"too many requests: wait {wait:.1f} s and send again",
                )
            )
        )


def refusal_for(open_decisions: list[views.OpenDecision], request: p.DecideRequest) -> str | None:
    """Why a team may not send this decision, built only from that team's open decision points."""
    decisions = {d.decision: d for d in open_decisions}
    decision = decisions.get(request.decision)
    if decision is None:
        listed = ", ".join(f"'{name}'" for name in decisions) or "none"
        return (
            f"'{request.decision}' is not one of your team's open decision points"
            f"{did_you_mean(request.decision, decisions)} (open now: {listed})"
        )
    options = [option for option, _ in decision.options]
    if request.option in decision.not_offered:
        return (
            f"option '{request.option}' of decision point '{decision.decision}' is not offered now "
            f"(offered: {', '.join(options)})"
        )
    if request.option is not None and request.option not in options:
        return (
            f"decision point '{decision.decision}' has no option '{request.option}'"
            f"{did_you_mean(request.option, options)}"
        )
    return None


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        return str(errors()[0]["msg"]).removeprefix("Value error, ")
    return str(exc)


def describe_clients(server: TeamServer) -> list[tuple[str, str, str, int, int]]:
    """(team, address, connected since, refused requests, throttled requests) per connection, for the console."""
    return [
        (
            client.team,
            client.address,
            time.strftime("%H:%M:%S", time.localtime(client.since)),
            client.refused,
            client.throttled,
        )
        for client in server.clients
    ]
