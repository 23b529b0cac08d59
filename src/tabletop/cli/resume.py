"""`tabletop resume`: rebuild a session from its file and show where it stands."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table

from tabletop.cli.common import add_command, console, fork_note, print_json, styled
from tabletop.cli.run import add_lang, add_listen


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(
        commands,
        "resume",
        "Reopen a session after a stop or a crash: replay and check it, then open the console, paused.",
        "tabletop resume canal.db",
    )
    parser.add_argument("session", type=Path, metavar="SESSION")
    parser.add_argument("--scenario", type=Path, metavar="FILE", help="the scenario file, if it moved")
    parser.add_argument(
        "--use-stored", action="store_true", help="continue on the copy of the scenario kept in the session file"
    )
    parser.add_argument(
        "--status",
        action="store_true",
        help="print where the session stands instead of opening the console "
        "(read-only: works while a console has it open, and in a read-only folder)",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable status (implies --status)")
    add_listen(parser)
    add_lang(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so that `validate` and friends never load the session store (sqlite3).
    from tabletop.model.base import format_time, text_in
    from tabletop.session import Session

    if not (args.status or args.json):
        from tabletop.cli.run import open_console

        return open_console(
            Session.resume(args.session, scenario_path=args.scenario, use_stored=args.use_stored),
            args.listen,
            args.lang,
        )
    session = Session.resume(
        args.session, scenario_path=args.scenario, use_stored=args.use_stored, writable=False, keep_events=False
    )
    try:
        status = session_status(session)
    finally:
        session.close()
    if args.json:
        print_json(status)
        return 0
    out = console()
    engine = session.engine
    scenario = session.loaded.scenario
    lang = scenario.languages[0]
    state = "ended (" + str(engine.outcome) + ")" if engine.ended else ("paused" if engine.paused else "running")
    out.print(
        styled(
            (text_in(scenario.title, lang), "bold"),
            f" — {status['commands']} command(s) replayed and verified; clock at {format_time(engine.now)}, {state}",
        )
    )
    if note := fork_note(session.store.meta().fork):
        out.print(note)
    levels = Table("actor", "level", title="Escalation")
    for actor, level in engine.levels.items():
        levels.add_row(actor, f"{level} {text_in(scenario.ladder_of(actor)[level], lang)}")
    out.print(levels)
    if status["open_decisions"]:
        out.print(
            "Open decisions: "
            + ", ".join(
                f"{d['decision']} ({d['team']}, closes {format_time(d['deadline'])})" for d in status["open_decisions"]
            )
        )
    return 0


def session_status(session) -> dict:
    engine = session.engine
    return {
        "session": session.store.path,
        "scenario": session.loaded.scenario.id,
        "commands": session.store.count(),
        "time": engine.now,
        "started": engine.started,
        "paused": engine.paused,
        "ended": engine.ended,
        "outcome": engine.outcome,
        "levels": dict(engine.levels),
        "state": dict(engine.state),
        "open_decisions": [
            {"decision": d, "team": session.engine.compiled.decisions[d].teams[0], "deadline": s.deadline}
            for d, s in engine.decisions.items()
            if s.status == "open"
        ],
        "delivered": list(engine.delivered),
        "fork": session.store.meta().fork or None,
    }
