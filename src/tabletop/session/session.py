"""A session: a scenario, its engine and its store. Commands in, events out, nothing lost.

`submit` runs a command through the engine, writes the command and its events to the
store in one durable transaction, and only then returns the events. `resume` rebuilds a
session from its file by replaying the commands and checking the replayed events against
the stored ones, which is how a changed scenario file is noticed.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tabletop import __version__
from tabletop.engine import COMMAND_ADAPTER, CommandRefused, Engine, Event, compile_scenario
from tabletop.errors import TabletopError
from tabletop.loader import LoadedScenario, load_scenario
from tabletop.store import SessionMeta, SessionStore, SQLiteStore, StoreError


class ScenarioChanged(TabletopError):
    """The scenario file is not the one the session was played on."""

    title = "scenario changed"


def encode(value: Any) -> str:
    """The one JSON form used for commands and events in a session file (compact, stable)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Session:
    """One run of a scenario. Use `create` or `resume`; talk to it with `submit`."""

    def __init__(self, loaded: LoadedScenario, store: SessionStore, engine: Engine) -> None:
        self.loaded = loaded
        self.store = store
        self.engine = engine
        self.events: list[Event] = []
        """Every event so far, in order (what consoles render)."""

    @classmethod
    def create(
        cls,
        scenario_path: Path | str,
        session_path: Path | str,
        seed: int = 0,
        playbook_dirs: Sequence[Path] = (),
    ) -> Session:
        loaded = load_scenario(scenario_path, playbook_dirs)
        meta = SessionMeta(
            scenario_id=loaded.scenario.id,
            scenario_path=str(Path(scenario_path).resolve()),
            scenario_digest=loaded.digest,
            seed=seed,
            tabletop_version=__version__,
            created_at=_now(),
            files=loaded.texts,
        )
        store = SQLiteStore.create(session_path, meta)
        return cls(loaded, store, Engine(compile_scenario(loaded.scenario, loaded.playbooks), seed))

    @classmethod
    def resume(
        cls,
        session_path: Path | str,
        *,
        scenario_path: Path | str | None = None,
        use_stored: bool = False,
        writable: bool = True,
    ) -> Session:
        """Rebuild a session from its file, exactly as it stood.

        The scenario is read from where it was (or `scenario_path`); if its text changed
        since the session was recorded, ScenarioChanged says so, unless `use_stored` asks
        to continue on the copy kept inside the session file.
        """
        store = SQLiteStore.open(session_path, writable=writable)
        try:
            meta = store.meta()
            loaded = load_stored_scenario(meta) if use_stored else _current_scenario(meta, scenario_path, session_path)
            session = cls(loaded, store, Engine(compile_scenario(loaded.scenario, loaded.playbooks), meta.seed))
            session._replay()
        except BaseException:
            store.close()  # and so release the session's lock: a failed resume holds nothing
            raise
        return session

    def submit(self, command: Any) -> list[Event]:
        """Apply a command (a model or a dict), save it with its events, return the events.

        Refused commands raise CommandRefused and change nothing; if saving fails the
        engine is rebuilt from the file, so memory never runs ahead of what is on disk.
        """
        if isinstance(command, dict):
            command = parse_command(command)
        events = self.engine.apply(command)
        try:
            self.store.append(
                encode(command.model_dump(mode="json", exclude_defaults=False)),
                [encode(e) for e in events],
                _now(),
            )
        except StoreError:
            self.engine = Engine(self.engine.compiled, self.engine.seed)
            self.events = []
            self._replay()
            raise
        self.events.extend(events)
        return events

    def close(self) -> None:
        self.store.close()

    def _replay(self) -> None:
        engine = self.engine
        for record in self.store.records():
            command = parse_command(json.loads(record.command), where=f"{self.store.path}: command #{record.seq}")
            try:
                events = engine.apply(command)
            except CommandRefused as exc:
                raise ScenarioChanged(
                    f"{self.store.path}: command #{record.seq} ({command.kind}) is refused on replay: {exc}; "
                    "the scenario is not the one this session was played on"
                ) from None
            replayed = [encode(e) for e in events]
            if replayed != record.events:
                raise ScenarioChanged(_mismatch(self.store.path, record.seq, record.events, replayed))
            self.events.extend(events)


def parse_command(data: Any, where: str = "command") -> Any:
    """A command from its JSON form; a TabletopError (not a crash) when it is malformed."""
    from pydantic import ValidationError

    try:
        return COMMAND_ADAPTER.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        location = ".".join(str(p) for p in first["loc"])
        raise TabletopError(f"{where}: invalid command ({location}: {first['msg']})") from None


def _current_scenario(meta: SessionMeta, scenario_path: Path | str | None, session_path: Path | str) -> LoadedScenario:
    path = Path(scenario_path or meta.scenario_path)
    if not path.exists():
        raise ScenarioChanged(
            f"{session_path}: the scenario file {path} is gone; "
            "resume with --use-stored to continue on the copy kept in the session file"
        )
    loaded = load_scenario(path)
    if loaded.digest != meta.scenario_digest:
        raise ScenarioChanged(
            f"{session_path}: the scenario ({path}) or its playbooks changed since this session was recorded. "
            "Resume with --use-stored to continue on the copy kept in the session file, "
            "or restore the original files."
        )
    return loaded


def load_stored_scenario(meta: SessionMeta) -> LoadedScenario:
    """Load the copy of the scenario and playbooks kept inside the session file."""
    names = list(meta.files)
    if not names or not all(isinstance(meta.files[n], str) for n in names):
        raise StoreError("the session file holds no copy of its scenario (damaged); it was not modified")
    with tempfile.TemporaryDirectory(prefix="tabletop-") as folder:
        root = Path(folder)
        (root / "scenarios").mkdir()
        (root / "playbooks").mkdir()
        for i, name in enumerate(names):
            target = root / ("scenarios" if i == 0 else "playbooks") / Path(name).name
            target.write_text(meta.files[name], encoding="utf-8")
        return load_scenario(root / "scenarios" / Path(names[0]).name)


def _mismatch(path: str, seq: int, stored: list[str], replayed: list[str]) -> str:
    for i in range(max(len(stored), len(replayed))):
        left = stored[i] if i < len(stored) else "(nothing)"
        right = replayed[i] if i < len(replayed) else "(nothing)"
        if left != right:
            return (
                f"{path}: replaying command #{seq} gives different events than were recorded "
                f"(event {i + 1}: recorded {left}, replayed {right}). The scenario changed since this "
                "session was recorded; resume with --use-stored to continue on the recorded copy."
            )
    return f"{path}: replaying command #{seq} gives different events than were recorded"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
