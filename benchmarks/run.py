"""Run every benchmark: python -m benchmarks.run"""

from __future__ import annotations

from benchmarks import (
    bench_console,
    bench_engine,
    bench_flood,
    bench_resume,
    bench_simulate,
    bench_trainees,
    bench_validate,
)


def main() -> None:
    for title, bench in (
        ("validate", bench_validate),
        ("engine", bench_engine),
        ("monte carlo", bench_simulate),
        ("resume", bench_resume),
        ("console", bench_console),
        ("trainees", bench_trainees),
        ("flood", bench_flood),
    ):
        print(f"== {title} ==")
        bench.main()
        print()


if __name__ == "__main__":
    main()
