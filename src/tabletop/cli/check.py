"""`tabletop check`: static analysis of scenarios (what can never happen, and why; what is unused)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tabletop.cli.common import add_command, console, print_json, styled
from tabletop.cli.simulate import _positive
from tabletop.cli.validate import yaml_files
from tabletop.errors import Problem, ValidationFailed

_STYLE = {"error": "bold red", "warning": "yellow", "note": "cyan"}


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "check",
        "Find what can never happen in a scenario, and why; unused parts; untagged norms. Nothing is played.",
        "tabletop check scenarios/canal-ransomware.yaml --simulate 1000",
    )
    parser.add_argument("paths", nargs="+", metavar="SCENARIO", help="scenario files or folders of them")
    parser.add_argument(
        "--playbooks", action="append", default=[], metavar="DIR", type=Path, help="also look for playbooks here"
    )
    parser.add_argument("--simulate", type=_positive, metavar="N", help="also play N random runs and compare")
    parser.add_argument("--seed", type=int, default=0, help="seed for --simulate (default 0)")
    parser.add_argument("--json", action="store_true", help="machine-readable result")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    files, missing = yaml_files(args.paths)
    results = [_check(path, args) for path in files if not _is_playbook_folder(path)]
    results += [{"file": p.path, "findings": [_problem(p)], "simulate": None} for p in missing]
    counts = {s: sum(1 for r in results for f in r["findings"] if f["severity"] == s) for s in _STYLE}
    if args.json:
        print_json({"ok": not counts["error"], **{f"{s}s": n for s, n in counts.items()}, "files": results})
        return 1 if counts["error"] else 0
    out, err = console(), console(stderr=True)
    for result in results:
        for f in result["findings"]:
            where = ":".join(str(p) for p in (result["file"], f["line"], f["column"]) if p is not None)
            err.print(styled(f"{where}: ", (f["severity"], _STYLE[f["severity"]]), f": {f['message']}"))
        if result["simulate"]:
            out.print(_figures(result["file"], result["simulate"]))
    summary = ", ".join(f"{n} {s}(s)" for s, n in counts.items())
    if counts["error"]:
        err.print(styled((summary, "bold red"), f" in {len(results)} file(s)"))
        return 1
    out.print(styled(("✓" if not counts["warning"] else "!", "green"), f" {summary} in {len(results)} file(s)"))
    return 0


def _check(path: Path, args: argparse.Namespace) -> dict:
    from tabletop.lint import SEVERITIES, lint
    from tabletop.loader import load_scenario_located

    try:
        loaded, source = load_scenario_located(path, args.playbooks)
    except ValidationFailed as exc:
        return {"file": str(path), "findings": [_problem(p) for p in exc.problems], "simulate": None}

    def line_of(loc: tuple) -> int | None:
        where = source.locate(loc)
        return where[0] if where else None

    findings, reach = lint(loaded.scenario, line_of)
    figures = None
    if args.simulate:
        from tabletop.lint.crosscheck import cross_check

        crossed = cross_check(loaded, reach, args.simulate, args.seed)
        findings += crossed.findings
        figures = crossed.as_dict()
    located = []
    for finding in findings:
        line, column = source.locate(finding.where) or (None, None)
        located.append(
            {
                "severity": finding.severity,
                "rule": finding.rule,
                "line": line,
                "column": column,
                "message": finding.message,
            }
        )
    located.sort(key=lambda f: (SEVERITIES.index(f["severity"]), f["line"] or 0, f["column"] or 0))
    return {"file": str(path), "findings": located, "simulate": figures}


def _is_playbook_folder(path: Path) -> bool:
    """Folders of playbooks (or scripts) beside scenarios are not scenarios to check."""
    return path.parent.name == "playbooks"


def _problem(problem: Problem) -> dict:
    return {
        "severity": "error",
        "rule": "invalid",
        "line": problem.line,
        "column": problem.column,
        "message": problem.message,
    }


def _figures(name: str, figures: dict) -> str:
    reached = figures["reached"]
    parts = []
    for kind, label in (
        ("inject", "injects"),
        ("decision", "decision points"),
        ("option", "options"),
        ("end", "endings"),
    ):
        counts = [n for key, n in reached.items() if key.startswith(kind + ":")]
        if counts:
            parts.append(f"{sum(1 for n in counts if n)} of {len(counts)} {label}")
    never, explained = figures["never_reached"], figures["never_reached_explained"]
    why = f"; of the {never} never reached, check explains {explained}" if never else ""
    return f"{name}: simulated {figures['runs']} runs (seed {figures['seed']}, random choices): reached {', '.join(parts)}{why}"
