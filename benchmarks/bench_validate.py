"""`tabletop validate` on a generated 5,000-inject scenario, against a bare `yaml.safe_load`.

Prints the ratio validate / safe_load measured in the same run (goal: at most 3x).
Run: python benchmarks/bench_validate.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import yaml

from benchmarks.large_scenario import generate
from tabletop.loader import load_scenario


def best_of(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main(injects: int = 5000, repeat: int = 3) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.yaml"
        path.write_text(generate(injects, decisions=200), encoding="utf-8")
        text = path.read_text(encoding="utf-8")
        bare = best_of(lambda: yaml.safe_load(text), repeat)
        validate = best_of(lambda: load_scenario(path), repeat)
        libyaml = best_of(lambda: yaml.load(text, Loader=yaml.CSafeLoader), repeat)
    size = len(text.encode()) / 1e6
    print(f"validate, {injects} injects ({size:.1f} MB): {validate * 1000:.0f} ms")
    print(f"yaml.safe_load of the same file:           {bare * 1000:.0f} ms")
    print(f"ratio validate / safe_load: {validate / bare:.2f}x (goal: <= 3x)")
    print(f"ratio validate / libyaml-backed CSafeLoader load (no validation): {validate / libyaml:.2f}x")
    return {"validate_s": validate, "safe_load_s": bare, "ratio": validate / bare}


if __name__ == "__main__":
    main()
