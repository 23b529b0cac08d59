"""`tabletop show`: a readable summary of a scenario or playbook."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table

from tabletop.cli.common import add_command, console, print_json, styled
from tabletop.errors import Problem, TabletopError, ValidationFailed
from tabletop.text import visible

if TYPE_CHECKING:
    from tabletop.model import Playbook, Scenario
    from tabletop.model.scenario import Trigger


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "show",
        "Summarise a scenario (actors, relations, teams, inject timeline, decisions) or a playbook.",
        "tabletop show scenarios/canal-ransomware.yaml --lang es",
    )
    parser.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="a scenario or playbook YAML file (with --catalogue: a folder of scenarios, default ./scenarios)",
    )
    parser.add_argument("--lang", help="language to show texts in (default: the file's first)")
    parser.add_argument("--json", action="store_true", help="the validated document as JSON")
    parser.add_argument(
        "--catalogue",
        "--catalog",
        action="store_true",
        help="list a folder's scenarios as a table: audience, time in the room, languages, teams, objectives",
    )
    parser.set_defaults(handler=run, usage=parser.error)


def run(args: argparse.Namespace) -> int:
    from tabletop.loader import load_document
    from tabletop.model import Playbook, Scenario

    if args.catalogue:
        return _catalogue(args.file or Path("scenarios"), args.lang, args.json)
    if args.file is None:
        args.usage("show needs a FILE (or --catalogue for a folder of scenarios)")
    document = load_document(args.file)
    if not isinstance(document, Playbook | Scenario):
        raise TabletopError(
            f"{args.file}: a decision script; play it with: tabletop play SCENARIO --decisions {args.file}"
        )
    if args.json:
        print_json(document.model_dump(mode="json", by_alias=True))
        return 0
    language = args.lang or document.languages[0]
    if isinstance(document, Playbook):
        _playbook(document, language)
    else:
        _scenario(document, language)
    return 0


def _catalogue(folder: Path, lang: str | None, as_json: bool) -> int:
    """Every scenario in `folder` (playbooks and decision scripts beside them are skipped); a file
    that does not load is reported and the others are still listed."""
    from tabletop.cli.validate import yaml_files
    from tabletop.loader import load_document
    from tabletop.model import Scenario
    from tabletop.report.catalogue import catalogue_row

    if not folder.is_dir():
        raise TabletopError(f"{folder}: not a folder of scenarios")
    files, problems = yaml_files([str(folder)])
    rows = []
    for path in files:
        try:
            document = load_document(path)
        except ValidationFailed as exc:
            problems += exc.problems or [Problem(str(path), None, None, exc.message)]
            continue
        if isinstance(document, Scenario):
            rows.append({**catalogue_row(document, lang), "file": str(path)})
    if as_json:
        print_json({"scenarios": rows, "problems": [str(p) for p in problems]})
    else:
        _catalogue_table(rows)
    err = console(stderr=True)
    for problem in problems:
        err.print(visible(str(problem)), markup=False, highlight=False)
    return 1 if problems else 0


def _catalogue_table(rows: list[dict[str, Any]]) -> None:
    """The library at a glance; who each scenario is for follows the table (--json has everything)."""
    out = console()
    if not rows:
        out.print("no scenarios found")
        return
    table = Table("scenario", "in the room", "languages", "teams", "moves", "decisions", title="Scenario library")
    for row in rows:
        room = row["duration"] or row["play_time"]
        table.add_row(
            styled((row["title"], "bold"), f"\n{row['id']} v{row['version']}"),
            f"{room} ({row['scenario_time']} of story at ×{row['pace']:g})",
            ", ".join(row["languages"]),
            "\n".join(row["teams"]),
            str(row["moves"] or "-"),
            str(row["decisions"]),
        )
    out.print(table)
    for row in rows:
        out.print(styled((row["id"], "bold"), f": {len(row['objectives'])} objective(s): "), end="")
        out.print("; ".join(sorted({o["capability"] for o in row["objectives"]})), markup=False, highlight=False)
        for line in (*row["audience"], *(f"prerequisite: {p}" for p in row["prerequisites"])):
            out.print(f"  • {line}", markup=False, highlight=False)


def _playbook(playbook: Playbook, lang: str) -> None:
    from tabletop.model.base import format_time, text_in

    out = console()
    out.print(styled((text_in(playbook.title, lang), "bold"), f"  ({playbook.id}, owner: {playbook.owner})"))
    table = Table("#", "step", "phase", "target", "title", title="Steps")
    for n, step in enumerate(playbook.steps, 1):
        target = format_time(step.target) if step.target is not None else "-"
        table.add_row(str(n), step.id, step.phase, target, text_in(step.title, lang))
    out.print(table)


def _scenario(s: Scenario, lang: str) -> None:
    from tabletop.model.base import format_time, text_in

    out = console()
    t = lambda text: text_in(text, lang, s.languages[0])  # noqa: E731
    out.print(styled((t(s.title), "bold"), f"  ({s.id} v{s.version}; languages: {', '.join(s.languages)})"))
    out.print(t(s.summary))
    out.print(
        f"Clock: starts {s.clock.start.isoformat()}, runs {format_time(s.clock.duration)}; "
        f"ladder: {' < '.join(f'{i} {t(level)}' for i, level in enumerate(s.ladder))}"
    )
    for kind, names in s.ladders.items():
        out.print(f"  {kind} ladder: {' < '.join(f'{i} {t(level)}' for i, level in enumerate(names))}")
    out.print()
    teams = Table("team", "name", "language", "plays", "playbooks", title="Teams")
    for team in s.teams:
        plays = ", ".join(a.id for a in s.actors if a.played_by == team.id)
        teams.add_row(team.id, t(team.name), team.language or s.languages[0], plays, ", ".join(team.playbooks))
    out.print(teams)
    actors = Table("actor", "name", "kind", "country", "played by", "level", title="Actors")
    for actor in s.actors:
        actors.add_row(
            actor.id, t(actor.name), actor.kind, actor.country or "", actor.played_by or "simulated", str(actor.level)
        )
    out.print(actors)
    relations = Table("from", "to", "trust", "coupling", "channel", title="Relations")
    for r in s.relations:
        relations.add_row(r.from_, r.to, f"{r.trust:.2f}", f"{r.coupling:.2f}", r.channel)
    out.print(relations)
    if s.moves:
        moves = Table("starts", "move", "title", "discussion questions", title="Moves (started in this order)")
        for i, move in enumerate(s.moves):
            by_itself = "with the exercise" if i == 0 else "by the facilitator"
            when = by_itself if move.starts is None else _when(move.starts)
            questions = "\n".join(f"• {t(q)}" for q in move.discussion_questions)
            moves.add_row(when, move.id, t(move.title), questions)
        out.print(moves)
    injects = Table("when", "inject", "from → to", "title", title="Inject timeline")
    for inject in sorted(s.injects, key=lambda i: (i.at is None, i.at or 0)):
        injects.add_row(
            _when(inject) + _every(inject),
            inject.id if inject.move is None else f"{inject.id}\n(move {inject.move})",
            f"{inject.from_} → {'all teams' if isinstance(inject.to, str) else ', '.join(inject.to)}",
            t(inject.title) + (f" (chance {inject.chance:.0%})" if inject.chance < 1 else ""),
        )
    out.print(injects)
    guide = Table(
        "inject", "facilitator notes", "discussion questions", title="Facilitator guide (never shown to teams)"
    )
    for inject in s.injects:
        if inject.facilitator_notes or inject.discussion_questions:
            questions = "\n".join(f"• {t(q)}" for q in inject.discussion_questions)
            notes = t(inject.facilitator_notes) if inject.facilitator_notes else ""
            guide.add_row(inject.id, notes, questions)
    if guide.row_count:
        out.print(guide)
    decisions = Table("opens", "decision", "team", "closes", "options (default *)", title="Decision points")
    for d in s.decisions:
        closes = format_time(d.deadline) if d.deadline is not None else f"+{format_time(d.window or 0)[2:]}"
        options = "\n".join(
            f"{'*' if o.id == d.default else ' '} {o.id}: {t(o.label)} {_scores(o.scores)}" for o in d.options
        )
        decisions.add_row(_when(d.opens), f"{d.id}\n{t(d.prompt)}", " + ".join(d.teams), closes, options)
    out.print(decisions)
    objectives = Table("objective", "capability", "text", title="Objectives")
    for o in s.objectives:
        objectives.add_row(o.id, o.capability, t(o.text))
    out.print(objectives)
    out.print(f"{len(s.reactions)} reaction rule(s), {len(s.end)} end condition(s), {len(s.state)} state variable(s)")


def _when(trigger: Trigger) -> str:
    from tabletop.model.base import format_time

    if trigger.at is not None:
        return format_time(trigger.at)
    return f"when {trigger.when} {trigger.wait}".rstrip()


def _every(inject: Any) -> str:
    """How a recurring inject recurs: ` every 00:30 ×4`, ` every 00:30 until …`; '' for the others."""
    from tabletop.model.base import format_time

    if inject.every is None:
        return ""
    times = f" ×{inject.times}" if inject.times is not None else ""
    until = f" until {inject.until}" if inject.until is not None else ""
    return f" every {format_time(inject.every)[2:]}{times}{until}"


def _scores(scores: dict[str, float]) -> str:
    return "[" + ", ".join(f"{k} {v:g}" for k, v in scores.items()) + "]" if scores else ""
