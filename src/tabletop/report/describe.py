"""One line of plain language per event, in the scenario's (or a team's) language."""

from __future__ import annotations

from typing import Any

from tabletop.engine import events as ev
from tabletop.engine.events import Event
from tabletop.model import Scenario
from tabletop.model.base import format_time, text_in


def describe_event(event: Event, scenario: Scenario, language: str | None = None) -> str:
    """E.g. 'inject first_report delivered to csirt_cell: Ransom note on the billing servers'."""
    lang = language or scenario.languages[0]
    t = lambda text: text_in(text, lang, scenario.languages[0])  # noqa: E731
    match event:
        case ev.Started():
            return f"exercise started (seed {event.seed})"
        case ev.InjectDelivered():
            inject = next((i for i in scenario.injects if i.id == event.inject), None)
            title = t(inject.title) if inject else t(event.title) if isinstance(event, ev.AdhocInjectDelivered) else ""
            via = {"condition": " (condition met)", "facilitator": " (by the facilitator)", "adhoc": " (ad hoc)"}.get(
                event.via, ""
            )
            if event.occurrence is not None:
                via += f" (occurrence {event.occurrence})"
            recipients = "all teams" if inject is not None and inject.to == "all" else ", ".join(event.to)
            return f"inject {event.inject} → {recipients}{via}: {title}"
        case ev.DecisionOpened():
            teams = " + ".join(event.teams or (event.team,))
            return f"decision {event.decision} opened for {teams}, closes {format_time(event.deadline)}"
        case ev.DecisionMade():
            answer = event.option or f'free text: "{_short(event.text or "")}"'
            rationale = f' — "{_short(event.rationale)}"' if event.rationale else ""
            return f"{event.team} decided {event.decision}: {answer} after {format_time(event.elapsed)[2:]}{rationale}"
        case ev.DecisionDefaulted():
            return f"decision {event.decision} timed out; default {event.option} applied"
        case ev.StateChanged():
            return f"{event.variable} {_value(event.previous)} → {_value(event.value)} ({event.cause})"
        case ev.LevelChanged():
            level = t(scenario.ladder[event.level]) if event.level < len(scenario.ladder) else event.level
            via = f" via {event.via}" if event.via else ""
            return f"{event.actor} level {event.previous} → {event.level} ({level}) ({event.cause}{via})"
        case ev.RelationChanged():
            return f"relation {event.source} → {event.target}: trust {event.trust:.2f}, coupling {event.coupling:.2f}"
        case ev.ReactionFired():
            return f"{event.actor} reacts ({event.reaction})"
        case ev.ChanceDrawn():
            outcome = "happened" if event.happened else "did not happen"
            return f"{event.what} {event.id} {outcome} (chance {event.chance:.0%})"
        case ev.InjectCancelled():
            return f"inject {event.inject} cancelled ({event.cause})"
        case ev.ScoreAdjusted():
            return f"score {event.points:+g} for {event.team}: {event.reason}"
        case ev.NoteAdded():
            team = f" [{event.team}]" if event.team else ""
            return f"note{team}: {event.text}"
        case ev.ObjectiveRated():
            return f"objective {event.objective} rated {event.rating}"
        case ev.Ended():
            text = t(event.text) if event.text else ""
            return f"exercise ended: {event.outcome}" + (f" — {text}" if text else "")
        case ev.CountedAsOption():
            reason = f" — {event.reason}" if event.reason else ""
            return f"{event.team}'s free-text answer to {event.decision} counted as {event.option}{reason}"
        case ev.PlayedOn():
            note = f" — {event.note}" if event.note else ""
            return f"play goes on past the ending {event.outcome}{note}"
        case ev.FeedbackReleased():
            return f"feedback released to {event.team or 'every team'}"
        case ev.DiscussionStarted():
            return f"discussion: {event.text}"
        case ev.ObserverNoted():
            team = f" [{event.team}]" if event.team else ""
            suggests = f" (suggests {event.objective}: {event.rating})" if event.rating else ""
            about = f" (on {event.objective})" if event.objective and not event.rating else ""
            return f"observer note{team}{suggests}{about}: {event.text}"
        case ev.MoveStarted():
            move = next((m for m in scenario.moves if m.id == event.move), None)
            how = MOVE_VIA.get(event.via, "")
            return f"move {event.move} started{how}: {t(move.title) if move else ''}"
        case ev.ParticipantFeedbackGiven():
            return f"feedback form returned by {event.team}"
        case ev.HotWashRecorded():
            team = f" [{event.team}]" if event.team else ""
            return f"hot wash {event.point}{team}: {event.text}"
        case ev.Paused() | ev.Resumed():
            return f"clock {event.kind}"
        case ev.ExerciseDescribed():
            given = [
                name for name in ("dates", "location", "sponsor", "participants", "marking") if getattr(event, name)
            ]
            return f"exercise details recorded: {', '.join(given)}"
        case ev.ImprovementsPlanned():
            return f"improvement plan: {len(event.entries)} entr{'y' if len(event.entries) == 1 else 'ies'} recorded"
    return event.kind


MOVE_VIA = {
    "condition": " (condition met)",
    "facilitator": " (by the facilitator)",
    "implied": " (a later move started)",
}


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
