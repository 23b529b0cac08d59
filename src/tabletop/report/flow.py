"""A scenario's flow as a graph: what happens when, what waits for what, what changes what.

`scenario_flow` turns a validated scenario into plain nodes, edges and clusters (one per
move); `tabletop.report.flowchart` writes them as Graphviz DOT and lets Graphviz lay them
out (no layout code of ours). Each kind of node is one entry in `KINDS` and one function in
`SECTIONS`, so a new part of the format is one style and one function.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from tabletop.expr import compile_condition, scope_of
from tabletop.model import Scenario
from tabletop.model.base import Text, format_time, text_in
from tabletop.model.effects import (
    AddState,
    CancelInject,
    ChangeRelation,
    EndScenario,
    LowerLevel,
    OpenDecision,
    RaiseLevel,
    ScheduleInject,
    SetState,
)
from tabletop.model.scenario import ALL_TEAMS, Inject


@dataclass(frozen=True)
class Kind:
    """How one kind of node is drawn, and what the legend calls it."""

    name: str
    shape: str
    fill: str
    style: str = "filled"


KINDS = {
    "move": Kind("move: how it starts (its injects and decisions are boxed with it)", "cds", "#e0e7ff"),
    "inject": Kind("inject", "note", "#dbeafe"),
    "decision": Kind("decision point", "hexagon", "#fef3c7"),
    "option": Kind("option", "box", "#fffbeb", "filled,rounded"),
    "reaction": Kind("reaction (white cell)", "octagon", "#fce7f3"),
    "end": Kind("ending", "doubleoctagon", "#fee2e2"),
}
"""Node kinds in the order the legend lists them."""

EDGES = {
    "offers": ("solid", "#92400e"),
    "offers under a condition": ("dashed", "#92400e"),
    "leads to": ("solid", "#1d4ed8"),
    "waits for": ("dashed", "#6b7280"),
}
"""Edge kinds: a decision offers options (some only under a condition); an effect leads to
an inject, a decision or an ending; a condition waits for one."""


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    label: str


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str
    label: str = ""


@dataclass
class Cluster:
    """A move: a box titled with the move, around its start and the items that name it."""

    id: str
    title: str
    members: list[str] = field(default_factory=list)
    """Node ids, the move's own start node first."""


@dataclass
class Flow:
    title: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    """Move id → its cluster, in the order the moves start."""
    timeline: list[tuple[int, str]] = field(default_factory=list)
    """(time, node id) of everything that happens at a fixed time: laid out top to bottom."""

    def add(self, kind: str, key: str, *lines: str, move: str | None = None) -> str:
        node_id = f"{kind}:{key}"
        if node_id not in self.nodes:
            self.nodes[node_id] = Node(node_id, kind, "\n".join(line for line in lines if line))
            if move is not None:
                self.clusters[move].members.append(node_id)
        return node_id


class _Builder:
    """Reads the scenario once; each section adds its nodes and edges to the flow.

    Effects on state and actors are written inside the node that has them, and conditions
    on state, relations and the clock are quoted there too: as edges to shared variables
    they made a hairball. Edges are kept for the flow itself: an option chosen, an inject
    scheduled, a decision opened, an ending reached, and "waits for" another inject, decision
    or move."""

    def __init__(self, scenario: Scenario, language: str) -> None:
        self.scenario = scenario
        self.language = language
        self.flow = Flow(self.text(scenario.title))
        self.scope = scope_of(scenario)

    def text(self, text: Text) -> str:
        return text_in(text, self.language, self.scenario.languages[0])

    def node(self, kind: str, key: str, *lines: str, at: int | None = None, move: str | None = None) -> str:
        node_id = self.flow.add(kind, key, *lines, move=move)
        if at is not None:
            self.flow.timeline.append((at, node_id))
        return node_id

    def waits(self, node_id: str, condition: str | None, label: str = "waits for") -> None:
        """Dashed edges from the injects, decisions and moves a condition reads to the node waiting for them."""
        if condition is None:
            return
        for kind, name in sorted(compile_condition(condition, self.scope).reads):
            if kind in ("inject", "decision") or (kind == "move" and _names_move(condition, name)):
                self.flow.edges.append(Edge(f"{kind}:{name}", node_id, "waits for", label))

    def trigger(self, node_id: str, when: str | None, delay: int = 0, holds_for: int | None = None) -> str:
        """Waits-for edges of a condition, and the line quoting it ('' for a timed node)."""
        wait = f"held {_span(holds_for)}" if holds_for else f"+{_span(delay)}" if delay else ""
        self.waits(node_id, when, f"waits for ({wait})" if wait else "waits for")
        return _wrap(f"when {when}" + (f" ({wait})" if wait else ""), 40) if when is not None else ""

    def effects(self, node_id: str, effects: list) -> str:
        """Adds an edge for each effect on the flow; returns the lines for effects on state and actors."""
        lines = []
        for effect in effects:
            change = self.effect(effect)
            if isinstance(change, Edge):
                self.flow.edges.append(Edge(node_id, change.target, change.kind, change.label))
            else:
                lines.append(change)
        return "\n".join(lines)

    def effect(self, effect: object) -> str | Edge:
        """An effect as a line of text, or as an edge (with no source yet) to what it sets going."""
        if isinstance(effect, SetState):
            return f"▸ {effect.set} = {_value(effect.to)}"
        if isinstance(effect, AddState):
            return f"▸ {effect.add} {effect.by:+g}"
        if isinstance(effect, RaiseLevel):
            return f"▸ {effect.raise_} level +{effect.by}"
        if isinstance(effect, LowerLevel):
            return f"▸ {effect.lower} level −{effect.by}"
        if isinstance(effect, ChangeRelation):
            source, target = effect.relation
            changes = [
                f"{k} {v:g}" for k, v in (("trust", effect.trust), ("coupling", effect.coupling)) if v is not None
            ]
            return f"▸ {source}→{target} " + ", ".join(changes)
        if isinstance(effect, ScheduleInject):
            return Edge("", f"inject:{effect.schedule}", "leads to", f"schedules (+{_span(effect.after)})")
        if isinstance(effect, CancelInject):
            return Edge("", f"inject:{effect.cancel}", "leads to", "cancels")
        if isinstance(effect, OpenDecision):
            return Edge("", f"decision:{effect.open}", "leads to", "opens")
        if isinstance(effect, EndScenario):
            if effect.end not in {e.id for e in self.scenario.end}:
                self.flow.add("end", effect.end, effect.end, _wrap(self.text(effect.text)) if effect.text else "")
            return Edge("", f"end:{effect.end}", "leads to", "ends")
        raise TypeError(f"no drawing for effect {type(effect).__name__}")


def _moves(b: _Builder) -> None:
    for n, move in enumerate(b.scenario.moves):
        b.flow.clusters[move.id] = Cluster(move.id, b.text(move.title))
        node = f"move:{move.id}"
        starts = move.starts
        if starts is None:
            start = "starts with the exercise" if n == 0 else "started by the facilitator"
        elif starts.at is not None:
            start = f"starts at {format_time(starts.at)}"
        else:
            start = "starts " + b.trigger(node, starts.when, starts.delay, starts.holds_for)
        b.node("move", move.id, f"▶ {start}", move=move.id)


def _injects(b: _Builder) -> None:
    for inject in b.scenario.injects:
        node = f"inject:{inject.id}"
        changes = b.effects(node, inject.effects)
        b.node(
            "inject",
            inject.id,
            _when(inject.at),
            b.trigger(node, inject.when, inject.delay, inject.holds_for),
            _chance(inject.chance),
            _every(b, node, inject),
            _wrap(b.text(inject.title)),
            "to all teams" if inject.to == ALL_TEAMS else f"to {', '.join(inject.to)}",
            f"✎ variant for {', '.join(inject.variants)}" if inject.variants else "",
            f"📎 {len(inject.attachments)}" if inject.attachments else "",
            changes,
            at=inject.at,
            move=inject.move,
        )


def _every(b: _Builder, node: str, inject: Inject) -> str:
    """The recurrence line (`↻ every 30m ×3`, `… until <condition>`), with edges from what `until` reads."""
    if inject.every is None:
        return ""
    b.waits(node, inject.until, "↻ until")
    bounds = [f"×{inject.times}" if inject.times else "", f"until {inject.until}" if inject.until else ""]
    return _wrap(f"↻ every {_span(inject.every)} " + " or ".join(bound for bound in bounds if bound), 40)


def _decisions(b: _Builder) -> None:
    for decision in b.scenario.decisions:
        opens = decision.opens
        node = f"decision:{decision.id}"
        teams = decision.teams
        b.node(
            "decision",
            decision.id,
            _when(opens.at),
            b.trigger(node, opens.when, opens.delay, opens.holds_for),
            _wrap(b.text(decision.prompt)),
            f"joint: {' + '.join(teams)}" if len(teams) > 1 else f"team {teams[0]}",
            at=opens.at,
            move=decision.move,
        )
        for option in decision.options:
            default = " (default)" if option.id == decision.default else ""
            key = f"{decision.id}.{option.id}"
            option_node = f"option:{key}"
            changes = b.effects(option_node, option.effects)
            offered = _wrap(f"only if {option.when}", 40) if option.when else ""
            b.node("option", key, _wrap(b.text(option.label)) + default, offered, changes, move=decision.move)
            b.flow.edges.append(Edge(node, option_node, "offers under a condition" if option.when else "offers"))
            b.waits(option_node, option.when, "offered if")


def _reactions(b: _Builder) -> None:
    for reaction in b.scenario.reactions:
        node = f"reaction:{reaction.id}"
        changes = b.effects(node, reaction.effects)
        b.node(
            "reaction",
            reaction.id,
            f"{reaction.id} ({reaction.actor})",
            b.trigger(node, reaction.when, reaction.delay, reaction.holds_for),
            _chance(reaction.chance),
            "" if reaction.once else "each time",
            changes,
        )


def _ends(b: _Builder) -> None:
    for end in b.scenario.end:
        node = f"end:{end.id}"
        b.node(
            "end",
            end.id,
            _when(end.at),
            b.trigger(node, end.when, end.delay, end.holds_for),
            end.id,
            _wrap(b.text(end.text)),
            at=end.at,
        )


SECTIONS: list[Callable[[_Builder], None]] = [_moves, _injects, _decisions, _reactions, _ends]
"""Each adds one part of the scenario; nodes first named by an effect are filled in later."""


def scenario_flow(scenario: Scenario, language: str) -> Flow:
    """The flow of a validated scenario, with its texts in `language`."""
    builder = _Builder(scenario, language)
    for section in SECTIONS:
        section(builder)
    builder.flow.timeline.sort()
    return builder.flow


def _names_move(condition: str, move: str) -> bool:
    """Whether a condition names a move (`move.x.started`, `move.current == "x"`): `move.current`
    reads every move, but only the one it is compared with is worth an edge."""
    return re.search(rf"\bmove\.{move}\b|[\"']{move}[\"']", condition) is not None


def _wrap(text: str, width: int = 32) -> str:
    return "\n".join(textwrap.wrap(" ".join(text.split()), width, max_lines=4, placeholder=" …")) or " "


def _when(at: int | None) -> str:
    return format_time(at) if at is not None else ""


def _chance(chance: float) -> str:
    return f"🎲 {chance * 100:g}% chance" if chance < 1 else ""


def _span(seconds: int) -> str:
    """A duration as scenario files write it: `45m`, `1h30m`, `90s` → `1m30s`, `0` → `0m`."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}h" if hours else "", f"{minutes}m" if minutes else "", f"{secs}s" if secs else ""]
    return "".join(parts) or "0m"


def _value(value: bool | float | str) -> str:
    """A value an effect sets: `true`, `25`, or a choice's value in quotes as conditions write it."""
    if isinstance(value, bool):
        return str(value).lower()
    return f'"{value}"' if isinstance(value, str) else f"{value:g}"
