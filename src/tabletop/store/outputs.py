"""Files written where a user says (reports, schemas): never over anything that is not ours.

One guard for every command that writes a file a user names (`report -o`, `schema -o`,
`schema --reference`, `graph -o`, `pack -o`) and for the console's end-of-exercise report. It refuses, leaving the
file as it was:

- a session file, its `-wal`, `-shm`, `-journal` or `.lock` (so an acknowledged command can
  never be destroyed by a typo), and any SQLite database or a companion of one;
- a scenario or playbook (`.yaml`, `.yml`);
- a symlink, a folder, a device, a pipe or a socket;
- any other existing file, unless tabletop wrote it as the same kind of output earlier: a
  report (Markdown, HTML, PDF) ends with a mark saying so, a JSON report or schema is known by
  its shape, a document with a generated reference by its markers.

It lives in the store layer because the console (tui) and the CLI both write reports beside
a session, and what belongs to a session file is the store's knowledge. Writes are atomic:
a temporary file beside the target, then `os.replace`, so a crash leaves the old file or
the new one, never half of one. Outputs are not secret: they get the usual mode (umask).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tabletop.errors import TabletopError
from tabletop.model.reference import END, START
from tabletop.store.files import LOCK_SUFFIX, SQLITE_COMPANIONS, companions, write_atomically
from tabletop.store.sqlite import SQLITE_HEADER, is_database

MARK = "written by tabletop, which may replace this file with a newer one"
_TAIL = 512  # how much of an existing file's end is read to find the mark
_LARGEST_JSON = 64 * 1024 * 1024


class OutputRefused(TabletopError):
    """An output file that tabletop will not write (or could not)."""

    title = "output file"


@dataclass(frozen=True)
class Output:
    """A kind of file tabletop writes, and how it recognises an earlier one of its own."""

    what: str
    """For messages: 'a report', 'a JSON Schema'."""
    trailer: bytes
    """Appended to what is written: the mark, as a comment in the format's own syntax."""
    recognise: Callable[[bytes], bool]
    """Whether an existing file's content is an earlier output of this kind."""


def _marked(content: bytes) -> bool:
    return MARK.encode() in content[-_TAIL:]


def _json_object(content: bytes) -> dict:
    if len(content) > _LARGEST_JSON:
        return {}
    try:
        data = json.loads(content)
    except (ValueError, RecursionError):  # not JSON, or nested too deep to be ours
        return {}
    return data if isinstance(data, dict) else {}


def _report(content: bytes) -> bool:
    data = _json_object(content) if content[:1] == b"{" else {}
    return _marked(content) or {"format", "language", "overview", "evaluation"} <= data.keys()


def _schema(content: bytes) -> bool:
    data = _json_object(content)
    return str(data.get("$schema", "")).startswith("https://json-schema.org/") and data.get("title") in (
        "Scenario",
        "Playbook",
        "DecisionScript",
        "ExerciseFile",
        "PlanFile",
    )


def _reference(content: bytes) -> bool:
    return START.encode() in content and END.encode() in content


REPORT = Output("a report", b"", _report)
"""Any report, to check a target before its format is known; write with the format's own below."""
REPORT_MARKDOWN = Output("a report", f"\n<!-- {MARK} -->\n".encode(), _report)
REPORT_HTML = Output("a report", f"\n<!-- {MARK} -->\n".encode(), _report)
REPORT_PDF = Output("a report", f"\n% {MARK}\n".encode(), _report)  # a comment after %%EOF
REPORT_JSON = Output("a report", b"", _report)
SCHEMA = Output("a JSON Schema", b"", _schema)
REFERENCE = Output("a document with a field reference", b"", _reference)

REPORTS = {"md": REPORT_MARKDOWN, "html": REPORT_HTML, "pdf": REPORT_PDF, "json": REPORT_JSON}
DRAWINGS = {
    "svg": Output("a drawing", f"\n<!-- {MARK} -->\n".encode(), _marked),
    "html": Output("a drawing", f"\n<!-- {MARK} -->\n".encode(), _marked),
    "dot": Output("a drawing", f"\n// {MARK}\n".encode(), _marked),
}
"""`tabletop graph`'s outputs, marked in each format's comment syntax."""
PACK = {
    "html": Output("an exercise document", f"\n<!-- {MARK} -->\n".encode(), _marked),
    "pdf": Output("an exercise document", f"\n% {MARK}\n".encode(), _marked),
}
"""`tabletop pack`'s documents (situation manual, handbook, inject cards, feedback form)."""


def write_output(target: Path, data: bytes | str, kind: Output, *, sessions: Iterable[Path] = ()) -> None:
    """Write `data` (and the kind's mark) to `target` atomically, if `check_output` allows it."""
    check_output(target, kind, sessions=sessions)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        write_atomically(target, data + kind.trailer)
    except OSError as exc:
        raise OutputRefused(f"cannot write {target}: {exc.strerror or exc}") from None


def check_output(target: Path, kind: Output, *, sessions: Iterable[Path] = ()) -> None:
    """Refuse (OutputRefused) a target that is not ours to write; see the module's docstring."""
    for session in sessions:
        if _same(target, session):
            raise OutputRefused(f"{target}: that is the session file itself; choose another output file")
        if any(_same(target, companion) for companion in companions(session)):
            raise OutputRefused(
                f"{target}: that file is part of the session {session} (it may hold its latest commands); "
                "choose another output file"
            )
    for suffix in (*SQLITE_COMPANIONS, LOCK_SUFFIX):
        database = target.with_name(target.name.removesuffix(suffix))
        if target.name.endswith(suffix) and is_database(database):
            raise OutputRefused(
                f"{target}: that file is part of the database {database} (perhaps a session); "
                "choose another output file"
            )
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputRefused(f"cannot write {target}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise OutputRefused(f"{target}: is a symbolic link; tabletop does not write through one; name the file itself")
    if stat.S_ISDIR(info.st_mode):
        raise OutputRefused(f"{target}: is a folder; name a file")
    if not stat.S_ISREG(info.st_mode):
        raise OutputRefused(f"{target}: is not a regular file (a device, pipe or socket); name a file")
    content = _read(target)
    if content.startswith(SQLITE_HEADER):
        raise OutputRefused(f"{target}: is a database (perhaps a session); choose another output file")
    if target.suffix.lower() in (".yaml", ".yml"):
        raise OutputRefused(f"{target}: is a YAML file (a scenario or playbook?); choose another output file")
    if not kind.recognise(content):
        raise OutputRefused(
            f"{target}: already exists and is not {kind.what} tabletop wrote; "
            "choose another name, or remove the file first"
        )


def _same(a: Path, b: Path) -> bool:
    return os.path.abspath(a) == os.path.abspath(b) or (a.exists() and b.exists() and os.path.samefile(a, b))


def _read(path: Path) -> bytes:
    """The whole file, or (past the size of any JSON we would parse) its head and its tail."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size <= _LARGEST_JSON:
                return handle.read()
            head = handle.read(len(SQLITE_HEADER))
            handle.seek(size - _TAIL)
            return head + handle.read()
    except OSError as exc:
        raise OutputRefused(f"cannot write {path}: {exc.strerror or exc}") from None
