"""What only facilitators and evaluators see: the handbook's MSEL, decision points with their
consequences and scores, white-cell reactions, end conditions and exercise evaluation guide."""

from __future__ import annotations

from typing import Any

from tabletop.model import Scenario
from tabletop.model.base import format_time
from tabletop.model.effects import (
    AddState,
    CancelInject,
    ChangeRelation,
    EndScenario,
    LowerLevel,
    OpenDecision,
    RaiseLevel,
    ScheduleInject,
    SetState,
)
from tabletop.model.scenario import Attribution, DecisionPoint, Reaction, Trigger
from tabletop.report.doctrine import attribution_said
from tabletop.report.msel import rows as msel_rows
from tabletop.report.players import Reader, background, player_decision, span
from tabletop.report.words import labels


def _trigger(r: Reader, trigger: Trigger | Reaction) -> str:
    """When it happens, for the facilitator: the time, or the condition with its wait (`+00:10`, `held 00:10`)."""
    at = getattr(trigger, "at", None)
    if at is not None:
        return format_time(at)
    if trigger.holds_for:
        return f"{trigger.when} ({r.words['held']} {format_time(trigger.holds_for)[2:]})"
    return f"{trigger.when}" + (f" (+{format_time(trigger.delay)[2:]})" if trigger.delay else "")


def consequence(r: Reader, effect: object) -> str:
    """One effect in words, in the document's language."""
    w = r.words
    if isinstance(effect, SetState):
        return w["effect_set"].format(name=effect.set, value=_value(r, effect.to))
    if isinstance(effect, AddState):
        return w["effect_add"].format(name=effect.add, by=f"{effect.by:+g}")
    if isinstance(effect, RaiseLevel):
        return w["effect_raise"].format(actor=r.actors.get(effect.raise_, effect.raise_), by=effect.by)
    if isinstance(effect, LowerLevel):
        return w["effect_lower"].format(actor=r.actors.get(effect.lower, effect.lower), by=effect.by)
    if isinstance(effect, ChangeRelation):
        source, target = (r.actors.get(a, a) for a in effect.relation)
        changes = [
            f"{w[k]} {v:g}" for k, v in (("trust", effect.trust), ("coupling", effect.coupling)) if v is not None
        ]
        return w["effect_relation"].format(source=source, target=target, changes=", ".join(changes))
    if isinstance(effect, ScheduleInject):
        after = w["after"].format(span=span(effect.after)) if effect.after else ""
        return w["effect_schedule"].format(title=_inject_title(r, effect.schedule), after=after)
    if isinstance(effect, CancelInject):
        return w["effect_cancel"].format(title=_inject_title(r, effect.cancel))
    if isinstance(effect, OpenDecision):
        decision = next((d for d in r.scenario.decisions if d.id == effect.open), None)
        return w["effect_open"].format(prompt=r.text(decision.prompt) if decision else effect.open)
    if isinstance(effect, EndScenario):
        ending = next((e for e in r.scenario.end if e.id == effect.end), None)
        text = r.text(effect.text) or (r.text(ending.text) if ending else "")
        return w["effect_end"].format(outcome=effect.end + (f" — {text}" if text else ""))
    raise TypeError(f"no words for effect {type(effect).__name__}")


def _inject_title(r: Reader, inject_id: str) -> str:
    inject = next((i for i in r.scenario.injects if i.id == inject_id), None)
    return r.text(inject.title) if inject else inject_id


def _value(r: Reader, value: bool | float | str) -> str:
    if isinstance(value, bool):
        return r.words[str(value).lower()]
    return f"“{value}”" if isinstance(value, str) else f"{value:g}"


def _consequences(r: Reader, effects: list) -> list[str]:
    return [consequence(r, effect) for effect in effects]


def _objective_codes(scenario: Scenario) -> dict[str, str]:
    """Short names the handbook cross-references objectives by: O1, O2, …"""
    return {o.id: f"O{n}" for n, o in enumerate(scenario.objectives, 1)}


def _msel(r: Reader) -> list[dict[str, Any]]:
    """The MSEL export's rows (`tabletop msel export`), in the document's language, names for ids."""
    lang = r.language if r.language in r.scenario.languages else r.scenario.languages[0]
    moves = {m.id: r.text(m.title) for m in r.scenario.moves}
    decisions = {d.id: d for d in r.scenario.decisions}
    injects = {i.id: i for i in r.scenario.injects}
    codes = _objective_codes(r.scenario)
    table = []
    for row in msel_rows(r.scenario):
        inject = row["kind"] == "inject"
        to = [t.strip() for t in row["to"].split(",")]
        table.append(
            {
                "number": row["number"],
                "kind": r.words["kind_inject" if inject else "kind_decision"],
                "trigger": row["time or trigger"],
                "move": moves.get(row["move"], ""),
                "sender": r.actors.get(row["from"], row["from"]),
                "to": r.words["all_teams"] if to == ["all"] else r.team_list(to),
                "channel": r.words["channels"].get(row["channel"], row["channel"]),
                "title": row[f"title [{lang}]"],
                "body": row[f"body [{lang}]"],
                "expected": row[f"expected [{lang}]"] if inject else _option_list(r, decisions[row["id"]]),
                "notes": row[f"notes [{lang}]"],
                "consequences": _consequences(r, injects[row["id"]].effects) if inject else [],
                "objectives": ", ".join(codes[o.strip()] for o in row["objectives"].split(",") if o.strip()),
            }
        )
    return table


def _option_list(r: Reader, decision: DecisionPoint) -> str:
    return "\n".join(
        "• " + r.text(o.label) + (f" ({r.words['default']})" if o.id == decision.default else "")
        for o in decision.options
    )


def _step(r: Reader, cited: str) -> str:
    book, _, step_id = cited.partition("/")
    playbook = r.playbooks.get(book)
    step = next((s for s in playbook.steps if s.id == step_id), None) if playbook else None
    return f"{r.text(playbook.title)}: {r.text(step.title)}" if playbook and step else cited


def _decision(r: Reader, decision: DecisionPoint) -> dict[str, Any]:
    criteria = {c.id: c for c in r.scenario.scoring.criteria}
    cbms = {c.id: r.text(c.name) for c in r.scenario.cbms}
    codes = _objective_codes(r.scenario)
    return {
        **player_decision(r, decision),
        "trigger": _trigger(r, decision.opens),
        "objectives": [f"{codes[o]} {r.text(_objective(r, o).text)}" for o in decision.objectives],
        "options": [
            {
                "label": r.text(o.label),
                "default": o.id == decision.default,
                "offered_if": r.words["offered_only_if"].format(condition=o.when) if o.when else "",
                "consequences": _consequences(r, o.effects),
                "scores": [
                    f"{r.text(criteria[c].name)}: {points:g} / {criteria[c].max:g}"
                    for c, points in o.scores.items()
                    if c in criteria
                ],
                "steps": [_step(r, s) for s in o.playbook_steps],
                "norms": list(o.norms),
                "norms_at_risk": r.words["at_risk"].format(norms=", ".join(o.norms_at_risk)) if o.norms_at_risk else "",
                "cbms": [cbms.get(c, c) for c in o.cbms],
                "attribution": _attribution(r, o.attribution) if o.attribution else "",
                "feedback": r.text(o.feedback),
            }
            for o in decision.options
        ],
    }


def _attribution(r: Reader, tag: Attribution) -> str:
    """What an option says about attribution, in the report's words for it."""
    said = attribution_said(tag.confidence, tag.decision, tag.to, labels(r.language), r.actors)
    return r.words["attribution"].format(said=said)


def _objective(r: Reader, objective_id: str) -> Any:
    return next(o for o in r.scenario.objectives if o.id == objective_id)


def _evaluation_guide(r: Reader) -> list[dict[str, Any]]:
    s = r.scenario
    codes = _objective_codes(s)
    criteria = [{"name": r.text(c.name), "weight": f"{c.weight:g}", "max": f"{c.max:g}"} for c in s.scoring.criteria]
    criteria.append(
        {
            "name": r.words["timeliness"],
            "weight": f"{s.scoring.timeliness.weight:g}",
            "max": f"{s.scoring.timeliness.max:g}",
        }
    )
    return [
        {
            "code": codes[o.id],
            "text": r.text(o.text),
            "capability": o.capability,
            "teams": r.team_list(o.teams) if o.teams else r.words["all_teams"],
            "evidence": [
                f"{r.text(d.prompt)} ({r.team_list(d.teams)}; {_trigger(r, d.opens)})"
                for d in s.decisions
                if o.id in d.objectives
            ],
            "criteria": criteria,
        }
        for o in s.objectives
    ]


def handbook(r: Reader) -> dict[str, Any]:
    s = r.scenario
    return {
        "background": background(r),
        "clock": span(s.clock.duration),
        "actors": [
            {
                "name": r.actors[a.id],
                "kind": r.words["kinds"].get(a.kind, a.kind),
                "played_by": r.teams[a.played_by] if a.played_by else r.words["simulated"],
                "description": r.text(a.description),
            }
            for a in s.actors
        ],
        "modules": [
            {
                "title": r.text(m.title),
                "summary": r.text(m.summary),
                "questions": [r.text(q) for q in m.discussion_questions],
            }
            for m in s.moves
        ],
        "msel": _msel(r),
        "decisions": [_decision(r, d) for d in s.decisions],
        "reactions": [
            {
                "actor": r.actors.get(x.actor, x.actor),
                "trigger": _trigger(r, x),
                "chance": r.words["chance"].format(percent=f"{x.chance:.0%}") if x.chance < 1 else "",
                "repeats": "" if x.once else r.words["each_time"],
                "consequences": _consequences(r, x.effects),
            }
            for x in s.reactions
        ],
        "ends": [{"id": e.id, "trigger": _trigger(r, e), "text": r.text(e.text)} for e in s.end],
        "guide": _evaluation_guide(r),
    }
