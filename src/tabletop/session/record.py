"""Read a finished (or running) session from its file alone, and check it while reading.

Reports, logs and comparisons use this: the file holds the scenario's text and every
command, so its commands are replayed on that copy and the events it holds must be exactly
the replayed ones. A damaged, edited or truncated file is an error, never a quiet report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tabletop.engine import Engine, Event, compile_scenario
from tabletop.loader import LoadedScenario
from tabletop.session.session import collector_paused, load_stored_scenario, replay
from tabletop.store import Record, SessionMeta, SQLiteStore


@dataclass(frozen=True)
class SessionRecord:
    path: str
    meta: SessionMeta
    loaded: LoadedScenario
    events: list[Event]
    records: list[Record]
    """The stored rows, checked: each command with its events as JSON."""


def read_session(path: Path | str) -> SessionRecord:
    """The session in `path`, verified by replay on its stored scenario; StoreError if damaged."""
    store = SQLiteStore.open(path, writable=False)
    try:
        meta = store.meta()
        loaded = load_stored_scenario(meta)
        engine = Engine(compile_scenario(loaded.scenario, loaded.playbooks), meta.seed)
        records, events = [], []
        with collector_paused():
            for record, replayed in replay(engine, store.records(), store.path, stored_copy=True):
                records.append(record)
                events += replayed
    finally:
        store.close()
    return SessionRecord(str(path), meta, loaded, events, records)
