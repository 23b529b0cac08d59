"""Charts for the report, drawn with matplotlib as inline SVG, sized to be read on paper.

SVG keeps the HTML one self-contained file that opens offline and prints sharply. Output
is deterministic (fixed hash salt, no date in the metadata), so a regenerated report is
byte-identical.

Printable: each figure is `WIDTH` inches wide, narrower than an A4 page's text column
(`A4_COLUMN_PX`), so the browser prints it at its own size and every text of `FONT_SIZE`
points is `FONT_SIZE * 96 / 72` CSS px on paper (at least `MIN_TEXT_PX`). Time reads as
T+hh:mm. Lines use the Okabe–Ito palette, which people with any common colour-vision
deficiency tell apart, and each also has its own dash and marker, so it reads in greyscale.
"""

from __future__ import annotations

import io
import re
import textwrap
import warnings
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter

from tabletop.model.base import format_time

A4_COLUMN_PX = (210 - 2 * 10) / 25.4 * 96 - 2 * 24
"""A4's width less Chromium's default 10 mm print margins and the report's 1.5rem padding."""
WIDTH = 6.5
"""Inches: 624 CSS px, inside the A4 column, so a chart is never shrunk to fit."""
FONT_SIZE = 9
"""Points: 12 CSS px on paper."""
MIN_TEXT_PX = 10
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
"""Okabe & Ito's colour-blind-safe palette, without its yellow, too pale for a line on paper."""
LINESTYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
"""A marker per colour; with four dashes, 28 lines before a line looks like another."""
HATCHES = ("", "//", "..", "xx")
TIME_STEPS = (600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400)
"""Seconds between time ticks: the first that needs no more ticks than fit."""

STYLE = {
    "svg.hashsalt": "tabletop",
    "svg.fonttype": "none",
    "text.parse_math": False,  # names are text: "$5m $6m" is not mathtext
    "font.family": "DejaVu Sans",
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE,
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": FONT_SIZE,
    "ytick.labelsize": FONT_SIZE,
    "legend.fontsize": FONT_SIZE,
    "figure.titlesize": FONT_SIZE,
    "figure.labelsize": FONT_SIZE,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
}
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    with rc_context(STYLE), warnings.catch_warnings():
        # Control characters in names are drawn as symbols (␛) the layout font may lack; the
        # SVG keeps them as text, for the reader's browser to draw.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    return _METADATA.sub("", text[text.index("<svg") :])


def _time_axis(axes: Any, end: int, most: int) -> None:
    """Scenario time from 0 to `end` seconds, ticked in T+hh:mm at a round step."""
    step = next((s for s in TIME_STEPS if end / s <= most), TIME_STEPS[-1])
    axes.set_xlim(0, max(end, 1))
    axes.xaxis.set_major_locator(FixedLocator(range(0, int(end) + 1, step)))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda seconds, _: format_time(int(seconds))))


def _wrap(text: str, width: int) -> str:
    return textwrap.fill(text, width, break_on_hyphens=False)


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, so a label stays inside the chart."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _lines(text: str, width: int, most: int) -> str:
    """`text` wrapped on at most `most` lines, cut short with … if it needs more."""
    lines = textwrap.wrap(text, width, break_on_hyphens=False) or [""]
    if len(lines) > most:
        lines = [*lines[: most - 1], _cut(" ".join(lines[most - 1 :]), width)]
    return "\n".join(lines)


def _pairs(items: list[str]) -> list[list[str]]:
    """The rows of a two-column legend."""
    return [items[i : i + 2] for i in range(0, len(items), 2)]


def _steps(points: list[list[float]], end: int) -> tuple[list[float], list[float]]:
    """A step series held at its last value until `end`."""
    return [t for t, _ in points] + [end], [v for _, v in points] + [points[-1][1]]


def escalation_chart(
    series: dict[str, Any],
    ladder: list[str],
    names: dict[str, str],
    words: dict[str, str],
    ladders: dict[str, list[str]] | None = None,
) -> str:
    """One line per actor whose level moved, against the shared ladder's names; the others are
    listed under the chart, by level. Actors whose kind has its own ladder (`ladders`, by actor)
    are named with their own level words, and a moved one's ladder is spelled out below."""
    end = series["end"]
    ladders = ladders or {}
    moved = {actor: points for actor, points in series["levels"].items() if len({v for _, v in points}) > 1}
    still: dict[tuple[int, str], list[str]] = {}
    for actor, points in series["levels"].items():
        own = ladders.get(actor, ladder)
        if actor not in moved and points[0][1] < len(own):
            still.setdefault((points[0][1], own[points[0][1]]), []).append(names.get(actor, actor))
    own_ladders: dict[tuple[str, ...], list[str]] = {}
    for actor in moved:
        own = tuple(ladders.get(actor, ladder))
        if list(own) != ladder:
            own_ladders.setdefault(own, []).append(names.get(actor, actor))
    note = "\n".join(
        _wrap(words["unchanged"].format(level=name, actors=", ".join(actors)), 64)
        for (_, name), actors in sorted(still.items())
    )
    own_note = "\n".join(
        _wrap(
            words["own_ladder"].format(
                actors=", ".join(actors), levels=" · ".join(f"{n} {name}" for n, name in enumerate(own))
            ),
            64,
        )
        for own, actors in own_ladders.items()
    )
    note_lines = note.count("\n") + 1 if note else 0
    lines = note_lines + (own_note.count("\n") + 1 if own_note else 0)
    labels = {actor: _lines(names.get(actor, actor), 32, 3) for actor in moved}
    legend_rows = sum(max(labels[a].count("\n") + 1 for a in pair) for pair in _pairs(list(moved)))
    with rc_context(STYLE):
        figure = Figure(figsize=(WIDTH, 2.8 + 0.19 * legend_rows + 0.18 * lines), layout="constrained")
        axes, below = figure.subplots(2, 1, height_ratios=(2.8, 0.2 * lines + 0.01))
        for i, (actor, points) in enumerate(moved.items()):
            xs, ys = _steps(points, end)
            offset = (i % 5 - 2) * 0.04  # lines at the same level stay apart
            axes.step(
                xs,
                [y + offset for y in ys],
                where="post",
                color=OKABE_ITO[i % len(OKABE_ITO)],
                linestyle=LINESTYLES[i % len(LINESTYLES)],
                marker=MARKERS[i % len(MARKERS)],
                markevery=list(range(len(points))),
                markersize=5,
                linewidth=1.6,
                label=labels[actor],
                gid=f"level-{actor}",
            )
        axes.set_yticks(range(len(ladder)), [_cut(f"{n} {name}", 24) for n, name in enumerate(ladder)])
        axes.set_ylim(-0.3, len(ladder) - 0.7)
        axes.set_xlabel(words["time_axis"])
        _time_axis(axes, end, most=6)
        axes.grid(axis="y", alpha=0.3)
        if moved:
            figure.legend(loc="outside upper center", ncols=2, frameon=False)
        below.axis("off")
        if note:
            below.text(0, 1, note, ha="left", va="top", transform=below.transAxes, gid="unchanged")
        if own_note:
            top = 1 - note_lines / lines
            below.text(0, top, own_note, ha="left", va="top", transform=below.transAxes, gid="own-ladder")
        return _svg(figure)


def state_chart(
    series: dict[str, Any],
    bounds: dict[str, tuple[float | None, float | None, list[str] | None]],
    words: dict[str, str],
) -> str:
    """Small multiples, one per variable, on the variable's own bounds; flags (false/true)
    and choices (their values) on a scale labelled with their values."""
    variables = list(series["state"].items())
    if not variables:
        return ""
    columns = 3
    rows = (len(variables) + columns - 1) // columns
    end = series["end"]
    with rc_context(STYLE):
        figure = Figure(figsize=(WIDTH, 1.45 * rows + 0.3), layout="constrained")
        grid = figure.subplots(rows, columns, squeeze=False)
        for index, axes in enumerate(grid.flat):
            if index >= len(variables):
                axes.set_visible(False)
                continue
            name, points = variables[index]
            xs, ys = _steps(points, end)
            axes.step(xs, ys, where="post", linewidth=1.6, color=OKABE_ITO[0], marker="o", markersize=4)
            axes.set_title(_cut(name, 26), loc="left")
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
            _time_axis(axes, end, most=3)
        figure.supxlabel(words["time_axis"])
        return _svg(figure)


def scores_chart(
    teams: dict[str, str],
    objectives: dict[str, str],
    percent: dict[tuple[str, str], float | None],
    words: dict[str, str],
) -> str:
    """Grouped horizontal bars: for each objective, each team's % of points possible. The
    objective is named once per group; the teams by colour and hatch, in the legend."""
    groups = {o: [t for t in teams if percent.get((t, o)) is not None] for o in objectives}
    groups = {o: group for o, group in groups.items() if group}
    if not groups:
        return ""
    bars = sum(len(group) for group in groups.values())
    with rc_context(STYLE):
        figure = Figure(figsize=(WIDTH, 0.3 * bars + 0.25 * len(groups) + 1.0), layout="constrained")
        axes = figure.subplots()
        team_index = {team: i for i, team in enumerate(teams)}
        y, ticks, labels = 0.0, [], []
        for objective, group in groups.items():
            ticks.append(y + (len(group) - 1) / 2)
            labels.append(_lines(objectives[objective], 30, 2))
            for team in group:
                value = percent[(team, objective)] or 0.0
                i = team_index[team]
                axes.barh(
                    y,
                    value,
                    color=OKABE_ITO[i % len(OKABE_ITO)],
                    hatch=HATCHES[i % len(HATCHES)],
                    edgecolor="white",
                    label=teams[team],
                )
                axes.text(value + 1, y, words["percent"].format(value=f"{value:.0f}"), va="center")
                y += 1
            y += 0.6  # a gap between objectives
        axes.set_yticks(ticks, labels)
        axes.tick_params(axis="y", length=0)
        axes.invert_yaxis()
        axes.set_xlim(0, 115)
        axes.set_xlabel(words["percent_axis"])
        handles, names = axes.get_legend_handles_labels()
        unique = dict(zip(names, handles, strict=True))
        figure.legend(unique.values(), unique.keys(), loc="outside upper center", ncols=3, frameon=False)
        return _svg(figure)
