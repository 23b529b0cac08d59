"""The facilitator console: run a live exercise from one screen.

The console paces the engine from a timer, sends every action to the session as a
command (saved before it is acknowledged), and renders what comes back. Domain facts come
from `tabletop.session.views`, scores from `tabletop.scoring`; nothing is decided here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from tabletop.engine import CommandRefused
from tabletop.engine import commands as c
from tabletop.engine.core import TIME_UP
from tabletop.errors import TabletopError
from tabletop.loader.exercise import load_exercise
from tabletop.model.base import format_time
from tabletop.model.exercise import ExerciseFile
from tabletop.net.join import save_join_strings
from tabletop.net.server import TeamServer, describe_clients
from tabletop.report import build_report, render_html, render_markdown
from tabletop.session import Session, views
from tabletop.store.outputs import REPORT_HTML, REPORT_MARKDOWN, write_output
from tabletop.text import visible
from tabletop.tui.consequences import ConsequenceActions
from tabletop.tui.dialogs import DialogActions
from tabletop.tui.forms import ConfirmScreen, Field, FormScreen, MessageScreen
from tabletop.tui.hot_wash import HotWashActions
from tabletop.tui.keys import KeysInOrder
from tabletop.tui.online import JoinList
from tabletop.tui.pace import Pacer
from tabletop.tui.plan import PlanActions
from tabletop.tui.rendering import VIEW_TABS, SessionViews, console_words
from tabletop.tui.tables import LiveTable
from tabletop.tui.text import TextNotifications, TextStatic

TABS = (*VIEW_TABS, "online")
REFRESH_INTERVAL = 0.1
"""Seconds the screen waits to catch up with teams' commands, so a burst costs one refresh."""


@dataclass(frozen=True)
class Action:
    """One console action: its keys and where it shows. Its words (footer label, palette title,
    help line) are in words.yaml under `console: <language>: actions: <action>`."""

    keys: str
    action: str
    footer: bool = True
    key_display: str | None = None
    pace: bool = False
    """The pace keys share a footer entry ("+ - Pace")."""


ACTIONS = (
    # Quit, help and end first: a narrow footer drops entries from its end, and these must stay.
    Action("q", "quit"),
    Action("question_mark,f1", "help", key_display="?"),
    Action("e", "end"),
    Action("space", "toggle_clock"),
    Action("plus,equals_sign", "faster", key_display="+", pace=True),
    Action("minus", "slower", key_display="-", pace=True),
    Action("n", "step"),
    Action("d", "deliver"),
    Action("a", "adhoc"),
    Action("r", "decide"),
    Action("s", "score", footer=False),
    Action("o", "note"),
    Action("m", "next_move"),
    Action("g", "rate", footer=False),
    Action("f", "feedback", footer=False),
    Action("t", "count_as_option", footer=False),
    Action("x", "cancel_inject", footer=False),
    Action("w", "save_attachments", footer=False),
    Action("p", "play_on", footer=False),
    Action("D", "discuss", footer=False),
    Action("h", "hot_wash"),
    Action("b", "mark_for_debrief", footer=False),
    Action("i", "plan", footer=False),
)


def bindings(language: str, actions: Sequence[Action] = ACTIONS, table: str = "actions") -> list[Binding]:
    """The console's key bindings (or another app's `actions`, worded in `table`), labelled in `language`."""
    words = console_words(language)
    pace = Binding.Group(words["pace"], compact=True)
    return [
        Binding(
            a.keys,
            a.action,
            words[table][a.action][0],
            show=a.footer,
            key_display=a.key_display,
            group=pace if a.pace else None,
        )
        for a in actions
    ]


def relabel(app: App[Any], labelled: list[Binding]) -> None:
    """Give the app's bindings the labels in `labelled` (BINDINGS are English, the app's language may not be)."""
    ours = {(b.key, b.action): b for b in Binding.make_bindings(labelled)}  # one per key
    app._bindings = BindingsMap.from_keys(
        {key: [ours.get((b.key, b.action), b) for b in found] for key, found in app._bindings.key_to_bindings.items()}
    )


class ConsoleApp(
    KeysInOrder,
    DialogActions,
    PlanActions,
    ConsequenceActions,
    HotWashActions,
    SessionViews,
    TextNotifications,
    App[None],
):
    """Run one session. Give it the session; `tick_seconds` is the pacing timer's period."""

    CSS_PATH = "console.tcss"
    TITLE = "tabletop"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]
    BINDINGS = [
        *bindings("en"),
        *(Binding(str(n), f"tab('{tab}')", show=False) for n, tab in enumerate(TABS, 1)),
    ]

    def __init__(
        self,
        session: Session,
        tick_seconds: float = 1.0,
        report_dir: Path | None = None,
        listen: tuple[str, int] | None = None,
        lang: str | None = None,
    ) -> None:
        super().__init__()
        self.listen = listen
        self.server: TeamServer | None = None
        self.session = session
        self.scenario = session.loaded.scenario
        self.lang = lang or self.scenario.languages[0]
        """The facilitator's language: the console's words, and scenario texts where the scenario has it."""
        self.words = console_words(self.lang)
        relabel(self, bindings(self.lang))
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
                yield from self.view_panes()
                with TabPane(self.tab_label(len(TABS)), id="online"):
                    yield TextStatic(self.w("not_hosting"), id="join-strings")
                    yield JoinList(self.w("copied"), self.w("copied_title"), id="join-list")
                    yield LiveTable(id="clients-table", cursor_type="row")
            yield from self.sidebar()
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        self.title = visible(f"tabletop · {self.t(self.scenario.title)}")
        self.add_columns({**self.view_columns(), "clients-table": ("team", "address", "since", "refused", "throttled")})
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
            self.push_screen(MessageScreen(self.w("cannot_join"), str(exc)))
            return
        self.server = server
        server.pace = self.pace
        self.refresh_online()

    async def on_unmount(self) -> None:
        if self.server is not None:
            await self.server.stop()

    def submission_arrived(self, team: str, command: Any) -> None:
        """A team's accepted decision (refusals go back to the team only): a toast, and the screen catches up."""
        if isinstance(command, c.ParticipantFeedback):
            self.notify(self.feedback_counts(), title=self.w("submission_title"))
            self.refresh_soon()
            return
        answer = self.option_label(command.decision, command.option)
        self.notify(
            self.w(
                "team_decided",
                team=self.team_name(team),
                decision=self.decision_prompt(command.decision),
                answer=answer,
            ),
            title=self.w("submission_title"),
        )
        self.refresh_soon()

    def observer_noted(self, command: c.ObserverNote) -> None:
        """An observer's note or suggested rating: a toast (the log tab lists it too)."""
        title = [self.w("observer_note_title")]
        if command.team:
            title.append(self.w("observer_on", team=self.team_name(command.team)))
        if command.rating:
            title.append(self.w("observer_suggests", objective=command.objective, rating=command.rating))
        self.notify(command.text, title=" · ".join(title))
        self.refresh_soon()

    def refresh_online(self) -> None:
        if self.server is None:
            return
        if not self._join_strings_shown:
            self._join_strings_shown = True
            joins = self.server.join_strings()
            lines = [
                self.w("listening", address=f"{self.server.host}:{self.server.port}"),
                self.save_join_strings(joins),
                self.w("copy_hint"),
            ]
            self.query_one("#join-strings", Static).update("\n".join(lines))
            names = {team.id: self.team_name(team.id) for team in self.scenario.teams}
            names.update(room=self.w("seat_room"), observer=self.w("seat_observer"))
            self.query_one(JoinList).show(joins, names)
        self.query_one("#clients-table", LiveTable).show(describe_clients(self.server))

    def save_join_strings(self, joins: list[tuple[str, str]]) -> str:
        """Beside the session file, readable by its owner only (the keys let a team in); says where, or why not."""
        path = Path(self.session.store.path).with_suffix(".join.txt")
        try:
            save_join_strings(path, joins)
        except TabletopError as exc:
            return self.w("joins_not_saved", error=exc)
        return self.w("joins_saved", path=path)

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
        if self.engine.ended != was_over:
            self.refresh_bindings()  # the hot wash shows in the footer once the exercise has ended
        self.refresh_views()
        if self.server is not None:
            self.server.session_changed()
        return None

    def submit_or_notify(self, command: Any) -> None:
        error = self.submit(command)
        if error:
            self.notify(error, title=self.w("refused_title"), severity="error")

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
            self.notify(self.w("exercise_ended"), severity="warning")
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
                return self.w("e_discuss")
            error = self.submit(c.Discuss(text=values["text"].strip()))
            if error is None and self.running:
                self._stop_timer()
                self.refresh_clock()
            return error

        field = Field("text", self.w("f_discuss"), placeholder=self.w("f_discuss_hint"))
        self.push_screen(FormScreen(self.w("discuss_title"), [field], send))

    def action_faster(self) -> None:
        self.pacer.faster()
        self.pace_changed()

    def action_slower(self) -> None:
        self.pacer.slower()
        self.pace_changed()

    def pace_changed(self) -> None:
        """Show the new pace, and tell the trainees' clocks, which tick on at it between pushes."""
        self.refresh_clock()
        if self.server is not None:
            self.server.pace = self.pace
            self.server.session_changed()

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
        closes = "; ".join(
            self.w("closes_with_default", decision=self.decision_prompt(d), label=self.option_label(d, option))
            for d, option, _ in closing
        )
        self.push_screen(
            ConfirmScreen(self.w("step_confirm", time=format_time(upcoming or 0), closes=closes)), confirmed
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Starting the next move is for scenarios with moves: elsewhere it is not shown or run.
        The hot wash shows once the exercise has ended."""
        if action == "hot_wash":
            return bool(self.engine.ended)
        return action != "next_move" or bool(self.scenario.moves)

    @property
    def actions_here(self) -> set[str]:
        """The console's actions for this scenario (starting the next move only where it has moves)."""
        every = {a.action for a in ACTIONS}
        return every if self.scenario.moves else every - {"next_move"}

    def action_next_move(self) -> None:
        """Start the next move when the room is ready (its held injects and decisions go out), after a yes."""
        if not self.scenario.moves:
            self.notify(self.w("no_moves"), severity="warning")
            return
        upcoming = views.next_move(self.engine, self.lang)
        if upcoming is None:
            self.notify(self.w("moves_all_started"), severity="warning")
            return
        move_id, title = upcoming

        def confirmed(yes: bool | None) -> None:
            if yes:
                if not self.engine.started:
                    self.submit_or_notify(c.Start())
                self.submit_or_notify(c.StartMove(move=move_id))

        self.push_screen(ConfirmScreen(self.w("next_move_confirm", title=title)), confirmed)

    def action_mark_for_debrief(self) -> None:
        """Mark a decision point that has opened (the latest still open, unless another is chosen)
        for the debrief, with an optional note: the report gives the odds of its options."""
        opened = sorted(
            (status.opened_at, d.id)
            for d in self.scenario.decisions
            if (status := self.engine.decisions[d.id]).opened_at is not None
        )
        if not opened:
            self.notify(self.w("mark_none"), severity="warning")
            return
        still_open = [d for _, d in opened if self.engine.decisions[d].status == "open"]
        choices = [(d, self.decision_prompt(d)) for _, d in reversed(opened)]
        fields = [
            Field("decision", self.w("f_mark_which"), "select", choices, value=(still_open or [opened[-1][1]])[-1]),
            Field("note", self.w("f_mark_note"), optional=True),
        ]

        def send(values: dict[str, Any]) -> str | None:
            if values["decision"] is None:
                return self.w("e_mark")
            error = self.submit(c.MarkForDebrief(decision=values["decision"], note=values["note"].strip()))
            if error is None:
                self.notify(self.w("marked", decision=self.decision_prompt(values["decision"])))
            return error

        self.push_screen(FormScreen(self.w("mark_title"), fields, send))

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

        self.push_screen(ConfirmScreen(self.w("end_confirm")), confirmed)

    def write_report(self) -> None:
        store = Path(self.session.store.path)
        folder = self.report_dir or store.parent
        meta = self.session.store.meta()
        record = {"seed": meta.seed, "digest": meta.scenario_digest, "created_at": meta.created_at, "fork": meta.fork}
        try:
            report = build_report(
                self.scenario, self.session.loaded.playbooks, self.session.events, record, exercise=self.beside()
            )
        except TabletopError as exc:
            self.notify(self.w("report_failed", error=exc), severity="error")
            return
        html, markdown = folder / f"{store.stem}-aar.html", folder / f"{store.stem}-aar.md"
        try:
            write_output(html, render_html(report, self.scenario), REPORT_HTML, sessions=[store])
            write_output(markdown, render_markdown(report), REPORT_MARKDOWN, sessions=[store])
        except TabletopError as exc:
            self.notify(self.w("report_failed", error=exc), severity="error")
            return
        self.report_paths = [html, markdown]
        self.push_screen(
            MessageScreen(self.w("ended_title"), self.w("report_written", html=html, markdown=markdown, store=store))
        )

    def beside(self) -> ExerciseFile | None:
        """The `exercise.yaml` beside the session file, which fills what the session does not record."""
        path = Path(self.session.store.path).parent / "exercise.yaml"
        return load_exercise(path, self.scenario) if path.is_file() else None

    def action_help(self) -> None:
        rows = [
            (a.key_display or a.keys.split(",")[0], self.words["actions"][a.action][2])
            for a in ACTIONS
            if a.action in self.actions_here
        ]
        rows += [("1 … 6", " · ".join(self.words["tabs"])), ("ctrl+p", self.w("palette"))]
        width = max(len(key) for key, _ in rows)
        self.push_screen(MessageScreen(self.w("keys"), "\n".join(f"{key.ljust(width)}  {what}" for key, what in rows)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, but ours where the title is the same ("Keys", "Quit"): each once."""
        ours = {self.words["actions"][a.action][1] for a in ACTIONS} | {"Keys", "Quit"}
        yield from (command for command in super().get_system_commands(screen) if command.title not in ours)
        for action in ACTIONS:
            if action.action not in self.actions_here:
                continue
            _, title, help_line = self.words["actions"][action.action]
            yield SystemCommand(title, help_line, lambda name=action.action: self.run_action(name))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a timeline row: what it is, in full, with the facilitator's guidance."""
        if event.data_table.id == "timeline-table" and event.row_key.value:
            kind, _, item = event.row_key.value.partition(" ")
            self.show_detail(kind, item)
