"""The facilitator's dialogs: each collects what a command needs and sends it to the session.

A mixin of `ConsoleApp`: it relies on the app's `session`, `engine`, `scenario`, `lang`,
`submit` and `submit_or_notify`, and adds nothing else.
"""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import ValidationError

from tabletop.engine import commands as c
from tabletop.model.base import format_time, text_in
from tabletop.scoring import evaluate
from tabletop.session import views
from tabletop.tui.forms import Field, FormScreen, PickScreen


class DialogActions:
    """Deliver, ad hoc, decision, score, note, rating and feedback dialogs."""

    session: Any
    engine: Any
    scenario: Any
    lang: str

    def action_deliver(self) -> None:
        def chosen(inject: str | None) -> None:
            if inject:
                self.submit_or_notify(c.DeliverInject(inject=inject))

        self.push_screen(
            PickScreen(
                "Deliver which planned inject now?",
                views.pending_injects(self.engine),
                "Every planned inject has been delivered.",
            ),
            chosen,
        )

    def action_adhoc(self) -> None:
        teams = [(t.id, text_in(t.name, self.lang)) for t in self.scenario.teams]
        actors = [(a.id, text_in(a.name, self.lang)) for a in self.scenario.actors]
        fields = [
            Field("to", "Recipients", "multi", teams),
            Field("title", "Title", placeholder="One line for the inbox"),
            Field("body", "Body", "text"),
            Field("sender", "From", "select", actors, optional=True),
            Field(
                "effects",
                "Effects, as YAML",
                placeholder="[{add: public_pressure, by: 10}, {raise: press}]",
                optional=True,
            ),
        ]
        self.push_screen(FormScreen("Ad-hoc inject", fields, self._send_adhoc))

    def _send_adhoc(self, values: dict[str, Any]) -> str | None:
        if not values["to"]:
            return "Choose at least one recipient."
        if not values["title"].strip():
            return "Give the inject a title."
        try:
            effects = yaml.safe_load(values["effects"] or "[]") or []
        except yaml.YAMLError as exc:
            return f"Effects are not valid YAML: {str(exc).splitlines()[0]}"
        try:
            command = c.AdhocInject(
                to=values["to"],
                title=values["title"].strip(),
                body=values["body"],
                sender=values["sender"],
                effects=effects,
            )
        except ValidationError as exc:
            return "; ".join(
                f"{str(e['loc'][0]).capitalize()}: {e['msg'].removeprefix('Value error, ')}" for e in exc.errors()[:3]
            )
        return self.submit(command)

    def action_decide(self) -> None:
        open_now = views.open_decisions(self.engine)
        choices = [(d.decision, f"{d.team} · {d.prompt} ({format_time(d.remaining)[2:]} left)") for d in open_now]

        def chosen(decision_id: str | None) -> None:
            if not decision_id:
                return
            decision = next(d for d in open_now if d.decision == decision_id)
            options = list(decision.options) + (
                [("__text__", "Free-text answer (below)")] if decision.free_text else []
            )
            fields = [
                Field("option", f"{decision.team}: {decision.prompt}", "select", options),
                Field("text", "Free-text answer", "text", optional=True),
                Field("rationale", "Rationale", placeholder="Why the team chose it"),
            ]

            def send(values: dict[str, Any]) -> str | None:
                option = values["option"]
                if option is None:
                    return "Choose an option (or free text)."
                text = values["text"].strip() if option == "__text__" else None
                if option == "__text__" and not text:
                    return "Write the free-text answer."
                return self.submit(
                    c.Decide(
                        team=decision.team,
                        decision=decision.decision,
                        option=None if text else option,
                        text=text,
                        rationale=values["rationale"],
                    )
                )

            self.push_screen(FormScreen("Record a decision", fields, send))

        self.push_screen(
            PickScreen("Record a decision for which open decision point?", choices, "No decision point is open."),
            chosen,
        )

    def action_score(self) -> None:
        teams = [(t.id, text_in(t.name, self.lang)) for t in self.scenario.teams]
        decisions = [
            (d.id, f"{d.team} · {d.id}")
            for d in self.scenario.decisions
            if self.engine.decisions[d.id].status == "closed"
        ]
        fields = [
            Field("team", "Team", "select", teams),
            Field("points", "Points (e.g. 2 or -1.5)"),
            Field("reason", "Reason", placeholder="Why (shown in the report)"),
            Field("decision", "For decision", "select", decisions, optional=True),
        ]

        def send(values: dict[str, Any]) -> str | None:
            if values["team"] is None:
                return "Choose a team."
            try:
                points = float(values["points"])
            except ValueError:
                return f"Points must be a number, not '{values['points']}'."
            if not values["reason"].strip():
                return "Give a reason: every adjustment is explained in the report."
            return self.submit(
                c.ScoreAdjust(
                    team=values["team"], points=points, reason=values["reason"].strip(), decision=values["decision"]
                )
            )

        self.push_screen(FormScreen("Adjust a score", fields, send))

    def action_note(self) -> None:
        teams = [(t.id, text_in(t.name, self.lang)) for t in self.scenario.teams]
        fields = [
            Field("text", "Note", placeholder="What you observed"),
            Field("team", "About team", "select", teams, optional=True),
        ]

        def send(values: dict[str, Any]) -> str | None:
            if not values["text"].strip():
                return "Write the note."
            return self.submit(c.Note(text=values["text"].strip(), team=values["team"]))

        self.push_screen(FormScreen(f"Note at {format_time(self.engine.now)}", fields, send))

    def action_rate(self) -> None:
        evaluation = evaluate(self.scenario, self.session.loaded.playbooks, self.session.events)
        choices = []
        for objective in self.scenario.objectives:
            rating = evaluation.objectives[objective.id]
            shown = (
                f"rated {rating.recorded}"
                if rating.recorded
                else (f"suggested {rating.suggested}" if rating.suggested else "no evidence yet")
            )
            choices.append((objective.id, f"{text_in(objective.text, self.lang)} [{shown}]"))

        def chosen(objective_id: str | None) -> None:
            if not objective_id:
                return
            rating = evaluation.objectives[objective_id]
            fields = [
                Field(
                    "rating",
                    f"Rating (suggested: {rating.suggested or '—'})",
                    "radio",
                    [
                        ("P", "P — performed without challenges"),
                        ("S", "S — performed with some challenges"),
                        ("M", "M — performed with major challenges"),
                        ("U", "U — unable to be performed"),
                    ],
                    value=rating.recorded or rating.suggested,
                ),
                Field("note", "Strengths / areas for improvement", optional=True),
            ]

            def send(values: dict[str, Any]) -> str | None:
                if values["rating"] is None:
                    return "Choose P, S, M or U."
                return self.submit(
                    c.RateObjective(objective=objective_id, rating=values["rating"], note=values["note"])
                )

            self.push_screen(FormScreen("Rate objective", fields, send))

        self.push_screen(PickScreen("Rate which objective?", choices), chosen)

    def action_feedback(self) -> None:
        choices = [("__all__", "Every team")] + [(t.id, text_in(t.name, self.lang)) for t in self.scenario.teams]

        def chosen(team: str | None) -> None:
            if team:
                self.submit_or_notify(c.ReleaseFeedback(team=None if team == "__all__" else team))
                self.notify("Feedback released: teams see it under 'Decided'.")

        self.push_screen(PickScreen("Release the debrief feedback to…", choices), chosen)
