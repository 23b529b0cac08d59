"""The participant feedback form on a trainee terminal, once the facilitator has ended the exercise.

It is offered once when the exercise ends and reopened with f, filled in with what was sent
last; each form sent replaces this terminal's earlier one in the report (the log keeps both).
A mixin of `TraineeApp`: it relies on the app's `client`, `words`, `notify`, `push_screen`
and `show_status`.
"""

from __future__ import annotations

from typing import Any

from textual import work

from tabletop.tui.forms import Field, FormScreen, MessageScreen

RATING_FIELD = "rating-"
"""Prefix of a feedback form's rating fields; the objective's id follows."""


def feedback_fields(words: dict[str, str], objectives: list[dict[str, Any]], draft: dict[str, Any]) -> list[Field]:
    """The participant feedback form: strengths, improvements, a 1–5 rating per objective of the
    team, comments; filled in with `draft` (what was typed last time) when reopened."""
    ratings = [(str(n), words[f"rating_{n}"]) for n in range(1, 6)]
    return [
        Field("strengths", words["feedback_strengths"], "text", value=draft.get("strengths"), optional=True),
        Field("improvements", words["feedback_improvements"], "text", value=draft.get("improvements"), optional=True),
        *(
            Field(
                f"{RATING_FIELD}{o['id']}",
                f"{o['text']}\n{words['feedback_rate']}",
                "radio",
                ratings,
                value=draft.get(f"{RATING_FIELD}{o['id']}"),
                optional=True,
            )
            for o in objectives
        ),
        Field("comments", words["feedback_comments"], "text", value=draft.get("comments"), optional=True),
    ]


def feedback_answers(values: dict[str, Any]) -> tuple[str, str, dict[str, int], str] | None:
    """(strengths, improvements, ratings, comments) from a filled form; None when it is empty."""
    ratings = {
        name.removeprefix(RATING_FIELD): int(value)
        for name, value in values.items()
        if name.startswith(RATING_FIELD) and value
    }
    texts = [values[name].strip() for name in ("strengths", "improvements", "comments")]
    if not ratings and not any(texts):
        return None
    strengths, improvements, comments = texts
    return strengths, improvements, ratings, comments


class FeedbackForm:
    """Offer, fill in and send the team's feedback form."""

    client: Any
    words: dict[str, str]
    screen_stack: Any
    notify: Any
    push_screen: Any
    show_status: Any
    feedback_offered = False
    """Offered since the exercise last ended (playing on and ending again offers it again)."""
    feedback_sent = False
    feedback_draft: dict[str, Any] = {}
    """What the form held when last sent, to fill it in again when reopened."""

    def offer_feedback(self) -> None:
        """Open the form once when the exercise has ended (unless a dialog is open: then at the next update)."""
        if "feedback_form" not in self.client.view:
            self.feedback_offered = False
        elif not self.feedback_offered and len(self.screen_stack) == 1:
            self.feedback_offered = True
            self.action_feedback()

    def feedback_notice(self) -> list[str]:
        """The line under the status bar once the exercise has ended: how to give feedback, or thanks."""
        if "feedback_form" not in self.client.view:
            return []
        return [self.words["feedback_thanks"] if self.feedback_sent else self.words["feedback_ended"]]

    def action_feedback(self) -> None:
        """The participant feedback form, once the exercise has ended (offered then, and again with f)."""
        w = self.words
        form = self.client.view.get("feedback_form")
        if form is None:
            self.notify(w["feedback_not_yet"])
            return
        filled: dict[str, Any] = {}

        def check(values: dict[str, Any]) -> str | None:
            if feedback_answers(values) is None:
                return w["feedback_empty"]
            filled.update(values)
            return None

        def send(sent: bool | None) -> None:
            if sent:
                self.send_feedback(filled)

        fields = feedback_fields(w, form["objectives"], self.feedback_draft)
        self.push_screen(FormScreen(w["feedback_title"], fields, check), send)

    @work
    async def send_feedback(self, values: dict[str, Any]) -> None:
        answers = feedback_answers(values)
        assert answers is not None  # the form checked it
        self.feedback_draft = values
        error = await self.client.feedback(*answers)
        if error:
            self.push_screen(MessageScreen(self.words["feedback_not_accepted"], error))
            return
        self.feedback_sent = True
        self.notify(self.words["feedback_thanks"])
        self.show_status()
