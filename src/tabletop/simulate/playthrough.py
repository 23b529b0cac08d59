"""One computer playthrough: a pure function of (scenario, seed, policy, run index)."""

from __future__ import annotations

import hashlib
import heapq
import random
from dataclasses import dataclass

from tabletop.engine import Engine
from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.engine.compiled import CompiledScenario
from tabletop.scoring import score_session
from tabletop.simulate.policies import make_policy


@dataclass(frozen=True)
class RunResult:
    """What one playthrough reached: small, picklable, enough for every report figure."""

    index: int
    scores: tuple[tuple[str, float], ...]
    peaks: tuple[tuple[str, int], ...]
    levels_hit: tuple[tuple[str, tuple[int, ...]], ...]
    injects: tuple[str, ...]
    choices: tuple[tuple[str, str, str], ...]
    """(decision, option, how) with how = decided or defaulted."""
    opened: tuple[str, ...]
    outcome: str
    end_time: int
    chances: tuple[tuple[str, str, bool], ...] = ()
    """(inject or reaction, id, happened) for each chance drawn, in order."""


def run_seed(seed: int, index: int) -> int:
    """Each run's own seed, derived so that runs are independent of how they are split."""
    digest = hashlib.sha256(f"{seed}:{index}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def play_once(compiled: CompiledScenario, seed: int, policy_name: str, index: int) -> RunResult:
    scenario = compiled.scenario
    policy = make_policy(policy_name, scenario)
    own_seed = run_seed(seed, index)
    rng = random.Random(own_seed)
    engine = Engine(compiled, run_seed(own_seed, 1))  # chances drawn apart from the policy's choices
    events: list[ev.Event] = []
    plans: list[tuple[int, int, str, str]] = []
    counter = 0

    def take(new_events: list[ev.Event]) -> None:
        nonlocal counter
        for event in new_events:
            events.append(event)
            if isinstance(event, ev.DecisionOpened):
                decision = compiled.decisions[event.decision]
                plan = policy(decision, event.deadline - event.time, rng)
                if plan is not None:
                    counter += 1
                    heapq.heappush(plans, (event.time + plan[0], counter, decision.id, plan[1]))

    take(engine.apply(c.Start()))
    next_event = c.Advance(next=True)
    while not engine.ended:
        queued = engine.queue.peek_time()
        if plans and (queued is None or plans[0][0] <= queued):
            time, _, decision_id, option = heapq.heappop(plans)
            if time > engine.now:
                take(engine.apply(c.Advance(to=time)))
            if not engine.ended and engine.decisions[decision_id].status == "open":
                team = compiled.decisions[decision_id].team
                take(engine.apply(c.Decide(team=team, decision=decision_id, option=option)))
        else:
            take(engine.apply(next_event))
    return summarise(compiled, index, events, engine)


def summarise(compiled: CompiledScenario, index: int, events: list[ev.Event], engine: Engine) -> RunResult:
    scenario = compiled.scenario
    hit = {a.id: {a.level} for a in scenario.actors}
    for event in events:
        if isinstance(event, ev.LevelChanged):
            hit[event.actor].add(event.level)
    scores = score_session(scenario, events)
    choices = tuple(
        (e.decision, e.option, "defaulted" if isinstance(e, ev.DecisionDefaulted) else "decided")
        for e in events
        if isinstance(e, ev.DecisionMade | ev.DecisionDefaulted) and e.option
    )
    return RunResult(
        index=index,
        scores=tuple((team, round(score.points, 6)) for team, score in scores.items()),
        peaks=tuple((actor, max(levels)) for actor, levels in hit.items()),
        levels_hit=tuple((actor, tuple(sorted(levels))) for actor, levels in hit.items()),
        injects=tuple(e.inject for e in events if isinstance(e, ev.InjectDelivered)),
        choices=choices,
        opened=tuple(e.decision for e in events if isinstance(e, ev.DecisionOpened)),
        outcome=engine.outcome or "",
        end_time=engine.now,
        chances=tuple((e.what, e.id, e.happened) for e in events if isinstance(e, ev.ChanceDrawn)),
    )
