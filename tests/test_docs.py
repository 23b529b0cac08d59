"""Every ```yaml block in README.md and docs/*.md validates, so the guide never teaches a
format the loader refuses.

A block is a whole document (a scenario, a playbook or a decision script) and is validated
as `tabletop validate` would; a decision script is also checked against the last whole
scenario before it in the same file, or the one a `# scenario: <id>` line in it names. A block whose first line is `# fragment` shows part of
one: it must parse as YAML, and with `# fragment: <Model>` (a model class, e.g. `Inject`,
`DecisionPoint`, `Scenario`) each key it gives must be a field of that model whose value
validates (a list of such mappings, too).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Annotated

import pytest
import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from tabletop.errors import ValidationFailed
from tabletop.loader import load_document
from tabletop.model import Playbook, Scenario
from tabletop.model.exercise import ExerciseFile, PlanFile
from tabletop.model.reference import _collect
from tabletop.model.script import DecisionScript
from tests.conftest import ROOT

BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.S | re.M)
FRAGMENT = re.compile(r"^# fragment(?::\s*(\w+))?\s*$")
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _blocks(doc: Path) -> list[tuple[int, str]]:
    text = doc.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 2, m.group(1)) for m in BLOCK.finditer(text)]


BLOCKS = [(doc, line, body) for doc in DOCS for line, body in _blocks(doc)]


def _models() -> dict[str, type[BaseModel]]:
    found: list[type[BaseModel]] = []
    for root in (Scenario, Playbook, DecisionScript, ExerciseFile, PlanFile):
        _collect(root, found)
    return {m.__name__: m for m in found}


def _validate_part(model: type[BaseModel], data: object, where: str) -> list[str]:
    """Problems of a mapping (or a list of them) as keys of `model`, each value checked by its field's type."""
    if isinstance(data, list):
        return [p for i, item in enumerate(data) for p in _validate_part(model, item, f"{where}[{i}]")]
    if not isinstance(data, dict):
        return [f"{where}: expected keys of {model.__name__}, got {type(data).__name__}"]
    fields = {(f.alias or name): f for name, f in model.model_fields.items()}
    problems = []
    for key, value in data.items():
        field = fields.get(key)
        if field is None:
            problems.append(f"{where}.{key}: not a key of {model.__name__}")
            continue
        annotation = field.annotation
        for meta in field.metadata:
            annotation = Annotated[annotation, meta]
        try:
            TypeAdapter(annotation).validate_python(value)
        except ValidationError as exc:
            problems.append(f"{where}.{key}: {exc.errors()[0]['msg']}")
    return problems


def _project(tmp_path: Path) -> Path:
    (tmp_path / "scenarios").mkdir()
    shutil.copytree(ROOT / "playbooks", tmp_path / "playbooks")
    return tmp_path / "scenarios"


def _write(folder: Path, body: str, line: int) -> Path:
    """The block as a file: a playbook named by its id (as the loader wants), others by their line."""
    data = yaml.safe_load(body)
    playbook = isinstance(data, dict) and {"id", "owner", "steps"} <= data.keys()
    path = folder / f"{data['id'] if playbook else f'block-{line}'}.yaml"
    path.write_text(body, encoding="utf-8")
    return path


SCENARIO_NAMED = re.compile(r"^# scenario:\s*(\S+)\s*$", re.M)


def _scenario_for(doc: Path, line: int, script: str, folder: Path) -> Scenario | None:
    """The scenario a script block is checked against: the one it names, else the last shown before it."""
    named = SCENARIO_NAMED.search(script)
    scenario = None
    for other, earlier, body in BLOCKS:
        if other == doc and earlier < line and not FRAGMENT.match(body.splitlines()[0] if body else ""):
            document = load_document(_write(folder, body, earlier))
            if isinstance(document, Scenario) and (named is None or document.id == named.group(1)):
                scenario = document
    assert named is None or scenario is not None, f"no scenario '{named.group(1)}' is shown before line {line}"
    return scenario


@pytest.mark.parametrize(("doc", "line", "body"), BLOCKS, ids=[f"{d.name}:{n}" for d, n, _ in BLOCKS])
def test_yaml_block_validates(doc, line, body, tmp_path):
    where = f"{doc.relative_to(ROOT)}:{line}"
    first = body.splitlines()[0] if body else ""
    fragment = FRAGMENT.match(first)
    if fragment:
        data = yaml.safe_load(body)
        if fragment.group(1):
            models = _models()
            assert fragment.group(1) in models, f"{where}: '# fragment: {fragment.group(1)}' names no model"
            problems = _validate_part(models[fragment.group(1)], data, where)
            assert not problems, "\n".join(problems)
        return
    folder = _project(tmp_path)
    try:
        path = _write(folder, body, line)
        document = load_document(path)
        scenario = _scenario_for(doc, line, body, folder) if isinstance(document, DecisionScript) else None
        if scenario is not None:
            load_document(path, scenario=scenario)
    except ValidationFailed as exc:
        pytest.fail(f"{where}: the block does not validate (mark a part with '# fragment: <Model>'):\n{exc}")


def test_the_docs_have_yaml_blocks_to_check():
    assert len(BLOCKS) >= 4


def test_a_fragment_with_a_misspelt_key_or_a_bad_value_fails():
    from tabletop.model.scenario import Inject

    problems = _validate_part(Inject, [{"facilitator_note": "x"}, {"at": "soon"}], "doc.md:1")
    assert problems[0] == "doc.md:1[0].facilitator_note: not a key of Inject"
    assert problems[1].startswith("doc.md:1[1].at: Value error, expected a duration")


@pytest.mark.parametrize(
    "name",
    ["msp-supply-chain.yaml", "msp-supply-chain/good.yaml", "msp-supply-chain/poor.yaml", "msp-supply-chain/late.yaml"],
)
def test_the_worked_example_in_the_guide_is_the_one_in_examples(name):
    """The guide shows the files the tests play (tests/cli/test_worked_example.py), word for word."""
    blocks = {body for _, _, body in BLOCKS}
    assert (ROOT / "examples" / name).read_text(encoding="utf-8") in blocks, (
        f"docs/authoring.md and examples/{name} differ"
    )
