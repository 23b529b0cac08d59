"""The trainee console: one team's inbox, open decisions and answers, from its own terminal.

Everything shown comes from the facilitator's session through `TeamClient`; a decision is
a request the session accepts or refuses, never a change made here. The app speaks the
team's language (its own words from words.yaml and trainee_words.yaml, the scenario's texts
from the session).

The status bar is docked at the top, so nothing scrolls it away: the team, the scenario
clock, whether it runs, and the connection. While the clock runs, the clock and the
countdowns move on every `tick_seconds` from the last pushed time at the pushed pace
(`TeamClient.now`); each push from the server puts them right.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Digits, Footer, TabbedContent, TabPane

from tabletop.model.base import format_time
from tabletop.net import TeamClient
from tabletop.text import visible
from tabletop.tui.attachments import DEFAULT_FOLDER, attachment_text, save_attachments
from tabletop.tui.forms import Field, FormScreen, MessageScreen
from tabletop.tui.seat import ClientApp
from tabletop.tui.tables import LiveTable
from tabletop.tui.text import Cell, TextStatic
from tabletop.tui.trainee_dialogs import ConfirmDecisionScreen, decided_body, sections
from tabletop.tui.trainee_feedback import FeedbackForm

FREE_TEXT = "__text__"
LINK = {"connected": "● ", "reconnecting": "↻ ", "disconnected": "✕ ", "refused": "✕ "}
"""The mark before each connection state."""
WIDTHS = {"decided-table": (None, 22, 18, 14, None)}
"""Fixed column widths, so that a long question or rationale leaves the answer on screen at 80 columns."""


@cache
def words(language: str) -> dict[str, str]:
    folder = resources.files("tabletop.tui")
    table = yaml.safe_load(folder.joinpath("words.yaml").read_text("utf-8"))
    more = yaml.safe_load(folder.joinpath("trainee_words.yaml").read_text("utf-8"))
    return {**table["en"], **more["en"], **table.get(language, {}), **more.get(language, {})}


def clipped(text: str) -> Cell:
    """A table cell cut to its column with an ellipsis (it still reads back whole; Enter shows it all)."""
    return Cell(visible(text), end="", no_wrap=True, overflow="ellipsis")


def clock_time(seconds: int) -> str:
    """Scenario time as `T+hh:mm:ss`, always the same width, so the status bar does not shift as it ticks."""
    hours, rest = divmod(seconds, 3600)
    return f"T+{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def time_left(seconds: int) -> str:
    """Time left as `mm:ss`, or `h:mm:ss` from an hour (the characters `Digits` draws large)."""
    hours, rest = divmod(max(seconds, 0), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


class TraineeApp(FeedbackForm, ClientApp):
    """Join with a client; returns an error message if the server refused the join string."""

    CSS_PATH = ["console.tcss", "trainee.tcss"]
    TITLE = "tabletop · team"
    BINDINGS = [
        Binding("enter", "open", "Open", show=False),
        Binding("d", "decide", "Decide"),
        Binding("s", "save_files", "Save files", show=False),
        Binding("f", "feedback", "Feedback form", show=False),
        Binding("1", "tab('inbox')", "Inbox"),
        Binding("2", "tab('open')", "Decisions"),
        Binding("3", "tab('decided')", "Decided"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, client: TeamClient, tick_seconds: float = 1.0) -> None:
        super().__init__(client)
        self.tick_seconds = tick_seconds
        self.read: set[str] = set()
        self.language = ""
        self.words = words("en")

    def compose(self) -> ComposeResult:
        with Vertical(id="top"):
            with Horizontal(id="status"):
                yield TextStatic("", id="team")
                yield TextStatic("", id="clock")
                yield TextStatic("", id="state")
                yield TextStatic(self.words["connecting"], id="link")
            yield TextStatic("", id="notice")
        with TabbedContent(initial="inbox", id="tabs"):
            with TabPane("1 Inbox", id="inbox"):
                yield LiveTable(id="inbox-table", cursor_type="row", zebra_stripes=True)
                yield TextStatic("", classes="read-hint")
            with TabPane("2 Open decisions", id="open"):
                yield LiveTable(id="open-table", cursor_type="row")
                with Vertical(id="countdown"):
                    yield TextStatic("", id="countdown-prompt")
                    with Horizontal(id="countdown-row"):
                        yield Digits("", id="countdown-digits")
                        yield TextStatic("", id="countdown-detail")
            with TabPane("3 Decided", id="decided"):
                yield LiveTable(id="decided-table", cursor_type="row")
                yield TextStatic("", classes="read-hint")
        yield Footer()

    def on_mount(self) -> None:
        self._localise("en")
        self.refresh_views()
        self.set_interval(self.tick_seconds, self.show_time)  # ClientApp.on_mount then connects

    # -- rendering ------------------------------------------------------------------

    def refresh_views(self) -> None:
        """Everything from the last push: status, notice, tables, countdown."""
        if not self._showing():
            return
        client, view = self.client, self.client.view
        self._localise(view.get("language", self.language or "en"))
        w = self.words
        self.show_status()
        if client.welcome:
            self.title = visible(f"tabletop · {client.welcome.scenario}")
        inbox = view.get("inbox", [])
        unread = sum(1 for item in inbox if item["id"] not in self.read)
        self.query_one("#inbox-table", LiveTable).show([self._inbox_row(item) for item in inbox])
        self.query_one("#decided-table", LiveTable).show([self._decided_row(d) for d in view.get("decided", [])])
        tabs = self.query_one("#tabs", TabbedContent)
        tabs.get_tab("inbox").label = f"1 {w['inbox']} ({unread} {w['unread']})" if unread else f"1 {w['inbox']}"
        self.show_time()
        self.offer_feedback()

    def show_status(self) -> None:
        """The team's name, whether the clock runs, the connection, and the notice under them when there is one."""
        client, clock, w = self.client, self.client.clock, self.words
        name = client.welcome.team_name if client.welcome else client.join.team
        move = client.view.get("move", "")  # the move under way, in scenarios organised in moves
        self.query_one("#team", TextStatic).update(f"{name} · {move}" if move else name)
        if clock.get("ended"):
            state = w["ended"]
        elif not clock.get("started"):
            state = w["not_started"]
        else:
            state = f"⏸ {w['paused']}" if clock.get("paused") else f"▶ {w['running']}"
        self.query_one("#state", TextStatic).update(state)
        self.query_one("#link", TextStatic).update(LINK.get(client.status, "") + w.get(client.status, client.status))
        status = self.query_one("#status")
        status.set_class(bool(clock.get("paused")) and not clock.get("ended"), "-paused")
        status.set_class(client.status not in ("connected", "connecting"), "-link-down")
        notices = []
        if clock.get("discussion"):  # the facilitator paused for a discussion, until resumed
            notices.append(f"⏸ {clock['discussion']}")
        notices += self.feedback_notice()
        if client.status in ("reconnecting", "disconnected"):
            lost = w["link_lost"] if client.status == "reconnecting" else w["link_down"]
            notices.append(f"{lost} ({client.error})" if client.error else lost)
        notice = self.query_one("#notice", TextStatic)
        notice.update("\n".join(notices))
        notice.display = bool(notices)

    def show_time(self) -> None:
        """The clock, the time left on each open decision and the large countdown, as of now."""
        if not self._showing():
            return
        now = self.client.now()
        when = self.client.clock.get("datetime", "")
        self.query_one("#clock", TextStatic).update(f"{clock_time(now)}  {when}" if when else clock_time(now))
        open_now = self.client.view.get("open", [])
        self.query_one("#open-table", LiveTable).show(
            [self._open_row(d, now) for d in open_now], [d["decision"] for d in open_now]
        )
        self.show_countdown(now)

    def show_countdown(self, now: int | None = None) -> None:
        """The highlighted open decision's question, time left in large digits, deadline and default."""
        decision = self._highlighted()
        self.query_one("#countdown").display = decision is not None
        if decision is None:
            return
        now = self.client.now() if now is None else now
        w = self.words
        self.query_one("#countdown-prompt", TextStatic).update(decision["prompt"])
        self.query_one("#countdown-digits", Digits).update(time_left(decision["deadline"] - now))
        self.query_one("#countdown-detail", TextStatic).update(
            f"{w['left_to_decide']}\n{w['closes_at']} {format_time(decision['deadline'])}"
            f"\n{w['default_if_none']} {decision['default_label']}\n{w['decide_hint']}"
        )

    def _showing(self) -> bool:
        """Whether the screen is there to update (not before mounting, nor while the app shuts down)."""
        return self.is_mounted and self.query_one_optional("#status") is not None

    def _inbox_row(self, item: dict[str, Any]) -> tuple[str, ...]:
        mark = "●" if item["id"] not in self.read else " "
        clip = f" 📎{len(item['attachments'])}" if item.get("attachments") else ""
        return (mark, format_time(item["time"]), item["from"], item["title"] + clip)

    def _open_row(self, decision: dict[str, Any], now: int) -> tuple[str, ...]:
        return (time_left(decision["deadline"] - now), format_time(decision["deadline"]), decision["prompt"])

    def _decided_row(self, decided: dict[str, Any]) -> tuple[str, ...]:
        answer = (f"{self.words['defaulted']} " if decided["how"] == "defaulted" else "") + decided["answer"]
        feedback = "✓" if decided["feedback"] else ""
        return (
            format_time(decided["time"]),
            *map(clipped, (decided["prompt"], answer, decided["rationale"])),
            feedback,
        )

    def _highlighted(self) -> dict[str, Any] | None:
        return self._at_cursor("open")

    def _at_cursor(self, part: str) -> dict[str, Any] | None:
        """The item of the view's `part` (inbox, open, decided) on its table's cursor row, if any."""
        items = self.client.view.get(part, [])
        if not items:
            return None
        return items[min(self.query_one(f"#{part}-table", DataTable).cursor_row, len(items) - 1)]

    def _localise(self, language: str) -> None:
        """The app's own words and column headings in the team's language (set once)."""
        if language == self.language:
            return
        self.language, self.words = language, words(language)
        w = self.words
        headings = {
            "inbox-table": ("", w["col_time"], w["col_from"], w["col_title"]),
            "open-table": (w["col_left"], w["col_closes"], w["col_decision"]),
            "decided-table": (w["col_time"], w["col_decision"], w["col_answer"], w["col_rationale"], w["col_feedback"]),
        }
        for table_id, names in headings.items():
            table = self.query_one(f"#{table_id}", LiveTable)
            table.show([])
            table.clear(columns=True)
            for name, width in zip(names, WIDTHS.get(table_id, [None] * len(names)), strict=True):
                table.add_column(name, width=width)
        for hint in self.query(".read-hint").results(TextStatic):
            hint.update(w["read_hint"])
        tabs = self.query_one("#tabs", TabbedContent)
        tabs.get_tab("open").label = f"2 {w['open_decisions']}"
        tabs.get_tab("decided").label = f"3 {w['decided']}"

    # -- actions --------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def action_open(self) -> None:
        active = self.query_one("#tabs", TabbedContent).active
        if active == "inbox":
            self.open_inject()
        elif active == "open":
            self.action_decide()
        elif active == "decided":
            self.open_decided()

    @on(DataTable.RowHighlighted, "#open-table")
    def _highlight(self) -> None:
        self.show_countdown()

    @on(DataTable.RowSelected, "#inbox-table")
    def open_inject(self) -> None:
        item = self._at_cursor("inbox")
        if item is None:
            return
        self.read.add(item["id"])
        self.refresh_views()
        heading = f"{format_time(item['time'])} · {self.words['from']} {item['from']} · {item['channel']}"
        body = f"{heading}\n\n{item['body']}"
        if item.get("attachments"):
            files = self.client.view.get("files", {})
            body += "\n\n" + attachment_text(item["attachments"], files, self.words["save_hint"])
        self.push_screen(MessageScreen(item["title"], body))

    def action_save_files(self) -> None:
        """Write the highlighted message's attached files to a folder the trainee chooses."""
        w = self.words
        item = self._at_cursor("inbox") if self.query_one("#tabs", TabbedContent).active == "inbox" else None
        if item is None or not item.get("attachments"):
            self.notify(w["no_files"])
            return
        files = dict(self.client.view.get("files", {}))
        fields = [Field("folder", w["save_folder"], value=str(Path.cwd() / DEFAULT_FOLDER))]

        def save(values: dict[str, Any]) -> str | None:
            folder = Path(values["folder"].strip() or DEFAULT_FOLDER).expanduser()
            try:
                saved = save_attachments(folder, item["attachments"], files)
            except OSError as exc:
                return w["cannot_save"].format(reason=exc.strerror or exc)
            self.notify(w["saved"].format(count=len(saved), folder=folder))
            return None

        self.push_screen(FormScreen(w["save_title"], fields, save))

    @on(DataTable.RowSelected, "#decided-table")
    def open_decided(self) -> None:
        """The answer, its rationale and the released feedback, in full."""
        item = self._at_cursor("decided")
        if item is None:
            return
        self.push_screen(MessageScreen(item["prompt"], decided_body(self.words, item)))  # type: ignore[arg-type]

    @on(DataTable.RowSelected, "#open-table")
    def action_decide(self) -> None:
        w = self.words
        decision = self._highlighted()
        if decision is None:
            self.notify(w["no_open"])
            return
        options = [(o["id"], o["label"]) for o in decision["options"]]
        if decision["free_text"]:
            options.append((FREE_TEXT, w["own_answer_option"]))
        fields = [
            Field("option", decision["prompt"], "select", options),
            Field("text", w["own_answer"], "text", optional=True),
            Field("rationale", w["rationale"], placeholder=w["rationale_hint"]),
        ]
        chosen: dict[str, Any] = {}

        def check(values: dict[str, Any]) -> str | None:
            if values["option"] is None:
                return w["choose_option"]
            if values["option"] == FREE_TEXT and not values["text"].strip():
                return w["write_answer"]
            if not values["rationale"].strip():
                return w["give_rationale"]
            chosen.update(values)
            return None

        def filled(sent: bool | None) -> None:
            if not sent:
                return
            label = dict(options)[chosen["option"]] if chosen["option"] != FREE_TEXT else chosen["text"].strip()
            question = f"{w['confirm']}\n\n{decision['prompt']}\n→ {label}"
            self.push_screen(
                ConfirmDecisionScreen(question, sections((w["rationale"], chosen["rationale"].strip()))),
                lambda yes: self.send(decision["decision"], chosen) if yes else None,
            )

        self.push_screen(FormScreen(w["form_title"], fields, check), filled)

    @work
    async def send(self, decision: str, values: dict[str, Any]) -> None:
        text = values["text"].strip() if values["option"] == FREE_TEXT else None
        option = None if text else values["option"]
        error = await self.client.decide(decision, option, text, values["rationale"].strip())
        if error:
            self.push_screen(MessageScreen(self.words["not_accepted"], error))
        else:
            self.notify(self.words["sent"])
            self.action_tab("decided")
