"""How every benchmark measures: contestants interleaved round by round, min and median kept.

Timing each side in its own block lets a load swing on a shared machine land on one side
only; running the contestants in turn within each round (in an order that rotates) spreads
it over both. Ratios are printed with the sentence saying what they compare, so no figure
appears without its peer from the same run.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


@dataclass(frozen=True)
class Timing:
    """The wall times of one contestant over several rounds."""

    seconds: tuple[float, ...]

    @property
    def min(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def __str__(self) -> str:
        return f"min {_duration(self.min)}, median {_duration(self.median)} ({len(self.seconds)} rounds)"


def interleave(contestants: dict[str, Callable[[], object]], rounds: int) -> dict[str, Timing]:
    """Time each contestant once per round, in turn, rotating who goes first."""
    names = list(contestants)
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            gc.collect()  # no contestant pays for the garbage of the one before
            start = time.perf_counter()
            contestants[name]()
            seconds[name].append(time.perf_counter() - start)
    return {name: Timing(tuple(values)) for name, values in seconds.items()}


def ratio(label: str, ours: Timing, peer: Timing, what: str, goal: str = "") -> float:
    """Print `ours ÷ peer` in time (min and median) with what it compares; return the min ratio."""
    low, mid = ours.min / peer.min, ours.median / peer.median
    print(f"  {label}: {low:.2f}x (min) / {mid:.2f}x (median){f'  [goal: {goal}]' if goal else ''}")
    print(f"    {what}")
    return low


def rate_ratio(label: str, ours: Timing, peer: Timing, what: str, goal: str = "") -> float:
    """Print `our rate ÷ peer's rate` for the same amount of work; return the ratio of the best rounds."""
    low, mid = peer.min / ours.min, peer.median / ours.median
    print(f"  {label}: {low:.2f}x (best rounds) / {mid:.2f}x (median rounds){f'  [goal: {goal}]' if goal else ''}")
    print(f"    {what}")
    return low


@dataclass(frozen=True)
class Process:
    """One process run from outside: wall time (start-up included) and peak RSS."""

    seconds: float
    peak_rss: int
    """Bytes."""
    output: str


LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
output = child.stdout.read()
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
print(json.dumps([seconds, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status), output.decode()[-4000:]]))
"""
"""Runs a command and reports its wall time and peak RSS. Linux keeps a process's peak RSS
across fork and exec, so a command started straight from this (large) process would report
ours; started from this small launcher, it reports its own."""


def run_process(argv: Sequence[str], cwd: Path = ROOT) -> Process:
    """Run a command as a user would, to completion (timed by the launcher); raise if it fails."""
    launched = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *map(str, argv)], cwd=cwd, capture_output=True, text=True, env=_env()
    )
    if launched.returncode != 0:
        raise RuntimeError(f"the launcher failed: {launched.stderr[-2000:]}")
    seconds, peak_rss, returncode, output = json.loads(launched.stdout)
    if returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} exited {returncode}:\n{output[-2000:]}")
    return Process(seconds, peak_rss, output)


def interleave_processes(
    contestants: dict[str, Sequence[str]], rounds: int, reported: Sequence[str] = ()
) -> tuple[dict[str, Timing], dict[str, int]]:
    """Like `interleave`, for whole processes; also the highest peak RSS of each.

    Contestants named in `reported` time themselves: the first number of their output's last
    line is taken as their time (work inside the process, start-up left out)."""
    peaks: dict[str, int] = {name: 0 for name in contestants}
    seconds: dict[str, list[float]] = {name: [] for name in contestants}
    names = list(contestants)
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            process = run_process(contestants[name])
            peaks[name] = max(peaks[name], process.peak_rss)
            own = float(process.output.strip().splitlines()[-1].split()[0]) if name in reported else None
            seconds[name].append(process.seconds if own is None else own)
    return {name: Timing(tuple(values)) for name, values in seconds.items()}, peaks


def tabletop(*args: str) -> list[str]:
    """`tabletop ARGS` as a user runs it: the console script installed next to this Python."""
    script = Path(sys.executable).with_name("tabletop")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "tabletop.cli", *args]


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def megabytes(size: int) -> str:
    return f"{size / 1e6:.0f} MB"


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env
