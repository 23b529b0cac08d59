"""The after-action report as plain data, in the AAR/IP shape (HSEEP).

`build_report` is a pure function of the session's record (scenario copy, metadata and
events): the Markdown, HTML and JSON renderings all come from the dict it returns, so they
agree with each other and regenerate byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

import yaml

from tabletop.engine import events as ev
from tabletop.model import Playbook, Scenario
from tabletop.model.base import format_time, text_in
from tabletop.report.describe import describe_event
from tabletop.report.feedback import feedback_summary
from tabletop.scoring import DecisionScore, Evaluation, evaluate, evaluation_dict

FORMAT = 1
TIMELINE_KINDS = frozenset(
    {
        "started",
        "move_started",
        "inject_delivered",
        "inject_cancelled",
        "decision_opened",
        "decision_made",
        "decision_defaulted",
        "level_changed",
        "reaction_fired",
        "chance_drawn",
        "score_adjusted",
        "objective_rated",
        "ended",
    }
)
STRENGTH, IMPROVEMENT = 75.0, 50.0
"""A decision at or above 75% of its points is a strength; below 50%, or defaulted, an area for improvement."""


@cache
def labels(language: str) -> dict[str, str]:
    table = yaml.safe_load(resources.files("tabletop.report").joinpath("labels.yaml").read_text("utf-8"))
    return {**table["en"], **table.get(language, {})}


def build_report(
    scenario: Scenario,
    playbooks: dict[str, Playbook],
    events: Sequence[ev.Event],
    session: dict[str, Any],
    language: str | None = None,
) -> dict[str, Any]:
    """Everything the report says. `session` holds seed, digest and created_at."""
    lang = language or scenario.languages[0]
    t = lambda text: text_in(text, lang, scenario.languages[0]) if text is not None else ""  # noqa: E731
    words = labels(lang)
    evaluation = evaluate(scenario, playbooks, events)
    decisions = {d.id: d for d in scenario.decisions}
    teams = {team.id: team for team in scenario.teams}
    steps = {f"{p.id}/{s.id}": s for p in playbooks.values() for s in p.steps}
    report: dict[str, Any] = {
        "format": FORMAT,
        "language": lang,
        "overview": _overview(scenario, playbooks, session, evaluation, t),
        "timeline": [
            {
                "time": e.time,
                "clock": format_time(e.time),
                "kind": e.kind,
                "text": describe_event(e, scenario, lang),
            }
            for e in events
            if e.kind in TIMELINE_KINDS
        ],
        "teams": [],
        "objectives": [],
        "notes": [
            {"time": n.time, "clock": format_time(n.time), "team": n.team, "text": n.text} for n in evaluation.notes
        ],
        "plan": [],
    }
    for team_id, score in evaluation.scores.items():
        team = teams[team_id]
        adherence = evaluation.adherence[team_id]
        report["teams"].append(
            {
                "id": team_id,
                "name": t(team.name),
                "points": _r(score.points),
                "possible": _r(score.possible),
                "percent": _r(score.percent),
                "decisions": [_decision_row(d, decisions[d.decision], scenario, words, t) for d in score.decisions],
                "adjustments": [
                    {"clock": format_time(a.time), "points": _r(a.points), "reason": a.reason}
                    for a in score.adjustments
                ],
                "adherence": {
                    "summary": words["enacted_summary"].format(
                        enacted=adherence.enacted, expected=adherence.expected, on_time=adherence.on_time
                    ),
                    "percent": _r(adherence.percent),
                    "out_of_order": [f"{b} ↔ {a}" for a, b in adherence.out_of_order],
                    "steps": [
                        {
                            "step": s.step,
                            "title": t(steps[s.step].title) if s.step in steps else s.step,
                            "phase": s.phase,
                            "target": format_time(s.target) if s.target is not None else "",
                            "enacted": format_time(s.enacted_at) if s.enacted_at is not None else "",
                            "on_time": s.on_time,
                            "by": s.by or "",
                        }
                        for s in adherence.steps
                    ],
                },
            }
        )
    for objective in scenario.objectives:
        rating = evaluation.objectives[objective.id]
        strengths, improvements = [], []
        for score in rating.evidence:
            decision = decisions[score.decision]
            line = _evidence_line(score, decision, words, t)
            if score.how != "defaulted" and score.percent >= STRENGTH:
                strengths.append(line)
            elif score.how == "defaulted" or score.percent < IMPROVEMENT:
                improvements.append(line)
                owner = t(teams[score.team].name)
                report["plan"].append(_plan_row(score, decision, scenario, objective.capability, owner, words, t))
        report["objectives"].append(
            {
                "id": objective.id,
                "text": t(objective.text),
                "capability": objective.capability,
                "rating": rating.rating,
                "rated_by": "facilitator" if rating.recorded else ("suggested" if rating.suggested else None),
                "suggested": rating.suggested,
                "percent": _r(rating.percent),
                "note": rating.note,
                "strengths": strengths,
                "improvements": improvements,
            }
        )
    report["evaluation"] = evaluation_dict(evaluation)
    report["series"] = _series(scenario, events)
    feedback = feedback_summary(scenario, events, t)
    if feedback is not None:
        report["feedback"] = feedback
    return report


def _overview(
    scenario: Scenario, playbooks: dict[str, Playbook], session: dict[str, Any], evaluation: Evaluation, t: Any
) -> dict[str, Any]:
    outcome = evaluation.outcome
    actors = {a.id: a for a in scenario.actors}
    return {
        "scenario": {
            "id": scenario.id,
            "title": t(scenario.title),
            "version": scenario.version,
            "summary": t(scenario.summary),
        },
        "scenario_start": scenario.clock.start.isoformat(),
        "recorded": session.get("created_at", ""),
        "seed": session.get("seed"),
        "digest": session.get("digest", ""),
        "outcome": None
        if outcome is None
        else {
            "id": outcome.outcome,
            "clock": format_time(outcome.time),
            "text": t(outcome.text) if outcome.text else "",
        },
        "teams": [
            {
                "id": team.id,
                "name": t(team.name),
                "plays": [t(a.name) for a in actors.values() if a.played_by == team.id],
                "roles": [t(role) for role in team.roles],
                "playbooks": [t(playbooks[p].title) if p in playbooks else p for p in team.playbooks],
            }
            for team in scenario.teams
        ],
        "objectives": [
            {
                "id": o.id,
                "text": t(o.text),
                "capability": o.capability,
                "teams": o.teams or [team.id for team in scenario.teams],
            }
            for o in scenario.objectives
        ],
    }


def _answer(score: DecisionScore, decision: Any, words: dict[str, str], t: Any) -> str:
    if score.how == "free_text":
        answer = f'{words["free_text"]}: "{score.text}"'
        if score.option:
            answer += f" ({words['counted_as']} {t(next(o.label for o in decision.options if o.id == score.option))})"
        return answer
    label = t(next(o.label for o in decision.options if o.id == score.option))
    return f"{words[score.how]} {label}"


def _decision_row(
    score: DecisionScore, decision: Any, scenario: Scenario, words: dict[str, str], t: Any
) -> dict[str, Any]:
    names = {c.id: t(c.name) for c in scenario.scoring.criteria}
    breakdown = [f"{names[c.criterion]}: {c.points:g} × {c.weight:g} = {c.weighted:g}" for c in score.criteria]
    rule = scenario.scoring.timeliness
    breakdown.append(
        f"{words['timeliness']}: {score.timeliness_marks:.2f} × {rule.max:g} × {rule.weight:g} = {score.timeliness:.2f}"
    )
    breakdown += [f"{words['adjustment']}: {a.points:+g} ({a.reason})" for a in score.adjustments]
    return {
        "decision": score.decision,
        "prompt": t(decision.prompt),
        "how": score.how,
        "option": score.option,
        "answer": _answer(score, decision, words, t),
        "rationale": score.rationale,
        "opened": format_time(score.opened_at),
        "time_taken": format_time(score.elapsed)[2:],
        "points": _r(score.points),
        "possible": _r(score.possible),
        "percent": _r(score.percent),
        "breakdown": breakdown,
    }


def _evidence_line(score: DecisionScore, decision: Any, words: dict[str, str], t: Any) -> str:
    chosen = next((o for o in decision.options if o.id == score.option), None)
    feedback = f" {t(chosen.feedback)}" if chosen is not None and chosen.feedback else ""
    return (
        f"{score.team}: {t(decision.prompt)} — {_answer(score, decision, words, t)} ({score.percent:.0f}%).{feedback}"
    )


def _plan_row(
    score: DecisionScore, decision: Any, scenario: Scenario, capability: str, owner: str, words: dict[str, str], t: Any
) -> dict[str, str]:
    weights = {c.id: c.weight for c in scenario.scoring.criteria}
    best = max(decision.options, key=lambda o: sum(points * weights[c] for c, points in o.scores.items()))
    action = words["practise"].format(label=t(best.label))
    if best.playbook_steps:
        action += ". " + words["follow_steps"].format(steps=", ".join(best.playbook_steps))
    return {
        "issue": f"{t(decision.prompt)} — {_answer(score, decision, words, t)} ({score.percent:.0f}%)",
        "action": action,
        "capability": capability,
        "owner": owner,
        "poc": "",
        "start": "",
        "completion": "",
    }


def _series(scenario: Scenario, events: Sequence[ev.Event]) -> dict[str, Any]:
    """Step series for the charts: every actor's level and every state variable over time."""
    levels = {a.id: [[0, a.level]] for a in scenario.actors}
    state = {name: [[0, _plain(v.start, v.values)]] for name, v in scenario.state.items()}
    end = scenario.clock.duration
    for event in events:
        if isinstance(event, ev.LevelChanged):
            levels[event.actor].append([event.time, event.level])
        elif isinstance(event, ev.StateChanged):
            values = scenario.state[event.variable].values
            state[event.variable].append([event.time, _plain(event.value, values)])
        elif isinstance(event, ev.Ended):
            end = event.time
        elif isinstance(event, ev.PlayedOn):
            end = scenario.clock.duration
    return {"end": end, "levels": levels, "state": state}


def _plain(value: Any, choices: list[str]) -> float:
    """A value as a point on a chart: a flag as 0/1, a choice as its position in its values."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, str):
        return float(choices.index(value))
    return round(float(value), 3)


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
