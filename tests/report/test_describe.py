"""Events told in plain language, in the scenario's or a team's language."""

from __future__ import annotations

import re

import pytest

from tabletop.engine import events as ev
from tabletop.loader import load_scenario
from tabletop.report import describe_event
from tabletop.report.words import label_tables
from tests.conftest import ROOT
from tests.report.test_golden import CASES, played_events


def test_injects_are_described_in_the_requested_language():
    scenario = load_scenario(ROOT / "scenarios" / "canal-ransomware.yaml").scenario
    inject = scenario.injects[0]
    event = ev.InjectDelivered(0, inject.id, tuple(inject.to), "scheduled")
    assert describe_event(event, scenario, "en").endswith(inject.title["en"])
    assert describe_event(event, scenario, "es").endswith(inject.title["es"])


def test_level_changes_name_the_actors_own_ladder_level_and_the_cause():
    scenario = load_scenario(ROOT / "scenarios" / "canal-ransomware.yaml").scenario
    press = ev.LevelChanged(60, actor="press", level=5, previous=4, cause="inject:x", via="mfa")
    state = ev.LevelChanged(60, actor="varnia", level=5, previous=4, cause="inject:x")
    assert describe_event(press, scenario) == "press level 4 → 5 (frenzy) (inject:x via mfa)"
    assert (
        describe_event(press, scenario, "es")
        == "press: nivel 4 → 5 (furor mediático) (inyección:x por contagio de mfa)"
    )
    assert describe_event(state, scenario) == "varnia level 4 → 5 (confrontation) (inject:x)"


def test_an_adhoc_inject_is_described_with_its_own_title():
    scenario = load_scenario(ROOT / "scenarios" / "canal-ransomware.yaml").scenario
    event = ev.AdhocInjectDelivered(
        0, "adhoc_1", ("mfa_cell",), "adhoc", {"en": "Call", "es": "Llamada"}, "", None, "phone"
    )
    assert describe_event(event, scenario, "en") == "inject adhoc_1 → mfa_cell (ad hoc): Call"
    assert describe_event(event, scenario, "es") == "inyección adhoc_1 → mfa_cell (no planificada): Llamada"


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


def test_every_event_kind_has_a_sentence_in_every_language():
    """Fails when an event kind is added without its words, or a language lacks a piece."""
    tables = label_tables()
    for language, words in tables.items():
        assert set(words["event_text"]) == set(ev.KINDS), language
        for group in ("event_parts", "causes", "outcomes"):
            assert set(words[group]) == set(tables["en"][group]), (language, group)


def phrases(sentence):
    """The literal words of a sentence, between its {fields}."""
    pieces = {piece.strip(" :;,()—") for piece in re.split(r"\{[^}]*\}", sentence)}
    return sorted(piece for piece in pieces if re.search(r"[a-z]{3}", piece))


@pytest.mark.parametrize(("scenario", "kind"), CASES, ids=[f"{s}-{k}" for s, k in CASES])
def test_a_spanish_timeline_keeps_no_english_sentence(scenario, kind, tmp_path):
    """The same golden session described in English and in Spanish: every English phrase of
    a line's sentence is gone from its Spanish line (the scenario's own texts stay English
    where it has no Spanish, so a phrase may survive only as often as those texts hold it)."""
    loaded, events = played_events(
        ROOT / "scenarios" / f"{scenario}.yaml", ROOT / "examples" / scenario / f"{kind}.yaml", tmp_path
    )
    english_words = label_tables()["en"]["event_text"]
    assert {e.kind for e in events} >= {"started", "inject_delivered", "decision_made", "level_changed"}
    for event in events:
        english = describe_event(event, loaded.scenario, "en")
        spanish = describe_event(event, loaded.scenario, "es")
        for phrase in phrases(english_words[event.kind]):
            assert spanish.count(phrase) < english.count(phrase), (event.kind, phrase, spanish)


def test_every_piece_of_a_sentence_has_its_own_spanish_word():
    tables = label_tables()
    for group in ("event_parts", "causes", "outcomes"):
        for key, english in tables["en"][group].items():
            assert tables["es"][group][key] != english, (group, key)


def test_the_engine_s_own_outcomes_are_told_in_words():
    scenario = load_scenario(ROOT / "scenarios" / "canal-ransomware.yaml").scenario
    event = ev.Ended(10800, "time_up", "the scenario clock ran out")
    assert describe_event(event, scenario, "en") == "exercise ended: the scenario's time ran out"
    assert describe_event(event, scenario, "es") == "terminó el ejercicio: se acabó el tiempo del escenario"
    again = ev.PlayedOn(10900, "ended_by_facilitator", "")
    assert (
        describe_event(again, scenario, "es") == "el juego continuó después del desenlace terminado por el facilitador"
    )


def test_the_report_names_items_by_their_labels_where_the_console_names_them_by_id():
    scenario = load_scenario(ROOT / "scenarios" / "canal-ransomware.yaml").scenario
    decision = scenario.decisions[0]
    option = decision.options[0]
    team = next(t for t in scenario.teams if t.id == decision.teams[0])
    made = ev.DecisionMade(
        60, decision=decision.id, team=team.id, option=option.id, text=None, rationale="", elapsed=60
    )
    assert describe_event(made, scenario).startswith(f"{team.id} decided {decision.id}: {option.id}")
    named = describe_event(made, scenario, "es", named=True)
    assert team.name["es"] in named and option.label["es"] in named and decision.id not in named
    level = ev.LevelChanged(
        60, actor="press", level=2, previous=1, cause=f"decision:{decision.id}/{option.id}", via="mfa"
    )
    press, mfa = (next(a for a in scenario.actors if a.id == i) for i in ("press", "mfa"))
    named = describe_event(level, scenario, "en", named=True)
    assert press.name["en"] in named and mfa.name["en"] in named and option.label["en"] in named
    assert f"decision:{decision.id}" not in named and option.id not in named
