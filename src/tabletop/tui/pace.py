"""The console's pace: scenario seconds per wall-clock second, starting at the scenario's own.

A tick of `seconds` wall-clock seconds moves the scenario clock `pace × seconds`; the
scenario clock counts whole seconds, so the fraction left over is carried to the next tick
(×2.5 moves 2, 3, 2, 3 … seconds a second).
"""

from __future__ import annotations

PACES = (1.0, 5.0, 30.0, 60.0, 300.0)
"""The paces the facilitator steps through with + and -, besides the scenario's own."""


def pace_choices(scenario_pace: float) -> list[float]:
    """The paces on offer: the usual ones and the scenario's, in order, once each."""
    return sorted({*PACES, float(scenario_pace)})


class Pacer:
    """Turns wall-clock seconds into whole scenario seconds at the chosen pace."""

    def __init__(self, scenario_pace: float) -> None:
        self.choices = pace_choices(scenario_pace)
        self.index = self.choices.index(float(scenario_pace))
        self._carry = 0.0

    @property
    def pace(self) -> float:
        return self.choices[self.index]

    def faster(self) -> None:
        self.index = min(self.index + 1, len(self.choices) - 1)

    def slower(self) -> None:
        self.index = max(self.index - 1, 0)

    def advance(self, seconds: float) -> int:
        """Whole scenario seconds `seconds` of wall-clock time are worth now (the rest is kept)."""
        self._carry += self.pace * seconds
        whole = int(self._carry)
        self._carry -= whole
        return whole
