"""Play a scenario to its end with a decision script: the headless run behind `tabletop play`."""

from __future__ import annotations

from typing import Any

from tabletop.engine import CommandRefused
from tabletop.engine import commands as c
from tabletop.engine.core import CLOSED, OPEN
from tabletop.errors import Problem, TabletopError
from tabletop.loader.yaml_source import Source
from tabletop.model.base import format_time
from tabletop.model.script import (
    DecideStep,
    DecisionScript,
    DeliverStep,
    EndStep,
    FeedbackStep,
    HotWashStep,
    MarkStep,
    NoteStep,
    RateStep,
    ScoreStep,
    StartMoveStep,
)
from tabletop.session.session import Session


def step_command(step: Any) -> Any:
    """The session command a script step stands for."""
    if isinstance(step, DecideStep):
        return c.Decide(
            team=step.team, decision=step.decide, option=step.option, text=step.text, rationale=step.rationale
        )
    if isinstance(step, NoteStep):
        return c.Note(text=step.note, team=step.team)
    if isinstance(step, DeliverStep):
        return c.DeliverInject(inject=step.deliver)
    if isinstance(step, ScoreStep):
        return c.ScoreAdjust(
            team=step.score, points=step.points, reason=step.reason, decision=step.decision, criterion=step.criterion
        )
    if isinstance(step, RateStep):
        return c.RateObjective(objective=step.rate, rating=step.rating, note=step.note)
    if isinstance(step, StartMoveStep):
        return c.StartMove(move=step.start_move)
    if isinstance(step, FeedbackStep):
        return c.ParticipantFeedback.of(step.feedback, step)
    if isinstance(step, HotWashStep):
        return c.HotWash(point=step.hot_wash, text=step.text, team=step.team)
    if isinstance(step, MarkStep):
        return c.MarkForDebrief(decision=step.mark_for_debrief, note=step.text)
    assert isinstance(step, EndStep)
    return c.End(outcome=step.end, text=step.text)


def play(session: Session, script: DecisionScript | None = None, source: Source | None = None) -> list[Problem]:
    """Start, play every step at its time, then run the clock out. Returns warnings for
    steps that came after the exercise had ended (or whose decision never opened); a
    refused step is an error at its line.

    A step timed `after_open` is due once its decision point has opened. While such a step
    waits for an opening, the clock advances one scheduled event at a time, so the step is
    played exactly `after_open` after the opening, never late.

    A session already under way (a fork) continues from where it stands: a step timed
    before that point is history and skipped with a warning, unless it answers a decision
    point still open there, which it then answers at once (late, as its timeliness shows), or
    starts a move or delivers an inject that had not come by then, done at once too; a step
    answering a decision point already answered is skipped with a warning."""
    engine = session.engine
    since = engine.now if engine.started else None
    if not engine.started:
        session.submit(c.Start())
    warnings: list[Problem] = []
    script = script or DecisionScript(steps=[])
    source = source or Source("(script)", {}, "")
    end = session.loaded.scenario.clock.duration

    def ended(i: int, reason: str) -> None:
        warnings.append(source.problem(("steps", i), f"not played: {reason}"))

    playable = []
    for i, step in enumerate(script.steps):
        reason = None if since is None else _played_before(engine, step, since)
        if reason:
            ended(i, reason)
        else:
            playable.append(i)
    timed = sorted((max(script.steps[i].at, since or 0), i) for i in playable if script.steps[i].at is not None)
    waiting = [i for i in playable if script.steps[i].at is None]

    while timed or waiting:
        due = sorted(
            [*timed, *((_opened_due(engine, script.steps[i]), i) for i in waiting if _opened(engine, script.steps[i]))]
        )
        unopened = [i for i in waiting if not _opened(engine, script.steps[i])]
        upcoming = engine.queue.peek_time()
        if (
            unopened
            and not engine.ended
            and upcoming is not None
            and upcoming <= end
            and (not due or upcoming < due[0][0])
        ):
            session.submit(c.Advance(to=max(upcoming, engine.now)))
            continue
        if not due:
            for i in unopened:
                until = f"the exercise ended at {format_time(engine.now)} ({engine.outcome})" if engine.ended else "it"
                ended(
                    i,
                    f"decision point '{script.steps[i].decide}' never opened" + (f": {until}" if engine.ended else ""),
                )
            break
        at, i = due[0]
        if (at, i) in timed:
            timed.remove((at, i))
        else:
            waiting.remove(i)
        step = script.steps[i]
        command = step_command(step)
        if not engine.ended and at > engine.now:
            session.submit(c.Advance(to=at))
        if engine.ended and command.kind not in c.ALLOWED_AFTER_END:
            ended(i, f"the exercise ended at {format_time(engine.now)} ({engine.outcome})")
            continue
        try:
            session.submit(command)
        except CommandRefused as exc:
            problem = source.problem(("steps", i), f"refused at {format_time(engine.now)}: {exc}")
            raise TabletopError(str(problem), [problem]) from None
    if not engine.ended:
        session.submit(c.Advance(to=end))
    return warnings + _moves_never_started(session)


def _played_before(engine: Any, step: Any, since: int) -> str | None:
    """Why a step does not belong to a session that continues at `since`, if it does not."""
    where = f"{format_time(since)}, where this session continues"
    status = engine.decisions[step.decide].status if isinstance(step, DecideStep) else None
    if status == CLOSED:
        return f"decision point '{step.decide}' was already closed by {where}"
    if step.at is not None and step.at < since and status != OPEN and not _still_to_do(engine, step):
        return f"{format_time(step.at)} is before {where}"
    return None


def _still_to_do(engine: Any, step: Any) -> bool:
    """A move the script starts, or an inject it delivers, that had not happened by the point:
    done at once, as an open decision is answered at once (without it the story cannot go on)."""
    if isinstance(step, StartMoveStep):
        return step.start_move not in engine.moves_started
    if isinstance(step, DeliverStep):
        return step.deliver not in engine.delivered
    return False


def _opened(engine: Any, step: Any) -> bool:
    return engine.decisions[step.decide].opened_at is not None


def _opened_due(engine: Any, step: Any) -> int:
    return engine.decisions[step.decide].opened_at + step.after_open


def _moves_never_started(session: Session) -> list[Problem]:
    """A move that waits for the facilitator starts in a script only with a `start_move` step:
    say so when one never started, for its injects and decision points never came."""
    engine, loaded = session.engine, session.loaded
    return [
        Problem(
            f"{session.store.path} (the scenario copy it holds)" if session.stored_copy else loaded.path,
            None,
            None,
            f"move '{move.id}' never started: it waits for the facilitator; add a step such as "
            f"{{at: 40m, start_move: {move.id}}} to the decision script",
        )
        for move in loaded.scenario.moves
        if move.id not in engine.moves_started and move.starts is None
    ][:1]
