"""The condition of a breakpoint: a small expression language, parsed and checked, never run as code.

    CONDITION := comparison | CONDITION and CONDITION | CONDITION or CONDITION | not CONDITION
    comparison := number (< <= > >= == !=) number ...     (chains, as in 0 < value < 1)
    number     := value | previous | local | upstream | iteration | step | 1e-4 | 3
                | abs(number) | -number | number (+ - * /) number | (number)

Python's own parser reads the text (`ast.parse`, mode "eval": it builds a tree, runs
nothing); every node it may produce is then checked against this grammar, and anything
else is a one-line error naming the column. The checked tree is evaluated over numpy
columns, one row a step, so a condition tests 200,000 steps in a few array operations.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

NAMES = ("value", "previous", "local", "upstream", "iteration", "step")
"""The quantities a condition may name (see the README's breakpoint section)."""
MAX_LENGTH = 500
"""Longest condition accepted: a deeply nested one would exhaust the parser's recursion."""

Columns = Mapping[str, np.ndarray]
Numeric = Callable[[Columns], tuple[np.ndarray, np.ndarray]]
"""A number over the rows, and where it is undefined (a NaN name, a division by zero)."""
Truth = Callable[[Columns], tuple[np.ndarray, np.ndarray]]

_COMPARE = {ast.Lt: np.less, ast.LtE: np.less_equal, ast.Gt: np.greater,
            ast.GtE: np.greater_equal, ast.Eq: np.equal, ast.NotEq: np.not_equal}
_ARITHMETIC = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply}
_SPELLING = {ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//", ast.BitAnd: "&", ast.BitOr: "|",
             ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>", ast.MatMult: "@",
             ast.Invert: "~", ast.UAdd: "unary +", ast.Is: "is", ast.IsNot: "is not",
             ast.In: "in", ast.NotIn: "not in"}
_HINT = {"&": "; use and", "|": "; use or", "~": "; use not", "^": "; use !=",
         "**": "; use + - * / (value * value for a square)"}


class ConditionError(ValueError):
    """A condition that does not follow the grammar; `column` counts from 1."""

    def __init__(self, column: int, message: str) -> None:
        super().__init__(f"column {column}: {message}")
        self.column = column
        self.reason = message


@dataclass(frozen=True)
class Condition:
    """A checked condition: its text, the names it uses, and its evaluator."""

    text: str
    names: frozenset[str]
    _truth: Truth

    def evaluate(self, columns: Columns) -> np.ndarray:
        """True where the condition holds; False wherever a name it uses is undefined (NaN:
        `previous` in the first iteration, `local` on a forward step) or it divides by 0."""
        holds, undefined = self._truth(columns)
        return np.asarray(holds, dtype=bool) & ~undefined


def parse_condition(text: str, offset: int = 0) -> Condition:
    """Check `text` against the grammar; errors name the column, counted from 1 plus `offset`
    (where the condition starts in a longer line)."""
    if len(text) > MAX_LENGTH:
        raise ConditionError(offset + MAX_LENGTH + 1, f"condition longer than {MAX_LENGTH} characters")
    if not text.strip():
        raise ConditionError(offset + 1, "empty condition after 'if'")
    if "\n" in text or "\r" in text:
        raise ConditionError(offset + 1 + min(i for i in (text.find("\n"), text.find("\r")) if i >= 0),
                             "a condition is one line")
    try:
        tree = ast.parse(f"({text})", mode="eval")  # parenthesised: leading spaces are fine
    except SyntaxError as error:
        column = max((error.offset or 1) - 1, 1)  # -1: the added "("
        if "too many nested" in str(error.msg):
            raise ConditionError(offset + 1, "condition too deeply nested") from None
        unbalanced = _unbalanced(text)
        if unbalanced is not None:
            raise ConditionError(offset + unbalanced[0] + 1, unbalanced[1]) from None
        assign = re.search(r"(?<![<>=!])=(?!=)", text)
        if assign:
            raise ConditionError(offset + assign.start() + 1, "'=' assigns; compare with '=='") from None
        raise ConditionError(offset + min(column, len(text) + 1), _syntax(text, column)) from None
    except (RecursionError, MemoryError, ValueError):
        raise ConditionError(offset + 1, "condition too deeply nested") from None
    names: set[str] = set()
    checker = _Checker(offset - 1, names)  # -1: the added "("
    truth = checker.truth(tree.body)
    return Condition(text, frozenset(names), truth)


def _unbalanced(text: str) -> tuple[int, str] | None:
    """The first parenthesis without its partner: (index, reason), or None."""
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            opened.append(i)
        elif ch == ")":
            if not opened:
                return i, "')' without its '('"
            opened.pop()
    return (opened[0], "'(' is never closed") if opened else None


def _syntax(text: str, column: int) -> str:
    near = text[column - 1:column + 9].strip()
    return f"cannot read the condition near {near!r}" if near else "the condition ends too early"


class _Checker:
    """Turns a checked ast node into an evaluator, or raises ConditionError at its column."""

    def __init__(self, shift: int, names: set[str]) -> None:
        self.shift = shift
        self.names = names

    def fail(self, node: ast.AST, message: str) -> ConditionError:
        return ConditionError(self.shift + getattr(node, "col_offset", 0) + 1, message)

    def truth(self, node: ast.expr) -> Truth:
        if isinstance(node, ast.BoolOp):
            parts = [self.truth(v) for v in node.values]
            combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
            return _fold(parts, combine)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.truth(node.operand)
            return lambda c: (lambda h, u: (~np.asarray(h, dtype=bool), u))(*inner(c))
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.Name | ast.Constant | ast.BinOp | ast.Call) or (
                isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)):
            self.number(node)  # a number alone: say so, after its own errors
            raise self.fail(node, "a condition must compare, e.g. value > 0 or abs(value) < 1e-4")
        raise self.unsupported(node)

    def compare(self, node: ast.Compare) -> Truth:
        tests = []
        for op in node.ops:
            if type(op) not in _COMPARE:
                raise self.fail(node, f"'{_SPELLING.get(type(op), type(op).__name__)}' is not a "
                                      f"comparison here; use < <= > >= == !=")
            tests.append(_COMPARE[type(op)])
        operands = [self.number(node.left)] + [self.number(c) for c in node.comparators]

        def run(c: Columns) -> tuple[np.ndarray, np.ndarray]:
            values = [f(c) for f in operands]
            holds = np.ones(np.shape(values[0][0]), dtype=bool)
            undefined = np.zeros_like(holds)
            for (left, bad_l), test, (right, bad_r) in zip(values, tests, values[1:]):
                with np.errstate(invalid="ignore"):
                    holds = holds & test(left, right)
                undefined = undefined | bad_l | bad_r
            return holds, undefined
        return run

    def number(self, node: ast.expr) -> Numeric:
        if isinstance(node, ast.Name):
            if node.id not in NAMES:
                raise self.fail(node, f"unknown name {node.id!r}; a condition may use "
                                      f"{', '.join(NAMES)}")
            self.names.add(node.id)
            name = node.id
            return lambda c: (c[name], np.isnan(c[name]))
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise self.fail(node, f"{node.value!r} is not a number; a condition compares numbers")
            number = float(node.value)
            return lambda c: (np.float64(number), np.bool_(False))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = self.number(node.operand)
            return lambda c: (lambda v, u: (-v, u))(*inner(c))
        if isinstance(node, ast.BinOp):
            return self.arithmetic(node)
        if isinstance(node, ast.Call):
            if not (isinstance(node.func, ast.Name) and node.func.id == "abs"):
                raise self.fail(node, "the only function is abs()")
            if len(node.args) != 1 or node.keywords:
                raise self.fail(node, "abs() takes one number")
            inner = self.number(node.args[0])
            return lambda c: (lambda v, u: (np.abs(v), u))(*inner(c))
        if isinstance(node, ast.Compare | ast.BoolOp) or (
                isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)):
            raise self.fail(node, "a comparison where a number is needed")
        raise self.unsupported(node)

    def arithmetic(self, node: ast.BinOp) -> Numeric:
        op = type(node.op)
        if op not in _ARITHMETIC and op is not ast.Div:
            spelled = _SPELLING.get(op, op.__name__)
            raise self.fail(node, f"'{spelled}' is not allowed{_HINT.get(spelled, '; use + - * /')}")
        left, right = self.number(node.left), self.number(node.right)
        if op is ast.Div:
            def divide(c: Columns) -> tuple[np.ndarray, np.ndarray]:
                (a, bad_a), (b, bad_b) = left(c), right(c)
                with np.errstate(divide="ignore", invalid="ignore"):
                    return np.divide(a, b), bad_a | bad_b | (b == 0)
            return divide
        apply = _ARITHMETIC[op]

        def run(c: Columns) -> tuple[np.ndarray, np.ndarray]:
            (a, bad_a), (b, bad_b) = left(c), right(c)
            with np.errstate(over="ignore", invalid="ignore"):
                result = apply(a, b)
            return result, bad_a | bad_b | np.isnan(result)  # inf - inf: undefined
        return run

    def unsupported(self, node: ast.AST) -> ConditionError:
        what = {ast.IfExp: "'x if y else z'", ast.Attribute: "an attribute", ast.Subscript:
                "an index", ast.Lambda: "lambda", ast.Tuple: "a tuple", ast.List: "a list",
                ast.Dict: "a dict", ast.Set: "a set", ast.NamedExpr: "':='",
                ast.JoinedStr: "a string", ast.Starred: "'*'", ast.Await: "await",
                ast.GeneratorExp: "a generator", ast.ListComp: "a comprehension"}
        if isinstance(node, ast.UnaryOp):
            spelled = _SPELLING.get(type(node.op), type(node.op).__name__)
            return self.fail(node, f"'{spelled}' is not allowed{_HINT.get(spelled, '')}")
        return self.fail(node, f"{what.get(type(node), type(node).__name__)} is not allowed in a condition")


def _fold(parts: list[Truth], combine) -> Truth:
    def run(c: Columns) -> tuple[np.ndarray, np.ndarray]:
        results = [p(c) for p in parts]
        holds, undefined = results[0]
        for h, u in results[1:]:
            holds, undefined = combine(holds, h), undefined | u
        return holds, undefined
    return run
