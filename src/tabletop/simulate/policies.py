"""Decision policies for computer playthroughs: who answers, what, and when.

A policy sees one decision point as it opens, with the options offered at that moment (an
option with `when` only while its condition holds), and returns `(delay, option)`: answer
`option` after `delay` seconds, or `None` to let the deadline pass and the default apply.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from tabletop.model import Scenario
from tabletop.model.scenario import DecisionPoint, Option

Plan = tuple[int, str] | None
Policy = Callable[[DecisionPoint, Sequence[Option], int, random.Random], Plan]
"""(decision point, the options offered, window in seconds, the run's generator) → plan."""

POLICIES = ("random", "first", "best", "worst")


def make_policy(name: str, scenario: Scenario) -> Policy:
    weights = {c.id: c.weight for c in scenario.scoring.criteria}

    def value(option: Option) -> float:
        return sum(points * weights[c] for c, points in option.scores.items())

    def first(decision: DecisionPoint, offered: Sequence[Option], window: int, rng: random.Random) -> Plan:
        return 0, offered[0].id

    def best(decision: DecisionPoint, offered: Sequence[Option], window: int, rng: random.Random) -> Plan:
        return 0, max(offered, key=value).id

    def worst(decision: DecisionPoint, offered: Sequence[Option], window: int, rng: random.Random) -> Plan:
        return max(window - 1, 0), min(offered, key=value).id

    def random_choice(decision: DecisionPoint, offered: Sequence[Option], window: int, rng: random.Random) -> Plan:
        pick = rng.randrange(len(offered) + 1)
        if pick == len(offered):
            return None
        return rng.randrange(max(window, 1)), offered[pick].id

    policies: dict[str, Policy] = {"random": random_choice, "first": first, "best": best, "worst": worst}
    if name not in policies:
        raise ValueError(f"unknown policy '{name}'; choose one of {', '.join(POLICIES)}")
    return policies[name]
