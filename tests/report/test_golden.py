"""Golden sessions: every bundled scenario played well, poorly and late gives exactly the
scores, ratings and JSON report on file. Regenerate with TABLETOP_UPDATE_GOLDEN=1 after a
deliberate change, and read the diff before committing it."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tabletop.loader.scripts import load_script
from tabletop.report import build_report, render_json
from tabletop.scoring import evaluate, evaluation_dict
from tabletop.session import Session, play
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "fixtures" / "golden"
CASES = [(s.stem, kind) for s in sorted((ROOT / "scenarios").glob("*.yaml")) for kind in ("good", "poor", "late")]
FIXED = {"seed": 0, "digest": "-", "created_at": "-"}
KINDS = ("good", "late", "poor")


def played_events(scenario_path, script_path, tmp_path):
    session = Session.create(scenario_path, tmp_path / "s.db")
    script, source = load_script(script_path, session.loaded.scenario)
    play(session, script, source)
    session.close()
    return session.loaded, session.events


@pytest.mark.parametrize(("scenario", "kind"), CASES, ids=[f"{s}-{k}" for s, k in CASES])
def test_golden_report(scenario, kind, tmp_path):
    loaded, events = played_events(
        ROOT / "scenarios" / f"{scenario}.yaml", ROOT / "examples" / scenario / f"{kind}.yaml", tmp_path
    )
    text = render_json(build_report(loaded.scenario, loaded.playbooks, events, FIXED))
    golden = GOLDEN / f"{scenario}-{kind}.json"
    if os.environ.get("TABLETOP_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_good_play_outscores_late_play_outscores_poor_play():
    for scenario in {s for s, _ in CASES}:
        totals = {}
        for kind in ("good", "late", "poor"):
            report = json.loads((GOLDEN / f"{scenario}-{kind}.json").read_text(encoding="utf-8"))
            totals[kind] = sum(t["points"] for t in report["evaluation"]["teams"].values())
        assert totals["good"] > totals["late"] > totals["poor"], (scenario, totals)


def differences(left, right, path=()):
    if isinstance(left, dict) and isinstance(right, dict):
        for key in left.keys() | right.keys():
            yield from differences(left.get(key), right.get(key), (*path, key))
    elif isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            yield from differences(a, b, (*path, i))
    elif left != right:
        yield path, left, right


def test_a_changed_weight_changes_exactly_the_numbers_it_should(tmp_path):
    (tmp_path / "scenarios").mkdir()
    shutil.copytree(ROOT / "playbooks", tmp_path / "playbooks")
    original = (ROOT / "scenarios" / "canal-ransomware.yaml").read_text(encoding="utf-8")
    loaded, events = played_events(
        ROOT / "scenarios" / "canal-ransomware.yaml", ROOT / "examples" / "canal-ransomware" / "late.yaml", tmp_path
    )
    criterion = loaded.scenario.scoring.criteria[0]
    marker = f"- id: {criterion.id}\n"
    assert original.count(marker) == 1
    start = original.index(marker)
    weight_line = original.index("weight:", start)
    end = original.index("\n", weight_line)
    changed = original[:weight_line] + f"weight: {criterion.weight + 1:g}" + original[end:]
    path = tmp_path / "scenarios" / "canal-ransomware.yaml"
    path.write_text(changed, encoding="utf-8")
    reloaded, replayed = played_events(
        path, ROOT / "examples" / "canal-ransomware" / "late.yaml", tmp_path / "scenarios"
    )
    before = evaluation_dict(evaluate(loaded.scenario, loaded.playbooks, events))
    after = evaluation_dict(evaluate(reloaded.scenario, reloaded.playbooks, replayed))
    changed_paths = list(differences(before, after))
    assert changed_paths
    allowed_leaves = {"weight", "weighted", "points", "possible", "percent", "suggested", "rating"}
    for path_, _, _ in changed_paths:
        leaf = path_[-1]
        assert leaf in allowed_leaves or path_[-2] == "by_team", path_
        if leaf in ("weight", "weighted"):
            assert path_[-3] == "criteria"
    for team in after["teams"].values():
        for decision in team["decisions"]:
            for c in decision["criteria"]:
                if c["criterion"] == criterion.id:
                    assert c["weight"] == criterion.weight + 1 and c["weighted"] == pytest.approx(
                        c["points"] * c["weight"]
                    )


def test_late_and_poor_play_score_below_good_play_on_every_objective_they_evidence():
    """Issue 15: lateness costs. Per objective: good > late > poor (an objective a poor team never
    reached has no evidence), and the late team loses the P on most objectives."""
    order = "PSMU"
    for scenario in sorted({s for s, _ in CASES}):
        reports = {k: json.loads((GOLDEN / f"{scenario}-{k}.json").read_text(encoding="utf-8")) for k in KINDS}
        rows = zip(*(reports[k]["objectives"] for k in KINDS), strict=True)
        lost_p = 0
        for good, late, poor in rows:
            assert good["percent"] > late["percent"], (scenario, good["id"])
            assert poor["percent"] is None or late["percent"] > poor["percent"], (scenario, good["id"])
            assert poor["rating"] is None or order.index(poor["rating"]) > order.index(late["rating"])
            lost_p += order.index(late["rating"]) > order.index(good["rating"])
        assert lost_p > len(reports["good"]["objectives"]) / 2, (scenario, lost_p)
