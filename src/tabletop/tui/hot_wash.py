"""After the exercise: the facilitator records the hot wash, and sees the feedback forms come in.

A mixin of `ConsoleApp`, like `DialogActions`: it relies on the app's `engine`, `session`,
`submit`, `notify`, `push_screen` and words.
"""

from __future__ import annotations

from typing import Any

from tabletop.engine import commands as c
from tabletop.report.feedback import forms_by_team
from tabletop.tui.forms import Field, FormScreen

EVERY_TEAM = "__all__"


class HotWashActions:
    """The hot-wash dialog, and the count of feedback forms each team has returned."""

    session: Any
    engine: Any
    scenario: Any
    w: Any
    team_name: Any
    submit: Any
    notify: Any
    push_screen: Any

    def action_hot_wash(self) -> None:
        """A strength or area for improvement from the hot wash, about one team or the whole exercise."""
        if not self.engine.ended:
            self.notify(self.w("hot_wash_after_end"), severity="warning")
            return
        teams = [(EVERY_TEAM, self.w("every_team")), *((t.id, self.team_name(t.id)) for t in self.scenario.teams)]
        fields = [
            Field(
                "point",
                self.w("f_hot_wash_point"),
                "radio",
                [("strength", self.w("hot_wash_strength")), ("improvement", self.w("hot_wash_improvement"))],
                value="strength",
            ),
            Field("text", self.w("f_hot_wash_text"), placeholder=self.w("f_hot_wash_hint")),
            Field("team", self.w("f_hot_wash_team"), "select", teams, value=EVERY_TEAM),
        ]

        def send(values: dict[str, Any]) -> str | None:
            if not values["text"].strip():
                return self.w("e_hot_wash")
            team = None if values["team"] in (None, EVERY_TEAM) else values["team"]
            error = self.submit(c.HotWash(point=values["point"], text=values["text"].strip(), team=team))
            if error is None:
                self.notify(self.w("hot_wash_recorded"))
            return error

        self.push_screen(FormScreen(self.w("hot_wash_title"), fields, send))

    def feedback_counts(self) -> str:
        """'Feedback forms returned: CSIRT cell 2 · MFA cell 0', once the exercise has ended; else ''."""
        if not self.engine.ended:
            return ""
        counts = forms_by_team(self.session.events)
        teams = " · ".join(f"{self.team_name(t.id)} {counts.get(t.id, 0)}" for t in self.scenario.teams)
        return self.w("feedback_forms", counts=teams)
