"""Attribution as a judgement: the technical confidence a team states, and, separately, the
political decision to attribute, per team, from the answers it chose (their `attribution` tags).

Norm b asks a state to weigh all relevant information and the difficulty of attribution
before acting on it. So each political decision is set against the technical confidence
stated by then about the party it names (by any team: the CSIRT assesses, the ministry
decides): naming a party in public while that confidence was low, or before any was stated,
outran the evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tabletop.engine.events import CountedAsOption, DecisionMade, Event, StateChanged
from tabletop.model import Scenario
from tabletop.model.scenario import Attribution
from tabletop.scoring.decisions import TeamScore

PUBLIC = frozenset({"public", "joint"})
"""Political decisions that name the responsible party in public."""


@dataclass(frozen=True)
class AttributionStep:
    """One answer that said something about attribution."""

    time: int
    team: str
    decision: str
    option: str
    confidence: str | None
    """The technical confidence it states (None: it states none)."""
    call: str | None
    """The political decision it takes: withhold, private, public or joint (None: it takes none)."""
    to: str | None
    """The actor it holds responsible, if it names one."""
    stated_then: str | None
    """The technical confidence last stated, by any team, when it was decided, about the party it
    names (or without naming anyone): a CSIRT's confidence in a criminal group says nothing of
    the state a ministry then names."""

    @property
    def outran(self) -> bool:
        """A public attribution while the technical confidence stated by then was low, or none was."""
        return self.call in PUBLIC and self.stated_then in (None, "low")


@dataclass(frozen=True)
class TeamAttribution:
    steps: list[AttributionStep] = field(default_factory=list)

    @property
    def confidence(self) -> str | None:
        """The technical confidence this team stated last."""
        return next((s.confidence for s in reversed(self.steps) if s.confidence), None)

    @property
    def call(self) -> str | None:
        """The political decision this team took last."""
        return next((s.call for s in reversed(self.steps) if s.call), None)


def attribution(
    scenario: Scenario, scores: dict[str, TeamScore], events: Sequence[Event]
) -> dict[str, TeamAttribution]:
    """Per team, the answers it chose that carry an `attribution` tag, in time order.

    An option applied by default counts for nobody (nobody judged anything); a joint
    decision's answer counts for each of its teams. A confidence given as `state.<name>` is
    the value that variable held when the answer was given.
    """
    tags = {(d.id, o.id): o.attribution for d in scenario.decisions for o in d.options if o.attribution is not None}
    held = _confidence_when_decided(scenario, tags.values(), events)
    chosen = sorted(
        (
            (score.closed_at, team, score.decision, score.option, tags[(score.decision, score.option)])
            for team, team_score in scores.items()
            for score in team_score.decisions
            if score.how != "defaulted" and (score.decision, score.option) in tags
        ),
        key=lambda row: row[0],
    )
    stated: dict[str | None, str] = {}
    """Party (None: nobody named) → the technical confidence last stated about it."""
    found: dict[str, list[AttributionStep]] = {team.id: [] for team in scenario.teams}
    for time, team, decision, option, tag in chosen:
        confidence = held.get((decision, tag.confidence), tag.confidence)
        confidence = None if confidence == "none" else confidence
        if confidence is not None:
            stated.pop(tag.to, None)  # the latest statement goes last
            stated[tag.to] = confidence
        then = _stated_about(stated, tag.to)
        found[team].append(AttributionStep(time, team, decision, option, confidence, tag.decision, tag.to, then))
    return {team: TeamAttribution(steps) for team, steps in found.items()}


def _stated_about(stated: dict[str | None, str], party: str | None) -> str | None:
    """The confidence last stated about `party`, or without naming anyone; about anyone when `party` is None."""
    relevant = [c for about, c in stated.items() if party is None or about in (party, None)]
    return relevant[-1] if relevant else None


def _confidence_when_decided(
    scenario: Scenario, tags: Iterable[Attribution], events: Sequence[Event]
) -> dict[tuple[str, str], str]:
    """(decision, "state.<name>") → the value the variable held when the decision was answered."""
    read = {
        tag.confidence.removeprefix("state.") for tag in tags if tag.confidence and tag.confidence.startswith("state.")
    }
    if not read:
        return {}
    values = {name: scenario.state[name].start for name in read}
    held: dict[tuple[str, str], str] = {}
    for event in events:
        if isinstance(event, StateChanged) and event.variable in values:
            values[event.variable] = event.value
        elif isinstance(event, DecisionMade | CountedAsOption):
            for name, value in values.items():
                held[(event.decision, f"state.{name}")] = str(value)
    return held
