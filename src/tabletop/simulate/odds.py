"""The odds of each option of one decision point (`simulate --vary`, the report's debrief odds).

Each option in turn is forced (answered with that option as the decision opens, or at once
if it is open at the start), the rest is left to the policy; every option plays the same
run seeds, so the options are compared on the same chance draws. The runs start at the
scenario's T+00:00 or continue a played session from a point (`Origin`).
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from tabletop.engine import Engine
from tabletop.errors import TabletopError, did_you_mean
from tabletop.loader import LoadedScenario
from tabletop.model.base import format_time, text_in
from tabletop.simulate.playthrough import RunResult
from tabletop.simulate.sweep import Force


class CannotVary(TabletopError):
    """A decision point to vary that is unknown, or already decided at the point."""

    title = "vary"


def check_varied(loaded: LoadedScenario, decision: str, engine: Engine | None = None) -> None:
    """`decision` is a decision point of the scenario, open or yet to open in `engine` (if given)."""
    decisions = [d.id for d in loaded.scenario.decisions]
    if decision not in decisions:
        raise CannotVary(f"unknown decision point '{decision}'{did_you_mean(decision, decisions)}")
    if engine is None:
        return
    status = engine.decisions[decision]
    if status.status == "closed":
        still = [d for d in decisions if engine.decisions[d].status != "closed"]
        answer = f"'{status.option}'" if status.option else "a free-text answer"
        how = "defaulted to" if status.defaulted else "decided with"
        raise CannotVary(
            f"decision point '{decision}' was already {how} {answer} by {format_time(engine.now)}: vary one that is "
            f"open or yet to open there ({', '.join(still) or 'none is left'})"
        )


def forces(loaded: LoadedScenario, decision: str) -> list[Force]:
    """The sweeps to play for `decision` (`run_sweeps`): each of its options forced in turn."""
    point = next(d for d in loaded.scenario.decisions if d.id == decision)
    return [(decision, option.id) for option in point.options]


def summarise_vary(loaded: LoadedScenario, decision: str, played: list[list[RunResult]]) -> dict[str, Any]:
    """Per option of `decision` (`played`: the runs of each of its `forces`, in order): the share
    of runs reaching each outcome and each team's mean score (`simulate --vary --json`'s `vary`)."""
    scenario = loaded.scenario
    language = scenario.languages[0]
    point = next(d for d in scenario.decisions if d.id == decision)
    return {
        "decision": decision,
        "prompt": text_in(point.prompt, language),
        "options": [
            _option(option.id, text_in(option.label, language), decision, results, [t.id for t in scenario.teams])
            for option, results in zip(point.options, played, strict=True)
        ],
    }


def _option(option: str, label: str, decision: str, results: list[RunResult], teams: list[str]) -> dict[str, Any]:
    runs = len(results)
    outcomes = Counter(r.outcome for r in results)
    scores: dict[str, list[float]] = {team: [] for team in teams}
    for result in results:
        for team, points in result.scores:
            scores[team].append(points)
    return {
        "option": option,
        "label": label,
        "runs": runs,
        "taken": sum(1 for r in results if (decision, option, "decided") in r.choices),
        "outcomes": {outcome: round(count / runs, 3) for outcome, count in sorted(outcomes.items())},
        "mean_scores": {team: round(statistics.fmean(values), 3) if values else 0 for team, values in scores.items()},
    }
