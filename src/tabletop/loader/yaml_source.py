"""Safe YAML with a position for every node, duplicate-key errors and resource limits.

PyYAML's composer (libyaml's when present) gives a node graph with marks; we walk it
ourselves into plain dicts and lists, recording where each value and each key came from so
that any later problem can be reported as `file:line:col`. Walking ourselves is also where
the limits live: aliases are expanded under a node budget (no "billion laughs"), nesting
has a depth limit, and files have a size limit, so hostile input fails fast and cheaply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tabletop.errors import Problem, ValidationFailed

try:  # libyaml is bundled with PyYAML's wheels; the pure-Python composer is the fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_NODES = 1_000_000
MAX_DEPTH = 64

Location = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_PLAIN_TAGS = {_STR, "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_constructor = yaml.constructor.SafeConstructor()


@dataclass
class Source:
    """A parsed YAML file: plain data plus where every value and key sits in the text."""

    path: str
    data: Any
    text: str
    value_marks: dict[Location, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Location, tuple[int, int]] = field(default_factory=dict)
    plain_scalars: set[Location] = field(default_factory=set)

    def locate(self, loc: Location, *, key: bool = False) -> tuple[int, int] | None:
        """1-based (line, column) of `loc`; its key if `key`; else the nearest ancestor's."""
        loc = tuple(loc)
        while True:
            marks = self.key_marks if key else self.value_marks
            if loc in marks:
                return marks[loc]
            if key and loc in self.value_marks:
                return self.value_marks[loc]
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
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise _fail(name, None, None, f"file is too large (limit {MAX_FILE_BYTES:,} bytes)")
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise _fail(name, 1, 1, "file is empty; expected a mapping such as 'id: my-scenario'")
    try:
        _check_depth(text, name)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _fail(name, *_mark(exc.problem_mark or exc.context_mark), _syntax_message(exc, text)) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        message = f"control character #x{exc.character:04x} is not allowed in YAML; remove it"
        raise _fail(name, line, column, message) from None
    except yaml.YAMLError as exc:
        raise _fail(name, None, None, f"cannot parse YAML: {exc}") from None
    except RecursionError:
        raise _fail(name, None, None, f"nesting is too deep (limit {MAX_DEPTH} levels)") from None
    if node is None:
        raise _fail(name, 1, 1, "file is empty; expected a mapping such as 'id: my-scenario'")
    _check_expansion(node, name)
    walker = _Walker(name)
    source = Source(name, None, text)
    source.data = walker.walk(node, (), source, 0)
    if walker.problems:
        raise ValidationFailed(f"{name}: invalid YAML", walker.problems)
    if not isinstance(source.data, dict):
        kind = "a list" if isinstance(source.data, list) else "a single value"
        raise _fail(name, *_mark(node.start_mark), f"expected a mapping of keys at the top level, found {kind}")
    return source


def _check_depth(text: str, name: str) -> None:
    """Refuse deep nesting before composing: libyaml's composer recurses and could crash.

    The event parser is iterative and cheap (a few percent of the whole load).
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _fail(name, *_mark(event.start_mark), f"nesting is too deep (limit {MAX_DEPTH} levels)")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _check_expansion(root: yaml.Node, name: str) -> None:
    """Refuse documents whose aliases expand past MAX_NODES, before expanding anything.

    Sizes are memoised per node, so this costs one visit per distinct node even for an
    exponential "billion laughs" document; a node that contains itself is refused too.
    """
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress or depth > MAX_DEPTH:
            raise _fail(name, *_mark(node.start_mark), "an alias refers to the node that contains it")
        in_progress.add(key)
        if isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total = 1 + sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        else:
            total = 1
        in_progress.discard(key)
        if total > MAX_NODES:
            message = f"document expands to more than {MAX_NODES:,} nodes (aliases nested too deeply?)"
            raise _fail(name, *_mark(node.start_mark), message)
        sizes[key] = total
        return total

    size(root, 0)


class _Walker:
    def __init__(self, name: str) -> None:
        self.name = name
        self.budget = MAX_NODES
        self.problems: list[Problem] = []

    def walk(self, node: yaml.Node, loc: Location, source: Source, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _fail(
                self.name,
                *_mark(node.start_mark),
                f"document expands to more than {MAX_NODES:,} nodes (aliases nested too deeply?)",
            )
        if depth > MAX_DEPTH:
            raise _fail(self.name, *_mark(node.start_mark), f"nesting is too deep (limit {MAX_DEPTH} levels)")
        mark = node.start_mark
        source.value_marks[loc] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            if not node.style:
                source.plain_scalars.add(loc)
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, _SEQ)
            return [self.walk(item, (*loc, i), source, depth + 1) for i, item in enumerate(node.value)]
        self.check_tag(node, _MAP)
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in self.merged_pairs(node):
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(self.at(key_node, "a key must be a plain name, not a list or mapping"))
                continue
            key = str(key_node.value)
            if key in first_seen:
                if first_seen[key] >= 0:
                    self.problems.append(
                        self.at(key_node, f"duplicate key '{key}' (first defined on line {first_seen[key]})")
                    )
                continue
            inherited = getattr(key_node, "_merged", False)
            first_seen[key] = -1 if inherited else key_node.start_mark.line + 1
            child = (*loc, key)
            source.key_marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.walk(value_node, child, source, depth + 1)
        return result

    def merged_pairs(self, node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
        """The mapping's own pairs first, then those inherited through `<<: *anchor`."""
        own, inherited = [], []
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE:
                own.append((key_node, value_node))
                continue
            parents = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for parent in parents:
                if not isinstance(parent, yaml.MappingNode):
                    self.problems.append(self.at(parent, "'<<' merges only mappings"))
                    continue
                for pair in self.merged_pairs(parent):
                    self.budget -= 1
                    key = yaml.ScalarNode(pair[0].tag, pair[0].value, pair[0].start_mark, pair[0].end_mark)
                    key._merged = True  # type: ignore[attr-defined]
                    inherited.append((key, pair[1]))
        own_keys = {k.value for k, _ in own if isinstance(k, yaml.ScalarNode)}
        return own + [(k, v) for k, v in inherited if k.value not in own_keys]

    def check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            self.problems.append(self.at(node, f"unsupported YAML tag '{_short_tag(node.tag)}'"))

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag in _PLAIN_TAGS:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() in ("true", "yes", "on", "y")
        if tag == _INT:
            if ":" in value:  # YAML 1.1 sexagesimal (1:30 == 90): keep it as written
                return value
            return _constructor.construct_yaml_int(node)
        if tag == _FLOAT:
            return _constructor.construct_yaml_float(node)
        self.problems.append(self.at(node, f"unsupported YAML tag '{_short_tag(tag)}'"))
        return value

    def at(self, node: yaml.Node, message: str) -> Problem:
        return Problem(self.name, node.start_mark.line + 1, node.start_mark.column + 1, message)


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
    if "nesting depth" in problem:  # PyYAML >= 6.0.3 limits nesting itself, sometimes before our check
        return f"nesting is too deep (limit {MAX_DEPTH} levels)"
    if _TAB.search(problem) or (mark is not None and _line_has_tab_indent(text, mark.line)):
        return "tab character in indentation; YAML indents with spaces only"
    if "expected a single document" in str(exc.context or "") or "but found another document" in problem:
        return "expected one YAML document, found several (remove the extra '---')"
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


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")
