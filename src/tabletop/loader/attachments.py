"""Attachments: files beside a scenario that its injects deliver, read once, with limits.

A path is relative to the scenario's folder and must stay inside it: not absolute, no `..`,
no link that leads out. What was read is kept in the session file, so a session replays and
shows its attachments wherever the files have gone since (`stored`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from tabletop.errors import did_you_mean
from tabletop.model import Scenario

MAX_BYTES = 1024 * 1024
"""Largest attachment: what a trainee's terminal receives must stay small."""
MAX_TOTAL_BYTES = 3 * 1024 * 1024
"""All of a scenario's attachments together: a team's view carries those it received, and
must stay well under what a terminal accepts in one message (8 MiB) once written as JSON."""

Location = tuple[str | int, ...]


def attachment_files(scenario: Scenario) -> Iterator[tuple[Location, str]]:
    """Each attachment's location in the file and its path as written."""
    for i, inject in enumerate(scenario.injects):
        for j, attachment in enumerate(inject.attachments):
            yield ("injects", i, "attachments", j, "file"), attachment.file


def read_attachments(
    scenario: Scenario, folder: Path, stored: Mapping[str, bytes] | None = None
) -> tuple[dict[str, bytes], list[tuple[Location, str]]]:
    """The content of every attachment by its path as written, and the problems found.

    A file in `stored` (a session's copy) is taken from there, not from disk; one that is
    not (the scenario changed since) is read from disk, so the digest tells the change.
    """
    contents: dict[str, bytes] = {}
    problems: list[tuple[Location, str]] = []
    total = 0
    for where, name in attachment_files(scenario):
        if name in contents:
            continue
        data: bytes | None = None
        problem = unsafe_path(name)
        if problem is None:
            if stored is not None and name in stored:
                data = stored[name]
            else:
                data, problem = _read(folder, name)
        if problem is not None or data is None:
            problems.append((where, problem or ""))
            continue
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            problems.append((where, f"the attachments add up to more than {_size(MAX_TOTAL_BYTES)} with this one"))
            continue
        contents[name] = data
    return contents, problems


def unsafe_path(name: str) -> str | None:
    """Why a path as written could leave the scenario's folder, or None."""
    if "\\" in name:
        return f"write the attachment's path with '/', not '\\': {name}"
    path = PurePosixPath(name)
    if path.is_absolute() or (len(name) > 1 and name[1] == ":"):
        return f"an attachment's path is relative to the scenario's folder, not absolute: {name}"
    if ".." in path.parts:
        return f"'..' would leave the scenario's folder; keep attachments in it or below it: {name}"
    return None


def _read(folder: Path, name: str) -> tuple[bytes | None, str | None]:
    root = folder.resolve()
    path = folder / name
    if not path.exists() and not path.is_symlink():
        nearby = sorted(p.name for p in path.parent.iterdir()) if path.parent.is_dir() else []
        return None, f"attachment not found: {name} (looked in {root}){did_you_mean(path.name, nearby)}"
    resolved = path.resolve()
    if not resolved.is_relative_to(root):
        return None, f"{name} is a link to {resolved}, outside the scenario's folder; copy the file into it"
    if not resolved.is_file():
        return None, f"{name} is not a file"
    size = resolved.stat().st_size
    if size > MAX_BYTES:
        return None, f"{name} is {_size(size)}; an attachment is at most {_size(MAX_BYTES)}"
    try:
        data = resolved.read_bytes()
    except OSError as exc:
        return None, f"cannot read {name}: {exc.strerror or exc}"
    if len(data) > MAX_BYTES:  # it grew since stat
        return None, f"{name} is {_size(len(data))}; an attachment is at most {_size(MAX_BYTES)}"
    return data, None


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB" if count >= 1024 * 1024 else f"{count / 1024:.0f} KB"
