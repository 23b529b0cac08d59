"""The report shows, per team, the norms its answers upheld or put at risk, the CBMs they used,
and their attribution judgements."""

from __future__ import annotations

from tabletop.report import build_report, render_markdown
from tests.conftest import ROOT
from tests.report.test_golden import FIXED, played_events


def report_of(scenario: str, kind: str, tmp_path, lang: str | None = None) -> dict:
    loaded, events = played_events(
        ROOT / "scenarios" / f"{scenario}.yaml", ROOT / "examples" / scenario / f"{kind}.yaml", tmp_path
    )
    return build_report(loaded.scenario, loaded.playbooks, events, FIXED, lang)


def by_team(report: dict) -> dict:
    return {team["id"]: team for team in report["doctrine"]["teams"]}


def test_good_play_upholds_norms_and_uses_cbms_where_poor_play_puts_them_at_risk(tmp_path):
    good = by_team(report_of("canal-ransomware", "good", tmp_path / "good"))
    poor = by_team(report_of("canal-ransomware", "poor", tmp_path / "poor"))
    assert {n["norm"] for t in good.values() for n in t["upheld"]} >= {"un-norm-b", "un-norm-c", "un-norm-d"}
    assert any(t["cbms"] for t in good.values()) and not any(t["at_risk"] for t in good.values())
    [risk] = poor["mfa_cell"]["at_risk"]
    assert risk["norm"] == "un-norm-b" and "hallmarks of a neighbour" in risk["by"][0]


def test_the_section_reads_in_the_reports_language(tmp_path):
    text = render_markdown(report_of("canal-ransomware", "poor", tmp_path, "es"))
    assert "## Normas, medidas de fomento de la confianza y atribución" in text
    assert "**Normas puestas en riesgo:**\n- (b) considerar toda la información pertinente" in text


def test_an_option_applied_by_default_counts_for_nobody(write_scenario, tmp_path):
    from tabletop.engine import Engine, compile_scenario
    from tabletop.engine import commands as c
    from tabletop.loader import load_scenario
    from tests.conftest import MINIMAL

    loaded = load_scenario(
        write_scenario(
            MINIMAL.replace(
                "        label: Wait for more information\n",
                "        label: Wait\n        norms_at_risk: [un-norm-g]\n",
            )
        )
    )
    engine = Engine(compile_scenario(loaded.scenario, loaded.playbooks))
    events = [e for command in (c.Start(), c.Advance(to=3 * 3600)) for e in engine.apply(command)]
    report = build_report(loaded.scenario, loaded.playbooks, events, FIXED)
    assert all(not t["at_risk"] and not t["upheld"] for t in report["doctrine"]["teams"])


def test_naming_a_state_before_anyone_assessed_it_is_flagged_and_the_good_play_is_not(tmp_path):
    poor = by_team(report_of("canal-ransomware", "poor", tmp_path / "poor"))
    good = by_team(report_of("canal-ransomware", "good", tmp_path / "good"))
    first = poor["mfa_cell"]["attribution"]["steps"][0]
    assert (first["clock"], first["decision"], first["to"], first["outran_evidence"]) == (
        "T+00:45",
        "public",
        "varnia",
        True,
    )
    assert first["warning"] == "named in public before any technical confidence about it was stated (norm b at risk)"
    assert good["csirt_cell"]["attribution"]["confidence"] == "moderate"
    assert good["mfa_cell"]["attribution"]["decision"] == "joint"
    assert not any(s["outran_evidence"] for t in good.values() for s in t["attribution"]["steps"])


def test_the_attribution_reads_in_the_reports_language_in_markdown_and_json(tmp_path):
    report = report_of("canal-ransomware", "good", tmp_path, "es")
    text = render_markdown(report)
    assert "**Atribución:** última confianza técnica declarada: moderada" in text
    assert "atribuir públicamente con socios; señala como responsable a" in text
    teams = report["evaluation"]["teams"]
    assert teams["mfa_cell"]["attribution"]["decision"] == "joint"
    assert teams["csirt_cell"]["attribution"]["steps"][0]["confidence"] == "moderate"


def test_the_evaluation_names_each_teams_norms_and_cbms_by_id_with_the_answers(tmp_path):
    teams = report_of("canal-ransomware", "poor", tmp_path)["evaluation"]["teams"]
    assert teams["mfa_cell"]["norms"]["at_risk"]["un-norm-b"][0] == "d_mfa_first.hint_varnia"
    good = report_of("canal-ransomware", "good", tmp_path / "good")["evaluation"]["teams"]
    assert "un-norm-c" in good["mfa_cell"]["norms"]["upheld"] and good["mfa_cell"]["norms"]["at_risk"] == {}
