"""`tabletop validate`: check scenario and playbook files, reporting every problem."""

from __future__ import annotations

import argparse
from pathlib import Path

from tabletop.cli.common import add_command, console, print_json, styled
from tabletop.errors import Problem, ValidationFailed


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "validate",
        "Check scenarios and playbooks; report every problem as file:line:col.",
        "tabletop validate scenarios/ playbooks/",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="YAML files or folders of them")
    parser.add_argument(
        "--playbooks", action="append", default=[], metavar="DIR", type=Path, help="also look for playbooks here"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable result")
    parser.set_defaults(handler=run)


def yaml_files(paths: list[str]) -> tuple[list[Path], list[Problem]]:
    """Files named on the command line, and every *.yaml/*.yml under named folders."""
    files: list[Path] = []
    problems: list[Problem] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
            if not found:
                problems.append(Problem(name, None, None, "folder holds no .yaml files"))
            files += found
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(name, None, None, "no such file or folder"))
    return list(dict.fromkeys(files)), problems


KINDS = {"Scenario": "scenario", "Playbook": "playbook", "DecisionScript": "script"}
SHAPE_ONLY = (
    "a decision script, checked for its shape only: no scenario it plays was validated with it "
    "(name the scenario too, e.g. tabletop validate scenarios/exercise.yaml examples/exercise/)"
)
"""Said of a script validated without its scenario, so a ✓ does not pass for a check of its ids."""


def run(args: argparse.Namespace) -> int:
    from tabletop.loader import load_document

    files, missing = yaml_files(args.paths)
    playbook_dirs = list(args.playbooks) + sorted({f.parent for f in files if f.parent.name == "playbooks"})
    results = []
    scenarios = []
    for path in files:
        try:
            document = load_document(path, playbook_dirs)
            results.append((path, KINDS[type(document).__name__], []))
            if KINDS[type(document).__name__] == "scenario":
                scenarios.append((path, document))
        except ValidationFailed as exc:
            results.append((path, None, exc.problems))
    notes = []
    for n, (path, kind, _) in enumerate(results):
        scenario = _scenario_of(path, scenarios) if kind == "script" else None
        if kind == "script" and scenario is None:
            notes.append(Problem(str(path), None, None, SHAPE_ONLY))
        if scenario is not None:
            try:
                load_document(path, playbook_dirs, scenario)
            except ValidationFailed as exc:
                results[n] = (path, kind, exc.problems)
    problems = missing + [p for _, _, found in results for p in found]
    if args.json:
        print_json(
            {
                "valid": not problems,
                "files": [
                    {"file": str(path), "kind": kind, "valid": not found, "problems": [_as_dict(p) for p in found]}
                    for path, kind, found in results
                ],
                "problems": [_as_dict(p) for p in problems],
                "notes": [_as_dict(p) for p in notes],
            }
        )
        return 1 if problems else 0
    out, err = console(), console(stderr=True)
    for note in notes:
        out.print(f"{note.path}: note: {note.message}")
    for problem in problems:
        err.print(str(problem))
    bad = sum(1 for _, _, found in results if found)
    if problems:
        err.print(
            styled(
                (f"{len(problems)} problem(s)", "bold red"),
                f" in {bad + len(missing)} of {len(files) + len(missing)} file(s)",
            )
        )
        return 1
    out.print(styled(("✓", "green"), f" {len(files)} file(s) valid"))
    return 0


def _scenario_of(script: Path, scenarios: list) -> object | None:
    """The scenario a script plays, among those validated: the only one in its folder, or the
    one whose id names its folder (`examples/canal-ransomware/good.yaml`). None: shape only."""
    beside = [s for path, s in scenarios if path.parent == script.parent]
    named = [s for _, s in scenarios if s.id == script.parent.name]
    found = beside if len(beside) == 1 else named
    return found[0] if len(found) == 1 else None


def _as_dict(problem: Problem) -> dict:
    return {"path": problem.path, "line": problem.line, "column": problem.column, "message": problem.message}
