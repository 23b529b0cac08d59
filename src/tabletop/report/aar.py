"""The after-action report as plain data, in the AAR/IP shape (HSEEP).

`build_report` is a pure function of the session's record (scenario copy, metadata and
events): the Markdown, HTML and JSON renderings all come from the dict it returns, so they
agree with each other and regenerate byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tabletop.engine import events as ev
from tabletop.engine.core import TIME_UP
from tabletop.model import Playbook, Scenario
from tabletop.model.base import format_time, text_in
from tabletop.model.exercise import ExerciseFile
from tabletop.report.describe import describe_event
from tabletop.report.doctrine import doctrine_summary
from tabletop.report.exercise import exercise_details, plan_entries
from tabletop.report.feedback import feedback_summary
from tabletop.report.plan import Issue, improvement_plan
from tabletop.report.summary import ranked, score_text
from tabletop.report.words import labels
from tabletop.scoring import DecisionScore, Evaluation, evaluate, evaluation_dict

FORMAT = 2
"""2: the exercise's details, the executive summary, rating and analysis apart, one plan row per issue."""
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


def build_report(
    scenario: Scenario,
    playbooks: dict[str, Playbook],
    events: Sequence[ev.Event],
    session: dict[str, Any],
    language: str | None = None,
    exercise: ExerciseFile | None = None,
) -> dict[str, Any]:
    """Everything the report says. `session` holds seed, digest and created_at; `exercise`
    is the `exercise.yaml` beside the session, which fills what the session does not say."""
    lang = language or scenario.languages[0]
    t = lambda text: text_in(text, lang, scenario.languages[0]) if text is not None else ""  # noqa: E731
    words = labels(lang)
    evaluation = evaluate(scenario, playbooks, events)
    decisions = {d.id: d for d in scenario.decisions}
    teams = {team.id: team for team in scenario.teams}
    steps = {f"{p.id}/{s.id}": s for p in playbooks.values() for s in p.steps}
    team_names = {team.id: t(team.name) for team in scenario.teams}
    step_titles = {step: t(s.title) for step, s in steps.items()}
    report: dict[str, Any] = {
        "format": FORMAT,
        "language": lang,
        "exercise": exercise_details(events, exercise),
        "summary": {},
        "overview": _overview(scenario, playbooks, session, evaluation, t, words),
        "timeline": [
            {
                "time": e.time,
                "clock": format_time(e.time),
                "kind": e.kind,
                "text": describe_event(e, scenario, lang, named=True),
            }
            for e in events
            if e.kind in TIMELINE_KINDS
        ],
        "teams": [],
        "objectives": [],
        "notes": [
            {"time": n.time, "clock": format_time(n.time), "team": team_names.get(n.team or "", ""), "text": n.text}
            for n in evaluation.notes
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
                "score": score_text(score.points, score.possible, words),
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
                    "out_of_order": [
                        f"{step_titles.get(b, b)} ↔ {step_titles.get(a, a)}" for a, b in adherence.out_of_order
                    ],
                    "steps": [
                        {
                            "step": s.step,
                            "title": t(steps[s.step].title) if s.step in steps else s.step,
                            "phase": words["phases"].get(s.phase, s.phase),
                            "target": format_time(s.target) if s.target is not None else "",
                            "enacted": format_time(s.enacted_at) if s.enacted_at is not None else "",
                            "on_time": s.on_time,
                            "by": _enacted_by(s.by, decisions, t),
                        }
                        for s in adherence.steps
                    ],
                },
            }
        )
    issues: dict[tuple[str, str], Issue] = {}
    good, poor = [], []
    for objective in scenario.objectives:
        capability = words["capabilities"].get(objective.capability, objective.capability)
        rating = evaluation.objectives[objective.id]
        strengths, improvements = [], []
        for score in rating.evidence:
            decision = decisions[score.decision]
            line = _evidence_line(score, decision, team_names, words, t)
            item = {
                "team": team_names[score.team],
                "decision": t(decision.prompt),
                "answer": _answer(score, decision, words, t),
                "percent": round(score.percent),
                "text": line,
            }
            if score.how != "defaulted" and score.percent >= STRENGTH:
                strengths.append(line)
                good.append((score, item))
            elif score.how == "defaulted" or score.percent < IMPROVEMENT:
                improvements.append(line)
                poor.append((score, item))
                issue = issues.setdefault(
                    (score.decision, score.team), Issue(score, _issue_text(score, decision, words, t))
                )
                if capability not in issue.capabilities:
                    issue.capabilities.append(capability)
        report["objectives"].append(
            {
                "id": objective.id,
                "text": t(objective.text),
                "capability": capability,
                "rating": rating.rating,
                "rating_name": words[f"rating_{rating.rating}"] if rating.rating else "",
                "rated_by": "facilitator" if rating.recorded else ("suggested" if rating.suggested else None),
                "suggested": rating.suggested,
                "percent": _r(rating.percent),
                "score": score_text(rating.points, rating.possible, words) if rating.possible else "",
                "analysis": rating.note,
                "strengths": strengths,
                "improvements": improvements,
            }
        )
    entries = plan_entries(events, exercise)
    report["plan"] = improvement_plan(issues, entries, scenario, team_names, step_titles, words, t)
    report["summary"] = {
        "purpose": [t(o.text) for o in scenario.objectives],
        "scenario": t(scenario.summary),
        "outcome": report["overview"]["outcome_text"],
        "strengths": ranked(good, True, words),
        "improvements": ranked(poor, False, words),
    }
    report["evaluation"] = evaluation_dict(evaluation)
    report["series"] = _series(scenario, events)
    feedback = feedback_summary(scenario, events, t)
    if feedback is not None:
        report["feedback"] = feedback
    doctrine = doctrine_summary(scenario, evaluation, words, t)
    if doctrine is not None:
        report["doctrine"] = doctrine
    return report


def _fork(fork: dict[str, Any], words: dict[str, Any]) -> dict[str, Any] | None:
    """A fork's report says so first: after its fork point it is a what-if, not the exercise as played."""
    if not fork:
        return None
    parent = Path(str(fork.get("parent", ""))).name
    if fork.get("at") is not None:
        point = words["fork_at"].format(clock=format_time(fork["at"]))
    else:
        point = words["fork_before"].format(command=fork.get("before_command"))
    return {
        "parent": parent,
        "at": fork.get("at"),
        "before_command": fork.get("before_command"),
        "commands": fork.get("commands"),
        "text": words["fork_note"].format(
            parent=parent, point=point, commands=fork.get("commands"), total=fork.get("parent_commands", "?")
        ),
    }


def _overview(
    scenario: Scenario,
    playbooks: dict[str, Playbook],
    session: dict[str, Any],
    evaluation: Evaluation,
    t: Any,
    words: dict[str, Any],
) -> dict[str, Any]:
    outcome = evaluation.outcome
    text = t(outcome.text) if outcome is not None and outcome.text and outcome.outcome != TIME_UP else ""
    ending = outcome_label(outcome.outcome, text, words) if outcome else ""
    actors = {a.id: a for a in scenario.actors}
    team_names = {team.id: t(team.name) for team in scenario.teams}
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
        "fork": _fork(session.get("fork") or {}, words),
        "outcome": None
        if outcome is None
        else {
            "id": outcome.outcome,
            "label": ending,
            "clock": format_time(outcome.time),
            "text": text,
        },
        "outcome_text": words["outcome_at"].format(outcome=ending, clock=format_time(outcome.time))
        if outcome
        else words["not_ended"],
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
                "capability": words["capabilities"].get(o.capability, o.capability),
                "teams": [team_names[team] for team in o.teams or team_names],
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
        "score": score_text(score.points, score.possible, words),
        "breakdown": breakdown,
    }


def _evidence_line(
    score: DecisionScore, decision: Any, team_names: dict[str, str], words: dict[str, str], t: Any
) -> str:
    chosen = next((o for o in decision.options if o.id == score.option), None)
    feedback = f" {t(chosen.feedback)}" if chosen is not None and chosen.feedback else ""
    return f"{team_names[score.team]}: {_issue_text(score, decision, words, t)}.{feedback}"


def _issue_text(score: DecisionScore, decision: Any, words: dict[str, str], t: Any) -> str:
    return f"{t(decision.prompt)} — {_answer(score, decision, words, t)} ({score.percent:.0f}%)"


def outcome_label(outcome: str, text: str, words: dict[str, Any]) -> str:
    """An ending's own text; the facilitator's or the clock's ending in the report's words."""
    label = text or words["outcomes"].get(outcome, outcome)
    return label[:1].upper() + label[1:]


def _enacted_by(by: str | None, decisions: dict[str, Any], t: Any) -> str:
    """`decision/option` as the decision point's prompt and the option's label."""
    if not by:
        return ""
    decision_id, _, option_id = by.partition("/")
    decision = decisions.get(decision_id)
    option = next((o for o in decision.options if o.id == option_id), None) if decision else None
    return f"{t(decision.prompt)}: {t(option.label)}" if decision and option else by


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
