"""The event queue: one heap of (time, priority, sequence, action, subject).

`sequence` comes from a counter, so entries at the same time and priority leave in the
order they were scheduled, the same way on every run.
"""

from __future__ import annotations

import heapq
from itertools import count
from typing import Any

NORMAL, LAST = 0, 1
"""Priorities: at equal times, NORMAL entries run before LAST (the clock's end)."""


class EventQueue:
    __slots__ = ("_counter", "_heap")

    def __init__(self) -> None:
        self._heap: list[tuple[int, int, int, str, Any]] = []
        self._counter = count()

    def push(self, time: int, action: str, subject: Any, priority: int = NORMAL) -> None:
        heapq.heappush(self._heap, (time, priority, next(self._counter), action, subject))

    def pop(self) -> tuple[int, int, int, str, Any]:
        return heapq.heappop(self._heap)

    def peek_time(self) -> int | None:
        return self._heap[0][0] if self._heap else None

    def __len__(self) -> int:
        return len(self._heap)

    def clear(self) -> None:
        self._heap.clear()
