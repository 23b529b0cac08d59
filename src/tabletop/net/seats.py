"""Seats: what each kind of connection may see.

A connection joins as a team (its own inbox and decisions: `views.team_view`), as the room
(the projector: public, read-only) or as an observer (every team, read-only, plus notes and
suggested ratings). The seat is fixed by the key the connection authenticated with; the
server builds each seat's view here and sends nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tabletop.engine import Engine
from tabletop.engine import events as ev
from tabletop.model.base import text_in
from tabletop.session import views

ROOM = "room"
OBSERVER = "observer"
SEATS = (ROOM, OBSERVER)
"""The seats that are not teams, in the order the console lists them after the teams."""
SEAT_NAMES = {ROOM: "Room", OBSERVER: "Observer"}


def discussion(events: Sequence[ev.Event]) -> str:
    """The message of the discussion going on now (started and not yet resumed), or ''.

    Read back from the end only as far as the latest pause: a discussion pauses the clock
    first when it runs, so one started since then is found before it.
    """
    for event in reversed(events):
        if isinstance(event, ev.DiscussionStarted):
            return event.text
        if isinstance(event, ev.Paused | ev.Resumed | ev.Ended):
            return ""
    return ""


def clock(engine: Engine, events: Sequence[ev.Event]) -> dict[str, Any]:
    """The clock every seat receives, with the discussion going on, if any (only ever while paused)."""
    return {**views.clock(engine), "discussion": discussion(events) if engine.paused else ""}


def room_view(engine: Engine, events: Sequence[ev.Event]) -> dict[str, Any]:
    """What the projector shows, and nothing a team alone may read.

    The scenario's title, the countdown to every open decision point (the team's name and
    the prompt) and the news feed: the injects the scenario marks `public`, newest first.
    No inbox, no options, no answers, no rationale, no ad hoc inject.
    """
    scenario = engine.compiled.scenario
    lang = scenario.languages[0]
    teams = {team.id: text_in(team.name, lang) for team in scenario.teams}
    news = []
    for event in events:
        if type(event) is ev.InjectDelivered:
            inject = engine.compiled.injects[event.inject]
            if inject.public:
                news.append(
                    {
                        "time": event.time,
                        "from": inject.from_,
                        "title": text_in(inject.title, lang),
                        "body": text_in(inject.body, lang),
                    }
                )
    return {
        "title": text_in(scenario.title, lang),
        "move": views.current_move(engine, lang),
        "open": [
            {
                "team": " + ".join(teams[team] for team in d.teams),
                "prompt": text_in(engine.compiled.decisions[d.decision].prompt, lang),
                "deadline": d.deadline,
            }
            for d in views.open_decisions(engine)
        ],
        "news": news[::-1],
    }


def observer_view(engine: Engine, events: list[ev.Event]) -> dict[str, Any]:
    """Every team's view (what each team sees), the objectives, and the observers' notes so far.

    `inbox` is every team's inbox as one list, newest first, an inject sent to several teams
    listed once with all of them (in the first recipient's language). The attached files
    come once, under `files`, not in each team's view.
    """
    scenario = engine.compiled.scenario
    lang = scenario.languages[0]
    teams = [
        {"id": team.id, "name": text_in(team.name, lang), "view": views.team_view(engine, events, team.id)}
        for team in scenario.teams
    ]
    files: dict[str, Any] = {}
    for team in teams:
        files.update(team["view"].pop("files", {}))
    merged: dict[str, dict[str, Any]] = {}
    for team in teams:
        for item in team["view"]["inbox"]:
            merged.setdefault(item["id"], {**item, "to": []})["to"].append(team["id"])
    delivered = [key for e in events if isinstance(e, ev.InjectDelivered) and (key := views.delivery_key(e)) in merged]
    return {
        "teams": teams,
        "inbox": [merged[key] for key in delivered[::-1]],
        "objectives": [{"id": o.id, "text": text_in(o.text, lang)} for o in scenario.objectives],
        **({"files": files} if files else {}),
        "notes": [
            {"time": e.time, "text": e.text, "team": e.team, "objective": e.objective, "rating": e.rating}
            for e in events
            if isinstance(e, ev.ObserverNoted)
        ],
    }


def seat_view(engine: Engine, events: list[ev.Event], seat: str) -> dict[str, Any]:
    """The view a seat receives: a team's own, the room's or the observer's."""
    if seat in engine.compiled.teams:
        return views.team_view(engine, events, seat)
    if seat == ROOM:
        return room_view(engine, events)
    if seat == OBSERVER:
        return observer_view(engine, events)
    raise ValueError(f"no seat {seat!r}")
