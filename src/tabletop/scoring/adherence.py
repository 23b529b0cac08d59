"""Playbook adherence: which expected steps a team's decisions enacted, when, in what order.

A team is expected to follow the playbooks listed on it. A step counts as enacted when the
team *chose* an option citing it (an option applied by default does not count: nobody
acted). It is on time when enacted by the step's time target, and the enacted steps are in
order when they were enacted in the playbook's order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tabletop.engine.events import CountedAsOption, DecisionMade, Event
from tabletop.model import Playbook, Scenario


@dataclass(frozen=True)
class StepAdherence:
    step: str
    """`playbook-id/step_id`."""
    phase: str
    target: int | None
    enacted_at: int | None = None
    by: str | None = None
    """`decision/option` that enacted it."""

    @property
    def enacted(self) -> bool:
        return self.enacted_at is not None

    @property
    def on_time(self) -> bool:
        return self.enacted_at is not None and (self.target is None or self.enacted_at <= self.target)


@dataclass
class TeamAdherence:
    team: str
    playbooks: list[str]
    steps: list[StepAdherence] = field(default_factory=list)
    out_of_order: list[tuple[str, str]] = field(default_factory=list)
    """Pairs (earlier step, later step) of the playbook enacted the other way round."""

    @property
    def expected(self) -> int:
        return len(self.steps)

    @property
    def enacted(self) -> int:
        return sum(s.enacted for s in self.steps)

    @property
    def on_time(self) -> int:
        return sum(s.on_time for s in self.steps)

    @property
    def percent(self) -> float:
        return 100.0 * self.enacted / self.expected if self.expected else 0.0


def adherence(scenario: Scenario, playbooks: dict[str, Playbook], events: Iterable[Event]) -> dict[str, TeamAdherence]:
    options = {(d.id, o.id): o for d in scenario.decisions for o in d.options}
    deciding = {d.id: d.teams for d in scenario.decisions}
    enacted: dict[str, dict[str, tuple[int, str]]] = {t.id: {} for t in scenario.teams}
    for event in events:
        if isinstance(event, DecisionMade | CountedAsOption) and event.option:
            option = options[(event.decision, event.option)]
            for team in deciding[event.decision]:  # a joint answer enacts the steps for each of its teams
                for step in option.playbook_steps:
                    enacted[team].setdefault(step, (event.time, f"{event.decision}/{event.option}"))
    result = {}
    for team in scenario.teams:
        report = TeamAdherence(team.id, list(team.playbooks))
        for playbook_id in team.playbooks:
            playbook = playbooks.get(playbook_id)
            if playbook is None:
                continue
            done = []
            for step in playbook.steps:
                key = f"{playbook_id}/{step.id}"
                at, by = enacted[team.id].get(key, (None, None))
                report.steps.append(StepAdherence(key, step.phase, step.target, at, by))
                if at is not None:
                    done.append((key, at))
            for i, (earlier, earlier_at) in enumerate(done):
                for later, later_at in done[i + 1 :]:
                    if later_at < earlier_at:
                        report.out_of_order.append((earlier, later))
        result[team.id] = report
    return result
