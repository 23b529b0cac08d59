"""Join strings: where the session is, which team, the team's key, and the server's pin.

    tabletop://127.0.0.1:8765/csirt_cell?key=k7q2m4x9p1r8t6w3&pin=ab3d...

The pin is a digest of the server's certificate: the client refuses a server that does not
present that certificate, so a join string cannot be redirected to an impostor.
"""

from __future__ import annotations

import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from tabletop.errors import TabletopError

SCHEME = "tabletop"


@dataclass(frozen=True)
class Join:
    host: str
    port: int
    team: str
    key: str
    pin: str

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{SCHEME}://{host}:{self.port}/{self.team}?{urlencode({'key': self.key, 'pin': self.pin})}"

    @property
    def uri(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"wss://{host}:{self.port}/"


def parse_join(text: str) -> Join:
    """A Join from its string; a TabletopError naming what is missing or malformed.

    A join string holds no spaces, so any whitespace is dropped: copied from a console where
    it wrapped, it may come with line breaks.
    """
    text = "".join(text.split())
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError as exc:
        raise TabletopError(f"the join string is malformed ({exc}); ask the facilitator for it again") from None
    if parts.scheme != SCHEME:
        raise TabletopError(f"a join string starts with {SCHEME}://, got {text[:30]!r}")
    try:
        port = parts.port
    except ValueError:
        raise TabletopError("the join string's port is not a number from 1 to 65535") from None
    query = parse_qs(parts.query)
    team = parts.path.strip("/")
    key = (query.get("key") or [""])[0]
    pin = (query.get("pin") or [""])[0]
    missing = [
        name
        for name, value in (("host", host), ("port", port), ("team", team), ("key", key), ("pin", pin))
        if not value
    ]
    if missing:
        raise TabletopError(f"the join string lacks its {', '.join(missing)}; ask the facilitator for it again")
    return Join(host or "", port or 0, team, key, pin)


def parse_listen(text: str) -> tuple[str, int]:
    """`8765`, `:8765`, `HOST:8765` or `[::1]:8765` → (host, port); loopback by default."""
    host, _, port = text.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    try:
        number = int(port)
    except ValueError:
        raise TabletopError(f"--listen takes [HOST:]PORT, got {text!r}") from None
    if not 0 < number < 65536:
        raise TabletopError(f"port {number} is out of range (1-65535)")
    return host, number


def save_join_strings(path: Path | str, joins: Iterable[tuple[str, str]]) -> None:
    """Write `team<TAB>join string` lines to `path`, readable by its owner only, all at once.

    The text goes to a new file in the same folder, created 0600 (never through a link), is
    flushed to disk and then renamed over `path`, so a reader sees the old file or the new
    one, and a file that was readable by others is replaced, not reused. A `path` that is a
    symbolic link or not a regular file is refused (TabletopError) and left as it is.
    """
    path = Path(path)
    try:
        existing = path.lstat()
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise TabletopError(f"{path}: cannot check it ({exc.strerror or exc})") from None
    if existing is not None and stat.S_ISLNK(existing.st_mode):
        raise TabletopError(f"{path} is a symbolic link; it was left alone (remove it to save the join strings)")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise TabletopError(f"{path} is not a regular file; it was left alone")
    from tabletop.store.files import PRIVATE, write_atomically  # not for `join --help`: it loads SQLite

    text = "".join(f"{team}\t{join}\n" for team, join in joins)
    try:
        write_atomically(path, text.encode("utf-8"), PRIVATE)
    except OSError as exc:
        raise TabletopError(f"{path}: cannot write the join strings ({exc.strerror or exc})") from None
