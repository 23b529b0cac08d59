"""Safe YAML with a position for every node, duplicate-key errors and resource limits.

The file is read once: libyaml's event parser feeds `yaml_events.build`, which makes plain
dicts and lists and records where each value and key came from, so that any later problem
can be reported as `file:line:col`. The limits live there too (nesting depth, nodes added
by aliases, nodes in the file) and the file size is checked here, before reading, so
hostile input fails fast and cheaply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tabletop.errors import Problem, ValidationFailed
from tabletop.loader.positions import Location, MarkView, PlainScalars, Positions, unpack
from tabletop.loader.yaml_events import MAX_DEPTH, OFFSETS_IN_BYTES, Refused, build

__all__ = ["MAX_FILE_BYTES", "Location", "Source", "load_source", "parse_source", "read_text"]

MAX_FILE_BYTES = 16 * 1024 * 1024
_CONTENT = re.compile(r"^[^\S\n]*[^\s#]", re.MULTILINE)
"""The first line that is neither blank nor a comment."""


@dataclass
class Source:
    """A parsed YAML file: plain data plus where every value and key sits in the text."""

    path: str
    data: Any
    text: str
    positions: Positions = field(default_factory=Positions, repr=False)

    @property
    def value_marks(self) -> MarkView:
        """1-based (line, column) of the value at a location."""
        return MarkView(self.positions, self.data, keys=False)

    @property
    def key_marks(self) -> MarkView:
        """1-based (line, column) of the key that names a location."""
        return MarkView(self.positions, self.data, keys=True)

    @property
    def plain_scalars(self) -> PlainScalars:
        """The locations of values written without quotes."""
        return PlainScalars(self.positions, self.data)

    def locate(self, loc: Location, *, key: bool = False) -> tuple[int, int] | None:
        """1-based (line, column) of `loc`; its key if `key`; else the nearest ancestor's."""
        loc = tuple(loc)
        while True:
            found = self.positions.find(self.data, loc)
            if found is not None:
                key_position, value_position = found
                return unpack(key_position if key and key_position is not None else value_position)
            if not loc:
                return None
            loc, key = loc[:-1], True

    def problem(self, loc: Location, message: str, *, key: bool = False) -> Problem:
        where = self.locate(loc, key=key)
        line, column = where if where else (None, None)
        return Problem(self.path, line, column, message)


def read_text(path: Path) -> str:
    """The file's text, or a ValidationFailed saying plainly why it cannot be read."""
    name = str(path)
    try:
        if path.exists() and not path.is_file():
            raise _fail(name, None, None, "not a regular file (a folder, device or pipe cannot be read as YAML)")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _fail(name, None, None, f"file is too large ({size:,} bytes; limit {MAX_FILE_BYTES:,})")
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(name, None, None, f"cannot read file: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(
            name, line, column, f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        ) from None


def load_source(path: Path) -> Source:
    return parse_source(read_text(path), str(path))


def parse_source(text: str, name: str) -> Source:
    """Parse one YAML document into a Source; raise ValidationFailed with every problem."""
    if len(text) > MAX_FILE_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise _fail(name, None, None, f"file is too large (limit {MAX_FILE_BYTES:,} bytes)")
    if not _CONTENT.search(text):
        raise _fail(name, 1, 1, "file is empty; expected a mapping such as 'id: my-scenario'")
    try:
        data, positions, problems = build(text)
    except Refused as exc:
        raise _fail(name, *_at(exc.position), exc.message) from None
    except yaml.MarkedYAMLError as exc:
        raise _fail(name, *_mark(exc.problem_mark or exc.context_mark), _syntax_message(exc, text)) from None
    except yaml.reader.ReaderError as exc:
        index = _character_index(text, exc.position)
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        message = f"control character #x{exc.character:04x} is not allowed in YAML; remove it"
        raise _fail(name, line, column, message) from None
    except yaml.YAMLError as exc:
        raise _fail(name, None, None, f"cannot parse YAML: {exc}") from None
    if not positions.marks:
        raise _fail(name, 1, 1, "file is empty; expected a mapping such as 'id: my-scenario'")
    if problems:
        found = [Problem(name, *unpack(position), message) for position, message in sorted(problems)]
        raise ValidationFailed(f"{name}: invalid YAML", found)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise _fail(name, *_at(positions.marks[0]), f"expected a mapping of keys at the top level, found {kind}")
    return Source(name, data, text, positions)


def _character_index(text: str, offset: int) -> int:
    """libyaml counts UTF-8 bytes; the text counts characters."""
    if not OFFSETS_IN_BYTES or text.isascii():
        return offset
    return len(text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore"))


def _at(position: int | None) -> tuple[int | None, int | None]:
    return unpack(position) if position is not None else (None, None)


def _mark(mark: Any) -> tuple[int | None, int | None]:
    if mark is None:
        return None, None
    return mark.line + 1, mark.column + 1


def _fail(name: str, line: int | None, column: int | None, message: str) -> ValidationFailed:
    return ValidationFailed(f"{name}: {message}", [Problem(name, line, column, message)])


_TAB = re.compile(r"found character '\\t' that cannot start any token")


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    """PyYAML's message, reworded where a trainer would otherwise be puzzled."""
    problem = exc.problem or str(exc)
    mark = exc.problem_mark
    if "nesting depth" in problem:  # PyYAML >= 6.0.3 limits nesting itself; its scanner reads ahead of our check
        return f"nesting is too deep (limit {MAX_DEPTH} levels)"
    if _TAB.search(problem) or (mark is not None and _line_has_tab_indent(text, mark.line)):
        return "tab character in indentation; YAML indents with spaces only"
    if "mapping values are not allowed" in problem:
        return "YAML syntax error: unexpected ':' (check this line's indentation, or quote a value that holds ': ')"
    started = exc.context_mark
    if exc.context and started is not None and (mark is None or started.line != mark.line):
        return f"YAML syntax error: {problem} ({exc.context} that starts on line {started.line + 1})"
    context = f"{exc.context}, " if exc.context else ""
    return f"YAML syntax error: {context}{problem}"


def _line_has_tab_indent(text: str, index: int) -> bool:
    lines = text.splitlines()
    return 0 <= index < len(lines) and lines[index][: len(lines[index]) - len(lines[index].lstrip())].count("\t") > 0
