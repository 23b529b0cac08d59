"""The scenario as an HSEEP master scenario events list (MSEL), and back.

Planners edit injects in a spreadsheet; `export` writes one row per inject and decision
point (xlsx or csv), `import_rows` puts edited cells back into the scenario's YAML. The
scenario is read and checked by the project's loader (its safe-loading limits apply);
ruamel.yaml only edits and dumps the already-checked text, so comments and order survive.
Only cells whose value differs from what export would write are applied, so importing an
unchanged export changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tabletop.errors import TabletopError, did_you_mean
from tabletop.model.base import format_time, parse_duration
from tabletop.model.scenario import DecisionPoint, Scenario, Trigger

TEXTS = ("title", "body", "expected", "notes")
"""Text columns, one per language each (`title [en]`)."""
FORMULA_START = ("=", "+", "-", "@")
"""A cell starting with one of these is a formula to a spreadsheet: always written as text."""
CSV_QUOTE = "'"
"""In csv, a text cell starting with a formula character is written after this mark (stripped on import)."""
MAX_ROWS = 10_000
MAX_COLUMNS = 200
WHEN_WAIT = re.compile(r"^(?P<when>.*?)\s*;\s*(?P<kind>delay|holds_for):\s*(?P<wait>[^;]*)$", re.S)


def columns(languages: list[str]) -> list[str]:
    """The header row."""
    texts = [f"{name} [{lang}]" for name in TEXTS for lang in languages]
    return ["number", "kind", "id", "time or trigger", "move", "from", "to", "channel", *texts, "objectives"]


def _text(value: Any, lang: str, languages: list[str]) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang, "")


def _clock(seconds: int) -> str:
    return format_time(seconds)[2:]


def trigger_cell(trigger: Trigger) -> str:
    """`T+00:45` for a timed trigger, else the condition with its wait (`…; delay: 00:10`)."""
    if trigger.at is not None:
        return format_time(trigger.at)
    if trigger.holds_for is not None:
        return f"{trigger.when}; holds_for: {_clock(trigger.holds_for)}"
    if trigger.delay:
        return f"{trigger.when}; delay: {_clock(trigger.delay)}"
    return str(trigger.when)


def _options(decision: DecisionPoint, lang: str, languages: list[str]) -> str:
    return "\n".join(
        f"{o.id}: {_text(o.label, lang, languages)}" + (" (default)" if o.id == decision.default else "")
        for o in decision.options
    )


def rows(scenario: Scenario) -> list[dict[str, str]]:
    """One row per inject, then one per decision point, as cell texts by column name."""
    langs = scenario.languages
    out: list[dict[str, str]] = []
    for inject in scenario.injects:
        row = {
            "kind": "inject",
            "id": inject.id,
            "time or trigger": trigger_cell(inject),
            "move": inject.move or "",
            "from": inject.from_,
            "to": "all" if inject.to == "all" else ", ".join(inject.to),
            "channel": inject.channel,
            "objectives": "",
        }
        for lang in langs:
            row[f"title [{lang}]"] = _text(inject.title, lang, langs)
            row[f"body [{lang}]"] = _text(inject.body, lang, langs)
            row[f"expected [{lang}]"] = _text(inject.expected, lang, langs)
            row[f"notes [{lang}]"] = _text(inject.facilitator_notes, lang, langs)
        out.append(row)
    for decision in scenario.decisions:
        row = {
            "kind": "decision",
            "id": decision.id,
            "time or trigger": trigger_cell(decision.opens),
            "move": decision.move or "",
            "from": "",
            "to": ", ".join(decision.teams),
            "channel": "",
            "objectives": ", ".join(decision.objectives),
        }
        for lang in langs:
            row[f"title [{lang}]"] = _text(decision.prompt, lang, langs)
            row[f"body [{lang}]"] = ""
            row[f"expected [{lang}]"] = _options(decision, lang, langs)
            row[f"notes [{lang}]"] = ""
        out.append(row)
    for number, row in enumerate(out, 1):
        row["number"] = str(number)
    return out


# -- writing ---------------------------------------------------------------------------


def export(scenario: Scenario, path: Path) -> None:
    """Write the MSEL as xlsx or csv, chosen by the file's extension."""
    header = columns(scenario.languages)
    table = [[row[name] for name in header] for row in rows(scenario)]
    if path.suffix.lower() == ".csv":
        path.write_bytes(_csv_bytes(header, table))
    else:
        _write_xlsx(header, table, path)


def _csv_bytes(header: list[str], table: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for cells in table:
        writer.writerow([CSV_QUOTE + c if c.startswith(FORMULA_START) else c for c in cells])
    return buffer.getvalue().encode("utf-8")


def _write_xlsx(header: list[str], table: list[list[str]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "MSEL"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r, cells in enumerate(table, 2):
        for c, value in enumerate(cells, 1):
            cell = sheet.cell(row=r, column=c, value=value)
            cell.data_type = "s"  # never a formula, whatever the text starts with
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    for c, name in enumerate(header, 1):
        longest = max([len(name)] + [max((len(x) for x in row[c - 1].splitlines()), default=0) for row in table])
        sheet.column_dimensions[get_column_letter(c)].width = min(max(longest + 2, 8), 60)
    book.save(path)


# -- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One cell read back, with where it sits for messages."""

    value: str
    where: str


def read_table(path: Path) -> tuple[list[str], list[dict[str, Cell]]]:
    """The header and the rows of an MSEL file; each cell knows its reference (`msel.xlsx:MSEL!D14`).

    Held to the loader's file-size limit, and to MAX_ROWS rows (xlsx is read row by row).
    """
    from tabletop.loader.yaml_source import MAX_FILE_BYTES

    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TabletopError(f"{path}: file is too large ({size:,} bytes; limit {MAX_FILE_BYTES:,})")
    if path.suffix.lower() == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        grid = [
            [c[1:] if c.startswith(CSV_QUOTE) and c[1:].startswith(FORMULA_START) else c for c in cells]
            for cells in csv.reader(io.StringIO(text, newline=""))
        ]
        sheet_name = None
    else:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=False)
        sheet = book.worksheets[0]
        sheet_name = sheet.title
        grid = []
        for cells in sheet.iter_rows(values_only=True):
            if len(grid) > MAX_ROWS:
                book.close()
                raise TabletopError(f"{path}: more than {MAX_ROWS:,} rows; is this an MSEL exported by tabletop?")
            grid.append(["" if v is None else str(v) for v in cells[:MAX_COLUMNS]])
        book.close()
    if not grid:
        raise TabletopError(f"{path}: the file is empty; export one with `tabletop msel export`")
    header = [h.strip() for h in grid[0]]

    def ref(r: int, c: int) -> str:
        letter = _letter(c)
        return f"{path}:{sheet_name}!{letter}{r}" if sheet_name else f"{path}!{letter}{r}"

    table = []
    for r, cells in enumerate(grid[1:], 2):
        if not any(str(c).strip() for c in cells):
            continue
        table.append({name: Cell(cells[c] if c < len(cells) else "", ref(r, c + 1)) for c, name in enumerate(header)})
    return header, table


def _letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# -- importing -------------------------------------------------------------------------


class CellProblems(TabletopError):
    """Every bad cell, each as `file:Sheet!D14: problem`."""


def apply_rows(scenario: Scenario, document: Any, header: list[str], table: list[dict[str, Cell]]) -> int:
    """Put the changed cells into `document` (ruamel's round-trip data); return how many cells changed.

    Raise CellProblems listing every bad cell, before changing anything.
    """
    problems: list[str] = []
    expected = columns(scenario.languages)
    missing = [name for name in expected if name not in header and name != "number"]
    if missing:
        raise CellProblems(f"the header lacks the columns {', '.join(missing)}; export a fresh MSEL to see them")
    current = {(row["kind"], row["id"]): row for row in rows(scenario)}
    injects = {i.id: n for n, i in enumerate(scenario.injects)}
    decisions = {d.id: n for n, d in enumerate(scenario.decisions)}
    edits: list[tuple[Any, str, Any]] = []
    cells = 0
    touched: set[tuple[str, int]] = set()
    for row in table:
        kind, ident = row["kind"].value.strip(), row["id"].value.strip()
        if kind not in ("inject", "decision"):
            problems.append(
                f"{row['kind'].where}: kind is 'inject' or 'decision', not {kind!r}{did_you_mean(kind, ['inject', 'decision'])}"
            )
            continue
        known = injects if kind == "inject" else decisions
        if ident not in known:
            problems.append(f"{row['id'].where}: no {kind} {ident!r} in the scenario{did_you_mean(ident, known)}")
            continue
        section = "injects" if kind == "inject" else "decisions"
        node = document[section][known[ident]]
        before = current[(kind, ident)]
        for name in expected:
            if name in ("number", "kind", "id") or row[name].value == before[name]:
                continue
            problems += _edit(scenario, kind, node, name, row[name], edits)
            cells += 1
            touched.add((section, known[ident]))
    if problems:
        raise CellProblems("\n".join(problems))
    for target, key, value in edits:
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    return cells, touched


def _edit(scenario: Scenario, kind: str, node: Any, name: str, cell: Cell, edits: list) -> list[str]:
    value = cell.value.strip()
    where = cell.where
    teams = [t.id for t in scenario.teams]
    if name == "time or trigger":
        target = node if kind == "inject" else node["opens"]
        try:
            parts = _trigger(value)
        except ValueError as exc:
            return [f"{where}: {exc}"]
        for key in ("at", "when", "delay", "holds_for"):
            edits.append((target, key, parts.get(key)))
        return []
    if name == "move":
        moves = [m.id for m in scenario.moves]
        if value and value not in moves:
            return [f"{where}: no move {value!r}{did_you_mean(value, moves)}"]
        edits.append((node, "move", value or None))
        return []
    if name == "to":
        ids = [t.strip() for t in value.split(",") if t.strip()]
        if not ids:
            return [f"{where}: name the teams (comma-separated), or 'all'"]
        if kind == "inject" and ids == ["all"]:
            edits.append((node, "to", "all"))
            return []
        bad = [f"{where}: no team {t!r}{did_you_mean(t, teams)}" for t in ids if t not in teams]
        if not bad:
            edits.append(
                (node, "to" if kind == "inject" else "team", ids if len(ids) > 1 or kind == "inject" else ids[0])
            )
        return bad
    if name == "from" or name == "channel":
        if kind == "decision":
            return [f"{where}: a decision point has no '{name}'; leave it empty"] if value else []
        actors = [a.id for a in scenario.actors]
        if name == "from" and value not in actors:
            return [f"{where}: no actor {value!r}{did_you_mean(value, actors)}"]
        edits.append((node, "from" if name == "from" else "channel", value))
        return []
    if name == "objectives":
        ids = [t.strip() for t in value.split(",") if t.strip()]
        if kind == "inject":
            return [f"{where}: an inject has no objectives; leave it empty"] if ids else []
        known = [o.id for o in scenario.objectives]
        bad = [f"{where}: no objective {o!r}{did_you_mean(o, known)}" for o in ids if o not in known]
        if not bad:
            edits.append((node, "objectives", ids or None))
        return bad
    field, lang = name.split(" [", 1)
    lang = lang.rstrip("]")
    key = {
        ("inject", "title"): "title",
        ("inject", "body"): "body",
        ("inject", "expected"): "expected",
        ("inject", "notes"): "facilitator_notes",
        ("decision", "title"): "prompt",
    }.get((kind, field))
    if key is None:
        return [f"{where}: edit a decision's {'options' if field == 'expected' else field} in the YAML, not here"]
    edits.append((node, key, _text_value(node.get(key), lang, cell.value, scenario.languages)))
    return []


def _text_value(old: Any, lang: str, new: str, languages: list[str]) -> Any:
    """The text with `lang` set to `new`: a plain string stays one while it is the only language."""
    if isinstance(old, dict):
        merged = old
        merged[lang] = new
        return merged
    if len(languages) == 1 or (old is None and not new):
        return new or None
    return {code: (new if code == lang else (old or "")) for code in languages}


def _trigger(value: str) -> dict[str, Any]:
    """A `time or trigger` cell as trigger keys: `T+00:45` → at, else when (with delay/holds_for)."""
    if not value:
        raise ValueError("give a time (T+00:45) or a condition")
    if value.startswith("T+") or re.fullmatch(r"\d{1,3}:\d\d(:\d\d)?", value):
        return {"at": _duration(parse_duration(value))}
    found = WHEN_WAIT.match(value)
    if not found:
        return {"when": value}
    wait = parse_duration(found["wait"].strip())
    return {"when": found["when"], found["kind"]: _duration(wait)}


def _duration(seconds: int) -> str:
    """Seconds as the format's own words: `1h30m`, `45m`, `90s`."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "") + (f"{secs}s" if secs else "")
    return text or "0m"


def import_msel(scenario_path: Path, msel_path: Path, output: Path) -> int:
    """Apply an MSEL to a scenario and write the result to `output`; return how many cells changed.

    The scenario is loaded (and checked, within the loader's limits) first; the result must
    validate too, else nothing is written. An unchanged MSEL writes the scenario's own bytes.
    """
    import os
    import tempfile

    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    from tabletop.loader import load_scenario

    scenario = load_scenario(scenario_path).scenario
    original = scenario_path.read_bytes()
    header, table = read_table(msel_path)
    yaml = YAML()  # round-trip mode: comments, order and quoting kept
    yaml.preserve_quotes = True
    yaml.width = 4096
    text = original.decode("utf-8")
    _, indent, offset = load_yaml_guess_indent(text)
    # the file's own indentation (`indent` is the sequences', items' dashes sit `offset` in)
    yaml.indent(mapping=indent - offset if offset else indent, sequence=indent, offset=offset)
    document = yaml.load(text)
    changed, touched = apply_rows(scenario, document, header, table)
    data = _splice(text, document, touched, yaml).encode("utf-8") if changed else original
    # checked beside the scenario, so its playbooks and attachments are found
    fd, name = tempfile.mkstemp(suffix=".yaml", dir=scenario_path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        try:
            load_scenario(name)
        except TabletopError as exc:
            raise TabletopError(str(exc).replace(name, str(output))) from None
        os.replace(name, output)
    finally:
        if os.path.exists(name):
            os.unlink(name)
    return changed


def _splice(text: str, document: Any, touched: set[tuple[str, int]], yaml: Any) -> str:
    """The file with only the edited items re-dumped: every other line stays as written.

    (ruamel keeps comments and order, but would re-flow hand-wrapped flow mappings elsewhere.)
    """
    import textwrap

    lines = text.splitlines(keepends=True)
    keys = list(document)
    spans = []
    for section, index in touched:
        items = document[section]
        start = items.lc.item(index)[0]
        if index + 1 < len(items):
            end = items.lc.item(index + 1)[0]
        else:
            after = keys.index(section) + 1
            end = document.lc.key(keys[after])[0] if after < len(keys) else len(lines)
        while end > start + 1 and _aside(lines[end - 1]):
            end -= 1  # blank lines and comments between items stay as written
        dash = len(lines[start]) - len(lines[start].lstrip(" "))
        buffer = io.StringIO()
        yaml.dump([items[index]], buffer)
        dumped = buffer.getvalue().splitlines(keepends=True)
        while dumped and _aside(dumped[-1]):
            dumped.pop()
        dumped = textwrap.indent(textwrap.dedent("".join(dumped)), " " * dash)
        spans.append((start, end, dumped))
    for start, end, dumped in sorted(spans, reverse=True):
        lines[start:end] = [dumped]
    return "".join(lines)


def _aside(line: str) -> bool:
    """A blank or comment-only line."""
    return not line.strip() or line.lstrip().startswith("#")
