"""Items that never happen, each with its reason: the errors of `check`.

A range or a contradiction that stops an item is an error where the condition is written;
a dependency cycle is an error on each item in it; an item that only waits for another
that never happens is a warning (fix the first, and it may happen).
"""

from __future__ import annotations

from collections.abc import Iterator

from tabletop.lint.findings import Finding
from tabletop.lint.items import ItemKey
from tabletop.lint.reachability import Reach, cycles


def always_holds(reach: Reach) -> Iterator[Finding]:
    """A condition that is never false is no condition: the item happens at the start."""
    for key in reach.always:
        item = reach.items[key]
        yield Finding(
            "note",
            "always-holds",
            item.condition_at,
            f"the condition of {item.name} can never be false: it holds from the start (use 'at' for a time)",
        )


def never_happens(reach: Reach) -> Iterator[Finding]:
    circles = cycles(reach)
    for key, blocked in reach.blocked.items():
        item = reach.items[key]
        if item.key[0] == "option" and item.needs not in reach.happens:
            continue  # an option of a decision point that never opens: said once, for the decision
        head = f"{item.name} {item.never}"
        where = item.condition_at if item.condition is not None else item.where
        if key in circles:
            yield Finding("error", "cycle", where, f"{head}: {_circle(circles[key], reach)}")
        elif any(k not in reach.happens for k in blocked.waits_for):
            yield Finding("warning", "never-happens", where, f"{head}: {blocked.reason}")
        else:
            yield Finding("error", "never-happens", where, f"{head}: {blocked.reason}")


def _circle(circle: list[ItemKey], reach: Reach) -> str:
    if len(circle) == 1:
        return "it waits for itself (a dependency cycle)"
    names = [reach.items[k].name for k in circle]
    chain = ", which waits for ".join([*names, names[0]])
    return f"dependency cycle: {chain}"
