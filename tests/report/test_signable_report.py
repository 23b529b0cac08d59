"""The after-action report as a ministry receives it: an executive summary first, labels
instead of ids, numbers as people write them, rating and analysis apart, the handling
marking on every page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tabletop.cli import main
from tabletop.report import build_report, render_html, render_markdown
from tabletop.report.render import find_browser
from tests.conftest import ROOT
from tests.report.test_golden import CASES, FIXED, played_events


def report(capsys, *args) -> str:
    capsys.readouterr()
    assert main(["report", *args]) == 0
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def marked(sessions, tmp_path_factory) -> Path:
    """The poor session, its exercise details recorded (handling marking TLP:AMBER)."""
    folder = tmp_path_factory.mktemp("marked")
    path = folder / "marked.db"
    path.write_bytes(sessions["poor"].read_bytes())
    exercise = folder / "details.yaml"
    exercise.write_text(
        "dates: [2026-11-30]\nlocation: Panama City\nsponsor: National Cybersecurity Directorate\n"
        "participants: [AurCERT, Ministry of Foreign Affairs]\nmarking: TLP:AMBER\n",
        encoding="utf-8",
    )
    assert main(["report", str(path), "--exercise", str(exercise), "--format", "json"]) == 0
    return path


def test_the_executive_summary_comes_first_with_purpose_scenario_outcome_and_the_top_three(sessions, capsys):
    text = report(capsys, str(sessions["late"]))
    summary = text[text.index("## Executive summary") : text.index("## Exercise overview")]
    assert text.index("## Executive summary") < text.index("## Exercise overview")
    for part in ("**Purpose**", "**Scenario:**", "**Outcome:**", "**Top strengths**", "**Top areas for improvement**"):
        assert part in summary
    assert "- Contain the ransomware while protecting the canal's operational technology" in summary
    assert re.search(r"^1\. \*\*S1\*\* CSIRT cell \(AurCERT\): ", summary, re.M)
    assert re.search(r"^3\. \*\*S3\*\* ", summary, re.M) and "**S4**" not in summary


def test_strengths_rank_best_first_and_areas_for_improvement_worst_first(sessions, capsys):
    summary = json.loads(report(capsys, str(sessions["poor"]), "--format", "json"))["summary"]
    worst = [item["percent"] for item in summary["improvements"]]
    assert [item["label"] for item in summary["improvements"]] == ["A1", "A2", "A3"]
    assert worst == sorted(worst)
    good = json.loads(report(capsys, str(sessions["good"]), "--format", "json"))["summary"]["strengths"]
    assert [item["percent"] for item in good] == sorted((item["percent"] for item in good), reverse=True)
    assert len(good) == 3


def test_the_html_summary_lists_the_ranked_items(sessions, capsys):
    html = report(capsys, str(sessions["poor"]), "--format", "html")
    summary = html[html.index('id="summary"') : html.index('id="overview"')]
    assert summary.count('<span class="label">A') == 3


def test_the_outcome_is_told_in_words(sessions, capsys):
    text = report(capsys, str(sessions["poor"]))
    assert "**Outcome:** Open confrontation with Varnia" in text
    assert "confrontation (" not in text  # the end condition's id


def test_an_exercise_ended_by_the_facilitator_says_so(tmp_path, capsys):
    script = tmp_path / "end.yaml"
    script.write_text('steps:\n  - {at: "T+00:20", end: ended_by_facilitator}\n', encoding="utf-8")
    session = tmp_path / "s.db"
    scenario = ROOT / "scenarios" / "canal-ransomware.yaml"
    assert main(["play", str(scenario), "--decisions", str(script), "--session", str(session)]) == 0
    text = report(capsys, str(session))
    assert "**Outcome:** Ended by the facilitator (at T+00:20)" in text
    assert "ended_by_facilitator" not in text.replace("exercise ended: ended_by_facilitator", "")  # but the timeline
    assert "Terminado por el facilitador (a las T+00:20)" in report(capsys, str(session), "--lang", "es")


def test_numbers_are_written_as_people_write_them(sessions, capsys):
    text = report(capsys, str(sessions["late"]))
    assert "### CSIRT cell (AurCERT): 81.7 of 100.5 points (81%)" in text
    assert not re.search(r"\d+\.0 / \d", text)
    assert not re.search(r"\d\.\d{2,}%", text)
    spanish = report(capsys, str(sessions["late"]), "--lang", "es")
    assert "81,7 de 100,5 puntos (81 %)" in spanish


def test_the_rating_and_its_analysis_are_separate_fields(sessions, capsys):
    data = json.loads(report(capsys, str(sessions["poor"]), "--format", "json"))
    rated = next(o for o in data["objectives"] if o["id"] == "whole_of_government")
    assert (rated["rating"], rated["rating_name"], rated["analysis"]) == (
        "S",
        "Performed with some challenges",
        "Liaison worked, but late",
    )
    html = report(capsys, str(sessions["poor"]), "--format", "html")
    assert '<dd class="analysis-field">Liaison worked, but late</dd>' in html
    assert '<dd class="rating-field"><strong>S</strong>, Performed with some challenges' in html


def test_the_marking_is_the_first_and_last_line_of_the_markdown(marked, capsys):
    lines = report(capsys, str(marked)).strip().splitlines()
    assert lines[0] == lines[-1] == "**TLP:AMBER**"
    text = "\n".join(lines)
    for line in (
        "- **Date(s):** 2026-11-30",
        "- **Location:** Panama City",
        "- **Sponsor:** National Cybersecurity Directorate",
        "- **Participating organisations:** AurCERT, Ministry of Foreign Affairs",
    ):
        assert line in text


def test_the_marking_heads_and_foots_the_html(marked, capsys):
    html = report(capsys, str(marked), "--format", "html")
    assert '<header class="marking marking-TLP-AMBER">TLP:AMBER</header>' in html
    assert '<footer class="marking marking-TLP-AMBER">TLP:AMBER</footer>' in html


def test_without_a_marking_there_is_no_banner(sessions, capsys):
    assert report(capsys, str(sessions["good"])).startswith("# After-Action Report")
    assert '<header class="marking' not in report(capsys, str(sessions["good"]), "--format", "html")


@pytest.mark.skipif(find_browser() is None, reason="chromium is not installed")
def test_the_marking_is_on_every_page_of_the_pdf(marked, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    target = tmp_path / "aar.pdf"
    assert main(["report", str(marked), "-o", str(target)]) == 0
    pages = pypdf.PdfReader(target).pages
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        placed = []  # (height on the page, text) of every piece of text

        def place(text, cm, tm, *_, placed=placed):
            if text.strip():
                placed.append((cm[5] + cm[3] * tm[5], text.strip()))

        page.extract_text(visitor_text=place)
        assert max(placed)[1] == min(placed)[1] == "TLP:AMBER", (number, max(placed), min(placed))


# -- labels, not ids -------------------------------------------------------------------


def scenario_ids(scenario, playbooks) -> set[str]:
    """The ids of items that have a label: teams, decision points, options, objectives,
    actors, endings and playbook steps."""
    ids = {t.id for t in scenario.teams} | {a.id for a in scenario.actors} | {e.id for e in scenario.end}
    ids |= {o.id for o in scenario.objectives}
    for decision in scenario.decisions:
        ids |= {decision.id} | {o.id for o in decision.options}
    for playbook in playbooks.values():
        ids |= {s.id for s in playbook.steps} | {f"{playbook.id}/{s.id}" for s in playbook.steps}
    return ids


def written_words(scenario, playbooks) -> set[str]:
    """Every word the scenario's and playbooks' own texts use: an id that is also a word
    there ('press', 'canal') can't be told apart from it in the report."""
    words: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str) and not re.fullmatch(r"[a-z0-9_/-]+", value):
            words.update(re.findall(r"[\w/-]+", value.lower()))

    walk(scenario.model_dump())
    for playbook in playbooks.values():
        walk(playbook.model_dump())
    return words


@pytest.mark.parametrize(("scenario", "kind"), CASES, ids=[f"{s}-{k}" for s, k in CASES])
def test_no_id_appears_where_its_item_has_a_label(scenario, kind, tmp_path):
    loaded, events = played_events(
        ROOT / "scenarios" / f"{scenario}.yaml", ROOT / "examples" / scenario / f"{kind}.yaml", tmp_path
    )
    data = build_report(loaded.scenario, loaded.playbooks, events, FIXED)
    checked = scenario_ids(loaded.scenario, loaded.playbooks) - written_words(loaded.scenario, loaded.playbooks)
    assert len(checked) > 20
    for html, text in ((False, render_markdown(data)), (True, render_html(data, loaded.scenario))):
        shown = text  # the timeline too: its sentences name items by their labels
        if html:
            shown = re.sub(r"<svg.*?</svg>|<[^>]+>", " ", shown, flags=re.S)  # the charts are another engineer's
        found = sorted(i for i in checked if re.search(rf"(?<![\w/-]){re.escape(i)}(?![\w/-])", shown))
        assert found == [], ("html" if html else "md", found)


def test_a_marking_is_text_never_markup(sessions, tmp_path, capsys):
    session = tmp_path / "s.db"
    session.write_bytes(sessions["good"].read_bytes())
    (tmp_path / "exercise.yaml").write_text(
        "marking: '</style><script>alert(1)</script> [x](javascript:y) *b*'\n", encoding="utf-8"
    )
    html = report(capsys, str(session), "--format", "html")
    assert "<script" not in html and "</style><" not in html
    assert "&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    first = report(capsys, str(session)).splitlines()[0]
    assert first == r"**&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt; \[x\](javascript:y) \*b\***"
