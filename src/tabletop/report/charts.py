"""Charts for the report, drawn with matplotlib as inline SVG.

SVG keeps the HTML one self-contained file that opens offline and prints sharply. Output
is deterministic (fixed hash salt, no date in the metadata), so a regenerated report is
byte-identical. Lines differ by style as well as colour, and levels are labelled by name.
"""

from __future__ import annotations

import io
import re
import warnings
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context
from matplotlib.figure import Figure

STYLE = {
    "svg.hashsalt": "tabletop",
    "svg.fonttype": "none",
    "text.parse_math": False,  # names are text: "$5m $6m" is not mathtext
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
LINESTYLES = ("-", "--", "-.", ":")
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    with rc_context(STYLE), warnings.catch_warnings():
        # Control characters in names are drawn as symbols (␛) the layout font may lack; the
        # SVG keeps them as text, for the reader's browser to draw.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    text = buffer.getvalue()
    return _METADATA.sub("", text[text.index("<svg") :])


def _hours(seconds: float) -> float:
    return seconds / 3600


def escalation_chart(series: dict[str, Any], ladder: list[str], names: dict[str, str], hours_label: str) -> str:
    with rc_context(STYLE):
        figure = Figure(figsize=(8, 3.6))
        axes = figure.subplots()
        end = series["end"]
        for i, (actor, points) in enumerate(series["levels"].items()):
            xs = [_hours(t) for t, _ in points] + [_hours(end)]
            ys = [level for _, level in points] + [points[-1][1]]
            offset = (i % 5 - 2) * 0.03  # keep overlapping lines apart
            axes.step(
                xs,
                [y + offset for y in ys],
                where="post",
                linestyle=LINESTYLES[i % 4],
                linewidth=1.6,
                label=names.get(actor, actor),
            )
        axes.set_yticks(range(len(ladder)), [f"{n} {name}" for n, name in enumerate(ladder)])
        axes.set_xlabel(hours_label)
        axes.set_xlim(0, _hours(end))
        axes.grid(axis="y", alpha=0.3)
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
        return _svg(figure)


def state_chart(
    series: dict[str, Any],
    bounds: dict[str, tuple[float | None, float | None, list[str] | None]],
    hours_label: str,
) -> str:
    """Small multiples, one per variable, on the variable's own bounds; flags (false/true)
    and choices (their values) on a scale labelled with their values."""
    variables = list(series["state"].items())
    if not variables:
        return ""
    columns = 3
    rows = (len(variables) + columns - 1) // columns
    with rc_context(STYLE):
        figure = Figure(figsize=(8, 1.7 * rows))
        grid = figure.subplots(rows, columns, squeeze=False)
        end = series["end"]
        for index, axes in enumerate(grid.flat):
            if index >= len(variables):
                axes.set_visible(False)
                continue
            name, points = variables[index]
            xs = [_hours(t) for t, _ in points] + [_hours(end)]
            ys = [v for _, v in points] + [points[-1][1]]
            axes.step(xs, ys, where="post", linewidth=1.4)
            axes.set_title(name, fontsize=8, loc="left")
            low, high, labels = bounds.get(name, (None, None, None))
            if labels:
                axes.set_ylim(-0.1, len(labels) - 0.9)
                axes.set_yticks(range(len(labels)), labels)
            else:
                values = [v for _, v in points]
                low = min(values) if low is None else low
                high = max(values) if high is None else high
                margin = (high - low) * 0.05 or 1.0
                axes.set_ylim(low - margin, high + margin)
            axes.set_xlim(0, _hours(end))
            axes.tick_params(labelsize=7)
        figure.supxlabel(hours_label, fontsize=8)
        figure.tight_layout()
        return _svg(figure)


def scores_chart(
    teams: dict[str, str], objectives: dict[str, str], percent: dict[tuple[str, str], float | None]
) -> str:
    """Grouped horizontal bars: for each objective, each team's % of points possible."""
    rows = [(o, t) for o in objectives for t in teams if percent.get((t, o)) is not None]
    if not rows:
        return ""
    with rc_context(STYLE):
        figure = Figure(figsize=(8, 0.32 * len(rows) + 0.8))
        axes = figure.subplots()
        hatches = ("", "//", "..", "xx")
        team_index = {team: i for i, team in enumerate(teams)}
        labels = []
        for y, (objective, team) in enumerate(rows):
            value = percent[(team, objective)] or 0.0
            i = team_index[team]
            axes.barh(y, value, color=f"C{i}", hatch=hatches[i % 4], edgecolor="white", label=teams[team])
            axes.text(value + 1, y, f"{value:.0f}%", va="center", fontsize=7)
            labels.append(f"{objectives[objective]} — {teams[team]}")
        axes.set_yticks(range(len(rows)), labels, fontsize=7)
        axes.invert_yaxis()
        axes.set_xlim(0, 110)
        handles, names = axes.get_legend_handles_labels()
        unique = dict(zip(names, handles, strict=True))
        axes.legend(unique.values(), unique.keys(), loc="lower right", fontsize=7, frameon=False)
        return _svg(figure)
