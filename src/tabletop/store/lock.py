"""One console per session: an exclusive lock beside a session file while it is open for writing.

`<session>.lock` (owner-only) is locked with `flock(LOCK_EX | LOCK_NB)`. The kernel drops
the lock when its holder ends, however it ends, so a lock file left behind by a crash or a
SIGKILL never blocks anyone: its content (pid, host, since when) only says who holds it, for
the message a second writer gets. Readers take no lock; SQLite lets them read alongside.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
from datetime import datetime
from pathlib import Path

from tabletop.store.base import StoreError
from tabletop.store.files import PRIVATE, lock_path


class SessionLock:
    """Held from `acquire` until `release` (or until the process ends)."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, session: Path) -> SessionLock:
        """Lock `session` for this process, or say who holds it (StoreError)."""
        path = lock_path(session)
        while True:
            fd = _open(session, path)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fd)
                os.close(fd)
                raise StoreError(f"{session}: open in another console{holder}; close it first") from None
            if _still_at(fd, path):
                break
            os.close(fd)  # its holder removed the file between our open and our lock: lock the new one
        now = datetime.now().astimezone().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": now}).encode(), 0)
        return cls(path, fd)

    def release(self) -> None:
        """Remove the lock file (while still holding it, so no one locks a file about to vanish)."""
        if self._fd is None:
            return
        try:
            if _still_at(self._fd, self.path):
                self.path.unlink()
        finally:
            os.close(self._fd)
            self._fd = None


def _open(session: Path, path: Path) -> int:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, PRIVATE)
    except OSError as exc:
        why = "it is a symbolic link" if exc.errno == errno.ELOOP else (exc.strerror or str(exc))
        raise StoreError(
            f"{session}: cannot be opened for writing: its lock file {path} cannot be opened ({why})"
        ) from None
    info = os.fstat(fd)
    if info.st_uid == os.geteuid() and info.st_mode & 0o077:
        os.fchmod(fd, PRIVATE)
    return fd


def _still_at(fd: int, path: Path) -> bool:
    try:
        here = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino)


def _holder(fd: int) -> str:
    """' since 10:42 (pid 1234 on host)' from a held lock file; '' if it says nothing usable yet."""
    try:
        data = json.loads(os.pread(fd, 4096, 0))
        since = datetime.fromisoformat(data["since"]).astimezone()
        pid, host = int(data["pid"]), str(data["host"])
    except (ValueError, KeyError, TypeError):
        return ""  # written a moment after locking; a second writer may read it before that
    when = since.strftime("%H:%M") if since.date() == datetime.now().astimezone().date() else f"{since:%Y-%m-%d %H:%M}"
    return f" since {when} (pid {pid} on {host})"
