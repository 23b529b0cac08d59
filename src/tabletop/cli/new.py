"""`tabletop new`: start a scenario from a commented skeleton that validates and plays."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from tabletop.cli.common import add_command, console
from tabletop.errors import TabletopError

NAME = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
TEAM = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
RESERVED = ("room", "observer")


def _name(value: str) -> str:
    if not NAME.match(value):
        raise argparse.ArgumentTypeError(
            f"'{value}': a scenario name is lower-case letters, digits, - and _, starting with a letter (at most 64)"
        )
    return value


def _list(pattern: re.Pattern, what: str, rule: str, reserved: tuple[str, ...] = ()):
    """A parser of comma-separated ids, each checked against its rule: a usage error (exit 2) names it."""

    def parse(value: str) -> tuple[str, ...]:
        items = tuple(item.strip() for item in value.split(","))
        for item in items:
            if not pattern.match(item):
                raise argparse.ArgumentTypeError(f"'{item}': {what} {rule}")
            if item in reserved:
                raise argparse.ArgumentTypeError(f"'{item}': a seat's name when teams join; choose another team id")
        if len(set(items)) != len(items):
            raise argparse.ArgumentTypeError(f"{what} appears twice in '{value}'")
        return items

    return parse


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "new",
        "Write a commented skeleton scenario, its playbook and good/poor decision scripts, ready to fill in.",
        "tabletop new port-outage --teams csirt_cell,mfa_cell --lang en,es -o scenarios/",
    )
    parser.add_argument("name", type=_name, metavar="NAME", help="the scenario's id and file name")
    parser.add_argument(
        "--teams",
        type=_list(
            TEAM, "a team id", "is lower-case letters, digits and _, starting with a letter (at most 48)", RESERVED
        ),
        default=("csirt_cell", "mfa_cell"),
        metavar="ID,ID",
        help="team ids, comma-separated (default: csirt_cell,mfa_cell)",
    )
    parser.add_argument(
        "--lang",
        type=_list(LANGUAGE, "a language", "is a code such as en, es or pt-BR"),
        default=("en",),
        metavar="LANG,LANG",
        help="languages to write every text in, the first the default (default: en)",
    )
    parser.add_argument("-o", "--output", type=Path, default=Path("."), metavar="DIR", help="folder to write into")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tabletop.report.skeleton import Skeleton

    files = {args.output / path: text for path, text in Skeleton(args.name, args.teams, args.lang).files().items()}
    existing = [str(path) for path in files if path.exists()]
    if existing:
        raise TabletopError(
            f"not writing over existing files (move them away or choose another NAME): {', '.join(existing)}"
        )
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as out:
                out.write(text)
    except OSError as exc:
        raise TabletopError(f"cannot write {exc.filename}: {exc.strerror}") from None
    out = console()
    for path in files:
        out.print(f"wrote {path}")
    scenario = args.output / f"{args.name}.yaml"
    out.print(f"next: replace the TODO texts, then: tabletop validate {args.output}")
    out.print(f"      tabletop play {scenario} --decisions {args.output / args.name / 'good.yaml'}")
    return 0
