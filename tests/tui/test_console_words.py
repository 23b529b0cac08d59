"""The console speaks the facilitator's language (`--lang`), and people read labels, not ids."""

from __future__ import annotations

import asyncio

from textual.widgets import DataTable, Select, TabbedContent

from tabletop.engine import commands as c
from tabletop.tui.forms import FormScreen, MessageScreen
from tests.tui.conftest import Toasts, text

IDS = ("csirt_cell", "mfa_cell", "isolate_segment", "wipe_restore", "d_contain", "ended_by_facilitator")


def run(app, scenario, size=(120, 40)):
    toasts = Toasts()

    async def go():
        async with app.run_test(size=size, message_hook=toasts) as pilot:
            await scenario(pilot)

    asyncio.run(go())
    return toasts


def footer(app) -> set[str]:
    """The footer entries fully visible at 80 columns."""
    return {
        key.description for key in app.screen.query("Footer FooterKey") if key.region.width and key.region.right <= 80
    }


def form_text(app) -> str:
    return "\n".join(str(label.content) for label in app.screen.query(".field-label, .dialog-title, .hint"))


def test_a_spanish_console_has_spanish_tabs_clock_and_footer_with_quit_help_and_end_at_80x24(spanish_console):
    async def scenario(pilot):
        await pilot.pause()
        tabbed = spanish_console.query_one("#tabs", TabbedContent)
        tabs = [
            str(tabbed.get_tab(pane).label) for pane in ("timeline", "escalation", "state", "teams", "log", "online")
        ]
        assert tabs == ["1 Cronología", "2 Escalada", "3 Estado", "4 Equipos", "5 Registro", "6 En línea"]
        assert "sin empezar · espacio para empezar" in text(spanish_console, "#clock")
        assert {"Salir", "Ayuda", "Fin"} <= footer(spanish_console)
        columns = [
            str(column.label) for column in spanish_console.query_one("#timeline-table", DataTable).columns.values()
        ]
        assert columns == ["cuándo", "estado", "elemento", "título"]

    run(spanish_console, scenario, size=(80, 24))


def test_help_lists_quit_help_and_end_in_the_facilitators_language_at_80x24(spanish_console):
    async def scenario(pilot):
        await pilot.press("question_mark")
        assert isinstance(spanish_console.screen, MessageScreen)
        shown = "\n".join(" ".join(line.split()) for line in text(spanish_console, "#message-body").splitlines())
        assert "q salir (todo está ya guardado)" in shown
        assert "? esta ayuda" in shown
        assert "e terminar el ejercicio y redactar el informe posterior" in shown
        assert text(spanish_console, ".dialog-title") == "Teclas"

    run(spanish_console, scenario, size=(80, 24))


def record_mfa_decision(app, expected: tuple[str, ...]) -> None:
    async def scenario(pilot):
        await pilot.press("space", "space", *("n" * 5))
        await pilot.press("r", "down", "enter")  # d_mfa_first, the second open decision point
        assert isinstance(app.screen, FormScreen)
        shown = form_text(app)
        for words in expected:
            assert words in shown
        options = [str(prompt) for prompt, _ in app.screen.query_one("#field-option", Select)._options]
        assert not set(IDS) & set(options)
        await pilot.press("escape")

    run(app, scenario)


def test_an_english_console_records_the_spanish_reading_teams_decision_in_english(console):
    """The MFA cell reads Spanish; the facilitator who chose English reads its decision in English."""
    expected = (
        "Record a decision",
        "Foreign-ministry cell (MFA): The crisis room meets",
        "Rationale",
        "Ctrl+S send · Tab next field",
    )
    record_mfa_decision(console, expected)


def test_a_spanish_console_has_spanish_forms(spanish_console):
    expected = ("Registrar una decisión", "Célula de cancillería (MRE): ", "Justificación", "Ctrl+S enviar · Tab campo")
    record_mfa_decision(spanish_console, expected)


def test_the_score_form_answers_in_spanish(spanish_console):
    async def scenario(pilot):
        await pilot.press("space", "space", "s")
        form = spanish_console.screen
        assert "Ajustar una puntuación" in form_text(spanish_console)
        form.query_one("#field-team").value = "mfa_cell"
        form.query_one("#field-points").value = "dos"
        await pilot.press("ctrl+s")
        assert text(spanish_console, "#form-error") == "Los puntos deben ser un número, no 'dos'."
        await pilot.press("escape")

    run(spanish_console, scenario)


def test_a_recorded_decision_is_toasted_with_the_team_name_and_the_option_label(console):
    async def scenario(pilot):
        await pilot.press("space", "space", *("n" * 5))
        await pilot.press("r", "enter")  # d_contain
        await pilot.press("enter", "down", "down", "enter")  # the second option: wipe and restore
        await pilot.press("tab", "tab", *"Fast", "ctrl+s")
        await pilot.pause()

    toasts = run(console, scenario)
    assert toasts == [
        "Decision recorded: CSIRT cell (AurCERT) decided 'The CAA asks for your containment advice. What do you "
        "recommend for the IT network and the IT/OT conduit?': Wipe the encrypted servers now and restore last "
        "night's backups to get scheduling back fast"
    ]


def test_a_teams_submission_is_toasted_with_labels_in_the_consoles_language(spanish_console):
    async def scenario(pilot):
        await pilot.press("space", "space", *("n" * 5))
        command = c.Decide(team="csirt_cell", decision="d_contain", option="isolate_segment", rationale="r")
        spanish_console.submit(command)
        spanish_console.submission_arrived("csirt_cell", command)
        while spanish_console._refresh_pending:  # the screen catches up a moment later
            await pilot.pause()

    [toast] = run(spanish_console, scenario)
    assert toast.startswith("Respuesta de un equipo: Célula CSIRT (AurCERT) decidió 'La ACA pide su consejo")
    assert toast.endswith(
        ": Capturar la memoria de los equipos clave y luego cortar el conducto IT/OT, aislar "
        "los segmentos IT afectados, deshabilitar la cuenta de administrador comprometida y "
        "bloquear los indicadores conocidos"
    )


def test_tables_and_the_clock_show_labels_not_ids(console):
    async def scenario(pilot):
        await pilot.press("space", "space", *("n" * 6), "y")  # d_contain closes with its default
        timeline = console.query_one("#timeline-table", DataTable)
        row = timeline.get_row("decision d_contain")
        assert str(row[1]) == "closed: default: Keep systems running an…"  # cut: the title stays in view
        assert str(row[3]).startswith("CSIRT cell (AurCERT): The CAA asks")
        await pilot.press("4")
        decisions = console.query_one("#decisions-mfa_cell", DataTable)
        assert (
            str(decisions.get_row_at(0)[2])
            == "Treat it as a technical incident for now; no crisis cell, no press lines"
        )
        console.submit(c.End())
        await pilot.pause()
        assert "ENDED · ended by the facilitator" in text(console, "#clock")
        shown = [  # the timeline's item column and the log name ids on purpose, for reference
            str(cell)
            for table in console.query(DataTable)
            if table.id != "log-table"
            for r in range(table.row_count)
            for n, cell in enumerate(table.get_row_at(r))
            if not (table.id == "timeline-table" and n == 2)
        ]
        shown += [text(console, "#clock")]
        assert not [value for value in shown if set(IDS) & set(value.replace(":", " ").split())]

    run(console, scenario)


def test_each_key_of_an_action_has_its_own_binding_in_the_chosen_language(spanish_console):
    """`+` and `=` both speed up, `?` and F1 both open help: each key is bound alone, with its Spanish label."""
    bound = {
        key: [(b.key, b.description) for b in found] for key, found in spanish_console._bindings.key_to_bindings.items()
    }
    assert bound["plus"] == [("plus", "Más rápido")] and bound["equals_sign"] == [("equals_sign", "Más rápido")]
    assert bound["question_mark"] == [("question_mark", "Ayuda")] and bound["f1"] == [("f1", "Ayuda")]


def test_a_spanish_console_logs_events_in_spanish(spanish_console):
    async def scenario(pilot):
        await pilot.press("space", "space", *("n" * 6), "y")
        spanish_console.submit(c.End())
        await pilot.pause()
        await pilot.press("5")
        log = spanish_console.query_one("#log-table", DataTable)
        lines = [str(log.get_row_at(r)[1]) for r in range(log.row_count)]
        assert lines[0] == "comenzó el ejercicio (semilla 1)"
        assert any(line.startswith("inyección ") for line in lines)
        assert "terminó el ejercicio: terminado por el facilitador" in lines
        english = ("exercise started", "inject ", "decision ", " level ", "ended_by_facilitator", "exercise ended")
        assert not [line for line in lines if any(phrase in line for phrase in english)]

    run(spanish_console, scenario)
