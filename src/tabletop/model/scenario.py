"""The scenario: everything a trainer writes to describe one exercise.

These models are the single source of truth for the format: validation, the JSON Schema
for editors (`tabletop schema`) and the field reference in docs/authoring.md all come
from them. Cross-references between ids are checked by `tabletop.loader.references`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from tabletop.model.base import (
    Condition,
    Duration,
    Fraction,
    Identifier,
    Slug,
    StrictModel,
    Text,
)
from tabletop.model.effects import Effect
from tabletop.model.vocabulary import ActorKind, Capability, Channel


class Clock(StrictModel):
    """The scenario clock: when the story starts and how long it runs."""

    start: datetime
    """Date and time at scenario time 0, e.g. `2026-03-14T08:00:00+01:00`."""
    duration: Duration
    """Scenario time after which the exercise ends if nothing ended it earlier."""
    pace: Annotated[float, Field(gt=0, le=3600)] = 1.0
    """Default pace: scenario seconds per wall-clock second in the live console."""


class Objective(StrictModel):
    """An exercise objective, evaluated with a HSEEP rating (P/S/M/U)."""

    id: Identifier
    """Unique id of the objective."""
    text: Text
    """What the teams should demonstrate."""
    capability: Capability
    """The HSEEP core capability this objective exercises."""
    teams: list[Identifier] = []
    """Teams evaluated on it (empty: all teams)."""


class StateVariable(StrictModel):
    """A named scenario variable: a number, a whole number or a flag."""

    type: Literal["number", "integer", "flag"] = "number"
    """`number`, `integer` or `flag` (true/false)."""
    initial: bool | float = 0
    """Value at scenario time 0."""
    min: float | None = None
    """Lowest value (numbers only); changes are clamped to it."""
    max: float | None = None
    """Highest value (numbers only); changes are clamped to it."""
    description: Text | None = None
    """What the variable stands for."""

    @model_validator(mode="after")
    def _consistent(self) -> StateVariable:
        if self.type == "flag":
            if not isinstance(self.initial, bool):
                raise ValueError("a flag's initial value is true or false")
            if self.min is not None or self.max is not None:
                raise ValueError("a flag has no min or max")
            return self
        if isinstance(self.initial, bool):
            raise ValueError(f"a {self.type}'s initial value is a number, not true/false")
        if self.type == "integer" and int(self.initial) != self.initial:
            raise ValueError("an integer's initial value is a whole number")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        if (self.min is not None and self.initial < self.min) or (self.max is not None and self.initial > self.max):
            raise ValueError(f"initial value {self.initial} is outside [{self.min}, {self.max}]")
        return self


class Actor(StrictModel):
    """A party in the story, played by a team or simulated by the white cell."""

    id: Identifier
    """Unique id, used in conditions as `actor.<id>.level`."""
    name: Text
    """Display name."""
    kind: ActorKind
    """diplomatic, technical, government, private, international, adversary or media."""
    country: str | None = None
    """The (fictional) state the actor belongs to."""
    played_by: Identifier | None = None
    """The team playing this actor; absent for simulated actors."""
    level: Annotated[int, Field(ge=0)] = 0
    """Escalation level at scenario time 0 (an index into the ladder)."""
    threshold: Annotated[float, Field(gt=0, le=100)] = 1.0
    """Pressure needed to push this actor up one level."""
    description: Text | None = None
    """Who the actor is, for the facilitator."""


class Relation(StrictModel):
    """A directed edge between actors: how much escalation carries from one to the other."""

    from_: Identifier = Field(alias="from")
    """The actor whose escalation spreads."""
    to: Identifier
    """The actor who feels it."""
    trust: Fraction = 0.5
    """0 (none) to 1 (full). Trust damps escalation: pressure is scaled by 1 - trust."""
    coupling: Fraction = 0.5
    """0 (none) to 1 (full): how strongly a rise in `from` carries to `to`."""
    channel: Channel = "liaison"
    """How the two communicate."""


RESERVED_SEATS = {"room": "room (projector view)", "observer": "observer"}
"""Ids the live session gives to seats that are not teams (their join strings are named by them)."""


class Team(StrictModel):
    """A group of trainees playing one or more actors."""

    id: Identifier
    """Unique id."""
    name: Text
    """Display name, e.g. "CSIRT cell"."""
    language: str | None = None
    """Language the team reads injects in (default: the scenario's first language)."""
    playbooks: list[Slug] = []
    """Playbooks the team is expected to follow (ids)."""
    roles: list[Text] = []
    """Roles of the participants, for the after-action report."""

    @field_validator("id")
    @classmethod
    def _not_a_seat(cls, value: str) -> str:
        if value in RESERVED_SEATS:
            raise ValueError(
                f"'{value}' is the {RESERVED_SEATS[value]}'s seat when teams join; give the team another id"
            )
        return value


class Trigger(StrictModel):
    """When something happens: at a scenario time, or once a condition holds (plus a delay)."""

    at: Duration | None = None
    """Scenario time (e.g. `45m`, `1h30m`)."""
    when: Condition | None = None
    """A condition; the trigger fires `delay` after it first becomes true."""
    delay: Duration = 0
    """Wait after `when` becomes true."""

    @model_validator(mode="after")
    def _one_trigger(self) -> Trigger:
        if (self.at is None) == (self.when is None):
            raise ValueError("give either 'at' (a time) or 'when' (a condition), not both or neither")
        if self.at is not None and self.delay:
            raise ValueError("'delay' goes with 'when'; with 'at', put the time in 'at'")
        return self


class Inject(Trigger):
    """A development delivered to teams: at a time, or when a condition becomes true."""

    id: Identifier
    """Unique id, used in conditions as `inject.<id>.delivered`."""
    from_: Identifier = Field(alias="from")
    """The actor who sends it."""
    to: Annotated[list[Identifier], Field(min_length=1)]
    """The teams who receive it."""
    channel: Channel = "email"
    """How it arrives."""
    title: Text
    """One line shown in the inbox."""
    body: Text
    """The full text."""
    effects: list[Effect] = []
    """What delivering it changes."""
    expected: Text | None = None
    """Expected player action (the MSEL column), for the facilitator."""
    facilitator_notes: Text | None = None
    """What the facilitator should know or do when it goes out (never shown to teams)."""
    discussion_questions: list[Text] = []
    """Questions the facilitator may put to the room after it (CTEP situation manuals)."""
    tags: list[str] = []
    """Free labels for filtering (e.g. `attribution`, `press`)."""
    public: bool = False
    """Shown on the room's projector news feed too (press releases, wire stories): never for private messages."""
    move: Identifier | None = None
    """The move it belongs to: it never goes out before that move starts (held until then)."""


class Option(StrictModel):
    """One answer to a decision point, with its consequences and its score."""

    id: Identifier
    """Unique within the decision point."""
    label: Text
    """What the team chooses."""
    effects: list[Effect] = []
    """What choosing it changes."""
    scores: dict[Identifier, float] = {}
    """Score per scoring criterion (criterion id → points, 0 to the criterion's max)."""
    playbook_steps: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*/[a-z][a-z0-9_]*$")]] = []
    """Playbook steps it enacts, as `playbook-id/step_id`."""
    norms: list[Slug] = []
    """UN norms of responsible state behaviour it enacts (`un-norm-a` … `un-norm-k`)."""
    cbms: list[Slug] = []
    """Confidence-building measures it uses (ids from the scenario's `cbms`)."""
    feedback: Text | None = None
    """What the facilitator can tell the team in the debrief."""
    when: Condition | None = None
    """Offered only while this condition holds (never on the default option, which is always offered)."""


class DecisionPoint(StrictModel):
    """A question put to one team, or to several who answer it jointly, open from `opens` until its deadline."""

    id: Identifier
    """Unique id, used in conditions as `decision.<id>.decided` or `.option`."""
    team: Identifier | Annotated[list[Identifier], Field(min_length=1)]
    """The team that decides, or a list of teams for a joint decision: one answer, given by any of them, scored for each."""
    prompt: Text
    """The question."""
    opens: Trigger
    """When it opens: `{at: 30m}` or `{when: <condition>, delay: 5m}`."""
    window: Duration | None = None
    """How long it stays open after opening (give this or `deadline`)."""
    deadline: Duration | None = None
    """Absolute scenario time it closes (only with a timed `opens`)."""
    options: Annotated[list[Option], Field(min_length=2)]
    """The choices offered."""
    default: Identifier
    """The option applied if the deadline passes without a decision."""
    free_text: bool = True
    """Whether teams may answer in their own words (scored by the facilitator)."""
    objectives: list[Identifier] = []
    """Objectives this decision provides evidence for."""
    move: Identifier | None = None
    """The move it belongs to: it never opens before that move starts (held until then)."""

    @property
    def teams(self) -> tuple[str, ...]:
        """The teams that decide it: one, or all those of a joint decision."""
        return (self.team,) if isinstance(self.team, str) else tuple(self.team)

    @model_validator(mode="after")
    def _one_deadline(self) -> DecisionPoint:
        if (self.window is None) == (self.deadline is None):
            raise ValueError("give either 'window' (a duration) or 'deadline' (a time), not both or neither")
        if self.window == 0:
            raise ValueError("'window' must be longer than zero")
        return self


class Reaction(StrictModel):
    """A rule for a simulated actor: when a condition holds, apply effects."""

    id: Identifier
    """Unique id."""
    actor: Identifier
    """The simulated actor who reacts."""
    when: Condition
    """The condition that triggers it."""
    delay: Duration = 0
    """Wait after the condition becomes true."""
    effects: Annotated[list[Effect], Field(min_length=1)]
    """What the reaction does."""
    once: bool = True
    """Fire only the first time the condition becomes true."""


class Criterion(StrictModel):
    """A scoring criterion, e.g. technical soundness or lawfulness and proportionality."""

    id: Identifier
    """Unique id, used in options' `scores`."""
    name: Text
    """Display name."""
    weight: Annotated[float, Field(ge=0)] = 1.0
    """Relative weight in a team's total."""
    max: Annotated[float, Field(gt=0)] = 3.0
    """Highest points an option can earn on this criterion."""


class Timeliness(StrictModel):
    """How the time a team takes to decide counts toward its score."""

    weight: Annotated[float, Field(ge=0)] = 1.0
    """Weight of timeliness beside the criteria."""
    max: Annotated[float, Field(ge=0)] = 3.0
    """Points for a decision made in full time (scaled by the marks below)."""
    full_within: Fraction = 0.5
    """Full marks when decided within this fraction of the window."""
    at_deadline: Fraction = 0.5
    """Marks (0 to 1) when decided just before the deadline; linear in between."""
    on_default: Fraction = 0.0
    """Marks when the deadline passed and the default option applied."""


class Scoring(StrictModel):
    """Scoring criteria and the timeliness rule."""

    criteria: Annotated[list[Criterion], Field(min_length=1)]
    """The criteria options are scored on."""
    timeliness: Timeliness = Timeliness()
    """How decision time counts."""


class EndCondition(Trigger):
    """An outcome that ends the exercise, at a time or when a condition holds."""

    id: Identifier
    """Outcome id."""
    text: Text
    """What the outcome means."""


class ConfidenceBuildingMeasure(StrictModel):
    """A confidence-building measure the scenario lets teams use (cite by its id)."""

    id: Slug
    """Short id defined by the scenario, e.g. `osce-poc`."""
    name: Text
    """What it is, e.g. "OSCE cyber/ICT point of contact (PC.DEC/1202)"."""


class Move(StrictModel):
    """A phase of the exercise (a module in CTEP and HSEEP terms), with its discussion questions.

    Moves start in the order they are listed; starting one starts every earlier one not yet
    started. The first move starts with the exercise unless it says otherwise; a later move
    without `starts` waits for the facilitator.
    """

    id: Identifier
    """Unique id, used in `move:` of injects and decisions and in conditions as `move.<id>.started`."""
    title: Text
    """Shown on the console, the trainees' screens and the room's projector while the move runs."""
    starts: Trigger | None = None
    """When it starts by itself: `{at: 45m}` or `{when: <condition>, delay: 5m}`; absent: the first move
    starts with the exercise, a later one when the facilitator starts it."""
    summary: Text | None = None
    """The situation at the start of the move, for the facilitator and the report."""
    discussion_questions: list[Text] = []
    """Questions the facilitator puts to the room during the move."""


class Scenario(StrictModel):
    """A tabletop exercise: its story, its actors and teams, and how it is scored."""

    id: Slug
    """Unique id of the scenario."""
    title: Text
    """Title."""
    version: str = "1"
    """Version of the scenario text (quote it: "1.0")."""
    summary: Text
    """A paragraph for the facilitator."""
    languages: Annotated[list[str], Field(min_length=1)] = ["en"]
    """Languages every text is given in; the first is the default."""
    audience: list[str] = []
    """Who the exercise is for."""
    duration: Duration | None = None
    """Planned wall-clock length of the exercise session."""
    clock: Clock
    """The scenario clock."""
    playbooks: list[Slug] = []
    """Reference playbooks the options cite (ids; files `playbooks/<id>.yaml`)."""
    cbms: list[ConfidenceBuildingMeasure] = []
    """Confidence-building measures available in this scenario."""
    objectives: Annotated[list[Objective], Field(min_length=1)]
    """Exercise objectives, each mapped to a HSEEP core capability."""
    state: dict[Identifier, StateVariable] = {}
    """Scenario variables by name, used in conditions as `state.<name>`."""
    ladder: Annotated[list[Text], Field(min_length=2, max_length=20)]
    """Escalation levels from 0 upward, e.g. `[normal, elevated, serious, severe, crisis]`."""
    actors: Annotated[list[Actor], Field(min_length=1)]
    """Parties in the story."""
    relations: list[Relation] = []
    """Directed relations between actors."""
    teams: Annotated[list[Team], Field(min_length=1)]
    """Teams of trainees."""
    moves: list[Move] = []
    """The exercise's moves, in order (none: one continuous exercise)."""
    injects: list[Inject] = []
    """Developments delivered to teams."""
    decisions: list[DecisionPoint] = []
    """Decision points put to teams."""
    reactions: list[Reaction] = []
    """Reaction rules of simulated actors (the white cell)."""
    scoring: Scoring
    """Scoring criteria and timeliness."""
    end: list[EndCondition] = []
    """Outcomes that end the exercise early."""
