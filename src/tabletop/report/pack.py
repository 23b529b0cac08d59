"""The exercise package: situation manual, handbook, inject cards and feedback form, as HTML.

Each document is built as plain data in one language (scenario texts through `text_in`,
fixed words from `pack_words.yaml`), then rendered by a template in `templates/pack/` with
the report's Jinja environment, so scenario text is escaped at the same boundary as the
after-action report's. What players may read and what only facilitators may read is decided
here, in one place: the players' documents (situation manual, inject cards, feedback form)
are built only from the fields listed in `PLAYER_FIELDS`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml

from tabletop.model import Scenario
from tabletop.model.base import Text, format_time, text_in
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
from tabletop.model.playbook import Playbook
from tabletop.model.scenario import DecisionPoint, Inject, Reaction, Trigger
from tabletop.report.msel import rows as msel_rows

DOCUMENTS = ("situation-manual", "handbook", "inject-cards", "feedback-form")
"""The documents, by file stem (`situation-manual.en.html`), in the order they are written."""

PLAYER_FIELDS = {
    "inject": ("at", "every", "from", "to", "channel", "title", "body", "variants", "attachments", "questions"),
    "decision": ("opens.at", "window", "deadline", "team", "prompt", "option labels", "default", "free_text"),
    "move": ("title", "summary", "discussion_questions"),
}
"""What the players' documents show; everything else (notes, expected actions, conditions,
effects, scores, feedback, chance, reactions, endings) stays in the handbook."""


@cache
def _table() -> dict[str, Any]:
    return yaml.safe_load(resources.files("tabletop.report").joinpath("pack_words.yaml").read_text("utf-8"))


def pack_words(language: str) -> dict[str, Any]:
    """The fixed words of the documents in `language`, English where it has none."""
    table = _table()
    return {**table["en"], **table.get(language, {})}


class _Reader:
    """The scenario read in one language: texts, names and times as a document prints them."""

    def __init__(self, scenario: Scenario, language: str, playbooks: dict[str, Playbook]) -> None:
        self.scenario = scenario
        self.language = language
        self.playbooks = playbooks
        self.words = pack_words(language)
        self.teams = {team.id: self.text(team.name) for team in scenario.teams}
        self.actors = {actor.id: self.text(actor.name) for actor in scenario.actors}

    def text(self, text: Text | None) -> str:
        return "" if text is None else text_in(text, self.language, self.scenario.languages[0])

    def team_list(self, ids: list[str] | tuple[str, ...]) -> str:
        return ", ".join(self.teams.get(i, i) for i in ids)

    def recipients(self, inject: Inject) -> str:
        return self.words["all_teams"] if inject.to == "all" else self.team_list(inject.to)

    def date(self, offset: int = 0) -> str:
        """The scenario clock as people write a date: `Tuesday 15 September 2026, 06:00 (UTC−05:00)`."""
        moment = self.scenario.clock.start + timedelta(seconds=offset)
        zone = moment.utcoffset()
        text = self.words["date"].format(
            weekday=self.words["weekdays"][moment.weekday()],
            day=moment.day,
            month=self.words["months"][moment.month - 1],
            year=moment.year,
            time=f"{moment:%H:%M}",
        )
        return text + (f" ({_zone(zone)})" if zone is not None else "")

    def time(self, trigger: Trigger) -> str:
        """When a player sees it happen: `T+00:45 · 06:45`, or "when it happens" (never the condition)."""
        if trigger.at is None:
            return self.words["when_it_happens"]
        moment = self.scenario.clock.start + timedelta(seconds=trigger.at)
        return f"{format_time(trigger.at)} · {moment:%H:%M}"

    def trigger(self, trigger: Trigger | Reaction) -> str:
        """For the facilitator: the time, or the condition with its wait (`+00:10`, `held 00:10`)."""
        at = getattr(trigger, "at", None)
        if at is not None:
            return format_time(at)
        if trigger.holds_for:
            return f"{trigger.when} (held {format_time(trigger.holds_for)[2:]})"
        return f"{trigger.when}" + (f" (+{format_time(trigger.delay)[2:]})" if trigger.delay else "")

    def deadline(self, decision: DecisionPoint) -> str:
        if decision.window is not None:
            return self.words["open_for"].format(span=span(decision.window))
        return self.words["closes_at"].format(time=format_time(decision.deadline or 0))


def span(seconds: int) -> str:
    """A duration as people say it: `30 min`, `1 h 30 min`."""
    hours, rest = divmod(int(seconds), 60 * 60)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else "", f"{secs} s" if secs else ""]
    return " ".join(p for p in parts if p) or "0 min"


def _zone(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


# -- what players see ----------------------------------------------------------------------


def _versions(r: _Reader, inject: Inject) -> list[dict[str, str]]:
    """The texts of an inject, one per variant team, then the default for the other recipients."""
    recipients = inject.recipients([t.id for t in r.scenario.teams])
    versions = [
        {
            "to": r.team_list([team]),
            "heading": r.words["for_team"].format(team=r.teams.get(team, team)),
            "title": r.text(variant.title or inject.title),
            "body": r.text(variant.body or inject.body),
        }
        for team, variant in inject.variants.items()
        if team in recipients
    ]
    others = [team for team in recipients if team not in inject.variants]
    if others:
        everyone = not inject.variants and inject.to == "all"
        versions.append(
            {
                "to": r.words["all_teams"] if everyone else r.team_list(others),
                "heading": r.words["for_other_teams"] if versions else "",
                "title": r.text(inject.title),
                "body": r.text(inject.body),
            }
        )
    return versions


def _player_inject(r: _Reader, inject: Inject) -> dict[str, Any]:
    return {
        "time": r.time(inject),
        "repeats": r.words["repeats"].format(every=span(inject.every)) if inject.every else "",
        "sender": r.actors.get(inject.from_, inject.from_),
        "channel": r.words["channels"].get(inject.channel, inject.channel),
        "versions": _versions(r, inject),
        "attachments": [r.text(a.title) or a.file.rsplit("/", 1)[-1] for a in inject.attachments],
        "questions": [r.text(q) for q in inject.discussion_questions],
    }


def _player_decision(r: _Reader, decision: DecisionPoint) -> dict[str, Any]:
    default = next(o for o in decision.options if o.id == decision.default)
    return {
        "prompt": r.text(decision.prompt),
        "teams": r.team_list(decision.teams) + (f" ({r.words['joint']})" if len(decision.teams) > 1 else ""),
        "opens": r.time(decision.opens),
        "deadline": r.deadline(decision),
        "options": [r.text(o.label) for o in decision.options],
        "default": r.text(default.label),
        "free_text": decision.free_text,
    }


def _ordered(items: list) -> list:
    """Timed items by time, then those that wait for a condition, each group in file order."""
    return sorted(items, key=lambda item: (_at(item) is None, _at(item) or 0))


def _at(item: Inject | DecisionPoint) -> int | None:
    return item.opens.at if isinstance(item, DecisionPoint) else item.at


def modules(r: _Reader) -> list[dict[str, Any]]:
    """One module per move (and one for what no move claims); a scenario without moves is one module."""
    s = r.scenario
    parts = [(m.id, r.text(m.title), r.text(m.summary), m.discussion_questions) for m in s.moves]
    claimed = {m.id for m in s.moves}
    loose = [i for i in (*s.injects, *s.decisions) if i.move not in claimed]
    if loose or not parts:
        parts.append((None, r.words["throughout"] if parts else r.words["the_exercise"], "", []))
    return [
        {
            "title": title,
            "summary": summary,
            "injects": [_player_inject(r, i) for i in _ordered([i for i in s.injects if _in(i, move, claimed)])],
            "decisions": [_player_decision(r, d) for d in _ordered([d for d in s.decisions if _in(d, move, claimed)])],
            "questions": [r.text(q) for q in questions],
        }
        for move, title, summary, questions in parts
    ]


def _in(item: Inject | DecisionPoint, move: str | None, claimed: set[str]) -> bool:
    return item.move == move if move is not None else item.move not in claimed


def _background(r: _Reader) -> dict[str, Any]:
    s = r.scenario
    return {
        "title": r.text(s.title),
        "summary": r.text(s.summary),
        "start": r.date(),
        "length": span(s.duration) if s.duration else "",
        "teams": [
            {
                "name": r.teams[team.id],
                "plays": [r.actors[a.id] for a in s.actors if a.played_by == team.id],
                "roles": [r.text(role) for role in team.roles],
            }
            for team in s.teams
        ],
    }


def situation_manual(r: _Reader) -> dict[str, Any]:
    return {"background": _background(r), "modules": modules(r)}


def inject_cards(r: _Reader) -> dict[str, Any]:
    """One card per inject and per team variant, in the manual's order."""
    cards = [
        {**inject, **version} for module in modules(r) for inject in module["injects"] for version in inject["versions"]
    ]
    for number, card in enumerate(cards, 1):
        card["number"] = r.words["card_of"].format(number=number, total=len(cards))
    return {"background": _background(r), "cards": cards}


def feedback_questions(scenario: Scenario, team: str, language: str) -> dict[str, Any]:
    """The participant feedback form for one team: the questions the trainee terminal asks too."""
    r = _Reader(scenario, language, {})
    w = r.words
    return {
        "team": r.teams[team],
        "strengths": w["q_strengths"],
        "improvements": w["q_improvements"],
        "ratings": w["q_ratings"],
        "scale": w["scale"],
        "objectives": [
            {"id": o.id, "text": r.text(o.text)} for o in scenario.objectives if not o.teams or team in o.teams
        ],
        "comments": w["q_comments"],
    }


def feedback_form(r: _Reader) -> dict[str, Any]:
    return {
        "background": _background(r),
        "forms": [feedback_questions(r.scenario, team.id, r.language) for team in r.scenario.teams],
    }


# -- what only facilitators and evaluators see ---------------------------------------------


def consequence(r: _Reader, effect: object) -> str:
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


def _inject_title(r: _Reader, inject_id: str) -> str:
    inject = next((i for i in r.scenario.injects if i.id == inject_id), None)
    return r.text(inject.title) if inject else inject_id


def _value(r: _Reader, value: bool | float | str) -> str:
    if isinstance(value, bool):
        return r.words[str(value).lower()]
    return f"“{value}”" if isinstance(value, str) else f"{value:g}"


def _consequences(r: _Reader, effects: list) -> list[str]:
    return [consequence(r, effect) for effect in effects]


def _objective_codes(scenario: Scenario) -> dict[str, str]:
    """Short names the handbook cross-references objectives by: O1, O2, …"""
    return {o.id: f"O{n}" for n, o in enumerate(scenario.objectives, 1)}


def _msel(r: _Reader) -> list[dict[str, Any]]:
    """The MSEL export's rows (`tabletop msel export`), in the document's language, names for ids."""
    lang = r.language if r.language in r.scenario.languages else r.scenario.languages[0]
    moves = {m.id: r.text(m.title) for m in r.scenario.moves}
    decisions = {d.id: d for d in r.scenario.decisions}
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
                "objectives": ", ".join(codes[o.strip()] for o in row["objectives"].split(",") if o.strip()),
            }
        )
    return table


def _option_list(r: _Reader, decision: DecisionPoint) -> str:
    return "\n".join(
        "• " + r.text(o.label) + (f" ({r.words['default']})" if o.id == decision.default else "")
        for o in decision.options
    )


def _step(r: _Reader, cited: str) -> str:
    book, _, step_id = cited.partition("/")
    playbook = r.playbooks.get(book)
    step = next((s for s in playbook.steps if s.id == step_id), None) if playbook else None
    return f"{r.text(playbook.title)}: {r.text(step.title)}" if playbook and step else cited


def _decision(r: _Reader, decision: DecisionPoint) -> dict[str, Any]:
    criteria = {c.id: c for c in r.scenario.scoring.criteria}
    cbms = {c.id: r.text(c.name) for c in r.scenario.cbms}
    codes = _objective_codes(r.scenario)
    return {
        **_player_decision(r, decision),
        "trigger": r.trigger(decision.opens),
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
                "cbms": [cbms.get(c, c) for c in o.cbms],
                "feedback": r.text(o.feedback),
            }
            for o in decision.options
        ],
    }


def _objective(r: _Reader, objective_id: str) -> Any:
    return next(o for o in r.scenario.objectives if o.id == objective_id)


def _evaluation_guide(r: _Reader) -> list[dict[str, Any]]:
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
                f"{r.text(d.prompt)} ({r.team_list(d.teams)}; {r.trigger(d.opens)})"
                for d in s.decisions
                if o.id in d.objectives
            ],
            "criteria": criteria,
        }
        for o in s.objectives
    ]


def handbook(r: _Reader) -> dict[str, Any]:
    s = r.scenario
    return {
        "background": _background(r),
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
                "trigger": r.trigger(x),
                "chance": r.words["chance"].format(percent=f"{x.chance:.0%}") if x.chance < 1 else "",
                "repeats": "" if x.once else r.words["each_time"],
                "consequences": _consequences(r, x.effects),
            }
            for x in s.reactions
        ],
        "ends": [{"id": e.id, "trigger": r.trigger(e), "text": r.text(e.text)} for e in s.end],
        "guide": _evaluation_guide(r),
    }


BUILDERS: dict[str, Callable[[_Reader], dict[str, Any]]] = {
    "situation-manual": situation_manual,
    "handbook": handbook,
    "inject-cards": inject_cards,
    "feedback-form": feedback_form,
}


def render_document(name: str, scenario: Scenario, language: str, playbooks: dict[str, Playbook] | None = None) -> str:
    """One document (a name from DOCUMENTS) as self-contained HTML: no file, font or script it needs."""
    from tabletop.report.render import _environment

    reader = _Reader(scenario, language, playbooks or {})
    template = _environment(markdown=False).get_template(f"pack/{name}.html.j2")
    heading = reader.words[name.replace("-", "_")]
    return template.render(doc=BUILDERS[name](reader), L=reader.words, lang=language, heading=heading)


def render_pack(
    scenario: Scenario, languages: list[str], playbooks: dict[str, Playbook] | None = None
) -> dict[str, str]:
    """Every document in every language, by file name without its suffix (`handbook.es`)."""
    return {
        f"{name}.{language}": render_document(name, scenario, language, playbooks)
        for language in languages
        for name in DOCUMENTS
    }
