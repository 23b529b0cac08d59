"""Decision policies for computer playthroughs: who answers, what, and when.

A policy sees one decision point as it opens and returns `(delay, option)`: answer
`option` after `delay` seconds, or `None` to let the deadline pass and the default apply.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from tabletop.model import Scenario
from tabletop.model.scenario import DecisionPoint

Plan = tuple[int, str] | None
Policy = Callable[[DecisionPoint, int, random.Random], Plan]
"""(decision point, window in seconds, the run's generator) → plan."""

POLICIES = ("random", "first", "best", "worst")


def make_policy(name: str, scenario: Scenario) -> Policy:
    weights = {c.id: c.weight for c in scenario.scoring.criteria}

    def value(decision: DecisionPoint, option_id: str) -> float:
        option = next(o for o in decision.options if o.id == option_id)
        return sum(points * weights[c] for c, points in option.scores.items())

    def first(decision: DecisionPoint, window: int, rng: random.Random) -> Plan:
        return 0, decision.options[0].id

    def best(decision: DecisionPoint, window: int, rng: random.Random) -> Plan:
        return 0, max((o.id for o in decision.options), key=lambda o: value(decision, o))

    def worst(decision: DecisionPoint, window: int, rng: random.Random) -> Plan:
        return max(window - 1, 0), min((o.id for o in decision.options), key=lambda o: value(decision, o))

    def random_choice(decision: DecisionPoint, window: int, rng: random.Random) -> Plan:
        pick = rng.randrange(len(decision.options) + 1)
        if pick == len(decision.options):
            return None
        return rng.randrange(max(window, 1)), decision.options[pick].id

    policies: dict[str, Policy] = {"random": random_choice, "first": first, "best": best, "worst": worst}
    if name not in policies:
        raise ValueError(f"unknown policy '{name}'; choose one of {', '.join(POLICIES)}")
    return policies[name]
