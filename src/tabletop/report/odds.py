"""The report's "what if?" section: the odds of each option of the decisions marked for the debrief.

For each decision point the facilitator marked (`mark_for_debrief`), the session is taken
as it stood when that decision opened (`session.fork.history_until`) and played on many
times, each option forced in turn and the rest taken by the `random` policy, from a fixed
seed: the same session gives the same table every time the report is written.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tabletop.engine import events as ev
from tabletop.engine.commands import Advance
from tabletop.model.base import format_time, text_in
from tabletop.report.aar import outcome_label
from tabletop.report.words import labels
from tabletop.session.fork import history_until
from tabletop.session.record import SessionRecord
from tabletop.session.session import parse_command
from tabletop.simulate.odds import CannotVary, check_varied, forces, summarise_vary
from tabletop.simulate.playthrough import Origin
from tabletop.simulate.sweep import run_sweeps

RUNS = 500
"""Runs per option unless `report --odds-runs` says otherwise."""
SEED, POLICY = 0, "random"


def debrief_odds(record: SessionRecord, language: str | None = None, runs: int | None = RUNS) -> dict[str, Any] | None:
    """Per marked decision: its marks (time, note), the point it opened, and per option the
    share of runs reaching each ending and each team's mean score; `runs` None: the marks
    only (`--no-odds`). None when nothing is marked (the report then has no such section)."""
    scenario = record.loaded.scenario
    lang = language or scenario.languages[0]
    t = lambda text: text_in(text, lang, scenario.languages[0]) if text else ""  # noqa: E731
    words = labels(lang)
    marks: dict[str, list[ev.MarkedForDebrief]] = {}
    for event in record.events:
        if isinstance(event, ev.MarkedForDebrief):
            marks.setdefault(event.decision, []).append(event)
    if not marks:
        return None
    decisions = {d.id: d for d in scenario.decisions}
    rows = []
    for decision_id, marked in marks.items():
        decision = decisions[decision_id]
        opened, point = _opening(record, decision_id)
        row: dict[str, Any] = {
            "decision": decision_id,
            "prompt": t(decision.prompt),
            "marks": [{"clock": format_time(m.time), "note": m.note} for m in marked],
            "from": format_time(opened),
            "odds": None,
            "not_computed": None,
        }
        if runs is not None:
            try:
                row["odds"] = _odds(record, decision_id, point, runs, t, words)
            except CannotVary as exc:
                row["not_computed"] = str(exc)
        rows.append(row)
    return {"runs": runs, "seed": SEED, "policy": POLICY, "decisions": rows}


def _opening(record: SessionRecord, decision: str) -> tuple[int, dict[str, int]]:
    """When `decision` opened, and the point just after: after the command that opened it,
    or, when a clock move opened it, that move cut at the opening."""
    for number, row in enumerate(record.records, 1):
        for text in row.events:
            event = ev.parse_event(json.loads(text))
            if isinstance(event, ev.DecisionOpened) and event.decision == decision:
                point = {"before_command": number + 1}
                if isinstance(parse_command(json.loads(row.command)), Advance):
                    point["at"] = event.time
                return event.time, point
    raise AssertionError(f"a marked decision point opened: {decision}")  # the engine refuses a mark before


def _odds(
    record: SessionRecord, decision: str, point: dict[str, int], runs: int, t: Any, words: dict[str, Any]
) -> dict[str, Any]:
    history = history_until(record.path, **point)
    loaded = history.loaded
    check_varied(loaded, decision, history.engine)
    origin = Origin(history.meta.seed, tuple(history.commands))
    played = run_sweeps(loaded, runs, SEED, POLICY, forces(loaded, decision), origin=origin)
    options = summarise_vary(loaded, decision, played)["options"]
    scenario = loaded.scenario
    labels_ = {o.id: t(o.label) for d in scenario.decisions if d.id == decision for o in d.options}
    texts = {e.id: _headline(t(e.text)) for e in scenario.end}
    reached = sorted({outcome for option in options for outcome in option["outcomes"]})
    return {
        "endings": [{"outcome": o, "label": outcome_label(o, texts.get(o, ""), words)} for o in reached],
        "teams": [{"team": team.id, "name": t(team.name)} for team in scenario.teams],
        "options": [
            {
                "option": option["option"],
                "label": labels_[option["option"]],
                "taken": _number(100 * option["taken"] / runs),
                "outcomes": {o: _number(100 * option["outcomes"].get(o, 0)) for o in reached},
                "mean_scores": {team: _number(points) for team, points in option["mean_scores"].items()},
            }
            for option in options
        ],
    }


def _headline(text: str, limit: int = 60) -> str:
    """An ending's first sentence, short enough for a column heading."""
    first = re.split(r"(?<=[.!?])\s|:\s", text.strip(), maxsplit=1)[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _number(value: float) -> float | int:
    """One decimal, and none when it is whole (`100`, `49.5`)."""
    value = round(float(value), 1)
    return int(value) if value.is_integer() else value
