"""Can a condition ever hold? Its compiled tree, walked over reachable values (never run).

`tabletop.expr` rebuilds every condition as a small tree over the engine's environment
(`state.x` is `env.state["x"]`, see expr/compiler.py). This module walks that tree with
ranges instead of values: a comparison can be true only if the ranges allow it, and the
parts of an `and` narrow each other, so `state.x > 5 and state.x < 3` is a contradiction
even when x can be anything. A node it does not know stands for "any value": `check`
then says nothing, rather than something false.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from tabletop.lint.intervals import INF, Interval, constraint, number
from tabletop.lint.items import ItemKey
from tabletop.lint.ranges import Ranges

Read = tuple[Any, ...]
"""What a node reads: ("state", name), ("levels", actor), ("relations", (a, b), index),
("clock",) (`clock.elapsed`) or ("count", inject) (`inject.<id>.count`)."""

_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_MIRROR = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_NEGATE = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_SHOWN = {"<=": "≤", ">=": "≥", "!=": "≠"}
RELATION_FIELDS = ("trust", "coupling")


class Anything:
    """A value `check` cannot bound."""


ANY = Anything()
Value = Interval | frozenset | Anything
"""A number's range, the possible flags or texts, or anything."""


@dataclass(frozen=True)
class Blocked:
    """Why a condition cannot take the value assumed; `waits_for` names items that never happen.

    The reason may be given as a function: it is then worded only if someone reads it (the
    search for what can happen asks thousands of times, and reads none of the answers).
    """

    said: str | Callable[[], str]
    waits_for: tuple[ItemKey, ...] = ()

    @property
    def reason(self) -> str:
        return self.said if isinstance(self.said, str) else self.said()


@dataclass
class World:
    """What a condition can read: reachable ranges, and which items can happen."""

    ranges: Ranges
    happens: Callable[[ItemKey], bool]
    options: dict[str, list[str]] = field(default_factory=dict)
    """Decision point → its option ids."""
    whole: set[str] = field(default_factory=set)
    """Whole-number state variables (integers and choices)."""
    duration: float = INF
    """How long the clock runs (seconds): `clock.elapsed` never goes past it."""
    deliveries: dict[str, tuple[float, str]] = field(default_factory=dict)
    """Inject → how many times it can be delivered at most, and why that many."""
    moves: tuple[str, ...] = ()
    """The move ids, in order."""
    first_waits: bool = False
    """The first move does not start with the exercise: `move.current` can be "" meanwhile."""
    earliest: dict[ItemKey, float] = field(default_factory=dict)
    """Item → the earliest scenario time it can happen, where a time (or its move's) says so."""


@dataclass
class Narrowed:
    """Ranges narrowed by what an `and` already assumed, with the assumptions behind each."""

    values: dict[Read, Value] = field(default_factory=dict)
    why: dict[Read, tuple[str, ...]] = field(default_factory=dict)

    def copy(self) -> Narrowed:
        return Narrowed(dict(self.values), dict(self.why))


def can_hold(expression: ast.expr, world: World, truth: bool = True) -> Blocked | None:
    """None if the condition can be true (or, `truth` false, false) in some playthrough, else why not."""
    result = _Walk(world).assume(expression, Narrowed(), truth)
    return result if isinstance(result, Blocked) else None


def earliest(expression: ast.expr, world: World) -> float:
    """The earliest scenario time (seconds) at which the condition can hold, as its reads of
    `clock.elapsed` say (0 when it reads no clock)."""
    result = _Walk(world).assume(expression, Narrowed(), True)
    if isinstance(result, Blocked):
        return INF
    clock = result.values.get(("clock",))
    return clock.lo if isinstance(clock, Interval) else 0


class _Walk:
    def __init__(self, world: World) -> None:
        self.world = world

    # -- assume: narrow the ranges so that `node` has the value `truth`, or say why it cannot

    def assume(self, node: ast.expr, narrowed: Narrowed, truth: bool) -> Narrowed | Blocked:
        if isinstance(node, ast.BoolOp):
            every = isinstance(node.op, ast.And) == truth  # and-true, or-false: every part must
            return self._all(node.values, narrowed, truth) if every else self._any(node.values, narrowed, truth)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return self.assume(node.operand, narrowed, not truth)
        if isinstance(node, ast.Compare):
            return self._compare(node, narrowed, truth)
        value = self.value(node, narrowed)
        if isinstance(value, frozenset) and truth not in value:
            return self._flag_blocked(node, truth, narrowed)
        read = _read(node)
        if read is not None and isinstance(value, frozenset):
            narrowed.values[read] = frozenset({truth})
            narrowed.why[read] = (*narrowed.why.get(read, ()), f"{'' if truth else 'not '}{_label(read)}")
        return narrowed

    def _all(self, parts: list[ast.expr], narrowed: Narrowed, truth: bool) -> Narrowed | Blocked:
        for part in parts:
            result = self.assume(part, narrowed, truth)
            if isinstance(result, Blocked):
                return result
            narrowed = result
        return narrowed

    def _any(self, parts: list[ast.expr], narrowed: Narrowed, truth: bool) -> Narrowed | Blocked:
        blocked: list[Blocked] = []
        for part in parts:
            result = self.assume(part, narrowed.copy(), truth)
            if not isinstance(result, Blocked):
                return narrowed
            blocked.append(result)
        waits = tuple(dict.fromkeys(k for b in blocked for k in b.waits_for))
        return Blocked(lambda: "none of its alternatives can hold: " + "; ".join(b.reason for b in blocked), waits)

    def _compare(self, node: ast.Compare, narrowed: Narrowed, truth: bool) -> Narrowed | Blocked:
        contained = _contained(node)
        if contained is not None:
            key = contained
            name, never = ("inject", "is never delivered") if key[0] == "inject" else ("move", "never starts")
            if truth and not self.world.happens(key):
                return Blocked(f"it waits for {name} '{key[1]}', which {never}", (key,))
            start = self.world.earliest.get(key, 0)
            if truth and start:
                clock = ("clock",)
                current = self.value(ast.Attribute(ast.Name("env"), "now"), narrowed)
                assert isinstance(current, Interval)
                meet = current.meet(Interval(start))
                said = f"{name} '{key[1]}' {'goes out' if name == 'inject' else 'starts'} at {duration(start)} at the earliest"
                if meet.empty:
                    return Blocked(f"{' and '.join(narrowed.why.get(clock, ()))} cannot hold once {said}")
                narrowed.values[clock] = meet
                narrowed.why[clock] = (*narrowed.why.get(clock, ()), said)
            return narrowed
        operands = [node.left, *node.comparators]
        pairs = [(operands[i], type(op), operands[i + 1]) for i, op in enumerate(node.ops)]
        if truth or len(pairs) == 1:
            for left, op, right in pairs:
                if op not in _OPS:
                    return narrowed
                result = self._pair(left, _OPS[op] if truth else _NEGATE[_OPS[op]], right, narrowed)
                if isinstance(result, Blocked):
                    return result
                narrowed = result
            return narrowed
        return narrowed  # a chain that must be false: some step fails; too many ways to tell

    def _pair(self, left: ast.expr, op: str, right: ast.expr, narrowed: Narrowed) -> Narrowed | Blocked:
        chosen = (
            self._chosen(left, op, right)
            or self._chosen(right, op, left)
            or self._current(left, op, right)
            or self._current(right, op, left)
            or self._counted(left, op, right, narrowed)
            or self._counted(right, _MIRROR[op], left, narrowed)
        )
        if chosen is not None:
            return chosen
        for subject, other, relation in ((left, right, op), (right, left, _MIRROR[op])):
            read = _read(subject)
            bound = self.value(other, narrowed)
            if read is None or not isinstance(bound, Interval) or bound.lo != bound.hi:
                continue
            current = self.value(subject, narrowed)
            if not isinstance(current, Interval):
                return narrowed
            if relation == "!=":
                return (
                    narrowed
                    if current.may_differ(bound)
                    else Blocked(f"{_label(read)} is always {self._value_said(read, bound.lo)}")
                )
            whole = read[0] in ("levels", "clock", "count") or (read[0] == "state" and read[1] in self.world.whole)
            wanted = constraint(relation, bound.lo, whole)
            needed = f"{_label(read)} {_SHOWN.get(relation, relation)} {self._value_said(read, bound.lo)}"
            meet = current.meet(wanted)
            if not meet.empty:
                narrowed.values[read] = meet
                narrowed.why[read] = (*narrowed.why.get(read, ()), needed)
                return narrowed
            earlier = narrowed.why.get(read, ())
            if earlier and not self._base(read).meet(wanted).empty:
                return Blocked(f"{' and '.join((*earlier, needed))} cannot all hold")
            return Blocked(partial(self._needs, needed, read, wanted))
        a, b = self.value(left, narrowed), self.value(right, narrowed)
        if _possible(a, op, b):
            return narrowed
        return Blocked(f"{shown(left)} {_SHOWN.get(op, op)} {shown(right)} can never hold")

    def _chosen(self, subject: ast.expr, op: str, other: ast.expr) -> Blocked | None:
        """`decision.d.option == "o"`: d must open and o must be an option that can be chosen."""
        call = _decision_field(subject)
        if call is None or call[1] != "option" or op != "==" or not isinstance(other, ast.Constant):
            return None
        decision, option = call[0], other.value
        if not self.world.happens(("decision", decision)):
            return Blocked(f"it waits for decision point '{decision}', which never opens", (("decision", decision),))
        key = ("option", f"{decision}/{option}")
        if option in self.world.options.get(decision, ()) and not self.world.happens(key):
            return Blocked(
                f"it waits for option '{option}' of decision point '{decision}', which can never be chosen", (key,)
            )
        return None

    def _current(self, subject: ast.expr, op: str, other: ast.expr) -> Blocked | None:
        """`move.current == "m"`: m must be a move that can start."""
        if not (_is_env(getattr(subject, "value", None)) and getattr(subject, "attr", None) == "move_current"):
            return None
        if op != "==" or not isinstance(other, ast.Constant) or other.value not in self.world.moves:
            return None
        if not self.world.happens(("move", other.value)):
            return Blocked(f"it waits for move '{other.value}', which never starts", (("move", other.value),))
        return None

    def _counted(self, subject: ast.expr, op: str, other: ast.expr, narrowed: Narrowed) -> Blocked | None:
        """`count(a, b, c) >= 3`: as many of the flags must be able to be true."""
        flags = _counted_flags(subject)
        bound = self.value(other, narrowed)
        if flags is None or not isinstance(bound, Interval) or bound.lo != bound.hi or op not in (">", ">=", "=="):
            return None
        wanted = constraint(op, bound.lo, True)
        never = [flag for flag in flags if True not in self._truths(flag, narrowed)]
        if len(flags) - len(never) >= wanted.lo:
            return None
        said = f"count({', '.join(shown(f) for f in flags)}) {_SHOWN.get(op, op)} {number(bound.lo)}"
        which = ", ".join(shown(f) for f in never)
        waits = tuple(key for key in map(_contained, never) if key is not None and not self.world.happens(key))
        return Blocked(
            lambda: f"needs {said}; at most {len(flags) - len(never)} of its flags can be true ({which}: never true)",
            waits,
        )

    def _value_said(self, read: Read, value: float) -> str:
        """A bound as the trainer writes it: a number, a choice's value, a duration."""
        if read[0] == "clock":
            return duration(value)
        if read[0] == "state" and read[1] in self.world.ranges.numbers:
            return self.world.ranges.numbers[read[1]].shown(value)
        return number(value)

    def _needs(self, needed: str, read: Read, wanted: Interval) -> str:
        return f"needs {needed}; {self._explain(read, wanted)}"

    def _explain(self, read: Read, wanted: Interval) -> str:
        base = self._base(read)
        upward = wanted.lo > base.hi or (wanted.lo == base.hi and wanted.lo_open)
        if read[0] == "state" and read[1] in self.world.ranges.numbers:
            variable = self.world.ranges.numbers[read[1]]
            limit = variable.high if upward else variable.low
            beyond = limit is not None and (wanted.lo > limit if upward else wanted.hi < limit)
            said = variable.explain(upward, self.world.ranges.line_of)
            return f"{said}; its {'max' if upward else 'min'} is {number(limit)}" if beyond else said
        if read[0] == "clock" and upward:
            return f"the clock runs for {duration(self.world.duration)} (clock.duration)"
        if read[0] == "count" and upward:
            most, why = self.world.deliveries.get(read[1], (0, ""))
            if not self.world.happens(("inject", read[1])):
                return f"inject '{read[1]}' is never delivered"
            return f"it is delivered at most {number(most)} time{'s' if most != 1 else ''}{why}"
        bound = base.hi if upward else base.lo
        return f"{'at most' if upward else 'at least'} {self._value_said(read, bound)} is reachable"

    def _flag_blocked(self, node: ast.expr, truth: bool, narrowed: Narrowed) -> Blocked:
        read = _read(node)
        earlier = narrowed.why.get(read, ()) if read is not None else ()
        if earlier:
            needed = ("" if truth else "not ") + _label(read)
            return Blocked(f"{' and '.join((*earlier, needed))} cannot all hold")
        call = _decision_field(node)
        if call is not None:
            decision, attribute = call
            return Blocked(
                f"it waits for decision.{decision}.{attribute}, but decision point '{decision}' never opens",
                (("decision", decision),),
            )
        if read is not None:
            value = "true" if truth else "false"
            return Blocked(f"needs {_label(read)} to be {value}; nothing that can happen sets it to {value}")
        return Blocked(f"{shown(node)} is never {'true' if truth else 'false'}")

    # -- value: the possible values of a node

    def value(self, node: ast.expr, narrowed: Narrowed) -> Value:
        read = _read(node)
        if read is not None:
            return narrowed.values.get(read) or self._base(read)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                return frozenset({node.value})
            if isinstance(node.value, int | float):
                return Interval.point(float(node.value))
            if isinstance(node.value, str):
                return frozenset({node.value})
            return ANY
        call = _decision_field(node)
        if call is not None:
            return self._decision(*call)
        if _is_env(getattr(node, "value", None)) and getattr(node, "attr", None) == "move_current":
            first = self.world.moves[:1]
            started = frozenset(m for m in self.world.moves if self.world.happens(("move", m)))
            return started if first and first[0] in started and not self.world.first_waits else started | {""}
        if isinstance(node, ast.IfExp):  # count(...): 1 for each true flag
            truths = self._truths(node.test, narrowed)
            return Interval(0 if False in truths else 1, 1 if True in truths else 0)
        if isinstance(node, ast.UnaryOp):
            operand = self.value(node.operand, narrowed)
            if isinstance(node.op, ast.USub) and isinstance(operand, Interval):
                return -operand
            if isinstance(node.op, ast.UAdd):
                return operand
            return self._truths(node, narrowed)
        if isinstance(node, ast.BinOp):
            a, b = self.value(node.left, narrowed), self.value(node.right, narrowed)
            if not (isinstance(a, Interval) and isinstance(b, Interval)):
                return ANY
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            return ANY
        if isinstance(node, ast.BoolOp | ast.Compare):
            return self._truths(node, narrowed)
        return ANY

    def _truths(self, node: ast.expr, narrowed: Narrowed) -> frozenset:
        return frozenset(t for t in (True, False) if not isinstance(self.assume(node, narrowed.copy(), t), Blocked))

    def _base(self, read: Read) -> Value:
        ranges = self.world.ranges
        if read[0] == "state":
            if read[1] in ranges.numbers:
                return ranges.numbers[read[1]].interval
            if read[1] in ranges.flags:
                return frozenset(ranges.flags[read[1]].values)
            return ANY
        if read[0] == "levels":
            return ranges.levels.get(read[1], ANY)
        if read[0] == "clock":
            return Interval(0, self.world.duration)
        if read[0] == "count":
            if not self.world.happens(("inject", read[1])):
                return Interval.point(0)
            return Interval(0, self.world.deliveries.get(read[1], (INF, ""))[0])
        pair = ranges.relations.get(read[1])
        return pair[read[2]] if pair is not None else ANY

    def _decision(self, decision: str, attribute: str) -> Value:
        opens = self.world.happens(("decision", decision))
        if attribute == "option":
            options = self.world.options.get(decision, ()) if opens else ()
            return frozenset({"", *(o for o in options if self.world.happens(("option", f"{decision}/{o}")))})
        if attribute in ("open", "decided", "closed", "defaulted"):
            return frozenset({False, True}) if opens else frozenset({False})
        return ANY


_SPOKEN = (
    (re.compile(r"env\.state\['(\w+)'\]"), r"state.\1"),
    (re.compile(r"env\.levels\['(\w+)'\]"), r"actor.\1.level"),
    (re.compile(r"env\.relations\[\('(\w+)', '(\w+)'\)\]\[0\]"), r"relation.\1.\2.trust"),
    (re.compile(r"env\.relations\[\('(\w+)', '(\w+)'\)\]\[1\]"), r"relation.\1.\2.coupling"),
    (re.compile(r"env\.decision_field\('(\w+)', '(\w+)'\)"), r"decision.\1.\2"),
    (re.compile(r"'(\w+)' in env\.delivered"), r"inject.\1.delivered"),
    (re.compile(r"'(\w+)' in env\.moves_started"), r"move.\1.started"),
    (re.compile(r"env\.occurrences\.get\('(\w+)', 0\)"), r"inject.\1.count"),
    (re.compile(r"\([^()]*\)\.index\(state\.(\w+)\)"), r"state.\1"),
    (re.compile(r"env\.now"), r"clock.elapsed"),
    (re.compile(r"env\.move_current"), r"move.current"),
    (re.compile(r"_divide\((.+?), (.+?)\)"), r"\1 / \2"),
)


def shown(node: ast.expr) -> str:
    """A compiled node in the condition language again (`env.state['x']` → `state.x`)."""
    text = ast.unparse(node)
    for pattern, replacement in _SPOKEN:
        text = pattern.sub(replacement, text)
    return text


def _possible(a: Value, op: str, b: Value) -> bool:
    """Whether `a op b` can be true for some values."""
    if isinstance(a, Interval) and isinstance(b, Interval):
        if op == "==":
            return a.may_equal(b)
        if op == "!=":
            return a.may_differ(b)
        if op in ("<", "<="):
            return a.may_be_below(b, op == "<")
        return b.may_be_below(a, op == ">")
    if isinstance(a, frozenset) and isinstance(b, frozenset):
        if op == "==":
            return bool(a & b)
        if op == "!=":
            return len(a | b) > 1
    return True


def _read(node: ast.AST) -> Read | None:
    """`env.state["x"]` → ("state", "x"); `env.levels["a"]`; `env.relations[(a, b)][i]`; a choice's
    position `(values).index(env.state["x"])` → ("state", "x"); `env.now` → ("clock",);
    `env.occurrences.get("i", 0)` → ("count", "i")."""
    if isinstance(node, ast.Attribute) and _is_env(node.value) and node.attr == "now":
        return ("clock",)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and len(node.args) >= 1:
        owner = node.func.value
        if node.func.attr == "index" and isinstance(owner, ast.Constant) and isinstance(owner.value, tuple):
            return _read(node.args[0])
        counted = isinstance(owner, ast.Attribute) and _is_env(owner.value) and owner.attr == "occurrences"
        if counted and node.func.attr == "get" and isinstance(node.args[0], ast.Constant):
            return ("count", node.args[0].value)
        return None
    if not isinstance(node, ast.Subscript) or not isinstance(node.slice, ast.Constant):
        return None
    inner = node.value
    if isinstance(inner, ast.Attribute) and _is_env(inner.value) and inner.attr in ("state", "levels"):
        return (inner.attr, node.slice.value)
    if (
        isinstance(inner, ast.Subscript)
        and isinstance(inner.value, ast.Attribute)
        and _is_env(inner.value.value)
        and inner.value.attr == "relations"
        and isinstance(inner.slice, ast.Constant)
        and isinstance(node.slice.value, int)
    ):
        return ("relations", tuple(inner.slice.value), node.slice.value)
    return None


def _label(read: Read) -> str:
    if read[0] == "state":
        return f"state.{read[1]}"
    if read[0] == "clock":
        return "clock.elapsed"
    if read[0] == "count":
        return f"inject.{read[1]}.count"
    if read[0] == "levels":
        return f"actor.{read[1]}.level"
    source, target = read[1]
    return f"relation.{source}.{target}.{RELATION_FIELDS[read[2]] if read[2] < 2 else read[2]}"


_CONTAINERS = {"delivered": "inject", "moves_started": "move"}


def _contained(node: ast.AST) -> tuple[str, str] | None:
    """`"x" in env.delivered` → ("inject", "x"); `"m" in env.moves_started` → ("move", "m")."""
    if (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.ops[0], ast.In)
        and isinstance(node.left, ast.Constant)
        and isinstance(node.comparators[0], ast.Attribute)
        and _is_env(node.comparators[0].value)
        and node.comparators[0].attr in _CONTAINERS
    ):
        return _CONTAINERS[node.comparators[0].attr], str(node.left.value)
    return None


def _counted_flags(node: ast.AST) -> list[ast.expr] | None:
    """The flags of `count(a, b, …)` as compiled (`(1 if a else 0) + (1 if b else 0) + …`)."""
    if isinstance(node, ast.IfExp):
        return [node.test]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _counted_flags(node.left), _counted_flags(node.right)
        return None if left is None or right is None else [*left, *right]
    return None


def duration(seconds: float) -> str:
    """Seconds as a scenario file writes a duration: 1h30m, 45m, 90s."""
    if seconds in (INF, -INF):
        return number(seconds)
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "") + (f"{secs}s" if secs else "")
    return text or "0m"


def _decision_field(node: ast.AST) -> tuple[str, str] | None:
    """`env.decision_field("d", "decided")` → ("d", "decided")."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and _is_env(node.func.value)
        and node.func.attr == "decision_field"
        and len(node.args) == 2
        and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args)
    ):
        return node.args[0].value, node.args[1].value
    return None


def _is_env(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "env"
