"""The trainee console: one team's inbox, open decisions and answers, from its own terminal.

Everything shown comes from the facilitator's session through `TeamClient`; a decision is
a request the session accepts or refuses, never a change made here.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from tabletop.model.base import format_time
from tabletop.net import JoinRefused, TeamClient
from tabletop.tui.forms import ConfirmScreen, Field, FormScreen, MessageScreen

FREE_TEXT = "__text__"


class TraineeApp(App[str | None]):
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
        self.open_ids: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("connecting…", id="clock")
        with TabbedContent(initial="inbox", id="tabs"):
            with TabPane("1 Inbox", id="inbox"):
                yield DataTable(id="inbox-table", cursor_type="row", zebra_stripes=True)
            with TabPane("2 Open decisions", id="open"):
                yield DataTable(id="open-table", cursor_type="row")
            with TabPane("3 Decided", id="decided"):
                yield DataTable(id="decided-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#inbox-table", DataTable).add_columns("", "time", "from", "title")
        self.query_one("#open-table", DataTable).add_columns("left", "closes", "default if no answer", "decision")
        self.query_one("#decided-table", DataTable).add_columns("time", "decision", "answer", "rationale", "feedback")
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
        now = clock.get("now", 0)
        team = client.welcome.team_name if client.welcome else client.join.team
        if clock.get("ended"):
            state = "exercise ended"
        elif not clock.get("started"):
            state = "waiting for the facilitator to start"
        else:
            state = "paused" if clock.get("paused") else "running"
        link = {"connected": "", "reconnecting": " · RECONNECTING…", "refused": " · REFUSED"}.get(
            client.status, f" · {client.status}"
        )
        self.query_one("#clock", Static).update(
            f"{team}  {format_time(now)}  {clock.get('datetime', '')}  {state}{link}"
        )
        if client.welcome:
            self.title = f"tabletop · {client.welcome.scenario}"
        inbox = view.get("inbox", [])
        self.inbox_ids = [item["id"] for item in inbox]
        self._fill(
            "inbox-table",
            [
                ("●" if item["id"] not in self.read else " ", format_time(item["time"]), item["from"], item["title"])
                for item in inbox
            ],
        )
        open_now = view.get("open", [])
        self.open_ids = [d["decision"] for d in open_now]
        self._fill(
            "open-table",
            [
                (
                    format_time(max(d["deadline"] - now, 0))[2:],
                    format_time(d["deadline"]),
                    d["default_label"],
                    d["prompt"],
                )
                for d in open_now
            ],
        )
        self._fill(
            "decided-table",
            [
                (
                    format_time(d["time"]),
                    d["prompt"],
                    ("(default) " if d["how"] == "defaulted" else "") + d["answer"],
                    d["rationale"],
                    d["feedback"],
                )
                for d in view.get("decided", [])
            ],
        )
        unread = sum(1 for i in self.inbox_ids if i not in self.read)
        self.query_one("#tabs", TabbedContent).get_tab("inbox").label = (
            f"1 Inbox ({unread} unread)" if unread else "1 Inbox"
        )

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
        table = self.query_one("#inbox-table", DataTable)
        if not self.inbox_ids:
            return
        item = self.client.view["inbox"][table.cursor_row]
        self.read.add(item["id"])
        self.refresh_views()
        self.push_screen(
            MessageScreen(
                item["title"],
                f"{format_time(item['time'])} · from {item['from']} · {item['channel']}\n\n{item['body']}",
            )
        )

    @on(DataTable.RowSelected, "#open-table")
    def action_decide(self) -> None:
        open_now = self.client.view.get("open", [])
        if not open_now:
            self.notify("No decision is open for your team right now.")
            return
        table = self.query_one("#open-table", DataTable)
        decision = open_now[min(table.cursor_row, len(open_now) - 1)]
        options = [(o["id"], o["label"]) for o in decision["options"]]
        if decision["free_text"]:
            options.append((FREE_TEXT, "Our own answer (write it below)"))
        fields = [
            Field("option", decision["prompt"], "select", options),
            Field("text", "Your own answer", "text", optional=True),
            Field("rationale", "Rationale", placeholder="Why the team decided this"),
        ]
        chosen: dict[str, Any] = {}

        def check(values: dict[str, Any]) -> str | None:
            if values["option"] is None:
                return "Choose an option."
            if values["option"] == FREE_TEXT and not values["text"].strip():
                return "Write your answer."
            if not values["rationale"].strip():
                return "Give the rationale: the facilitator scores it."
            chosen.update(values)
            return None

        def filled(sent: bool | None) -> None:
            if not sent:
                return
            label = dict(options)[chosen["option"]] if chosen["option"] != FREE_TEXT else chosen["text"].strip()
            self.push_screen(
                ConfirmScreen(f"Send this decision for your team?\n\n{decision['prompt']}\n→ {label}"),
                lambda yes: self.send(decision["decision"], chosen) if yes else None,
            )

        self.push_screen(FormScreen("Your team's decision", fields, check), filled)

    @work
    async def send(self, decision: str, values: dict[str, Any]) -> None:
        text = values["text"].strip() if values["option"] == FREE_TEXT else None
        option = None if text else values["option"]
        error = await self.client.decide(decision, option, text, values["rationale"].strip())
        if error:
            self.push_screen(MessageScreen("Decision not accepted", error))
        else:
            self.notify("Decision sent and recorded.", title="Sent")
            self.action_tab("decided")
