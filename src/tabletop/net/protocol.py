"""The trainee protocol: typed JSON messages over a TLS WebSocket, each under a size limit.

Clients send requests; the server decides everything. A request never names the seat it
acts for (a team, the room, an observer): the seat is the one the connection authenticated as.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    ValidationError,
    model_serializer,
    model_validator,
)

from tabletop.model.base import Identifier, StrictModel
from tabletop.model.feedback import Rating

PROTOCOL_VERSION = 1
MAX_MESSAGE_BYTES = 64 * 1024
"""Larger messages close the connection (WebSocket code 1009); nothing else is disturbed."""
MAX_SERVER_MESSAGE_BYTES = 8 * 1024 * 1024
"""The largest message a client takes from the server (a whole view); a larger one closes the link."""

Secret = Annotated[str, Field(min_length=8, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")]
RequestId = Annotated[str, Field(min_length=1, max_length=64)]


class Hello(StrictModel):
    """First message of a connection: who joins, with the team's key."""

    type: Literal["hello"] = "hello"
    team: Identifier
    key: Secret
    version: int = PROTOCOL_VERSION


class DecideRequest(StrictModel):
    """Submit the team's decision: an option or a free-text answer, with a rationale."""

    type: Literal["decide"] = "decide"
    id: RequestId
    decision: Identifier
    option: Identifier | None = None
    text: Annotated[str, Field(max_length=10_000)] | None = None
    rationale: Annotated[str, Field(max_length=10_000)] = ""


class NoteRequest(StrictModel):
    """The observer's note, optionally about a team, optionally suggesting an objective's rating."""

    type: Literal["note"] = "note"
    id: RequestId
    text: Annotated[str, Field(min_length=1, max_length=20_000)]
    team: Identifier | None = None
    objective: Identifier | None = None
    rating: Literal["P", "S", "M", "U"] | None = None


FeedbackAnswer = Annotated[str, Field(max_length=4000)]


class FeedbackRequest(StrictModel):
    """A participant's feedback form, once the exercise has ended: always for the seat's own team.

    `terminal` is a short random token the trainee app makes when it starts, so a form sent
    again from the same terminal (after a reconnection too) replaces its earlier one in the report.
    """

    type: Literal["feedback"] = "feedback"
    id: RequestId
    terminal: Annotated[str, Field(pattern=r"^[a-z0-9]{1,16}$")]
    strengths: FeedbackAnswer = ""
    improvements: FeedbackAnswer = ""
    ratings: Annotated[dict[Identifier, Rating], Field(max_length=50)] = {}
    """Objective → 1 (not met) … 5 (fully met)."""
    comments: FeedbackAnswer = ""


class Resync(StrictModel):
    """Ask for the team's whole view again."""

    type: Literal["resync"] = "resync"


class Ping(StrictModel):
    type: Literal["ping"] = "ping"


ClientMessage = Annotated[
    Hello | DecideRequest | NoteRequest | FeedbackRequest | Resync | Ping, Field(discriminator="type")
]
CLIENT = TypeAdapter(ClientMessage)


class Welcome(StrictModel):
    type: Literal["welcome"] = "welcome"
    team: str
    team_name: str
    scenario: str
    version: int = PROTOCOL_VERSION


Version = Annotated[int, Field(ge=0, strict=True)]
ViewKey = Annotated[str, Field(min_length=1, max_length=100)]


class View(StrictModel):
    """The seat's whole view. `version` names it for the deltas that follow (0: none will follow)."""

    type: Literal["view"] = "view"
    view: dict[str, Any]
    version: Version = 0


class ViewDelta(StrictModel):
    """The change from the seat's view at version `base` to its view at `version`, key by key.

    `changed` holds the whole new value of each key that changed; `prepend` and `append` the
    items a list gained at its start and at its end (its other items are unchanged);
    `removed` the keys the view no longer has. A key is in `changed`, in `removed`, or in
    `prepend` and/or `append`, never in two of those. Made by `net.delta.diff`.
    """

    type: Literal["delta"] = "delta"
    base: Version
    version: Version
    changed: dict[ViewKey, Any] = Field(default_factory=dict)
    prepend: dict[ViewKey, list[Any]] = Field(default_factory=dict)
    append: dict[ViewKey, list[Any]] = Field(default_factory=dict)
    removed: list[ViewKey] = Field(default_factory=list)

    @model_validator(mode="after")
    def _each_key_once(self) -> ViewDelta:
        if self.version <= self.base:
            raise ValueError(f"version {self.version} does not come after base {self.base}")
        grown = self.prepend.keys() | self.append.keys()
        twice = (self.changed.keys() & grown) | (set(self.removed) & (self.changed.keys() | grown))
        if twice or len(set(self.removed)) != len(self.removed):
            key = min(twice) if twice else next(k for k in self.removed if self.removed.count(k) > 1)
            raise ValueError(f"key {key!r} is changed twice")
        return self

    @model_serializer(mode="wrap")
    def _without_empty_parts(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Left out when empty: a delta is sent for being small."""
        return {key: value for key, value in handler(self).items() if value or key in ("base", "version")}


class Clock(StrictModel):
    type: Literal["clock"] = "clock"
    clock: dict[str, Any]


class Result(StrictModel):
    type: Literal["result"] = "result"
    id: str
    ok: bool
    error: str = ""


class Error(StrictModel):
    type: Literal["error"] = "error"
    message: str


class Throttled(StrictModel):
    """The request was not handled: this connection sent too many too fast.

    `id` is the request's id when it had one; `retry_after` is seconds until the next
    request will be taken. A connection that keeps sending regardless is closed.
    """

    type: Literal["throttled"] = "throttled"
    id: str = ""
    retry_after: float
    message: str


ServerMessage = Annotated[Welcome | View | ViewDelta | Clock | Result | Error | Throttled, Field(discriminator="type")]
SERVER = TypeAdapter(ServerMessage)


class BadMessage(ValueError):
    """A message that is not valid JSON or not a valid protocol message; says what is wrong."""


def parse(adapter: TypeAdapter[Any], raw: str | bytes, limit: int = MAX_MESSAGE_BYTES) -> Any:
    """The message in `raw`, validated; BadMessage says what is wrong (`limit`: the largest size taken)."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise BadMessage("messages are UTF-8 JSON text") from None
    if len(raw) > limit:
        raise BadMessage(f"message too large (limit {limit} bytes)")
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise BadMessage(f"not JSON: {exc}") from None
    except RecursionError:
        raise BadMessage("JSON nested too deeply") from None
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "message"
        raise BadMessage(f"invalid message ({where}: {first['msg'].removeprefix('Value error, ')})") from None


def dump(message: StrictModel) -> str:
    return message.model_dump_json()
