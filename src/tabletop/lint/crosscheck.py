"""`check --simulate N`: play the scenario N times and set the figures beside the findings.

Static analysis says what can never happen; Monte Carlo says what did not happen in N
runs. Each confirms the other: an item `check` proves impossible must show 0 runs, and an
item no run reached though `check` found no reason gets a note (rare, timing, or a policy
that never takes that path).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tabletop.lint.findings import Finding
from tabletop.lint.reachability import Reach
from tabletop.loader import LoadedScenario
from tabletop.simulate import run_sweep, summarise

POLICY = "random"


@dataclass(frozen=True)
class CrossCheck:
    runs: int
    seed: int
    reached: dict[str, int]
    """Item (`inject:x`, `decision:x`, `option:d/o`, `end:x`) → in how many runs it happened."""
    findings: list[Finding]
    explained: int = 0
    """Items no run reached that `check` proves can never happen."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "seed": self.seed,
            "policy": POLICY,
            "reached": self.reached,
            "never_reached": sum(1 for n in self.reached.values() if not n),
            "never_reached_explained": self.explained,
        }


def cross_check(loaded: LoadedScenario, reach: Reach, runs: int, seed: int) -> CrossCheck:
    report = summarise(loaded, run_sweep(loaded, runs, seed, POLICY), seed, POLICY)
    counts = _counts(report)
    counts.update({f"end:{e.id}": report["outcomes"].get(e.id, 0) for e in loaded.scenario.end})
    findings: list[Finding] = []
    for key, item in reach.items.items():
        label = f"{key[0]}:{key[1]}"
        if label not in counts:
            continue
        count = counts[label]
        if key in reach.happens and count == 0:
            if item.needs is not None and counts.get(f"{item.needs[0]}:{item.needs[1]}") == 0:
                continue
            findings.append(
                Finding(
                    "note",
                    "simulate",
                    item.condition_at if item.condition is not None else item.where,
                    f"{item.name} was reached in none of {runs} simulated runs, though check found nothing "
                    "that stops it (a rare path, the timing, or random choices that never take it)",
                )
            )
        elif key not in reach.happens and count > 0:
            findings.append(
                Finding(
                    "note",
                    "simulate",
                    item.where,
                    f"{item.name} was reached in {count} of {runs} simulated runs although check found it "
                    "never happens: this is a bug in check, please report it",
                )
            )
    explained = sum(1 for k in reach.items if k not in reach.happens and counts.get(f"{k[0]}:{k[1]}") == 0)
    return CrossCheck(runs, seed, counts, findings, explained)


def _counts(report: dict[str, Any]) -> dict[str, int]:
    counts = {f"inject:{k}": v for k, v in report["injects"].items()}
    for decision, d in report["decisions"].items():
        counts[f"decision:{decision}"] = d["opened"]
        for option, o in d["options"].items():
            counts[f"option:{decision}/{option}"] = o["chosen"]
    return counts
