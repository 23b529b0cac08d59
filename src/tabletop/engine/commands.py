"""Commands: everything a person does to a session, as typed, serialisable values.

A command is validated against the engine's current state before it changes anything;
an invalid one is refused with a reason and leaves the session as it was.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, TypeAdapter, ValidationInfo, model_validator

from tabletop.model.base import Identifier, StrictModel, Text
from tabletop.model.effects import Effect
from tabletop.model.exercise import ExerciseDetails, PlanEntry
from tabletop.model.feedback import Answer, FeedbackAnswers, Ratings, Respondent
from tabletop.model.text import STORED, Typed, refuse_typed
from tabletop.model.vocabulary import Channel

ShortText = Annotated[str, Field(max_length=20_000), Typed]
"""What people type (answers, rationales, notes): no control or bidi characters."""
Seconds = Annotated[int, Field(ge=0, le=10_000_000)]


def _typed_text(text: Text, info: ValidationInfo) -> Text:
    for value in text.values() if isinstance(text, dict) else (text,):
        refuse_typed(value, info)
    return text


TypedText = Annotated[Text, AfterValidator(_typed_text)]
"""An inject text written during the session, in one or more languages."""


class Start(StrictModel):
    """Start the scenario clock at T+00:00."""

    kind: Literal["start"] = "start"


class Pause(StrictModel):
    """Pause the clock (the console stops pacing it)."""

    kind: Literal["pause"] = "pause"


class Resume(StrictModel):
    """Resume a paused clock."""

    kind: Literal["resume"] = "resume"


class Advance(StrictModel):
    """Move the clock forward: to a time, by a duration, or to the next scheduled event."""

    kind: Literal["advance"] = "advance"
    to: Seconds | None = None
    """Scenario time to move to, in seconds."""
    by: Seconds | None = None
    """Seconds to move by."""
    next: bool = False
    """Move to the next scheduled event."""

    @model_validator(mode="after")
    def _one_target(self) -> Advance:
        if sum((self.to is not None, self.by is not None, self.next)) != 1:
            raise ValueError("advance needs exactly one of 'to', 'by' or 'next'")
        return self


class DeliverInject(StrictModel):
    """Deliver a planned inject now, ahead of its time or condition."""

    kind: Literal["deliver_inject"] = "deliver_inject"
    inject: Identifier


class AdhocInject(StrictModel):
    """Send an unplanned inject written during the session."""

    kind: Literal["adhoc_inject"] = "adhoc_inject"
    to: Annotated[list[Identifier], Field(min_length=1)]
    title: TypedText
    body: TypedText = ""
    sender: Identifier | None = None
    channel: Channel = "email"
    effects: list[Effect] = []


class Decide(StrictModel):
    """Record a team's decision: one of the options, or free text, with a rationale."""

    kind: Literal["decide"] = "decide"
    team: Identifier
    decision: Identifier
    option: Identifier | None = None
    text: ShortText | None = None
    rationale: ShortText = ""

    @model_validator(mode="after")
    def _option_or_text(self) -> Decide:
        if (self.option is None) == (self.text is None or not self.text.strip()):
            raise ValueError("a decision gives either an option or a free-text answer")
        return self


class ScoreAdjust(StrictModel):
    """Adjust a team's score (e.g. score a free-text answer), always with a reason."""

    kind: Literal["score_adjust"] = "score_adjust"
    team: Identifier
    points: Annotated[float, Field(ge=-1000, le=1000)]
    reason: Annotated[str, Field(min_length=1, max_length=2000), Typed]
    decision: Identifier | None = None
    criterion: Identifier | None = None


class Note(StrictModel):
    """A facilitator's note, stamped with the scenario time."""

    kind: Literal["note"] = "note"
    text: Annotated[str, Field(min_length=1, max_length=20_000), Typed]
    team: Identifier | None = None


class RateObjective(StrictModel):
    """Rate an objective the HSEEP way: P, S, M or U."""

    kind: Literal["rate_objective"] = "rate_objective"
    objective: Identifier
    rating: Literal["P", "S", "M", "U"]
    note: ShortText = ""


class ReleaseFeedback(StrictModel):
    """Let a team (or every team) see the debrief feedback on the decisions it has closed."""

    kind: Literal["release_feedback"] = "release_feedback"
    team: Identifier | None = None


class CountAsOption(StrictModel):
    """Count a team's free-text answer as one of the decision's options: the option's effects
    apply from now and the answer is scored as that option (the text stays on record)."""

    kind: Literal["count_as_option"] = "count_as_option"
    decision: Identifier
    option: Identifier
    reason: ShortText = ""


class CancelInject(StrictModel):
    """Keep a planned inject from going out, whether it waits for its time or its condition;
    for a recurring inject already out, stop the deliveries still to come."""

    kind: Literal["cancel_inject"] = "cancel_inject"
    inject: Identifier
    reason: ShortText = ""


class PlayOn(StrictModel):
    """After an ending: keep the outcome it reached on record and play on from there."""

    kind: Literal["play_on"] = "play_on"
    note: ShortText = ""


class End(StrictModel):
    """End the exercise now."""

    kind: Literal["end"] = "end"
    outcome: Identifier = "ended_by_facilitator"
    text: ShortText = ""


class Discuss(StrictModel):
    """Pause the clock for a discussion, with a message every screen shows until the clock resumes."""

    kind: Literal["discuss"] = "discuss"
    text: Annotated[str, Field(min_length=1, max_length=2000), Typed]


class ObserverNote(StrictModel):
    """An observer's note, optionally about a team, and optionally suggesting an objective's rating.

    A suggestion is not a rating: only the facilitator rates (`rate_objective`).
    """

    kind: Literal["observer_note"] = "observer_note"
    text: Annotated[str, Field(min_length=1, max_length=20_000), Typed]
    team: Identifier | None = None
    objective: Identifier | None = None
    rating: Literal["P", "S", "M", "U"] | None = None

    @model_validator(mode="after")
    def _rating_of_an_objective(self) -> ObserverNote:
        if self.rating is not None and self.objective is None:
            raise ValueError("a suggested rating names its objective")
        return self


class ParticipantFeedback(StrictModel):
    """A participant's feedback form (`model.feedback.FeedbackAnswers`, with its team), returned
    after the exercise; not `release_feedback`, the debrief on decisions released to a team.

    A later form from the same team and respondent replaces the earlier one in the report;
    both stay in the log.
    """

    kind: Literal["participant_feedback"] = "participant_feedback"
    team: Identifier
    respondent: Respondent = ""
    strengths: Answer = ""
    improvements: Answer = ""
    ratings: Ratings = {}
    comments: Answer = ""

    @classmethod
    def of(cls, team: str, answers: FeedbackAnswers) -> ParticipantFeedback:
        """The command for one form's answers (a script's `feedback` step is a form too)."""
        return cls(team=team, **answers.model_dump(include=set(FeedbackAnswers.model_fields)))


class HotWash(StrictModel):
    """A point the facilitator records from the hot wash, the discussion right after the exercise."""

    kind: Literal["hot_wash"] = "hot_wash"
    point: Literal["strength", "improvement"]
    text: Annotated[str, Field(min_length=1, max_length=4000), Typed]
    team: Identifier | None = None
    """The team it is about (none: the whole exercise)."""


class MarkForDebrief(StrictModel):
    """Mark a decision point for the debrief: the report then gives the odds of each of its
    options from the moment it opened (`tabletop report`)."""

    kind: Literal["mark_for_debrief"] = "mark_for_debrief"
    decision: Identifier
    note: ShortText = ""


class StartMove(StrictModel):
    """Start the next move (or a named one, with every earlier move not yet started), at the room's pace."""

    kind: Literal["start_move"] = "start_move"
    move: Identifier | None = None
    """The move to start; absent: the first one not yet started."""


class _DescribeExerciseKind(StrictModel):
    kind: Literal["describe_exercise"] = "describe_exercise"


class DescribeExercise(ExerciseDetails, _DescribeExerciseKind):
    """Record the exercise's dates, location, sponsor, participants and handling marking for
    the report; a later one replaces each detail it gives. (Its `kind` comes from the second
    base so that, as in every command, it is the first key of the stored JSON.)"""


class PlanImprovements(StrictModel):
    """Fill rows of the improvement plan (owner, point of contact, dates, corrective action);
    a later entry for the same row replaces the earlier one."""

    kind: Literal["plan_improvements"] = "plan_improvements"
    entries: Annotated[list[PlanEntry], Field(min_length=1, max_length=500)]


Command = Annotated[
    Start
    | Pause
    | Resume
    | Advance
    | DeliverInject
    | AdhocInject
    | Decide
    | ScoreAdjust
    | Note
    | RateObjective
    | ReleaseFeedback
    | CountAsOption
    | CancelInject
    | PlayOn
    | End
    | Discuss
    | ObserverNote
    | StartMove
    | DescribeExercise
    | PlanImprovements
    | ParticipantFeedback
    | HotWash
    | MarkForDebrief,
    Field(discriminator="kind"),
]
COMMAND_ADAPTER: TypeAdapter[Any] = TypeAdapter(Command)
"""Parses a command from a dict or JSON (the store and the network use it)."""


def parse_stored(text: str, _validate: Any = COMMAND_ADAPTER.validator.validate_json) -> Any:
    """A command read back from its JSON text in a session file, parsed and validated in one
    step: text typed before control characters were refused replays as it was recorded (the
    renderers show such characters visibly). Resume reads 1,000,000s: this calls pydantic's
    validator without the TypeAdapter's wrapper around it."""
    return _validate(text, context=STORED)


AFTER_THE_EXERCISE = frozenset({"describe_exercise", "plan_improvements"})
"""About the exercise rather than in it: allowed before it starts and after it ends."""
ALLOWED_AFTER_END = AFTER_THE_EXERCISE | frozenset(
    {
        "note",
        "score_adjust",
        "rate_objective",
        "release_feedback",
        "play_on",
        "observer_note",
        "participant_feedback",
        "hot_wash",
        "mark_for_debrief",
    }
)
"""The debrief goes on after the clock stops: notes, score adjustments, ratings, observers'
notes, participants' feedback, the hot wash and marks for the debrief (or play on)."""
AFTER_END_ONLY = frozenset({"participant_feedback", "hot_wash"})
"""Commands about the exercise as a whole, taken only once it has ended."""
