"""Forks: a new session that starts from a point of a played one, for "what if we had…?".

A fork's log is its parent's commands up to the fork point, replayed and checked on the
scenario copy kept in the parent, then whatever is played on. The parent is only read.
The point is a scenario time (everything done before it, the clock moved on to it) or a
command number (everything before that command); `history_until` gives the engine as it
stood there, which the debrief replay and the odds from a point also start from.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tabletop import __version__
from tabletop.engine import Engine
from tabletop.engine.commands import Advance, parse_stored
from tabletop.errors import TabletopError
from tabletop.loader import LoadedScenario
from tabletop.model.base import format_time
from tabletop.session.record import read_session
from tabletop.session.session import Session, compile_loaded, now
from tabletop.store import SessionMeta, SQLiteStore
from tabletop.store.files import companions


class ForkRefused(TabletopError):
    """A fork point that is not in the session (after its end, before its start, no such command)."""

    title = "fork"


@dataclass(frozen=True)
class History:
    """A played session as it stood at a point: its engine there and the commands that led to it."""

    path: str
    meta: SessionMeta
    loaded: LoadedScenario
    engine: Engine
    """The engine after `commands`; yours to play on (it is not shared)."""
    commands: list[Any]
    """The commands kept, in order; the last may be the parent's clock move cut at the point."""
    kept: int
    """How many of the parent's commands are kept whole."""
    total: int
    """How many commands the parent has."""
    at: int | None
    """The scenario time asked for (None: cut by command number)."""


def history_until(path: Path | str, *, at: int | None = None, before_command: int | None = None) -> History:
    """The session in `path` replayed up to a point (checked on the way), as it stood there.

    `at` (scenario seconds): every command given while the clock was before `at`; a clock
    move that crosses `at` is cut to end there, and a clock that stopped short is moved on to
    it. `before_command` N: commands 1 … N-1. Both: whichever comes first (the clock is moved on
    to `at` only when the time cut comes first). Neither: all.
    """
    record = read_session(path)
    commands = [parse_stored(text) for _, text, *_ in record.records]  # as recorded: checked by the read
    total = len(commands)
    if before_command is not None and not 1 <= before_command <= total + 1:
        raise ForkRefused(f"{path}: there is no command #{before_command}: the session has {total} (1 … {total})")
    limit = total if before_command is None else before_command - 1
    if at is not None and at > record.loaded.scenario.clock.duration:
        raise ForkRefused(
            f"{path}: {format_time(at)} is after the exercise's last minute ({format_time(record.loaded.scenario.clock.duration)})"
        )
    engine = Engine(compile_loaded(record.loaded), record.meta.seed)
    kept: list[Any] = []
    for command in commands[:limit]:
        if (
            at is not None
            and engine.started
            and (engine.now >= at or (isinstance(command, Advance) and _target(engine, command) > at))
        ):
            break
        engine.apply(command)
        kept.append(command)
    whole = len(kept)
    if at is not None and (whole < limit or limit == total):  # the time came first, or the session ran out
        _move_clock_to(engine, kept, at, path)
    return History(str(path), record.meta, record.loaded, engine, kept, whole, total, at)


def fork_session(
    parent: Path | str, new: Path | str, *, at: int | None = None, before_command: int | None = None
) -> Session:
    """Write a new session file `new` that starts as `parent` stood at the point; return it, open.

    The fork plays on the parent's own scenario copy (as `resume --use-stored` would), is
    recorded now (compare lists it after its parent), keeps its seed (so chance draws agree up to the point) and records its parent, fork point and
    how many commands the parent had (`parent_commands`). If writing fails, no file is left.
    """
    if Path(new).resolve() == Path(parent).resolve():
        raise ForkRefused(f"{new}: a fork is a new file; the parent is never written")
    history = history_until(parent, at=at, before_command=before_command)
    meta = replace(
        history.meta,
        created_at=now(),
        tabletop_version=__version__,
        fork={
            "parent": str(Path(parent).resolve()),
            "parent_created_at": history.meta.created_at,
            "commands": history.kept,
            "parent_commands": history.total,
            "at": at,
            "before_command": before_command,
        },
    )
    store = SQLiteStore.create(new, meta)
    session = Session(history.loaded, store, Engine(history.engine.compiled, meta.seed), stored_copy=True)
    try:
        for command in history.commands:
            session.submit(command)
    except BaseException:
        session.close()
        for path in (Path(new), *companions(Path(new))):
            path.unlink(missing_ok=True)
        raise
    return session


def _target(engine: Engine, command: Advance) -> int:
    if command.to is not None:
        return command.to
    if command.by is not None:
        return engine.now + command.by
    due = engine.queue.peek_time()
    return engine.now if due is None else due


def _move_clock_to(engine: Engine, kept: list[Any], at: int, path: Path | str) -> None:
    """Move the clock on to `at`; a ForkRefused if the exercise had not started or ended before it."""
    if engine.now >= at:
        return
    if not engine.started:
        raise ForkRefused(f"{path}: the exercise had not started by {format_time(at)}; choose a point after its start")
    if not engine.ended:
        command = Advance(to=at)
        engine.apply(command)  # the clock stops early if the exercise ends on the way
        kept.append(command)
    if engine.ended and engine.now < at:
        raise ForkRefused(
            f"{path}: the exercise ended at {format_time(engine.now)}, before {format_time(at)}; choose an earlier time"
        )
