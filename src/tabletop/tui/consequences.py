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
    w: Any

    def free_text_answers(self) -> list[tuple[str, str]]:
        """Closed decisions answered in free text and not yet counted as an option: (id, "team · text")."""
        answers = []
        for decision in self.scenario.decisions:
            status = self.engine.decisions[decision.id]
            if status.status == "closed" and status.decided and not status.option:
                team = next(t for t in self.scenario.teams if t.id == (status.team or decision.teams[0]))
                answers.append((decision.id, f'{text_in(team.name, self.lang)} · "{status.text}"'))
        return answers

    def action_count_as_option(self) -> None:
        answers = self.free_text_answers()
        if not answers:
            self.notify(self.w("count_none"), severity="warning")
            return
        fields = [
            Field("decision", self.w("f_count_answer"), "select", answers, value=answers[-1][0]),
            Field("option", self.w("f_count_option"), "select", self._options_of_answers(answers)),
            Field("reason", self.w("f_why_logged"), optional=True),
        ]

        def send(values: dict[str, Any]) -> str | None:
            if values["decision"] is None or values["option"] is None:
                return self.w("e_count")
            decision, _, option = values["option"].partition("/")
            if decision != values["decision"]:
                return self.w("e_count_other")
            return self.submit(c.CountAsOption(decision=decision, option=option, reason=values["reason"].strip()))

        self.push_screen(FormScreen(self.w("count_title"), fields, send))

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
            self.notify(self.w("cancel_none"), severity="warning")
            return
        fields = [
            Field("inject", self.w("f_cancel_which"), "select", pending),
            Field("reason", self.w("f_why_logged"), optional=True),
        ]

        def send(values: dict[str, Any]) -> str | None:
            if values["inject"] is None:
                return self.w("e_cancel")
            return self.submit(c.CancelInject(inject=values["inject"], reason=values["reason"].strip()))

        self.push_screen(FormScreen(self.w("cancel_title"), fields, send))

    def action_play_on(self) -> None:
        if not self.engine.ended:
            self.notify(self.w("play_on_not_ended"), severity="warning")
            return
        if self.engine.outcome == TIME_UP:
            self.notify(self.w("play_on_time_up"), severity="warning")
            return
        fields = [Field("note", self.w("f_play_on_note", ending=self.ending_label()), optional=True)]

        def send(values: dict[str, Any]) -> str | None:
            return self.submit(c.PlayOn(note=values["note"].strip()))

        self.push_screen(FormScreen(self.w("play_on_title"), fields, send))

    def offer_to_play_on(self) -> None:
        """When the scenario reaches one of its endings, ask whether the room plays on."""

        def answered(play_on: bool | None) -> None:
            if play_on:
                self.action_play_on()

        self.push_screen(ConfirmScreen(self.w("ending_reached", ending=self.ending_label())), answered)

    def ending_label(self) -> str:
        """The ending the exercise reached, in words where it has them."""
        ended = final_outcome(self.session.events)
        if ended is None:
            return self.engine.outcome or ""
        return text_in(ended.text, self.lang, self.scenario.languages[0]) if ended.text else ended.outcome
