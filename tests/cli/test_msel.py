"""`tabletop msel`: injects and decision points out to a spreadsheet and back into the YAML."""

from __future__ import annotations

import csv
import shutil

import pytest
from openpyxl import load_workbook

from tabletop.cli import main
from tabletop.loader import load_scenario
from tests.conftest import FIXTURES, ROOT

SOURCES = [*sorted((ROOT / "scenarios").glob("*.yaml")), FIXTURES / "moves.yaml"]
HOSTILE = ['=HYPERLINK("http://x","click")', "[/] [bold]not markup", '<script>alert("x")</script>', "+1", "-2", "@sum"]


@pytest.fixture
def scenario(project, request):
    """A copy of a scenario in the scratch project (beside the bundled playbooks)."""
    source = getattr(request, "param", FIXTURES / "minimal.yaml")
    path = project / "scenarios" / source.name
    shutil.copy(source, path)
    return path


def read_csv(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def cells(path):
    return [list(row) for row in load_workbook(path).worksheets[0].iter_rows(values_only=True)]


def edit(path, row_id, column, value):
    """Set one cell of the row for `row_id`, in a csv or an xlsx export."""
    if path.suffix == ".csv":
        rows = read_csv(path)
        row = next(r for r in rows if r[2] == row_id)
        row[rows[0].index(column)] = value
        write_csv(path, rows)
        return
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[2].value == row_id:
            row[header.index(column)].value = value
            row[header.index(column)].data_type = "s"
    book.save(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("scenario", SOURCES, ids=lambda p: p.stem, indirect=True)
def test_round_trip_changes_nothing(scenario, suffix, tmp_path):
    before = scenario.read_bytes()
    first, second = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
    assert main(["msel", "export", str(scenario), "-o", str(first)]) == 0
    assert main(["msel", "import", str(first), "--into", str(scenario)]) == 0
    assert scenario.read_bytes() == before
    assert main(["msel", "export", str(scenario), "-o", str(second)]) == 0
    if suffix == ".csv":
        assert first.read_bytes() == second.read_bytes()
    else:
        assert cells(first) == cells(second)
    loaded = load_scenario(scenario).scenario
    assert len(cells(first) if suffix == ".xlsx" else read_csv(first)) == 1 + len(loaded.injects) + len(
        loaded.decisions
    )


def test_xlsx_has_a_frozen_header_and_one_column_per_language(project, tmp_path):
    path = project / "scenarios" / "canal.yaml"
    shutil.copy(ROOT / "scenarios" / "canal-ransomware.yaml", path)
    out = tmp_path / "msel.xlsx"
    assert main(["msel", "export", str(path), "-o", str(out)]) == 0
    sheet = load_workbook(out).worksheets[0]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert {"title [en]", "title [es]", "time or trigger", "expected [es]", "notes [en]"} <= set(header)
    kinds = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert kinds == {"inject", "decision"}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_edited_title_and_time_land_in_the_yaml(scenario, suffix, tmp_path, capsys):
    out = tmp_path / f"msel{suffix}"
    assert main(["msel", "export", str(scenario), "-o", str(out)]) == 0
    edit(out, "first_report", "title [en]", "Ransom note found at 06:00")
    edit(out, "first_report", "time or trigger", "T+00:10")
    edit(out, "contain", "time or trigger", "state.public_pressure >= 40; holds_for: 00:05")
    assert main(["msel", "import", str(out), "--into", str(scenario)]) == 0
    assert "3 cell(s) changed" in capsys.readouterr().out
    loaded = load_scenario(scenario).scenario
    first = next(i for i in loaded.injects if i.id == "first_report")
    assert (first.title, first.at) == ("Ransom note found at 06:00", 600)
    contain = next(d for d in loaded.decisions if d.id == "contain")
    assert (contain.opens.when, contain.opens.holds_for, contain.opens.at) == ("state.public_pressure >= 40", 300, None)


def test_import_to_another_file_leaves_the_scenario_alone(scenario, tmp_path):
    before = scenario.read_bytes()
    out, new = tmp_path / "msel.csv", scenario.parent / "new.yaml"
    main(["msel", "export", str(scenario), "-o", str(out)])
    edit(out, "first_report", "to", "mfa_cell")
    assert main(["msel", "import", str(out), "--into", str(scenario), "-o", str(new)]) == 0
    assert scenario.read_bytes() == before
    assert next(i for i in load_scenario(new).scenario.injects if i.id == "first_report").to == ["mfa_cell"]


@pytest.mark.parametrize(
    ("suffix", "where"), [(".csv", "msel.csv!"), (".xlsx", "msel.xlsx:MSEL!")], ids=["csv", "xlsx"]
)
def test_bad_cells_are_reported_by_reference_and_nothing_is_written(scenario, suffix, where, tmp_path, capsys):
    before = scenario.read_bytes()
    out = tmp_path / f"msel{suffix}"
    main(["msel", "export", str(scenario), "-o", str(out)])
    edit(out, "first_report", "time or trigger", "T+ten")
    edit(out, "press_call", "to", "mfa_cel")
    edit(out, "first_report", "title [en]", "a good edit, not applied")
    capsys.readouterr()
    assert main(["msel", "import", str(out), "--into", str(scenario)]) == 1
    err = capsys.readouterr().err
    assert f"{where}D2: " in err
    assert f"{where}G3: no team 'mfa_cel' (did you mean 'mfa_cell'?)" in err
    assert "Traceback" not in err
    assert scenario.read_bytes() == before


def test_a_result_that_does_not_validate_is_not_written(scenario, tmp_path, capsys):
    before = scenario.read_bytes()
    out = tmp_path / "msel.csv"
    main(["msel", "export", str(scenario), "-o", str(out)])
    edit(out, "first_report", "channel", "pigeon")
    assert main(["msel", "import", str(out), "--into", str(scenario)]) == 1
    assert "pigeon" in capsys.readouterr().err
    assert scenario.read_bytes() == before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_spanish_and_hostile_texts_round_trip_literally(project, suffix, tmp_path):
    path = project / "scenarios" / "canal.yaml"
    shutil.copy(ROOT / "scenarios" / "canal-ransomware.yaml", path)
    out = tmp_path / f"msel{suffix}"
    main(["msel", "export", str(path), "-o", str(out)])
    ids = [i.id for i in load_scenario(path).scenario.injects]
    for ident, text in zip(ids, HOSTILE, strict=False):
        edit(out, ident, "title [en]", text)
        edit(out, ident, "body [es]", f"Señal {text} — ¿qué hacéis?")
    assert main(["msel", "import", str(out), "--into", str(path)]) == 0
    injects = {i.id: i for i in load_scenario(path).scenario.injects}
    for ident, text in zip(ids, HOSTILE, strict=False):
        assert injects[ident].title["en"] == text
        assert injects[ident].body["es"] == f"Señal {text} — ¿qué hacéis?"
    again = tmp_path / f"again{suffix}"
    main(["msel", "export", str(path), "-o", str(again)])
    if suffix == ".xlsx":
        assert cells(again) == cells(out)
        sheet = load_workbook(again).worksheets[0]
        assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=2) for c in row if c.value)
    else:  # written with a leading ' so a spreadsheet never runs it; read back without it
        assert "'=HYPERLINK" in again.read_text(encoding="utf-8")
        before = path.read_bytes()
        assert main(["msel", "import", str(again), "--into", str(path)]) == 0
        assert path.read_bytes() == before


@pytest.mark.parametrize("scenario", [FIXTURES / "moves.yaml"], ids=["moves"], indirect=True)
def test_unknown_move_and_actor_get_did_you_mean(scenario, tmp_path, capsys):
    out = tmp_path / "msel.xlsx"
    main(["msel", "export", str(scenario), "-o", str(out)])
    first = load_scenario(scenario).scenario.injects[0]
    move = load_scenario(scenario).scenario.moves[0].id
    edit(out, first.id, "move", move + "x")
    edit(out, first.id, "from", first.from_[:-1])
    capsys.readouterr()
    assert main(["msel", "import", str(out), "--into", str(scenario)]) == 1
    err = capsys.readouterr().err
    assert f"msel.xlsx:MSEL!E2: no move '{move}x' (did you mean '{move}'?)" in err
    assert f"msel.xlsx:MSEL!F2: no actor '{first.from_[:-1]}' (did you mean '{first.from_}'?)" in err
