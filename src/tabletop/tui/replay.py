"""The debrief replay: a played session in the console's views, read-only, at any of its commands.

Below the console's tabs (timeline, escalation, state, teams, log) runs the scrubber: the
session's commands, one a row, each with the clock after it and what it did in the console
log's words; the highlighted row is the point the tabs show, as the session stood then.
Arrows step, `g` goes to a command or a time, space plays forward at a pace (a Textual
timer, one command a beat), and `f` writes a fork from the point, which the facilitator can
open in the live console at once. Nothing here can record a command: the console's keys
that would say so, and the session file is only read (`PlayedSession`).
"""

from __future__ import annotations

from itertools import count
from pathlib import Path
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, TabbedContent

from tabletop.engine import events as ev
from tabletop.errors import TabletopError
from tabletop.model.base import format_time
from tabletop.report import describe_event
from tabletop.session import views
from tabletop.session.fork import fork_session
from tabletop.session.played import PlayedSession, Step
from tabletop.text import visible
from tabletop.tui.app import ACTIONS, Action, bindings, relabel
from tabletop.tui.forms import ConfirmScreen, Field, FormScreen, MessageScreen
from tabletop.tui.rendering import VIEW_TABS, SessionViews, console_words
from tabletop.tui.tables import LiveTable
from tabletop.tui.text import TextNotifications, TextStatic, TextTable

REPLAY_ACTIONS = (
    Action("q", "quit"),
    Action("question_mark,f1", "help", key_display="?"),
    Action("space", "play"),
    Action("plus,equals_sign", "faster", key_display="+", pace=True),
    Action("minus", "slower", key_display="-", pace=True),
    Action("left,up", "back", key_display="←"),
    Action("right,down", "forward", key_display="→"),
    Action("g", "go_to"),
    Action("f", "fork"),
    Action("pageup", "back_ten", footer=False),
    Action("pagedown", "forward_ten", footer=False),
    Action("home", "first", footer=False),
    Action("end", "last", footer=False),
)
READ_ONLY_KEYS = sorted(
    {key for a in ACTIONS for key in a.keys.split(",")} - {key for a in REPLAY_ACTIONS for key in a.keys.split(",")}
)
"""The console's keys that would record something (deliver, decide, note, end…): here they say why not."""
PACES = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
"""Commands a second when playing."""
QUIET = (ev.StateChanged, ev.RelationChanged, ev.ChanceDrawn)
"""Events a scrubber row names only when its command caused nothing else."""


class ReplayApp(SessionViews, TextNotifications, App[Path | None]):
    """Replay a played session; returns the fork to open in the live console, if one is asked for."""

    CSS_PATH = ["console.tcss", "replay.tcss"]
    TITLE = "tabletop"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]
    AUTO_FOCUS = None
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        *bindings("en", REPLAY_ACTIONS, "replay_actions"),
        Binding(",".join(READ_ONLY_KEYS), "read_only", show=False),
        *(Binding(str(n), f"tab('{tab}')", show=False) for n, tab in enumerate(VIEW_TABS, 1)),
    ]

    def __init__(self, played: PlayedSession, lang: str | None = None, point: int = 0, pace: float = 1.0) -> None:
        super().__init__()
        self.played = self.session = played
        self.scenario = played.loaded.scenario
        self.lang = lang or self.scenario.languages[0]
        self.words = console_words(self.lang)
        relabel(self, bindings(self.lang, REPLAY_ACTIONS, "replay_actions"))
        self.start_at = point
        self.pace = min(PACES, key=lambda p: abs(p - pace))
        """Commands a second when playing."""
        self.running = False
        """Playing (the live console's word, which its views read)."""
        self.forks: list[Path] = []

    def feedback_counts(self) -> str:
        """The live console's count of returned feedback forms, on its clock line: not shown here."""
        return ""

    # -- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TextStatic(id="clock")
        with Horizontal(id="body"):
            with TabbedContent(initial="timeline", id="tabs"):
                yield from self.view_panes()
            yield from self.sidebar()
        yield LiveTable(id="scrubber", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.title = visible(f"tabletop · {self.w('replay_title', title=self.t(self.scenario.title))}")
        self.add_columns({**self.view_columns(), "scrubber": ("number", "time", "command")})
        for widget in self.query("DataTable, Tabs").results():  # every key is the app's: nothing takes focus
            widget.can_focus = False
        steps = self.played.steps
        scrubber = self.query_one("#scrubber", LiveTable)
        scrubber.show(
            [("#0", format_time(0), self.w("replay_opened"))]
            + [(f"#{s.number}", format_time(s.time), self.step_line(s)) for s in steps]
        )
        self.player = self.set_interval(1 / self.pace, self.play_step, pause=True)
        self.follow_dialogs()
        self.refresh_views()
        self.go(self.start_at)

    def step_line(self, step: Step) -> str:
        """A command in the console log's words: a clock move says where to, then what came of it."""
        parts = [self.w("replay_clock_to", time=format_time(step.time))] if step.command.kind == "advance" else []
        events = step.events
        if parts:  # the events of time passing: the first that is news, else the first
            events = [e for e in events if not isinstance(e, QUIET)] or events
        if events:
            parts.append(describe_event(events[0], self.scenario, self.lang))
        line = " · ".join(parts) or step.command.kind
        return f"{line} {self.w('replay_more', count=len(step.events) - 1)}" if len(step.events) > 1 else line

    # -- the point shown ------------------------------------------------------------

    def go(self, point: int) -> None:
        """Show the session as it stood after `point` commands (0 … total)."""
        point = max(0, min(point, self.played.total))
        if point != self.played.point:
            if point < self.played.point:
                self.rewind()
            self.played.go_to(point)
            self.refresh_views()
        scrubber = self.query_one("#scrubber", DataTable)
        if scrubber.cursor_row != point:
            scrubber.move_cursor(row=point, animate=False)
        log = self.query_one("#log-table", TextTable)
        if log.row_count:
            log.move_cursor(row=log.row_count - 1, animate=False)  # the latest events in view
        if point >= self.played.total and self.running:
            self.action_play()

    @on(DataTable.RowHighlighted, "#scrubber")
    def _clicked(self, event: DataTable.RowHighlighted) -> None:
        """A row clicked: go there. The highlights `go` itself causes arrive later: they name the
        point already shown, or (keys held, the player) a row the cursor has left since, which is
        not followed back, or two of them would send the replay to and fro for ever."""
        if event.cursor_row == event.data_table.cursor_row != self.played.point:
            self.go(event.cursor_row)

    def refresh_clock(self) -> None:
        """Where the replay stands: the scenario clock then, the point, playing or paused."""
        engine, played = self.played.engine, self.played
        if not engine.started:
            state = self.w("replay_not_started")
        elif engine.ended:
            state = f"{self.w('ended')} · {self.outcome_label(engine.outcome)}"
        else:
            state = ""
        pace = f"{self.pace:g}"
        playing = self.w("replay_playing", pace=pace) if self.running else self.w("replay_paused")
        move = views.current_move(engine, self.lang)
        parts = [
            f"{format_time(engine.now)}  {views.scenario_datetime(engine)}",
            self.w("replay_banner"),
            self.w("replay_at", point=played.point, total=played.total),
            state,
            playing,
            move,
        ]
        self.query_one("#clock", TextStatic).update(" · ".join(p for p in parts if p))

    # -- actions ------------------------------------------------------------------------

    def action_back(self) -> None:
        self.go(self.played.point - 1)

    def action_forward(self) -> None:
        self.go(self.played.point + 1)

    def action_back_ten(self) -> None:
        self.go(self.played.point - 10)

    def action_forward_ten(self) -> None:
        self.go(self.played.point + 10)

    def action_first(self) -> None:
        self.go(0)

    def action_last(self) -> None:
        self.go(self.played.total)

    def action_play(self) -> None:
        """Play forward from here (from the start when at the end), or pause."""
        if self.running:
            self.running = False
            self.player.pause()
        else:
            if self.played.point >= self.played.total:
                self.go(0)
            self.running = True
            self.player.resume()
        self.refresh_clock()

    def play_step(self) -> None:
        """The player's beat: one command forward."""
        if self.running:
            self.go(self.played.point + 1)

    def action_faster(self) -> None:
        self._set_pace(min((p for p in PACES if p > self.pace), default=self.pace))

    def action_slower(self) -> None:
        self._set_pace(max((p for p in PACES if p < self.pace), default=self.pace))

    def _set_pace(self, pace: float) -> None:
        self.pace = pace
        self.player.stop()
        self.player = self.set_interval(1 / pace, self.play_step, pause=not self.running)
        self.refresh_clock()
        self.notify(self.w("replay_pace", pace=f"{pace:g}"), title=self.words["pace"])

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def action_read_only(self) -> None:
        self.notify(self.w("replay_read_only"), title=self.w("replay_read_only_title"), severity="warning")

    def action_go_to(self) -> None:
        total = self.played.total

        def go(values: dict[str, Any]) -> str | None:
            point = self.played.point_named(values["where"])
            if point is None:
                return self.w("e_go_to", total=total, text=values["where"])
            self.go(point)
            return None

        field = Field("where", self.w("f_go_to", total=total), placeholder=self.w("f_go_to_hint"))
        self.push_screen(FormScreen(self.w("go_to_title"), [field], go))

    def action_fork(self) -> None:
        """Ask for the new file's name, write the fork from this point, offer to play on from it now."""
        if self.running:
            self.action_play()
        point, played = self.played.point, self.played
        time = format_time(played.time_at(point))

        def write(values: dict[str, Any]) -> str | None:
            name = values["file"].strip()
            if not name:
                return self.w("e_fork_file")
            try:
                fork_session(played.path, name, before_command=point + 1).close()
            except TabletopError as exc:
                return str(exc)
            path = Path(name)
            self.forks.append(path)
            self.call_after_refresh(self.offer_to_open, path, point, time)
            return None

        field = Field("file", self.w("f_fork_file"), value=str(fork_name(Path(played.path), played.time_at(point))))
        self.push_screen(FormScreen(self.w("fork_title", point=point, total=played.total, time=time), [field], write))

    def offer_to_open(self, path: Path, point: int, time: str) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.exit(path)
            else:
                self.notify(self.w("fork_saved", path=path), title=self.w("fork_saved_title"))

        self.push_screen(ConfirmScreen(self.w("fork_written", path=path, commands=point, time=time)), answered)

    def action_help(self) -> None:
        words = self.words["replay_actions"]
        rows = [(a.key_display or a.keys.split(",")[0], words[a.action][2]) for a in REPLAY_ACTIONS]
        rows.append((f"1 … {len(VIEW_TABS)}", " · ".join(self.words["tabs"][: len(VIEW_TABS)])))
        width = max(len(key) for key, _ in rows)
        body = "\n".join(f"{key.ljust(width)}  {what}" for key, what in rows)
        self.push_screen(MessageScreen(self.w("keys"), f"{body}\n\n{self.w('replay_read_only')}"))


def fork_name(parent: Path, seconds: int) -> Path:
    """`<stem>-fork-T0240.db` beside the parent (`-2`, `-3` … after it while that name is taken)."""
    stamp = format_time(seconds).removeprefix("T+").replace(":", "")
    names = (f"{parent.stem}-fork-T{stamp}{'' if n == 1 else f'-{n}'}.db" for n in count(1))
    return next(path for path in map(parent.with_name, names) if not path.exists())
