"""The facilitator's say over consequences: count a free-text answer as an option, cancel a
planned inject, play on past an ending. Each is a session command, so a replay does the same.

A mixin of `ConsoleApp`, like `DialogActions`: it relies on the app's `session`, `engine`, `scenario`,
`lang`, `submit` and `submit_or_notify`.
"""

from __future__ import annotations

from typing import Any

from tabletop.engine import commands as c
from tabletop.engine.core import TIME_UP
from tabletop.model.base import text_in
from tabletop.scoring.evaluation import final_outcome
from tabletop.session import views
from tabletop.tui.forms import ConfirmScreen, Field, FormScreen


class ConsequenceActions:
    """Count as option (`t`), cancel an inject (`x`), play on (`p`, also offered at an ending)."""

    session: Any
    engine: Any
    scenario: Any
    lang: str

    def free_text_answers(self) -> list[tuple[str, str]]:
        """Closed decisions answered in free text and not yet counted as an option: (id, "team · text")."""
        answers = []
        for decision in self.scenario.decisions:
            status = self.engine.decisions[decision.id]
            if status.status == "closed" and status.decided and not status.option:
                team = next(t for t in self.scenario.teams if t.id == decision.team)
                answers.append((decision.id, f'{text_in(team.name, self.lang)} · "{status.text}"'))
        return answers

    def action_count_as_option(self) -> None:
        answers = self.free_text_answers()
        if not answers:
            self.notify("No free-text answer waits to be counted as an option.", severity="warning")
            return
        fields = [
            Field("decision", "Which answer", "select", answers, value=answers[-1][0]),
            Field("option", "Counts as option", "select", self._options_of_answers(answers)),
            Field("reason", "Why (shown in the log and the report)", optional=True),
        ]

        def send(values: dict[str, Any]) -> str | None:
            if values["decision"] is None or values["option"] is None:
                return "Choose the answer and the option it counts as."
            decision, _, option = values["option"].partition("/")
            if decision != values["decision"]:
                return "That option belongs to another decision: choose one of this answer's options."
            return self.submit(c.CountAsOption(decision=decision, option=option, reason=values["reason"].strip()))

        self.push_screen(FormScreen("Count a free-text answer as an option", fields, send))

    def _options_of_answers(self, answers: list[tuple[str, str]]) -> list[tuple[str, str]]:
        decisions = {d.id: d for d in self.scenario.decisions}
        return [
            (f"{decision_id}/{o.id}", f"{decision_id}: {text_in(o.label, self.lang)}")
            for decision_id, _ in answers
            for o in decisions[decision_id].options
        ]

    def action_cancel_inject(self) -> None:
        pending = views.pending_injects(self.engine)
        if not pending:
            self.notify("No planned inject is left to cancel.", severity="warning")
            return
        fields = [
            Field("inject", "Cancel which planned inject", "select", pending),
            Field("reason", "Why (shown in the log and the report)", optional=True),
        ]

        def send(values: dict[str, Any]) -> str | None:
            if values["inject"] is None:
                return "Choose the inject to cancel."
            return self.submit(c.CancelInject(inject=values["inject"], reason=values["reason"].strip()))

        self.push_screen(FormScreen("Cancel a planned inject", fields, send))

    def action_play_on(self) -> None:
        if not self.engine.ended:
            self.notify("The exercise has not ended: nothing to play on from.", severity="warning")
            return
        if self.engine.outcome == TIME_UP:
            self.notify("The scenario clock has run out: there is no time left to play on.", severity="warning")
            return
        fields = [Field("note", f"Play on past '{self.ending_label()}': a note for the record", optional=True)]

        def send(values: dict[str, Any]) -> str | None:
            return self.submit(c.PlayOn(note=values["note"].strip()))

        self.push_screen(FormScreen("Play on", fields, send))

    def offer_to_play_on(self) -> None:
        """When the scenario reaches one of its endings, ask whether the room plays on."""

        def answered(play_on: bool | None) -> None:
            if play_on:
                self.action_play_on()

        self.push_screen(
            ConfirmScreen(f"Ending reached: {self.ending_label()}. It is on record. Play on past it?"), answered
        )

    def ending_label(self) -> str:
        """The ending the exercise reached, in words where it has them."""
        ended = final_outcome(self.session.events)
        if ended is None:
            return self.engine.outcome or ""
        return text_in(ended.text, self.lang, self.scenario.languages[0]) if ended.text else ended.outcome
