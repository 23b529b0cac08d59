"""`tabletop validate` of a generated large scenario against a bare libyaml load of the same file.

tabletop reads YAML with libyaml's `CSafeLoader`, so that is the peer: each side in a fresh
process (start-up included), interleaved round by round, with peak RSS; then the same two
in this process (no start-up); `tabletop check` (validate, then the static analysis) is
timed beside them. Goals: validate ≤ 2x the bare load, peak RSS ≤ 20x the file,
and a 40,000-inject file validates. Peak RSS is given in all and above
what a process importing the same modules takes (the part that grows with the file).
Run: python -m benchmarks.bench_validate
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

from benchmarks.large_scenario import generate
from benchmarks.measure import interleave, interleave_processes, megabytes, python, ratio, run_process, tabletop
from tabletop.loader import load_scenario

BARE_LOAD = "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)"
IMPORTS_ONLY = "import tabletop.cli, tabletop.cli.validate, tabletop.loader, tabletop.model"
"""What `tabletop validate` imports before it reads a byte: the floor under its peak RSS."""


def main(injects: int = 5000, rounds: int = 3, largest: int | None = 40_000) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.yaml"
        path.write_text(generate(injects, decisions=200), encoding="utf-8")
        size = path.stat().st_size
        processes, peaks = interleave_processes(
            {
                "tabletop validate": tabletop("validate", str(path)),
                "tabletop check": tabletop("check", str(path)),
                "CSafeLoader": python("-c", BARE_LOAD, str(path)),
                "imports only": python("-c", IMPORTS_ONLY),
            },
            rounds,
        )
        text = path.read_text(encoding="utf-8")
        inside = interleave(
            {
                "load_scenario": lambda: load_scenario(path),
                "CSafeLoader": lambda: yaml.load(text, Loader=yaml.CSafeLoader),
            },
            rounds,
        )
        print(f"generated scenario: {injects:,} injects, 200 decision points, {size / 1e6:.1f} MB")
        for name, timing in processes.items():
            print(f"  process {name:18} {timing}; peak RSS {megabytes(peaks[name])}")
        for name, timing in inside.items():
            print(f"  in-process {name:15} {timing}")
        result = ratio(
            "validate ÷ bare load (processes)",
            processes["tabletop validate"],
            processes["CSafeLoader"],
            "`tabletop validate FILE` over a Python process that only loads FILE with yaml.CSafeLoader",
            "<= 2x",
        )
        ratio(
            "validate ÷ bare load (in-process)",
            inside["load_scenario"],
            inside["CSafeLoader"],
            "tabletop's loader (parse, check, build the models) over yaml.CSafeLoader on the same text, no start-up",
        )
        peak, floor = peaks["tabletop validate"], peaks["imports only"]
        rss = (peak - floor) / size
        print(
            f"  validate peak RSS ÷ file size: {peak / size:.0f}x in all; {rss:.0f}x above the imports  [goal: <= 20x]"
        )
        print(
            f"    the validating process's peak memory ({megabytes(peak)}) over the size of the file it reads;"
            f" then less the {megabytes(floor)} a process takes to import what validate imports,"
            " the part that grows with the file"
        )
        print(f"  CSafeLoader peak RSS ÷ file size: {peaks['CSafeLoader'] / size:.0f}x  (the bare parse, for scale)")
        if largest:
            big = Path(folder) / "largest.yaml"
            big.write_text(generate(largest, decisions=200), encoding="utf-8")
            try:
                outcome = tabletop_validate(big)
            except RuntimeError as exc:
                outcome = "refused: " + " / ".join(line.strip() for line in str(exc).splitlines()[1:3])
            print(f"  {largest:,} injects ({big.stat().st_size / 1e6:.1f} MB): {outcome}  [goal: validates]")
    return {"ratio": result, "rss_ratio": rss}


def tabletop_validate(path: Path) -> str:
    process = run_process(tabletop("validate", str(path)))
    size = path.stat().st_size
    return (
        f"validates in {process.seconds:.1f} s, peak RSS {megabytes(process.peak_rss)}"
        f" ({process.peak_rss / size:.0f}x the file)"
    )


if __name__ == "__main__":
    main()
