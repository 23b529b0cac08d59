"""One line of plain language per event, in the scenario's (or a team's) language."""

from __future__ import annotations

from typing import Any

from tabletop.model import Scenario
from tabletop.model.base import format_time, text_in


def describe_event(event: dict[str, Any], scenario: Scenario, language: str | None = None) -> str:
    """E.g. 'inject first_report delivered to csirt_cell: Ransom note on the billing servers'."""
    lang = language or scenario.languages[0]
    t = lambda text: text_in(text, lang, scenario.languages[0])  # noqa: E731
    kind = event["kind"]
    if kind == "started":
        return f"exercise started (seed {event['seed']})"
    if kind == "inject_delivered":
        inject = next((i for i in scenario.injects if i.id == event["inject"]), None)
        title = t(inject.title) if inject else t(event.get("title", ""))
        via = {"condition": " (condition met)", "facilitator": " (by the facilitator)", "adhoc": " (ad hoc)"}.get(
            event["via"], ""
        )
        return f"inject {event['inject']} → {', '.join(event['to'])}{via}: {title}"
    if kind == "decision_opened":
        return f"decision {event['decision']} opened for {event['team']}, closes {format_time(event['deadline'])}"
    if kind == "decision_made":
        answer = event["option"] or f'free text: "{_short(event["text"])}"'
        rationale = f' — "{_short(event["rationale"])}"' if event.get("rationale") else ""
        return f"{event['team']} decided {event['decision']}: {answer} after {format_time(event['elapsed'])[2:]}{rationale}"
    if kind == "decision_defaulted":
        return f"decision {event['decision']} timed out; default {event['option']} applied"
    if kind == "state_changed":
        return f"{event['variable']} {_value(event['previous'])} → {_value(event['value'])} ({event['cause']})"
    if kind == "level_changed":
        actor = event["actor"]
        level = t(scenario.ladder[event["level"]]) if event["level"] < len(scenario.ladder) else event["level"]
        via = f" via {event['via']}" if event.get("via") else ""
        return f"{actor} level {event['previous']} → {event['level']} ({level}) ({event['cause']}{via})"
    if kind == "relation_changed":
        return f"relation {event['source']} → {event['target']}: trust {event['trust']:.2f}, coupling {event['coupling']:.2f}"
    if kind == "reaction_fired":
        return f"{event['actor']} reacts ({event['reaction']})"
    if kind == "inject_cancelled":
        return f"inject {event['inject']} cancelled ({event['cause']})"
    if kind == "score_adjusted":
        return f"score {event['points']:+g} for {event['team']}: {event['reason']}"
    if kind == "note_added":
        team = f" [{event['team']}]" if event.get("team") else ""
        return f"note{team}: {event['text']}"
    if kind == "objective_rated":
        return f"objective {event['objective']} rated {event['rating']}"
    if kind == "ended":
        text = t(event["text"]) if event.get("text") else ""
        return f"exercise ended: {event['outcome']}" + (f" — {text}" if text else "")
    if kind == "feedback_released":
        return f"feedback released to {event['team'] or 'every team'}"
    if kind in ("paused", "resumed"):
        return f"clock {kind}"
    return kind


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
