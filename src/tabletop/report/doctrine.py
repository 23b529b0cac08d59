"""Norms, confidence-building measures and attribution per team, for the debrief.

An option's tags say what choosing it does: the UN norms it upholds (`norms`), those it puts
at risk (`norms_at_risk`), the CBMs it uses (`cbms`) and what it says about attribution
(`attribution`: a technical confidence, a political decision, or both). A team is credited
with what the options it chose say; an option applied by default counts for nobody, since
nobody acted.
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
    decisions = {d.id: d for d in scenario.decisions}
    tagged = any(o.norms or o.norms_at_risk or o.cbms or o.attribution for d in scenario.decisions for o in d.options)
    if not tagged:
        return None
    cbm_names = {c.id: t(c.name) for c in scenario.cbms}
    norm_texts = words.get("norm_texts", {})
    teams = []
    for team in scenario.teams:
        upheld: dict[str, list[str]] = {}
        at_risk: dict[str, list[str]] = {}
        cbms: dict[str, list[str]] = {}
        for score in evaluation.scores[team.id].decisions if team.id in evaluation.scores else ():
            if score.how == "defaulted" or score.option is None:
                continue
            option = next(o for o in decisions[score.decision].options if o.id == score.option)
            answer = t(option.label)
            for norm in option.norms:
                upheld.setdefault(norm, []).append(answer)
            for norm in option.norms_at_risk:
                at_risk.setdefault(norm, []).append(answer)
            for cbm in option.cbms:
                cbms.setdefault(cbm, []).append(answer)

        def norms(found: dict[str, list[str]]) -> list[dict[str, Any]]:
            return [
                {"norm": n, "letter": n[-1], "text": norm_texts.get(n, UN_NORMS.get(n, n)), "by": found[n]}
                for n in sorted(found)
            ]

        teams.append(
            {
                "id": team.id,
                "name": t(team.name),
                "upheld": norms(upheld),
                "at_risk": norms(at_risk),
                "cbms": [{"cbm": c, "name": cbm_names.get(c, c), "by": cbms[c]} for c in sorted(cbms)],
                "attribution": _attribution(scenario, evaluation.attribution.get(team.id), words, t),
            }
        )
    attribution = any(o.attribution for d in scenario.decisions for o in d.options)
    return {"teams": teams, "attribution": attribution}


def _attribution(
    scenario: Scenario, found: TeamAttribution | None, words: dict[str, Any], t: Callable[[Any], str]
) -> dict[str, Any]:
    """The team's attribution judgements in words: what it stated and decided last, and each answer."""
    said = words["attribution_words"]
    if found is None or not found.steps:
        return {"confidence": None, "decision": None, "summary": "", "steps": []}
    actors = {a.id: t(a.name) for a in scenario.actors}
    labels = {(d.id, o.id): t(o.label) for d in scenario.decisions for o in d.options}
    steps = []
    for step in found.steps:
        parts = [
            step.confidence and words["attribution_confidence_item"].format(level=said[step.confidence]),
            step.call and said[step.call],
            step.to and words["attribution_to"].format(actor=actors.get(step.to, step.to)),
        ]
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
                "said": "; ".join(p for p in parts if p),
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
