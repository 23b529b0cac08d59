"""The improvement plan: one row per distinct issue, each with a corrective action.

An issue is a team's answer to a decision point that the report lists as an area for
improvement; it may provide evidence for several objectives, so its row lists every core
capability it touches instead of repeating. Owners, points of contact, dates (and a
different corrective action) come from the plan entries (`report.exercise.plan_entries`);
an entry may also add an issue of its own, e.g. from the hot wash.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tabletop.model import Scenario
from tabletop.model.exercise import PlanEntry
from tabletop.scoring import DecisionScore


@dataclass
class Issue:
    """A team's answer below the bar, with the capabilities of the objectives it evidences."""

    score: DecisionScore
    text: str
    capabilities: list[str] = field(default_factory=list)


def improvement_plan(
    issues: dict[tuple[str, str], Issue],
    entries: Sequence[PlanEntry],
    scenario: Scenario,
    team_names: dict[str, str],
    step_titles: dict[str, str],
    words: dict[str, str],
    t: Callable[[Any], str],
) -> list[dict[str, Any]]:
    decisions = {d.id: d for d in scenario.decisions}
    capabilities = {o.id: o.capability for o in scenario.objectives}
    by_key = {entry.key: entry for entry in entries}
    rows = []
    for (decision_id, team), issue in issues.items():
        entry = by_key.pop((decision_id, team), None) or by_key.get((decision_id, ""))
        action = _action(decisions[decision_id], issue.score.option, scenario, step_titles, words, t)
        rows.append(_row(issue.text, action, issue.capabilities, team_names[team], entry, decision_id, team))
    planned = {decision for decision, _ in issues}
    for (decision_id, team), entry in by_key.items():
        if not decision_id:
            rows.append(_row(entry.issue or "", "", [entry.capability or ""], "", entry, None, None))
        elif team or decision_id not in planned:
            decision = decisions[decision_id]
            action = _action(decision, None, scenario, step_titles, words, t)
            touched = list(dict.fromkeys(capabilities[o] for o in decision.objectives if o in capabilities))
            owner = team_names.get(team, "") or ", ".join(team_names[d] for d in decision.teams)
            rows.append(_row(t(decision.prompt), action, touched, owner, entry, decision_id, team or None))
    return rows


def _row(
    issue: str,
    action: str,
    capabilities: list[str],
    owner: str,
    entry: PlanEntry | None,
    decision: str | None,
    team: str | None,
) -> dict[str, Any]:
    given = entry.model_dump(mode="json", exclude_none=True) if entry is not None else {}
    capabilities = [c for c in capabilities if c]
    return {
        "decision": decision,
        "team": team,
        "issue": issue,
        "action": given.get("action", action),
        "capabilities": capabilities,
        "capability": ", ".join(capabilities),
        "owner": given.get("owner", owner),
        "poc": given.get("poc", ""),
        "start": given.get("start", ""),
        "completion": given.get("completion", ""),
    }


def _action(
    decision: Any,
    chosen: str | None,
    scenario: Scenario,
    step_titles: dict[str, str],
    words: dict[str, str],
    t: Callable[[Any], str],
) -> str:
    """Practise the best-scoring option (its playbook steps by title); when the team chose it
    and still fell short, it was late: decide within the window."""
    weights = {c.id: c.weight for c in scenario.scoring.criteria}
    best = max(decision.options, key=lambda o: sum(points * weights[c] for c, points in o.scores.items()))
    if best.id == chosen:
        action = words["decide_in_time"].format(label=t(best.label))
    else:
        action = words["practise"].format(label=t(best.label))
    if best.playbook_steps:
        titles = ", ".join(step_titles.get(step, step) for step in best.playbook_steps)
        action += ". " + words["follow_steps"].format(steps=titles)
    return action
