"""`tabletop schema`: write the JSON Schemas editors use to complete and check YAML files."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from tabletop.cli.common import add_command, console
from tabletop.errors import TabletopError
from tabletop.model import Playbook, Scenario
from tabletop.model.reference import replace_reference

SCHEMAS: dict[str, Any] = {"scenario": Scenario, "playbook": Playbook}


def schema_text(kind: str) -> str:
    """The JSON Schema of `kind` as committed under schema/ (stable, sorted, newline-terminated)."""
    document = SCHEMAS[kind].model_json_schema(by_alias=True)
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **document}
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "schema",
        "Write JSON Schemas for scenarios and playbooks (for editor completion and checks).",
        "tabletop schema -o schema/",
    )
    parser.add_argument("-o", "--output", type=Path, default=Path("schema"), metavar="DIR", help="folder to write into")
    parser.add_argument("--print", choices=sorted(SCHEMAS), dest="print_kind", help="print one schema instead")
    parser.add_argument(
        "--reference", type=Path, metavar="FILE", help="also regenerate the field reference in this Markdown file"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.print_kind:
        print(schema_text(args.print_kind), end="")
        return 0
    try:
        args.output.mkdir(parents=True, exist_ok=True)
        for kind in SCHEMAS:
            target = args.output / f"{kind}.schema.json"
            target.write_text(schema_text(kind), encoding="utf-8")
            console().print(f"wrote {target}")
        if args.reference:
            document = args.reference.read_text(encoding="utf-8")
            args.reference.write_text(replace_reference(document), encoding="utf-8")
            console().print(f"updated the field reference in {args.reference}")
    except (OSError, ValueError) as exc:
        raise TabletopError(f"cannot write: {exc}") from None
    return 0
