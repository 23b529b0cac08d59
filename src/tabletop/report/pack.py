"""The exercise package: situation manual, handbook, inject cards and feedback form, as HTML.

Each document is built as plain data in one language (`tabletop.report.players` for what
players read, `tabletop.report.handbook` for what only facilitators read), then rendered by a
template in `templates/pack/` with the report's Jinja environment, so scenario text is escaped
at the same boundary as the after-action report's. The CLI prints them to PDF with the
report's Chromium path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tabletop.model import Scenario
from tabletop.model.playbook import Playbook
from tabletop.report.handbook import handbook
from tabletop.report.players import Reader, feedback_form, inject_cards, situation_manual

DOCUMENTS = ("situation-manual", "handbook", "inject-cards", "feedback-form")
"""The documents, by file stem (`situation-manual.en.html`), in the order they are written."""

BUILDERS: dict[str, Callable[[Reader], dict[str, Any]]] = {
    "situation-manual": situation_manual,
    "handbook": handbook,
    "inject-cards": inject_cards,
    "feedback-form": feedback_form,
}


def render_document(name: str, scenario: Scenario, language: str, playbooks: dict[str, Playbook] | None = None) -> str:
    """One document (a name from DOCUMENTS) as self-contained HTML: no file, font or script it needs."""
    from tabletop.report.render import _environment

    reader = Reader(scenario, language, playbooks or {})
    template = _environment(markdown=False).get_template(f"pack/{name}.html.j2")
    heading = reader.words[name.replace("-", "_")]
    return template.render(doc=BUILDERS[name](reader), L=reader.words, lang=language, heading=heading)


def render_pack(
    scenario: Scenario, languages: list[str], playbooks: dict[str, Playbook] | None = None
) -> dict[str, str]:
    """Every document in every language, by file name without its suffix (`handbook.es`)."""
    return {
        f"{name}.{language}": render_document(name, scenario, language, playbooks)
        for language in languages
        for name in DOCUMENTS
    }
