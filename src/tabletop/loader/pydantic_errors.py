"""Turn pydantic's validation errors into `file:line:col: message` problems.

Each error's `loc` is walked through the loaded data to find the YAML node it refers to.
Labels that pydantic adds for union branches are skipped, and the branches of one union
that all failed are folded into a single "expected X or Y" message. Wording comes from
messages.yaml, not from code.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from tabletop.errors import Problem, did_you_mean
from tabletop.loader.yaml_source import Location, Source


@cache
def _table() -> dict[str, dict[str, str]]:
    return yaml.safe_load(resources.files("tabletop.loader").joinpath("messages.yaml").read_text("utf-8"))


def problems_from(error: ValidationError, source: Source, model: type[BaseModel]) -> list[Problem]:
    """All of `error`'s problems, located in `source`, deduplicated and in file order."""
    resolved = [_resolve(e, source.data) for e in error.errors(include_url=False)]
    problems: list[Problem] = []
    for path, at_key, errors in _fold_unions(resolved):
        message = _message(errors, path, source, model)
        problems.append(source.problem(path, message, key=at_key))
    return sorted(set(problems), key=lambda p: (p.line or 0, p.column or 0, p.message))


def _resolve(error: dict[str, Any], data: Any) -> tuple[Location, Location, bool, dict[str, Any]]:
    """(data path, union site or (), whether to point at the key, error)."""
    path: list[str | int] = []
    union_site: Location = ()
    current = data
    loc = error["loc"]
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            path.append(part)
            current = current[part]
        elif part == "[key]":
            return tuple(path), union_site, True, error
        elif last and error["type"] == "missing":
            return tuple(path), union_site, True, {**error, "field": part}
        elif not last or error["type"] != "extra_forbidden":
            union_site = union_site or tuple(path)
    return tuple(path), union_site, error["type"] == "extra_forbidden", error


def _fold_unions(
    resolved: Iterable[tuple[Location, Location, bool, dict[str, Any]]],
) -> list[tuple[Location, bool, list[dict[str, Any]]]]:
    """Group the failed branches of each union; keep the deepest when one got further."""
    plain: list[tuple[Location, bool, list[dict[str, Any]]]] = []
    unions: dict[Location, list[tuple[Location, bool, dict[str, Any]]]] = {}
    for path, site, at_key, error in resolved:
        if site:
            unions.setdefault(site, []).append((path, at_key, error))
        else:
            plain.append((path, at_key, [error]))
    for site, branches in unions.items():
        deeper = [b for b in branches if len(b[0]) > len(site) or b[1]]
        if deeper:
            plain.extend((path, at_key, [error]) for path, at_key, error in deeper)
        else:
            plain.append((site, False, [error for _, _, error in branches]))
    return plain


def _message(errors: list[dict[str, Any]], path: Location, source: Source, model: type[BaseModel]) -> str:
    table = _table()
    if len(errors) > 1:
        expected = list(dict.fromkeys(table["expects"].get(e["type"], e["type"]) for e in errors))
        if len(expected) > 1:
            return f"expected {' or '.join(expected)}, got {_kind(errors[0]['input'])}"
    error = errors[0]
    kind = error["type"]
    if kind == "extra_forbidden" and error.get("input") is None:
        kind = "extra_forbidden_empty"
    template = table["messages"].get(kind)
    if template is None:
        return error["msg"]
    context = dict(error.get("ctx") or {})
    field = str(error.get("field", path[-1] if path else ""))
    value = error.get("input")
    context.update(
        field=field,
        input=_short(value),
        input_kind=_kind(value),
        msg=error["msg"].removeprefix("Value error, "),
        expected=context.get("expected", ""),
        what=table["patterns"].get(context.get("pattern", ""), "value"),
        suggestion="",
    )
    if kind == "extra_forbidden":
        context["suggestion"] = did_you_mean(field, _allowed_keys(model, path[:-1], source.data))
    elif kind == "literal_error":
        choices = [c.strip().strip("'") for c in context["expected"].replace("' or '", "', '").split("', '")]
        context["suggestion"] = did_you_mean(str(value), choices)
        context["expected"] = (
            f"one of the {len(choices)} values listed in docs/authoring.md"
            if len(choices) > 16
            else f"one of: {context['expected']}"
        )
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return error["msg"]


def _allowed_keys(model: type[BaseModel], path: Location, data: Any) -> list[str]:
    """The keys a model accepts at `path`, found by walking the model's fields."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        current = _field_model(current, part)
        if current is None:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _field_model(model: Any, key: str) -> Any:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return None
    for name, field in model.model_fields.items():
        if (field.alias or name) == key:
            return _first_model(field.annotation)
    return None


def _first_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _first_model(arg)
        if found is not None:
            return found
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"'{_short(value)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
