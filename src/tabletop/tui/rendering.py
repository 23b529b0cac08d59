"""The console's screen follows the session: per tick only what time changes, the rest per event.

A tick moves the clock and the countdowns to open decisions; it changes nothing else unless
the engine derived events. So the clock line, the timeline and the open decisions are
brought up to date on every refresh (as cell changes, `LiveTable`), while actors, state,
inboxes and the log follow only new events, and scores are recomputed only when an event
they read arrived. A mixin of `ConsoleApp`: it relies on its `session`, `scenario`, `lang`
and pace.
"""

from __future__ import annotations

from typing import Any

from tabletop.model.base import format_time
from tabletop.report import describe_event
from tabletop.scoring import SCORED_EVENTS, score_session
from tabletop.session import views
from tabletop.tui.tables import LiveTable
from tabletop.tui.text import TextStatic, TextTable


class SessionViews:
    """Render the session on the console's widgets."""

    session: Any
    scenario: Any
    lang: str
    running: bool
    pace: float
    query_one: Any

    screen_stack: Any
    _seen = 0
    """Events already rendered."""
    _behind_dialog = False
    """The main screen missed a refresh while a dialog covered it."""

    def follow_dialogs(self) -> None:
        """Catch up when the last dialog closes (call once, when mounted)."""
        self.screen_change_signal.subscribe(self, self._screen_changed)  # type: ignore[attr-defined]

    def _screen_changed(self, screen: Any) -> None:
        if self._behind_dialog and len(self.screen_stack) == 1:
            self.refresh_views()

    def refresh_views(self) -> None:
        """Bring the main screen up to date, unless a dialog covers it (then when the dialog closes).

        Under a dialog the main screen is drawn dimmed, and Textual blends every cell of it
        again whenever anything on it changes: about 90 ms a tick at 120×40, while the
        facilitator types into the dialog.
        """
        if len(self.screen_stack) > 1:
            self._behind_dialog = True
            return
        self._behind_dialog = False
        engine, events = self.session.engine, self.session.events
        self.refresh_clock()
        table = self._table
        timeline = views.timeline(engine, self.lang)
        table("timeline-table").show(
            [(r.when, r.status, f"{r.kind} {r.id}", r.title) for r in timeline], [f"{r.kind} {r.id}" for r in timeline]
        )
        for team in self.scenario.teams:
            open_now = views.open_decisions(engine, team.id)
            table(f"decisions-{team.id}").show(
                [(format_time(d.remaining)[2:], format_time(d.deadline), d.default, d.prompt) for d in open_now],
                [d.decision for d in open_now],
            )
        new = events[self._seen :]
        if not new and self._seen:
            return
        self._seen = len(events)
        actors = views.actors(engine, events)
        state = views.state(engine)
        table("actors-table").show(actors)
        table("relations-table").show(views.relations(engine))
        table("state-table").show(state)
        table("side-actors").show([(a[0], a[1]) for a in actors])
        table("side-state").show([(s[0], s[1]) for s in state])
        for team in self.scenario.teams:
            inbox = views.inbox(engine, events, team.id)
            table(f"inbox-{team.id}").show(
                [(format_time(i.time), i.sender, i.title) for i in inbox], [f"{i.time} {i.inject}" for i in inbox]
            )
        if not new or any(isinstance(e, SCORED_EVENTS) for e in new):
            self.refresh_scores()
        log = self.query_one("#log-table", TextTable)
        log.add_rows((format_time(e.time), describe_event(e, self.scenario, self.lang)) for e in new)

    def refresh_scores(self) -> None:
        scores = score_session(self.scenario, self.session.events)
        for team in self.scenario.teams:
            score = scores[team.id]
            self.query_one(f"#score-{team.id}", TextStatic).update(
                f"Score so far: {score.points:.1f} / {score.possible:.1f} ({score.percent:.0f}%) · "
                f"{len(score.decisions)} decision(s) closed"
            )

    def refresh_clock(self) -> None:
        engine = self.session.engine
        if not engine.started:
            state = "not started · space to start"
        elif engine.ended:
            state = f"ENDED · {engine.outcome}"
        elif self.running:
            state = "RUNNING"
        else:
            state = "PAUSED"
        upcoming = views.next_event_time(engine)
        following = f" · next event {format_time(upcoming)}" if upcoming is not None else ""
        self.query_one("#clock", TextStatic).update(
            f"{format_time(engine.now)}  {views.scenario_datetime(engine)}  {state}  pace ×{self.pace:g}{following}"
        )

    def _table(self, table_id: str) -> LiveTable:
        return self.query_one(f"#{table_id}", LiveTable)
