"""Read a finished (or running) session from its file alone, without replaying it.

Reports and comparisons use this: the file holds the scenario's text and every event, so a
report can be regenerated at any time, identically, even if the scenario files moved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tabletop.loader import LoadedScenario
from tabletop.session.session import load_stored_scenario
from tabletop.store import SessionMeta, SQLiteStore, StoreError


@dataclass(frozen=True)
class SessionRecord:
    path: str
    meta: SessionMeta
    loaded: LoadedScenario
    events: list[dict[str, Any]]


def read_session(path: Path | str) -> SessionRecord:
    store = SQLiteStore.open(path, writable=False)
    try:
        meta = store.meta()
        try:
            events = [json.loads(event) for record in store.records() for event in record.events]
        except ValueError as exc:
            raise StoreError(f"{path}: an event in the session file is damaged ({exc}); it was not modified") from None
        if not all(
            isinstance(e, dict) and isinstance(e.get("kind"), str) and isinstance(e.get("time"), int) for e in events
        ):
            raise StoreError(f"{path}: an event in the session file is damaged; it was not modified")
    finally:
        store.close()
    return SessionRecord(str(path), meta, load_stored_scenario(meta), events)
