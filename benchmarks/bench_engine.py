"""The engine's event rate against SimPy and a bare heapq loop, like for like.

Workload: a generated scenario with N scheduled injects (ties: about four per minute) whose
effects add to a state variable and raise or lower actors (escalation spreads over the
relations), a few conditional injects watching that variable, and decision points that open,
half of them answered by a team (escalation again) and half defaulting at their deadline.

- tabletop: the real engine, `Engine.apply` of real commands (`start`, `advance`, `decide`),
  each returned event passed to `observe`.
- SimPy: the same scenario as a SimPy model: every scheduled entry is a `Timeout` whose
  callback runs the model's handler; the handlers build the same typed event records
  (`engine/events.py`), apply the same effects, re-check the same conditions and call the
  same `observe`; the team's answers come from a SimPy process.
- heapq: the same model's handlers popped from a bare `(time, priority, seq, handler,
  subject)` heap: the floor for a heap-based engine doing this work. The engine's queue
  (`engine/queue.py`) goes below that floor in one respect: it sorts the schedule it knows
  at the start once instead of pushing and popping it through a heap. SimPy has no such
  operation (every entry is its own `Timeout`), so its side schedules them one by one.
The model evaluates the scenario's conditions with the same compiled functions as the engine
(`tabletop.expr`): authors write conditions as text, so any implementation evaluates them.

Each side's records are checked equal to the engine's (in their stored JSON form) before
anything is timed, so all three do the same work and produce the same events.

Garbage collection stays on, so each side pays for collecting what it allocates, but the
shared set-up (the scenario and its compiled form, hundreds of thousands of objects) is
frozen out of it first (`gc.freeze`): otherwise one full collection walks all of it, 100 ms
or more on a round of about 200 ms, landing in whichever side happens to trigger one.
Run: python -m benchmarks.bench_engine
"""

from __future__ import annotations

import gc
import heapq
import json
from collections import Counter
from itertools import count
from typing import Any

import simpy

from benchmarks.large_scenario import ACTORS, TEAMS, cast
from benchmarks.measure import interleave, rate_ratio
from tabletop.engine import Engine, compile_scenario
from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.engine.compiled import CompiledScenario
from tabletop.engine.escalation import spread
from tabletop.model import Scenario

WATCHERS = 8
SEED = 1


def scenario(injects: int) -> dict[str, Any]:
    """The benchmark scenario: `injects` scheduled injects, WATCHERS conditional ones, injects/20 decisions."""
    minutes = max(injects // 4, 1)
    items = []
    for i in range(injects):
        effects: list[dict[str, Any]] = [{"add": "pressure", "by": 1}]
        if i % 5 == 0:
            effects.append({"raise": ACTORS[i % 2], "by": 1})
        elif i % 5 == 3:
            effects.append({"lower": ACTORS[(i // 5) % 4], "by": 1})
        items.append(_inject(f"i{i}", ACTORS[i % 4], (i * 7919) % minutes, effects))
    for k in range(1, WATCHERS + 1):
        item = _inject(f"w{k}", "press", None, [])
        item.update(when=f"state.pressure >= {k * injects // (WATCHERS + 1)}", delay=5)
        items.append(item)
    decisions = [
        {
            "id": f"d{j}",
            "team": TEAMS[ACTORS[j % 2]],
            "prompt": "What now?",
            "opens": {"at": (j * 20 + 3) % minutes},
            "window": 30,
            "default": "wait",
            "options": [
                {"id": "act", "label": "Act", "scores": {"q": 3}, "effects": [{"raise": ACTORS[j % 2], "by": 1}]},
                {"id": "wait", "label": "Wait", "scores": {"q": 0}, "effects": [{"add": "pressure", "by": 5}]},
            ],
        }
        for j in range(injects // 20)
    ]
    return {
        **cast("bench", minutes + 120, 1_000_000_000),
        "injects": items,
        "decisions": decisions,
    }


def _inject(id_: str, sender: str, at: int | None, effects: list) -> dict[str, Any]:
    item = {"id": id_, "from": sender, "to": [TEAMS["csirt"]], "title": id_, "body": id_, "effects": effects}
    if at is not None:
        item["at"] = at
    return item


def answers(scenario: Scenario) -> list[tuple[int, str, str]]:
    """(time, decision, team) for the decisions a team answers: every other one, 10m17s after it opens."""
    plan = [(d.opens.at + 617, d.id, d.team) for i, d in enumerate(scenario.decisions) if i % 2 == 0]
    return sorted(plan)


def engine_commands(scenario: Scenario) -> list[Any]:
    commands: list[Any] = [c.Start()]
    for time, decision, team in answers(scenario):
        commands.append(c.Advance(to=time))
        commands.append(c.Decide(team=team, decision=decision, option="act", rationale="contain"))
    commands.append(c.Advance(to=scenario.clock.duration))
    return commands


def run_engine(compiled, commands: list[Any], observe) -> None:
    engine = Engine(compiled, SEED)
    for command in commands:
        for event in engine.apply(command):
            observe(event)


class Model:
    """The benchmark scenario's rules written out for an external scheduler (`schedule`)."""

    def __init__(self, compiled: CompiledScenario, observe, schedule) -> None:
        """`compiled`: the scenario's lookups and conditions, prepared once as for the engine."""
        scenario = self.scenario = compiled.scenario
        self.observe = observe
        self.schedule = schedule
        self.now = 0
        self.ended = False
        self.state = {"pressure": 0}
        self.levels = {a: 0 for a in ACTORS}
        self.heat = {a: 0.0 for a in ACTORS}
        self.thresholds = {a.id: a.threshold for a in scenario.actors}
        self.edges: dict[str, list[tuple[str, list[float]]]] = {}
        for r in scenario.relations:
            self.edges.setdefault(r.from_, []).append((r.to, [r.trust, r.coupling]))
        self.injects = compiled.injects
        self.decisions = compiled.decisions
        self.watchers = [(w.id, w.condition.evaluate, w.delay) for w in compiled.watchers]
        self.last = [False] * len(self.watchers)
        self.fired = [False] * len(self.watchers)
        self.dirty = False
        self.delivered: set[str] = set()
        """With `state` and `levels`, what the scenario's compiled conditions read (tabletop.expr.Environment)."""
        self.open: dict[str, int] = {}

    def start(self) -> None:
        self.observe(ev.Started(0, seed=SEED))
        for inject in self.scenario.injects:
            if inject.at is not None:
                self.schedule(inject.at, self.deliver_scheduled, inject.id)
        for decision in self.scenario.decisions:
            self.schedule(decision.opens.at, self.open_decision, decision.id)
        self.schedule(self.scenario.clock.duration, self.time_up, None)
        self.dirty = True
        self.settle()

    def deliver_scheduled(self, inject_id: str) -> None:
        self.deliver(inject_id, "scheduled")

    def deliver(self, inject_id: str, via: str) -> None:
        inject = self.injects[inject_id]
        self.delivered.add(inject_id)
        self.observe(ev.InjectDelivered(self.now, inject_id, tuple(inject.to), via))
        self.effects(inject.effects, f"inject:{inject_id}")

    def open_decision(self, decision_id: str) -> None:
        decision = self.decisions[decision_id]
        deadline = self.now + decision.window
        self.open[decision_id] = self.now
        self.observe(ev.DecisionOpened(self.now, decision_id, decision.team, deadline))
        self.schedule(deadline, self.deadline, decision_id)

    def deadline(self, decision_id: str) -> None:
        if self.open.pop(decision_id, None) is None:
            return
        decision = self.decisions[decision_id]
        self.observe(ev.DecisionDefaulted(self.now, decision_id, decision.team, "wait"))
        self.effects(decision.options[1].effects, f"default:{decision_id}/wait")

    def decide(self, decision_id: str, team: str) -> None:
        opened = self.open.pop(decision_id)
        self.observe(
            ev.DecisionMade(
                self.now,
                decision=decision_id,
                team=team,
                option="act",
                text=None,
                rationale="contain",
                elapsed=self.now - opened,
            )
        )
        self.effects(self.decisions[decision_id].options[0].effects, f"decision:{decision_id}/act")

    def fire(self, index: int) -> None:
        inject_id = self.watchers[index][0]
        if inject_id not in self.delivered:
            self.deliver(inject_id, "condition")

    def time_up(self, _: None) -> None:
        self.ended = True
        self.observe(ev.Ended(self.now, outcome="time_up", text="the scenario clock ran out"))

    def effects(self, effects: list[Any], cause: str) -> None:
        for effect in effects:
            kind = type(effect).__name__
            if kind == "AddState":
                previous = self.state["pressure"]
                value = self.state["pressure"] = round(previous + effect.by)  # an integer variable
                self.observe(ev.StateChanged(self.now, "pressure", value, previous, cause))
                self.dirty = True
            elif kind == "RaiseLevel":
                self.raise_level(effect.raise_, effect.by, cause)
            else:
                old = self.levels[effect.lower]
                self.heat[effect.lower] = 0.0
                if old:
                    self.levels[effect.lower] = old - 1
                    self.observe(ev.LevelChanged(self.now, effect.lower, old - 1, old, cause))

    def raise_level(self, actor: str, by: int, cause: str) -> None:
        old = self.levels[actor]
        new = min(old + by, 4)
        if new == old:
            return
        self.levels[actor] = new
        self.heat[actor] = 0.0
        self.observe(ev.LevelChanged(self.now, actor, new, old, cause))

        def on_rise(target: str, previous: int, level: int, source: str) -> None:
            self.observe(ev.LevelChanged(self.now, target, level, previous, cause, source))

        spread(actor, new - old, self.levels, self.heat, self.thresholds, self.edges, 4, on_rise)

    def settle(self) -> None:
        if not self.dirty:
            return
        self.dirty = False
        for i, (_, condition, delay) in enumerate(self.watchers):
            if self.fired[i]:
                continue
            value = condition(self)
            if value and not self.last[i]:
                self.fired[i] = True
                self.schedule(self.now + delay, self.fire, i)
            self.last[i] = value


def run_simpy(compiled: CompiledScenario, plan: list[tuple[int, str, str]], observe) -> None:
    env = simpy.Environment()

    def dispatch(event: simpy.Event) -> None:
        handler, subject = event._value
        model.now = env.now
        handler(subject)
        model.settle()

    def schedule(time: int, handler, subject) -> None:
        env.timeout(time - env.now, (handler, subject)).callbacks.append(dispatch)

    def team(env: simpy.Environment):
        for time, decision, who in plan:
            yield env.timeout(time - env.now)
            model.now = env.now
            model.decide(decision, who)
            model.settle()

    model = Model(compiled, observe, schedule)
    model.start()
    env.process(team(env))
    env.run()


def run_heapq(compiled: CompiledScenario, plan: list[tuple[int, str, str]], observe) -> None:
    heap: list = []
    sequence = count()

    def schedule(time: int, handler, subject) -> None:
        heapq.heappush(heap, (time, 0, next(sequence), handler, subject))

    model = Model(compiled, observe, schedule)
    model.start()
    for time, decision, who in plan:
        schedule(time, lambda d, who=who: model.decide(d, who), decision)
    while heap and not model.ended:
        model.now, _, _, handler, subject = heapq.heappop(heap)
        handler(subject)
        model.settle()


def main(injects: int = 20_000, rounds: int = 9) -> dict[str, float]:
    scenario_model = Scenario.model_validate(scenario(injects))
    compiled = compile_scenario(scenario_model)
    commands = engine_commands(scenario_model)
    plan = answers(scenario_model)
    seen: list[ev.EventBase] = []
    kinds: dict[str, int] = {}

    def observe(event: ev.EventBase) -> None:
        """What each side does with each event: keep it (as a session does) and count its kind."""
        seen.append(event)
        kinds[event.kind] = kinds.get(event.kind, 0) + 1

    gc.collect()
    gc.freeze()  # the shared set-up: see the module docstring
    sides = {
        "tabletop": lambda: run_engine(compiled, commands, observe),
        "simpy": lambda: run_simpy(compiled, plan, observe),
        "heapq": lambda: run_heapq(compiled, plan, observe),
    }
    stored: dict[str, list[str]] = {}
    for name, side in sides.items():  # in the form a session stores them: 1.0 is not 1
        seen.clear()
        side()
        stored[name] = [json.dumps(ev.event_json(e)) for e in seen]
    events = len(stored["tabletop"])
    for name in ("simpy", "heapq"):
        assert stored[name] == stored["tabletop"], f"{name} does not produce the engine's events"
    mix = ", ".join(f"{n:,} {kind}" for kind, n in sorted(Counter(e.kind for e in seen).items()))
    stored.clear()  # kept, they would lengthen every full collection in whichever side triggers one

    def timed(side):
        def run() -> None:
            seen.clear()
            side()

        return run

    timings = interleave({name: timed(side) for name, side in sides.items()}, rounds)
    print(
        f"{injects:,} scheduled injects ({injects // 4:,} distinct minutes), {WATCHERS} conditional injects, "
        f"{len(plan) * 2:,} decision points (half answered): {events:,} events per side ({mix})"
    )
    for name, timing in timings.items():
        print(
            f"  {name:8} {events / timing.min / 1e3:7.0f} k events/s best, {events / timing.median / 1e3:7.0f} k median; {timing}"
        )
    result = rate_ratio(
        "engine ÷ SimPy",
        timings["tabletop"],
        timings["simpy"],
        f"events per second of the engine (Engine.apply of {len(commands):,} commands) over SimPy {simpy.__version__} "
        "running the same scenario: the same handlers' work, records and callback per event",
        ">= 1.5x",
    )
    floor = rate_ratio(
        "engine ÷ bare heapq",
        timings["tabletop"],
        timings["heapq"],
        "the engine over the same model popped from a bare heapq loop (the floor for a heap-based engine)",
    )
    rate_ratio(
        "bare heapq ÷ SimPy",
        timings["heapq"],
        timings["simpy"],
        "the bare heap over SimPy: what SimPy's own scheduling costs",
    )
    gc.unfreeze()
    return {"engine_over_simpy": result, "engine_over_heapq": floor, "events": events}


if __name__ == "__main__":
    main()
