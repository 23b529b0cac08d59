"""Events: what the engine derived from a command, one small typed class per kind.

Consumers (views, scoring, reports) read attributes, never string keys. A session stores
each event as one JSON object: `kind`, `time`, then the fields in the order declared here
(`event_json`); `parse_event` reads that form back and refuses anything else, so a damaged
row is found where it is read. The classes are slotted dataclasses rather than pydantic
models because the engine makes thousands of them per Monte Carlo run, and not frozen
because that makes building one 2.5x slower (a call to `object.__setattr__` per field):
events are read-only by convention; nothing in tabletop changes one after it is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from types import UnionType
from typing import Any, ClassVar, get_args, get_origin, get_type_hints

from tabletop.errors import TabletopError

Text = str | dict[str, str]
"""A text in one language, or by language code."""
Value = int | float | bool | str
"""A state variable's value (a choice's is its text)."""


class MalformedEvent(TabletopError):
    """Data that is not an event this version of tabletop writes."""

    title = "damaged event"


@dataclass(slots=True)
class EventBase:
    kind: ClassVar[str] = ""
    omitted_when_none: ClassVar[frozenset[str]] = frozenset()
    """Fields left out of the JSON form when they are None."""
    time: int
    """Scenario seconds since the start."""


@dataclass(slots=True)
class Started(EventBase):
    kind: ClassVar[str] = "started"
    seed: int


@dataclass(slots=True)
class Paused(EventBase):
    kind: ClassVar[str] = "paused"


@dataclass(slots=True)
class Resumed(EventBase):
    kind: ClassVar[str] = "resumed"


@dataclass(slots=True)
class InjectDelivered(EventBase):
    kind: ClassVar[str] = "inject_delivered"
    omitted_when_none: ClassVar[frozenset[str]] = frozenset({"occurrence"})
    inject: str
    to: tuple[str, ...]
    via: str
    """`scheduled`, `condition`, `facilitator`, `recurring` or `adhoc`."""
    occurrence: int | None = field(default=None, kw_only=True)
    """For a recurring inject (`every:`): which delivery this is, from 1; None for the others."""


@dataclass(slots=True)
class AdhocInjectDelivered(InjectDelivered):
    """An inject written during the session: it carries its own text."""

    title: Text
    body: Text
    sender: str | None
    channel: str


@dataclass(slots=True)
class InjectCancelled(EventBase):
    kind: ClassVar[str] = "inject_cancelled"
    inject: str
    cause: str


@dataclass(slots=True)
class DecisionOpened(EventBase):
    kind: ClassVar[str] = "decision_opened"
    omitted_when_none: ClassVar[frozenset[str]] = frozenset({"teams"})
    decision: str
    team: str
    """The team that decides (the first listed, for a joint decision)."""
    deadline: int
    teams: tuple[str, ...] | None = None
    """Every team of a joint decision; None (left out) for one team's."""


@dataclass(slots=True)
class DecisionMade(EventBase):
    kind: ClassVar[str] = "decision_made"
    decision: str
    team: str
    option: str | None
    """None for a free-text answer."""
    text: str | None
    rationale: str
    elapsed: int
    """Seconds the decision point was open."""


@dataclass(slots=True)
class DecisionDefaulted(EventBase):
    kind: ClassVar[str] = "decision_defaulted"
    omitted_when_none: ClassVar[frozenset[str]] = frozenset({"teams"})
    decision: str
    team: str
    option: str
    teams: tuple[str, ...] | None = None
    """Every team of a joint decision; None (left out) for one team's."""


@dataclass(slots=True)
class StateChanged(EventBase):
    kind: ClassVar[str] = "state_changed"
    variable: str
    value: Value
    previous: Value
    cause: str


@dataclass(slots=True)
class LevelChanged(EventBase):
    kind: ClassVar[str] = "level_changed"
    omitted_when_none: ClassVar[frozenset[str]] = frozenset({"via"})
    actor: str
    level: int
    previous: int
    cause: str
    via: str | None = None
    """The actor whose rise spread to this one (escalation), if any."""


@dataclass(slots=True)
class RelationChanged(EventBase):
    kind: ClassVar[str] = "relation_changed"
    source: str
    target: str
    trust: float
    coupling: float
    cause: str


@dataclass(slots=True)
class ReactionFired(EventBase):
    kind: ClassVar[str] = "reaction_fired"
    reaction: str
    actor: str


@dataclass(slots=True)
class ChanceDrawn(EventBase):
    """An inject or reaction with a `chance` fell due and the session's generator was drawn:
    `happened` False means it did not take place this time."""

    kind: ClassVar[str] = "chance_drawn"
    what: str
    """`inject` or `reaction`."""
    id: str
    chance: float
    happened: bool


@dataclass(slots=True)
class ScoreAdjusted(EventBase):
    kind: ClassVar[str] = "score_adjusted"
    team: str
    points: float
    reason: str
    decision: str | None
    criterion: str | None


@dataclass(slots=True)
class NoteAdded(EventBase):
    kind: ClassVar[str] = "note_added"
    text: str
    team: str | None


@dataclass(slots=True)
class ObjectiveRated(EventBase):
    kind: ClassVar[str] = "objective_rated"
    objective: str
    rating: str
    note: str


@dataclass(slots=True)
class FeedbackReleased(EventBase):
    kind: ClassVar[str] = "feedback_released"
    team: str | None
    """None: every team."""


@dataclass(slots=True)
class CountedAsOption(EventBase):
    """A free-text answer the facilitator counts as one of the options (effects and score)."""

    kind: ClassVar[str] = "counted_as_option"
    decision: str
    team: str
    option: str
    reason: str


@dataclass(slots=True)
class PlayedOn(EventBase):
    """The exercise goes on past an ending; `outcome` is the ending it had reached."""

    kind: ClassVar[str] = "played_on"
    outcome: str
    note: str


@dataclass(slots=True)
class Ended(EventBase):
    kind: ClassVar[str] = "ended"
    outcome: str
    text: Text | None


@dataclass(slots=True)
class DiscussionStarted(EventBase):
    """The clock paused for a discussion; it lasts until the next `Resumed`."""

    kind: ClassVar[str] = "discussion_started"
    text: str


@dataclass(slots=True)
class ObserverNoted(EventBase):
    """An observer's note; `rating` is a suggestion for `objective`, not a rating."""

    kind: ClassVar[str] = "observer_noted"
    text: str
    team: str | None
    objective: str | None
    rating: str | None


@dataclass(slots=True)
class MoveStarted(EventBase):
    """A move began: its injects and decision points may go out from now."""

    kind: ClassVar[str] = "move_started"
    move: str
    via: str
    """`start` (with the exercise), `scheduled`, `condition`, `facilitator`, or `implied` (a later move started)."""


@dataclass(slots=True)
class ExerciseDescribed(EventBase):
    kind: ClassVar[str] = "exercise_described"
    dates: tuple[str, ...]
    """ISO dates (YYYY-MM-DD)."""
    location: str | None
    sponsor: str | None
    participants: tuple[str, ...]
    marking: str | None


@dataclass(slots=True)
class ImprovementsPlanned(EventBase):
    kind: ClassVar[str] = "improvements_planned"
    entries: tuple[dict[str, str], ...]
    """Each entry's fields that were given (`PlanEntry`), dates as YYYY-MM-DD."""


@dataclass(slots=True)
class ParticipantFeedbackGiven(EventBase):
    """A participant's feedback form; `respondent` tells a resubmission apart and is never reported."""

    kind: ClassVar[str] = "participant_feedback_given"
    team: str
    respondent: str
    strengths: str
    improvements: str
    ratings: dict[str, int]
    comments: str


@dataclass(slots=True)
class HotWashRecorded(EventBase):
    """A strength or area for improvement raised in the hot wash."""

    kind: ClassVar[str] = "hot_wash_recorded"
    point: str
    """`strength` or `improvement`."""
    text: str
    team: str | None


@dataclass(slots=True)
class MarkedForDebrief(EventBase):
    """A decision point the facilitator wants discussed in the debrief, with the odds of its options."""

    kind: ClassVar[str] = "marked_for_debrief"
    decision: str
    note: str


Event = (
    Started
    | Paused
    | Resumed
    | InjectDelivered
    | InjectCancelled
    | DecisionOpened
    | DecisionMade
    | DecisionDefaulted
    | StateChanged
    | LevelChanged
    | RelationChanged
    | ReactionFired
    | ChanceDrawn
    | ScoreAdjusted
    | NoteAdded
    | ObjectiveRated
    | FeedbackReleased
    | CountedAsOption
    | PlayedOn
    | Ended
    | DiscussionStarted
    | ObserverNoted
    | MoveStarted
    | ExerciseDescribed
    | ImprovementsPlanned
    | ParticipantFeedbackGiven
    | HotWashRecorded
    | MarkedForDebrief
)
"""Any event (`AdhocInjectDelivered` is an `InjectDelivered`)."""

KINDS: dict[str, type[EventBase]] = {cls.kind: cls for cls in get_args(Event)}
"""The class of each kind, for reading events back."""
_LAYOUT: dict[type[EventBase], tuple[tuple[str, Any], ...]] = {
    cls: tuple((f.name, get_type_hints(cls)[f.name]) for f in fields(cls))
    for cls in (*KINDS.values(), AdhocInjectDelivered)
}
"""Each class's fields with their types, in the order their JSON form lists them."""
_NAMES = {cls: tuple(name for name, _ in layout) for cls, layout in _LAYOUT.items()}


def event_json(event: EventBase) -> dict[str, Any]:
    """The JSON form of an event, keys in their stored order (encode it with `session.encode`)."""
    data: dict[str, Any] = {"kind": event.kind}
    omitted = event.omitted_when_none
    for name in _NAMES[type(event)]:
        value = getattr(event, name)
        if value is None and name in omitted:
            continue
        data[name] = list(value) if type(value) is tuple else value
    return data


def parse_event(data: Any) -> Event:
    """An event from its JSON form; MalformedEvent says what is wrong when it is not one."""
    if not isinstance(data, dict):
        raise MalformedEvent(f"not an event but {type(data).__name__} {_short(data)}")
    kind = data.get("kind")
    cls = KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise MalformedEvent(f"no known event kind ({_short(kind)})")
    if cls is InjectDelivered and data.get("via") == "adhoc":
        cls = AdhocInjectDelivered
    values = {}
    for name, hint in _LAYOUT[cls]:
        if name not in data:
            if name in cls.omitted_when_none:
                continue
            raise MalformedEvent(f"'{kind}' event without its '{name}'")
        value = data[name]
        if not _fits(value, hint):
            raise MalformedEvent(f"'{kind}' event whose '{name}' is {_short(value)}")
        values[name] = tuple(value) if type(value) is list else value
    unexpected = sorted(set(data) - {"kind"} - values.keys())
    if unexpected:
        raise MalformedEvent(f"'{kind}' event with an unexpected '{unexpected[0]}'")
    return cls(**values)  # type: ignore[return-value]


def _fits(value: Any, hint: Any) -> bool:
    """Whether a JSON value has exactly the declared type (no coercion: 1 is not True)."""
    if hint is float:
        return type(value) in (int, float)
    if isinstance(hint, type):
        return type(value) is hint
    origin, args = get_origin(hint), get_args(hint)
    if origin is UnionType:
        return any(_fits(value, arg) for arg in args)
    if origin is tuple:
        return type(value) in (list, tuple) and all(_fits(item, args[0]) for item in value)
    if origin is dict:
        return type(value) is dict and all(_fits(k, args[0]) and _fits(v, args[1]) for k, v in value.items())
    raise TypeError(f"events have no check for {hint!r}")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"
