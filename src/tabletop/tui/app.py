"""The facilitator console: run a live exercise from one screen.

The console paces the engine from a timer, sends every action to the session as a
command (saved before it is acknowledged), and renders what comes back. Domain facts come
from `tabletop.session.views`, scores from `tabletop.scoring`; nothing is decided here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from tabletop.engine import CommandRefused
from tabletop.engine import commands as c
from tabletop.engine.core import TIME_UP
from tabletop.errors import TabletopError
from tabletop.model.base import format_time, text_in
from tabletop.net.join import save_join_strings
from tabletop.net.server import TeamServer, describe_clients
from tabletop.report import build_report, render_html, render_markdown
from tabletop.session import Session, views
from tabletop.store.outputs import REPORT_HTML, REPORT_MARKDOWN, write_output
from tabletop.text import visible
from tabletop.tui.consequences import ConsequenceActions
from tabletop.tui.dialogs import DialogActions
from tabletop.tui.forms import ConfirmScreen, Field, FormScreen, MessageScreen
from tabletop.tui.keys import KeysInOrder
from tabletop.tui.online import JoinList
from tabletop.tui.pace import Pacer
from tabletop.tui.rendering import SessionViews
from tabletop.tui.tables import LiveTable
from tabletop.tui.text import TextNotifications, TextStatic, TextTable, literal

TABS = ("timeline", "escalation", "state", "teams", "log", "online")
REFRESH_INTERVAL = 0.1
"""Seconds the screen waits to catch up with teams' commands, so a burst costs one refresh."""


@dataclass(frozen=True)
class Action:
    """One console action: its keys, its footer label, its palette entry and its help line."""

    keys: str
    action: str
    label: str
    title: str
    help: str
    footer: bool = True
    key_display: str | None = None
    group: Binding.Group | None = None
    """Bindings of one group share a footer entry ("+ - Pace")."""


PACE = Binding.Group("Pace", compact=True)


ACTIONS = (
    Action("space", "toggle_clock", "Run", "Run / pause the clock", "start, run or pause the scenario clock"),
    Action(
        "plus,equals_sign",
        "faster",
        "Faster",
        "Faster pace",
        "faster pace (×1, ×5, ×30, ×60, ×300 and the scenario's own)",
        key_display="+",
        group=PACE,
    ),
    Action("minus", "slower", "Slower", "Slower pace", "slower pace", key_display="-", group=PACE),
    Action("n", "step", "Step", "Step to the next event", "advance the clock to the next scheduled event"),
    Action("d", "deliver", "Deliver", "Deliver a planned inject", "deliver a planned inject now"),
    Action("a", "adhoc", "Ad hoc", "Send an ad-hoc inject", "write and send an unplanned inject"),
    Action("r", "decide", "Decide", "Record a decision", "record a team's decision (option or free text, rationale)"),
    Action("s", "score", "Score", "Adjust a score", "adjust a team's score, with a reason", footer=False),
    Action("o", "note", "Note", "Add a note", "add a timestamped note"),
    Action("g", "rate", "Rate", "Rate an objective", "rate an objective P / S / M / U", footer=False),
    Action(
        "f", "feedback", "Feedback", "Release feedback", "release the debrief feedback to a team (or all)", footer=False
    ),
    Action(
        "t",
        "count_as_option",
        "Count",
        "Count free text as an option",
        "count a team's free-text answer as one of the options (its effects and score)",
        footer=False,
    ),
    Action(
        "x", "cancel_inject", "Cancel", "Cancel a planned inject", "keep a planned inject from going out", footer=False
    ),
    Action(
        "p",
        "play_on",
        "Play on",
        "Play on past an ending",
        "after an ending: keep it on record and play on",
        footer=False,
    ),
    Action(
        "D",
        "discuss",
        "Discuss",
        "Pause for discussion",
        "pause the clock with a message on every screen until you resume (space)",
        footer=False,
    ),
    Action("e", "end", "End", "End the exercise", "end the exercise and write the after-action report"),
    Action("question_mark,f1", "help", "Help", "Keys", "this help", key_display="?"),
    Action("q", "quit", "Quit", "Quit", "quit (everything is already saved)"),
)


class ConsoleApp(KeysInOrder, DialogActions, ConsequenceActions, SessionViews, TextNotifications, App[None]):
    """Run one session. Give it the session; `tick_seconds` is the pacing timer's period."""

    CSS_PATH = "console.tcss"
    TITLE = "tabletop"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]
    BINDINGS = [
        *(Binding(a.keys, a.action, a.label, show=a.footer, key_display=a.key_display, group=a.group) for a in ACTIONS),
        *(Binding(str(n), f"tab('{tab}')", show=False) for n, tab in enumerate(TABS, 1)),
    ]

    def __init__(
        self,
        session: Session,
        tick_seconds: float = 1.0,
        report_dir: Path | None = None,
        listen: tuple[str, int] | None = None,
    ) -> None:
        super().__init__()
        self.listen = listen
        self.server: TeamServer | None = None
        self.session = session
        self.scenario = session.loaded.scenario
        self.lang = self.scenario.languages[0]
        self.tick_seconds = tick_seconds
        self.report_dir = report_dir
        self.pacer = Pacer(self.scenario.clock.pace)
        self.running = False
        self.report_paths: list[Path] = []
        self._refresh_pending = False
        self._join_strings_shown = False

    @property
    def engine(self) -> Any:
        """The session's engine (a failed save rebuilds it, so never keep an old one)."""
        return self.session.engine

    @property
    def pace(self) -> float:
        return self.pacer.pace

    # -- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TextStatic(id="clock")
        with Horizontal(id="body"):
            with TabbedContent(initial="timeline", id="tabs"):
                with TabPane("1 Timeline", id="timeline"):
                    yield LiveTable(id="timeline-table", cursor_type="row", zebra_stripes=True)
                with TabPane("2 Escalation", id="escalation"):
                    yield LiveTable(id="actors-table", cursor_type="row")
                    yield LiveTable(id="relations-table", cursor_type="row")
                with TabPane("3 State", id="state"):
                    yield LiveTable(id="state-table", cursor_type="row")
                with TabPane("4 Teams", id="teams"), TabbedContent(id="team-tabs"):
                    for team in self.scenario.teams:
                        with TabPane(literal(text_in(team.name, self.lang)), id=f"team-{team.id}"):
                            yield TextStatic(id=f"score-{team.id}", classes="team-score")
                            yield LiveTable(id=f"decisions-{team.id}", cursor_type="row", classes="team-decisions")
                            yield LiveTable(id=f"inbox-{team.id}", cursor_type="row")
                with TabPane("5 Log", id="log"):
                    yield TextTable(id="log-table", cursor_type="row")
                with TabPane("6 Online", id="online"):
                    yield TextStatic(
                        "Not hosting: start with --listen [HOST:]PORT to let teams join.", id="join-strings"
                    )
                    yield JoinList(id="join-list")
                    yield LiveTable(id="clients-table", cursor_type="row")
            with Vertical(id="sidebar"):
                yield LiveTable(id="side-actors", cursor_type="none", show_cursor=False)
                yield LiveTable(id="side-state", cursor_type="none", show_cursor=False)
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        self.title = visible(f"tabletop · {text_in(self.scenario.title, self.lang)}")
        columns = {
            "timeline-table": ("when", "status", "item", "title"),
            "actors-table": ("actor", "level", "pressure", "played by", "last change (cause)"),
            "relations-table": ("from", "to", "trust", "coupling", "pressure on target"),
            "state-table": ("variable", "value", "bounds"),
            "log-table": ("time", "event"),
            "clients-table": ("team", "address", "connected since", "refused", "throttled"),
            "side-actors": ("actor", "level"),
            "side-state": ("variable", "value"),
        }
        for team in self.scenario.teams:
            columns[f"decisions-{team.id}"] = ("left", "closes", "default", "open decision")
            columns[f"inbox-{team.id}"] = ("time", "from", "title")
        for table_id, names in columns.items():
            self.query_one(f"#{table_id}", DataTable).add_columns(*names)
        self.timer = self.set_interval(self.tick_seconds, self.tick, pause=True)
        self.follow_dialogs()
        if self.engine.started and not self.engine.ended and not self.engine.paused:
            self.submit(c.Pause())  # reopened after a stop: the clock waits for the facilitator
        self.refresh_views()
        if self.listen is not None:
            await self.start_hosting(*self.listen)

    async def start_hosting(self, host: str, port: int) -> None:
        server = TeamServer(
            self.session,
            host,
            port,
            on_change=self.refresh_online,
            on_submission=self.submission_arrived,
            on_observer_note=self.observer_noted,
        )
        try:
            await server.start()
        except TabletopError as exc:
            self.push_screen(MessageScreen("Teams cannot join", str(exc)))
            return
        self.server = server
        self.refresh_online()

    async def on_unmount(self) -> None:
        if self.server is not None:
            await self.server.stop()

    def submission_arrived(self, team: str, command: Any) -> None:
        """A team's accepted decision (refusals go back to the team only): a toast, and the screen catches up."""
        self.notify(f"{team} decided {command.decision}: {command.option or 'free text'}", title="Team submission")
        self.refresh_soon()

    def observer_noted(self, command: c.ObserverNote) -> None:
        """An observer's note or suggested rating: a toast (the log tab lists it too)."""
        about = f" on {command.team}" if command.team else ""
        suggests = f", suggests {command.objective}: {command.rating}" if command.rating else ""
        self.notify(command.text, title=f"Observer note{about}{suggests}")
        self.refresh_soon()

    def refresh_online(self) -> None:
        if self.server is None:
            return
        if not self._join_strings_shown:
            self._join_strings_shown = True
            joins = self.server.join_strings()
            lines = [
                f"Listening on {self.server.host}:{self.server.port}. Each seat runs: tabletop join '<its join string>'",
                self.save_join_strings(joins),
                "Enter or c copies the highlighted seat's join string (teams, room, observer).",
            ]
            self.query_one("#join-strings", Static).update("\n".join(lines))
            self.query_one(JoinList).show(joins)
        self.query_one("#clients-table", LiveTable).show(describe_clients(self.server))

    def save_join_strings(self, joins: list[tuple[str, str]]) -> str:
        """Beside the session file, readable by its owner only (the keys let a team in); says where, or why not."""
        path = Path(self.session.store.path).with_suffix(".join.txt")
        try:
            save_join_strings(path, joins)
        except TabletopError as exc:
            return f"Join strings not saved: {exc}"
        return f"Join strings saved in {path}, to paste or send."

    # -- commands ---------------------------------------------------------------------

    def refresh_soon(self) -> None:
        """Catch the screen up with teams' commands once per REFRESH_INTERVAL, however many arrive."""
        if not self._refresh_pending:
            self._refresh_pending = True
            self.set_timer(REFRESH_INTERVAL, self._catch_up)

    def _catch_up(self) -> None:
        self._refresh_pending = False
        if self.engine.ended and self.running:
            self._stop_timer()
        self.refresh_views()

    def submit(self, command: Any) -> str | None:
        """Send a command; refresh on success; return the refusal (or save failure) if any.

        When it makes the scenario reach one of its endings, the facilitator is asked whether
        to play on (once the dialog that sent it, if any, has closed)."""
        was_over = self.engine.ended
        try:
            self.session.submit(command)
        except (CommandRefused, TabletopError) as exc:
            return str(exc)
        finally:
            if self.engine.ended and self.running:
                self._stop_timer()
        if self.engine.ended and not was_over and command.kind != "end" and self.engine.outcome != TIME_UP:
            self.call_after_refresh(self.offer_to_play_on)
        self.refresh_views()
        if self.server is not None:
            self.server.session_changed()
        return None

    def submit_or_notify(self, command: Any) -> None:
        error = self.submit(command)
        if error:
            self.notify(error, title="Refused", severity="error")

    def tick(self, seconds: float | None = None) -> None:
        """The timer's beat: move the clock by `seconds` of wall-clock time at the pace (the period by default)."""
        if self.running and not self.engine.ended and self.is_running:
            by = self.pacer.advance(self.tick_seconds if seconds is None else seconds)
            if by:
                self.submit_or_notify(c.Advance(by=by))

    def _stop_timer(self) -> None:
        self.running = False
        self.timer.pause()

    # -- actions ------------------------------------------------------------------------

    def action_toggle_clock(self) -> None:
        if self.engine.ended:
            self.notify("The exercise has ended.", severity="warning")
            return
        if not self.engine.started:
            self.submit_or_notify(c.Start())
        elif self.running:
            self._stop_timer()
            self.submit_or_notify(c.Pause())
            return
        elif self.engine.paused:
            self.submit_or_notify(c.Resume())
        self.running = True
        self.timer.resume()
        self.refresh_views()

    def action_discuss(self) -> None:
        """Ask for the message, then pause the clock for a discussion (space resumes)."""

        def send(values: dict[str, Any]) -> str | None:
            if not values["text"].strip():
                return "Write the message every screen will show."
            error = self.submit(c.Discuss(text=values["text"].strip()))
            if error is None and self.running:
                self._stop_timer()
                self.refresh_clock()
            return error

        field = Field("text", "Message for every screen", placeholder="e.g. Discuss: who informs the host state?")
        self.push_screen(FormScreen("Pause for discussion (space resumes)", [field], send))

    def action_faster(self) -> None:
        self.pacer.faster()
        self.refresh_clock()

    def action_slower(self) -> None:
        self.pacer.slower()
        self.refresh_clock()

    def action_step(self) -> None:
        """Step to the next event; first ask, if that closes decisions with their defaults."""
        if not self.engine.started:
            self.submit_or_notify(c.Start())
        closing = views.closed_by_next_step(self.engine)
        if not closing:
            self.submit_or_notify(c.Advance(next=True))
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.submit_or_notify(c.Advance(next=True))

        upcoming = views.next_event_time(self.engine)
        closes = "; ".join(f"closes {d} with its default: {option} ({label})" for d, option, label in closing)
        self.push_screen(ConfirmScreen(f"Step to {format_time(upcoming or 0)}? It {closes}."), confirmed)

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def action_end(self) -> None:
        if self.engine.ended:
            self.write_report()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.submit_or_notify(c.End())
                self.write_report()

        self.push_screen(ConfirmScreen("End the exercise now and write the after-action report?"), confirmed)

    def write_report(self) -> None:
        store = Path(self.session.store.path)
        folder = self.report_dir or store.parent
        meta = self.session.store.meta()
        record = {"seed": meta.seed, "digest": meta.scenario_digest, "created_at": meta.created_at}
        report = build_report(self.scenario, self.session.loaded.playbooks, self.session.events, record)
        html, markdown = folder / f"{store.stem}-aar.html", folder / f"{store.stem}-aar.md"
        try:
            write_output(html, render_html(report, self.scenario), REPORT_HTML, sessions=[store])
            write_output(markdown, render_markdown(report), REPORT_MARKDOWN, sessions=[store])
        except TabletopError as exc:
            self.notify(f"Could not write the report: {exc}", severity="error")
            return
        self.report_paths = [html, markdown]
        self.push_screen(
            MessageScreen(
                "Exercise ended",
                f"After-action report written:\n{html}\n{markdown}\n\nThe session is saved in {store}.",
            )
        )

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, but ours where the title is the same ("Keys", "Quit"): each once."""
        ours = {action.title for action in ACTIONS}
        yield from (command for command in super().get_system_commands(screen) if command.title not in ours)
        for action in ACTIONS:
            yield SystemCommand(action.title, action.help, lambda name=action.action: self.run_action(name))


class HelpScreen(MessageScreen):
    def __init__(self) -> None:
        rows = [(a.key_display or a.keys.split(",")[0], a.help) for a in ACTIONS]
        rows += [("1 … 6", " · ".join(TABS)), ("ctrl+p", "command palette: every action by name")]
        width = max(len(key) for key, _ in rows)
        super().__init__("Keys", "\n".join(f"{key.ljust(width)}  {what}" for key, what in rows))
