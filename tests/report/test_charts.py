"""The report's charts as printed: read from the SVG the HTML report carries (no pixels)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from tabletop.cli import main
from tabletop.loader import load_scenario
from tabletop.report.charts import A4_COLUMN_PX, MIN_TEXT_PX, OKABE_ITO
from tests.conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"


def charts(capsys, session, *args) -> list[ET.Element]:
    capsys.readouterr()
    assert main(["report", str(session), "--format", "html", *args]) == 0
    html = capsys.readouterr().out
    return [ET.fromstring("<svg" + part.split("</svg>")[0] + "</svg>") for part in html.split("<svg")[1:]]


def texts(svg: ET.Element, under: ET.Element | None = None) -> list[str]:
    return ["".join(t.itertext()) for t in (under if under is not None else svg).iter(f"{SVG}text")]


def group(svg: ET.Element, prefix: str) -> list[ET.Element]:
    return [g for g in svg.iter(f"{SVG}g") if g.get("id", "").startswith(prefix)]


def words_in(svg: ET.Element, prefix: str) -> str:
    """The text of the groups whose id starts with `prefix`, as one line."""
    return " ".join(" ".join(text for g in group(svg, prefix) for text in texts(svg, g)).split())


def levels_moved(capsys, session) -> tuple[set[str], set[str]]:
    """Actor names whose level moved in the session (its JSON report), and the others."""
    capsys.readouterr()
    assert main(["report", str(session), "--format", "json"]) == 0
    levels = json.loads(capsys.readouterr().out)["series"]["levels"]
    scenario = load_scenario(ROOT / "scenarios" / "canal-ransomware.yaml").scenario
    moved = {a.name["en"] for a in scenario.actors if len({level for _, level in levels[a.id]}) > 1}
    return moved, {a.name["en"] for a in scenario.actors} - moved


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_text_of_every_chart_is_at_least_10px_on_a4(sessions, capsys, language):
    for svg in charts(capsys, sessions["poor"], "--lang", language):
        width_px = float(svg.get("width").removesuffix("pt")) * 96 / 72
        scale = min(1.0, A4_COLUMN_PX / width_px)  # a wider chart is shrunk to the page
        sizes = [float(size) for size in re.findall(r"font-size: ([\d.]+)px", ET.tostring(svg, "unicode"))]
        assert sizes
        # SVG units are points (the viewBox spans the width in pt): 1 unit is 96/72 CSS px.
        assert min(sizes) * 96 / 72 * scale >= MIN_TEXT_PX


def test_the_time_axis_reads_in_scenario_time(sessions, capsys):
    escalation, state, _ = charts(capsys, sessions["poor"])
    for svg in (escalation, state):
        ticks = [text for text in texts(svg) if text.startswith("T+")]
        assert "T+00:00" in ticks and all(re.fullmatch(r"T\+\d\d:\d\d", tick) for tick in ticks)
    assert "T+01:00" in texts(escalation)
    assert "Scenario time" in texts(escalation)


def test_only_the_actors_that_moved_are_drawn_the_others_are_listed(sessions, capsys):
    moved, still = levels_moved(capsys, sessions["poor"])
    assert moved and still
    escalation = charts(capsys, sessions["poor"])[0]
    assert len(group(escalation, "level-")) == len(moved)
    legend = words_in(escalation, "legend")
    assert all(name in legend for name in moved)
    listed = words_in(escalation, "unchanged")
    assert listed.startswith("At routine throughout: ")
    assert all(name in listed for name in still)
    assert not any(name in listed for name in moved)


def test_each_line_has_a_colour_blind_safe_colour_and_its_own_dash_and_marker(sessions, capsys):
    escalation = charts(capsys, sessions["poor"])[0]
    looks = []
    for line in group(escalation, "level-"):
        path = line.find(f"{SVG}path")
        style = path.get("style")
        colour = re.search(r"stroke: (#[0-9a-f]{6})", style).group(1)
        assert colour.upper() in OKABE_ITO
        dash = re.search(r"stroke-dasharray: ([\d.,]+)", style)
        mark = line.find(f".//{SVG}use").get("{http://www.w3.org/1999/xlink}href").removeprefix("#")
        marker = next(p.get("d") for p in escalation.iter(f"{SVG}path") if p.get("id") == mark)
        looks.append((dash.group(1) if dash else "solid", marker))
    assert len(set(looks)) == len(looks) > 4


def test_the_chart_words_are_in_the_report_language(sessions, capsys):
    escalation, state, scores = charts(capsys, sessions["poor"], "--lang", "es")
    assert "Tiempo del escenario" in texts(escalation) and "Tiempo del escenario" in texts(state)
    listed = words_in(escalation, "unchanged")
    assert listed.startswith("En rutina todo el tiempo: ")
    assert {"falso", "verdadero"} <= set(texts(state)) and "false" not in texts(state)
    assert "% de los puntos posibles" in texts(scores)
    assert any(re.fullmatch(r"\d+ %", text) for text in texts(scores))
    assert "Contener el ransomware" in texts(scores) and not [text for text in texts(scores) if "_" in text]


def test_the_press_is_read_on_its_own_ladder(sessions, capsys):
    moved, _ = levels_moved(capsys, sessions["poor"])
    assert "Press and social media" in moved
    listed = words_in(charts(capsys, sessions["poor"])[0], "own-ladder")
    assert "Own ladder of Press and social media: 0 quiet · 1 reporting" in listed
    assert "5 frenzy" in listed
