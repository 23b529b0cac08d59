"""Bundled content speaks Latin American Spanish.

Our users are foreign ministries, national CSIRTs and embassies in Latin America and the
Caribbean (issue 15): every bundled scenario and playbook declares `es` and gives every text
in it (none falls back to English for a Spanish-reading team), and no Spanish text uses a
word that only Spain says ("fichero" for archivo, "ordenador" for computadora, "rueda de
prensa" for conferencia de prensa, "cuenta atrás" for cuenta regresiva, "vosotros" for
ustedes, "vale" for de acuerdo).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from tabletop.loader import load_playbook, load_scenario
from tests.conftest import ROOT

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted((ROOT / "examples").glob("*.yaml"))
PLAYBOOKS = sorted((ROOT / "playbooks").glob("*.yaml"))
CONTENT = sorted(path for folder in ("scenarios", "playbooks", "examples") for path in (ROOT / folder).rglob("*.yaml"))

NOT_YET_IN_SPANISH: dict[str, str] = {
    # A scenario not yet translated, with the reason (a strict xfail: it fails as soon as the
    # scenario has Spanish, as a reminder to remove it from here).
}

LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _mark(path: Path):
    reason = NOT_YET_IN_SPANISH.get(path.stem)
    return pytest.param(path, id=_rel(path), marks=[pytest.mark.xfail(reason=reason, strict=True)] if reason else [])


def _texts(value: object, where: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Every language mapping (`{en: …, es: …}`) in a loaded scenario or playbook, with where it is."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, dict):
        if (
            value
            and all(isinstance(k, str) and LANGUAGE.match(k) for k in value)
            and all(isinstance(v, str) for v in value.values())
        ):
            yield where, value
        else:
            for key, item in value.items():
                yield from _texts(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _texts(item, f"{where}[{getattr(item, 'id', i)}]")


def _untranslated(model: BaseModel) -> list[str]:
    problems = []
    for where, text in _texts(model, ""):
        spanish = (text.get("es") or "").strip()
        if not spanish:
            problems.append(f"{where}: no Spanish")
        elif spanish == (text.get("en") or "").strip() and len(spanish.split()) > 1:
            problems.append(f"{where}: the Spanish is the English text: {spanish!r}")
    return problems


@pytest.mark.parametrize("path", [_mark(p) for p in SCENARIOS])
def test_every_bundled_scenario_is_in_spanish(path):
    # The loader already refuses a text that lacks a declared language (or is a plain string
    # outside a `name`), so declaring `es` is what makes every text give Spanish.
    scenario = load_scenario(path).scenario
    assert "es" in scenario.languages, f"{_rel(path)}: 'es' is not in languages {scenario.languages}"
    assert _untranslated(scenario) == []


@pytest.mark.parametrize("path", PLAYBOOKS, ids=_rel)
def test_every_bundled_playbook_is_in_spanish(path):
    playbook = load_playbook(path)
    assert "es" in playbook.languages, f"{_rel(path)}: 'es' is not in languages {playbook.languages}"
    assert _untranslated(playbook) == []


SPAIN_ONLY = {
    "fichero": re.compile(r"\bficheros?\b", re.IGNORECASE),
    "ordenador": re.compile(r"\bordenador(?:es)?\b", re.IGNORECASE),
    "rueda de prensa": re.compile(r"\bruedas?\s+de\s+prensa\b", re.IGNORECASE),
    "cuenta atrás": re.compile(r"\bcuentas?\s+atr[aá]s\b", re.IGNORECASE),
    "vosotros": re.compile(r"\bvosotr[oa]s\b", re.IGNORECASE),
    # "vale" as the interjection ("Vale, lo hacemos"), not the verb ("vale la pena", "vale más")
    "vale": re.compile(r"(?<![\w-])vale(?=\s*(?:[,.;:!?»\"')]|$))", re.IGNORECASE),
}


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("path", CONTENT, ids=_rel)
def test_no_spain_only_words_in_bundled_content(path):
    # Every string of the file, not only the `es:` ones: audiences and Spanish-first texts
    # count too, and none of these words occurs in English.
    found = [
        f"{word!r} in {text[:120]!r}"
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
        for word, pattern in SPAIN_ONLY.items()
        if pattern.search(text)
    ]
    assert found == [], f"{_rel(path)}: Spain-only Spanish (use Latin American usage)"


@pytest.mark.parametrize(
    "text",
    [
        "Los ficheros cifrados",
        "un ordenador",
        "En su rueda de prensa",
        "una cuenta atrás",
        "¿Vosotros qué?",
        "Vale, lo hacemos.",
    ],
)
def test_the_spain_only_patterns_catch_what_they_mean(text):
    assert any(pattern.search(text) for pattern in SPAIN_ONLY.values())


@pytest.mark.parametrize(
    "text", ["Los archivos", "vale la pena intentarlo", "más vale prevenir", "valeroso", "el valle"]
)
def test_the_spain_only_patterns_leave_latin_american_usage_alone(text):
    assert not any(pattern.search(text) for pattern in SPAIN_ONLY.values())
