"""The exercise package: every document renders, players never read facilitator-only text,
the HTML matches its golden file, and Chromium shows and prints it offline.

Golden files live in tests/fixtures/golden/pack/; regenerate with TABLETOP_UPDATE_GOLDEN=1
after a deliberate change, and read the diff before committing it."""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from tabletop.cli import main
from tabletop.loader import load_scenario
from tabletop.model.base import text_in
from tabletop.model.effects import EndScenario
from tabletop.report.handbook import consequence
from tabletop.report.pack import DOCUMENTS, render_document, render_pack
from tabletop.report.players import Reader, feedback_questions, pack_words
from tabletop.report.render import find_browser
from tests.conftest import ROOT
from tests.hostile import HOSTILE, assert_inert_html, scenario_yaml

GOLDEN = ROOT / "tests" / "fixtures" / "golden" / "pack"
BUNDLED = sorted((ROOT / "scenarios").glob("*.yaml"))
SOURCES = [*BUNDLED, ROOT / "examples" / "msp-supply-chain.yaml"]
PLAYERS = ("situation-manual", "inject-cards", "feedback-form")
BROWSER = find_browser()
if BROWSER is None and os.environ.get("TABLETOP_CI"):
    raise RuntimeError("TABLETOP_CI is set but no chromium was found")
needs_browser = pytest.mark.skipif(BROWSER is None, reason="chromium is not installed")


def loaded(path: Path):
    return load_scenario(path)


def texts(value) -> list[str]:
    """Every language's text of a Text (or nothing for None)."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value.values())


def facilitator_only(scenario) -> list[str]:
    """Every text of the scenario that only facilitators may read."""
    found: list[str] = []

    def effects(items):
        for effect in items:
            if isinstance(effect, EndScenario):
                found.extend(texts(effect.text))

    for inject in scenario.injects:
        found += texts(inject.facilitator_notes) + texts(inject.expected) + texts(inject.when) + texts(inject.until)
        effects(inject.effects)
    for decision in scenario.decisions:
        found += texts(decision.opens.when)
        for option in decision.options:
            found += texts(option.feedback) + texts(option.when)
            effects(option.effects)
    for reaction in scenario.reactions:
        found += texts(reaction.when)
        effects(reaction.effects)
    for end in scenario.end:
        found += texts(end.text) + texts(end.when)
    for move in scenario.moves:
        found += texts(move.starts.when) if move.starts else []
    for actor in scenario.actors:
        found += texts(actor.description)
    for variable in scenario.state.values():
        found += texts(variable.description)
    shown = players_texts(scenario)
    # a secret that is also a text players read (a flag's description worded as an inject's title) is no leak
    return [text.strip() for text in found if text.strip() and not any(text.strip() in t for t in shown)]


def players_texts(scenario) -> list[str]:
    """Every text the players' documents are meant to show."""
    found = texts(scenario.title) + texts(scenario.summary)
    for inject in scenario.injects:
        found += texts(inject.title) + texts(inject.body)
        found += [t for v in inject.variants.values() for t in texts(v.title) + texts(v.body)]
        found += [t for q in inject.discussion_questions for t in texts(q)]
    for decision in scenario.decisions:
        found += texts(decision.prompt) + [t for o in decision.options for t in texts(o.label)]
    for move in scenario.moves:
        found += texts(move.title) + texts(move.summary) + [t for q in move.discussion_questions for t in texts(q)]
    found += [t for o in scenario.objectives for t in texts(o.text)]
    return found


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_every_document_renders_in_every_language(source):
    scenario = loaded(source).scenario
    documents = render_pack(scenario, scenario.languages, loaded(source).playbooks)
    assert set(documents) == {f"{name}.{lang}" for name in DOCUMENTS for lang in scenario.languages}
    for name, page in documents.items():
        lang = name.rsplit(".", 1)[1]
        assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in page
        assert "http://" not in page and "https://" not in page and "<link" not in page and "<script" not in page


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_players_documents_hold_no_facilitator_only_text(source):
    scenario = loaded(source).scenario
    secrets = facilitator_only(scenario)
    assert secrets, "the scenario should have facilitator-only text to look for"
    for lang in scenario.languages:
        for name in ("situation-manual", "inject-cards"):
            page = " ".join(render_document(name, scenario, lang).split())
            leaked = [s for s in secrets if " ".join(str(escape(s)).split()) in page]
            assert not leaked, (name, lang, leaked[:3])


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_the_situation_manual_holds_every_inject_and_decision_as_players_see_them(source):
    scenario = loaded(source).scenario
    for lang in scenario.languages:
        page = " ".join(render_document("situation-manual", scenario, lang).split())
        shown = [i.title for i in scenario.injects] + [d.prompt for d in scenario.decisions]
        shown += [o.label for d in scenario.decisions for o in d.options]
        shown += [q for m in scenario.moves for q in m.discussion_questions]
        missing = [t for t in shown if " ".join(str(escape(text_in(t, lang))).split()) not in page]
        assert not missing, missing[:3]


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_the_handbook_holds_what_the_facilitator_needs(source):
    scenario = loaded(source).scenario
    for lang in scenario.languages:
        page = " ".join(render_document("handbook", scenario, lang, loaded(source).playbooks).split())
        notes = [t for i in scenario.injects for t in (i.facilitator_notes, i.expected) if t]
        feedback = [o.feedback for d in scenario.decisions for o in d.options if o.feedback]
        for text in [*notes, *feedback, *(o.text for o in scenario.objectives)]:
            assert " ".join(str(escape(text_in(text, lang))).split()) in page
        assert all(o.capability in page for o in scenario.objectives)
        assert all(f"<code>{e.id}</code>" in page for e in scenario.end)
        assert page.count("<h4>" + pack_words(lang)["evidence"] + "</h4>") == len(scenario.objectives)
        assert all(definition in page for definition in pack_words(lang)["rating_definitions"].values())


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_the_handbook_says_every_consequence_in_words(source):
    scenario = loaded(source).scenario
    effects = [e for i in scenario.injects for e in i.effects]
    effects += [e for d in scenario.decisions for o in d.options for e in o.effects]
    effects += [e for x in scenario.reactions for e in x.effects]
    for lang in scenario.languages:
        reader = Reader(scenario, lang, {})
        page = render_document("handbook", scenario, lang)
        for effect in effects:
            words = consequence(reader, effect)
            assert words and "{" not in words and str(escape(words)) in page


@pytest.mark.parametrize("source", BUNDLED, ids=[s.stem for s in BUNDLED])
def test_documents_match_their_golden_files(source):
    scenario = loaded(source).scenario
    folder = GOLDEN / source.stem
    documents = render_pack(scenario, scenario.languages, loaded(source).playbooks)
    if os.environ.get("TABLETOP_UPDATE_GOLDEN"):
        folder.mkdir(parents=True, exist_ok=True)
        for name, page in documents.items():
            (folder / f"{name}.html").write_text(page, encoding="utf-8")
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{name}.html" for name in documents)
    for name, page in documents.items():
        assert page == (folder / f"{name}.html").read_text(encoding="utf-8"), name


def test_a_variant_gives_one_card_per_team():
    scenario = loaded(ROOT / "examples" / "msp-supply-chain.yaml").scenario
    inject = next(i for i in scenario.injects if i.variants)
    page = render_document("inject-cards", scenario, "en")
    cards = page.count('<section class="card">')
    teams = {t.id: t.name for t in scenario.teams}
    assert cards == sum(len(i.variants) + (len(i.recipients(list(teams))) > len(i.variants)) for i in scenario.injects)
    for team, variant in inject.variants.items():
        title = variant.title or inject.title
        assert str(escape(title["en"] if isinstance(title, dict) else title)) in page, team


def test_cards_name_attachments_repeat_and_give_each_variant_its_own_card():
    scenario = loaded(ROOT / "tests" / "fixtures" / "injects" / "sitrep.yaml").scenario
    page = render_document("inject-cards", scenario, "en")
    cards = page.split('<section class="card">')[1:]
    assert len(cards) == 3
    assert "Attachments: Firewall log (excerpt), Network map" in cards[0]
    ministry = next(c for c in cards if "CSIRT situation report (for the ministry)" in c)
    csirt = next(c for c in cards if "CSIRT situation report</h2>" in c)
    assert "<td>MFA cell</td>" in ministry and "<td>CSIRT cell</td>" in csirt
    assert all("repeats every 30 min" in c for c in (ministry, csirt))
    assert "decision.contain.closed" not in page and "public_pressure" not in page


def test_documents_are_in_their_language():
    scenario = loaded(ROOT / "scenarios" / "canal-ransomware.yaml").scenario
    spanish = {name: render_document(name, scenario, "es") for name in DOCUMENTS}
    assert "Manual de situación" in spanish["situation-manual"]
    assert "Guía de evaluación del ejercicio" in spanish["handbook"]
    assert "Realizado sin dificultades" in spanish["handbook"]
    assert "martes 15 de septiembre de 2026, 06:00 (UTC−05:00)" in spanish["situation-manual"]
    english = ("Situation Manual", "Discussion questions", "Expected action", "when it happens", "Decided by")
    assert not [word for page in spanish.values() for word in english if word in page]
    summary = scenario.summary["es"].split(".")[0]
    assert summary in spanish["situation-manual"]


def test_the_feedback_form_asks_every_team_about_its_own_objectives():
    scenario = loaded(ROOT / "scenarios" / "canal-ransomware.yaml").scenario
    page = render_document("feedback-form", scenario, "en")
    assert page.count('<section class="form">') == len(scenario.teams)
    for team in scenario.teams:
        form = feedback_questions(scenario, team.id, "en")
        assert [o["id"] for o in form["objectives"]] == [
            o.id for o in scenario.objectives if not o.teams or team.id in o.teams
        ]
        assert form["strengths"] in page and form["improvements"] in page and form["comments"] in page
    assert '<th class="scale">1 not met</th>' in page and '<th class="scale">5 fully met</th>' in page


def test_the_printed_feedback_form_asks_what_the_trainee_terminal_asks():
    terminal = yaml.safe_load(resources.files("tabletop.tui").joinpath("trainee_words.yaml").read_text("utf-8"))
    for lang, words in terminal.items():
        printed = pack_words(lang)
        pairs = [("q_strengths", "feedback_strengths"), ("q_improvements", "feedback_improvements")]
        pairs += [("q_ratings", "feedback_rate"), ("q_comments", "feedback_comments")]
        assert [printed[p] for p, _ in pairs] == [words.get(t, terminal["en"][t]) for _, t in pairs], lang
        assert printed["ratings"] == [words.get(f"rating_{n}", terminal["en"][f"rating_{n}"]) for n in range(1, 6)]


def test_a_scenario_without_moves_is_one_module():
    scenario = loaded(ROOT / "scenarios" / "canal-ransomware.yaml").scenario
    page = render_document("situation-manual", scenario, "en")
    assert page.count('<h2 class="page">') == 1 and ">The exercise</h2>" in page


@pytest.mark.parametrize("name", DOCUMENTS)
def test_hostile_text_stays_text(write_scenario, name):
    scenario = loaded(write_scenario(scenario_yaml())).scenario
    page = render_document(name, scenario, "en")
    assert_inert_html(page)
    assert "[/]" in page and HOSTILE.split()[0] in page


# -- in Chromium -----------------------------------------------------------------------------

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def pages(pdf: Path) -> int:
    """How many pages a PDF has (each page object says `/Type /Page`, the tree `/Type /Pages`)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


@needs_browser
def test_every_document_renders_offline_in_chromium(tmp_path):
    from playwright.sync_api import sync_playwright

    source = ROOT / "scenarios" / "canal-ransomware.yaml"
    assert main(["pack", str(source), "-o", str(tmp_path), "--format", "html"]) == 0
    documents = sorted(tmp_path.glob("*.html"))
    assert len(documents) == len(DOCUMENTS) * 2
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=BROWSER, args=FLAGS)
        for document in documents:
            requests, failed, errors = [], [], []
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.on("request", lambda r, seen=requests: seen.append(r.url))
            page.on("requestfailed", lambda r, seen=failed: seen.append(r.url))
            page.on("console", lambda m, seen=errors: seen.append(m.text) if m.type == "error" else None)
            page.goto(document.as_uri())
            heading = page.locator("h1, h2").first.inner_text()
            page.close()
            assert requests == [document.as_uri()] and failed == [] and errors == [], document.name
            assert heading.strip(), document.name
        browser.close()


@needs_browser
def test_printed_documents_have_sane_page_counts(tmp_path):
    source = ROOT / "examples" / "msp-supply-chain.yaml"
    scenario = loaded(source).scenario
    assert main(["pack", str(source), "-o", str(tmp_path), "--lang", "es"]) == 0
    cards = render_document("inject-cards", scenario, "es").count('<section class="card">')
    assert pages(tmp_path / "inject-cards.es.pdf") == cards
    assert pages(tmp_path / "feedback-form.es.pdf") == len(scenario.teams)
    assert 1 <= pages(tmp_path / "situation-manual.es.pdf") <= 10
    assert 3 <= pages(tmp_path / "handbook.es.pdf") <= 30
    for pdf in tmp_path.glob("*.pdf"):
        assert pdf.read_bytes().startswith(b"%PDF")
