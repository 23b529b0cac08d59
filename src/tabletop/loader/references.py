"""Checks that need the whole scenario: ids that must exist, be unique, and agree.

Each check yields `(location, message)`; the loader turns locations into line and column.
All checks run, so the trainer sees every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from tabletop.errors import did_you_mean
from tabletop.expr import ConditionError, compile_condition, scope_of
from tabletop.loader.yaml_source import Location
from tabletop.model import Playbook, Scenario
from tabletop.model.base import Text, format_time
from tabletop.model.checks import EffectChecker, unknown
from tabletop.model.effects import ScheduleInject
from tabletop.model.scenario import ALL_TEAMS, CONFIDENCE_VALUES, Attribution, Inject
from tabletop.model.vocabulary import UN_NORMS

LineOf = Callable[[Location], int | None]
"""Where a location is in the file, for messages that point at a second place."""

Finding = tuple[Location, str]
"""A problem at a location; a location ending in ("@", n) points n characters into a value,
one ending in AT_KEY at the key that names it (a mapping key that is itself wrong)."""
AT_KEY = "@key"


def check_scenario(
    scenario: Scenario, playbooks: dict[str, Playbook], on_disk: Iterable[str], line_of: LineOf
) -> list[Finding]:
    """Cross-checks; `playbooks` are those found, `on_disk` every playbook id that exists."""
    return list(_ScenarioChecks(scenario, playbooks, set(on_disk), line_of).run())


def check_playbook(playbook: Playbook, line_of: LineOf) -> list[Finding]:
    findings = list(_duplicates(("steps",), playbook.steps, line_of))
    findings += _texts(playbook, (), playbook.languages)
    return findings


def _duplicates(where: Location, items: Sequence[Any], line_of: LineOf) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in first:
            line = line_of((*where, first[item.id], "id"))
            yield (*where, i, "id"), f"duplicate id '{item.id}' (first used on line {line})"
        else:
            first[item.id] = i


class _ScenarioChecks:
    def __init__(self, scenario: Scenario, playbooks: dict[str, Playbook], on_disk: set[str], line_of: LineOf) -> None:
        self.s = scenario
        self.playbooks = playbooks
        self.on_disk = on_disk
        self.line_of = line_of
        self.actors = {a.id: a for a in scenario.actors}
        self.teams = {t.id for t in scenario.teams}
        self.injects = {i.id for i in scenario.injects}
        self.decisions = {d.id for d in scenario.decisions}
        self.criteria = {c.id: c for c in scenario.scoring.criteria}
        self.objectives = {o.id for o in scenario.objectives}
        self.relations = {(r.from_, r.to) for r in scenario.relations}
        self.scope = scope_of(scenario)
        self.effect_checker = EffectChecker(scenario)

    def run(self) -> Iterator[Finding]:
        s = self.s
        for section in ("objectives", "actors", "teams", "moves", "injects", "decisions", "reactions", "end", "cbms"):
            yield from _duplicates((section,), getattr(s, section), self.line_of)
        yield from _duplicates(("scoring", "criteria"), s.scoring.criteria, self.line_of)
        yield from self.languages()
        yield from self.actors_and_relations()
        yield from self.teams_and_objectives()
        yield from self.moves_()
        yield from self.injects_()
        yield from self.decisions_()
        yield from self.reactions_and_end()
        yield from _texts(s, (), s.languages)

    def languages(self) -> Iterator[Finding]:
        seen: set[str] = set()
        for i, language in enumerate(self.s.languages):
            if language in seen:
                yield ("languages", i), f"language '{language}' is listed twice"
            seen.add(language)

    def actors_and_relations(self) -> Iterator[Finding]:
        top = len(self.s.ladder) - 1
        for kind, names in self.s.ladders.items():
            if len(names) != len(self.s.ladder):
                yield (
                    ("ladders", kind),
                    f"the {kind} ladder has {len(names)} levels and the shared ladder {len(self.s.ladder)}: "
                    "give every level its name (level n is the same pressure for every actor)",
                )
        for i, actor in enumerate(self.s.actors):
            if actor.played_by is not None and actor.played_by not in self.teams:
                yield ("actors", i, "played_by"), unknown("team", actor.played_by, self.teams)
            if actor.level > top:
                yield ("actors", i, "level"), f"level {actor.level} is above the ladder's top level ({top})"
        seen: set[tuple[str, str]] = set()
        for i, relation in enumerate(self.s.relations):
            for key, actor in (("from", relation.from_), ("to", relation.to)):
                if actor not in self.actors:
                    yield ("relations", i, key), unknown("actor", actor, self.actors)
            if relation.from_ == relation.to:
                yield ("relations", i, "to"), "a relation must join two different actors"
            pair = (relation.from_, relation.to)
            if pair in seen:
                yield ("relations", i), f"duplicate relation {relation.from_} -> {relation.to}"
            seen.add(pair)

    def teams_and_objectives(self) -> Iterator[Finding]:
        for i, team in enumerate(self.s.teams):
            if team.language is not None and team.language not in self.s.languages:
                yield (
                    ("teams", i, "language"),
                    (
                        f"language '{team.language}' is not among the scenario's languages "
                        f"({', '.join(self.s.languages)})"
                    ),
                )
            for j, playbook in enumerate(team.playbooks):
                yield from self.listed(("teams", i, "playbooks", j), playbook)
            if not any(a.played_by == team.id for a in self.s.actors):
                yield ("teams", i, "id"), f"team '{team.id}' plays no actor (set 'played_by: {team.id}' on one)"
        for i, objective in enumerate(self.s.objectives):
            for j, team in enumerate(objective.teams):
                if team not in self.teams:
                    yield ("objectives", i, "teams", j), unknown("team", team, self.teams)

    def injects_(self) -> Iterator[Finding]:
        end = self.s.clock.duration
        for i, inject in enumerate(self.s.injects):
            where = ("injects", i)
            if inject.from_ not in self.actors:
                yield (*where, "from"), unknown("actor", inject.from_, self.actors)
            yield from self.inject_delivery(where, inject)
            if inject.at is not None and inject.at > end:
                yield (*where, "at"), f"{format_time(inject.at)} is after the scenario ends ({format_time(end)})"
            if inject.when is not None:
                yield from self.condition((*where, "when"), inject.when)
            yield from self.in_move(where, inject.move)
            yield from self.effects((*where, "effects"), inject.effects)

    def inject_delivery(self, where: Location, inject: Inject) -> Iterator[Finding]:
        """Recipients, variants per team, and recurrence: `to`, `variants`, `until`, self-scheduling."""
        if inject.to != ALL_TEAMS:
            for j, team in enumerate(inject.to):
                if team not in self.teams:
                    yield (*where, "to", j), unknown("team", team, self.teams)
        recipients = inject.recipients(sorted(self.teams))
        for team in inject.variants:
            if team not in self.teams:
                yield (*where, "variants", team, AT_KEY), unknown("team", team, self.teams)
            elif team not in recipients:
                yield (
                    (*where, "variants", team, AT_KEY),
                    f"team '{team}' does not receive this inject (to: {', '.join(recipients)}); "
                    "add it to 'to' or remove its variant",
                )
        if inject.until is not None:
            yield from self.condition((*where, "until"), inject.until)
        for j, effect in enumerate(inject.effects):
            if isinstance(effect, ScheduleInject) and effect.schedule == inject.id:
                yield (
                    (*where, "effects", j, "schedule"),
                    f"inject '{inject.id}' schedules itself, which does nothing: an inject is delivered once. "
                    "For a recurring inject write 'every: 30m' with 'times: N' or 'until: <condition>'",
                )

    def decisions_(self) -> Iterator[Finding]:
        end = self.s.clock.duration
        for i, decision in enumerate(self.s.decisions):
            where = ("decisions", i)
            yield from self.deciding_teams(where, decision)
            yield from self.in_move(where, decision.move)
            options = [o.id for o in decision.options]
            yield from _duplicates((*where, "options"), decision.options, self.line_of)
            if decision.default not in options:
                yield (*where, "default"), unknown("option", decision.default, options)
            else:
                default = options.index(decision.default)
                if decision.options[default].when is not None:
                    yield (
                        (*where, "options", default, "when"),
                        f"option '{decision.default}' is the default, which is always offered (it applies when "
                        "the deadline passes): remove its 'when' or choose another default",
                    )
            opens = decision.opens
            if opens.when is not None:
                yield from self.condition((*where, "opens", "when"), opens.when)
                if decision.deadline is not None:
                    yield (*where, "deadline"), "an absolute 'deadline' needs a timed 'opens: {at: ...}'; use 'window'"
            elif opens.at is not None:
                if opens.at > end:
                    yield (
                        (*where, "opens", "at"),
                        f"{format_time(opens.at)} is after the scenario ends ({format_time(end)})",
                    )
                if decision.deadline is not None and decision.deadline <= opens.at:
                    yield (
                        (*where, "deadline"),
                        (
                            f"deadline {format_time(decision.deadline)} is not after "
                            f"the opening time {format_time(opens.at)}"
                        ),
                    )
            for j, objective in enumerate(decision.objectives):
                if objective not in self.objectives:
                    yield (*where, "objectives", j), unknown("objective", objective, self.objectives)
            for j, option in enumerate(decision.options):
                yield from self.option((*where, "options", j), option)

    def option(self, where: Location, option: Any) -> Iterator[Finding]:
        if option.when is not None:
            yield from self.condition((*where, "when"), option.when)
        yield from self.effects((*where, "effects"), option.effects)
        for criterion, points in option.scores.items():
            if criterion not in self.criteria:
                yield (*where, "scores", criterion), unknown("scoring criterion", criterion, self.criteria)
            elif not 0 <= points <= self.criteria[criterion].max:
                top = self.criteria[criterion].max
                yield (*where, "scores", criterion), f"{points:g} is outside 0..{top:g} for criterion '{criterion}'"
        for k, cited in enumerate(option.playbook_steps):
            yield from self.step((*where, "playbook_steps", k), cited)
        for field in ("norms", "norms_at_risk"):
            for k, norm in enumerate(getattr(option, field)):
                if norm not in UN_NORMS:
                    yield (*where, field, k), f"unknown UN norm '{norm}'; the eleven norms are un-norm-a … un-norm-k"
        for k, norm in enumerate(option.norms_at_risk):
            if norm in option.norms:
                yield (
                    (*where, "norms_at_risk", k),
                    f"'{norm}' is also in this option's norms: upheld or at risk, not both",
                )
        cbms = {c.id for c in self.s.cbms}
        for k, cbm in enumerate(option.cbms):
            if cbm not in cbms:
                yield (*where, "cbms", k), unknown("confidence-building measure", cbm, cbms)
        if option.attribution is not None:
            yield from self.attribution((*where, "attribution"), option.attribution)

    def attribution(self, where: Location, tag: Attribution) -> Iterator[Finding]:
        if tag.to is not None and tag.to not in self.actors:
            yield (*where, "to"), unknown("actor", tag.to, self.actors)
        if tag.confidence is None or not tag.confidence.startswith("state."):
            return
        name = tag.confidence.removeprefix("state.")
        variable = self.s.state.get(name)
        if variable is None:
            yield (*where, "confidence"), unknown("state variable", name, self.s.state)
        elif variable.type != "choice" or not set(variable.values) <= set(CONFIDENCE_VALUES):
            yield (
                (*where, "confidence"),
                f"state.{name} must be a choice of {', '.join(CONFIDENCE_VALUES)} to give a confidence",
            )

    # -- moves and joint decisions ----------------------------------------------------

    def moves_(self) -> Iterator[Finding]:
        """Moves start in the order listed, so a timed move may not start before an earlier timed one."""
        end = self.s.clock.duration
        latest: tuple[int, str] | None = None
        for i, move in enumerate(self.s.moves):
            starts = move.starts
            if starts is None:
                continue
            where = ("moves", i, "starts")
            if starts.when is not None:
                yield from self.condition((*where, "when"), starts.when)
                continue
            at = starts.at or 0
            if at > end:
                yield (*where, "at"), f"{format_time(at)} is after the scenario ends ({format_time(end)})"
            if latest is not None and at < latest[0]:
                yield (
                    (*where, "at"),
                    f"move '{move.id}' starts at {format_time(at)}, before move '{latest[1]}' "
                    f"({format_time(latest[0])}); moves start in the order they are listed",
                )
            else:
                latest = (at, move.id)

    def in_move(self, where: Location, move: str | None) -> Iterator[Finding]:
        moves = [m.id for m in self.s.moves]
        if move is not None and move not in moves:
            if not moves:
                yield (*where, "move"), f"unknown move '{move}': the scenario has no 'moves:'"
            else:
                yield (*where, "move"), unknown("move", move, moves)

    def deciding_teams(self, where: Location, decision: Any) -> Iterator[Finding]:
        if isinstance(decision.team, str):
            if decision.team not in self.teams:
                yield (*where, "team"), unknown("team", decision.team, self.teams)
            return
        seen: set[str] = set()
        for j, team in enumerate(decision.team):
            if team not in self.teams:
                yield (*where, "team", j), unknown("team", team, self.teams)
            elif team in seen:
                yield (*where, "team", j), f"team '{team}' is listed twice"
            seen.add(team)

    def step(self, where: Location, cited: str) -> Iterator[Finding]:
        playbook_id, step_id = cited.split("/", 1)
        if playbook_id not in self.s.playbooks:
            yield from self.listed(where, playbook_id)
            return
        playbook = self.playbooks.get(playbook_id)
        if playbook is None:
            return  # reported where the playbook is listed
        steps = [step.id for step in playbook.steps]
        if step_id not in steps:
            yield where, f"playbook '{playbook_id}' has no step '{step_id}'{did_you_mean(step_id, steps)}"

    def listed(self, where: Location, playbook_id: str) -> Iterator[Finding]:
        """A cited playbook must be listed under the scenario's `playbooks:`."""
        if playbook_id in self.s.playbooks:
            return
        if playbook_id in self.on_disk:
            yield where, f"playbook '{playbook_id}' is not listed under 'playbooks:'"
        else:
            yield where, unknown("playbook", playbook_id, self.s.playbooks)

    def reactions_and_end(self) -> Iterator[Finding]:
        for i, reaction in enumerate(self.s.reactions):
            actor = self.actors.get(reaction.actor)
            if actor is None:
                yield ("reactions", i, "actor"), unknown("actor", reaction.actor, self.actors)
            elif actor.played_by is not None:
                yield (
                    ("reactions", i, "actor"),
                    (f"actor '{actor.id}' is played by team '{actor.played_by}'; reactions are for simulated actors"),
                )
            yield from self.condition(("reactions", i, "when"), reaction.when)
            yield from self.effects(("reactions", i, "effects"), reaction.effects)
        for i, end in enumerate(self.s.end):
            if end.when is not None:
                yield from self.condition(("end", i, "when"), end.when)

    def condition(self, where: Location, text: str) -> Iterator[Finding]:
        try:
            compile_condition(text, self.scope)
        except ConditionError as exc:
            yield (*where, "@", exc.offset), exc.message

    def effects(self, where: Location, effects: Sequence[BaseModel]) -> Iterator[Finding]:
        yield from self.effect_checker.check(where, effects)


def _texts(model: BaseModel, where: Location, languages: Sequence[str]) -> list[Finding]:
    """Every text must give exactly the declared languages.

    In a scenario with several languages a plain string counts as untranslated, except for
    `name` fields (proper names such as "CERT-EU" often read the same in every language).
    """
    findings: list[Finding] = []
    _walk_texts(model, where, set(languages), findings)
    return findings


def _walk_texts(model: BaseModel, where: Location, declared: set[str], findings: list[Finding]) -> None:
    several = len(declared) > 1
    for name, key, holds_text in _text_fields(type(model)):
        value = getattr(model, name)
        at = (*where, key)
        if isinstance(value, str):
            if several and holds_text and name != "name":
                findings.append((at, _untranslated(declared)))
        elif isinstance(value, BaseModel):
            _walk_texts(value, at, declared, findings)
        elif isinstance(value, list):
            _walk_list(value, at, declared, findings, holds_text)
        elif isinstance(value, dict):
            if _is_text(value):
                findings += _text(value, at, declared)
            else:
                for k, item in value.items():
                    if isinstance(item, BaseModel):
                        _walk_texts(item, (*at, k), declared, findings)
                    elif isinstance(item, list):
                        _walk_list(item, (*at, k), declared, findings, holds_text)


def _walk_list(items: list, at: Location, declared: set[str], findings: list[Finding], holds_text: bool) -> None:
    for i, item in enumerate(items):
        if isinstance(item, BaseModel):
            _walk_texts(item, (*at, i), declared, findings)
        elif _is_text(item):
            findings += _text(item, (*at, i), declared)
        elif isinstance(item, str) and len(declared) > 1 and holds_text:
            findings.append(((*at, i), _untranslated(declared)))


@cache
def _text_fields(model: type[BaseModel]) -> tuple[tuple[str, str, bool], ...]:
    """(attribute, key, holds Text) for the fields of `model` that can hold text or models.

    Judged once per model class from the fields' types, so that the walk over a scenario
    with 40,000 injects skips ids, times and numbers without looking at them.
    """
    return tuple(
        (name, field.alias or name, _holds_text(field.annotation))
        for name, field in model.model_fields.items()
        if _may_hold_text(field.annotation)
    )


def _may_hold_text(annotation: Any) -> bool:
    """Whether a value of this type can be (or contain) a mapping, a model or Text."""
    if annotation is Any or annotation is object:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel | dict):
        return True
    return get_origin(annotation) in (dict, Mapping) or any(_may_hold_text(arg) for arg in get_args(annotation))


def _holds_text(annotation: Any) -> bool:
    """Whether a field holds `Text` (a string or a language mapping), judged by its type."""
    args = get_args(annotation)
    return set(get_args(Text)) <= set(args) or any(_holds_text(arg) for arg in args)


def _untranslated(declared: set[str]) -> str:
    return f"text in one language only; give {', '.join(sorted(declared))}"


def _is_text(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and all(isinstance(v, str) for v in value.values())


def _text(text: dict[str, str], where: Location, declared: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    missing = sorted(declared - text.keys())
    if missing:
        findings.append((where, f"missing translation: {', '.join(missing)}"))
    for language in sorted(text.keys() - declared):
        findings.append(
            (
                (*where, language),
                f"language '{language}' is not declared in 'languages'{did_you_mean(language, declared)}",
            )
        )
    return findings
