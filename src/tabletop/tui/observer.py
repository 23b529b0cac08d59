"""The observer's (evaluator's) seat: every team's inbox and decisions, read-only, and notes.

Joined with the `observer` join string, it shows what each team sees and what each decided,
and sends only observer notes: a note (about a team, or the exercise) or a suggested rating
of an objective (P/S/M/U with a note). Both are recorded in the session as `observer_note`
commands and shown to the facilitator; a suggestion is not a rating, and nothing here can
change the exercise.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, TabbedContent, TabPane

from tabletop.model.base import format_time
from tabletop.text import visible
from tabletop.tui.forms import Field, FormScreen, MessageScreen
from tabletop.tui.room import SeatApp, clock_state, left
from tabletop.tui.tables import LiveTable
from tabletop.tui.text import TextStatic

RATINGS = (("P", "P · performed without challenges"), ("S", "S · with some challenges"),
           ("M", "M · with major challenges"), ("U", "U · unable to be performed"))  # fmt: skip


class ObserverApp(SeatApp):
    """Join with the observer's client; returns an error message if the join was refused."""

    TITLE = "tabletop · observer"
    BINDINGS = [
        Binding("enter", "open", "Open", show=False),
        Binding("o", "note", "Note"),
        Binding("g", "suggest", "Suggest rating"),
        Binding("1", "tab('decisions')", "Decisions"),
        Binding("2", "tab('inbox')", "Inbox"),
        Binding("3", "tab('notes')", "Notes"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, client: Any) -> None:
        super().__init__(client)
        self.inbox: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield TextStatic("connecting…", id="clock")
        yield TextStatic("", id="discussion")
        with TabbedContent(initial="decisions", id="tabs"):
            with TabPane("1 Decisions", id="decisions"):
                yield LiveTable(id="decisions-table", cursor_type="row", zebra_stripes=True)
            with TabPane("2 Inbox", id="inbox"):
                yield LiveTable(id="inbox-table", cursor_type="row", zebra_stripes=True)
            with TabPane("3 Notes", id="notes"):
                yield LiveTable(id="notes-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        columns = {
            "decisions-table": ("team", "when", "decision", "answer · rationale"),
            "inbox-table": ("time", "from", "title", "to"),
            "notes-table": ("time", "about", "suggests", "note"),
        }
        for table_id, names in columns.items():
            self.query_one(f"#{table_id}", DataTable).add_columns(*names)
        self.query_one("#discussion").display = False
        super().on_mount()

    # -- rendering ------------------------------------------------------------------

    def refresh_views(self) -> None:
        client, view, clock = self.client, self.client.view, self.client.clock
        now = clock.get("now", 0)
        if client.welcome:
            self.title = visible(f"tabletop · observer · {client.welcome.scenario}")
        self.query_one("#clock", TextStatic).update(
            f"Observer  {format_time(now)}  {clock.get('datetime', '')}  "
            f"{clock_state(clock, client.status, client.error)}"
        )
        self.show_discussion()
        teams = view.get("teams", [])
        self.fill("decisions-table", [row for team in teams for row in self._decision_rows(team, now)])
        self.inbox = view.get("inbox", [])
        self.fill(
            "inbox-table", [(format_time(i["time"]), i["from"], i["title"], ", ".join(i["to"])) for i in self.inbox]
        )
        self.fill(
            "notes-table",
            [
                (
                    format_time(n["time"]),
                    n["team"] or "",
                    f"{n['objective']}: {n['rating']}" if n["rating"] else (n["objective"] or ""),
                    n["text"],
                )
                for n in view.get("notes", [])[::-1]
            ],
        )

    @staticmethod
    def _decision_rows(team: dict[str, Any], now: int) -> list[tuple[str, ...]]:
        name, view = team["id"], team["view"]
        rows = [(name, f"OPEN {left(d['deadline'] - now)} left", d["prompt"], "") for d in view["open"]]
        for d in view["decided"][::-1]:
            answer = ("default: " if d["how"] == "defaulted" else "") + d["answer"]
            rationale = f" · {d['rationale']}" if d["rationale"] else ""
            rows.append((name, format_time(d["time"]), d["prompt"], answer + rationale))
        return rows

    # -- actions --------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def action_open(self) -> None:
        if self.query_one("#tabs", TabbedContent).active == "inbox":
            self.open_inject()

    @on(DataTable.RowSelected, "#inbox-table")
    def open_inject(self) -> None:
        if not self.inbox:
            return
        item = self.inbox[min(self.query_one("#inbox-table", DataTable).cursor_row, len(self.inbox) - 1)]
        heading = f"{format_time(item['time'])} · {item['from']} ({item['channel']}) → {', '.join(item['to'])}"
        self.push_screen(MessageScreen(item["title"], f"{heading}\n\n{item['body']}"))

    def _teams(self) -> list[tuple[str, str]]:
        return [(team["id"], team["name"]) for team in self.client.view.get("teams", [])]

    def action_note(self) -> None:
        fields = [
            Field("text", "Note", placeholder="What you observed"),
            Field("team", "About team", "select", self._teams(), optional=True),
        ]

        def send(values: dict[str, Any]) -> str | None:
            if not values["text"].strip():
                return "Write the note."
            self.send_note({"text": values["text"].strip(), "team": values["team"]})
            return None

        self.push_screen(FormScreen("Observer note", fields, send))

    def action_suggest(self) -> None:
        objectives = [(o["id"], o["text"]) for o in self.client.view.get("objectives", [])]
        fields = [
            Field("objective", "Objective", "select", objectives),
            Field("rating", "Suggested rating", "radio", RATINGS),
            Field("text", "Why", placeholder="What you saw that supports it"),
        ]

        def send(values: dict[str, Any]) -> str | None:
            if values["objective"] is None:
                return "Choose the objective."
            if values["rating"] is None:
                return "Choose a rating."
            if not values["text"].strip():
                return "Say why: a suggestion needs its evidence."
            self.send_note(
                {"text": values["text"].strip(), "objective": values["objective"], "rating": values["rating"]}
            )
            return None

        self.push_screen(FormScreen("Suggest a rating (the facilitator rates)", fields, send))

    @work
    async def send_note(self, values: dict[str, Any]) -> None:
        error = await self.client.note(**values)
        if error:
            self.push_screen(MessageScreen("Note not recorded", error))
        else:
            self.notify("Recorded, and shown to the facilitator.")
            self.action_tab("notes")
