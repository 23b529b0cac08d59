"""One line of plain language per event, in the scenario's (or a team's) language.

The sentences are words of labels.yaml (`event_text`, one per event kind, and the pieces in
`event_parts`, `causes`, `outcomes`); this module only picks the sentence and fills it in.
Texts from the scenario are shown in the language asked for, else the scenario's first.
The console and `tabletop log` name items by id (what a facilitator types); the report, read
by people who never saw the YAML, asks for `named` sentences: labels wherever an item has one.
"""

from __future__ import annotations

from typing import Any

from tabletop.engine import events as ev
from tabletop.engine.core import TIME_UP
from tabletop.engine.events import Event
from tabletop.model import Scenario
from tabletop.model.base import format_time, text_in
from tabletop.model.exercise import DETAILS
from tabletop.report.words import labels

VIA = {"condition": "via_condition", "facilitator": "via_facilitator", "adhoc": "via_adhoc", "implied": "via_implied"}
"""How an inject or a move came about, where it is worth saying."""


def describe_event(event: Event, scenario: Scenario, language: str | None = None, named: bool = False) -> str:
    """E.g. 'inject first_report → csirt_cell: Ransom note on the billing servers'; `named`:
    'Ransom note on the billing servers → CSIRT cell'."""
    lang = language or scenario.languages[0]
    words = labels(lang)
    fields = _fields(event, scenario, lang, words["event_parts"], words["causes"], words["outcomes"])
    if not named:
        return words["event_text"][event.kind].format(**fields)
    fields = Names(scenario, lang, words).rename(event, fields)
    sentence = words["event_text_named"].get(event.kind) or words["event_text"][event.kind]
    return sentence.format(**fields)


class Names:
    """Ids turned into what people read: a team's name, a decision's prompt, an option's label."""

    def __init__(self, scenario: Scenario, lang: str, words: dict[str, Any]) -> None:
        t = lambda text: text_in(text, lang, scenario.languages[0])  # noqa: E731
        self.teams = {team.id: t(team.name) for team in scenario.teams}
        self.actors = {actor.id: t(actor.name) for actor in scenario.actors}
        self.injects = {inject.id: t(inject.title) for inject in scenario.injects}
        self.decisions = {d.id: f"“{_short(t(d.prompt), 60)}”" for d in scenario.decisions}
        self.options = {(d.id, o.id): t(o.label) for d in scenario.decisions for o in d.options}
        self.objectives = {o.id: f"“{_short(t(o.text), 60)}”" for o in scenario.objectives}
        self.ends = {e.id: _short(t(e.text), 80) for e in scenario.end if e.text}
        self.causes = words["causes"]

    def rename(self, event: Event, fields: dict[str, Any]) -> dict[str, Any]:
        named = dict(fields)
        decision = getattr(event, "decision", None)
        team = getattr(event, "team", None)
        if team and isinstance(named.get("team"), str):
            named["team"] = named["team"].replace(team, self.teams.get(team, team))
        for key in ("actor", "source", "target"):
            if key in named:
                named[key] = self.actors.get(getattr(event, key), named[key])
        if "teams" in named:
            named["teams"] = " + ".join(self.teams.get(team, team) for team in (event.teams or (event.team,)))
        if isinstance(event, ev.InjectDelivered) and named["to"] == ", ".join(event.to):
            named["to"] = ", ".join(self.teams.get(team, team) for team in event.to)
        if "decision" in named:
            named["decision"] = self.decisions.get(decision, named["decision"])
        option = getattr(event, "option", None)
        for key in ("option", "answer"):
            if key in named and option and named[key] == option:
                named[key] = self.options.get((decision, option), option)
        if "inject" in named:
            named["inject"] = self.injects.get(event.inject, named["inject"])
        if "objective" in named:
            named["objective"] = self.objectives.get(event.objective, named["objective"])
        objective = getattr(event, "objective", None)
        if named.get("about") and objective in self.objectives:
            named["about"] = named["about"].replace(objective, self.objectives[objective])
        if "via" in named and isinstance(event, ev.LevelChanged) and event.via:
            named["via"] = named["via"].replace(event.via, self.actors.get(event.via, event.via))
        if "cause" in named:
            named["cause"] = self.cause(getattr(event, "cause", ""))
        if isinstance(event, ev.ChanceDrawn):
            named["id"] = self.injects.get(event.id, event.id)
        if isinstance(event, ev.Ended | ev.PlayedOn) and event.outcome in self.ends:
            named["outcome"] = self.ends[event.outcome]
            named["text"] = ""
        return named

    def cause(self, cause: str) -> str:
        """`decision:d_contain/isolate` → 'decision: Isolate the OT network'."""
        kind, colon, rest = cause.partition(":")
        if not colon:
            return self.causes.get(kind, kind)
        decision, _, option = rest.partition("/")
        label = (
            self.options.get((decision, option))
            or self.injects.get(rest)
            or (self.decisions.get(decision) if not option else None)
            or rest
        )
        return f"{self.causes.get(kind, kind)}: {label}"


def _fields(
    event: Event, scenario: Scenario, lang: str, part: dict[str, str], causes: dict[str, str], outcomes: dict[str, str]
) -> dict[str, Any]:
    """What the event's sentence is filled in with."""
    t = lambda text: text_in(text, lang, scenario.languages[0]) if text else ""  # noqa: E731
    via = lambda how: part[VIA[how]] if how in VIA else ""  # noqa: E731
    cause = lambda text: _cause(text, causes)  # noqa: E731
    match event:
        case ev.Started():
            return {"seed": event.seed}
        case ev.InjectDelivered():
            inject = next((i for i in scenario.injects if i.id == event.inject), None)
            title = inject.title if inject else event.title if isinstance(event, ev.AdhocInjectDelivered) else ""
            occurrence = part["occurrence"].format(n=event.occurrence) if event.occurrence is not None else ""
            to_all = inject is not None and inject.to == "all"
            return {
                "inject": event.inject,
                "to": part["all_teams"] if to_all else ", ".join(event.to),
                "via": via(event.via) + occurrence,
                "title": t(title),
            }
        case ev.DecisionOpened():
            teams = " + ".join(event.teams or (event.team,))
            return {"decision": event.decision, "teams": teams, "deadline": format_time(event.deadline)}
        case ev.DecisionMade():
            answer = event.option or part["free_text"].format(text=_short(event.text or ""))
            return {
                "team": event.team,
                "decision": event.decision,
                "answer": answer,
                "elapsed": format_time(event.elapsed)[2:],
                "rationale": _suffix(f'"{_short(event.rationale)}"' if event.rationale else ""),
            }
        case ev.DecisionDefaulted():
            return {"decision": event.decision, "option": event.option}
        case ev.StateChanged():
            return {
                "variable": event.variable,
                "previous": _value(event.previous, part),
                "value": _value(event.value, part),
                "cause": cause(event.cause),
            }
        case ev.LevelChanged():
            ladder = scenario.ladder_of(event.actor)
            name = t(ladder[event.level]) if event.level < len(ladder) else event.level
            return {
                "actor": event.actor,
                "previous": event.previous,
                "level": event.level,
                "name": name,
                "cause": cause(event.cause),
                "via": part["spread_via"].format(actor=event.via) if event.via else "",
            }
        case ev.RelationChanged():
            return {
                "source": event.source,
                "target": event.target,
                "trust": f"{event.trust:.2f}",
                "coupling": f"{event.coupling:.2f}",
            }
        case ev.ReactionFired():
            return {"actor": event.actor, "reaction": event.reaction}
        case ev.ChanceDrawn():
            return {
                "what": causes.get(event.what, event.what),
                "id": event.id,
                "happened": part["happened" if event.happened else "did_not_happen"],
                "chance": f"{event.chance * 100:.0f}",
            }
        case ev.InjectCancelled():
            return {"inject": event.inject, "cause": cause(event.cause)}
        case ev.ScoreAdjusted():
            return {"points": f"{event.points:+g}", "team": event.team, "reason": event.reason}
        case ev.NoteAdded():
            return {"team": _team(event.team), "text": event.text}
        case ev.ObserverNoted():
            about = ""
            if event.rating:
                about = part["suggests"].format(objective=event.objective, rating=event.rating)
            elif event.objective:
                about = part["about"].format(objective=event.objective)
            return {"team": _team(event.team), "about": about, "text": event.text}
        case ev.ObjectiveRated():
            return {"objective": event.objective, "rating": event.rating}
        case ev.Ended():
            text = "" if event.outcome == TIME_UP else t(event.text)  # the engine's English; the words say it
            return {"outcome": outcomes.get(event.outcome, event.outcome), "text": _suffix(text)}
        case ev.CountedAsOption():
            return {
                "team": event.team,
                "decision": event.decision,
                "option": event.option,
                "reason": _suffix(event.reason),
            }
        case ev.PlayedOn():
            return {"outcome": outcomes.get(event.outcome, event.outcome), "note": _suffix(event.note)}
        case ev.FeedbackReleased():
            return {"team": event.team or part["every_team"]}
        case ev.DiscussionStarted():
            return {"text": event.text}
        case ev.MoveStarted():
            move = next((m for m in scenario.moves if m.id == event.move), None)
            return {"move": event.move, "via": via(event.via), "title": t(move.title) if move else ""}
        case ev.ParticipantFeedbackGiven():
            return {"team": event.team}
        case ev.HotWashRecorded():
            return {
                "point": part.get(f"point_{event.point}", event.point),
                "team": _team(event.team),
                "text": event.text,
            }
        case ev.ExerciseDescribed():
            given = [part[f"detail_{name}"] for name in DETAILS if getattr(event, name)]
            return {"given": ", ".join(given)}
        case ev.ImprovementsPlanned():
            return {"count": len(event.entries)}
        case ev.MarkedForDebrief():
            return {"decision": event.decision, "note": _suffix(event.note)}
    return {}


def _team(team: str | None) -> str:
    return f" [{team}]" if team else ""


def _suffix(text: str) -> str:
    """An optional text after a dash."""
    return f" — {text}" if text else ""


def _cause(cause: str, words: dict[str, str]) -> str:
    """`inject:first_report` with the kind in words: what an effect came from."""
    kind, colon, rest = cause.partition(":")
    return words.get(kind, kind) + colon + rest


def _value(value: Any, part: dict[str, str]) -> str:
    if isinstance(value, bool):
        return part[str(value).lower()]
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
