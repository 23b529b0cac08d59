"""A session file on disk, and the files beside it: owner-only from the moment they exist.

A session file holds every team's key and the hosting (TLS) private key. It is created
0600 before SQLite opens it; SQLite gives its `-wal`, `-shm` and `-journal` the database
file's permission bits, so they are born 0600 too, and so is the `.lock`. A writable reopen
tightens any of them that an older version (or a copy) left readable by others.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from tabletop.store.base import StoreError

SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
"""Suffixes of the files SQLite keeps beside a database (part of it while it is open)."""
LOCK_SUFFIX = ".lock"
PRIVATE = 0o600


def lock_path(session: Path) -> Path:
    return session.with_name(session.name + LOCK_SUFFIX)


def companions(session: Path) -> list[Path]:
    """The files beside a session that belong to it: SQLite's and the console lock."""
    return [session.with_name(session.name + suffix) for suffix in (*SQLITE_COMPANIONS, LOCK_SUFFIX)]


def create_private(path: Path) -> None:
    """Create `path` empty and owner-only; anything already there (a symlink too) is an error."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, PRIVATE)
    except FileExistsError:
        raise StoreError(
            f"{path}: already exists; choose another name (an existing session is never overwritten)"
        ) from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the session file: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, PRIVATE)  # exactly 0600, whatever the umask
    finally:
        os.close(fd)


def make_private(session: Path) -> None:
    """Tighten a session and its companions to 0600 where they are ours and others may read them.

    Files of another owner, symlinks and anything not a regular file are left as they are.
    """
    for path in (session, *companions(session)):
        try:
            info = os.stat(path, follow_symlinks=False)
        except FileNotFoundError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid() and info.st_mode & 0o077:
            try:
                os.chmod(path, PRIVATE)
            except OSError as exc:
                raise StoreError(f"{path}: readable by others and cannot be made private: {exc.strerror}") from None


def write_atomically(target: Path, data: bytes, mode: int = 0o666) -> None:
    """Put `data` at `target` all at once, so a reader (or a crash) sees the old file or the new one.

    The data goes to a new file beside `target` (created exclusively, never through a link),
    is flushed to disk, then renamed over `target`. An owner-only `mode` is applied exactly,
    whatever the umask; any other goes through the umask as usual. Raises OSError; the
    temporary file never stays behind.
    """
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode == PRIVATE:
                os.fchmod(handle.fileno(), PRIVATE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
