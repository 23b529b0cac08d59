"""The room's projector view: the clock, the countdowns and the public news, read-only.

Joined with the `room` join string, it shows what everyone in the meeting room may see: a
large scenario clock, whether it runs, the discussion the facilitator paused for, the time
left on every open decision point (team and question, never the options or answers) and
the injects the scenario marks public. The server sends the room nothing else, and this app
sends the server nothing but a resync.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Digits, Footer

from tabletop.model.base import format_time
from tabletop.text import visible
from tabletop.tui.seat import ClientApp
from tabletop.tui.tables import LiveTable
from tabletop.tui.text import TextStatic


def clock_digits(seconds: int) -> str:
    """Scenario time as `hh:mm:ss`, the characters `Digits` draws large."""
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def left(seconds: int) -> str:
    """Time left as `mm:ss`, or `h:mm:ss` from an hour."""
    hours, rest = divmod(max(int(seconds), 0), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


def clock_state(clock: dict[str, Any], status: str, error: str = "") -> str:
    """'running', 'PAUSED', … with the connection's state when it is not connected."""
    if clock.get("ended"):
        state = "EXERCISE ENDED"
    elif not clock.get("started"):
        state = "waiting for the facilitator to start"
    else:
        state = "PAUSED" if clock.get("paused") else "running"
    if status != "connected":
        state += f" · {status.upper()}" + (f" ({error})" if error and status == "reconnecting" else "")
    return state


class SeatApp(ClientApp):
    """What the room's and the observer's apps share: the console's styles and the discussion banner."""

    CSS_PATH = "console.tcss"
    CSS = """
    #discussion { border: heavy $warning; padding: 0 1; text-style: bold; }
    """

    def show_discussion(self) -> None:
        """The facilitator's discussion message, in its banner, while the clock is paused for it."""
        message = self.client.clock.get("discussion", "")
        banner = self.query_one("#discussion", TextStatic)
        banner.update(f"DISCUSSION · {message}" if message else "")
        banner.display = bool(message)

    def fill(self, table_id: str, rows: list[tuple[Any, ...]]) -> None:
        self.query_one(f"#{table_id}", LiveTable).show(rows)


class RoomApp(SeatApp):
    """The projector: join with the room's client; returns an error message if the join was refused."""

    TITLE = "tabletop · room"
    CSS = (
        SeatApp.CSS
        + """
    RoomApp #room-top { height: auto; }
    RoomApp #room-clock { width: auto; padding: 0 2 0 1; }
    RoomApp #room-state { width: 1fr; padding: 1 0 0 0; }
    RoomApp #room-open { height: auto; max-height: 40%; }
    RoomApp #room-news { height: 1fr; padding: 0 1; }
    RoomApp .room-heading { text-style: bold; color: $accent; padding: 0 1; }
    """
    )
    BINDINGS = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield TextStatic("", id="room-title", classes="room-heading")
        with Horizontal(id="room-top"):
            yield Digits(clock_digits(0), id="room-clock")
            yield TextStatic("connecting…", id="room-state")
        yield TextStatic("", id="discussion")
        yield TextStatic("Open decisions", classes="room-heading")
        yield LiveTable(id="room-open", cursor_type="none", show_cursor=False)
        yield TextStatic("News", classes="room-heading")
        with VerticalScroll(id="room-news"):
            yield TextStatic("", id="room-news-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#room-open", DataTable).add_columns("left", "team", "decision")
        self.query_one("#discussion").display = False
        super().on_mount()

    def refresh_views(self) -> None:
        client, view, clock = self.client, self.client.view, self.client.clock
        now = clock.get("now", 0)
        move = view.get("move", "")  # the move under way, in scenarios organised in moves
        self.query_one("#room-title", TextStatic).update(
            f"{view.get('title', '')} · {move}" if move else view.get("title", "")
        )
        if view.get("title"):
            self.title = visible(f"tabletop · room · {view['title']}")
        self.query_one("#room-clock", Digits).update(clock_digits(now))
        self.query_one("#room-state", TextStatic).update(
            f"{format_time(now)}  {clock.get('datetime', '')}\n{clock_state(clock, client.status, client.error)}"
        )
        self.show_discussion()
        self.fill("room-open", [(left(d["deadline"] - now), d["team"], d["prompt"]) for d in view.get("open", [])])
        news = [
            Content.assemble((f"{format_time(n['time'])}  {visible(n['title'])}", "bold"), "\n", visible(n["body"]))
            for n in view.get("news", [])
        ]
        self.query_one("#room-news-text", TextStatic).update(
            Content("\n\n").join(news) if news else "No public news yet."
        )
