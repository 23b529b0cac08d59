"""One computer playthrough: a pure function of (scenario, seed, policy, run index), and of
the point it starts from when it continues a played session."""

from __future__ import annotations

import hashlib
import heapq
import random
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class Origin:
    """Where playthroughs start when not at the scenario's T+00:00: a played session as it
    stood at a point (its engine seed and the commands that led there)."""

    seed: int
    commands: tuple[Any, ...]


def run_seed(seed: int, index: int) -> int:
    """Each run's own seed, derived so that runs are independent of how they are split."""
    digest = hashlib.sha256(f"{seed}:{index}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def play_once(
    compiled: CompiledScenario,
    seed: int,
    policy_name: str,
    index: int,
    origin: Origin | None = None,
    force: tuple[str, str] | None = None,
) -> RunResult:
    """Play to the end. From `origin` when given (its commands replayed on a new engine with
    the session's seed, then the generator reseeded for this run): what was decided stays decided; decisions open there or opening later are taken by
    the policy, except `force` = (decision, option), answered with that option as it opens
    (or at once if it is open), when the option is offered then; else its default applies."""
    scenario = compiled.scenario
    policy = make_policy(policy_name, scenario)
    own_seed = run_seed(seed, index)
    rng = random.Random(own_seed)
    events: list[ev.Event] = []
    plans: list[tuple[int, int, str, str]] = []
    counter = 0

    def plan(decision_id: str, now: int, deadline: int) -> None:
        nonlocal counter
        decision = compiled.decisions[decision_id]
        offered = [o for o in decision.options if engine.is_offered(decision.id, o.id)]
        answer = policy(decision, offered, deadline - now, rng)  # drawn even when forced: runs stay paired
        if force is not None and force[0] == decision_id:
            answer = (0, force[1]) if any(o.id == force[1] for o in offered) else None
        if answer is not None:
            counter += 1
            heapq.heappush(plans, (now + answer[0], counter, decision.id, answer[1]))

    def take(new_events: list[ev.Event]) -> None:
        for event in new_events:
            events.append(event)
            if isinstance(event, ev.DecisionOpened):
                plan(event.decision, event.time, event.deadline)

    if origin is None:
        engine = Engine(compiled, run_seed(own_seed, 1))  # chances drawn apart from the policy's choices
        take(engine.apply(c.Start()))
    else:
        engine = Engine(compiled, origin.seed)  # replaying is cheaper than copying an engine
        for command in origin.commands:
            events += engine.apply(command)
        engine.reseed(run_seed(own_seed, 1))
        if not engine.started:
            take(engine.apply(c.Start()))
        for decision_id, status in engine.decisions.items():
            if status.status == "open" and status.deadline is not None:
                plan(decision_id, engine.now, status.deadline)
    next_event = c.Advance(next=True)
    while not engine.ended:
        queued = engine.queue.peek_time()
        if plans and (queued is None or plans[0][0] <= queued):
            time, _, decision_id, option = heapq.heappop(plans)
            if time > engine.now:
                take(engine.apply(c.Advance(to=time)))
            # An option offered at the opening may be withdrawn since (its `when` no longer
            # holds): then the policy's answer is not given and the default applies.
            if (
                not engine.ended
                and engine.decisions[decision_id].status == "open"
                and engine.is_offered(decision_id, option)
            ):
                team = compiled.decisions[decision_id].teams[0]
                take(engine.apply(c.Decide(team=team, decision=decision_id, option=option)))
        elif _room_is_ready(engine, plans):
            take(engine.apply(c.StartMove()))
        else:
            take(engine.apply(next_event))
    return summarise(compiled, index, events, engine)


def _room_is_ready(engine: Engine, plans: list) -> bool:
    """Whether a move that waits for the facilitator starts now. A computer playthrough has no
    facilitator: the room moves on once no answer is planned or awaited and every timed inject
    and decision point of the current move has gone out."""
    waiting = next((m for m in engine.compiled.moves.values() if m.id not in engine.moves_started), None)
    if waiting is None or waiting.starts is not None or plans:
        return False
    if any(status.status == "open" for status in engine.decisions.values()):
        return False
    injects, decisions = engine.compiled.held.get(engine.move_current, ((), ()))
    timed = engine.compiled.injects
    return not any(
        timed[i].at is not None and i not in engine.delivered and i not in engine.cancelled for i in injects
    ) and not any(
        engine.compiled.decisions[d].opens.at is not None and engine.decisions[d].status == "pending" for d in decisions
    )


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
