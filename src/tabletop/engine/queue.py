"""The event queue: entries (time, priority, sequence, handler, subject), next one first.

`sequence` comes from a counter, so entries at the same time and priority leave in the
order they were scheduled, the same way on every run. Handlers are plain callables (the
engine's bound methods), taken with `pop_due` and called by `Engine._run_until`.

What is known when the exercise starts (the planned schedule) is sorted once and taken from
the end of a list; what is scheduled while it runs goes on a heap. A heap pop costs a dozen
tuple comparisons on a schedule of thousands, so sorting once is several times cheaper, and
the order entries leave in is the same: every key (time, priority, sequence) is unique.
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
    __slots__ = ("_counter", "heap", "planned")

    def __init__(self) -> None:
        self.heap: list[Entry] = []
        """Entries scheduled one by one, as a heap."""
        self.planned: list[Entry] = []
        """Entries scheduled together (`extend`), sorted last first."""
        self._counter = count()

    def push(self, time: int, handler: Callable[[Any], None], subject: Any = None, priority: int = NORMAL) -> None:
        heapq.heappush(self.heap, (time, priority, next(self._counter), handler, subject))

    def extend(self, entries: list[tuple[int, Callable[[Any], None], Any]]) -> None:
        """Schedule many `(time, handler, subject)` at NORMAL priority, in this order."""
        counter = self._counter
        new = [(time, NORMAL, next(counter), handler, subject) for time, handler, subject in entries]
        self.planned[:] = sorted(self.planned + new, reverse=True)

    def pop_due(self, until: int) -> Entry | None:
        """Take the next entry if it is due at or before `until`; None if none is."""
        heap, planned = self.heap, self.planned
        if planned and (not heap or planned[-1] < heap[0]):
            return planned.pop() if planned[-1][0] <= until else None
        if heap and heap[0][0] <= until:
            return heapq.heappop(heap)
        return None

    def peek_time(self) -> int | None:
        heap, planned = self.heap, self.planned
        if planned and (not heap or planned[-1] < heap[0]):
            return planned[-1][0]
        return heap[0][0] if heap else None

    def entries(self) -> list[Entry]:
        """Every entry, in no particular order."""
        return [*self.planned, *self.heap]

    def __len__(self) -> int:
        return len(self.heap) + len(self.planned)
