"""From a path to validated models: parse, validate, resolve playbooks, cross-check.

A document with a top-level `steps` key is a playbook; anything else is a scenario.
Playbooks a scenario lists are found as `<id>.yaml` in the scenario's folder, in a
sibling `playbooks/` folder, or in folders the caller adds.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from tabletop.errors import Problem, ValidationFailed, did_you_mean
from tabletop.loader.partial import well_formed_part
from tabletop.loader.pydantic_errors import problems_from
from tabletop.loader.references import Finding, check_playbook, check_scenario
from tabletop.loader.yaml_source import Source, load_source
from tabletop.model import Playbook, Scenario

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with the playbooks it cites and a digest of all their text."""

    scenario: Scenario
    playbooks: dict[str, Playbook]
    path: str
    digest: str
    """sha256 over the scenario's and its playbooks' text: what a session was played on."""
    texts: dict[str, str] = field(default_factory=dict, repr=False)
    """Source text by file name (scenario first), so a session can keep a copy."""


def playbook_search_dirs(scenario_path: Path, extra: Iterable[Path] = ()) -> list[Path]:
    here = scenario_path.resolve().parent
    dirs = [*extra, here, here / "playbooks", here.parent / "playbooks"]
    return list(dict.fromkeys(Path(d).resolve() for d in dirs))


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file becomes data and models.

    Loading allocates hundreds of thousands of objects that hold no reference cycles; the
    collector would scan the growing heap over and over for nothing (a fifth of the time of
    a big file). Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_cycle_collection_paused()
def load_scenario(path: Path | str, playbook_dirs: Sequence[Path] = ()) -> LoadedScenario:
    """Load and fully check a scenario; raise ValidationFailed listing every problem."""
    path = Path(path)
    return _load_scenario_source(load_source(path), path, playbook_dirs)


@_cycle_collection_paused()
def load_scenario_located(path: Path | str, playbook_dirs: Sequence[Path] = ()) -> tuple[LoadedScenario, Source]:
    """Load and fully check a scenario, keeping where each part sits in the file (for `check`)."""
    path = Path(path)
    source = load_source(path)
    return _load_scenario_source(source, path, playbook_dirs), source


def _load_scenario_source(source: Source, path: Path, playbook_dirs: Sequence[Path]) -> LoadedScenario:
    if _is_playbook(source):
        raise ValidationFailed(
            f"{path}: this is a playbook, not a scenario",
            [Problem(str(path), 1, 1, "this is a playbook (it has 'steps'), not a scenario")],
        )
    try:
        scenario = Scenario.model_validate(source.data)
        problems: list[Problem] = []
        partial = None
    except ValidationError as exc:
        problems = problems_from(exc, source, Scenario)
        partial = well_formed_part(source.data, exc)
        if partial is None:
            raise ValidationFailed(f"{path}: invalid", problems) from None
        scenario = partial.scenario
    playbooks: dict[str, Playbook] = {}
    texts = {path.name: source.text}
    dirs = playbook_search_dirs(path, playbook_dirs)
    for i, playbook_id in enumerate(scenario.playbooks):
        try:
            found = _find_playbook(playbook_id, dirs)
        except ValidationFailed as exc:
            problems.append(source.problem(("playbooks", i), f"playbook '{playbook_id}' has problems:"))
            problems.extend(exc.problems)
            continue
        if found is None:
            available = sorted({p.stem for d in dirs if d.is_dir() for p in d.glob("*.yaml")})
            folders = ", ".join(_shown(d) for d in dirs if d.is_dir())
            problems.append(
                source.problem(
                    ("playbooks", i),
                    f"playbook '{playbook_id}' not found{did_you_mean(playbook_id, available)}; "
                    f"looked for {playbook_id}.yaml in {folders}",
                )
            )
            continue
        playbook, playbook_source = found
        playbooks[playbook_id] = playbook
        texts[Path(playbook_source.path).name] = playbook_source.text
    on_disk = {p.stem for d in dirs if d.is_dir() for p in d.glob("*.yaml")}
    line_of = _line_of(source)
    if partial is not None:
        line_of = partial.lines(line_of)
    findings = check_scenario(scenario, playbooks, on_disk, line_of)
    if partial is not None:
        findings = [(partial.locate(loc), message) for loc, message in findings if not partial.is_consequence(message)]
    problems += locate(source, findings)
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise ValidationFailed(f"{path}: {len(problems)} problem(s)", problems)
    digest = hashlib.sha256()
    for name in [path.name, *sorted(n for n in texts if n != path.name)]:
        digest.update(name.encode() + b"\0" + texts[name].encode() + b"\0")
    return LoadedScenario(scenario, playbooks, str(path), digest.hexdigest(), texts)


@_cycle_collection_paused()
def load_playbook(path: Path | str) -> Playbook:
    return _load_playbook_source(load_source(Path(path)))[0]


@_cycle_collection_paused()
def load_document(path: Path | str, playbook_dirs: Sequence[Path] = ()) -> Scenario | Playbook:
    """Load whichever a file holds, a scenario or a playbook, fully checked (parsed once)."""
    path = Path(path)
    source = load_source(path)
    if _is_playbook(source):
        return _load_playbook_source(source)[0]
    return _load_scenario_source(source, path, playbook_dirs).scenario


def _is_playbook(source: Source) -> bool:
    return "steps" in source.data and "injects" not in source.data


def _load_playbook_source(source: Source) -> tuple[Playbook, Source]:
    stem = Path(source.path).stem
    given = source.data.get("id") if isinstance(source.data, dict) else None
    named = (
        []
        if not isinstance(given, str) or given == stem
        else [source.problem(("id",), f"playbook id '{given}' must match its file name '{stem}.yaml'")]
    )
    try:
        playbook = Playbook.model_validate(source.data)
    except ValidationError as exc:
        problems = sorted([*problems_from(exc, source, Playbook), *named], key=lambda p: (p.line or 0, p.column or 0))
        raise ValidationFailed(f"{source.path}: invalid", problems) from None
    problems = locate(source, check_playbook(playbook, _line_of(source))) + named
    if problems:
        raise ValidationFailed(f"{source.path}: {len(problems)} problem(s)", problems)
    return playbook, source


def _find_playbook(playbook_id: str, dirs: Sequence[Path]) -> tuple[Playbook, Source] | None:
    for directory in dirs:
        candidate = directory / f"{playbook_id}.yaml"
        if candidate.is_file():
            return _load_playbook_source(load_source(candidate))
    return None


def validate_model(source: Source, model: type[M]) -> M:
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        raise ValidationFailed(f"{source.path}: invalid", problems_from(exc, source, model)) from None


def _line_of(source: Source) -> Callable[[tuple], int | None]:
    def line_of(loc: tuple) -> int | None:
        where = source.locate(loc)
        return where[0] if where else None

    return line_of


def _shown(directory: Path) -> str:
    """A folder as the user would write it: relative to the working folder when inside it."""
    try:
        return str(directory.relative_to(Path.cwd())) + "/"
    except ValueError:
        return str(directory) + "/"


def locate(source: Source, findings: list[Finding]) -> list[Problem]:
    problems = []
    for loc, message in findings:
        if len(loc) >= 2 and loc[-2] == "@":
            problems.append(_inside_value(source, loc[:-2], int(loc[-1]), message))
        else:
            problems.append(source.problem(loc, message))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _inside_value(source: Source, loc: tuple, offset: int, message: str) -> Problem:
    """A problem `offset` characters into a condition: exact column when written on one line."""
    where = source.locate(loc)
    if where is None:
        return Problem(source.path, None, None, message)
    line, column = where
    text_line = source.text.splitlines()[line - 1] if line - 1 < len(source.text.splitlines()) else ""
    first = text_line[column - 1 : column] if column - 1 < len(text_line) else ""
    if first in ('"', "'"):
        return Problem(source.path, line, column + 1 + offset, message)
    if loc in source.plain_scalars:
        return Problem(source.path, line, column + offset, message)
    return Problem(source.path, line, column, message)
