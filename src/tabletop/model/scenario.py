"""The scenario: everything a trainer writes to describe one exercise.

These models are the single source of truth for the format: validation, the JSON Schema
for editors (`tabletop schema`) and the field reference in docs/authoring.md all come
from them. Cross-references between ids are checked by `tabletop.loader.references`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from tabletop.errors import did_you_mean
from tabletop.model.base import (
    Condition,
    Duration,
    Fraction,
    Identifier,
    Slug,
    StrictModel,
    Text,
    format_time,
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
    """A named scenario variable: a number, a whole number, a flag or a choice of ordered values."""

    type: Literal["number", "integer", "flag", "choice"] = "number"
    """`number`, `integer`, `flag` (true/false) or `choice` (one of `values`)."""
    values: list[Annotated[str, StringConstraints(min_length=1, max_length=80)]] = []
    """A choice's values, lowest first, e.g. `[low, moderate, high]`: conditions compare them
    by this order (`state.confidence >= "moderate"`)."""
    initial: bool | float | str | None = None
    """Value at scenario time 0 (default: 0, false, or a choice's first value)."""
    min: float | None = None
    """Lowest value (numbers only); changes are clamped to it."""
    max: float | None = None
    """Highest value (numbers only); changes are clamped to it."""
    description: Text | None = None
    """What the variable stands for."""

    @property
    def start(self) -> bool | float | str:
        """The value at scenario time 0, its default filled in."""
        if self.initial is not None:
            return self.initial
        return {"flag": False, "choice": self.values[0] if self.values else ""}.get(self.type, 0)

    @model_validator(mode="after")
    def _consistent(self) -> StateVariable:
        if self.type != "choice" and self.values:
            raise ValueError("only a choice has 'values'")
        if self.type != "choice" and isinstance(self.initial, str):
            raise ValueError(
                f"a {self.type}'s initial value is {'true or false' if self.type == 'flag' else 'a number'}"
            )
        if self.type == "flag":
            if not isinstance(self.start, bool):
                raise ValueError("a flag's initial value is true or false")
            if self.min is not None or self.max is not None:
                raise ValueError("a flag has no min or max")
            return self
        if self.type == "choice":
            return self._choice()
        if isinstance(self.start, bool):
            raise ValueError(f"a {self.type}'s initial value is a number, not true/false")
        initial = float(self.start)
        if self.type == "integer" and int(initial) != initial:
            raise ValueError("an integer's initial value is a whole number")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        if (self.min is not None and initial < self.min) or (self.max is not None and initial > self.max):
            raise ValueError(f"initial value {self.start} is outside [{self.min}, {self.max}]")
        return self

    def _choice(self) -> StateVariable:
        if len(self.values) < 2:
            raise ValueError("a choice lists at least two 'values', lowest first, e.g. [low, moderate, high]")
        repeated = sorted({v for v in self.values if self.values.count(v) > 1})
        if repeated:
            raise ValueError(f"a choice's values are all different; '{repeated[0]}' is listed twice")
        if self.min is not None or self.max is not None:
            raise ValueError("a choice has no min or max: its values run from the first to the last")
        if self.start not in self.values:
            shown = str(self.start).lower() if isinstance(self.start, bool) else self.start
            raise ValueError(
                f"initial value '{shown}' is not one of the values{did_you_mean(str(shown), self.values)}: "
                f"{', '.join(self.values)}"
            )
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
    """When something happens: at a scenario time, or once a condition holds (after a delay,
    or once it has held for a while)."""

    at: Duration | None = None
    """Scenario time (e.g. `45m`, `1h30m`)."""
    when: Condition | None = None
    """A condition; the trigger fires when it becomes true (see `delay` and `holds_for`)."""
    delay: Duration = 0
    """Wait after `when` first becomes true, then fire without looking at the condition again."""
    holds_for: Duration | None = None
    """Fire once `when` has held this long without a break (re-checked the whole time; when
    it turns false, the wait starts again the next time it becomes true)."""

    @model_validator(mode="after")
    def _one_trigger(self) -> Trigger:
        if (self.at is None) == (self.when is None):
            raise ValueError("give either 'at' (a time) or 'when' (a condition), not both or neither")
        if self.at is not None and self.delay:
            raise ValueError("'delay' goes with 'when'; with 'at', put the time in 'at'")
        _check_holds_for(self.at is not None, self.delay, self.holds_for)
        return self

    @property
    def wait(self) -> str:
        """The wait after `when`, in few words for timelines: `+00:10`, `held 00:10` (hh:mm) or nothing."""
        if self.holds_for:
            return f"held {format_time(self.holds_for)[2:]}"
        return f"+{format_time(self.delay)[2:]}" if self.delay else ""


def _check_holds_for(timed: bool, delay: int, holds_for: int | None) -> None:
    if holds_for is None:
        return
    if timed:
        raise ValueError("'holds_for' goes with 'when' (a condition), not with 'at'")
    if delay:
        raise ValueError(
            "give 'delay' or 'holds_for', not both: 'delay' waits after the condition first becomes true "
            "without re-checking it; 'holds_for' waits while it stays true"
        )
    if holds_for == 0:
        raise ValueError("'holds_for' must be longer than zero")


Chance = Annotated[float, Field(gt=0, le=1)]
"""A probability above 0, up to 1."""


# -- what an inject may carry beyond its text: variants per team, attached files -----------


class Variant(StrictModel):
    """What one team reads instead of the inject's own title and body."""

    title: Text | None = None
    """The team's title (default: the inject's)."""
    body: Text | None = None
    """The team's text (default: the inject's)."""

    @model_validator(mode="after")
    def _says_something(self) -> Variant:
        if self.title is None and self.body is None:
            raise ValueError("a variant gives a 'title', a 'body' or both")
        return self


class Attachment(StrictModel):
    """A file beside the scenario, delivered with the inject (kept inside the session file)."""

    file: Annotated[str, Field(min_length=1, max_length=255)]
    """Path relative to the scenario's folder, e.g. `logs/fw.txt` (no `..`, not absolute)."""
    title: Text | None = None
    """What the teams see it as (default: the file's name)."""


ALL_TEAMS = "all"
"""`to: all`: every team of the scenario."""


class Inject(Trigger):
    """A development delivered to teams: at a time, or when a condition becomes true."""

    id: Identifier
    """Unique id, used in conditions as `inject.<id>.delivered` and `inject.<id>.count`."""
    from_: Identifier = Field(alias="from")
    """The actor who sends it."""
    to: Annotated[list[Identifier], Field(min_length=1)] | Literal["all"]
    """The teams who receive it, or `all` for every team."""
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
    chance: Chance = 1.0
    """Probability (above 0, up to 1) that it happens when it falls due, drawn from the
    session's seeded generator; when the draw fails it is not delivered, and the log says so."""
    # -- recurrence, variants and attachments (see "Recurring injects" in docs/authoring.md)
    every: Duration | None = None
    """Deliver it again this long after each delivery (a SITREP every `30m`); needs `until` or `times`."""
    until: Condition | None = None
    """With `every`: stop recurring once this condition holds (checked before each recurrence)."""
    times: Annotated[int, Field(ge=1, le=1000)] | None = None
    """With `every`: how many deliveries in all, the first included."""
    variants: dict[Identifier, Variant] = {}
    """Per team (team id → title/body): what that team reads instead of the default."""
    attachments: Annotated[list[Attachment], Field(max_length=20)] = []
    """Files beside the scenario, delivered with it."""

    @model_validator(mode="after")
    def _bounded_recurrence(self) -> Inject:
        if self.every is None:
            if self.until is not None or self.times is not None:
                raise ValueError("'until' and 'times' go with 'every' (a recurring inject); add 'every: 30m'")
            return self
        if self.every == 0:
            raise ValueError("'every' must be longer than zero")
        if self.until is None and self.times is None:
            raise ValueError(
                "a recurring inject needs 'times: N' or 'until: <condition>', so it never recurs unnoticed"
            )
        return self

    def recipients(self, teams: list[str]) -> list[str]:
        """The teams it goes to: its `to`, or every team of `teams` for `to: all`."""
        return list(teams) if self.to == ALL_TEAMS else self.to


CONFIDENCE_VALUES = ("none", "low", "moderate", "high")
"""What a choice variable standing for an attribution's confidence may hold (`none`: nothing stated)."""


class Attribution(StrictModel):
    """What an answer says about who is responsible: the technical judgement and its confidence,
    or the political decision to attribute, which are separate steps owned by different teams."""

    confidence: Annotated[str, Field(examples=["low", "moderate", "high", "state.confidence"])] | None = None
    """The technical attribution the answer states, at this confidence (a technical team's answer);
    or `state.<name>`, a choice of `low`, `moderate`, `high` (and perhaps `none` first) read when the
    answer is given, for an answer "at the confidence the evidence supports"."""
    decision: Literal["withhold", "private", "public", "joint"] | None = None
    """The political decision on attribution: `withhold` (attribute nothing yet), `private` (raise it
    only through diplomatic channels), `public` (name the responsible party publicly, alone) or
    `joint` (publicly, with partners)."""
    to: Identifier | None = None
    """The actor the answer holds responsible (an actor id), when it names one."""

    @field_validator("confidence")
    @classmethod
    def _a_confidence(cls, value: str | None) -> str | None:
        if value is None or value in CONFIDENCE_VALUES[1:] or re.fullmatch(r"state\.[a-z][a-z0-9_]*", value):
            return value
        raise ValueError(
            f"'{value}' is not a confidence: give low, moderate or high{did_you_mean(value, CONFIDENCE_VALUES[1:])}, "
            "or state.<name> for a choice variable that holds it"
        )

    @model_validator(mode="after")
    def _says_something(self) -> Attribution:
        if self.confidence is None and self.decision is None:
            raise ValueError(
                "give the technical 'confidence' (low, moderate, high), the political 'decision' "
                "(withhold, private, public, joint), or both"
            )
        return self


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
    norms_at_risk: list[Slug] = []
    """UN norms it neglects or strains (e.g. `un-norm-b` for naming a state on thin evidence):
    the debrief shows them beside the norms upheld. A norm is upheld or at risk, not both."""
    cbms: list[Slug] = []
    """Confidence-building measures it uses (ids from the scenario's `cbms`)."""
    attribution: Attribution | None = None
    """What choosing it says about attribution: `{confidence: moderate, to: grey_lamprey}` for a
    technical assessment, `{decision: joint, to: grey_lamprey}` for naming it with partners."""
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
    """Wait after the condition becomes true, then fire without re-checking it."""
    holds_for: Duration | None = None
    """Fire once the condition has held this long without a break (see triggers)."""
    effects: Annotated[list[Effect], Field(min_length=1)]
    """What the reaction does."""
    once: bool = True
    """Fire only the first time the condition becomes true."""
    chance: Chance = 1.0
    """Probability (above 0, up to 1) that it happens each time it falls due (seeded, replayable)."""

    @model_validator(mode="after")
    def _holds_for(self) -> Reaction:
        _check_holds_for(False, self.delay, self.holds_for)
        return self


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
    """What it is, e.g. "OSCE cyber/ICT points of contact (CBM 8, PC.DEC/1106)"."""


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
    """Who the exercise is for, as a programme manager picks scenarios by it (one line each, in the
    languages its readers need: "CSIRT incident handlers / Gestores de incidentes del CSIRT")."""
    prerequisites: list[Text] = []
    """What players should know or have done before (a plan read, a previous module played)."""
    duration: Duration | None = None
    """Planned wall-clock length of the exercise session (the clock's duration at its pace, plus
    briefing and hot wash); `tabletop show --catalogue` lists it."""
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
    ladders: dict[ActorKind, Annotated[list[Text], Field(min_length=2, max_length=20)]] = {}
    """Level names for one kind of actor, where the shared ladder's words don't fit it (the press
    does not go to "confrontation"): `{media: [quiet, reporting, headlines, front page, frenzy]}`.
    As many levels as `ladder`; level n means the same pressure for every actor."""
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

    def ladder_of(self, actor: str) -> list[Text]:
        """The level names an actor climbs: its kind's own ladder if the scenario gives one, else the shared one."""
        kind = next((a.kind for a in self.actors if a.id == actor), None)
        return self.ladders.get(kind, self.ladder) if kind is not None else self.ladder
