"""Decision scripts: what `tabletop play` does on behalf of the teams and the facilitator.

steps:
  - {at: 20m, team: csirt_cell, decide: contain, option: isolate, rationale: Stop the spread}
  - {after_open: 5m, team: mfa_cell, decide: press_line, option: holding_statement}
  - {at: 50m, team: mfa_cell, decide: consult, text: We call our partners first}
  - {at: 1h, note: The MFA cell hesitated over attribution}
  - {at: 1h10m, deliver: press_call}
  - {at: 2h, score: mfa_cell, points: 2, reason: Sound free-text answer}
  - {at: 2h, rate: contain_fast, rating: S}
  - {at: 2h, start_move: recovery}
  - {at: 3h, feedback: csirt_cell, ratings: {contain_fast: 4}, strengths: Clear roles}
  - {at: 3h, hot_wash: improvement, text: The press line came late, team: mfa_cell}
  - {at: 3h, mark_for_debrief: contain, text: Why did we wait?}
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from tabletop.model.base import Duration, Identifier, StrictModel, keyed_union
from tabletop.model.feedback import FeedbackAnswers
from tabletop.model.text import Typed

ScriptText = Annotated[str, Field(max_length=20_000), Typed]
"""Text a script types on someone's behalf: no control or bidi characters, as in the console."""


class DecideStep(StrictModel):
    """A team's decision: an option, or free text, at a time or a while after the decision point opens."""

    at: Duration | None = None
    """When (scenario time). Give this or `after_open`."""
    after_open: Duration | None = None
    """How long after the decision point opens (for one that opens on a condition, whose time you can't know)."""
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
        if (self.at is None) == (self.after_open is None):
            raise ValueError("give either 'at' (a scenario time) or 'after_open' (a delay after the decision opens)")
        if (self.option is None) == (self.text is None):
            raise ValueError("give either 'option' or 'text'")
        return self


class NoteStep(StrictModel):
    """A facilitator's note."""

    at: Duration
    """When (scenario time)."""
    note: Annotated[ScriptText, Field(min_length=1)]
    """The note."""
    team: Identifier | None = None
    """The team it is about (none: the whole exercise)."""


class DeliverStep(StrictModel):
    """Deliver a planned inject now."""

    at: Duration
    """When (scenario time)."""
    deliver: Identifier
    """The inject, delivered at `at` whatever its own trigger says."""


class ScoreStep(StrictModel):
    """Adjust a team's score, with a reason."""

    at: Duration
    """When (scenario time)."""
    score: Identifier
    """The team."""
    points: Annotated[float, Field(ge=-1000, le=1000)]
    """Points to add (negative to take away)."""
    reason: Annotated[ScriptText, Field(min_length=1, max_length=2000)]
    """Why, for the after-action report."""
    decision: Identifier | None = None
    """The decision point the points are for (e.g. a free-text answer)."""
    criterion: Identifier | None = None
    """The scoring criterion they count toward."""


class RateStep(StrictModel):
    """Rate an objective P, S, M or U."""

    at: Duration
    """When (scenario time)."""
    rate: Identifier
    """The objective."""
    rating: Literal["P", "S", "M", "U"]
    """HSEEP rating: performed without challenges (P), with some (S), with major ones (M), unable (U)."""
    note: ScriptText = ""
    """Why this rating."""


class EndStep(StrictModel):
    """End the exercise."""

    at: Duration
    """When (scenario time)."""
    end: Identifier = "ended_by_facilitator"
    """The outcome id."""
    text: ScriptText = ""
    """What the outcome means."""


class StartMoveStep(StrictModel):
    """Start a move, as the facilitator does when the room is ready (and every earlier one not yet started)."""

    at: Duration
    """When (scenario time)."""
    start_move: Identifier
    """The move."""


class FeedbackStep(FeedbackAnswers):
    """A participant's feedback form, returned after the exercise has ended."""

    at: Duration
    """When (scenario time): at or after the end (a time past the clock's duration plays it once time is up)."""
    feedback: Identifier
    """The participant's team."""


class HotWashStep(StrictModel):
    """A point the facilitator records from the hot wash, after the exercise has ended."""

    at: Duration
    """When (scenario time): at or after the end."""
    hot_wash: Literal["strength", "improvement"]
    """A `strength` or an area for `improvement`."""
    text: Annotated[ScriptText, Field(min_length=1, max_length=4000)]
    """The point, as the room put it."""
    team: Identifier | None = None
    """The team it is about (none: the whole exercise)."""


class MarkStep(StrictModel):
    """The facilitator marks a decision point for the debrief: the report gives the odds of its options."""

    at: Duration
    """When (scenario time): once the decision point has opened, during or after the exercise."""
    mark_for_debrief: Identifier
    """The decision point."""
    text: ScriptText = ""
    """Why it is worth discussing (optional)."""


_KINDS = {
    "decide": DecideStep,
    "note": NoteStep,
    "deliver": DeliverStep,
    "score": ScoreStep,
    "rate": RateStep,
    "end": EndStep,
    "start_move": StartMoveStep,
    "feedback": FeedbackStep,
    "hot_wash": HotWashStep,
    "mark_for_debrief": MarkStep,
}

Step = keyed_union(_KINDS, "step", "a step has one of: " + ", ".join(_KINDS))


class DecisionScript(StrictModel):
    """Steps played in time order (steps at the same time keep their order)."""

    steps: list[Step]
    """What happens, each step at its time."""
