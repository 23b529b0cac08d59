"""Events told in plain language, in the scenario's or a team's language."""

from __future__ import annotations

from tabletop.engine import events as ev
from tabletop.loader import load_scenario
from tabletop.report import describe_event
from tests.conftest import ROOT


def test_injects_are_described_in_the_requested_language():
    scenario = load_scenario(ROOT / "scenarios" / "canal-ransomware.yaml").scenario
    inject = scenario.injects[0]
    event = ev.InjectDelivered(0, inject.id, tuple(inject.to), "scheduled")
    assert describe_event(event, scenario, "en").endswith(inject.title["en"])
    assert describe_event(event, scenario, "es").endswith(inject.title["es"])


def test_level_changes_name_the_ladder_level_and_the_cause():
    scenario = load_scenario(ROOT / "scenarios" / "canal-ransomware.yaml").scenario
    event = ev.LevelChanged(60, actor="press", level=2, previous=1, cause="inject:x", via="mfa")
    ladder = scenario.ladder[2]["en"]
    assert describe_event(event, scenario) == f"press level 1 → 2 ({ladder}) (inject:x via mfa)"


def test_an_adhoc_inject_is_described_with_its_own_title():
    scenario = load_scenario(ROOT / "scenarios" / "canal-ransomware.yaml").scenario
    event = ev.AdhocInjectDelivered(
        0, "adhoc_1", ("mfa_cell",), "adhoc", {"en": "Call", "es": "Llamada"}, "", None, "phone"
    )
    assert describe_event(event, scenario, "es") == "inject adhoc_1 → mfa_cell (ad hoc): Llamada"


def test_a_chance_draw_says_whether_it_happened():
    scenario = load_scenario(ROOT / "scenarios" / "canal-ransomware.yaml").scenario
    missed = ev.ChanceDrawn(60, what="inject", id="leak", chance=0.3, happened=False)
    hit = ev.ChanceDrawn(60, what="reaction", id="story", chance=0.25, happened=True)
    assert describe_event(missed, scenario) == "inject leak did not happen (chance 30%)"
    assert describe_event(hit, scenario) == "reaction story happened (chance 25%)"


def test_a_choice_changes_by_its_values():
    scenario = load_scenario(ROOT / "scenarios" / "canal-ransomware.yaml").scenario
    event = ev.StateChanged(60, "confidence", "high", "moderate", "inject:x")
    assert describe_event(event, scenario) == "confidence moderate → high (inject:x)"
