"""The console's screen follows the session: per tick only what time changes, the rest per event.

A tick moves the clock and the countdowns to open decisions; it changes nothing else unless
the engine derived events. So the clock line, the timeline and the open decisions are
brought up to date on every refresh (as cell changes, `LiveTable`), while actors, state,
inboxes and the log follow only new events, and scores are recomputed only when an event
they read arrived. A mixin of `ConsoleApp`: it relies on its `session`, `scenario`, `lang`
and pace.

People read labels, not ids: team, actor and option names, outcomes in words, all in the
facilitator's language (`lang`), with the console's own words from words.yaml.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any

import yaml
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, TabbedContent, TabPane

from tabletop.engine import events as ev
from tabletop.engine.core import TIME_UP
from tabletop.model.base import format_time, text_in
from tabletop.report import describe_event
from tabletop.scoring import SCORED_EVENTS, score_session
from tabletop.session import views
from tabletop.tui.tables import LiveTable
from tabletop.tui.text import TextStatic, TextTable, literal

VIEW_TABS = ("timeline", "escalation", "state", "teams", "log")
"""The tabs that show the session, numbered from 1 (the console adds its own after them)."""
CAPPED = {"actor": 24, "from": 24, "to": 24, "played_by": 16, "default": 28}
"""Widths of the table columns that show names and labels (the rest fit their contents)."""


@cache
def console_words(language: str) -> dict[str, Any]:
    """The console's own words in `language` (English where it has none)."""
    table = yaml.safe_load(resources.files("tabletop.tui").joinpath("words.yaml").read_text("utf-8"))["console"]
    return {**table["en"], **table.get(language, {})}


class Labels:
    """What people read in place of ids, in the facilitator's language. A mixin of `ConsoleApp`."""

    scenario: Any
    lang: str
    words: dict[str, Any]

    def w(self, key: str, **values: Any) -> str:
        """One of the console's own words, filled in."""
        return self.words[key].format(**values) if values else self.words[key]

    def t(self, text: Any) -> str:
        """Scenario text in the facilitator's language, else the scenario's first."""
        return text_in(text, self.lang, self.scenario.languages[0]) if text is not None else ""

    def team_name(self, team: str) -> str:
        found = next((t for t in self.scenario.teams if t.id == team), None)
        return self.t(found.name) if found else team

    def teams_name(self, teams: tuple[str, ...]) -> str:
        """The team of a decision, or the teams of a joint one ("CSIRT cell + MFA cell")."""
        return " + ".join(self.team_name(team) for team in teams)

    def actor_name(self, actor: str | None) -> str:
        """An actor's name; an ad-hoc inject's sender may be none (the facilitator)."""
        found = next((a for a in self.scenario.actors if a.id == actor), None)
        if found is not None:
            return self.t(found.name)
        return self.w("facilitator") if actor in (None, "facilitator") else str(actor)

    def played_by(self, team: str) -> str:
        """Who plays an actor: a team's name, or the console's word for simulated."""
        return self.team_name(team) if team in {t.id for t in self.scenario.teams} else self.w("simulated")

    def decision_prompt(self, decision: str) -> str:
        found = next((d for d in self.scenario.decisions if d.id == decision), None)
        return self.t(found.prompt) if found else decision

    def option_label(self, decision: str, option: str | None) -> str:
        if not option:
            return self.w("free_text")
        found = next((d for d in self.scenario.decisions if d.id == decision), None)
        chosen = next((o for o in found.options if o.id == option), None) if found else None
        return self.t(chosen.label) if chosen else option

    def outcome_label(self, outcome: str | None) -> str:
        """An ending in words: its text in the scenario, or the console's words for time-up and the facilitator's end."""
        ending = next((e for e in self.scenario.end if e.id == outcome), None)
        if ending is not None:
            return self.t(ending.text)
        if outcome == TIME_UP:
            return self.w("time_up")
        return self.w("ended_by_facilitator") if outcome == "ended_by_facilitator" else outcome or ""


class SessionViews(Labels):
    """Render the session on the console's widgets."""

    session: Any
    scenario: Any
    lang: str
    running: bool
    pace: float
    query_one: Any
    feedback_counts: Any

    screen_stack: Any
    _seen = 0
    """Events already rendered."""
    _behind_dialog = False
    """The main screen missed a refresh while a dialog covered it."""

    # -- layout: the console and the debrief replay show the session on the same widgets ----------

    def tab_label(self, number: int) -> str:
        """A tab's label: its key (1 …) and its name."""
        return f"{number} {self.words['tabs'][number - 1]}"

    def view_panes(self) -> ComposeResult:
        """The tab panes of `VIEW_TABS` (compose them inside the `#tabs` TabbedContent)."""
        label = {name: self.tab_label(n) for n, name in enumerate(VIEW_TABS, 1)}
        with TabPane(label["timeline"], id="timeline"):
            yield LiveTable(id="timeline-table", cursor_type="row", zebra_stripes=True)
        with TabPane(label["escalation"], id="escalation"):
            yield LiveTable(id="actors-table", cursor_type="row")
            yield LiveTable(id="relations-table", cursor_type="row")
        with TabPane(label["state"], id="state"):
            yield LiveTable(id="state-table", cursor_type="row")
        with TabPane(label["teams"], id="teams"), TabbedContent(id="team-tabs"):
            for team in self.scenario.teams:
                with TabPane(literal(self.team_name(team.id)), id=f"team-{team.id}"):
                    yield TextStatic(id=f"score-{team.id}", classes="team-score")
                    yield LiveTable(id=f"decisions-{team.id}", cursor_type="row", classes="team-decisions")
                    yield LiveTable(id=f"inbox-{team.id}", cursor_type="row")
        with TabPane(label["log"], id="log"):
            yield TextTable(id="log-table", cursor_type="row")

    def sidebar(self) -> ComposeResult:
        """Actors and state beside the tabs, on a wide screen."""
        with Vertical(id="sidebar"):
            yield LiveTable(id="side-actors", cursor_type="none", show_cursor=False)
            yield LiveTable(id="side-state", cursor_type="none", show_cursor=False)

    def view_columns(self) -> dict[str, tuple[str, ...]]:
        """The columns of the tables `view_panes` and `sidebar` compose, by table id."""
        columns = {
            "timeline-table": ("when", "status", "item", "title"),
            "actors-table": ("actor", "level", "pressure", "played_by", "last_change"),
            "relations-table": ("from", "to", "trust", "coupling", "pressure_on"),
            "state-table": ("variable", "value", "bounds"),
            "log-table": ("time", "event"),
            "side-actors": ("actor", "level"),
            "side-state": ("variable", "value"),
        }
        for team in self.scenario.teams:
            columns[f"decisions-{team.id}"] = ("left", "closes", "default", "open_decision")
            columns[f"inbox-{team.id}"] = ("time", "from", "title")
        return columns

    def add_columns(self, columns: dict[str, tuple[str, ...]]) -> None:
        """Give each table its columns, headed in the facilitator's words (`col_<name>`)."""
        for table_id, names in columns.items():
            table = self.query_one(f"#{table_id}", DataTable)
            for name in names:  # names and labels are capped, so the columns after them stay in view at 80×24
                table.add_column(self.w(f"col_{name}"), width=CAPPED.get(name))

    def rewind(self) -> None:
        """Forget what was rendered, so the next refresh shows the session anew: for a session
        that went back in time (the debrief replay stepping back)."""
        self._seen = 0
        self.query_one("#log-table", TextTable).clear()

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
        timeline = self.timeline_rows()
        table("timeline-table").show(
            [(r.when, r.status, f"{self.w('kind_' + r.kind)} {r.id}", r.title) for r in timeline],
            [f"{r.kind} {r.id}" for r in timeline],
        )
        for team in self.scenario.teams:
            open_now = views.open_decisions(engine, team.id)
            table(f"decisions-{team.id}").show(
                [
                    (
                        format_time(d.remaining)[2:],
                        format_time(d.deadline),
                        self.option_label(d.decision, d.default),
                        self.decision_prompt(d.decision),
                    )
                    for d in open_now
                ],
                [d.decision for d in open_now],
            )
        new = events[self._seen :]
        if not new and self._seen:
            return
        self._seen = len(events)
        actors = [
            (self.actor_name(actor), level, pressure, self.played_by(played_by), cause)
            for actor, level, pressure, played_by, cause in views.actors(engine, events)
        ]
        state = views.state(engine)
        table("actors-table").show(actors)
        table("relations-table").show(
            [(self.actor_name(a), self.actor_name(b), *rest) for a, b, *rest in views.relations(engine)]
        )
        table("state-table").show(state)
        table("side-actors").show([(a[0], a[1]) for a in actors])
        table("side-state").show([(s[0], s[1]) for s in state])
        for team in self.scenario.teams:
            inbox = views.inbox(engine, events, team.id)
            table(f"inbox-{team.id}").show(
                [(format_time(i.time), self.actor_name(i.sender), i.title) for i in inbox],
                [f"{i.time} {i.inject}" for i in inbox],
            )
        if not new or any(isinstance(e, SCORED_EVENTS) for e in new):
            self.refresh_scores()
        log = self.query_one("#log-table", TextTable)
        log.add_rows((format_time(e.time), describe_event(e, self.scenario, self.lang)) for e in new)

    def timeline_rows(self) -> list[views.TimelineRow]:
        """The session's timeline in the facilitator's words, ad-hoc injects included (kind `adhoc`)."""
        engine = self.session.engine
        rows = [self._in_words(row) for row in views.timeline(engine, self.lang)]
        for event in self.session.events:
            if isinstance(event, ev.AdhocInjectDelivered):
                title = self.t(event.title)
                rows.append(
                    views.TimelineRow(
                        event.time, format_time(event.time), "adhoc", event.inject, title, self.w("status_delivered")
                    )
                )
        return sorted(rows, key=lambda r: (r.sort_time, r.kind != "move", r.kind, r.id))

    def _in_words(self, row: views.TimelineRow) -> views.TimelineRow:
        """A row of `views.timeline` with labels for ids and the console's words for statuses."""
        engine = self.session.engine
        if row.kind == "move":
            return self._move_in_words(row)
        if row.kind == "inject":
            inject = engine.compiled.injects[row.id]
            status = {"condition holds": "status_holds", "did not happen": "status_missed"}.get(
                row.status, f"status_{row.status}"
            )
            title = self.t(inject.title)
            if row.status == "did not happen":
                title += " " + self.w("chance_percent", percent=f"{inject.chance:.0%}")
            if row.when == "when":
                title += " — " + self.w("when_condition", condition=inject.when)
                return replace(row, when=self.w("col_when"), title=title, status=self.w(status))
            recurs = views.recurrence(engine, inject)
            return replace(row, title=title, status=f"{self.w(status)} {recurs}" if recurs else self.w(status))
        decision = engine.compiled.decisions[row.id]
        state = engine.decisions[row.id]
        title = f"{self.teams_name(decision.teams)}: {self.t(decision.prompt)}"
        if state.status == "open":
            default = self.w("default_answer", label=self.option_label(decision.id, decision.default))
            left = format_time((state.deadline or 0) - engine.now)[2:]
            return replace(row, title=f"{title} ({default})", status=self.w("status_open", left=left))
        if state.status == "closed":
            answer = _short(self.option_label(decision.id, state.option))
            if state.defaulted:
                answer = self.w("default_answer", label=answer)
            return replace(row, title=title, status=self.w("status_closed", answer=answer))
        if row.when == "when":
            title += " — " + self.w("when_condition", condition=decision.opens.when)
            return replace(row, when=self.w("col_when"), title=title, status=self.w("status_waiting"))
        return replace(row, title=title, status=self.w("status_held" if row.status == "held" else "status_opens"))

    def _move_in_words(self, row: views.TimelineRow) -> views.TimelineRow:
        """A move's boundary: a row of its own, marked so it stands out between the items."""
        move = self.session.engine.compiled.moves[row.id]
        title = f"━━ {self.t(move.title)} ━━"
        status = self.w({"next by hand": "status_by_hand"}.get(row.status, f"status_{row.status}"))
        if row.when == "when":
            title += " — " + self.w("when_condition", condition=move.starts.when)
            return replace(row, when=self.w("col_when"), title=title, status=status)
        return replace(row, title=title, status=status)

    def refresh_scores(self) -> None:
        scores = score_session(self.scenario, self.session.events)
        for team in self.scenario.teams:
            score = scores[team.id]
            self.query_one(f"#score-{team.id}", TextStatic).update(
                self.w(
                    "score_so_far",
                    points=f"{score.points:.1f}",
                    possible=f"{score.possible:.1f}",
                    percent=f"{score.percent:.0f}",
                    closed=len(score.decisions),
                )
            )

    def refresh_clock(self) -> None:
        engine = self.session.engine
        if not engine.started:
            state = self.w("not_started")
        elif engine.ended:
            state = f"{self.w('ended')} · {self.outcome_label(engine.outcome)}"
        elif self.running:
            state = self.w("running")
        else:
            state = self.w("paused")
        upcoming = views.next_event_time(engine)
        following = f" · {self.w('next_event')} {format_time(upcoming)}" if upcoming is not None else ""
        move = views.current_move(engine, self.lang)
        self.query_one("#clock", TextStatic).update(
            f"{format_time(engine.now)}  {views.scenario_datetime(engine)}  {state}  "
            f"{self.w('pace_x')} ×{self.pace:g}{following}"
            + (f"  · {move}" if move else "")
            + (f"  · {forms}" if (forms := self.feedback_counts()) else "")
        )

    def _table(self, table_id: str) -> LiveTable:
        return self.query_one(f"#{table_id}", LiveTable)


def _short(label: str, most: int = 24) -> str:
    """A label cut for a status column (the whole answer is in the team's tab and the log), so
    the item and title beside it stay on an 80-column screen."""
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"
