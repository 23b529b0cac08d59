"""Monte Carlo playthroughs per second on the largest bundled scenario.

Target: 10,000 playthroughs in under 10 s with 2 processes on a 2-core machine.
Run: python -m benchmarks.bench_simulate
"""

from __future__ import annotations

import time
from pathlib import Path

from tabletop.loader import load_scenario
from tabletop.simulate import run_sweep

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def largest() -> Path:
    return max(SCENARIOS.glob("*.yaml"), key=lambda p: len(load_scenario(p).scenario.injects))


def main(runs: int = 10_000) -> dict[str, float]:
    path = largest()
    loaded = load_scenario(path)
    results = {}
    for jobs in (1, 2):
        start = time.perf_counter()
        run_sweep(loaded, runs, seed=1, policy="random", jobs=jobs)
        results[jobs] = time.perf_counter() - start
    print(f"{path.name}: {len(loaded.scenario.injects)} injects, {len(loaded.scenario.decisions)} decisions")
    for jobs, seconds in results.items():
        print(f"  {runs:,} random playthroughs, --jobs {jobs}: {seconds:.2f} s ({runs / seconds:,.0f}/s)")
    print(f"ratio --jobs 2 / target 10 s: {results[2] / 10:.2f} (below 1 meets the target)")
    return {"jobs1_s": results[1], "jobs2_s": results[2]}


if __name__ == "__main__":
    main()
