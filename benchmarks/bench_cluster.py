"""Monte Carlo beyond one machine: `simulate --executor dask://HOST:PORT` against local processes.

100,000 playthroughs of scenarios/canal-ransomware.yaml, as a user runs them (whole
processes): with `--jobs 2` (two local worker processes), and on an existing Dask cluster of
two worker processes (a `distributed.LocalCluster` on this machine, started once before the
timings, as a cluster would already be running). Rounds are interleaved; the two reports
must be identical.
Needs: pip install 'tabletop[dask]'.
Run: python -m benchmarks.bench_cluster
"""

from __future__ import annotations

import os

from benchmarks.measure import interleave_processes, ratio, run_process, tabletop

SCENARIO = "scenarios/canal-ransomware.yaml"


def main(runs: int = 100_000, rounds: int = 2) -> dict[str, float]:
    from distributed import LocalCluster

    command = ("simulate", SCENARIO, "--runs", str(runs), "--seed", "1", "--json")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        executor = cluster.scheduler_address.replace("tcp://", "dask://")
        contestants = {
            "--jobs 2": tabletop(*command, "--jobs", "2"),
            "dask, 2 workers": tabletop(*command, "--executor", executor),
        }
        check = [[*argv[:4], str(max(runs // 10, 1)), *argv[5:]] for argv in contestants.values()]
        local, remote = (run_process(argv).output for argv in check)
        assert local == remote, "the cluster's report differs from the local one"
        timings, peaks = interleave_processes(contestants, rounds)
    print(f"tabletop simulate {SCENARIO} --runs {runs:,} --policy random, whole processes, {os.cpu_count()} cores:")
    for name, timing in timings.items():
        print(f"  {name:16} {timing}  (client peak RSS {peaks[name] / 1e6:.0f} MB)")
    ratio(
        "dask ÷ --jobs 2",
        timings["dask, 2 workers"],
        timings["--jobs 2"],
        "how much longer the same sweep takes on a 2-worker Dask cluster on this machine than in 2 local processes",
    )
    print(f"  the two reports of {max(runs // 10, 1):,} playthroughs are identical")
    return {"jobs2_s": timings["--jobs 2"].median, "dask_s": timings["dask, 2 workers"].median}


if __name__ == "__main__":
    main()
