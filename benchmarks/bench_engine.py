"""The engine's raw event rate against SimPy and a bare heapq loop, on one workload.

Workload: N timed events, each with a callback, at times with many ties (N events over
N/4 distinct times), scheduled then run. Each side schedules and runs its own way:
- tabletop: callbacks pushed on a real Engine's queue, run by `apply(Advance(...))`, i.e.
  the exact loop that plays scenarios (tie order by sequence, condition settling check);
- SimPy: `env.timeout(t)` with the callback appended, then `env.run()`;
- heapq: `(time, priority, seq, callback)` tuples pushed and popped: the floor for any
  pure-Python engine.
Run: python -m benchmarks.bench_engine
"""

from __future__ import annotations

import heapq
import time
from itertools import count

import simpy

from tabletop.engine import Engine, compile_scenario
from tabletop.engine import commands as c
from tabletop.model import Scenario

EMPTY = {
    "id": "bench",
    "title": "bench",
    "summary": "bench",
    "clock": {"start": "2026-01-01T00:00:00Z", "duration": 10_000_000},
    "objectives": [{"id": "o", "text": "o", "capability": "Planning"}],
    "ladder": ["a", "b"],
    "actors": [{"id": "a", "name": "A", "kind": "technical", "played_by": "t"}],
    "teams": [{"id": "t", "name": "T"}],
    "scoring": {"criteria": [{"id": "q", "name": "Q"}]},
}


def times(n: int) -> list[int]:
    return [(i * 7919) % (n // 4 or 1) for i in range(n)]


def run_tabletop(schedule: list[int]) -> int:
    seen = []
    callback = seen.append
    engine = Engine(compile_scenario(Scenario.model_validate(EMPTY)))
    engine.apply(c.Start())
    push = engine.queue.push
    for t in schedule:
        push(t + 1, callback, t)
    engine.apply(c.Advance(to=max(schedule) + 1))
    return len(seen)


def run_simpy(schedule: list[int]) -> int:
    seen = []
    env = simpy.Environment()
    for t in schedule:
        event = env.timeout(t + 1, t)
        event.callbacks.append(lambda e, seen=seen: seen.append(e.value))
    env.run()
    return len(seen)


def run_heapq(schedule: list[int]) -> int:
    seen = []
    callback = seen.append
    heap: list = []
    sequence = count()
    for t in schedule:
        heapq.heappush(heap, (t + 1, 0, next(sequence), callback, t))
    while heap:
        _, _, _, handler, subject = heapq.heappop(heap)
        handler(subject)
    return len(seen)


def rate(function, schedule: list[int], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        assert function(schedule) == len(schedule)
        best = min(best, time.perf_counter() - start)
    return len(schedule) / best


def main(n: int = 200_000, repeat: int = 5) -> dict[str, float]:
    schedule = times(n)
    ours = rate(run_tabletop, schedule, repeat)
    simpy_rate = rate(run_simpy, schedule, repeat)
    floor = rate(run_heapq, schedule, repeat)
    print(f"events: {n:,} timed callbacks over {n // 4:,} distinct times (ties), schedule + run, best of {repeat}")
    print(f"  tabletop engine: {ours / 1e6:.2f} M events/s")
    print(f"  SimPy {simpy.__version__}:      {simpy_rate / 1e6:.2f} M events/s")
    print(f"  bare heapq loop: {floor / 1e6:.2f} M events/s")
    print(f"ratio tabletop / SimPy: {ours / simpy_rate:.2f}x (target >= 1.5x)")
    print(f"ratio tabletop / heapq: {ours / floor:.2f}x (heapq / SimPy: {floor / simpy_rate:.2f}x)")
    return {"tabletop": ours, "simpy": simpy_rate, "heapq": floor}


if __name__ == "__main__":
    main()
