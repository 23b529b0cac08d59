"""Keys reach the widget that has focus when they are typed, in order, however busy the app is.

Textual routes a key to whatever has focus when the app reads it, but a Tab (or a key that
opens a form) moves focus only once that key has travelled up the widgets and back to the
app's bindings. Keys typed while the app is busy (a clock tick, a report being written)
queue up and are then read in a burst, all routed to the old focus: the `1` of `s Tab 1`
went nowhere, an inject's body was glued to its title. Here each key waits until the one
before it has finished its trip, so focus has moved before the next key is routed.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump


class KeysInOrder(App):
    """A mixin for the apps: route typed input one key at a time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._waiting_keys: deque[events.Key] = deque()
        self._key_in_flight = False

    @property
    def keys_pending(self) -> int:
        """Keys typed but not yet handled (waiting, or on their way): 0 once typing has caught up."""
        return len(self._waiting_keys) + self._key_in_flight

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
        elif self._key_in_flight:
            self._waiting_keys.append(event)
        else:
            await self._route(event)

    async def _route(self, event: events.Key) -> None:
        if not self.is_running:  # shutting down: there is nothing left to type into
            self._waiting_keys.clear()
            return
        target: MessagePump = self.focused or self.screen
        await super().on_event(event)
        if event.is_forwarded:  # not taken by a priority binding: follow it to the app and back
            self._key_in_flight = True
            self._after(target)

    def _after(self, node: MessagePump | None) -> None:
        """Continue once `node` has handled what it holds now (the key included), then its parent."""
        while node is not None and not node.call_later(self._handled, node):
            node = node._parent  # closing: the key went no further there
        if node is None:
            self.call_later(self._settled)

    async def _handled(self, node: MessagePump) -> None:
        if node is self:
            await self._settled()
        else:
            self._after(node._parent)

    async def _settled(self) -> None:
        self._key_in_flight = False
        while self._waiting_keys and not self._key_in_flight:
            await self._route(self._waiting_keys.popleft())
