"""Parse, name-check, type-check and compile a condition into one Python function.

Every node of the author's text is checked against an allow-list and typed; each allowed
node is then rebuilt, by this module, as a Python expression over the environment `env`
(`state.pressure` becomes `env.state["pressure"]`). Nothing from the text becomes code: its
names and values only ever appear as constants in the tree built here. That tree is compiled
once, on first use, with no builtins, into a function that does no more than the condition
says: a re-check is one call, not a call per node.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from tabletop.errors import did_you_mean

Dependency = tuple[str, str]
"""What a condition reads: ("state", var), ("actor", id), ("relation", "a>b"), ("inject", id),
("decision", id), ("move", id) or ("clock", "elapsed")."""

NUMBER, FLAG, TEXT, CHOICE, DURATION = "number", "flag", "text", "choice", "duration"
DECISION_FIELDS = {"open": FLAG, "decided": FLAG, "closed": FLAG, "defaulted": FLAG, "option": TEXT}
MAX_LENGTH = 2000
MAX_NODES = 200


class Environment(Protocol):
    """What a compiled condition reads from; the engine implements it."""

    state: Mapping[str, float | bool | str]
    """State variable → its value."""
    levels: Mapping[str, int]
    """Actor → its escalation level."""
    delivered: Container[str]
    """The injects delivered so far."""
    occurrences: Mapping[str, int]
    """Planned inject → how many times it was delivered (recurring injects: more than once)."""
    relations: Mapping[tuple[str, str], Sequence[float]]
    """(from actor, to actor) → [trust, coupling]."""
    moves_started: Container[str]
    """The moves started so far."""
    move_current: str
    """The latest move started ("" before the first)."""

    now: int
    """Scenario seconds since the start (`clock.elapsed`)."""

    def decision_field(self, decision: str, field: str) -> bool | str: ...


class ConditionError(ValueError):
    """A condition that cannot be compiled; `offset` is the 0-based column in its text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class Scope:
    """The names a condition may use: state variables (with types), actors, injects, decisions."""

    state: Mapping[str, str] = field(default_factory=dict)
    """Variable → its type: number, flag or choice."""
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Choice variable → its values, lowest first (conditions compare them by this order)."""
    actors: frozenset[str] = frozenset()
    injects: frozenset[str] = frozenset()
    decisions: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Decision id → its option ids (to check `decision.x.option == "..."`)."""
    relations: frozenset[tuple[str, str]] = frozenset()
    """The directed relations (from actor, to actor)."""
    moves: tuple[str, ...] = ()
    """The move ids, in order."""


@dataclass(frozen=True)
class Compiled:
    """A compiled condition: call `evaluate(env)`; `reads` says what it depends on."""

    source: str
    reads: frozenset[Dependency]
    expression: ast.expr = field(repr=False, compare=False)
    """The condition rebuilt as a Python expression over `env` (see the module's docstring)."""
    times: frozenset[int] = field(default=frozenset())
    """Scenario times (seconds) at which the condition may change because it reads
    `clock.elapsed`: the second each comparison of the clock with a duration turns."""

    @cached_property
    def evaluate(self) -> Callable[[Environment], bool]:
        """The condition as a function of the environment, compiled on first use (the loader
        only checks conditions; the engine evaluates them)."""
        function = ast.Expression(ast.Lambda(_ARGUMENTS, self.expression))
        code = compile(ast.fix_missing_locations(function), f"<condition {self.source!r}>", "eval")
        return eval(code, {"__builtins__": {}, "_divide": _divide})  # a tree built here: see the module docstring


Rebuilt = ast.expr
"""A checked node, rebuilt as a Python expression over `env`."""

ROOTS = ("state", "actor", "relation", "inject", "decision", "move", "clock")
FUNCTIONS = ("count",)
RELATION_FIELDS = ("trust", "coupling")
"""In the order the engine keeps them: `relations[(from, to)]` is `[trust, coupling]`."""
_ARGUMENTS = ast.arguments(posonlyargs=[], args=[ast.arg("env")], kwonlyargs=[], kw_defaults=[], defaults=[])

_COMPARE = {ast.Eq: ast.Eq, ast.NotEq: ast.NotEq, ast.Lt: ast.Lt, ast.LtE: ast.LtE, ast.Gt: ast.Gt, ast.GtE: ast.GtE}
_EQUALITY = (ast.Eq, ast.NotEq)
_ARITHMETIC = {ast.Add: ast.Add, ast.Sub: ast.Sub, ast.Mult: ast.Mult, ast.Div: ast.Div}
_SYMBOL = {ast.BitAnd: "&", ast.BitOr: "|", ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//"}


def compile_condition(text: str, scope: Scope) -> Compiled:
    """Compile `text` against `scope`; raise ConditionError with a column on any problem."""
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"condition is too long ({len(text)} characters; limit {MAX_LENGTH})")
    source, durations = _durations(" ".join(text.splitlines()))
    try:
        tree = ast.parse(source.strip() and f"({source})", mode="eval")
    except SyntaxError as exc:
        offset = max((exc.offset or 2) - 2, 0)
        if not source.strip():
            raise ConditionError("condition is empty") from None
        slip = _slip(source)
        if slip is not None:
            raise ConditionError(f"condition syntax error: {slip[0]}", slip[1]) from None
        if offset >= len(source.rstrip()):
            raise ConditionError("condition syntax error: it ends too early", len(source.rstrip())) from None
        raise ConditionError(f"condition syntax error: {_syntax_reason(exc)}", offset) from None
    except (RecursionError, MemoryError):
        raise ConditionError("condition is nested too deeply") from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise ConditionError(f"condition is too complex (more than {MAX_NODES} parts)")
    compiler = _Compiler(scope, durations)
    kind, expression = compiler.node(tree.body)
    if kind != FLAG:
        raise ConditionError(f"a condition must be true or false, but this is a {kind}", _col(tree.body))
    return Compiled(text, frozenset(compiler.reads), expression, frozenset(compiler.times))


_DURATION = re.compile(r"(?<![\w.])(?=\d+[hms])(?:(\d+)h)?(?:(\d+)m(?:in)?)?(?:(\d+)s)?(?![\w.])")
"""A duration as scenario files write it (`45m`, `45min`, `1h30m`, `90s`), not part of a name or number."""
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")


def _durations(source: str) -> tuple[str, dict[str, tuple[int, str]]]:
    """`source` with each duration literal (`45m`, `1h30m`, `90s`) outside quotes replaced by
    a placeholder name of the same length (so columns stay true), and what each stands for."""
    durations: dict[str, tuple[int, str]] = {}
    quoted = [match.span() for match in _QUOTED.finditer(source)]

    def replace(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in quoted) or not match.group(0):
            return match.group(0)
        h, m, s = (int(group or 0) for group in match.groups())
        name = f"_{len(durations):x}".ljust(len(match.group(0)), "_")
        if len(name) > len(match.group(0)):  # more literals of this length than names: keep it (a syntax error)
            return match.group(0)
        durations[name] = (h * 3600 + m * 60 + s, match.group(0))
        return name

    return _DURATION.sub(replace, source), durations


def _syntax_reason(exc: SyntaxError) -> str:
    """Python's reason, without its advice about Python."""
    reason = (exc.msg or "invalid syntax").removeprefix("invalid syntax. ").split(". Maybe you meant")[0]
    return "incomplete expression" if "was never closed" in reason or "unexpected EOF" in reason else reason


_SLIPS = {
    "&&": "use 'and', not '&&'",
    "||": "use 'or', not '||'",
    "=>": "use '>=', not '=>'",
    "=<": "use '<=', not '=<'",
}


def _slip(source: str) -> tuple[str, int] | None:
    """The first thing in `source` that another language would accept and conditions do not,
    said in the condition language, with its column: `&&`, `||`, `!`, a lone `=`, an
    unclosed bracket or quote. None when the error is something else (Python's reason then)."""
    opened: list[tuple[str, int]] = []
    closing = {")": "(", "]": "["}
    i = 0
    while i < len(source):
        char, pair = source[i], source[i : i + 2]
        if char in "\"'":
            end = source.find(char, i + 1)
            if end < 0:
                return f"the text opened with {char} here is never closed", i
            i = end + 1
            continue
        if pair in _SLIPS:
            return _SLIPS[pair], i
        if pair in ("==", "!=", "<=", ">="):
            i += 2
            continue
        if char == "!":
            return "use 'not', not '!'", i
        if char == "=":
            return "use '==' to compare ('=' alone is not a comparison)", i
        if char in "([":
            opened.append((char, i))
        elif char in closing:
            if not opened or opened[-1][0] != closing[char]:
                return f"'{char}' closes nothing opened before it", i
            opened.pop()
        i += 1
    if opened:
        char, column = opened[-1]
        return f"'{char}' opened here is never closed", column
    return None


def _col(node: ast.AST) -> int:
    return max(getattr(node, "col_offset", 1) - 1, 0)  # minus the "(" we wrapped it in


class _Compiler:
    def __init__(self, scope: Scope, durations: Mapping[str, tuple[int, str]]) -> None:
        self.scope = scope
        self.durations = durations
        self.reads: set[Dependency] = set()
        self.times: set[int] = set()

    def node(self, node: ast.AST) -> tuple[str, Rebuilt]:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            raise ConditionError(f"'{_describe(node)}' is not allowed in a condition", _col(node))
        return method(node)

    def visit_Constant(self, node: ast.Constant) -> tuple[str, Rebuilt]:
        value = node.value
        if isinstance(value, bool):
            kind = FLAG
        elif isinstance(value, int | float):
            kind = NUMBER
        elif isinstance(value, str):
            kind = TEXT
        else:
            raise ConditionError(f"'{value!r}' is not allowed in a condition", _col(node))
        return kind, ast.Constant(value)

    def visit_Name(self, node: ast.Name) -> tuple[str, Rebuilt]:
        if node.id in ("true", "false", "True", "False"):
            return FLAG, ast.Constant(node.id in ("true", "True"))
        if node.id in self.durations:
            return DURATION, ast.Constant(self.durations[node.id][0])
        raise ConditionError(
            f"unknown name '{node.id}'{did_you_mean(node.id, ROOTS)}; names start with "
            "state., actor., relation., inject., decision., move. or clock.",
            _col(node),
        )

    def visit_Call(self, node: ast.Call) -> tuple[str, Rebuilt]:
        """`count(flag, flag, …)`: how many of its flags are true."""
        if not isinstance(node.func, ast.Name):
            raise ConditionError(f"'{_describe(node)}' is not allowed in a condition", _col(node))
        if node.func.id != "count":
            name = node.func.id
            raise ConditionError(
                f"unknown function '{name}'{did_you_mean(name, FUNCTIONS)}; the only function is count(…) of flags",
                _col(node),
            )
        if node.keywords:
            raise ConditionError("count(…) takes flags separated by commas, not names with '='", _col(node))
        if not node.args:
            raise ConditionError("count(…) needs at least one flag, e.g. count(state.a, state.b)", _col(node))
        ones: list[Rebuilt] = []
        for argument in node.args:
            kind, expression = self.node(argument)
            if kind != FLAG:
                raise ConditionError(f"count(…) counts flags, but this is a {kind}", _col(argument))
            ones.append(ast.IfExp(expression, ast.Constant(1), ast.Constant(0)))
        total = ones[0]
        for one in ones[1:]:
            total = ast.BinOp(total, ast.Add(), one)
        return NUMBER, total

    def visit_Attribute(self, node: ast.Attribute) -> tuple[str, Rebuilt]:
        parts, root = _dotted(node)
        if root is None:
            raise ConditionError("expected a name such as state.<variable>", _col(node))
        col = _col(root)
        kind = parts[0]
        if kind == "state":
            return self._state(parts, col)
        if kind == "actor":
            return self._actor(parts, col)
        if kind == "relation":
            return self._relation(parts, col)
        if kind == "inject":
            return self._inject(parts, col)
        if kind == "decision":
            return self._decision(parts, col)
        if kind == "move":
            return self._move(parts, col)
        if kind == "clock":
            return self._clock(parts, col)
        raise ConditionError(f"unknown name '{kind}'{did_you_mean(kind, ROOTS)}", col)

    def _known(self, what: str, name: str, known: Any, col: int) -> None:
        if name not in known:
            raise ConditionError(f"unknown {what} '{name}'{did_you_mean(name, known)}", col)

    def _shape(self, parts: list[str], expected: str, col: int) -> None:
        if len(parts) != expected.count(".") + 1:
            raise ConditionError(f"expected {expected}, got '{'.'.join(parts)}'", col)

    def _state(self, parts: list[str], col: int) -> tuple[str, Rebuilt]:
        self._shape(parts, "state.<variable>", col)
        name = parts[1]
        self._known("state variable", name, self.scope.state, col)
        self.reads.add(("state", name))
        return self.scope.state[name], _read("state", name)

    def _actor(self, parts: list[str], col: int) -> tuple[str, Rebuilt]:
        self._shape(parts, "actor.<id>.level", col)
        actor = parts[1]
        self._known("actor", actor, self.scope.actors, col)
        if parts[2] != "level":
            raise ConditionError(f"an actor has only '.level', not '.{parts[2]}'", col)
        self.reads.add(("actor", actor))
        return NUMBER, _read("levels", actor)

    def _relation(self, parts: list[str], col: int) -> tuple[str, Rebuilt]:
        self._shape(parts, "relation.<from>.<to>.trust", col)
        source, target, attribute = parts[1], parts[2], parts[3]
        if (source, target) not in self.scope.relations:
            if (target, source) in self.scope.relations:
                hint = f" (relations have a direction: there is one from '{target}' to '{source}')"
            else:
                hint = did_you_mean(f"{source}.{target}", sorted(f"{a}.{b}" for a, b in self.scope.relations))
            raise ConditionError(f"no relation from '{source}' to '{target}'{hint}", col)
        if attribute not in RELATION_FIELDS:
            raise ConditionError(f"a relation has '.trust' and '.coupling', not '.{attribute}'", col)
        self.reads.add(("relation", f"{source}>{target}"))
        pair = ast.Subscript(_env("relations"), ast.Constant((source, target)), ast.Load())
        return NUMBER, ast.Subscript(pair, ast.Constant(RELATION_FIELDS.index(attribute)), ast.Load())

    def _inject(self, parts: list[str], col: int) -> tuple[str, Rebuilt]:
        self._shape(parts, "inject.<id>.delivered", col)
        inject = parts[1]
        self._known("inject", inject, self.scope.injects, col)
        if parts[2] not in ("delivered", "count"):
            raise ConditionError(f"an inject has '.delivered' and '.count', not '.{parts[2]}'", col)
        self.reads.add(("inject", inject))
        if parts[2] == "count":
            get = ast.Attribute(_env("occurrences"), "get", ast.Load())
            return NUMBER, ast.Call(get, [ast.Constant(inject), ast.Constant(0)], [])
        return FLAG, ast.Compare(ast.Constant(inject), [ast.In()], [_env("delivered")])

    def _happened(
        self, parts: list[str], col: int, one: str, known: Container[str], field: str, container: str, hint: str = ""
    ) -> tuple[str, Rebuilt]:
        """`<root>.<id>.<field>`, a flag: whether the id is in the engine's `container`
        (`move.x.started`)."""
        root, name = parts[0], parts[1] if len(parts) > 1 else ""
        self._shape(parts, f"{root}.<id>.{field}", col)
        self._known(one.split()[1], name, known, col)
        if parts[2] != field:
            raise ConditionError(f"{one} has only '.{field}', not '.{parts[2]}'{hint}", col)
        self.reads.add((root, name))
        return FLAG, ast.Compare(ast.Constant(name), [ast.In()], [_env(container)])

    def _decision(self, parts: list[str], col: int) -> tuple[str, Rebuilt]:
        self._shape(parts, "decision.<id>.<field>", col)
        decision, attribute = parts[1], parts[2]
        self._known("decision point", decision, self.scope.decisions, col)
        if attribute not in DECISION_FIELDS:
            raise ConditionError(
                f"a decision point has no '.{attribute}'{did_you_mean(attribute, DECISION_FIELDS)}; "
                f"use one of: {', '.join(DECISION_FIELDS)}",
                col,
            )
        self.reads.add(("decision", decision))
        call = ast.Call(_env("decision_field"), [ast.Constant(decision), ast.Constant(attribute)], [])
        return DECISION_FIELDS[attribute], call

    def _move(self, parts: list[str], col: int) -> tuple[str, Rebuilt]:
        """`move.<id>.started` (a flag) or `move.current` (the id of the latest move started)."""
        if parts[1:] == ["current"]:
            if not self.scope.moves:
                raise ConditionError("the scenario has no moves: 'move.current' needs a 'moves:' list", col)
            self.reads.update(("move", move) for move in self.scope.moves)
            return TEXT, _env("move_current")
        moves = self.scope.moves
        return self._happened(parts, col, "a move", moves, "started", "moves_started", " (or use 'move.current')")

    def _clock(self, parts: list[str], col: int) -> tuple[str, Rebuilt]:
        self._shape(parts, "clock.elapsed", col)
        if parts[1] != "elapsed":
            raise ConditionError(f"the clock has only '.elapsed', not '.{parts[1]}'", col)
        self.reads.add(("clock", "elapsed"))
        return DURATION, _env("now")

    def visit_BoolOp(self, node: ast.BoolOp) -> tuple[str, Rebuilt]:
        parts = [self._flag(value) for value in node.values]  # flags only: and/or give a flag
        return FLAG, ast.BoolOp(ast.And() if isinstance(node.op, ast.And) else ast.Or(), parts)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> tuple[str, Rebuilt]:
        if isinstance(node.op, ast.Not):
            return FLAG, ast.UnaryOp(ast.Not(), self._flag(node.operand))
        if isinstance(node.op, ast.USub | ast.UAdd):
            kind, operand = self.node(node.operand)
            self._expect(kind, NUMBER, node.operand)
            return NUMBER, ast.UnaryOp(ast.USub() if isinstance(node.op, ast.USub) else ast.UAdd(), operand)
        raise ConditionError(f"'{_describe(node)}' is not allowed in a condition", _col(node))

    def visit_BinOp(self, node: ast.BinOp) -> tuple[str, Rebuilt]:
        op = _ARITHMETIC.get(type(node.op))
        if op is None:
            symbol = _SYMBOL.get(type(node.op), type(node.op).__name__)
            hint = " (use 'and' / 'or')" if symbol in "&|" else ""
            raise ConditionError(f"operator '{symbol}' is not allowed in a condition{hint}", _col(node))
        left_kind, left = self.node(node.left)
        right_kind, right = self.node(node.right)
        self._expect(left_kind, NUMBER, node.left)
        self._expect(right_kind, NUMBER, node.right)
        if op is ast.Div:
            return NUMBER, ast.Call(ast.Name("_divide", ast.Load()), [left, right], [])
        return NUMBER, ast.BinOp(left, op(), right)

    def visit_Compare(self, node: ast.Compare) -> tuple[str, Rebuilt]:
        operands = [node.left, *node.comparators]
        compiled = [self.node(operand) for operand in operands]
        ops = []
        for i, op in enumerate(node.ops):
            function = _COMPARE.get(type(op))
            if function is None:
                raise ConditionError(f"'{_describe(op)}' is not allowed; compare with == != < <= > >=", _col(node))
            left_kind, right_kind = compiled[i][0], compiled[i + 1][0]
            if (
                CHOICE in (left_kind, right_kind)
                or self._choice_variable(operands[i])
                or self._choice_variable(operands[i + 1])
            ):
                self._choices(operands, compiled, i)
            elif DURATION in (left_kind, right_kind):
                self._clock_times(operands[i], op, operands[i + 1])
                if left_kind != right_kind:
                    raise ConditionError(_mismatch(left_kind, right_kind), _col(operands[i + 1]))
            elif left_kind != right_kind:
                raise ConditionError(_mismatch(left_kind, right_kind), _col(operands[i + 1]))
            elif left_kind != NUMBER and function not in _EQUALITY:
                raise ConditionError(f"a {left_kind} can only be compared with == or !=", _col(operands[i + 1]))
            self._check_option(operands[i], operands[i + 1])
            self._check_option(operands[i + 1], operands[i])
            self._check_move(operands[i], operands[i + 1])
            self._check_move(operands[i + 1], operands[i])
            ops.append(function())
        # A chain `a < b < c` reads b once and stops at the first false step, as before.
        return FLAG, ast.Compare(compiled[0][1], ops, [expression for _, expression in compiled[1:]])

    def _choices(self, operands: list[ast.expr], compiled: list[tuple[str, Rebuilt]], i: int) -> None:
        """A choice compares with one of its values in quotes, by their order: both sides become
        positions in the variable's list (`state.c >= "moderate"` → `index(c) >= 1`)."""
        pair = (i, i + 1)
        variables = [self._choice_variable(operands[j]) for j in pair]
        values = next(self.scope.choices[name] for name in variables if name is not None)
        for j, name in zip(pair, variables, strict=True):
            operand, (kind, expression) = operands[j], compiled[j]
            if name is not None:
                if self.scope.choices[name] != values:
                    raise ConditionError("two choices compare only when they have the same values", _col(operand))
                if kind == CHOICE:  # not yet turned into a position by a previous link of a chain
                    position = ast.Attribute(ast.Constant(values), "index", ast.Load())
                    compiled[j] = (NUMBER, ast.Call(position, [expression], []))
            elif isinstance(operand, ast.Constant) and isinstance(operand.value, str):
                if operand.value not in values:
                    choice = next(v for v in variables if v is not None)
                    raise ConditionError(
                        f"'{operand.value}' is not a value of '{choice}'{did_you_mean(operand.value, values)}; "
                        f"its values are {', '.join(values)}",
                        _col(operand),
                    )
                compiled[j] = (NUMBER, ast.Constant(values.index(operand.value)))
            elif kind == TEXT:
                raise ConditionError("compare a choice with one of its values, in quotes", _col(operand))
            else:
                raise ConditionError(f"cannot compare a choice with a {kind}", _col(operand))

    def _choice_variable(self, operand: ast.expr) -> str | None:
        if isinstance(operand, ast.Attribute):
            parts, _ = _dotted(operand)
            if len(parts) == 2 and parts[0] == "state" and parts[1] in self.scope.choices:
                return parts[1]
        return None

    def _clock_times(self, left: ast.expr, op: ast.cmpop, right: ast.expr) -> None:
        """A duration is compared with `clock.elapsed`; the engine re-checks the condition at
        the second the comparison turns: `>= 1h` and `< 1h` at 1h, `> 1h` and `<= 1h` a second
        later, `==` and `!=` at both."""
        for literal, other, flipped in ((left, right, True), (right, left, False)):
            if isinstance(literal, ast.Name) and literal.id in self.durations:
                if not _is_clock(other):
                    text = self.durations[literal.id][1]
                    raise ConditionError(
                        f"a duration such as {text} is compared only with clock.elapsed", _col(literal)
                    )
                seconds = self.durations[literal.id][0]
                kind = type(op)
                if flipped:  # `1h <= clock.elapsed` is `clock.elapsed >= 1h`
                    kind = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE}.get(kind, kind)
                if kind in (ast.GtE, ast.Lt, ast.Eq, ast.NotEq):
                    self.times.add(seconds)
                if kind in (ast.Gt, ast.LtE, ast.Eq, ast.NotEq):
                    self.times.add(seconds + 1)

    def _check_option(self, name: ast.AST, value: ast.AST) -> None:
        """`decision.x.option == "y"`: y must be one of x's options."""
        if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
            return
        parts, _ = _dotted(name) if isinstance(name, ast.Attribute) else ([], None)
        if len(parts) == 3 and parts[0] == "decision" and parts[2] == "option":
            options = self.scope.decisions.get(parts[1], frozenset())
            if value.value not in options and value.value != "":
                raise ConditionError(
                    f"decision point '{parts[1]}' has no option '{value.value}'{did_you_mean(value.value, options)}",
                    _col(value),
                )

    def _check_move(self, name: ast.AST, value: ast.AST) -> None:
        """`move.current == "m"`: m must be one of the moves ("" means none started yet)."""
        if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
            return
        parts, _ = _dotted(name) if isinstance(name, ast.Attribute) else ([], None)
        if parts == ["move", "current"] and value.value not in self.scope.moves and value.value != "":
            raise ConditionError(
                f"unknown move '{value.value}'{did_you_mean(value.value, self.scope.moves)}", _col(value)
            )

    def _flag(self, node: ast.AST) -> Rebuilt:
        kind, evaluate = self.node(node)
        self._expect(kind, FLAG, node)
        return evaluate

    def _expect(self, kind: str, expected: str, node: ast.AST) -> None:
        if kind != expected:
            raise ConditionError(f"expected a {expected} here, got a {kind}", _col(node))


def _mismatch(left: str, right: str) -> str:
    if DURATION in (left, right):
        return f"cannot compare a {left} with a {right}: clock.elapsed compares with a duration such as 45m or 1h30m"
    return f"cannot compare a {left} with a {right}"


def _is_clock(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and _dotted(node)[0] == ["clock", "elapsed"]


def _env(attribute: str) -> ast.expr:
    return ast.Attribute(ast.Name("env", ast.Load()), attribute, ast.Load())


def _read(mapping: str, key: str) -> ast.expr:
    """`env.<mapping>["<key>"]`: the key is a declared name, as a constant."""
    return ast.Subscript(_env(mapping), ast.Constant(key), ast.Load())


def _dotted(node: ast.Attribute) -> tuple[list[str], ast.Name | None]:
    parts: list[str] = []
    current: ast.AST = node
    while isinstance(current, ast.Attribute):
        parts.append(current.attr)
        current = current.value
    if not isinstance(current, ast.Name):
        return [], None
    parts.append(current.id)
    return parts[::-1], current


def _divide(left: float, right: float) -> float:
    """Division by zero gives 0: a condition never fails at run time."""
    return left / right if right else 0.0


def _describe(node: ast.AST) -> str:
    names = {
        ast.Call: "function call",
        ast.Subscript: "indexing",
        ast.Lambda: "lambda",
        ast.In: "in",
        ast.NotIn: "not in",
        ast.Is: "is",
        ast.IsNot: "is not",
        ast.List: "list",
        ast.Dict: "mapping",
        ast.Tuple: "tuple",
        ast.IfExp: "if-else",
        ast.NamedExpr: ":=",
        ast.JoinedStr: "f-string",
        ast.Invert: "~",
    }
    return names.get(type(node), type(node).__name__)
