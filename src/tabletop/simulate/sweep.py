"""Many playthroughs, split over processes, gathered into one report.

Runs are numbered; each is a pure function of (scenario, seed, policy, run index), and the
results are gathered in index order, so the report is identical whatever `jobs` is, and
whether the runs are played in local processes or on a Dask cluster (`simulate.cluster`).
"""

from __future__ import annotations

import os
import statistics
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from tabletop.engine import compile_scenario
from tabletop.engine.compiled import CompiledScenario
from tabletop.loader import LoadedScenario
from tabletop.model.base import text_in
from tabletop.simulate.playthrough import Origin, RunResult, play_once

Force = tuple[str, str] | None
"""(decision, option) answered with that option in every run (`--vary`), or None."""


@dataclass(frozen=True)
class Sweep:
    """What every process (or cluster worker) needs to play its share of the runs."""

    loaded: LoadedScenario
    seed: int
    policy: str
    origin: Origin | None = None


@dataclass(frozen=True)
class Batch:
    """Runs start … stop-1, with `force`."""

    force: Force
    start: int
    stop: int


_worker: tuple[Sweep, CompiledScenario] | None = None


def _init_worker(sweep: Sweep) -> None:
    global _worker
    _worker = (sweep, compile_scenario(sweep.loaded.scenario, sweep.loaded.playbooks))


def play_batch(sweep: Sweep, compiled: CompiledScenario, batch: Batch) -> list[RunResult]:
    return [
        play_once(compiled, sweep.seed, sweep.policy, i, sweep.origin, batch.force)
        for i in range(batch.start, batch.stop)
    ]


def _run_batch(batch: Batch) -> list[RunResult]:
    assert _worker is not None
    return play_batch(*_worker, batch)


def run_sweep(
    loaded: LoadedScenario,
    runs: int,
    seed: int,
    policy: str,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    *,
    origin: Origin | None = None,
    executor: str | None = None,
) -> list[RunResult]:
    """Play `runs` times; `progress(n)` is called as batches of n runs finish.

    `jobs` is capped at four processes per core (and at `runs`): more only costs memory.
    `origin`: continue a played session from a point instead of starting at T+00:00.
    `executor`: the address of a Dask scheduler (`tcp://host:port`) to play the runs on
    instead of local processes; the results are the same.
    """
    return run_sweeps(loaded, runs, seed, policy, [None], jobs, progress, origin=origin, executor=executor)[0]


def run_sweeps(
    loaded: LoadedScenario,
    runs: int,
    seed: int,
    policy: str,
    forces: Sequence[Force],
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    *,
    origin: Origin | None = None,
    executor: str | None = None,
) -> list[list[RunResult]]:
    """One sweep of `runs` per entry of `forces`, in one pool. Every sweep plays the same run
    seeds, so two options of a varied decision are compared on the same draws."""
    sweep = Sweep(loaded, seed, policy, origin)
    jobs = max(1, min(jobs, runs, (os.cpu_count() or 1) * 4))
    chunk = max(1, min(500, runs // (max(jobs, 1) * 8) or 1))
    batches = [Batch(force, start, min(start + chunk, runs)) for force in forces for start in range(0, runs, chunk)]
    if executor is not None:
        from tabletop.simulate.cluster import map_on_cluster

        done = map_on_cluster(executor, sweep, batches)
    elif jobs <= 1:
        _init_worker(sweep)
        done = map(_run_batch, batches)
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(sweep,))
        done = _closing(pool, pool.map(_run_batch, batches))
    results: dict[Force, list[RunResult]] = {force: [] for force in forces}
    for batch, played in zip(batches, done, strict=True):
        results[batch.force] += played
        if progress:
            progress(batch.stop - batch.start)
    return [results[force] for force in forces]


def _closing(pool: ProcessPoolExecutor, results: Iterator[list[RunResult]]) -> Iterator[list[RunResult]]:
    with pool:
        yield from results


def summarise(loaded: LoadedScenario, results: list[RunResult], seed: int, policy: str) -> dict[str, Any]:
    """The sweep report as plain data (what `simulate --json` prints)."""
    scenario = loaded.scenario
    runs = len(results)
    scores: dict[str, list[float]] = {t.id: [] for t in scenario.teams}
    peaks: dict[str, list[int]] = {a.id: [] for a in scenario.actors}
    levels_hit: set[int] = set()
    injects: Counter[str] = Counter()
    choices: Counter[tuple[str, str]] = Counter()
    defaults: Counter[tuple[str, str]] = Counter()
    opened: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    due: Counter[tuple[str, str]] = Counter()
    happened: Counter[tuple[str, str]] = Counter()
    for result in results:
        for team, points in result.scores:
            scores[team].append(points)
        for actor, peak in result.peaks:
            peaks[actor].append(peak)
        for _, levels in result.levels_hit:
            levels_hit.update(levels)
        injects.update(set(result.injects) & {i.id for i in scenario.injects})
        for decision, option, how in result.choices:
            choices[(decision, option)] += 1
            if how == "defaulted":
                defaults[(decision, option)] += 1
        opened.update(set(result.opened))
        outcomes[result.outcome] += 1
        due.update({(what, id_) for what, id_, _ in result.chances})
        happened.update({(what, id_) for what, id_, yes in result.chances if yes})
    ladder = [text_in(level, scenario.languages[0]) for level in scenario.ladder]
    return {
        "scenario": scenario.id,
        "runs": runs,
        "seed": seed,
        "policy": policy,
        "scores": {team: _distribution(values) for team, values in scores.items()},
        "peak_levels": {
            actor: {
                "mean": _round(statistics.fmean(values)) if values else 0,
                "max": max(values, default=0),
                "runs_at_level": {str(level): values.count(level) for level in sorted(set(values))},
            }
            for actor, values in peaks.items()
        },
        "injects": {i.id: injects[i.id] for i in scenario.injects},
        "decisions": {
            d.id: {
                "opened": opened[d.id],
                "options": {
                    o.id: {"chosen": choices[(d.id, o.id)], "by_default": defaults[(d.id, o.id)]} for o in d.options
                },
            }
            for d in scenario.decisions
        },
        "outcomes": dict(sorted(outcomes.items())),
        "chances": {
            f"{what}s": {
                item.id: {
                    "chance": item.chance,
                    "due": due[(what, item.id)],
                    "happened": happened[(what, item.id)],
                    "rate": _round(happened[(what, item.id)] / due[(what, item.id)]) if due[(what, item.id)] else None,
                }
                for item in items
                if item.chance < 1
            }
            for what, items in (("inject", scenario.injects), ("reaction", scenario.reactions))
        },
        "never_reached": {
            "injects": [i.id for i in scenario.injects if not injects[i.id]],
            "decisions": [d.id for d in scenario.decisions if not opened[d.id]],
            "options": [f"{d.id}/{o.id}" for d in scenario.decisions for o in d.options if not choices[(d.id, o.id)]],
            "ladder_levels": [f"{n} {name}" for n, name in enumerate(ladder) if n not in levels_hit],
            "end_conditions": [e.id for e in scenario.end if not outcomes[e.id]],
        },
    }


def _distribution(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    quantiles = statistics.quantiles(ordered, n=10, method="inclusive") if len(ordered) > 1 else [ordered[0]] * 9
    return {
        "mean": _round(statistics.fmean(ordered)),
        "stdev": _round(statistics.pstdev(ordered)),
        "min": _round(ordered[0]),
        "p10": _round(quantiles[0]),
        "median": _round(statistics.median(ordered)),
        "p90": _round(quantiles[8]),
        "max": _round(ordered[-1]),
    }


def _round(value: float) -> float:
    return round(value, 3)
