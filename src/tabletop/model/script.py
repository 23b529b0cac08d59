"""Decision scripts: what `tabletop play` does on behalf of the teams and the facilitator.

steps:
  - {at: 20m, team: csirt_cell, decide: contain, option: isolate, rationale: Stop the spread}
  - {at: 50m, team: mfa_cell, decide: consult, text: We call our partners first}
  - {at: 1h, note: The MFA cell hesitated over attribution}
  - {at: 1h10m, deliver: press_call}
  - {at: 2h, score: mfa_cell, points: 2, reason: Sound free-text answer}
  - {at: 2h, rate: contain_fast, rating: S}
  - {at: 2h, start_move: recovery}
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from tabletop.model.base import Duration, Identifier, StrictModel, keyed_union
from tabletop.model.text import Typed

ScriptText = Annotated[str, Field(max_length=20_000), Typed]
"""Text a script types on someone's behalf: no control or bidi characters, as in the console."""


class DecideStep(StrictModel):
    """A team's decision: an option, or free text."""

    at: Duration
    """When (scenario time)."""
    team: Identifier
    """The deciding team."""
    decide: Identifier
    """The decision point."""
    option: Identifier | None = None
    """The option chosen."""
    text: ScriptText | None = None
    """A free-text answer instead of an option."""
    rationale: ScriptText = ""
    """Why the team chose it."""

    @model_validator(mode="after")
    def _option_or_text(self) -> DecideStep:
        if (self.option is None) == (self.text is None):
            raise ValueError("give either 'option' or 'text'")
        return self


class NoteStep(StrictModel):
    """A facilitator's note."""

    at: Duration
    note: Annotated[ScriptText, Field(min_length=1)]
    team: Identifier | None = None


class DeliverStep(StrictModel):
    """Deliver a planned inject now."""

    at: Duration
    deliver: Identifier


class ScoreStep(StrictModel):
    """Adjust a team's score, with a reason."""

    at: Duration
    score: Identifier
    """The team."""
    points: Annotated[float, Field(ge=-1000, le=1000)]
    reason: Annotated[ScriptText, Field(min_length=1, max_length=2000)]
    decision: Identifier | None = None
    criterion: Identifier | None = None


class RateStep(StrictModel):
    """Rate an objective P, S, M or U."""

    at: Duration
    rate: Identifier
    """The objective."""
    rating: Literal["P", "S", "M", "U"]
    note: ScriptText = ""


class EndStep(StrictModel):
    """End the exercise."""

    at: Duration
    end: Identifier = "ended_by_facilitator"
    text: ScriptText = ""


class StartMoveStep(StrictModel):
    """Start a move, as the facilitator does when the room is ready (and every earlier one not yet started)."""

    at: Duration
    start_move: Identifier
    """The move."""


_KINDS = {
    "decide": DecideStep,
    "note": NoteStep,
    "deliver": DeliverStep,
    "score": ScoreStep,
    "rate": RateStep,
    "end": EndStep,
    "start_move": StartMoveStep,
}

Step = keyed_union(_KINDS, "step", "a step has one of: " + ", ".join(_KINDS))


class DecisionScript(StrictModel):
    """Steps played in time order (steps at the same time keep their order)."""

    steps: list[Step]
