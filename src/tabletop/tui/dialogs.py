"""The facilitator's dialogs: each collects what a command needs and sends it to the session.

A mixin of `ConsoleApp`: it relies on the app's `session`, `engine`, `scenario`, `lang`,
`submit` and `submit_or_notify`, and on its labels and words (`Labels`); it adds nothing else.
Everything is shown in the facilitator's language, with labels where the session has ids.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.model.base import format_time
from tabletop.scoring import evaluate
from tabletop.session import views
from tabletop.tui.attachments import DEFAULT_FOLDER, attachment_text, save_attachments
from tabletop.tui.forms import Field, FormScreen, MessageScreen, PickScreen


class DialogActions:
    """Deliver, ad hoc, decision, score, note, rating and feedback dialogs; the timeline's detail."""

    session: Any
    engine: Any
    scenario: Any
    lang: str
    w: Any
    t: Any
    team_name: Any
    actor_name: Any
    option_label: Any
    decision_prompt: Any
    timeline_rows: Any

    def teams(self) -> list[tuple[str, str]]:
        return [(team.id, self.team_name(team.id)) for team in self.scenario.teams]

    def action_deliver(self) -> None:
        def chosen(inject: str | None) -> None:
            if inject:
                self.submit_or_notify(c.DeliverInject(inject=inject))

        pending = [
            (i.id, f"{format_time(i.at) if i.at is not None else self.w('conditional')} · {self.t(i.title)}")
            for i in self.scenario.injects
            if i.id not in self.engine.delivered and i.id not in self.engine.cancelled
        ]
        self.push_screen(PickScreen(self.w("deliver_which"), pending, self.w("all_delivered")), chosen)

    def action_adhoc(self) -> None:
        actors = [(a.id, self.actor_name(a.id)) for a in self.scenario.actors]
        fields = [
            Field("to", self.w("f_recipients"), "multi", self.teams()),
            Field("title", self.w("f_title"), placeholder=self.w("f_title_hint")),
            Field("body", self.w("f_body"), "text"),
            Field("sender", self.w("f_from"), "select", actors, optional=True),
            Field(
                "effects",
                self.w("f_effects"),
                placeholder="[{add: public_pressure, by: 10}, {raise: press}]",
                optional=True,
            ),
        ]
        self.push_screen(FormScreen(self.w("adhoc_title"), fields, self._send_adhoc))

    def _send_adhoc(self, values: dict[str, Any]) -> str | None:
        if not values["to"]:
            return self.w("e_recipient")
        if not values["title"].strip():
            return self.w("e_title")
        try:
            effects = yaml.safe_load(values["effects"] or "[]") or []
        except yaml.YAMLError as exc:
            return self.w("e_yaml", error=str(exc).splitlines()[0])
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
        choices = [
            (
                d.decision,
                f"{self.teams_name(d.teams)} · {self.decision_prompt(d.decision)} "
                f"({format_time(d.remaining)[2:]} {self.w('left')})",
            )
            for d in open_now
        ]

        def chosen(decision_id: str | None) -> None:
            if not decision_id:
                return
            decision = next(d for d in open_now if d.decision == decision_id)
            options = [(option, self.option_label(decision_id, option)) for option, _ in decision.options]
            if decision.free_text:
                options.append(("__text__", self.w("free_text_below")))
            team = self.teams_name(decision.teams)
            fields = [
                Field("option", f"{team}: {self.decision_prompt(decision_id)}", "select", options),
                Field("text", self.w("f_free_text"), "text", optional=True),
                Field("rationale", self.w("f_rationale"), placeholder=self.w("f_rationale_hint")),
            ]
            if len(decision.teams) > 1:  # a joint decision: which of its teams answered
                answering = [(t, self.team_name(t)) for t in decision.teams]
                fields.insert(0, Field("team", self.w("f_answering_team"), "select", answering, decision.teams[0]))

            def send(values: dict[str, Any]) -> str | None:
                option = values["option"]
                if option is None:
                    return self.w("e_option")
                text = values["text"].strip() if option == "__text__" else None
                if option == "__text__" and not text:
                    return self.w("e_free_text")
                answered_by = values.get("team") or decision.teams[0]
                team = self.team_name(answered_by)
                error = self.submit(
                    c.Decide(
                        team=answered_by,
                        decision=decision.decision,
                        option=None if text else option,
                        text=text,
                        rationale=values["rationale"],
                    )
                )
                if error is None:
                    answer = f'"{text}"' if text else self.option_label(decision_id, option)
                    self.notify(
                        self.w("team_decided", team=team, decision=self.decision_prompt(decision_id), answer=answer),
                        title=self.w("recorded_title"),
                    )
                return error

            self.push_screen(FormScreen(self.w("decide_title"), fields, send))

        self.push_screen(PickScreen(self.w("decide_which"), choices, self.w("none_open")), chosen)

    def action_score(self) -> None:
        decisions = [
            (d.id, f"{self.teams_name(d.teams)} · {self.t(d.prompt)}")
            for d in self.scenario.decisions
            if self.engine.decisions[d.id].status == "closed"
        ]
        fields = [
            Field("team", self.w("f_team"), "select", self.teams()),
            Field("points", self.w("f_points")),
            Field("reason", self.w("f_reason"), placeholder=self.w("f_reason_hint")),
            Field("decision", self.w("f_for_decision"), "select", decisions, optional=True),
        ]

        def send(values: dict[str, Any]) -> str | None:
            if values["team"] is None:
                return self.w("e_team")
            try:
                points = float(values["points"])
            except ValueError:
                return self.w("e_points", points=values["points"])
            if not values["reason"].strip():
                return self.w("e_reason")
            return self.submit(
                c.ScoreAdjust(
                    team=values["team"], points=points, reason=values["reason"].strip(), decision=values["decision"]
                )
            )

        self.push_screen(FormScreen(self.w("score_title"), fields, send))

    def action_note(self) -> None:
        fields = [
            Field("text", self.w("f_note"), placeholder=self.w("f_note_hint")),
            Field("team", self.w("f_about_team"), "select", self.teams(), optional=True),
        ]

        def send(values: dict[str, Any]) -> str | None:
            if not values["text"].strip():
                return self.w("e_note")
            return self.submit(c.Note(text=values["text"].strip(), team=values["team"]))

        self.push_screen(FormScreen(self.w("note_title", time=format_time(self.engine.now)), fields, send))

    def action_rate(self) -> None:
        evaluation = evaluate(self.scenario, self.session.loaded.playbooks, self.session.events)
        choices = []
        for objective in self.scenario.objectives:
            rating = evaluation.objectives[objective.id]
            shown = (
                self.w("rated", rating=rating.recorded)
                if rating.recorded
                else (self.w("suggested", rating=rating.suggested) if rating.suggested else self.w("no_evidence"))
            )
            choices.append((objective.id, f"{self.t(objective.text)} [{shown}]"))

        def chosen(objective_id: str | None) -> None:
            if not objective_id:
                return
            rating = evaluation.objectives[objective_id]
            fields = [
                Field(
                    "rating",
                    self.w("f_rating", rating=rating.suggested or "—"),
                    "radio",
                    [(letter, self.w(f"rating_{letter}")) for letter in "PSMU"],
                    value=rating.recorded or rating.suggested,
                ),
                Field("note", self.w("f_strengths"), optional=True),
            ]

            def send(values: dict[str, Any]) -> str | None:
                if values["rating"] is None:
                    return self.w("e_rating")
                return self.submit(
                    c.RateObjective(objective=objective_id, rating=values["rating"], note=values["note"])
                )

            self.push_screen(FormScreen(self.w("rate_title"), fields, send))

        self.push_screen(PickScreen(self.w("rate_which"), choices), chosen)

    def action_feedback(self) -> None:
        choices = [("__all__", self.w("every_team")), *self.teams()]

        def chosen(team: str | None) -> None:
            if team:
                self.submit_or_notify(c.ReleaseFeedback(team=None if team == "__all__" else team))
                self.notify(self.w("feedback_released"))

        self.push_screen(PickScreen(self.w("feedback_to"), choices), chosen)

    # -- the timeline's detail ------------------------------------------------------------

    def show_detail(self, kind: str, item: str) -> None:
        """A timeline row in full: an inject (planned or ad hoc) or a decision point."""
        if kind == "decision":
            title, lines = self._decision_detail(item)
        elif kind == "move":
            title, lines = self._move_detail(item)
        elif kind == "adhoc":
            title, lines = self._adhoc_detail(item)
        else:
            title, lines = self._inject_detail(item)
        self.push_screen(MessageScreen(title, "\n".join(lines)))

    def _move_detail(self, move_id: str) -> tuple[str, list[str]]:
        """A move: where it stands, its situation and the questions to put to the room."""
        move = self.engine.compiled.moves[move_id]
        row = next(r for r in self.timeline_rows() if r.kind == "move" and r.id == move_id)
        questions = [f"  • {self.t(q)}" for q in move.discussion_questions] or [f"  {self.w('d_none')}"]
        lines = [f"{self.w('d_status')}: {row.when} · {row.status}", ""]
        if move.summary is not None:
            lines += [self.t(move.summary), ""]
        return self.t(move.title), [*lines, f"{self.w('d_questions')}:", *questions]

    def _inject_detail(self, inject_id: str) -> tuple[str, list[str]]:
        inject = next(i for i in self.scenario.injects if i.id == inject_id)
        delivered = self.engine.delivered.get(inject_id)
        if delivered is not None:
            when = f"{format_time(delivered)} ({self.w('status_delivered')})"
        elif inject.at is not None:
            when = format_time(inject.at)
        else:
            when = f"{self.w('when_condition', condition=inject.when)} {inject.wait}".rstrip()
        questions = [f"  • {self.t(q)}" for q in inject.discussion_questions] or [f"  {self.w('d_none')}"]
        lines = [
            *self._heading(when, inject.from_, inject.to, inject.channel),
            *self._delivery_detail(inject),
            "",
            self.t(inject.body),
            *self._attachments_detail(inject),
            "",
            f"{self.w('d_expected')}:",
            f"  {self.t(inject.expected) or self.w('d_none')}",
            "",
            f"{self.w('d_notes')}:",
            f"  {self.t(inject.facilitator_notes) or self.w('d_none')}",
            "",
            f"{self.w('d_questions')}:",
            *questions,
        ]
        return self.t(inject.title), lines

    # -- attached files: shown in an inject's detail, saved on request --------------------------

    def _attachments(self, inject: Any) -> tuple[list[dict[str, str]], dict[str, Any]]:
        """An inject's attachments and their content, as a team's view carries them."""
        stored = self.engine.compiled.attachments
        listed = [{"file": a.file, "title": self.t(a.title) or a.file.rsplit("/", 1)[-1]} for a in inject.attachments]
        return listed, {a["file"]: views.attachment_content(stored.get(a["file"], b"")) for a in listed}

    def _attachments_detail(self, inject: Any) -> list[str]:
        if not inject.attachments:
            return []
        return ["", attachment_text(*self._attachments(inject), self.w("save_hint"))]

    def action_save_attachments(self) -> None:
        choices = [(i.id, f"{i.id} · {self.t(i.title)}") for i in self.scenario.injects if i.attachments]
        if not choices:
            self.notify(self.w("no_attachments"), severity="warning")
            return

        def chosen(inject_id: str | None) -> None:
            if not inject_id:
                return
            inject = next(i for i in self.scenario.injects if i.id == inject_id)
            listed, files = self._attachments(inject)

            def save(values: dict[str, Any]) -> str | None:
                folder = Path(values["folder"].strip() or DEFAULT_FOLDER).expanduser()
                try:
                    saved = save_attachments(folder, listed, files)
                except OSError as exc:
                    return self.w("cannot_save", reason=exc.strerror or exc)
                self.notify(self.w("saved", count=len(saved), folder=folder))
                return None

            field = Field("folder", self.w("save_folder"), value=str(Path.cwd() / DEFAULT_FOLDER))
            self.push_screen(FormScreen(self.t(inject.title), [field], save))

        self.push_screen(PickScreen(self.w("save_which"), choices), chosen)

    def _adhoc_detail(self, inject_id: str) -> tuple[str, list[str]]:
        event = next(e for e in self.session.events if isinstance(e, ev.AdhocInjectDelivered) and e.inject == inject_id)
        when = f"{format_time(event.time)} ({self.w('d_adhoc')})"
        lines = [*self._heading(when, event.sender, event.to, event.channel), "", self.t(event.body)]
        return self.t(event.title), lines

    def _heading(self, when: str, sender: str | None, to: Any, channel: str) -> list[str]:
        recipients = self.w("all_teams") if to == "all" else ", ".join(self.team_name(team) for team in to)
        return [
            f"{self.w('d_time')}: {when}",
            f"{self.w('d_from')}: {self.actor_name(sender)}",
            f"{self.w('d_to')}: {recipients}",
            f"{self.w('d_channel')}: {channel}",
        ]

    def _delivery_detail(self, inject: Any) -> list[str]:
        """How a recurring inject recurs (and where it stands), and the variants teams read instead."""
        lines = []
        if inject.every is not None:
            status = views.recurrence(self.engine, inject)
            bound = [f"×{inject.times}"] if inject.times is not None else []
            bound += [f"until {inject.until}"] if inject.until is not None else []
            lines.append(f"{self.w('d_every')}: {format_time(inject.every)[2:]} {' '.join(bound)} · {status}")
        if inject.variants:
            lines.append(f"{self.w('d_variants')}:")
            lines += [
                f"  {self.team_name(team)}: {self.t(variant.title if variant.title is not None else inject.title)}"
                for team, variant in inject.variants.items()
            ]
        return lines

    def _decision_detail(self, decision_id: str) -> tuple[str, list[str]]:
        decision = next(d for d in self.scenario.decisions if d.id == decision_id)
        row = next(r for r in self.timeline_rows() if r.kind == "decision" and r.id == decision_id)
        options = [
            f"  {'*' if o.id == decision.default else '•'} {self.t(o.label)}"
            + (f" — {self.t(o.feedback)}" if o.feedback else "")
            for o in decision.options
        ]
        lines = [
            f"{self.w('d_team')}: {self.teams_name(decision.teams)}",
            f"{self.w('d_status')}: {row.when} · {row.status}",
            "",
            f"{self.w('d_options')} (* {self.w('col_default')}):",
            *options,
        ]
        return self.t(decision.prompt), lines
