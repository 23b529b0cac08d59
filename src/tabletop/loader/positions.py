"""Where each value and key of a parsed YAML file sits, kept in two flat arrays.

Every node (key, value, list item, alias) gets one packed position (line, column and two
flags) in document order, and the index one past its subtree; a container's children
follow it. That is 12 bytes a node, a fraction of the data they describe, where a dict of
path tuples would cost more than the data. A location is found by walking the data and the
arrays together; the children of a container are indexed the first time one is asked for,
so a file with thousands of problems is still located in linear time.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

Location = tuple[str | int, ...]

PLAIN = 1
"""Flag: a scalar written without quotes."""
MERGE = 2
"""Flag: a `<<` key, whose value's keys the mapping inherits."""
DISCARD = 4
"""Flag: a key that was refused (a duplicate, a list): its value is not in the data."""
_SKIPPED = MERGE | DISCARD
LINE_SHIFT, COLUMN_SHIFT = 27, 3
_COLUMN_MASK = (1 << 24) - 1


def pack(line: int, column: int) -> int:
    """A position from libyaml's 0-based line and column (flags clear)."""
    return (line << LINE_SHIFT) | (column << COLUMN_SHIFT)


def unpack(position: int) -> tuple[int, int]:
    """1-based (line, column) of a packed position."""
    return (position >> LINE_SHIFT) + 1, ((position >> COLUMN_SHIFT) & _COLUMN_MASK) + 1


@dataclass
class Positions:
    """The positions of one document's nodes, in document order (the root first)."""

    marks: array = field(default_factory=lambda: array("Q"))
    """Packed position of each node."""
    ends: array = field(default_factory=lambda: array("I"))
    """Index one past each node's subtree: where its next sibling starts."""
    aliases: dict[int, int] = field(default_factory=dict)
    """Alias node -> the node it names."""
    inherited: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    """Mapping with `<<` -> (key, value) nodes of the keys it inherited, in order."""
    _index: dict[int, Any] = field(default_factory=dict, repr=False)

    def find(self, data: Any, loc: Location) -> tuple[int | None, int] | None:
        """(key position or None, value position) of `loc` in `data`; None if not there."""
        if not self.marks:
            return None
        key, at, node = None, 0, data
        for part in loc:
            if isinstance(node, dict) and isinstance(part, str) and part in node:
                key, at = self._pairs(self.aliases.get(at, at), node)[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                key, at = None, self.items(at, node)[part]
            else:
                return None
            node = node[part]
        return (None if key is None else self.marks[key]), self.marks[at]

    def items(self, at: int, items: list) -> array:
        """The nodes of the list at node `at` (or at the node an alias there names)."""
        at = self.aliases.get(at, at)
        if at not in self._index:
            nodes, child = array("I"), at + 1
            for _ in range(len(items)):
                nodes.append(child)
                child = self.ends[child]
            self._index[at] = nodes
        return self._index[at]

    def pairs(self, at: int, mapping: dict) -> list[tuple[int, int]]:
        """(key, value) nodes of the mapping at node `at` (or named there), in key order."""
        return list(self._pairs(self.aliases.get(at, at), mapping).values())

    def own_keys(self, at: int, count: int) -> list[int]:
        """The first `count` key nodes written in the mapping at `at` (which may be open)."""
        keys, child = [], at + 1
        while len(keys) < count:
            if not self.marks[child] & _SKIPPED:
                keys.append(child)
            child = self.ends[self.ends[child]]
        return keys

    def _pairs(self, at: int, mapping: dict) -> dict[str, tuple[int, int]]:
        if at not in self._index:
            own, child, end = [], at + 1, self.ends[at]
            while child < end:
                value = self.ends[child]
                if not self.marks[child] & _SKIPPED:
                    own.append((child, value))
                child = self.ends[value]
            self._index[at] = dict(zip(mapping, own + self.inherited.get(at, []), strict=False))
        return self._index[at]


class MarkView(Mapping[Location, tuple[int, int]]):
    """`source.value_marks[loc]` / `source.key_marks[loc]`: 1-based (line, column)."""

    def __init__(self, positions: Positions, data: Any, *, keys: bool) -> None:
        self._positions, self._data, self._keys = positions, data, keys

    def __getitem__(self, loc: Location) -> tuple[int, int]:
        found = self._positions.find(self._data, tuple(loc))
        position = None if found is None else found[0] if self._keys else found[1]
        if position is None:
            raise KeyError(loc)
        return unpack(position)

    def __iter__(self) -> Iterator[Location]:
        raise TypeError("positions are looked up by location, not listed")

    def __len__(self) -> int:
        raise TypeError("positions are looked up by location, not counted")


class PlainScalars:
    """`loc in source.plain_scalars`: whether the value at `loc` was written unquoted."""

    def __init__(self, positions: Positions, data: Any) -> None:
        self._positions, self._data = positions, data

    def __contains__(self, loc: object) -> bool:
        found = self._positions.find(self._data, tuple(loc)) if isinstance(loc, tuple) else None
        return found is not None and bool(found[1] & PLAIN)
