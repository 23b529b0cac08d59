"""The scenario library as a programme manager reads it: one row per scenario.

What a row says is what choosing an exercise turns on: who it is for, how long it takes in
the room, in which languages, for which teams, and what it trains (objectives, capabilities).
"""

from __future__ import annotations

from typing import Any

from tabletop.model import Scenario
from tabletop.model.base import text_in


def catalogue_row(scenario: Scenario, language: str | None = None) -> dict[str, Any]:
    """One scenario's row, its texts in `language` where it has them (else its first language)."""
    lang = language if language in scenario.languages else scenario.languages[0]
    t = lambda text: text_in(text, lang, scenario.languages[0])  # noqa: E731
    played = round(scenario.clock.duration / scenario.clock.pace)
    return {
        "id": scenario.id,
        "title": t(scenario.title),
        "version": scenario.version,
        "languages": list(scenario.languages),
        "audience": list(scenario.audience),
        "prerequisites": [t(p) for p in scenario.prerequisites],
        "duration": _hours(scenario.duration) if scenario.duration is not None else None,
        "play_time": _hours(played),
        "scenario_time": _hours(scenario.clock.duration),
        "pace": scenario.clock.pace,
        "teams": [t(team.name) for team in scenario.teams],
        "moves": len(scenario.moves),
        "injects": len(scenario.injects),
        "decisions": len(scenario.decisions),
        "objectives": [{"text": t(o.text), "capability": o.capability} for o in scenario.objectives],
        "summary": t(scenario.summary),
    }


def _hours(seconds: int) -> str:
    """`3h30m`, as durations are written in a scenario."""
    hours, minutes = divmod(round(seconds / 60), 60)
    if not hours:
        return f"{minutes}m"
    return f"{hours}h{minutes:02d}m" if minutes else f"{hours}h"
