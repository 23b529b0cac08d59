"""Parse, name-check, type-check and compile a condition into a closure."""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from tabletop.errors import did_you_mean

Dependency = tuple[str, str]
"""What a condition reads: ("state", var), ("actor", id), ("inject", id) or ("decision", id)."""

NUMBER, FLAG, TEXT = "number", "flag", "text"
DECISION_FIELDS = {"open": FLAG, "decided": FLAG, "closed": FLAG, "defaulted": FLAG, "option": TEXT}
MAX_LENGTH = 2000
MAX_NODES = 200


class Environment(Protocol):
    """What a compiled condition reads from; the engine implements it."""

    def state_value(self, name: str) -> float | bool: ...
    def actor_level(self, actor: str) -> int: ...
    def inject_delivered(self, inject: str) -> bool: ...
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
    actors: frozenset[str] = frozenset()
    injects: frozenset[str] = frozenset()
    decisions: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Decision id → its option ids (to check `decision.x.option == "..."`)."""


@dataclass(frozen=True)
class Compiled:
    """A compiled condition: call `evaluate(env)`; `reads` says what it depends on."""

    source: str
    evaluate: Callable[[Environment], bool]
    reads: frozenset[Dependency]


Evaluator = Callable[[Any], Any]

_COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_ARITHMETIC = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: "div"}
_SYMBOL = {ast.BitAnd: "&", ast.BitOr: "|", ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//"}


def compile_condition(text: str, scope: Scope) -> Compiled:
    """Compile `text` against `scope`; raise ConditionError with a column on any problem."""
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"condition is too long ({len(text)} characters; limit {MAX_LENGTH})")
    source = " ".join(text.splitlines())
    try:
        tree = ast.parse(source.strip() and f"({source})", mode="eval")
    except SyntaxError as exc:
        offset = max((exc.offset or 2) - 2, 0)
        if not source.strip():
            raise ConditionError("condition is empty") from None
        if offset >= len(source.rstrip()):
            raise ConditionError("condition syntax error: it ends too early", len(source.rstrip())) from None
        raise ConditionError(f"condition syntax error: {_syntax_reason(exc)}", offset) from None
    except (RecursionError, MemoryError):
        raise ConditionError("condition is nested too deeply") from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise ConditionError(f"condition is too complex (more than {MAX_NODES} parts)")
    compiler = _Compiler(scope)
    kind, evaluate = compiler.node(tree.body)
    if kind != FLAG:
        raise ConditionError(f"a condition must be true or false, but this is a {kind}", _col(tree.body))
    return Compiled(text, evaluate, frozenset(compiler.reads))


def _syntax_reason(exc: SyntaxError) -> str:
    reason = (exc.msg or "invalid syntax").removeprefix("invalid syntax. ")
    return "incomplete expression" if "was never closed" in reason or "unexpected EOF" in reason else reason


def _col(node: ast.AST) -> int:
    return max(getattr(node, "col_offset", 1) - 1, 0)  # minus the "(" we wrapped it in


class _Compiler:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.reads: set[Dependency] = set()

    def node(self, node: ast.AST) -> tuple[str, Evaluator]:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            raise ConditionError(f"'{_describe(node)}' is not allowed in a condition", _col(node))
        return method(node)

    def visit_Constant(self, node: ast.Constant) -> tuple[str, Evaluator]:
        value = node.value
        if isinstance(value, bool):
            kind = FLAG
        elif isinstance(value, int | float):
            kind = NUMBER
        elif isinstance(value, str):
            kind = TEXT
        else:
            raise ConditionError(f"'{value!r}' is not allowed in a condition", _col(node))
        return kind, lambda env: value

    def visit_Name(self, node: ast.Name) -> tuple[str, Evaluator]:
        if node.id in ("true", "false", "True", "False"):
            value = node.id in ("true", "True")
            return FLAG, lambda env: value
        roots = ("state", "actor", "inject", "decision")
        raise ConditionError(
            f"unknown name '{node.id}'{did_you_mean(node.id, roots)}; names start with "
            "state., actor., inject. or decision.",
            _col(node),
        )

    def visit_Attribute(self, node: ast.Attribute) -> tuple[str, Evaluator]:
        parts, root = _dotted(node)
        if root is None:
            raise ConditionError("expected a name such as state.<variable>", _col(node))
        col = _col(root)
        kind = parts[0]
        if kind == "state":
            return self._state(parts, col)
        if kind == "actor":
            return self._actor(parts, col)
        if kind == "inject":
            return self._inject(parts, col)
        if kind == "decision":
            return self._decision(parts, col)
        raise ConditionError(
            f"unknown name '{kind}'{did_you_mean(kind, ('state', 'actor', 'inject', 'decision'))}", col
        )

    def _known(self, what: str, name: str, known: Any, col: int) -> None:
        if name not in known:
            raise ConditionError(f"unknown {what} '{name}'{did_you_mean(name, known)}", col)

    def _shape(self, parts: list[str], expected: str, col: int) -> None:
        if len(parts) != expected.count(".") + 1:
            raise ConditionError(f"expected {expected}, got '{'.'.join(parts)}'", col)

    def _state(self, parts: list[str], col: int) -> tuple[str, Evaluator]:
        self._shape(parts, "state.<variable>", col)
        name = parts[1]
        self._known("state variable", name, self.scope.state, col)
        self.reads.add(("state", name))
        return self.scope.state[name], lambda env: env.state_value(name)

    def _actor(self, parts: list[str], col: int) -> tuple[str, Evaluator]:
        self._shape(parts, "actor.<id>.level", col)
        actor = parts[1]
        self._known("actor", actor, self.scope.actors, col)
        if parts[2] != "level":
            raise ConditionError(f"an actor has only '.level', not '.{parts[2]}'", col)
        self.reads.add(("actor", actor))
        return NUMBER, lambda env: env.actor_level(actor)

    def _inject(self, parts: list[str], col: int) -> tuple[str, Evaluator]:
        self._shape(parts, "inject.<id>.delivered", col)
        inject = parts[1]
        self._known("inject", inject, self.scope.injects, col)
        if parts[2] != "delivered":
            raise ConditionError(f"an inject has only '.delivered', not '.{parts[2]}'", col)
        self.reads.add(("inject", inject))
        return FLAG, lambda env: env.inject_delivered(inject)

    def _decision(self, parts: list[str], col: int) -> tuple[str, Evaluator]:
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
        return DECISION_FIELDS[attribute], lambda env: env.decision_field(decision, attribute)

    def visit_BoolOp(self, node: ast.BoolOp) -> tuple[str, Evaluator]:
        parts = [self._flag(value) for value in node.values]
        both = isinstance(node.op, ast.And)
        if len(parts) == 2:  # the common case, without a generator per evaluation
            first, second = parts
            if both:
                return FLAG, lambda env: bool(first(env) and second(env))
            return FLAG, lambda env: bool(first(env) or second(env))
        if both:
            return FLAG, lambda env: all(part(env) for part in parts)
        return FLAG, lambda env: any(part(env) for part in parts)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> tuple[str, Evaluator]:
        if isinstance(node.op, ast.Not):
            operand = self._flag(node.operand)
            return FLAG, lambda env: not operand(env)
        if isinstance(node.op, ast.USub | ast.UAdd):
            kind, operand = self.node(node.operand)
            self._expect(kind, NUMBER, node.operand)
            sign = -1 if isinstance(node.op, ast.USub) else 1
            return NUMBER, lambda env: sign * operand(env)
        raise ConditionError(f"'{_describe(node)}' is not allowed in a condition", _col(node))

    def visit_BinOp(self, node: ast.BinOp) -> tuple[str, Evaluator]:
        op = _ARITHMETIC.get(type(node.op))
        if op is None:
            symbol = _SYMBOL.get(type(node.op), type(node.op).__name__)
            hint = " (use 'and' / 'or')" if symbol in "&|" else ""
            raise ConditionError(f"operator '{symbol}' is not allowed in a condition{hint}", _col(node))
        left_kind, left = self.node(node.left)
        right_kind, right = self.node(node.right)
        self._expect(left_kind, NUMBER, node.left)
        self._expect(right_kind, NUMBER, node.right)
        if op == "div":
            return NUMBER, lambda env: _divide(left(env), right(env))
        return NUMBER, lambda env: op(left(env), right(env))

    def visit_Compare(self, node: ast.Compare) -> tuple[str, Evaluator]:
        operands = [node.left, *node.comparators]
        compiled = [self.node(operand) for operand in operands]
        steps = []
        for i, op in enumerate(node.ops):
            function = _COMPARE.get(type(op))
            if function is None:
                raise ConditionError(f"'{_describe(op)}' is not allowed; compare with == != < <= > >=", _col(node))
            (left_kind, left), (right_kind, right) = compiled[i], compiled[i + 1]
            if left_kind != right_kind:
                raise ConditionError(f"cannot compare a {left_kind} with a {right_kind}", _col(operands[i + 1]))
            if left_kind != NUMBER and function not in (operator.eq, operator.ne):
                raise ConditionError(f"a {left_kind} can only be compared with == or !=", _col(operands[i + 1]))
            self._check_option(operands[i], operands[i + 1])
            self._check_option(operands[i + 1], operands[i])
            steps.append((function, left, right))
        if len(steps) == 1:
            function, left, right = steps[0]
            return FLAG, lambda env: function(left(env), right(env))
        return FLAG, lambda env: all(f(a(env), b(env)) for f, a, b in steps)

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

    def _flag(self, node: ast.AST) -> Evaluator:
        kind, evaluate = self.node(node)
        self._expect(kind, FLAG, node)
        return evaluate

    def _expect(self, kind: str, expected: str, node: ast.AST) -> None:
        if kind != expected:
            raise ConditionError(f"expected a {expected} here, got a {kind}", _col(node))


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
