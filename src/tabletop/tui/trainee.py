"""The trainee console: one team's inbox, open decisions and answers, from its own terminal.

Everything shown comes from the facilitator's session through `TeamClient`; a decision is
a request the session accepts or refuses, never a change made here. The app speaks the
team's language (its own words from words.yaml, the scenario's texts from the session).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from tabletop.model.base import format_time
from tabletop.net import JoinRefused, TeamClient
from tabletop.text import visible
from tabletop.tui.forms import ConfirmScreen, Field, FormScreen, MessageScreen
from tabletop.tui.keys import KeysInOrder
from tabletop.tui.text import TextNotifications, TextStatic, TextTable

FREE_TEXT = "__text__"


@cache
def words(language: str) -> dict[str, str]:
    table = yaml.safe_load(resources.files("tabletop.tui").joinpath("words.yaml").read_text("utf-8"))
    return {**table["en"], **table.get(language, {})}


class TraineeApp(KeysInOrder, TextNotifications, App[str | None]):
    """Join with a client; returns an error message if the server refused the join string."""

    CSS_PATH = "console.tcss"
    TITLE = "tabletop · team"
    BINDINGS = [
        Binding("enter", "open", "Open", show=False),
        Binding("d", "decide", "Decide"),
        Binding("1", "tab('inbox')", "Inbox"),
        Binding("2", "tab('open')", "Decisions"),
        Binding("3", "tab('decided')", "Decided"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, client: TeamClient) -> None:
        super().__init__()
        self.client = client
        client.on_update = self.refresh_views
        self.read: set[str] = set()
        self.inbox_ids: list[str] = []
        self.language = ""
        self.words = words("en")

    def compose(self) -> ComposeResult:
        yield TextStatic(self.words["connecting"], id="clock")
        with TabbedContent(initial="inbox", id="tabs"):
            with TabPane("1 Inbox", id="inbox"):
                yield TextTable(id="inbox-table", cursor_type="row", zebra_stripes=True)
            with TabPane("2 Open decisions", id="open"):
                yield TextTable(id="open-table", cursor_type="row")
            with TabPane("3 Decided", id="decided"):
                yield TextTable(id="decided-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self._localise("en")
        self.connect()

    @work(exclusive=True)
    async def connect(self) -> None:
        try:
            await self.client.run()
        except JoinRefused as exc:
            self.exit(str(exc))

    async def on_unmount(self) -> None:
        await self.client.stop()

    # -- rendering ------------------------------------------------------------------

    def refresh_views(self) -> None:
        if not self.is_mounted:
            return
        client, view, clock = self.client, self.client.view, self.client.clock
        self._localise(view.get("language", self.language or "en"))
        w = self.words
        now = clock.get("now", 0)
        if clock.get("ended"):
            state = w["ended"]
        elif not clock.get("started"):
            state = w["waiting"]
        else:
            state = w["paused"] if clock.get("paused") else w["running"]
        link = "" if client.status == "connected" else f" · {w.get(client.status, client.status)}"
        if client.status == "reconnecting" and client.error:
            link += f" ({client.error})"
        team = client.welcome.team_name if client.welcome else client.join.team
        discussion = f"\n⏸ {clock['discussion']}" if clock.get("discussion") else ""  # until the facilitator resumes
        self.query_one("#clock", Static).update(
            f"{team}  {format_time(now)}  {clock.get('datetime', '')}  {state}{link}{discussion}"
        )
        self.query_one("#clock").styles.height = "auto"
        if client.welcome:
            self.title = visible(f"tabletop · {client.welcome.scenario}")
        inbox = view.get("inbox", [])
        self.inbox_ids = [item["id"] for item in inbox]
        unread = sum(1 for i in self.inbox_ids if i not in self.read)
        self._fill("inbox-table", [self._inbox_row(item) for item in inbox])
        self._fill("open-table", [self._open_row(d, now) for d in view.get("open", [])])
        self._fill("decided-table", [self._decided_row(d) for d in view.get("decided", [])])
        tabs = self.query_one("#tabs", TabbedContent)
        tabs.get_tab("inbox").label = f"1 {w['inbox']} ({unread} {w['unread']})" if unread else f"1 {w['inbox']}"

    def _inbox_row(self, item: dict[str, Any]) -> tuple[str, ...]:
        mark = "●" if item["id"] not in self.read else " "
        return (mark, format_time(item["time"]), item["from"], item["title"])

    def _open_row(self, decision: dict[str, Any], now: int) -> tuple[str, ...]:
        left = format_time(max(decision["deadline"] - now, 0))[2:]
        return (left, format_time(decision["deadline"]), decision["default_label"], decision["prompt"])

    def _decided_row(self, decided: dict[str, Any]) -> tuple[str, ...]:
        answer = (f"{self.words['defaulted']} " if decided["how"] == "defaulted" else "") + decided["answer"]
        return (format_time(decided["time"]), decided["prompt"], answer, decided["rationale"], decided["feedback"])

    def _localise(self, language: str) -> None:
        """The app's own words and column headings in the team's language (set once)."""
        if language == self.language:
            return
        self.language, self.words = language, words(language)
        w = self.words
        headings = {
            "inbox-table": ("", w["col_time"], w["col_from"], w["col_title"]),
            "open-table": (w["col_left"], w["col_closes"], w["col_default"], w["col_decision"]),
            "decided-table": (w["col_time"], w["col_decision"], w["col_answer"], w["col_rationale"], w["col_feedback"]),
        }
        for table_id, names in headings.items():
            table = self.query_one(f"#{table_id}", DataTable)
            table.clear(columns=True)
            table.add_columns(*names)
        tabs = self.query_one("#tabs", TabbedContent)
        tabs.get_tab("open").label = f"2 {w['open_decisions']}"
        tabs.get_tab("decided").label = f"3 {w['decided']}"

    def _fill(self, table_id: str, rows: list[tuple[Any, ...]]) -> None:
        table = self.query_one(f"#{table_id}", DataTable)
        row = table.cursor_row
        table.clear()
        table.add_rows(rows)
        if rows:
            table.move_cursor(row=min(row, len(rows) - 1), animate=False)

    # -- actions --------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def action_open(self) -> None:
        active = self.query_one("#tabs", TabbedContent).active
        if active == "inbox":
            self.open_inject()
        elif active == "open":
            self.action_decide()

    @on(DataTable.RowSelected, "#inbox-table")
    def open_inject(self) -> None:
        if not self.inbox_ids:
            return
        table = self.query_one("#inbox-table", DataTable)
        item = self.client.view["inbox"][table.cursor_row]
        self.read.add(item["id"])
        self.refresh_views()
        heading = f"{format_time(item['time'])} · {self.words['from']} {item['from']} · {item['channel']}"
        self.push_screen(MessageScreen(item["title"], f"{heading}\n\n{item['body']}"))

    @on(DataTable.RowSelected, "#open-table")
    def action_decide(self) -> None:
        w = self.words
        open_now = self.client.view.get("open", [])
        if not open_now:
            self.notify(w["no_open"])
            return
        table = self.query_one("#open-table", DataTable)
        decision = open_now[min(table.cursor_row, len(open_now) - 1)]
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
            self.push_screen(
                ConfirmScreen(f"{w['confirm']}\n\n{decision['prompt']}\n→ {label}"),
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
