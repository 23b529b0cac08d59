"""A scenario's flow as a graph: what happens when, what waits for what, what changes what.

`scenario_flow` turns a validated scenario into plain nodes and edges; `flow_dot` writes
them as Graphviz DOT, which `tabletop graph` lays out with Graphviz itself (no layout code
of ours). Each kind of node is one entry in `KINDS` and one function in `SECTIONS`, so a
new part of the format (moves, say) is one style and one function.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise

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
from tabletop.text import visible


@dataclass(frozen=True)
class Kind:
    """How one kind of node is drawn, and what the legend calls it."""

    name: str
    shape: str
    fill: str
    style: str = "filled"


KINDS = {
    "inject": Kind("inject", "note", "#dbeafe"),
    "decision": Kind("decision point", "hexagon", "#fef3c7"),
    "option": Kind("option", "box", "#fffbeb", "filled,rounded"),
    "reaction": Kind("reaction (white cell)", "octagon", "#fce7f3"),
    "end": Kind("ending", "doubleoctagon", "#fee2e2"),
}
"""Node kinds in the order the legend lists them."""

EDGES = {
    "offers": ("solid", "#92400e"),
    "leads to": ("solid", "#1d4ed8"),
    "waits for": ("dashed", "#6b7280"),
}
"""Edge kinds: a decision offers options; an effect leads to an inject, a decision or an ending; a condition waits for one."""


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
class Flow:
    title: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    timeline: list[tuple[int, str]] = field(default_factory=list)
    """(time, node id) of everything that happens at a fixed time: laid out top to bottom."""

    def add(self, kind: str, key: str, *lines: str) -> str:
        node_id = f"{kind}:{key}"
        if node_id not in self.nodes:
            self.nodes[node_id] = Node(node_id, kind, "\n".join(line for line in lines if line))
        return node_id


class _Builder:
    """Reads the scenario once; each section adds its nodes and edges to the flow.

    Effects on state and actors are written inside the node that has them, and conditions
    on state are quoted there too: as edges to shared variables they made a hairball.
    Edges are kept for the flow itself: an option chosen, an inject scheduled, a decision
    opened, an ending reached, and "waits for" another inject or decision."""

    def __init__(self, scenario: Scenario, language: str) -> None:
        self.scenario = scenario
        self.language = language
        self.flow = Flow(self.text(scenario.title))
        self.scope = scope_of(scenario)

    def text(self, text: Text) -> str:
        return text_in(text, self.language, self.scenario.languages[0])

    def node(self, kind: str, key: str, *lines: str, at: int | None = None) -> str:
        node_id = self.flow.add(kind, key, *lines)
        if at is not None:
            self.flow.timeline.append((at, node_id))
        return node_id

    def when(self, condition: str | None, delay: int = 0) -> str:
        """The line quoting a condition, or '' for a timed node."""
        if condition is None:
            return ""
        after = f" (+{_duration(delay)})" if delay else ""
        return _wrap(f"when {condition}{after}", 40)

    def waits(self, node_id: str, condition: str | None) -> None:
        """Dashed edges from the injects and decisions a condition reads to the node waiting for them."""
        if condition is None:
            return
        for kind, name in sorted(compile_condition(condition, self.scope).reads):
            if kind in ("inject", "decision"):
                self.flow.edges.append(Edge(f"{kind}:{name}", node_id, "waits for", "waits for"))

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
            return Edge("", f"inject:{effect.schedule}", "leads to", f"schedules (+{_duration(effect.after)})")
        if isinstance(effect, CancelInject):
            return Edge("", f"inject:{effect.cancel}", "leads to", "cancels")
        if isinstance(effect, OpenDecision):
            return Edge("", f"decision:{effect.open}", "leads to", "opens")
        if isinstance(effect, EndScenario):
            if effect.end not in {e.id for e in self.scenario.end}:
                self.flow.add("end", effect.end, effect.end, _wrap(self.text(effect.text)) if effect.text else "")
            return Edge("", f"end:{effect.end}", "leads to", "ends")
        raise TypeError(f"no drawing for effect {type(effect).__name__}")


def _injects(b: _Builder) -> None:
    for inject in b.scenario.injects:
        title = _wrap(b.text(inject.title))
        changes = b.effects(f"inject:{inject.id}", inject.effects)
        b.node(
            "inject",
            inject.id,
            _when(inject.at),
            b.when(inject.when, inject.delay),
            title,
            f"to {_names(inject.to)}",
            changes,
            at=inject.at,
        )
        b.waits(f"inject:{inject.id}", inject.when)


def _decisions(b: _Builder) -> None:
    for decision in b.scenario.decisions:
        opens = decision.opens
        prompt = _wrap(b.text(decision.prompt))
        node = b.node(
            "decision",
            decision.id,
            _when(opens.at),
            b.when(opens.when, opens.delay),
            prompt,
            f"team {_names(decision.team)}",
            at=opens.at,
        )
        b.waits(node, opens.when)
        for option in decision.options:
            default = " (default)" if option.id == decision.default else ""
            key = f"{decision.id}.{option.id}"
            changes = b.effects(f"option:{key}", option.effects)
            option_node = b.node("option", key, _wrap(b.text(option.label)) + default, changes)
            b.flow.edges.append(Edge(node, option_node, "offers"))


def _reactions(b: _Builder) -> None:
    for reaction in b.scenario.reactions:
        changes = b.effects(f"reaction:{reaction.id}", reaction.effects)
        node = b.node(
            "reaction", reaction.id, f"{reaction.id} ({reaction.actor})", b.when(reaction.when, reaction.delay), changes
        )
        b.waits(node, reaction.when)


def _ends(b: _Builder) -> None:
    for end in b.scenario.end:
        node = b.node(
            "end", end.id, _when(end.at), b.when(end.when, end.delay), end.id, _wrap(b.text(end.text)), at=end.at
        )
        b.waits(node, end.when)


SECTIONS: list[Callable[[_Builder], None]] = [_injects, _decisions, _reactions, _ends]
"""Each adds one part of the scenario; nodes first named by an effect are filled in later."""


def scenario_flow(scenario: Scenario, language: str) -> Flow:
    """The flow of a validated scenario, with its texts in `language`."""
    builder = _Builder(scenario, language)
    for section in SECTIONS:
        section(builder)
    builder.flow.timeline.sort()
    return builder.flow


def flow_dot(flow: Flow) -> str:
    """The flow as a Graphviz digraph; every id and label is a quoted, escaped DOT string."""
    lines = [
        "digraph scenario {",
        f"  graph [label={_quote(flow.title)}, labelloc=t, fontsize=18, rankdir=TB, nodesep=0.3, ranksep=0.5];",
        '  node [fontname="Helvetica", fontsize=10, margin="0.12,0.06"];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for node in flow.nodes.values():
        kind = KINDS[node.kind]
        lines.append(
            f"  {_quote(node.id)} [label={_quote(node.label)}, shape={kind.shape}, "
            f'style="{kind.style}", fillcolor="{kind.fill}", class="{node.kind}"];'
        )
    for edge in flow.edges:
        style, colour = EDGES[edge.kind]
        label = f", label={_quote(edge.label)}" if edge.label else ""
        lines.append(
            f"  {_quote(edge.source)} -> {_quote(edge.target)} "
            f'[style={style}, color="{colour}", class="{edge.kind}"{label}];'
        )
    lines += _timeline(flow)
    lines += _loose(flow)
    lines.append("}")
    return "\n".join(lines) + "\n"


ROWS = 200
"""At most this many rows laid out by invisible edges: a longer chain exhausts Graphviz's stack."""


def _timeline(flow: Flow) -> Iterator[str]:
    """What happens at fixed times, top to bottom in time order: a row per time (per span of
    times in a long scenario), each hung below the row before."""
    if not flow.timeline:
        return
    first, last = flow.timeline[0][0], flow.timeline[-1][0]
    times = {time: n for n, time in enumerate(sorted({time for time, _ in flow.timeline}))}
    rows: dict[int, list[str]] = {}
    for time, node in flow.timeline:
        row = times[time] if len(times) <= ROWS else (time - first) * (ROWS - 1) // (last - first)
        rows.setdefault(row, []).append(node)
    yield from _stacked([rows[row] for row in sorted(rows)])


def _loose(flow: Flow) -> Iterator[str]:
    """Nodes nothing leads to and no time places (rules on state, mostly white-cell reactions)
    stacked in a column by invisible edges, instead of one long row across the top."""
    placed = {node for _, node in flow.timeline} | {edge.target for edge in flow.edges}
    loose = [node for node in flow.nodes if node not in placed]
    per_row = -(-len(loose) // ROWS)
    yield from _stacked([loose[i : i + per_row] for i in range(0, len(loose), per_row)])


def _stacked(rows: list[list[str]]) -> Iterator[str]:
    for above, below in pairwise(rows):
        for node in below:
            yield f"  {_quote(above[0])} -> {_quote(node)} [style=invis, weight=2];"


def _quote(text: str) -> str:
    """A DOT string that Graphviz shows exactly as typed: quotes and backslashes escaped,
    `&` written as an entity (Graphviz reads `&lt;` in labels as `<`), lines split with `\\n`."""
    lines = visible(text).split("\n")
    escaped = [line.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;") for line in lines]
    return '"' + "\\n".join(escaped) + '"'


def _names(ids: str | list[str]) -> str:
    """One id or a list of them (a joint decision's teams, an inject's recipients), for a label."""
    return ids if isinstance(ids, str) else ", ".join(ids)


def _wrap(text: str, width: int = 32) -> str:
    return "\n".join(textwrap.wrap(" ".join(text.split()), width, max_lines=4, placeholder=" …")) or " "


def _when(at: int | None) -> str:
    return format_time(at) if at is not None else ""


def _duration(seconds: int) -> str:
    return format_time(seconds).removeprefix("T+")


def _value(value: bool | float) -> str:
    return str(value).lower() if isinstance(value, bool) else f"{value:g}"
