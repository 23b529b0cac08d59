"""A seat's view changed: send what changed rather than the whole view again.

`diff(old, new, …)` describes `new` as `old` changed key by key (`protocol.ViewDelta`): a key
whose value is a list that only gained items at its ends (an inbox is newest first, so new
injects come first; decisions are appended) carries only the new items; any other change
carries the key's whole new value. `apply(old, delta)` gives back exactly `new`.
`change(…)` is what the server sends: the delta, or the whole view when that is no larger.
"""

from __future__ import annotations

from typing import Any

from tabletop.net import protocol as p


def diff(old: dict[str, Any], new: dict[str, Any], base: int, version: int) -> p.ViewDelta:
    """The delta from `old` (the view at version `base`) to `new` (the view at `version`)."""
    changed: dict[str, Any] = {}
    prepend: dict[str, list[Any]] = {}
    append: dict[str, list[Any]] = {}
    for key, value in new.items():
        if key in old and old[key] == value:
            continue
        ends = _grown(old.get(key), value)
        if ends is None:
            changed[key] = value
            continue
        front, back = ends
        if front:
            prepend[key] = front
        if back:
            append[key] = back
    removed = [key for key in old if key not in new]
    return p.ViewDelta(base=base, version=version, changed=changed, prepend=prepend, append=append, removed=removed)


def change(old: dict[str, Any], base: int, new: dict[str, Any], version: int) -> str:
    """The message that takes a client from `old` (version `base`) to `new` (version `version`):
    the delta, or the whole view when the delta would be no smaller."""
    whole = p.dump(p.View(view=new, version=version))
    delta = p.dump(diff(old, new, base, version))
    return delta if len(delta) < len(whole) else whole


def _grown(before: Any, after: Any) -> tuple[list[Any], list[Any]] | None:
    """(items added at the start, items added at the end) when `after` is the list `before`
    with items added at its ends only (to an empty list: at its start); None otherwise."""
    if not isinstance(before, list) or not isinstance(after, list) or len(after) <= len(before):
        return None
    if not before:
        return after, []
    size = len(before)
    for start in range(len(after) - size + 1):
        if after[start] == before[0] and after[start : start + size] == before:
            return after[:start], after[start + size :]
    return None


def apply(view: dict[str, Any], delta: p.ViewDelta) -> dict[str, Any]:
    """The view `delta` makes of `view` (which is left as it was); BadMessage if it does not fit.

    A key the view does not have yet may be set, prepended or appended to (a newer server's
    view may have more keys); prepending or appending to a key that is not a list does not fit.
    """
    new = {key: value for key, value in view.items() if key not in delta.removed}
    new.update(delta.changed)
    for key in dict.fromkeys([*delta.prepend, *delta.append]):
        current = new.get(key, [])
        if not isinstance(current, list):
            raise p.BadMessage(f"the change adds items to '{key[:100]}', which is not a list")
        new[key] = [*delta.prepend.get(key, ()), *current, *delta.append.get(key, ())]
    return new
