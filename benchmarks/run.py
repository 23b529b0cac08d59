"""Run every benchmark: python -m benchmarks.run"""

from __future__ import annotations

from benchmarks import bench_validate


def main() -> None:
    print("== validate ==")
    bench_validate.main()


if __name__ == "__main__":
    main()
