"""`tabletop pack`: a scenario's exercise documents, as self-contained HTML and PDF."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from tabletop.cli.common import add_command, console, scenario_language
from tabletop.errors import TabletopError

FORMATS = ("html", "pdf")


def _formats(value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"give html, pdf or html,pdf, not {value!r}")
    return chosen


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "pack",
        "Write a scenario's exercise documents: situation manual, facilitator/evaluator handbook, "
        "inject cards and participant feedback form, in each of its languages (HTML and PDF).",
        "tabletop pack scenarios/canal-ransomware.yaml -o canal-pack --lang es --format html,pdf",
    )
    parser.add_argument("scenario", type=Path, metavar="SCENARIO")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder to write into (made if missing); a file there is replaced only if tabletop wrote it",
    )
    parser.add_argument("--lang", help="only this language (default: every language of the scenario)")
    parser.add_argument(
        "--format", type=_formats, default=FORMATS, metavar="FORMATS", help="html, pdf or html,pdf (default)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tabletop.loader import load_scenario
    from tabletop.report.pack import DOCUMENTS, render_document
    from tabletop.report.render import find_browser, render_pdf
    from tabletop.store.outputs import PACK, check_output, write_output

    loaded = load_scenario(args.scenario)
    scenario = loaded.scenario
    languages = [scenario_language(scenario, args.lang)] if args.lang else scenario.languages
    folder: Path = args.output
    _check_folder(folder)
    if "pdf" in args.format and find_browser() is None:
        raise TabletopError(
            "PDF documents need Chromium or Google Chrome installed (e.g. apt-get install chromium); "
            "or give --format html"
        )
    targets = [(name, lang, fmt) for lang in languages for name in DOCUMENTS for fmt in args.format]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TabletopError(f"cannot make the folder {folder}: {exc.strerror or exc}") from None
    for name, lang, fmt in targets:  # refuse before writing anything
        check_output(folder / f"{name}.{lang}.{fmt}", PACK[fmt])
    out = console(stderr=True)
    for lang in languages:
        for name in DOCUMENTS:
            html = render_document(name, scenario, lang, loaded.playbooks)
            for fmt in args.format:
                target = folder / f"{name}.{lang}.{fmt}"
                if fmt == "pdf":
                    with tempfile.TemporaryDirectory(prefix="tabletop-pack-") as scratch:
                        printed = Path(scratch) / "document.pdf"
                        render_pdf(html, printed)
                        write_output(target, printed.read_bytes(), PACK[fmt])
                else:
                    write_output(target, html, PACK[fmt])
                out.print(f"wrote {target}")
    return 0


def _check_folder(folder: Path) -> None:
    if folder.is_symlink() and not folder.is_dir():
        raise TabletopError(f"{folder}: is a broken symbolic link; name a folder")
    if folder.exists() and not folder.is_dir():
        raise TabletopError(f"{folder}: is a file, not a folder; name a folder for the documents")
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        raise TabletopError(f"cannot write into {folder}: permission denied")
