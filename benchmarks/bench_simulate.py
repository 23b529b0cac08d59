"""Monte Carlo: `tabletop simulate` of the largest bundled scenario, as a user runs it.

Each timing is a whole process (start-up, loading, the playthroughs, the report), with one
and with two processes for the playthroughs, interleaved round by round; beside them the
same command with a single run, which is the fixed cost every sweep pays.
Goal: 10,000 playthroughs in under 10 s with `--jobs 2` (a 2-core machine).
Run: python -m benchmarks.bench_simulate
"""

from __future__ import annotations

import os

from benchmarks.measure import SCENARIOS, interleave_processes, ratio, tabletop


def largest() -> str:
    """The bundled scenario with the most injects and decision points."""
    from tabletop.loader import load_scenario

    def size(path) -> int:
        scenario = load_scenario(path).scenario
        return len(scenario.injects) + len(scenario.decisions)

    return str(max(SCENARIOS.glob("*.yaml"), key=size).relative_to(SCENARIOS.parent))


def main(runs: int = 10_000, rounds: int = 3) -> dict[str, float]:
    scenario = largest()
    command = ("simulate", scenario, "--runs", str(runs), "--seed", "1")
    timings, _ = interleave_processes(
        {
            "--jobs 1": tabletop(*command, "--jobs", "1"),
            "--jobs 2": tabletop(*command, "--jobs", "2"),
            "one run": tabletop("simulate", scenario, "--runs", "1"),
        },
        rounds,
    )
    print(f"tabletop simulate {scenario} --runs {runs:,} --policy random, whole processes, {os.cpu_count()} cores:")
    for name, timing in timings.items():
        print(f"  {name:9} {timing}")
    one, two, fixed = timings["--jobs 1"], timings["--jobs 2"], timings["one run"]
    ratio(
        "--jobs 1 ÷ --jobs 2",
        one,
        two,
        f"how much faster {runs:,} playthroughs finish with two worker processes than with one (2.0 is perfect scaling)",
    )
    verdict = "met" if two.median < 10 else "NOT met"
    print(
        f"  --jobs 2: min {two.min:.2f} s, median {two.median:.2f} s for {runs:,} playthroughs; goal < 10 s: {verdict}"
    )
    marginal = (one.median - fixed.median) / max(runs - 1, 1)
    print(
        f"  per playthrough, one process: {marginal * 1e6:.0f} µs ({1 / marginal:,.0f}/s) after a fixed "
        f"{fixed.median:.2f} s (start-up and loading: the median single-run process)"
    )
    return {"jobs1_s": one.median, "jobs2_s": two.median, "fixed_s": fixed.median}


if __name__ == "__main__":
    main()
