"""`tabletop schema`: write the JSON Schemas editors use to complete and check YAML files."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tabletop.cli.common import add_command, console
from tabletop.errors import TabletopError

SCHEMAS = ("scenario", "playbook", "script", "exercise", "plan")


def schema_text(kind: str) -> str:
    """The JSON Schema of `kind` as committed under schema/ (stable, sorted, newline-terminated)."""
    from tabletop.model import Playbook, Scenario
    from tabletop.model.exercise import ExerciseFile, PlanFile
    from tabletop.model.script import DecisionScript

    model = {
        "scenario": Scenario,
        "playbook": Playbook,
        "script": DecisionScript,
        "exercise": ExerciseFile,
        "plan": PlanFile,
    }[kind]
    document = model.model_json_schema(by_alias=True)
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **document}
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "schema",
        "Write JSON Schemas for scenarios, playbooks, decision scripts, exercise.yaml and plan.yaml (for editors).",
        "tabletop schema -o schema/",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("schema"),
        metavar="DIR",
        help="folder to write into; a schema file there is replaced only if tabletop wrote it",
    )
    parser.add_argument("--print", choices=sorted(SCHEMAS), dest="print_kind", help="print one schema instead")
    parser.add_argument(
        "--reference",
        type=Path,
        metavar="FILE",
        help="also regenerate the field reference in this Markdown file (between its reference markers)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.print_kind:
        print(schema_text(args.print_kind), end="")
        return 0
    # Imported here so that `validate` and friends never load the session store (sqlite3).
    from tabletop.model.reference import replace_reference
    from tabletop.store.outputs import REFERENCE, SCHEMA, check_output, write_output

    targets = [args.output / f"{kind}.schema.json" for kind in SCHEMAS]
    for target in targets:
        check_output(target, SCHEMA)
    if args.reference:
        check_output(args.reference, REFERENCE)
    try:
        args.output.mkdir(parents=True, exist_ok=True)
        reference = replace_reference(args.reference.read_text(encoding="utf-8")) if args.reference else None
    except (OSError, ValueError) as exc:
        raise TabletopError(f"cannot write: {exc}") from None
    for kind, target in zip(SCHEMAS, targets, strict=True):
        write_output(target, schema_text(kind), SCHEMA)
        console().print(f"wrote {target}")
    if reference is not None:
        write_output(args.reference, reference, REFERENCE)
        console().print(f"updated the field reference in {args.reference}")
    return 0
