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
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from tabletop.errors import did_you_mean

Dependency = tuple[str, str]
"""What a condition reads: ("state", var), ("actor", id), ("inject", id), ("decision", id) or ("move", id)."""

NUMBER, FLAG, TEXT = "number", "flag", "text"
DECISION_FIELDS = {"open": FLAG, "decided": FLAG, "closed": FLAG, "defaulted": FLAG, "option": TEXT}
MAX_LENGTH = 2000
MAX_NODES = 200


class Environment(Protocol):
    """What a compiled condition reads from; the engine implements it."""

    state: Mapping[str, float | bool]
    """State variable → its value."""
    levels: Mapping[str, int]
    """Actor → its escalation level."""
    delivered: Container[str]
    """The injects delivered so far."""
    relations: Mapping[tuple[str, str], Sequence[float]]
    """(from actor, to actor) → [trust, coupling]."""
    moves_started: Container[str]
    """The moves started so far."""
    move_current: str
    """The latest move started ("" before the first)."""

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

    @cached_property
    def evaluate(self) -> Callable[[Environment], bool]:
        """The condition as a function of the environment, compiled on first use (the loader
        only checks conditions; the engine evaluates them)."""
        function = ast.Expression(ast.Lambda(_ARGUMENTS, self.expression))
        code = compile(ast.fix_missing_locations(function), f"<condition {self.source!r}>", "eval")
        return eval(code, {"__builtins__": {}, "_divide": _divide})  # a tree built here: see the module docstring


Rebuilt = ast.expr
"""A checked node, rebuilt as a Python expression over `env`."""

ROOTS = ("state", "actor", "relation", "inject", "decision", "move")
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
    source = " ".join(text.splitlines())
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
    compiler = _Compiler(scope)
    kind, expression = compiler.node(tree.body)
    if kind != FLAG:
        raise ConditionError(f"a condition must be true or false, but this is a {kind}", _col(tree.body))
    return Compiled(text, frozenset(compiler.reads), expression)


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
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.reads: set[Dependency] = set()

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
        raise ConditionError(
            f"unknown name '{node.id}'{did_you_mean(node.id, ROOTS)}; names start with "
            "state., actor., relation., inject., decision. or move.",
            _col(node),
        )

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
        return self._happened(parts, col, "an inject", self.scope.injects, "delivered", "delivered")

    def _happened(
        self, parts: list[str], col: int, one: str, known: Container[str], field: str, container: str, hint: str = ""
    ) -> tuple[str, Rebuilt]:
        """`<root>.<id>.<field>`, a flag: whether the id is in the engine's `container`
        (`inject.x.delivered`, `move.x.started`)."""
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
            if left_kind != right_kind:
                raise ConditionError(f"cannot compare a {left_kind} with a {right_kind}", _col(operands[i + 1]))
            if left_kind != NUMBER and function not in _EQUALITY:
                raise ConditionError(f"a {left_kind} can only be compared with == or !=", _col(operands[i + 1]))
            self._check_option(operands[i], operands[i + 1])
            self._check_option(operands[i + 1], operands[i])
            self._check_move(operands[i], operands[i + 1])
            self._check_move(operands[i + 1], operands[i])
            ops.append(function())
        # A chain `a < b < c` reads b once and stops at the first false step, as before.
        return FLAG, ast.Compare(compiled[0][1], ops, [expression for _, expression in compiled[1:]])

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
