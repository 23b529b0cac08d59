"""What every app of a joined seat shares (a team's trainee, the room, the observer): the
client kept running until the app quits, and the screen brought up to date on each update."""

from __future__ import annotations

from textual import work
from textual.app import App

from tabletop.net import JoinRefused, TeamClient
from tabletop.tui.keys import KeysInOrder
from tabletop.tui.text import TextNotifications


class ClientApp(KeysInOrder, TextNotifications, App[str | None]):
    """Join with `client`; the app returns an error message if the server refused the join string.
    Subclasses draw what the client holds in `refresh_views`."""

    def __init__(self, client: TeamClient) -> None:
        super().__init__()
        self.client = client
        client.on_update = self._updated

    def on_mount(self) -> None:
        self.connect()

    @work(exclusive=True)
    async def connect(self) -> None:
        try:
            await self.client.run()
        except JoinRefused as exc:
            self.exit(str(exc))

    async def on_unmount(self) -> None:
        await self.client.stop()

    def _updated(self) -> None:
        if self.is_mounted:
            self.refresh_views()

    def refresh_views(self) -> None:
        raise NotImplementedError
