"""Norms, confidence-building measures and attribution per team, in words, for the debrief.

The tallies are the evaluation's (scoring/norms.py, scoring/attribution.py): what the options
each team chose say they did. This module names the norms, CBMs, answers and parties.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tabletop.model import Scenario
from tabletop.model.base import format_time
from tabletop.model.vocabulary import UN_NORMS
from tabletop.scoring import Evaluation
from tabletop.scoring.attribution import TeamAttribution


def doctrine_summary(
    scenario: Scenario, evaluation: Evaluation, words: dict[str, Any], t: Callable[[Any], str]
) -> dict[str, Any] | None:
    """Per team: norms upheld, norms at risk, CBMs used and attribution judgements, each with the
    answers that did it; None when the scenario tags no option with any of them."""
    tagged = any(o.norms or o.norms_at_risk or o.cbms or o.attribution for d in scenario.decisions for o in d.options)
    if not tagged:
        return None
    labels = {(d.id, o.id): t(o.label) for d in scenario.decisions for o in d.options}
    cbm_names = {c.id: t(c.name) for c in scenario.cbms}
    norm_texts = words.get("norm_texts", {})

    def norms(found: dict[str, list[tuple[str, str]]]) -> list[dict[str, Any]]:
        return [
            {
                "norm": n,
                "letter": n[-1],
                "text": norm_texts.get(n, UN_NORMS.get(n, n)),
                "by": [labels[answer] for answer in found[n]],
            }
            for n in sorted(found)
        ]

    teams = []
    for team in scenario.teams:
        tally = evaluation.norms[team.id]
        teams.append(
            {
                "id": team.id,
                "name": t(team.name),
                "upheld": norms(tally.upheld),
                "at_risk": norms(tally.at_risk),
                "cbms": [
                    {"cbm": c, "name": cbm_names.get(c, c), "by": [labels[a] for a in tally.cbms[c]]}
                    for c in sorted(tally.cbms)
                ],
                "attribution": _attribution(scenario, evaluation.attribution.get(team.id), labels, words, t),
            }
        )
    attribution = any(o.attribution for d in scenario.decisions for o in d.options)
    return {"teams": teams, "attribution": attribution}


def attribution_said(
    confidence: str | None, call: str | None, to: str | None, words: dict[str, Any], actors: dict[str, str]
) -> str:
    """What an answer says about attribution, in words: `technical confidence moderate; attribute
    publicly; holds responsible: X`. A confidence `state.<name>` (an option's tag, not yet read)
    is said as such."""
    said = words["attribution_words"]
    if confidence is not None and confidence.startswith("state."):
        level = words["attribution_confidence_from_state"].format(variable=confidence)
    else:
        level = confidence and words["attribution_confidence_item"].format(level=said[confidence])
    parts = [level, call and said[call], to and words["attribution_to"].format(actor=actors.get(to, to))]
    return "; ".join(p for p in parts if p)


def _attribution(
    scenario: Scenario,
    found: TeamAttribution | None,
    labels: dict[tuple[str, str], str],
    words: dict[str, Any],
    t: Callable[[Any], str],
) -> dict[str, Any]:
    """The team's attribution judgements in words: what it stated and decided last, and each answer."""
    said = words["attribution_words"]
    if found is None or not found.steps:
        return {"confidence": None, "decision": None, "summary": "", "steps": []}
    actors = {a.id: t(a.name) for a in scenario.actors}
    steps = []
    for step in found.steps:
        warning = ""
        if step.outran:
            warning = (
                words["outran_evidence"].format(stated=said[step.stated_then])
                if step.stated_then
                else words["outran_unstated"]
            )
        steps.append(
            {
                "clock": format_time(step.time),
                "answer": labels[(step.decision, step.option)],
                "confidence": step.confidence,
                "decision": step.call,
                "to": step.to,
                "said": attribution_said(step.confidence, step.call, step.to, words, actors),
                "outran_evidence": step.outran,
                "warning": warning,
            }
        )
    summary = [
        found.confidence and words["attribution_last_confidence"].format(level=said[found.confidence]),
        found.call and words["attribution_last_decision"].format(decision=said[found.call]),
    ]
    return {
        "confidence": found.confidence,
        "decision": found.call,
        "summary": "; ".join(p for p in summary if p),
        "steps": steps,
    }
