"""A session: a scenario, its engine and its store. Commands in, events out, nothing lost.

`submit` runs a command through the engine, writes the command and its events to the
store in one durable transaction, and only then returns the events. `resume` rebuilds a
session from its file by replaying the commands and checking the replayed events against
the stored ones (`replay`), which is how a changed scenario file, or a damaged or edited
session file, is noticed.
"""

from __future__ import annotations

import base64
import gc
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tabletop import __version__
from tabletop.engine import (
    COMMAND_ADAPTER,
    CommandRefused,
    Engine,
    Event,
    MalformedEvent,
    compile_scenario,
    parse_event,
)
from tabletop.engine.commands import parse_stored
from tabletop.errors import TabletopError
from tabletop.loader import LoadedScenario, load_scenario
from tabletop.session.encoding import encode, encode_events
from tabletop.store import SessionMeta, SessionStore, SQLiteStore, StoreError


class ScenarioChanged(TabletopError):
    """The scenario file is not the one the session was played on."""

    title = "scenario changed"


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a replay without CPython's cyclic garbage collector, which it would only slow down.

    A replay creates 1,000,000s of objects that stay (the events) and next to no cycles, and
    the collector walks the ever larger heap of survivors again and again: 2.4 s of a 17 s
    resume of 1,000,000 commands. One collection at the end settles them in the oldest
    generation, which the collector visits rarely.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


class Session:
    """One run of a scenario. Use `create` or `resume`; talk to it with `submit`."""

    def __init__(self, loaded: LoadedScenario, store: SessionStore, engine: Engine, stored_copy: bool = False) -> None:
        self.loaded = loaded
        self.store = store
        self.engine = engine
        self.stored_copy = stored_copy
        """Played on the scenario copy kept in the session file (`--use-stored`)."""
        self.events: list[Event] = []
        """Every event so far, in order (what consoles render); none from before a resume
        that did not keep them."""

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
            created_at=now(),
            files=loaded.texts,
            attachments=encode_attachments(loaded.attachments),
        )
        store = SQLiteStore.create(session_path, meta)
        return cls(loaded, store, Engine(compile_loaded(loaded), seed))

    @classmethod
    def resume(
        cls,
        session_path: Path | str,
        *,
        scenario_path: Path | str | None = None,
        use_stored: bool = False,
        writable: bool = True,
        keep_events: bool = True,
    ) -> Session:
        """Rebuild a session from its file, exactly as it stood.

        The scenario is read from where it was (or `scenario_path`); if its text changed
        since the session was recorded, ScenarioChanged says so, unless `use_stored` asks
        to continue on the copy kept inside the session file. A fork always continues on that
        copy (it was made from it) unless `scenario_path` names a file. Without `keep_events`, every
        stored event is still checked but none is kept in `events` (where the session stands
        is the engine's state; 1,500,000 events take 250 MB).
        """
        store = SQLiteStore.open(session_path, writable=writable)
        try:
            meta = store.meta()
            use_stored = use_stored or bool(meta.fork and scenario_path is None)
            loaded = load_stored_scenario(meta) if use_stored else _current_scenario(meta, scenario_path, session_path)
            engine = Engine(compile_loaded(loaded), meta.seed)
            session = cls(loaded, store, engine, stored_copy=use_stored)
            session._replay(keep_events)
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
                encode(command.model_dump(mode="json", by_alias=True, exclude_defaults=False)),
                encode_events(events),
                now(),
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

    def _replay(self, keep_events: bool = True) -> None:
        keep = self.events.extend
        with collector_paused():
            for _, events in replay(self.engine, self.store.rows(), self.store.path, stored_copy=self.stored_copy):
                if keep_events:
                    keep(events)


def replay(
    engine: Engine, rows: Iterable[Sequence[Any]], path: str, *, stored_copy: bool
) -> Iterator[tuple[Any, list[Event]]]:
    """Apply every stored command to `engine`, checking each row as it goes; yield it with its events.

    `rows` are the store's, in order: each starts with the command's seq, its JSON and its
    events' JSON (`store.rows()`, or `store.records()` to keep the wall time too).

    A row that is not what tabletop writes (a missing command, a command or event that is not
    its JSON form) is a StoreError. Replayed events that differ from the stored ones, or a
    command refused on replay, mean the scenario changed (ScenarioChanged) or, when replaying
    on the copy stored in the file (`stored_copy`), that the file was edited (StoreError).

    Every stored event is checked: when it equals, byte for byte, the JSON of the event the
    replay made, it is that event; only when they differ are the stored rows parsed, to tell
    a damaged row from a changed scenario. This loop is most of what a resume costs
    (1,000,000s of rows): it does per row only what the check needs, and parses a command
    text it just parsed (the console's clock ticks: `advance by 30`) only once; commands are
    frozen models, which the engine only reads.
    """
    apply, parse = engine.apply, lru_cache(maxsize=64)(parse_stored)
    for expected, row in enumerate(rows, start=1):
        seq, text, stored = row[0], row[1], row[2]
        if seq != expected:
            raise StoreError(
                f"{path}: command #{expected} is missing from the session file (damaged); it was not modified"
            )
        try:
            command = parse(text)
        except ValidationError as exc:
            raise _damaged_command(exc, f"{path}: command #{seq}") from None
        try:
            events = apply(command)
        except CommandRefused as exc:
            where = f"{path}: command #{seq}"
            _check_events(stored, where)
            raise _differs(stored_copy, f"{where} ({command.kind}) is refused on replay: {exc}") from None
        replayed = encode_events(events)
        if replayed != stored:
            where = f"{path}: command #{seq}"
            _check_events(stored, where)
            raise _differs(stored_copy, _mismatch(where, stored, replayed))
        yield row, events


def parse_command(data: Any, where: str = "command") -> Any:
    """A command from its JSON form; a TabletopError (not a crash) when it is malformed."""
    try:
        return COMMAND_ADAPTER.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        location = ".".join(str(p) for p in first["loc"])
        raise TabletopError(f"{where}: invalid command ({location}: {first['msg']})") from None


def _damaged_command(exc: ValidationError, where: str) -> TabletopError:
    """A stored command that `parse_stored` refused: a damaged row is a StoreError."""
    first = exc.errors()[0]
    if first["type"] == "json_invalid":
        return StoreError(f"{where} is damaged (not JSON); the session file was not modified")
    location = ".".join(str(p) for p in first["loc"])
    return TabletopError(f"{where}: invalid command ({location}: {first['msg']})")


def _current_scenario(meta: SessionMeta, scenario_path: Path | str | None, session_path: Path | str) -> LoadedScenario:
    path = Path(scenario_path or meta.scenario_path)
    if not path.exists():
        raise ScenarioChanged(
            f"{session_path}: the scenario file {path} is gone; "
            "resume with --use-stored to continue on the copy kept in the session file"
        )
    loaded = load_scenario(path, attachments=stored_attachments(meta))
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
        return load_scenario(root / "scenarios" / Path(names[0]).name, attachments=stored_attachments(meta))


# -- attachments: kept in the session file, so it stays one self-contained file -------------


def compile_loaded(loaded: LoadedScenario) -> Any:
    """The engine's form of a loaded scenario, its attached files included."""
    return compile_scenario(loaded.scenario, loaded.playbooks, loaded.attachments)


def encode_attachments(attachments: dict[str, bytes]) -> dict[str, str]:
    return {name: base64.b64encode(data).decode("ascii") for name, data in attachments.items()}


def stored_attachments(meta: SessionMeta) -> dict[str, bytes]:
    """The attached files kept in a session file (read instead of the files on disk)."""
    stored = meta.attachments
    try:
        if not isinstance(stored, dict):
            raise ValueError(type(stored).__name__)
        return {str(name): base64.b64decode(data, validate=True) for name, data in stored.items()}
    except (ValueError, TypeError) as exc:
        raise StoreError(
            f"the session file's copy of its attachments is damaged ({exc}); it was not modified"
        ) from None


def _json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise StoreError(f"{where} is damaged (not JSON); the session file was not modified") from None


def _check_events(stored: list[str], where: str) -> None:
    """StoreError at the first stored event that is not the JSON form of an event."""
    for index, text in enumerate(stored, start=1):
        try:
            parse_event(_json(text, f"{where}, event {index}"))
        except MalformedEvent as exc:
            raise StoreError(f"{where}, event {index} is damaged ({exc}); the session file was not modified") from None


def _mismatch(where: str, stored: list[str], replayed: list[str]) -> str:
    i = next(i for i in range(max(len(stored), len(replayed))) if stored[i : i + 1] != replayed[i : i + 1])
    left = _clip(stored[i]) if i < len(stored) else "(nothing)"
    right = _clip(replayed[i]) if i < len(replayed) else "(nothing)"
    return f"{where}: replaying it gives different events than were recorded (event {i + 1}: recorded {left}, replayed {right})"


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _differs(stored_copy: bool, what: str) -> TabletopError:
    if stored_copy:
        return StoreError(
            f"{what}. The session's own copy of its scenario was replayed, so the session file was edited "
            "or damaged; it was not modified"
        )
    return ScenarioChanged(
        f"{what}. Either the scenario is not the one this session was played on (resume with --use-stored "
        "to continue on the recorded copy), or the session file was edited"
    )


def now() -> str:
    """Wall time as the store records it (never read by the engine)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")
