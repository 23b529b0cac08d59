"""The store interface: what a session needs from wherever its log is kept."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from tabletop.errors import TabletopError


class StoreError(TabletopError):
    """A session file that cannot be used: missing, foreign, corrupt, newer, or unwritable."""

    title = "session file"


@dataclass(frozen=True)
class SessionMeta:
    """What a session was played on: enough to rebuild it exactly."""

    scenario_id: str
    scenario_path: str
    scenario_digest: str
    seed: int
    tabletop_version: str
    created_at: str
    files: dict[str, str] = field(default_factory=dict)
    """A copy of the scenario's and its playbooks' text, by file name (scenario first)."""
    attachments: dict[str, str] = field(default_factory=dict)
    """A copy of the injects' attached files (base64), by path as the scenario writes it;
    absent from session files older than attachments."""
    fork: dict[str, Any] = field(default_factory=dict)
    """For a fork (`tabletop fork`): its parent's path and creation time, and the fork point
    (`commands` kept of the parent's `parent_commands`, `at` or `before_command` as asked);
    empty for a session played from the start."""


OPTIONAL_META = frozenset({"attachments", "fork"})
"""SessionMeta fields a session file may lack (it was written before they existed)."""


class Record(NamedTuple):
    """One acknowledged command (as JSON) and the events (as JSON) it produced.

    A tuple (seq, command, events, wall_time), like the rows a replay reads (`rows`).
    """

    seq: int
    command: str
    events: list[str]
    wall_time: str


class SessionStore(Protocol):
    """An append-only log. `append` returns only once the record is durable."""

    path: str

    def meta(self) -> SessionMeta: ...

    def append(self, command: str, events: list[str], wall_time: str) -> int: ...

    def records(self) -> Iterator[Record]: ...

    def rows(self) -> Iterator[tuple[int, str, list[str]]]: ...

    def count(self) -> int: ...

    def hosting(self) -> dict[str, str]: ...

    def save_hosting(self, values: dict[str, str]) -> None: ...

    def close(self) -> None: ...
