"""What players see of a scenario, in one language: the situation manual, inject cards and feedback form.

`Reader` reads the scenario once in a language (scenario texts through `text_in`, fixed words
from `pack_words.yaml`). The builders here read only what players see: titles, texts, senders,
recipients, channels, times (a conditional one as "when it happens"), variants, attachments,
discussion questions, decision prompts, option labels and windows. Whatever is only for
facilitators (notes, expected actions, conditions, effects, scores, feedback, chance,
reactions, endings) is read by `tabletop.report.handbook` alone.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml

from tabletop.model import Scenario
from tabletop.model.base import Text, format_time, text_in
from tabletop.model.playbook import Playbook
from tabletop.model.scenario import DecisionPoint, Inject, Trigger


@cache
def _table() -> dict[str, Any]:
    return yaml.safe_load(resources.files("tabletop.report").joinpath("pack_words.yaml").read_text("utf-8"))


def pack_words(language: str) -> dict[str, Any]:
    """The fixed words of the documents in `language`, English where it has none."""
    table = _table()
    return {**table["en"], **table.get(language, {})}


class Reader:
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

    def date(self) -> str:
        """When the story begins, as people write a date: `Tuesday 15 September 2026, 06:00 (UTC−05:00)`."""
        moment = self.scenario.clock.start
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


def _versions(r: Reader, inject: Inject) -> list[dict[str, str]]:
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


def _player_inject(r: Reader, inject: Inject) -> dict[str, Any]:
    return {
        "time": r.time(inject),
        "repeats": r.words["repeats"].format(every=span(inject.every)) if inject.every else "",
        "sender": r.actors.get(inject.from_, inject.from_),
        "channel": r.words["channels"].get(inject.channel, inject.channel),
        "versions": _versions(r, inject),
        "attachments": [r.text(a.title) or a.file.rsplit("/", 1)[-1] for a in inject.attachments],
        "questions": [r.text(q) for q in inject.discussion_questions],
    }


def player_decision(r: Reader, decision: DecisionPoint) -> dict[str, Any]:
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


def modules(r: Reader) -> list[dict[str, Any]]:
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
            "decisions": [player_decision(r, d) for d in _ordered([d for d in s.decisions if _in(d, move, claimed)])],
            "questions": [r.text(q) for q in questions],
        }
        for move, title, summary, questions in parts
    ]


def _in(item: Inject | DecisionPoint, move: str | None, claimed: set[str]) -> bool:
    return item.move == move if move is not None else item.move not in claimed


def background(r: Reader) -> dict[str, Any]:
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


def situation_manual(r: Reader) -> dict[str, Any]:
    return {"background": background(r), "modules": modules(r)}


def inject_cards(r: Reader) -> dict[str, Any]:
    """One card per inject and per team variant, in the manual's order."""
    cards = [
        {**inject, **version} for module in modules(r) for inject in module["injects"] for version in inject["versions"]
    ]
    for number, card in enumerate(cards, 1):
        card["number"] = r.words["card_of"].format(number=number, total=len(cards))
    return {"background": background(r), "cards": cards}


def feedback_questions(scenario: Scenario, team: str, language: str) -> dict[str, Any]:
    """The participant feedback form for one team: the questions the trainee terminal asks too."""
    r = Reader(scenario, language, {})
    w = r.words
    return {
        "team": r.teams[team],
        "strengths": w["q_strengths"],
        "improvements": w["q_improvements"],
        "ratings": w["q_ratings"],
        "scale": w["ratings"],
        "objectives": [
            {"id": o.id, "text": r.text(o.text)} for o in scenario.objectives if not o.teams or team in o.teams
        ],
        "comments": w["q_comments"],
    }


def feedback_form(r: Reader) -> dict[str, Any]:
    return {
        "background": background(r),
        "forms": [feedback_questions(r.scenario, team.id, r.language) for team in r.scenario.teams],
    }
