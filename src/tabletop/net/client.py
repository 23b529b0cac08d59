"""A seat's side (a team, the room, an observer): connect with a join string, check the
server's pin, keep up to date.

The client holds no state of its own beyond the last view and clock the server sent; after
a drop it reconnects with the same join string and the server sends the whole view again,
so it catches up exactly. Between whole views the server sends deltas (`net.delta`): one is
applied only to the version it was made from; otherwise, or when a message from the server
is malformed, the client asks for the whole view again (`resync`) and ignores deltas until
it arrives. Between two clock pushes `now()` moves the last pushed time on at
the pushed pace, for display only; every push replaces the estimate.
"""

from __future__ import annotations

import asyncio
import itertools
import secrets
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from tabletop.model.base import StrictModel
from tabletop.net import protocol as p
from tabletop.net.delta import apply
from tabletop.net.join import Join
from tabletop.net.tls import client_context, pin_of

RETRY_DELAYS = (0.5, 1.0, 2.0, 5.0)
"""Seconds between reconnection attempts; the last one repeats for as long as it takes."""
DISCONNECTED_AFTER = 3
"""Failed reconnection attempts after which the status says `disconnected` (it keeps trying)."""
ESTIMATE_FOR = 5.0
"""Wall-clock seconds after a clock push that `now()` keeps moving; then it waits for the next push."""


class JoinRefused(Exception):
    """The server refused this join string (wrong key, or not the pinned server)."""


class TeamClient:
    """Keeps `view` and `clock` current; `on_update()` is called after each change.

    `status` is `connecting`, `connected`, `reconnecting` (the link dropped; trying again),
    `disconnected` (still trying, but `DISCONNECTED_AFTER` attempts have failed) or `refused`.
    """

    def __init__(self, join: Join, on_update: Callable[[], None] | None = None) -> None:
        self.join = join
        self.on_update = on_update or (lambda: None)
        self.view: dict[str, Any] = {}
        self.version: int | None = None
        """The version of `view` (None before the first view of a connection)."""
        self.received: Counter[str] = Counter()
        """Messages received, by type (`view`, `delta`, `clock`, …), and `refused` for malformed ones."""
        self.clock: dict[str, Any] = {}
        self.clock_at = 0.0
        """When the last clock push arrived (`time.monotonic()`)."""
        self.welcome: p.Welcome | None = None
        self.status = "connecting"
        self.error = ""
        self._connection: ClientConnection | None = None
        self._pending: dict[str, asyncio.Future[p.Result]] = {}
        self._ids = itertools.count(1)
        self._stopped = False
        self._resyncing = False
        self.terminal = secrets.token_hex(4)
        """This terminal, for the whole run: a feedback form sent again replaces its earlier one."""

    async def run(self) -> None:
        """Stay connected until `stop()`; raise JoinRefused if the server says no."""
        attempt = 0
        while not self._stopped:
            try:
                await self._session()
                attempt = 0
            except JoinRefused as exc:
                self.status, self.error = "refused", str(exc)
                self.on_update()
                raise
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError) as exc:
                self.error = str(exc) or type(exc).__name__
            if self._stopped:
                break
            self.status = "reconnecting" if attempt < DISCONNECTED_AFTER else "disconnected"
            self._fail_pending("connection lost; the decision may not have been received, check 'Decided'")
            self.on_update()
            await asyncio.sleep(RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)])
            attempt += 1

    async def _session(self) -> None:
        async with connect(
            self.join.uri, ssl=client_context(), max_size=8 * 1024 * 1024, open_timeout=10
        ) as connection:
            ssl_object = connection.transport.get_extra_info("ssl_object")
            certificate = ssl_object.getpeercert(binary_form=True) if ssl_object else None
            if certificate is None or pin_of(certificate) != self.join.pin:
                raise JoinRefused("the server's identity does not match the join string (pin mismatch)")
            await connection.send(p.dump(p.Hello(team=self.join.team, key=self.join.key)))
            self._connection, self.version, self._resyncing = connection, None, False
            try:
                async for raw in connection:
                    await self._receive(raw)
            except ConnectionClosed as closed:
                if closed.rcvd is not None and closed.rcvd.code == 1008:
                    raise JoinRefused(closed.rcvd.reason or "the server refused this join string") from None
                raise
            finally:
                self._connection = None
            if connection.close_code == 1008:
                raise JoinRefused(connection.close_reason or "the server refused this join string")

    async def _receive(self, raw: str | bytes) -> None:
        try:
            message = p.parse(p.SERVER, raw, limit=p.MAX_SERVER_MESSAGE_BYTES)
        except p.BadMessage as exc:
            self.received["refused"] += 1
            self.error = f"refused a message from the facilitator's session: {exc}"
            await self._resync()
            self.on_update()
            return
        self.received[message.type] += 1
        if isinstance(message, p.Welcome):
            self.welcome = message
            self.status, self.error = "connected", ""
        elif isinstance(message, p.View):
            self.view, self.version, self._resyncing = message.view, message.version, False
        elif isinstance(message, p.ViewDelta):
            if self._resyncing:
                return  # the whole view is on its way
            if message.base != self.version or not self._apply(message):
                await self._resync()
        elif isinstance(message, p.Clock):
            self.clock, self.clock_at = message.clock, time.monotonic()
        elif isinstance(message, p.Result):
            future = self._pending.pop(message.id, None)
            if future is not None and not future.done():
                future.set_result(message)
        elif isinstance(message, p.Throttled):
            future = self._pending.pop(message.id, None)
            if future is not None and not future.done():
                future.set_result(p.Result(id=message.id, ok=False, error=message.message))
        elif isinstance(message, p.Error):
            self.error = message.message
        self.on_update()

    def _apply(self, delta: p.ViewDelta) -> bool:
        """Apply a change made from this view's version; False when it does not fit the view."""
        try:
            self.view = apply(self.view, delta)
        except p.BadMessage as exc:
            self.error = f"refused a change from the facilitator's session: {exc}"
            return False
        self.version = delta.version
        return True

    async def _resync(self) -> None:
        """Ask for the whole view again, once, and ignore changes until it comes."""
        if self._resyncing or self._connection is None:
            return
        self._resyncing = True
        await self._connection.send(p.dump(p.Resync()))

    def now(self, at: float | None = None) -> int:
        """The scenario time to show at monotonic time `at` (now by default), in whole seconds.

        While the clock runs and the link is up, the last pushed time moved on at the pushed
        pace for at most `ESTIMATE_FOR` seconds; otherwise exactly the last pushed time.
        """
        clock = self.clock
        pushed = int(clock.get("now", 0))
        if self.status != "connected" or not clock.get("started") or clock.get("paused") or clock.get("ended"):
            return pushed
        since = min(max((time.monotonic() if at is None else at) - self.clock_at, 0.0), ESTIMATE_FOR)
        return pushed + int(since * float(clock.get("pace") or 0))

    async def decide(self, decision: str, option: str | None, text: str | None, rationale: str) -> str | None:
        """Send the team's decision; the refusal's reason, or None once the server accepted it."""
        return await self._ask(
            lambda id: p.DecideRequest(id=id, decision=decision, option=option, text=text, rationale=rationale),
            "check 'Decided' before sending again",
        )

    async def note(
        self, text: str, team: str | None = None, objective: str | None = None, rating: str | None = None
    ) -> str | None:
        """Send an observer's note (a suggested rating with `objective` and `rating`); the refusal, or None."""
        return await self._ask(
            lambda id: p.NoteRequest(id=id, text=text, team=team, objective=objective, rating=rating),
            "check the notes before sending again",
        )

    async def feedback(self, strengths: str, improvements: str, ratings: dict[str, int], comments: str) -> str | None:
        """Send this terminal's feedback form for the team; the refusal, or None once recorded."""
        return await self._ask(
            lambda id: p.FeedbackRequest(
                id=id,
                terminal=self.terminal,
                strengths=strengths,
                improvements=improvements,
                ratings=ratings,
                comments=comments,
            ),
            "send it again: a form sent twice counts once",
        )

    async def _ask(self, request: Callable[[str], StrictModel], check: str) -> str | None:
        if self._connection is None:
            return "not connected to the facilitator; wait for the connection to come back"
        request_id = str(next(self._ids))
        future: asyncio.Future[p.Result] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = future
        try:
            await self._connection.send(p.dump(request(request_id)))
            result = await asyncio.wait_for(future, 15)
        except (ConnectionClosed, TimeoutError):
            self._pending.pop(request_id, None)
            return f"no answer from the facilitator's session; {check}"
        return None if result.ok else result.error

    def _fail_pending(self, reason: str) -> None:
        for future in self._pending.values():
            if not future.done():
                future.set_result(p.Result(id="", ok=False, error=reason))
        self._pending.clear()

    async def stop(self) -> None:
        self._stopped = True
        if self._connection is not None:
            await self._connection.close()
