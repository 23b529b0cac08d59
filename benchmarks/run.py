"""Run every benchmark: python -m benchmarks.run [--quick]

Every figure is printed beside its peer measured in the same run, as a ratio with what it
compares (benchmarks/measure.py). `--quick` runs each benchmark of the command line,
engine, session and console at small sizes with one or two rounds (well under a minute),
so CI keeps them all working; its figures are too small to quote. The network benchmarks
(trainees, flood) take about a minute each and run only in the full suite.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from benchmarks import (
    bench_commands,
    bench_console,
    bench_engine,
    bench_flood,
    bench_keys,
    bench_resume,
    bench_simulate,
    bench_trainees,
    bench_validate,
)

FULL: list[tuple[str, Callable[[], object]]] = [
    ("commands as a user runs them", bench_commands.main),
    ("validate", bench_validate.main),
    ("engine", bench_engine.main),
    ("monte carlo", bench_simulate.main),
    ("resume", bench_resume.main),
    ("console", bench_console.main),
    ("live room: keys while the clock runs", bench_keys.main),
    ("trainees", bench_trainees.main),
    ("flood", bench_flood.main),
]
QUICK: list[tuple[str, Callable[[], object]]] = [
    ("commands as a user runs them", lambda: bench_commands.main(rounds=1, runs=20)),
    ("validate", lambda: bench_validate.main(injects=300, rounds=1, largest=None)),
    ("engine", lambda: bench_engine.main(injects=2000, rounds=2)),
    ("monte carlo", lambda: bench_simulate.main(runs=100, rounds=1)),
    ("resume", lambda: bench_resume.main(sizes=((3000, 1, 2.0),))),
    ("console", lambda: bench_console.main(notes=200, repeat=3)),
    ("live room: keys while the clock runs", lambda: bench_keys.main(notes=2)),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one or two rounds (what CI runs)")
    args = parser.parse_args()
    start = time.perf_counter()
    for title, bench in QUICK if args.quick else FULL:
        print(f"== {title} ==", flush=True)
        bench()
        print(flush=True)
    print(f"all benchmarks ran in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
