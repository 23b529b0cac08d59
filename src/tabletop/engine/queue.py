"""The event queue: one heap of (time, priority, sequence, handler, subject).

`sequence` comes from a counter, so entries at the same time and priority leave in the
order they were scheduled, the same way on every run. Handlers are plain callables (the
engine's bound methods), popped and called by `Engine._run_until`.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from itertools import count
from typing import Any

NORMAL, LAST = 0, 1
"""Priorities: at equal times, NORMAL entries run before LAST (the clock's end)."""

Entry = tuple[int, int, int, Callable[[Any], None], Any]


class EventQueue:
    __slots__ = ("_counter", "heap")

    def __init__(self) -> None:
        self.heap: list[Entry] = []
        self._counter = count()

    def push(self, time: int, handler: Callable[[Any], None], subject: Any = None, priority: int = NORMAL) -> None:
        heapq.heappush(self.heap, (time, priority, next(self._counter), handler, subject))

    def extend(self, entries: list[tuple[int, Callable[[Any], None], Any]]) -> None:
        """Push many `(time, handler, subject)` at NORMAL priority, in order: one heapify
        instead of a push each (the order they leave in is the same)."""
        counter = self._counter
        self.heap += [(time, NORMAL, next(counter), handler, subject) for time, handler, subject in entries]
        heapq.heapify(self.heap)

    def peek_time(self) -> int | None:
        return self.heap[0][0] if self.heap else None

    def __len__(self) -> int:
        return len(self.heap)

    def clear(self) -> None:
        self.heap.clear()
