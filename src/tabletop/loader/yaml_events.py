"""Plain data and positions from libyaml's event stream, in one pass, under limits.

Composing PyYAML's node graph first would hold a second copy of the document and need
further walks for depth, alias expansion and positions. Here each event is seen once and
becomes a dict, list or scalar at once, with its position packed beside it. The limits are
checked as the events arrive, so a hostile file is refused before it costs anything:
nesting depth, the nodes that aliases add (a "billion laughs" is refused, an honest big
file is not), and an overall node count. Scalars resolve exactly as PyYAML's SafeLoader
resolves them (YAML 1.1), except that timestamps and sexagesimal numbers stay text.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from tabletop.loader.positions import COLUMN_SHIFT, DISCARD, LINE_SHIFT, MERGE, PLAIN, Positions, pack, unpack

try:  # libyaml is bundled with PyYAML's wheels; the pure-Python parser is the fallback.
    from yaml.cyaml import CParser as _Parser

    OFFSETS_IN_BYTES = True
    """libyaml reports where unreadable input is in UTF-8 bytes, PyYAML in characters."""
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

    OFFSETS_IN_BYTES = False

MAX_DEPTH = 64
MAX_ALIAS_NODES = 1_000_000
"""Nodes that aliases may add, counted as if each alias were a copy of what it names."""
MAX_NODES = 4_000_000
"""Nodes written in one file (keys, values, list items); a 16 MiB scenario has ~1.2 million."""

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_AS_TEXT = {_STR, "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"}
_KEY_TAGS = {None, "!", _MERGE, _NULL, _BOOL, _INT, _FLOAT, *_AS_TEXT}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_RESOLVERS: dict[Any, list] = yaml.SafeLoader.yaml_implicit_resolvers
_constructor = yaml.constructor.SafeConstructor()

Problems = list[tuple[int, str]]
"""(packed position, message) for each problem found; reading goes on after them."""


class Refused(Exception):
    """A problem that stops reading at once: a broken limit or a broken reference."""

    def __init__(self, position: int | None, message: str) -> None:
        super().__init__(message)
        self.position, self.message = position, message


class _Open:
    """An anchor whose node has not ended yet: an alias to it would contain itself."""

    __slots__ = ("position",)

    def __init__(self, position: int) -> None:
        self.position = position


_NO_KEY, _MERGE_KEY, _DISCARD = object(), object(), object()
_MISSING = object()
_SEVERAL_DOCUMENTS = "expected one YAML document, found several (remove the extra '---')"


def build(text: str) -> tuple[Any, Positions, Problems]:
    """The document's data, its positions (none for an empty stream) and its problems."""
    parser = _Parser(text)
    try:
        return _build(parser.get_event)
    finally:
        parser.dispose()


def _build(get_event: Any) -> tuple[Any, Positions, Problems]:
    """One loop over the events, its state in local variables: this is the hot path."""
    max_depth, max_nodes, max_alias_nodes = MAX_DEPTH, MAX_NODES, MAX_ALIAS_NODES  # read once: locals are fast
    line_shift, column_shift = LINE_SHIFT, COLUMN_SHIFT  # pack() written out, as it runs for every node
    positions = Positions()
    marks, ends, aliases = positions.marks, positions.ends, positions.aliases
    mark_node, end_node = marks.append, ends.append
    problems: Problems = []
    anchors: dict[str, Any] = {}  # name -> _Open, or (value, nodes, depth, raw text of a scalar, node, position)
    cache: dict[str, Any] = {}  # plain scalar -> its value: resolved once, stored once
    texts: dict[str, str] = {}  # keys and short quoted text: stored once
    stack: list[tuple] = []
    document: list = []
    # The open container and its state; the document itself is a one-item list.
    obj: Any = document
    is_map = False
    key: Any = _NO_KEY
    merges: list | None = None
    anchor: str | None = None
    start = expanded_at = depth = deep = aliased = 0
    documents = 0
    while True:
        event = get_event()
        kind = event.__class__
        if kind is ScalarEvent:
            node = len(marks)
            if node >= max_nodes:
                raise Refused(_position(event), _too_many_nodes())
            mark = event.start_mark
            position = (mark.line << line_shift) | (mark.column << column_shift)
            end_node(node + 1)
            tag = event.tag
            if is_map and key is _NO_KEY:
                key = texts.setdefault(event.value, event.value)
                if tag is not None or event.anchor is not None:
                    key = _tagged_key(event, node, position, anchors, problems)
                if key == "<<" and (tag == _MERGE or (tag in (None, "!") and event.implicit[0])):
                    key = _MERGE_KEY
                    position |= MERGE
                elif key in obj:
                    problems.append((position, _duplicate(key, obj, positions, start)))
                    key = _DISCARD
                if key is _DISCARD:
                    position |= DISCARD
                mark_node(position)
                continue
            if tag is None and event.implicit[0]:
                value = cache.get(event.value, _MISSING)
                if value is _MISSING:
                    value, problem = _plain(event.value)
                    if problem is None:
                        if len(event.value) < 40:
                            cache[event.value] = value
                    else:
                        problems.append((position, problem))
                position |= PLAIN
            elif tag is None:
                value = event.value
                if len(value) < 40:
                    value = texts.setdefault(value, value)
            else:
                value, position = _scalar(event, problems, position)
            mark_node(position)
            if event.anchor is not None:
                _anchor(anchors, event.anchor, position, (value, 1, 0, event.value, node, position))
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            node = len(marks)
            if node >= max_nodes:
                raise Refused(_position(event), _too_many_nodes())
            mark = event.start_mark
            position = (mark.line << line_shift) | (mark.column << column_shift)
            depth += 1
            if depth > max_depth:
                raise Refused(position, _too_deep())
            mark_node(position)
            end_node(0)  # set when the container ends
            new_is_map = kind is MappingStartEvent
            tag = event.tag
            if tag is not None and tag != "!" and tag != (_MAP if new_is_map else _SEQ):
                problems.append((position, f"unsupported YAML tag '{_short_tag(tag)}'"))
            stack.append((obj, is_map, key, merges, start, anchor, expanded_at, deep))
            obj = {} if new_is_map else []
            is_map, key, merges, start, anchor = new_is_map, _NO_KEY, None, node, event.anchor
            expanded_at, deep = node + aliased, depth
            if anchor is not None:
                _anchor(anchors, anchor, position, _Open(position))
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            ends[start] = len(marks)
            if merges is not None:
                _merge(obj, start, merges, positions, problems)
            if anchor is not None:
                size = len(marks) + aliased - expanded_at
                anchors[anchor] = (obj, size, deep - depth + 1, None, start, marks[start])
            value, node, inner = obj, start, deep
            obj, is_map, key, merges, start, anchor, expanded_at, deep = stack.pop()
            depth -= 1
            if inner > deep:
                deep = inner
            if is_map and key is _NO_KEY:  # a list or mapping used as a key
                problems.append((marks[node], "a key must be a plain name, not a list or mapping"))
                marks[node] |= DISCARD
                key = _DISCARD
                continue
        elif kind is AliasEvent:
            node = len(marks)
            position = _position(event)
            named = anchors.get(event.anchor)
            if named is None:
                raise Refused(position, f"alias '*{event.anchor}' names no anchor defined before it")
            if named.__class__ is _Open:
                raise Refused(named.position, "an alias refers to the node that contains it")
            value, size, height, raw, aliases[node], _ = named
            aliased += size
            if aliased > max_alias_nodes:
                raise Refused(marks[start] if marks else position, _too_many_aliased())
            if height:
                if depth + height > max_depth:
                    raise Refused(position, _too_deep())
                deep = max(deep, depth + height)
            end_node(node + 1)
            if is_map and key is _NO_KEY:
                if raw is None:
                    problems.append((position, "a key must be a plain name, not a list or mapping"))
                    key = _DISCARD
                elif raw in obj:
                    problems.append((position, _duplicate(raw, obj, positions, start)))
                    key = _DISCARD
                else:
                    key = raw
                mark_node(position | DISCARD if key is _DISCARD else position)
                continue
            mark_node(position)
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise Refused(_position(event), _SEVERAL_DOCUMENTS)
            continue
        elif kind is StreamEndEvent:
            break
        else:  # stream start, document end
            continue
        # A value is complete: put it in the open container.
        if is_map:
            if key.__class__ is str:
                obj[key] = value
            elif key is _MERGE_KEY:
                merges = merges or []
                merges.append((value, node))
            key = _NO_KEY
        else:
            obj.append(value)
    return (document[0] if document else None), positions, problems


def _position(event: Any) -> int:
    return pack(event.start_mark.line, event.start_mark.column)


def _plain(text: str) -> tuple[Any, str | None]:
    """An unquoted, untagged scalar's value, resolved as SafeLoader resolves it."""
    for tag, pattern in _RESOLVERS.get(text[0] if text else "", ()):
        if pattern.match(text):
            return _construct(tag, text)
    return text, None


def _scalar(event: ScalarEvent, problems: Problems, position: int) -> tuple[Any, int]:
    """A scalar with an explicit tag (or none): its value and position, plain flag set."""
    if event.style in (None, ""):
        position |= PLAIN
    tag, text = event.tag, event.value
    if tag is None or tag == "!":
        if not event.implicit[0]:
            return text, position
        value, problem = _plain(text)
    else:
        value, problem = _construct(tag, text)
    if problem is not None:
        problems.append((position, problem))
    return value, position


def _construct(tag: str, text: str) -> tuple[Any, str | None]:
    """The value a tag gives `text`, or the text and why the tag is refused."""
    if tag in _AS_TEXT:
        return text, None
    if tag == _NULL:
        return None, None
    if tag == _BOOL:
        return text.lower() in ("true", "yes", "on", "y"), None
    if tag == _INT and ":" in text:  # YAML 1.1 sexagesimal (1:30 == 90): keep it as written
        return text, None
    if tag in (_INT, _FLOAT):
        node = yaml.ScalarNode(tag, text)
        try:
            if tag == _INT:
                return _constructor.construct_yaml_int(node), None
            return _constructor.construct_yaml_float(node), None
        except (ValueError, IndexError):  # `!!int abc`, `!!float ''`
            return text, f"'{text}' is not a valid {_short_tag(tag)}"
    return text, f"unsupported YAML tag '{_short_tag(tag)}'"


def _anchor(anchors: dict[str, Any], name: str, position: int, entry: Any) -> None:
    if name in anchors:
        named = anchors[name]
        first = named.position if named.__class__ is _Open else named[-1]
        raise Refused(position, f"anchor '&{name}' is defined twice (first on line {unpack(first)[0]}); rename one")
    anchors[name] = entry


def _merge(obj: dict, at: int, merges: list, positions: Positions, problems: Problems) -> None:
    """Add the keys of `<<: *parent` (or a list of parents) that the mapping lacks."""
    inherited = []
    for value, node in merges:
        if isinstance(value, list):
            parents = zip(value, positions.items(node, value), strict=True)
        else:
            parents = zip([value], [node], strict=True)
        for parent, where in parents:
            if not isinstance(parent, dict):
                problems.append((positions.marks[where], "'<<' merges only mappings"))
                continue
            for key, pair in zip(parent, positions.pairs(where, parent), strict=True):
                if key not in obj:
                    obj[key] = parent[key]
                    inherited.append(pair)
    if inherited:
        positions.inherited[at] = inherited


def _tagged_key(event: ScalarEvent, node: int, position: int, anchors: dict[str, Any], problems: Problems) -> Any:
    """A key with a tag or an anchor: the key as written, or _DISCARD when its tag is refused.

    Keys stay text whatever their tag says; only tags we do not know are refused.
    """
    if event.anchor is not None:
        value = event.value if event.tag == _MERGE else _scalar(event, [], position)[0]
        _anchor(anchors, event.anchor, position, (value, 1, 0, event.value, node, position))
    if event.tag not in _KEY_TAGS:
        problems.append((position, f"unsupported YAML tag '{_short_tag(event.tag)}'"))
        return _DISCARD
    return event.value


def _duplicate(key: str, obj: dict, positions: Positions, at: int) -> str:
    """The message for a second `key` in the open mapping at node `at`."""
    first = positions.own_keys(at, list(obj).index(key) + 1)[-1]
    return f"duplicate key '{key}' (first defined on line {unpack(positions.marks[first])[0]})"


def _too_deep() -> str:
    return f"nesting is too deep (limit {MAX_DEPTH} levels)"


def _too_many_aliased() -> str:
    return f"document expands to more than {MAX_ALIAS_NODES:,} nodes (aliases nested too deeply?)"


def _too_many_nodes() -> str:
    return f"document is too big: more than {MAX_NODES:,} nodes (keys, values and list items; the limit for one file)"


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")
