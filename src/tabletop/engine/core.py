"""The engine: a deterministic discrete-event core that plays one scenario.

Commands come in (`apply`), events come out. Time moves only when a command moves it, and
the only randomness is a generator seeded at construction, so the same scenario, seed and
commands always give the same events. The engine does no I/O.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from heapq import heappop
from typing import Any

from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.engine import moves
from tabletop.engine.compiled import DECISION, END, INJECT, MOVE, REACTION, CompiledScenario
from tabletop.engine.effects import apply_effects
from tabletop.engine.queue import LAST, EventQueue
from tabletop.errors import TabletopError, did_you_mean
from tabletop.model.base import format_time
from tabletop.model.checks import EffectChecker

PENDING, OPEN, CLOSED = "pending", "open", "closed"
TIME_UP = "time_up"


class CommandRefused(TabletopError):
    """A command that does not fit the current state; nothing was changed."""

    title = "command refused"


class DecisionStatus:
    """Where one decision point stands."""

    __slots__ = ("deadline", "decided", "defaulted", "opened_at", "option", "status", "team", "text")

    def __init__(self) -> None:
        self.status = PENDING
        self.opened_at: int | None = None
        self.deadline: int | None = None
        self.option = ""
        self.text = ""
        self.team = ""
        """The team that answered (one of a joint decision's teams)."""
        self.decided = False
        self.defaulted = False


class Engine:
    """Plays one scenario. Read its attributes freely; change it only through `apply`."""

    def __init__(self, compiled: CompiledScenario, seed: int = 0) -> None:
        scenario = compiled.scenario
        self.compiled = compiled
        self.seed = seed
        self.rng = random.Random(seed)
        self.now = 0
        self.started = self.paused = self.ended = False
        self.outcome: str | None = None
        self.state: dict[str, Any] = {}
        self.bounds: dict[str, tuple[str, Any, Any]] = {}
        """Each state variable's (type, min, max), read on every change; a choice's is
        ("choice", its values, None)."""
        for name, variable in scenario.state.items():
            initial = variable.start
            if variable.type == "choice":
                self.state[name] = initial
                self.bounds[name] = ("choice", tuple(variable.values), None)
                continue
            self.state[name] = bool(initial) if variable.type == "flag" else _number(variable.type, initial)
            self.bounds[name] = (variable.type, variable.min, variable.max)
        self.levels = {a.id: a.level for a in scenario.actors}
        self.pressure = {a.id: 0.0 for a in scenario.actors}
        self.relations: dict[tuple[str, str], list[float]] = {}
        self.out_edges: dict[str, list[tuple[str, list[float]]]] = {}
        for relation in scenario.relations:
            params = [relation.trust, relation.coupling]
            self.relations[(relation.from_, relation.to)] = params
            self.out_edges.setdefault(relation.from_, []).append((relation.to, params))
        self.delivered: dict[str, int] = {}
        """Inject → when it was first delivered."""
        self.occurrences: dict[str, int] = {}
        """Planned inject → how many times it was delivered (more than once only with `every:`)."""
        self.recurring: set[str] = set()
        """Recurring injects with a next delivery queued (what cancelling one stops)."""
        self.cancelled: set[str] = set()
        self.missed: dict[str, int] = {}
        """Injects whose `chance` failed when they fell due → when (they may still come due again)."""
        self.decisions = {d.id: DecisionStatus() for d in scenario.decisions}
        watchers = compiled.watchers
        self._last = [False] * len(watchers)
        self._fired = [False] * len(watchers)
        self._rises = [0] * len(watchers)
        """How many times each condition has become true: a `holds_for` wait names the rise it
        waits on, and fires only if no other rise (so no break) came since."""
        self._dirty: list[Sequence[int]] = []
        """The watchers (lists from `compiled.watching`, in index order) of what changed since
        the last re-check: appending a list is cheaper than merging it into a set."""
        self.moves_started: dict[str, int] = {}
        """Move id → when it started, in the order they started."""
        self.move_current = ""
        """The latest move started ("" before the first)."""
        self.held_for_move: set[tuple[str, str]] = set()
        """("inject" or "decision", id) of items whose time came before their move started."""
        self.queue = EventQueue()
        self.adhoc_count = 0
        self._effect_checker: EffectChecker | None = None
        """Built on the first ad hoc inject: it indexes every id in the scenario."""
        self._events: list[ev.Event] = []
        self._emit: Callable[[ev.Event], None] = self._events.append
        """Records an event among those of the command being applied."""

    def reseed(self, seed: int) -> None:
        """Draw the chances still to come from a generator seeded with `seed` (a computer
        playthrough that continues a played session gives each run its own draws)."""
        self.rng = random.Random(seed)

    # -- commands -------------------------------------------------------------------

    def apply(self, command: Any) -> list[ev.Event]:
        """Apply one command and return the events it caused; raise CommandRefused if invalid."""
        handler = getattr(self, f"_do_{command.kind}")
        if self.ended and command.kind not in c.ALLOWED_AFTER_END:
            raise CommandRefused(f"the exercise has ended ({self.outcome}); only notes, scores and ratings remain")
        if not self.started and command.kind not in ("start", "note", "release_feedback", *c.AFTER_THE_EXERCISE):
            raise CommandRefused("the exercise has not started; start it first")
        if not self.ended and command.kind in c.AFTER_END_ONLY:
            raise CommandRefused(f"{command.kind.replace('_', ' ')} comes after the exercise: end it first")
        self._events = events = []
        self._emit = events.append
        handler(command)
        if self.started and not self.ended:
            if self._dirty:
                self._settle()
            self._run_until(self.now)
        self._events = []
        self._emit = self._events.append
        return events

    def _do_start(self, command: c.Start) -> None:
        if self.started:
            raise CommandRefused("the exercise has already started")
        self.started = True
        scenario = self.compiled.scenario
        self._emit(ev.Started(self.now, seed=self.seed))
        deliver, open_, end_at = self._deliver_scheduled, self._open, self._end_at
        start_move = self._start_move_at
        self.queue.extend(
            [
                (m.starts.at, start_move, m.id)
                for m in scenario.moves
                if m.starts is not None and m.starts.at is not None
            ]
            + [(inject.at, deliver, inject.id) for inject in scenario.injects if inject.at is not None]
            + [(d.opens.at, open_, d.id) for d in scenario.decisions if d.opens.at is not None]
            + [(end.at, end_at, end.id) for end in scenario.end if end.at is not None]
        )
        self.queue.push(scenario.clock.duration, end_at, TIME_UP, LAST)
        duration, recheck = scenario.clock.duration, self._recheck
        self.queue.extend(
            [
                (time, recheck, watcher.index)
                for watcher in self.compiled.watchers
                for time in sorted(watcher.condition.times)
                if 0 < time <= duration
            ]
        )
        if scenario.moves and scenario.moves[0].starts is None:
            moves.start_move(self, scenario.moves[0].id, moves.WITH_EXERCISE)
        self._dirty.append(range(len(self.compiled.watchers)))
        self._settle()

    def _do_pause(self, command: c.Pause) -> None:
        if self.paused:
            raise CommandRefused("the clock is already paused")
        self.paused = True
        self._emit(ev.Paused(self.now))

    def _do_resume(self, command: c.Resume) -> None:
        if not self.paused:
            raise CommandRefused("the clock is not paused")
        self.paused = False
        self._emit(ev.Resumed(self.now))

    def _do_advance(self, command: c.Advance) -> None:
        if command.next:
            target = self.queue.peek_time()
            if target is None:
                raise CommandRefused("nothing is scheduled")
        else:
            target = command.to if command.to is not None else self.now + (command.by or 0)
        if target < self.now:
            raise CommandRefused(
                f"cannot go back in time: it is {format_time(self.now)}, asked for {format_time(target)}"
            )
        self._run_until(min(target, self.compiled.scenario.clock.duration))

    def _do_deliver_inject(self, command: c.DeliverInject) -> None:
        inject_id = self._undelivered(command.inject)
        if inject_id in self.cancelled:
            raise CommandRefused(f"inject '{inject_id}' was cancelled")
        self._deliver(inject_id, "facilitator")

    def _do_adhoc_inject(self, command: c.AdhocInject) -> None:
        scenario = self.compiled.scenario
        problems = [
            f"unknown team '{t}'{did_you_mean(t, self.compiled.teams)}"
            for t in command.to
            if t not in self.compiled.teams
        ]
        actors = self.levels
        if command.sender is not None and command.sender not in actors:
            problems.append(f"unknown actor '{command.sender}'{did_you_mean(command.sender, actors)}")
        if self._effect_checker is None:
            self._effect_checker = EffectChecker(scenario)
        problems += [message for _, message in self._effect_checker.check((), command.effects)]
        if problems:
            raise CommandRefused("; ".join(problems))
        self.adhoc_count += 1
        inject_id = f"adhoc_{self.adhoc_count}"
        self.delivered[inject_id] = self.now
        self._emit(
            ev.AdhocInjectDelivered(
                self.now,
                inject=inject_id,
                to=tuple(command.to),
                via="adhoc",
                title=command.title,
                body=command.body,
                sender=command.sender,
                channel=command.channel,
            )
        )
        apply_effects(self, command.effects, f"inject:{inject_id}")

    def _do_decide(self, command: c.Decide) -> None:
        decision_id = command.decision
        decision = self._known_decision(decision_id)
        if command.team not in decision.teams:
            raise CommandRefused(
                f"decision point '{decision_id}' belongs to {_teams(decision.teams)}, not '{command.team}'"
            )
        status = self.decisions[decision_id]
        if status.status == PENDING:
            raise CommandRefused(f"decision point '{decision_id}' is not open yet")
        if status.status == CLOSED:
            raise CommandRefused(f"decision point '{decision_id}' is already closed ({status.option or 'free text'})")
        if command.option is not None:
            options = [o.id for o in decision.options]
            if command.option not in options:
                raise CommandRefused(
                    f"decision point '{decision_id}' has no option '{command.option}'{did_you_mean(command.option, options)}"
                )
            if not self.is_offered(decision_id, command.option):
                condition = self.compiled.offered_when[(decision_id, command.option)].source
                raise CommandRefused(
                    f"option '{command.option}' of decision point '{decision_id}' is not offered now "
                    f"(only while {condition}); offered: {', '.join(self.offered(decision_id))}"
                )
        elif not decision.free_text:
            raise CommandRefused(f"decision point '{decision_id}' takes one of its options, not free text")
        status.status = CLOSED
        status.decided = True
        status.team = command.team
        status.option = command.option or ""
        status.text = command.text or ""
        self._emit(
            ev.DecisionMade(
                self.now,
                decision=decision_id,
                team=command.team,
                option=command.option,
                text=command.text,
                rationale=command.rationale,
                elapsed=self.now - (status.opened_at or 0),
            )
        )
        self._touch(("decision", decision_id))
        if command.option is not None:
            option = self.compiled.options[(decision_id, command.option)]
            apply_effects(self, option.effects, f"decision:{decision_id}/{command.option}")

    def _do_score_adjust(self, command: c.ScoreAdjust) -> None:
        self._known_team(command.team)
        if command.decision is not None and command.decision not in self.compiled.decisions:
            raise CommandRefused(
                f"unknown decision point '{command.decision}'{did_you_mean(command.decision, self.compiled.decisions)}"
            )
        criteria = [criterion.id for criterion in self.compiled.scenario.scoring.criteria]
        if command.criterion is not None and command.criterion not in criteria:
            raise CommandRefused(
                f"unknown scoring criterion '{command.criterion}'{did_you_mean(command.criterion, criteria)}"
            )
        self._emit(
            ev.ScoreAdjusted(
                self.now,
                team=command.team,
                points=command.points,
                reason=command.reason,
                decision=command.decision,
                criterion=command.criterion,
            )
        )

    def _do_note(self, command: c.Note) -> None:
        if command.team is not None:
            self._known_team(command.team)
        self._emit(ev.NoteAdded(self.now, text=command.text, team=command.team))

    def _do_rate_objective(self, command: c.RateObjective) -> None:
        objectives = [o.id for o in self.compiled.scenario.objectives]
        if command.objective not in objectives:
            raise CommandRefused(
                f"unknown objective '{command.objective}'{did_you_mean(command.objective, objectives)}"
            )
        self._emit(ev.ObjectiveRated(self.now, objective=command.objective, rating=command.rating, note=command.note))

    def _do_release_feedback(self, command: c.ReleaseFeedback) -> None:
        if command.team is not None:
            self._known_team(command.team)
        self._emit(ev.FeedbackReleased(self.now, team=command.team))

    def _do_count_as_option(self, command: c.CountAsOption) -> None:
        decision_id = command.decision
        decision = self._known_decision(decision_id)
        status = self.decisions[decision_id]
        if status.status != CLOSED:
            raise CommandRefused(f"decision point '{decision_id}' is still {status.status}: record the answer first")
        if status.defaulted or not status.decided:
            raise CommandRefused(f"decision point '{decision_id}' closed with its default, not a free-text answer")
        if status.option:
            raise CommandRefused(f"decision point '{decision_id}' already counts as option '{status.option}'")
        options = [o.id for o in decision.options]
        if command.option not in options:
            raise CommandRefused(
                f"decision point '{decision_id}' has no option '{command.option}'{did_you_mean(command.option, options)}"
            )
        status.option = command.option
        self._emit(
            ev.CountedAsOption(
                self.now, decision=decision_id, team=status.team, option=command.option, reason=command.reason
            )
        )
        self._touch(("decision", decision_id))
        option = self.compiled.options[(decision_id, command.option)]
        apply_effects(self, option.effects, f"counted:{decision_id}/{command.option}")

    def _do_cancel_inject(self, command: c.CancelInject) -> None:
        cause = f"facilitator: {command.reason}" if command.reason else "facilitator"
        if command.inject in self.recurring:
            self.stop_recurring(command.inject, cause)
            return
        inject_id = self._undelivered(command.inject)
        if inject_id in self.cancelled:
            raise CommandRefused(f"inject '{inject_id}' is already cancelled")
        self.cancelled.add(inject_id)
        self._emit(ev.InjectCancelled(self.now, inject=inject_id, cause=cause))

    def _do_play_on(self, command: c.PlayOn) -> None:
        if not self.ended:
            raise CommandRefused("the exercise has not ended; there is nothing to play on from")
        if self.outcome == TIME_UP or self.now >= self.compiled.scenario.clock.duration:
            raise CommandRefused("the scenario clock has run out; there is no time left to play on")
        self._emit(ev.PlayedOn(self.now, outcome=self.outcome or "", note=command.note))
        self.ended = False
        self.outcome = None

    def _do_end(self, command: c.End) -> None:
        self._end(command.outcome, command.text)

    def _do_discuss(self, command: c.Discuss) -> None:
        if not self.paused:
            self.paused = True
            self._emit(ev.Paused(self.now))
        self._emit(ev.DiscussionStarted(self.now, text=command.text))

    def _do_observer_note(self, command: c.ObserverNote) -> None:
        if command.team is not None:
            self._known_team(command.team)
        objectives = [o.id for o in self.compiled.scenario.objectives]
        if command.objective is not None and command.objective not in objectives:
            raise CommandRefused(
                f"unknown objective '{command.objective}'{did_you_mean(command.objective, objectives)}"
            )
        self._emit(
            ev.ObserverNoted(
                self.now, text=command.text, team=command.team, objective=command.objective, rating=command.rating
            )
        )

    def _do_participant_feedback(self, command: c.ParticipantFeedback) -> None:
        self._known_team(command.team)
        objectives = self.compiled.scenario.objectives
        concern = [o.id for o in objectives if not o.teams or command.team in o.teams]
        for objective in command.ratings:
            if objective not in {o.id for o in objectives}:
                raise CommandRefused(
                    f"unknown objective '{objective}'{did_you_mean(objective, [o.id for o in objectives])}"
                )
            if objective not in concern:
                raise CommandRefused(
                    f"objective '{objective}' does not concern team '{command.team}'"
                    f" (its objectives: {', '.join(concern) or 'none'})"
                )
        self._emit(
            ev.ParticipantFeedbackGiven(
                self.now,
                team=command.team,
                respondent=command.respondent,
                strengths=command.strengths,
                improvements=command.improvements,
                ratings=dict(command.ratings),
                comments=command.comments,
            )
        )

    def _do_hot_wash(self, command: c.HotWash) -> None:
        if command.team is not None:
            self._known_team(command.team)
        self._emit(ev.HotWashRecorded(self.now, point=command.point, text=command.text, team=command.team))

    def _do_mark_for_debrief(self, command: c.MarkForDebrief) -> None:
        status = self.decisions[self._known_decision(command.decision).id]
        if status.status == PENDING:
            raise CommandRefused(
                f"decision point '{command.decision}' has not opened: mark it once it has (the odds start from its opening)"
            )
        self._emit(ev.MarkedForDebrief(self.now, decision=command.decision, note=command.note))

    def _do_start_move(self, command: c.StartMove) -> None:
        move_id = command.move
        if not self.compiled.moves:
            raise CommandRefused("the scenario has no moves")
        if move_id is None:
            move_id = moves.next_move(self)
            if move_id is None:
                raise CommandRefused(f"every move has started; the last is '{self.move_current}'")
        elif move_id not in self.compiled.moves:
            raise CommandRefused(f"unknown move '{move_id}'{did_you_mean(move_id, self.compiled.moves)}")
        elif move_id in self.moves_started:
            raise CommandRefused(f"move '{move_id}' already started at {format_time(self.moves_started[move_id])}")
        moves.start_move(self, move_id, moves.FACILITATOR)

    def _undelivered(self, inject_id: str) -> str:
        """A planned inject that has not gone out yet, or the reason it cannot be one."""
        if inject_id not in self.compiled.injects:
            raise CommandRefused(f"unknown inject '{inject_id}'{did_you_mean(inject_id, self.compiled.injects)}")
        if inject_id in self.delivered:
            raise CommandRefused(
                f"inject '{inject_id}' was already delivered at {format_time(self.delivered[inject_id])}"
            )
        return inject_id

    def _known_decision(self, decision_id: str) -> Any:
        decision = self.compiled.decisions.get(decision_id)
        if decision is None:
            raise CommandRefused(
                f"unknown decision point '{decision_id}'{did_you_mean(decision_id, self.compiled.decisions)}"
            )
        return decision

    def _do_describe_exercise(self, command: c.DescribeExercise) -> None:
        self._emit(
            ev.ExerciseDescribed(
                self.now,
                dates=tuple(d.isoformat() for d in command.dates),
                location=command.location,
                sponsor=command.sponsor,
                participants=tuple(command.participants),
                marking=command.marking,
            )
        )

    def _do_plan_improvements(self, command: c.PlanImprovements) -> None:
        decisions = {d.id: d for d in self.compiled.scenario.decisions}
        for entry in command.entries:
            if entry.team is not None:
                self._known_team(entry.team)
            if entry.decision is None:
                continue
            decision = decisions.get(entry.decision)
            if decision is None:
                raise CommandRefused(
                    f"unknown decision point '{entry.decision}'{did_you_mean(entry.decision, decisions)}"
                )
            if entry.team is not None and entry.team not in decision.teams:
                raise CommandRefused(f"decision point '{decision.id}' is not put to team '{entry.team}'")
        self._emit(
            ev.ImprovementsPlanned(
                self.now, entries=tuple(entry.model_dump(mode="json", exclude_none=True) for entry in command.entries)
            )
        )

    def _known_team(self, team: str) -> None:
        if team not in self.compiled.teams:
            raise CommandRefused(f"unknown team '{team}'{did_you_mean(team, self.compiled.teams)}")

    # -- time -----------------------------------------------------------------------

    def _run_until(self, target: int) -> None:
        queue, dirty = self.queue, self._dirty
        heap, planned = queue.heap, queue.planned
        while not self.ended:
            # EventQueue.pop_due, inlined: this loop runs for every entry and every command.
            if planned and (not heap or planned[-1] < heap[0]):
                if planned[-1][0] > target:
                    break
                time, _, _, handler, subject = planned.pop()
            elif heap and heap[0][0] <= target:
                time, _, _, handler, subject = heappop(heap)
            else:
                break
            self.now = time
            handler(subject)
            if dirty:
                self._settle()
        if not self.ended:
            self.now = target

    def _settle(self) -> None:
        """Re-check the conditions that read something that changed; queue those that became true."""
        watchers, dirty, last, fired = self.compiled.watchers, self._dirty, self._last, self._fired
        while dirty:
            indices = dirty[0] if len(dirty) == 1 else sorted(set().union(*dirty))
            dirty.clear()
            for i in indices:
                watcher = watchers[i]
                if fired[i] and watcher.once:
                    continue
                value = watcher.evaluate(self)
                if value and not last[i]:
                    if watcher.holds_for is None:
                        fired[i] = True
                        self.queue.push(self.now + watcher.delay, self._fire, i)
                    else:
                        self._rises[i] += 1
                        self.queue.push(self.now + watcher.holds_for, self._held, (i, self._rises[i]))
                last[i] = value

    def _touch(self, dependency: tuple[str, str]) -> None:
        indices = self.compiled.watching.get(dependency)
        if indices:
            self._dirty.append(indices)

    def _recheck(self, index: int) -> None:
        """The clock reached a time a condition compares `clock.elapsed` with."""
        self._dirty.append((index,))

    def _held(self, wait: tuple[int, int]) -> None:
        """A `holds_for` wait is over: fire if the condition has stayed true since that rise."""
        index, rise = wait
        if (
            self._last[index]
            and self._rises[index] == rise
            and not (self._fired[index] and self.compiled.watchers[index].once)
        ):
            self._fired[index] = True
            self._fire(index)

    def _fire(self, index: int) -> None:
        watcher = self.compiled.watchers[index]
        if watcher.kind == INJECT:
            if (
                watcher.id not in self.delivered
                and watcher.id not in self.cancelled
                and self._happens(INJECT, watcher.id)
            ):
                self._deliver(watcher.id, "condition")
        elif watcher.kind == DECISION:
            self._open(watcher.id)
        elif watcher.kind == REACTION:
            reaction = self.compiled.reactions[watcher.id]
            if not self._happens(REACTION, reaction.id):
                return
            self._emit(ev.ReactionFired(self.now, reaction=reaction.id, actor=reaction.actor))
            apply_effects(self, reaction.effects, f"reaction:{reaction.id}")
        elif watcher.kind == END:
            self._end_at(watcher.id)
        elif watcher.kind == MOVE and watcher.id not in self.moves_started:
            moves.start_move(self, watcher.id, moves.CONDITION)

    def _start_move_at(self, move_id: str) -> None:
        if move_id not in self.moves_started:
            moves.start_move(self, move_id, moves.SCHEDULED)

    # -- what happens ---------------------------------------------------------------

    def _deliver_scheduled(self, inject_id: str) -> None:
        if inject_id not in self.delivered and inject_id not in self.cancelled:
            if moves.is_held(self, self.compiled.inject_move.get(inject_id), "inject", inject_id):
                return  # its chance, if any, is drawn when its move starts
            if self._happens(INJECT, inject_id):
                self._deliver(inject_id, "scheduled")

    def _happens(self, what: str, id_: str) -> bool:
        """Whether an inject or reaction that fell due takes place: always, unless it has a
        `chance`, drawn here from the seeded generator (and recorded, so the log says so)."""
        chance = self.compiled.chances.get((what, id_))
        if chance is None:
            return True
        happened = self.rng.random() < chance
        self._emit(ev.ChanceDrawn(self.now, what=what, id=id_, chance=chance, happened=happened))
        if what == INJECT and not happened:
            self.missed[id_] = self.now
        return happened

    def _deliver(self, inject_id: str, via: str) -> None:
        inject = self.compiled.injects[inject_id]
        now = self.now
        self.delivered.setdefault(inject_id, now)
        count = self.occurrences[inject_id] = self.occurrences.get(inject_id, 0) + 1
        occurrence = None
        if inject.every is not None:
            occurrence = count
            self._plan_recurrence(inject, count)
        self._emit(ev.InjectDelivered(now, inject_id, self.compiled.recipients[inject_id], via, occurrence=occurrence))
        watchers = self.compiled.watching.get(("inject", inject_id))
        if watchers:
            self._dirty.append(watchers)
        if inject.effects:
            apply_effects(self, inject.effects, f"inject:{inject_id}")

    # -- recurring injects (`every:` with `times:` or `until:`) --------------------------

    def _plan_recurrence(self, inject: Any, delivered: int) -> None:
        """Queue the next delivery of a recurring inject unless it has had all its `times`."""
        if inject.times is not None and delivered >= inject.times:
            self.recurring.discard(inject.id)
            return
        self.recurring.add(inject.id)
        self.queue.push(self.now + inject.every, self._recur, inject.id)

    def _recur(self, inject_id: str) -> None:
        """The next delivery, unless the inject was cancelled or its `until` holds by now."""
        if inject_id not in self.recurring:
            return
        until = self.compiled.until.get(inject_id)
        if until is not None and until.evaluate(self):
            self.recurring.discard(inject_id)
            return
        self._deliver(inject_id, "recurring")

    def stop_recurring(self, inject_id: str, cause: str) -> None:
        """Cancel the recurrences still to come of a recurring inject (what went out stays)."""
        self.recurring.discard(inject_id)
        self.cancelled.add(inject_id)
        self._emit(ev.InjectCancelled(self.now, inject=inject_id, cause=cause))

    def _open(self, decision_id: str) -> None:
        status = self.decisions[decision_id]
        if status.status != PENDING:
            return
        move = self.compiled.decision_move.get(decision_id)
        if moves.is_held(self, move, "decision", decision_id):
            return
        decision = self.compiled.decisions[decision_id]
        status.status = OPEN
        status.opened_at = self.now
        if decision.deadline is not None:
            late = self.now - decision.opens.at if move is not None and decision.opens.at is not None else 0
            status.deadline = max(decision.deadline + max(late, 0), self.now)  # held by its move: same window
        else:
            status.deadline = self.now + (decision.window or 0)
        teams = decision.teams
        self._emit(ev.DecisionOpened(self.now, decision_id, teams[0], status.deadline, _joint(teams)))
        self._touch(("decision", decision_id))
        self.queue.push(status.deadline, self._deadline, decision_id)

    def _deadline(self, decision_id: str) -> None:
        status = self.decisions[decision_id]
        if status.status != OPEN:
            return
        decision = self.compiled.decisions[decision_id]
        status.status = CLOSED
        status.defaulted = True
        status.option = decision.default
        teams = decision.teams
        self._emit(ev.DecisionDefaulted(self.now, decision_id, teams[0], decision.default, _joint(teams)))
        self._touch(("decision", decision_id))
        option = self.compiled.options[(decision_id, decision.default)]
        apply_effects(self, option.effects, f"default:{decision_id}/{decision.default}")

    def _end_at(self, end_id: str) -> None:
        if end_id == TIME_UP:
            self._end(TIME_UP, "the scenario clock ran out")
            return
        end = self.compiled.ends[end_id]
        self._end(end.id, end.text)

    def _end(self, outcome: str, text: Any) -> None:
        """Stop the clock; what is still queued stays queued, for the facilitator may play on."""
        self.ended = True
        self.outcome = outcome
        self._emit(ev.Ended(self.now, outcome=outcome, text=text))

    # -- what conditions read (tabletop.expr.Environment: state, levels, delivered and this)

    def decision_field(self, decision: str, field: str) -> Any:
        status = self.decisions[decision]
        if field == "open":
            return status.status == OPEN
        if field == "closed":
            return status.status == CLOSED
        return getattr(status, field)

    # -- options offered now (`when:` on options) -------------------------------------

    def is_offered(self, decision_id: str, option_id: str) -> bool:
        """Whether an option may be chosen now: it has no `when`, or its condition holds."""
        condition = self.compiled.offered_when.get((decision_id, option_id))
        return condition is None or condition.evaluate(self)

    def offered(self, decision_id: str) -> list[str]:
        """The ids of the options of a decision point that may be chosen now, in file order."""
        return [o.id for o in self.compiled.decisions[decision_id].options if self.is_offered(decision_id, o.id)]


def _teams(teams: tuple[str, ...]) -> str:
    return f"team '{teams[0]}'" if len(teams) == 1 else "teams " + ", ".join(f"'{t}'" for t in teams)


def _joint(teams: tuple[str, ...]) -> tuple[str, ...] | None:
    """The teams of a joint decision, for its events; None (left out) for one team's."""
    return teams if len(teams) > 1 else None


def _number(kind: str, value: Any) -> int | float:
    return round(value) if kind == "integer" else float(value)
