"""The UN norms and confidence-building measures each team's answers enacted, from the options'
tags: `norms` (upheld), `norms_at_risk` and `cbms`.

A team is credited with what the options it chose say; an option applied by default counts
for nobody, since nobody acted. A joint decision's answer counts for each of its teams.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tabletop.model import Scenario
from tabletop.scoring.decisions import TeamScore

Answer = tuple[str, str]
"""(decision id, option id)."""


@dataclass(frozen=True)
class TeamNorms:
    upheld: dict[str, list[Answer]] = field(default_factory=dict)
    """Norm id → the answers that upheld it, in the order given."""
    at_risk: dict[str, list[Answer]] = field(default_factory=dict)
    cbms: dict[str, list[Answer]] = field(default_factory=dict)
    """CBM id → the answers that used it."""


def norms_and_cbms(scenario: Scenario, scores: dict[str, TeamScore]) -> dict[str, TeamNorms]:
    options = {(d.id, o.id): o for d in scenario.decisions for o in d.options}
    found: dict[str, TeamNorms] = {}
    for team in scenario.teams:
        tally = found[team.id] = TeamNorms()
        for score in scores[team.id].decisions if team.id in scores else ():
            if score.how == "defaulted" or score.option is None:
                continue
            answer = (score.decision, score.option)
            option = options[answer]
            for into, ids in (
                (tally.upheld, option.norms),
                (tally.at_risk, option.norms_at_risk),
                (tally.cbms, option.cbms),
            ):
                for key in ids:
                    into.setdefault(key, []).append(answer)
    return found
