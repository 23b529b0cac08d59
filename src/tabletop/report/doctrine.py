"""Norms and confidence-building measures per team, for the debrief (issue 15's doctrine).

An option's tags say what choosing it does: the UN norms it upholds (`norms`), those it puts
at risk (`norms_at_risk`) and the CBMs it uses (`cbms`). A team is credited with what the
options it chose say; an option applied by default counts for nobody, since nobody acted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tabletop.model import Scenario
from tabletop.model.vocabulary import UN_NORMS
from tabletop.scoring import Evaluation


def doctrine_summary(
    scenario: Scenario, evaluation: Evaluation, words: dict[str, Any], t: Callable[[Any], str]
) -> dict[str, Any] | None:
    """Per team: norms upheld, norms at risk and CBMs used, each with the answers that did it;
    None when the scenario tags no option with a norm or a CBM."""
    decisions = {d.id: d for d in scenario.decisions}
    tagged = any(o.norms or o.norms_at_risk or o.cbms for d in scenario.decisions for o in d.options)
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
            }
        )
    return {"teams": teams}
