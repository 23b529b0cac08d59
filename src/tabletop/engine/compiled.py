"""A scenario prepared for play: conditions compiled once, lookups built, watchers indexed.

Compiling is done once per scenario and shared by every engine that plays it, which is what
keeps thousands of Monte Carlo playthroughs cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tabletop.expr import Compiled, Dependency, Environment, Scope, compile_condition, scope_of
from tabletop.model import Playbook, Scenario
from tabletop.model.scenario import DecisionPoint, EndCondition, Inject, Move, Option, Reaction

INJECT, DECISION, REACTION, END, MOVE = "inject", "decision", "reaction", "end", "move"


@dataclass(frozen=True)
class Watcher:
    """Something that fires when its condition becomes true: a conditional inject, a
    conditionally opened decision, a reaction rule, an end condition or a move's start."""

    index: int
    kind: str
    id: str
    condition: Compiled
    delay: int
    once: bool
    holds_for: int | None = None
    """Fire only once the condition has held this long without a break (re-checked meanwhile)."""
    evaluate: Callable[[Environment], bool] = field(init=False, repr=False, compare=False)
    """`condition.evaluate`, one attribute away for the engine's re-checks."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "evaluate", self.condition.evaluate)


@dataclass
class CompiledScenario:
    scenario: Scenario
    playbooks: dict[str, Playbook] = field(default_factory=dict)
    injects: dict[str, Inject] = field(default_factory=dict)
    decisions: dict[str, DecisionPoint] = field(default_factory=dict)
    options: dict[tuple[str, str], Option] = field(default_factory=dict)
    reactions: dict[str, Reaction] = field(default_factory=dict)
    ends: dict[str, EndCondition] = field(default_factory=dict)
    teams: dict[str, str] = field(default_factory=dict)
    """Team id → the language it reads."""
    watchers: list[Watcher] = field(default_factory=list)
    watching: dict[Dependency, list[int]] = field(default_factory=dict)
    """What each condition reads → the watchers to re-check when it changes."""
    thresholds: dict[str, float] = field(default_factory=dict)
    chances: dict[tuple[str, str], float] = field(default_factory=dict)
    """(inject or reaction, id) → its chance, for those below 1 (the others are never drawn)."""
    top_level: int = 0
    scope: Scope = field(default_factory=Scope)
    recipients: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Inject → the teams it goes to (`to: all` spelt out)."""
    until: dict[str, Compiled] = field(default_factory=dict)
    """Recurring inject → the condition that stops its recurrences, if it has one."""
    attachments: dict[str, bytes] = field(default_factory=dict)
    """The injects' attached files by path as written (what teams are shown; the engine never reads them)."""
    moves: dict[str, Move] = field(default_factory=dict)
    """Move id → move, in the order they start."""
    held: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    """Move id → (its injects, its decisions) in file order: those whose time came before the
    move started go out when it starts."""
    inject_move: dict[str, str] = field(default_factory=dict)
    """Inject id → its move (only injects that name one)."""
    decision_move: dict[str, str] = field(default_factory=dict)
    """Decision id → its move (only decisions that name one)."""
    offered_when: dict[tuple[str, str], Compiled] = field(default_factory=dict)
    """(decision, option) → the condition under which the option is offered (options with `when`)."""


def compile_scenario(
    scenario: Scenario, playbooks: dict[str, Playbook] | None = None, attachments: dict[str, bytes] | None = None
) -> CompiledScenario:
    """Prepare a validated scenario for play. Conditions were checked at load time."""
    compiled = CompiledScenario(scenario, dict(playbooks or {}))
    compiled.attachments = dict(attachments or {})
    compiled.scope = scope_of(scenario)
    compiled.injects = {i.id: i for i in scenario.injects}
    compiled.decisions = {d.id: d for d in scenario.decisions}
    compiled.options = {(d.id, o.id): o for d in scenario.decisions for o in d.options}
    compiled.reactions = {r.id: r for r in scenario.reactions}
    compiled.ends = {e.id: e for e in scenario.end}
    compiled.teams = {t.id: t.language or scenario.languages[0] for t in scenario.teams}
    compiled.top_level = len(scenario.ladder) - 1
    compiled.thresholds = {a.id: a.threshold for a in scenario.actors}
    compiled.chances = {
        (kind, item.id): item.chance
        for kind, items in ((INJECT, scenario.injects), (REACTION, scenario.reactions))
        for item in items
        if item.chance < 1
    }
    _compile_moves(compiled)
    for inject in scenario.injects:
        if inject.when is not None:
            when = _in_move(inject.when, inject.move)
            _watch(compiled, INJECT, inject.id, when, inject.delay, True, inject.holds_for)
    _compile_deliveries(compiled)
    for decision in scenario.decisions:
        if decision.opens.when is not None:
            opens = decision.opens
            when = _in_move(opens.when, decision.move)
            _watch(compiled, DECISION, decision.id, when, opens.delay, True, opens.holds_for)
    for reaction in scenario.reactions:
        _watch(compiled, REACTION, reaction.id, reaction.when, reaction.delay, reaction.once, reaction.holds_for)
    for end in scenario.end:
        if end.when is not None:
            _watch(compiled, END, end.id, end.when, end.delay, True, end.holds_for)
    return compiled


def _compile_deliveries(compiled: CompiledScenario) -> None:
    """Who each inject goes to, and what stops each recurring one."""
    teams = list(compiled.teams)
    for inject in compiled.scenario.injects:
        compiled.recipients[inject.id] = tuple(inject.recipients(teams))
        if inject.until is not None:
            compiled.until[inject.id] = compile_condition(inject.until, compiled.scope)


def _compile_moves(compiled: CompiledScenario) -> None:
    """Moves, the timed items each one holds, and the conditions of options offered under one."""
    scenario = compiled.scenario
    compiled.moves = {m.id: m for m in scenario.moves}
    compiled.held = {m.id: ([], []) for m in scenario.moves}
    for inject in scenario.injects:
        if inject.move is not None:
            compiled.held[inject.move][0].append(inject.id)
            compiled.inject_move[inject.id] = inject.move
    for decision in scenario.decisions:
        if decision.move is not None:
            compiled.held[decision.move][1].append(decision.id)
            compiled.decision_move[decision.id] = decision.move
        for option in decision.options:
            if option.when is not None:
                compiled.offered_when[(decision.id, option.id)] = compile_condition(option.when, compiled.scope)
    for move in scenario.moves:
        if move.starts is not None and move.starts.when is not None:
            starts = move.starts
            _watch(compiled, MOVE, move.id, starts.when, starts.delay, True, starts.holds_for)


def _in_move(condition: str, move: str | None) -> str:
    """A condition of an item in a move is only considered once the move has started."""
    return condition if move is None else f"move.{move}.started and ({condition})"


def _watch(
    compiled: CompiledScenario, kind: str, id_: str, text: str, delay: int, once: bool, holds_for: int | None
) -> None:
    condition = compile_condition(text, compiled.scope)
    watcher = Watcher(len(compiled.watchers), kind, id_, condition, delay, once, holds_for)
    compiled.watchers.append(watcher)
    for dependency in sorted(condition.reads):
        compiled.watching.setdefault(dependency, []).append(watcher.index)
