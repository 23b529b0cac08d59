"""Effects: what an inject, an option or a reaction rule changes in the running scenario.

Each effect is a small mapping whose first key says what it does, e.g.
`{add: public_pressure, by: 10}` or `{raise: mfa, by: 1}`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from tabletop.model.base import Duration, Identifier, StrictModel, Text, keyed_union


class SetState(StrictModel):
    """Set a state variable to a value."""

    set: Identifier
    """The state variable to set."""
    to: bool | float | str
    """Its new value: a number (clamped to the variable's bounds), true/false, or one of a choice's values."""


class AddState(StrictModel):
    """Add to (or, with a negative amount, subtract from) a number, or move a choice up or down its values."""

    add: Identifier
    """The state variable to change."""
    by: float
    """The amount to add; negative to subtract. The result is clamped to the bounds. On a
    choice, a whole number of steps along its values (`1`: one up, `-1`: one down), stopping at the ends."""


class RaiseLevel(StrictModel):
    """Raise an actor's escalation level; the rise spreads along relations."""

    raise_: Identifier = Field(alias="raise")
    """The actor whose level rises."""
    by: Annotated[int, Field(ge=1, le=10)] = 1
    """How many ladder levels."""


class LowerLevel(StrictModel):
    """Lower an actor's escalation level (de-escalation does not spread)."""

    lower: Identifier
    """The actor whose level falls."""
    by: Annotated[int, Field(ge=1, le=10)] = 1
    """How many ladder levels."""


class ChangeRelation(StrictModel):
    """Change the trust or coupling of the relation between two actors."""

    relation: Annotated[list[Identifier], Field(min_length=2, max_length=2)]
    """`[from_actor, to_actor]`: the directed relation to change."""
    trust: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    """New trust (0 none … 1 full)."""
    coupling: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    """New coupling (0 none … 1 full)."""


class ScheduleInject(StrictModel):
    """Deliver an inject after a delay (in addition to its own trigger)."""

    schedule: Identifier
    """The inject to deliver."""
    after: Duration = 0
    """Delay from now."""


class CancelInject(StrictModel):
    """Cancel an inject that has not been delivered yet."""

    cancel: Identifier
    """The inject that will no longer be delivered."""


class OpenDecision(StrictModel):
    """Open a decision point now, whatever its own `opens` trigger says."""

    open: Identifier
    """The decision point to open."""


class EndScenario(StrictModel):
    """End the exercise with an outcome."""

    end: Identifier
    """The outcome id (also used in the after-action report)."""
    text: Text | None = None
    """What the outcome means, shown to the facilitator."""


_MODELS: dict[str, type[StrictModel]] = {
    "set": SetState,
    "add": AddState,
    "raise": RaiseLevel,
    "lower": LowerLevel,
    "relation": ChangeRelation,
    "schedule": ScheduleInject,
    "cancel": CancelInject,
    "open": OpenDecision,
    "end": EndScenario,
}
EFFECT_KINDS = tuple(_MODELS)

Effect = keyed_union(_MODELS, "effect", "an effect starts with one of: " + ", ".join(EFFECT_KINDS))
"""One change to the scenario; see the effect kinds in the authoring guide."""
