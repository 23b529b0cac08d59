"""Tables that follow a live session by changing only what changed.

Clearing and refilling a table on every clock tick re-measures and re-renders it whole,
which is what made the console slow to answer keys at a fast pace. `LiveTable.show` keeps
the rows it shows: when the same rows come back it rewrites only the cells that differ,
and it rebuilds only when rows come, go or move, keeping the cursor on its row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tabletop.tui.text import TextTable, cell


class LiveTable(TextTable):
    """A `TextTable` fed whole lists of rows, which it applies as changes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: list[tuple[Any, ...]] = []
        self._keys: list[str] = []

    def show(self, rows: Sequence[tuple[Any, ...]], keys: Sequence[str] | None = None) -> None:
        """Show `rows`, each named by its key (by default its position): the cursor stays on its key."""
        keys = list(keys) if keys is not None else [str(i) for i in range(len(rows))]
        if keys == self._keys:
            columns = list(self.columns)
            for key, old, new in zip(keys, self._shown, rows, strict=True):
                for column, before, after in zip(columns, old, new, strict=True):
                    if before != after:
                        widen = len(str(after)) > len(str(before))
                        self.update_cell(
                            key, column, cell(after) if isinstance(after, str) else after, update_width=widen
                        )
        else:
            at = self.cursor_row
            current = self._keys[at] if self.cursor_type != "none" and at < len(self._keys) else None
            self.clear()
            for key, row in zip(keys, rows, strict=True):
                self.add_row(*row, key=key)
            if current is not None and rows:
                self.move_cursor(row=keys.index(current) if current in keys else min(at, len(rows) - 1), animate=False)
        self._shown, self._keys = [tuple(row) for row in rows], keys
