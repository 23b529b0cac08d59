"""`tabletop report`: the after-action report of a session, from its file alone."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tabletop.cli.common import add_command, console
from tabletop.errors import TabletopError

FORMATS = ("md", "html", "json", "pdf")


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "report",
        "Write the after-action report / improvement plan of a session (Markdown, HTML, JSON or PDF).",
        "tabletop report canal.db --format html --lang es -o canal-aar.html",
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
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tabletop.report import build_report, render_html, render_json, render_markdown, render_pdf
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
    scenario = record.loaded.scenario
    if args.lang and args.lang not in scenario.languages:
        raise TabletopError(f"the scenario is written in {', '.join(scenario.languages)}, not '{args.lang}'")
    session = {"seed": record.meta.seed, "digest": record.meta.scenario_digest, "created_at": record.meta.created_at}
    report = build_report(scenario, record.loaded.playbooks, record.events, session, args.lang)
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
