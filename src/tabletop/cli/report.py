"""`tabletop report`: the after-action report of a session, from its file alone."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tabletop.cli.common import add_command, console, scenario_language
from tabletop.errors import TabletopError

FORMATS = ("md", "html", "json", "pdf")
BESIDE = "exercise.yaml"


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "report",
        "Write the after-action report / improvement plan of a session (Markdown, HTML, JSON or PDF).",
        "tabletop report canal.db --format html --lang es -o canal-aar.html\n"
        "  tabletop report canal.db --plan plan.yaml -o canal-aar.pdf",
    )
    parser.add_argument("session", type=Path, metavar="SESSION")
    parser.add_argument("--format", choices=FORMATS, help="default: from the -o suffix, else md")
    parser.add_argument("--lang", help="language of the report (default: the scenario's first)")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write here instead of standard output; an existing FILE is replaced only if it is a report "
        "tabletop wrote (never a session or its -wal/-shm/-journal, a database, a YAML file, a link)",
    )
    parser.add_argument(
        "--plan",
        type=Path,
        metavar="FILE",
        help="plan.yaml: owners, points of contact and dates of the improvement plan; recorded in the session "
        "(the latest entry for a row wins), then the report is written",
    )
    parser.add_argument(
        "--exercise",
        type=Path,
        metavar="FILE",
        help="exercise.yaml: the exercise's details (and plan), recorded in the session like --plan. "
        f"Without it, an {BESIDE} beside the session fills in what the session does not record",
    )
    parser.add_argument(
        "--odds-runs",
        type=_positive,
        default=500,
        metavar="N",
        help="for each decision marked for the debrief: playthroughs per option from its opening (default 500, seed 0)",
    )
    parser.add_argument(
        "--no-odds", action="store_true", help="list the decisions marked for the debrief without computing their odds"
    )
    parser.set_defaults(handler=run)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def run(args: argparse.Namespace) -> int:
    from tabletop.report import build_report, render_html, render_json, render_markdown, render_pdf
    from tabletop.report.odds import debrief_odds
    from tabletop.session import read_session
    from tabletop.store.outputs import REPORT, REPORTS, check_output, write_output

    if args.output is not None:
        check_output(args.output, REPORT, sessions=[args.session])
    fmt = args.format or (args.output.suffix.lstrip(".").lower() if args.output else "md")
    fmt = {"markdown": "md", "htm": "html"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise TabletopError(f"unknown report format '{fmt}'; use one of {', '.join(FORMATS)}")
    if fmt == "pdf" and args.output is None:
        raise TabletopError("a PDF report needs -o FILE")
    record = read_session(args.session)
    if args.plan or args.exercise:
        _record_after(args.session, record.loaded.scenario, args.plan, args.exercise)
        record = read_session(args.session)
    scenario = record.loaded.scenario
    scenario_language(scenario, args.lang)
    session = {
        "seed": record.meta.seed,
        "digest": record.meta.scenario_digest,
        "created_at": record.meta.created_at,
        "fork": record.meta.fork,
    }
    exercise = _beside(args.session, scenario)
    report = build_report(scenario, record.loaded.playbooks, record.events, session, args.lang, exercise)
    debrief = debrief_odds(record, args.lang, None if args.no_odds else args.odds_runs)
    if debrief is not None:
        report["debrief"] = debrief
    if fmt == "pdf":
        with tempfile.TemporaryDirectory(prefix="tabletop-pdf-") as folder:
            printed = Path(folder) / "report.pdf"
            render_pdf(render_html(report, scenario), printed)
            write_output(args.output, printed.read_bytes(), REPORTS[fmt], sessions=[args.session])
        console(stderr=True).print(f"wrote {args.output}")
        return 0
    text = {"md": render_markdown, "json": render_json}.get(fmt, lambda r: render_html(r, scenario))(report)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    write_output(args.output, text, REPORTS[fmt], sessions=[args.session])
    console(stderr=True).print(f"wrote {args.output}")
    return 0


def _record_after(path: Path, scenario, plan: Path | None, exercise: Path | None) -> None:
    """Append the plan and exercise details to a session, after the exercise: both files are
    checked first (a bad one leaves the session untouched); the session's lock keeps a running
    console out, and each command is written durably, as any other."""
    from tabletop.cli.exercise import recording
    from tabletop.engine.commands import PlanImprovements
    from tabletop.loader.exercise import load_exercise, load_plan
    from tabletop.session import Session

    commands = recording(load_exercise(exercise, scenario)) if exercise is not None else []
    if plan is not None:
        commands.append(PlanImprovements(entries=load_plan(plan, scenario).plan))
    session = Session.resume(path, use_stored=True)
    try:
        for command in commands:
            session.submit(command)
    finally:
        session.close()


def _beside(session: Path, scenario):
    """The `exercise.yaml` beside the session, if any; its problems say why it was read."""
    from tabletop.errors import Problem
    from tabletop.loader.exercise import load_exercise

    path = session.parent / BESIDE
    if not path.is_file():
        return None
    try:
        return load_exercise(path, scenario)
    except TabletopError as exc:
        why = f"read as the exercise's details because it lies beside {session.name}; rename it if it is another file"
        raise TabletopError(
            exc.message,
            [*(exc.problems or [Problem(str(path), None, None, exc.message)]), Problem(str(path), None, None, why)],
        ) from None
