"""The well-formed part of a scenario that has shape errors, so references are checked too.

A scenario with a broken inject still has actors, teams and decisions worth cross-checking:
`validate` reports shape and reference problems in one pass. Each shape error names where
it is; the smallest whole item around it (an inject, an actor, a state variable, a
criterion) is set aside, a broken top-level field that nothing refers to (the title, the
clock) gets a stand-in, and the rest is validated again. Reference checks then run on what
is left, with item positions mapped back to the file, and stay quiet about anything named
in a set-aside item (its id, or an id it names), so one broken item does not cascade into
"unknown inject" errors elsewhere. When a part everything depends on is broken (actors,
teams, languages, ...), only the shape errors are reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from tabletop.loader.yaml_source import Location
from tabletop.model import Scenario

ITEMS = ("objectives", "actors", "relations", "teams", "injects", "decisions", "reactions", "end", "cbms", "playbooks")
"""Top-level lists whose items can be set aside one by one."""
STAND_INS: dict[str, Any] = {
    "id": "scenario",
    "title": "-",
    "summary": "-",
    "version": "1",
    "duration": None,
    "audience": [],
    "clock": {"start": "2000-01-01T00:00:00+00:00", "duration": "2000h"},
}
"""Top-level fields nothing refers to, and a valid value for each (the clock's duration is
long, so that no time is reported as after the end)."""
STAND_IN_ID = "stand_in"
REQUIRED_ITEMS: dict[Location, dict[str, Any]] = {
    ("objectives",): {"id": STAND_IN_ID, "text": "-", "capability": "Planning"},
    ("actors",): {"id": STAND_IN_ID, "name": "-", "kind": "media"},
    ("teams",): {"id": STAND_IN_ID, "name": "-"},
    ("scoring", "criteria"): {"id": STAND_IN_ID, "name": "-"},
}
"""Lists that may not be empty, and an item to stand in when every item of one is set aside
(findings that name it are dropped like any other consequence)."""
ROUNDS = 4
"""Setting items aside can expose new shape errors (a list left too short): a few rounds."""


@dataclass
class Partial:
    """The well-formed part of a scenario, and how to read findings about it."""

    scenario: Scenario
    kept: dict[Location, list[int]] = field(default_factory=dict)
    """List location → the original index of each item kept."""
    names: set[str] = field(default_factory=set)
    """Every text inside a set-aside item: findings naming one are consequences, not news."""

    def locate(self, loc: Location) -> Location:
        """A location in the partial scenario → the same place in the file."""
        for prefix, indexes in self.kept.items():
            n = len(prefix)
            if loc[:n] == prefix and len(loc) > n and isinstance(loc[n], int):
                if loc[n] >= len(indexes):
                    return prefix  # the stand-in item
                return (*prefix, indexes[loc[n]], *loc[n + 1 :])
        return loc

    def lines(self, line_of: Callable[[Location], int | None]) -> Callable[[Location], int | None]:
        """`line_of` for locations in the partial scenario."""
        return lambda loc: line_of(self.locate(loc))

    def is_consequence(self, message: str) -> bool:
        return any(f"'{name}'" in message for name in self.names)


def well_formed_part(data: Any, error: ValidationError) -> Partial | None:
    """The scenario without its broken parts, or None when what is left cannot be checked."""
    if not isinstance(data, dict):
        return None
    data = dict(data)
    partial_kept: dict[Location, list[int]] = {}
    names: set[str] = {STAND_IN_ID}
    for _ in range(ROUNDS):
        aside: dict[Location, set[Any]] = {}
        for problem in error.errors(include_url=False):
            target = _set_aside(data, tuple(problem["loc"]))
            if target is None:
                return None
            container, key = target
            aside.setdefault(container, set()).add(key)
        for container, keys in aside.items():
            if not _apply(data, container, keys, partial_kept, names):
                return None
        try:
            scenario = Scenario.model_validate(data)
        except ValidationError as again:
            error = again
            continue
        return Partial(scenario, partial_kept, names)
    return None


def _set_aside(data: dict, loc: Location) -> tuple[Location, Any] | None:
    """(container, key) to remove or replace for an error at `loc`; None to give up."""
    if not loc:
        return None
    top = loc[0]
    if len(loc) == 1:
        if top in STAND_INS or top not in Scenario.model_fields:
            return (), top  # a stand-in, or an unknown key to drop
        return None
    second = loc[1]
    if top in ITEMS and isinstance(second, int):
        return (top,), second
    if top == "state" and isinstance(second, str) and isinstance(data.get("state"), dict):
        return ("state",), second
    if top == "ladder" and isinstance(second, int):
        return ("ladder",), second
    if top == "audience":
        return (), top
    if top == "scoring" and isinstance(data.get("scoring"), dict):
        if second == "criteria" and len(loc) > 2 and isinstance(loc[2], int):
            return ("scoring", "criteria"), loc[2]
        if second == "timeliness":
            return ("scoring",), "timeliness"
    return None


def _apply(data: dict, container: Location, keys: set[Any], kept: dict[Location, list[int]], names: set[str]) -> bool:
    """Set aside or stand in for `keys` of the container at `container`; False to give up."""
    if container == ():
        for key in keys:
            if key in STAND_INS:
                data[key] = STAND_INS[key]
            else:
                data.pop(key, None)
        return True
    if container == ("ladder",):
        ladder = list(data["ladder"]) if isinstance(data.get("ladder"), list) else []
        data["ladder"] = [f"level {i}" if i in keys else level for i, level in enumerate(ladder)]
        return True
    parent = data
    for part in container[:-1]:
        parent[part] = dict(parent[part])
        parent = parent[part]
    last = container[-1]
    items = parent.get(last)
    if isinstance(items, dict):
        names.update(str(k) for k in keys if k in items)
        for key in keys:
            names.update(_texts(items.get(key)))
        parent[last] = {k: v for k, v in items.items() if k not in keys}
        return True
    if not isinstance(items, list):
        return False
    if not all(isinstance(key, int) and 0 <= key < len(items) for key in keys):
        return False
    for key in keys:
        names.update(_texts(items[key]))
    before = kept.get(container, list(range(len(items))))
    parent[last] = [item for i, item in enumerate(items) if i not in keys] or _stand_in(container)
    kept[container] = [original for i, original in enumerate(before) if i not in keys]
    return True


def _stand_in(container: Location) -> list[dict[str, Any]]:
    stand_in = REQUIRED_ITEMS.get(container)
    return [stand_in] if stand_in else []


def _texts(value: Any) -> Iterator[str]:
    """Every text scalar in a raw YAML value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
