"""The improvement-plan dialog: who owns each corrective action, by when (during or after the exercise).

A mixin of `ConsoleApp` like `DialogActions`: it picks a row of the plan the report would
write now (or an issue of the facilitator's own), fills a form with what is known, and
records it as a `plan_improvements` command; the report shows the latest entry per row.
"""

from __future__ import annotations

from typing import Any

from tabletop.engine import commands as c
from tabletop.model.exercise import PlanEntry
from tabletop.report import build_report
from tabletop.tui.forms import Field, FormScreen, PickScreen

OWN = "__own__"


class PlanActions:
    session: Any
    scenario: Any
    lang: str
    w: Any

    def action_plan(self) -> None:
        report = build_report(self.scenario, self.session.loaded.playbooks, self.session.events, {}, self.lang)
        rows = [row for row in report["plan"] if row["decision"]]
        choices = [(str(i), f"{row['owner']} · {row['issue']}") for i, row in enumerate(rows)]
        choices.append((OWN, self.w("plan_own_issue")))

        def chosen(which: str | None) -> None:
            if which is None:
                return
            row = rows[int(which)] if which != OWN else None
            fields = [
                Field("action", self.w("f_plan_action"), "text", value=row["action"] if row else ""),
                Field("owner", self.w("f_plan_owner"), value=row["owner"] if row else ""),
                Field("poc", self.w("f_plan_poc"), optional=True, value=row["poc"] if row else ""),
                Field("start", self.w("f_plan_start"), optional=True, placeholder="YYYY-MM-DD"),
                Field("completion", self.w("f_plan_completion"), optional=True, placeholder="YYYY-MM-DD"),
            ]
            if row is None:
                fields[:0] = [
                    Field("issue", self.w("f_plan_issue")),
                    Field("capability", self.w("f_plan_capability"), optional=True),
                ]

            def send(values: dict[str, Any]) -> str | None:
                given = {name: value.strip() or None for name, value in values.items()}
                if row is not None:
                    given |= {"decision": row["decision"], "team": row["team"]}
                elif not given["issue"]:
                    return self.w("e_plan_issue")
                if not given["action"]:
                    return self.w("e_plan_action")
                return self.submit(c.PlanImprovements(entries=[PlanEntry(**given)]))

            title = self.w("plan_title") if row is None else f"{self.w('plan_title')}: {row['issue']}"
            self.push_screen(FormScreen(title, fields, send))

        self.push_screen(PickScreen(self.w("plan_which"), choices), chosen)
