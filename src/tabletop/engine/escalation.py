"""How a rise in one actor's escalation level spreads to others (docs/escalation.md).

When actor `a` rises by `d` levels, every actor `b` that `a` has a relation to gains
pressure `coupling · d · (1 − trust)`. When `b`'s pressure reaches its threshold, `b` rises
one level, its pressure resets, and the rise spreads on from `b`. Within one cause each
actor rises at most once, so spreading always terminates, even around cycles.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping


def spread(
    origin: str,
    rise: int,
    levels: dict[str, int],
    pressure: dict[str, float],
    thresholds: Mapping[str, float],
    out_edges: Mapping[str, list[tuple[str, list[float]]]],
    top: int,
    on_rise: Callable[[str, int, int, str], None],
) -> None:
    """Spread a rise of `rise` levels that `origin` has already made.

    `out_edges[a]` lists `(b, [trust, coupling])`. `on_rise(actor, old, new, source)` is
    called for every induced rise, in breadth-first order (deterministic: edge order).
    """
    risen = {origin}
    frontier = deque([(origin, rise)])
    while frontier:
        source, amount = frontier.popleft()
        for target, (trust, coupling) in out_edges.get(source, ()):
            if target in risen:
                continue
            gained = coupling * amount * (1.0 - trust)
            if gained <= 0.0:
                continue
            level = levels[target]
            total = pressure[target] + gained
            threshold = thresholds[target]
            if total + 1e-9 < threshold or level >= top:
                pressure[target] = min(total, threshold)
                continue
            pressure[target] = 0.0
            levels[target] = level + 1
            risen.add(target)
            on_rise(target, level, level + 1, source)
            frontier.append((target, 1))
