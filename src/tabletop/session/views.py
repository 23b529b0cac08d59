"""Read-only views of a running session, shaped for consoles (facilitator and trainee).

Consoles render these and send commands; they never compute domain facts themselves. Each
view is a pure function of the engine's state (and, for histories, of the events so far).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePosixPath
from typing import Any

from tabletop.engine import Engine
from tabletop.engine import events as ev
from tabletop.engine.compiled import INJECT
from tabletop.model.base import format_time, text_in


@dataclass(frozen=True)
class TimelineRow:
    """One inject or decision point on the facilitator's timeline."""

    sort_time: int
    when: str
    kind: str
    """`inject`, `decision` or `move` (a move's boundary)."""
    id: str
    title: str
    status: str


@dataclass(frozen=True)
class InboxItem:
    time: int
    inject: str
    sender: str
    channel: str
    title: str
    body: str
    occurrence: int | None = None
    """Which delivery of a recurring inject this is (from 1); None for the others."""
    attachments: tuple[tuple[str, str], ...] = ()
    """(file as written, title) of each attached file."""

    @property
    def key(self) -> str:
        return _key(self.inject, self.occurrence)


def delivery_key(event: ev.InjectDelivered) -> str:
    """What names one delivery in an inbox: the inject's id, with `#n` for each of a recurring one."""
    return _key(event.inject, event.occurrence)


def _key(inject: str, occurrence: int | None) -> str:
    return inject if occurrence is None else f"{inject}#{occurrence}"


@dataclass(frozen=True)
class OpenDecision:
    decision: str
    team: str
    prompt: str
    opened_at: int
    deadline: int
    remaining: int
    options: list[tuple[str, str]]
    """(option id, label) of the options offered now (an option with `when` only while it holds)."""
    default: str
    free_text: bool
    teams: tuple[str, ...] = ()
    """Every team that may answer (several for a joint decision)."""
    not_offered: tuple[str, ...] = ()
    """The ids of the options not offered now (their `when` does not hold)."""


def language_of(engine: Engine, team: str | None) -> str:
    scenario = engine.compiled.scenario
    return engine.compiled.teams.get(team or "", scenario.languages[0])


def _t(engine: Engine, text: Any, lang: str) -> str:
    return text_in(text, lang, engine.compiled.scenario.languages[0]) if text is not None else ""


def scenario_datetime(engine: Engine) -> str:
    """The story's date and time now, e.g. '15 Sep 2026 07:23'."""
    moment = engine.compiled.scenario.clock.start + timedelta(seconds=engine.now)
    return moment.strftime("%d %b %Y %H:%M")


def timeline(engine: Engine, lang: str | None = None) -> list[TimelineRow]:
    """Every inject and decision point with where it stands now, in time order."""
    lang = lang or engine.compiled.scenario.languages[0]
    holds = {w.id: w.condition.evaluate(engine) for w in engine.compiled.watchers if w.kind == INJECT}
    rows = []
    for inject in engine.compiled.scenario.injects:
        title = _t(engine, inject.title, lang)
        if inject.id in engine.delivered:
            at = engine.delivered[inject.id]
            rows.append(TimelineRow(at, format_time(at), "inject", inject.id, title, "delivered"))
        elif inject.id in engine.cancelled:
            rows.append(TimelineRow(inject.at or 10**9, "", "inject", inject.id, title, "cancelled"))
        elif inject.id in engine.missed:
            at = engine.missed[inject.id]
            chance = f" (chance {inject.chance:.0%})"
            rows.append(TimelineRow(at, format_time(at), "inject", inject.id, title + chance, "did not happen"))
        elif inject.at is not None:
            due = "held" if ("inject", inject.id) in engine.held_for_move else "due"  # its time came before its move
            rows.append(TimelineRow(inject.at, format_time(inject.at), "inject", inject.id, title, due))
        else:
            state = "condition holds" if holds.get(inject.id) else "waiting"
            wait = f" ({inject.wait})" if inject.wait else ""
            rows.append(TimelineRow(10**9, "when", "inject", inject.id, f"{title} — when {inject.when}{wait}", state))
    for decision in engine.compiled.scenario.decisions:
        status = engine.decisions[decision.id]
        prompt = f"{' + '.join(decision.teams)}: {_t(engine, decision.prompt, lang)}"
        if status.status == "open":
            left = (status.deadline or 0) - engine.now
            opened = status.opened_at or 0
            rows.append(
                TimelineRow(
                    opened,
                    format_time(opened),
                    "decision",
                    decision.id,
                    f"{prompt} (default {decision.default})",
                    f"OPEN {format_time(left)[2:]} left",
                )
            )
        elif status.status == "closed":
            how = f"default {status.option}" if status.defaulted else (status.option or "free text")
            rows.append(
                TimelineRow(
                    status.opened_at or 0,
                    format_time(status.opened_at or 0),
                    "decision",
                    decision.id,
                    prompt,
                    f"closed: {how}",
                )
            )
        elif decision.opens.at is not None:
            opens = (
                "held" if ("decision", decision.id) in engine.held_for_move else "opens"
            )  # its time came before its move
            rows.append(
                TimelineRow(decision.opens.at, format_time(decision.opens.at), "decision", decision.id, prompt, opens)
            )
        else:
            rows.append(
                TimelineRow(
                    10**9, "when", "decision", decision.id, f"{prompt} — opens when {decision.opens.when}", "waiting"
                )
            )
    rows += move_rows(engine, lang)
    return sorted(rows, key=lambda r: (r.sort_time, r.kind != "move", r.kind, r.id))


def move_rows(engine: Engine, lang: str) -> list[TimelineRow]:
    """The boundary of each move: when it started, or when (or on what) it will start."""
    rows = []
    for move in engine.compiled.scenario.moves:
        title = _t(engine, move.title, lang)
        starts = move.starts
        if move.id in engine.moves_started:
            at = engine.moves_started[move.id]
            row = TimelineRow(at, format_time(at), "move", move.id, title, "started")
        elif starts is not None and starts.at is not None:
            row = TimelineRow(starts.at, format_time(starts.at), "move", move.id, title, "starts")
        elif starts is not None:
            row = TimelineRow(10**9, "when", "move", move.id, f"{title} — starts when {starts.when}", "waiting")
        else:
            row = TimelineRow(10**9, "", "move", move.id, title, "next by hand")
        rows.append(row)
    return rows


def current_move(engine: Engine, lang: str | None = None) -> str:
    """The title of the move under way ("" when the scenario has none, or none has started)."""
    move = engine.compiled.moves.get(engine.move_current)
    return _t(engine, move.title, lang or engine.compiled.scenario.languages[0]) if move else ""


def next_move(engine: Engine, lang: str | None = None) -> tuple[str, str] | None:
    """(id, title) of the move the facilitator would start next, or None when all have started."""
    move_id = next((m for m in engine.compiled.moves if m not in engine.moves_started), None)
    if move_id is None:
        return None
    return move_id, _t(engine, engine.compiled.moves[move_id].title, lang or engine.compiled.scenario.languages[0])


def inbox(engine: Engine, events: Iterable[ev.Event], team: str) -> list[InboxItem]:
    """What a team has received, newest first, in the team's language."""
    lang = language_of(engine, team)
    items = []
    for event in events:
        if not isinstance(event, ev.InjectDelivered) or team not in event.to:
            continue
        if not isinstance(event, ev.AdhocInjectDelivered):
            inject = engine.compiled.injects[event.inject]
            variant = inject.variants.get(team)
            title = variant.title if variant and variant.title is not None else inject.title
            body = variant.body if variant and variant.body is not None else inject.body
            items.append(
                InboxItem(
                    event.time,
                    inject.id,
                    inject.from_,
                    inject.channel,
                    _t(engine, title, lang),
                    _t(engine, body, lang),
                    event.occurrence,
                    tuple(
                        (a.file, _t(engine, a.title, lang) or PurePosixPath(a.file).name) for a in inject.attachments
                    ),
                )
            )
        else:
            items.append(
                InboxItem(
                    event.time,
                    event.inject,
                    event.sender or "facilitator",
                    event.channel,
                    _t(engine, event.title, lang),
                    _t(engine, event.body, lang),
                )
            )
    return items[::-1]


def open_decisions(engine: Engine, team: str | None = None) -> list[OpenDecision]:
    result = []
    for decision in engine.compiled.scenario.decisions:
        status = engine.decisions[decision.id]
        teams = decision.teams
        if status.status != "open" or (team is not None and team not in teams):
            continue
        lang = language_of(engine, team or teams[0])
        offered = engine.offered(decision.id)
        result.append(
            OpenDecision(
                decision.id,
                teams[0],
                _t(engine, decision.prompt, lang),
                status.opened_at or 0,
                status.deadline or 0,
                (status.deadline or 0) - engine.now,
                [(o.id, _t(engine, o.label, lang)) for o in decision.options if o.id in offered],
                decision.default,
                decision.free_text,
                teams,
                tuple(o.id for o in decision.options if o.id not in offered),
            )
        )
    return result


def actors(engine: Engine, events: Iterable[ev.Event]) -> list[tuple[str, str, str, str, str]]:
    """(actor, level "n name", pressure/threshold, played by, last cause) per actor."""
    scenario = engine.compiled.scenario
    lang = scenario.languages[0]
    causes: dict[str, str] = {}
    for event in events:
        if isinstance(event, ev.LevelChanged):
            via = f" via {event.via}" if event.via else ""
            causes[event.actor] = f"{format_time(event.time)} {event.cause}{via}"
    rows = []
    for actor in scenario.actors:
        level = engine.levels[actor.id]
        rows.append(
            (
                actor.id,
                f"{level} {_t(engine, scenario.ladder_of(actor.id)[level], lang)}",
                f"{engine.pressure[actor.id]:.2f}/{actor.threshold:g}",
                actor.played_by or "simulated",
                causes.get(actor.id, ""),
            )
        )
    return rows


def relations(engine: Engine) -> list[tuple[str, str, str, str, str]]:
    """(from, to, trust, coupling, pressure on target) per relation."""
    return [
        (a, b, f"{trust:.2f}", f"{coupling:.2f}", f"{engine.pressure[b]:.2f}")
        for (a, b), (trust, coupling) in engine.relations.items()
    ]


def state(engine: Engine) -> list[tuple[str, str, str]]:
    """(variable, value, bounds) per state variable."""
    rows = []
    for name, variable in engine.compiled.scenario.state.items():
        value = engine.state[name]
        shown = str(value).lower() if isinstance(value, bool) else value if isinstance(value, str) else f"{value:g}"
        if variable.type == "flag":
            bounds = "flag"
        elif variable.type == "choice":
            bounds = " < ".join(variable.values)
        else:
            low = "" if variable.min is None else f"{variable.min:g}"
            high = "" if variable.max is None else f"{variable.max:g}"
            bounds = f"{low}..{high}"
        rows.append((name, shown, bounds))
    return rows


def pending_injects(engine: Engine) -> list[tuple[str, str]]:
    """Planned injects still to go out (not yet delivered, or recurring), not cancelled: (id, "when · title")."""
    lang = engine.compiled.scenario.languages[0]
    pending = []
    for i in engine.compiled.scenario.injects:
        if i.id in engine.cancelled:
            continue
        if i.id in engine.recurring:
            pending.append(
                (i.id, f"every {format_time(i.every or 0)[2:]} ({recurrence(engine, i)}) · {_t(engine, i.title, lang)}")
            )
        elif i.id not in engine.delivered:
            pending.append(
                (i.id, f"{format_time(i.at) if i.at is not None else 'conditional'} · {_t(engine, i.title, lang)}")
            )
    return pending


# -- recurring injects -------------------------------------------------------------------


def recurrence(engine: Engine, inject: Any) -> str:
    """A recurring inject's progress in any language: deliveries so far (`2/3` with `times`),
    then `↻` while another is to come; '' for an inject that does not recur."""
    if inject.every is None:
        return ""
    count = engine.occurrences.get(inject.id, 0)
    progress = f"{count}/{inject.times}" if inject.times is not None else str(count)
    return progress + (" ↻" if inject.id in engine.recurring else "")


def team_view(engine: Engine, events: list[ev.Event], team: str) -> dict[str, Any]:
    """Everything one team may see, and nothing else: what trainee terminals receive.

    Its inbox (in its language, newest first), its open decision points with options,
    deadline and default, what it has decided, and the feedback on its closed decisions
    once the facilitator has released it. The clock is sent separately.
    """
    lang = language_of(engine, team)
    releases = [
        (i, e.time) for i, e in enumerate(events) if isinstance(e, ev.FeedbackReleased) and e.team in (None, team)
    ]
    released_seq, released_at = releases[-1] if releases else (-1, None)
    decided = []
    for index, event in enumerate(events):
        if not isinstance(event, ev.DecisionMade | ev.DecisionDefaulted):
            continue
        decision = engine.compiled.decisions[event.decision]
        if team not in decision.teams:
            continue
        option = next((o for o in decision.options if o.id == event.option), None)
        text, rationale = (event.text or "", event.rationale) if isinstance(event, ev.DecisionMade) else ("", "")
        decided.append(
            {
                "decision": decision.id,
                "prompt": _t(engine, decision.prompt, lang),
                "time": event.time,
                "how": "defaulted"
                if isinstance(event, ev.DecisionDefaulted)
                else ("decided" if option else "free_text"),
                "answer": _t(engine, option.label, lang) if option else text,
                "rationale": rationale,
                "feedback": _t(engine, option.feedback, lang)
                if option and option.feedback and index < released_seq
                else "",
            }
        )
    items = inbox(engine, events, team)
    view: dict[str, Any] = {
        "team": team,
        "language": lang,
        "move": current_move(engine, lang),
        "inbox": [_inbox_entry(i) for i in items],
        "open": [
            {
                "decision": d.decision,
                "prompt": d.prompt,
                "options": [{"id": option, "label": label} for option, label in d.options],
                "opened_at": d.opened_at,
                "deadline": d.deadline,
                "default": d.default,
                "default_label": next(label for option, label in d.options if option == d.default),
                "free_text": d.free_text,
            }
            for d in open_decisions(engine, team)
        ],
        "decided": decided,
        "feedback_released_at": released_at,
    }
    files = {
        file: attachment_content(engine.compiled.attachments.get(file, b"")) for i in items for file, _ in i.attachments
    }
    if files:
        view["files"] = files
    if engine.ended:
        view["feedback_form"] = feedback_form(engine, team, lang)
    return view


def feedback_form(engine: Engine, team: str, lang: str) -> dict[str, Any]:
    """What the participant feedback form asks a team once the exercise has ended: a rating
    of each objective that concerns the team."""
    return {
        "objectives": [
            {"id": o.id, "text": _t(engine, o.text, lang)}
            for o in engine.compiled.scenario.objectives
            if not o.teams or team in o.teams
        ]
    }


# -- attachments: what a team received with its injects ------------------------------------


def _inbox_entry(item: InboxItem) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": item.key,
        "time": item.time,
        "from": item.sender,
        "channel": item.channel,
        "title": item.title,
        "body": item.body,
    }
    if item.attachments:
        entry["attachments"] = [{"file": file, "title": title} for file, title in item.attachments]
    return entry


def attachment_content(data: bytes) -> dict[str, Any]:
    """An attached file as a view carries it: `text` when it is UTF-8 text, else `data` (base64) and `size`.

    Text with control characters (other than tab and line ends) counts as a file to save, not
    to show: a terminal would only draw them as symbols, and each would take six bytes in JSON.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _CONTROL.search(text):
        return {"text": text}
    return {"data": base64.b64encode(data).decode("ascii"), "size": len(data)}


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")


def clock(engine: Engine) -> dict[str, Any]:
    return {
        "now": engine.now,
        "started": engine.started,
        "paused": engine.paused,
        "ended": engine.ended,
        "outcome": engine.outcome,
        "datetime": scenario_datetime(engine),
    }


def next_event_time(engine: Engine) -> int | None:
    """When the next scheduled event happens (where a step goes), or None once nothing is due."""
    return None if engine.ended else engine.queue.peek_time()


def closed_by_next_step(engine: Engine) -> list[tuple[str, str, str]]:
    """Open decision points a step to the next event would close with their default: (decision, option, label).

    A step runs everything due at the next event's time, so the decisions whose deadline is that
    time close unanswered (a deadline earlier than the next event cannot be: it would be next).
    """
    upcoming = next_event_time(engine)
    if upcoming is None:
        return []
    return [
        (d.decision, d.default, next(label for option, label in d.options if option == d.default))
        for d in open_decisions(engine)
        if d.deadline <= upcoming
    ]
