"""The report's words: one table per language in labels.yaml, none missing."""

from __future__ import annotations

from typing import get_args

from tabletop.cli import main
from tabletop.model.vocabulary import CAPABILITIES, Phase
from tabletop.report.words import label_tables, labels


def test_every_language_has_every_word_english_has():
    tables = label_tables()
    for language, words in tables.items():
        missing = {key for key in tables["en"] if key not in words}
        assert not missing, (language, missing)
        for group, english in tables["en"].items():
            if isinstance(english, dict) and english:
                assert set(words[group]) == set(english), (language, group)


def test_every_core_capability_and_phase_has_a_spanish_name():
    spanish = label_tables()["es"]
    assert set(spanish["capabilities"]) == set(CAPABILITIES)
    assert len(set(spanish["capabilities"].values())) == len(CAPABILITIES) == 32
    assert set(spanish["phases"]) == set(get_args(Phase)) == set(label_tables()["en"]["phases"])


def test_a_language_falls_back_to_english_word_by_word():
    assert labels("fr")["report"] == labels("en")["report"]
    assert labels("es")["event_text"]["started"].startswith("comenzó")
    assert labels("en")["capabilities"] == {}


def test_the_spanish_report_names_capabilities_phases_and_ratings_in_spanish(sessions, capsys):
    capsys.readouterr()
    assert main(["report", str(sessions["poor"]), "--lang", "es"]) == 0
    text = capsys.readouterr().out
    assert "| Ciberseguridad |" in text and "(Análisis forense y atribución)" in text
    assert not any(f"| {name} |" in text or f"({name})" in text for name in CAPABILITIES)
    assert "| lecciones aprendidas |" in text and "lessons_learned" not in text
    assert "P: realizado sin desafíos · S: realizado con algunos desafíos" in text
    assert "exercise started" not in text and "comenzó el ejercicio (semilla 0)" in text
