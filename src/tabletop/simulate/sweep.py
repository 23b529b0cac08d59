"""Many playthroughs, split over processes, gathered into one report.

Runs are numbered; each is a pure function of (scenario, seed, policy, run index), and the
results are gathered in index order, so the report is identical whatever `jobs` is (and a
sweep can later be mapped over a cluster without changing a line here).
"""

from __future__ import annotations

import os
import statistics
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from tabletop.engine import compile_scenario
from tabletop.engine.compiled import CompiledScenario
from tabletop.loader import LoadedScenario
from tabletop.model.base import text_in
from tabletop.simulate.playthrough import RunResult, play_once

_worker_compiled: CompiledScenario | None = None


def _init_worker(loaded: LoadedScenario) -> None:
    global _worker_compiled
    _worker_compiled = compile_scenario(loaded.scenario, loaded.playbooks)


def _run_chunk(args: tuple[int, str, int, int]) -> list[RunResult]:
    seed, policy, start, stop = args
    assert _worker_compiled is not None
    return [play_once(_worker_compiled, seed, policy, i) for i in range(start, stop)]


def run_sweep(
    loaded: LoadedScenario,
    runs: int,
    seed: int,
    policy: str,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> list[RunResult]:
    """Play `runs` times; `progress(n)` is called as batches of n runs finish.

    `jobs` is capped at four processes per core (and at `runs`): more only costs memory.
    """
    jobs = max(1, min(jobs, runs, (os.cpu_count() or 1) * 4))
    chunk = max(1, min(500, runs // (max(jobs, 1) * 8) or 1))
    batches = [(seed, policy, start, min(start + chunk, runs)) for start in range(0, runs, chunk)]
    results: list[RunResult] = []
    if jobs <= 1:
        _init_worker(loaded)
        for batch in batches:
            results += _run_chunk(batch)
            if progress:
                progress(batch[3] - batch[2])
        return results
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(loaded,)) as pool:
        for batch, done in zip(batches, pool.map(_run_chunk, batches), strict=True):
            results += done
            if progress:
                progress(batch[3] - batch[2])
    return results


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
