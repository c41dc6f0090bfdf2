"""Formula text -> graph nodes (CONTRACT 6.1). Formulas are parsed, never evaluated.

Python's `ast` parses the text, and only the grammar's node types are accepted: numbers,
names, `+ - * / **`, unary minus and calls of the grammar's functions; anything else is a
one-line error. The tree is walked with an explicit stack (a chain `a+a+...+a` is as deep
as it is long, deeper than Python's recursion limit).

Naming: the top operation of a formula takes the formula's key; every other operation and
every number is named by its text as written, runs of spaces shown as one (`x1*w1 + x2*w2`,
`-3.5`). The same text in two places makes two distinct nodes; the second is named
`text#2`, the third `text#3`, and so on, so every name is unique and the order is fixed.
"""

from __future__ import annotations

import ast
import math
import re

from ..errors import ConfigError
from .spec import FUNCTIONS, GraphNode

MAX_FORMULA_CHARS = 10_000
"""Longest formula accepted (a formula of 10,000 characters has at most ~5,000 operations)."""
MAX_NODES = 100_000
"""Most nodes (leaves, constants, operations) a graph may have."""
MAX_NAME_CHARS = 16_000_000
"""Most characters the names of a graph's nodes may take in all. A chain `x+x+...+x` of k
terms names its operations by their text, ~k² characters: one long chain is millions."""

ARITY = {name: 2 if name in ("max", "min") else 1 for name in FUNCTIONS}
"""Number of arguments of each function."""
BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_ALLOWED = re.compile(r"[A-Za-z0-9_.+\-*/(), ]*")
_SPACES = re.compile(r"\s+")
_WHAT = {
    ast.Attribute: "attribute access", ast.Compare: "a comparison", ast.BoolOp: "and/or",
    ast.IfExp: "if/else", ast.Tuple: "a tuple", ast.Starred: "a starred argument",
    ast.Lambda: "lambda", ast.GeneratorExp: "a generator", ast.Await: "await",
}


class FormulaParser:
    """Turns the formulas of one graph into nodes appended to `nodes`, in definition order."""

    def __init__(self, nodes: list[GraphNode], where: str) -> None:
        self.nodes = nodes
        self.where = where
        self.index: dict[str, int] = {node.name: i for i, node in enumerate(nodes)}
        """Names a formula may use: the leaves and the formulas defined so far."""
        self._copies: dict[str, int] = {}
        self._name_chars = sum(len(node.name) for node in nodes)

    def add(self, key: str, text: str, later: set[str]) -> int:
        """Parse formula `text` of `nodes.<key>`; return the index of its top node.

        `later` holds the keys of formulas defined after this one, for a clearer message.
        """
        field = f"nodes.{key}"
        if not isinstance(text, str):
            raise self._error(field, f"expected a formula (text), got {_kind(text)} {_short(text)}")
        if len(text) > MAX_FORMULA_CHARS:
            raise self._error(field, f"formula too long ({len(text):,} characters; the limit is "
                                     f"{MAX_FORMULA_CHARS:,})")
        bad = _ALLOWED.match(text).end()
        if bad < len(text):
            raise self._error(field, f"syntax error at column {bad + 1}: unexpected character "
                                     f"{text[bad]!r}")
        stripped = text.strip()
        if not stripped:
            raise self._error(field, "empty formula")
        shift = len(text) - len(text.lstrip())
        tree = self._parse(stripped, field, shift)
        number = _negative_number(tree) or (isinstance(tree, ast.Constant) and _is_number(tree.value))
        if isinstance(tree, ast.Name) or number:
            raise self._error(field, f"a formula needs an operation; {_short(stripped)} alone is a "
                                     f"{'number' if number else 'name'}")
        top = self._walk(tree, stripped, key, field, shift, later)
        self.index[key] = top
        return top

    def _parse(self, text: str, field: str, shift: int) -> ast.expr:
        try:
            return ast.parse(text, mode="eval").body
        except SyntaxError as error:
            column = error.offset if error.offset and error.offset > 0 else len(text) + 1
            message = error.msg.split(" - ")[0]  # Python's hint about int digits is not ours
            raise self._error(field, f"syntax error at column {column + shift}: {message}") from None
        except (RecursionError, MemoryError):
            raise self._error(field, "formula nested too deeply") from None

    def _walk(self, tree: ast.expr, text: str, key: str, field: str, shift: int,
              later: set[str]) -> int:
        """Emit the nodes of `tree` in post-order (operands first, left to right)."""
        done: list[int] = []
        stack: list[tuple[ast.expr, bool]] = [(tree, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                count = len(_operands(node))
                inputs = tuple(done[len(done) - count:])
                del done[len(done) - count:]
                name = key if node is tree else self._unique(_segment(text, node))
                done.append(self._append(GraphNode(name, _op(node), inputs, None, key), field))
                continue
            if isinstance(node, ast.Name):
                done.append(self._name(node.id, field, later))
            elif isinstance(node, ast.Constant) or _negative_number(node):
                done.append(self._constant(node, text, field, shift))
            else:
                self._check(node, text, field, shift)
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(_operands(node)))
        return done[0]

    def _check(self, node: ast.expr, text: str, field: str, shift: int) -> None:
        """Refuse what is not in the grammar; the column points at the construct."""
        column = node.col_offset + 1 + shift
        if isinstance(node, ast.BinOp):
            if type(node.op) not in BINARY:
                gap = text[node.left.end_col_offset:node.right.col_offset]
                symbol = gap.strip()
                column = node.left.end_col_offset + gap.index(symbol) + 1 + shift
                raise self._error(field, f"syntax error at column {column}: operator "
                                         f"{symbol!r} is not allowed (+ - * / ** are)")
            return
        if isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.USub):
                raise self._error(field, f"syntax error at column {column}: only unary minus "
                                         f"is allowed, not {_short(_segment(text, node))}")
            return
        if isinstance(node, ast.Call):
            func = node.func
            if not isinstance(func, ast.Name):
                raise self._error(field, f"syntax error at column {column}: only a function "
                                         f"name can be called ({', '.join(FUNCTIONS)})")
            if func.id not in ARITY:
                raise self._error(field, f"unknown function {_short(func.id)} (one of "
                                         f"{', '.join(FUNCTIONS)})")
            if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
                raise self._error(field, f"syntax error at column {column}: {func.id}() takes "
                                         f"plain arguments")
            want = ARITY[func.id]
            if len(node.args) != want:
                raise self._error(field, f"{func.id}() takes {want} argument{'s' * (want > 1)}, "
                                         f"got {len(node.args)}")
            return
        what = _WHAT.get(type(node), _short(_segment(text, node)))
        raise self._error(field, f"syntax error at column {column}: {what} is not allowed in a formula")

    def _name(self, name: str, field: str, later: set[str]) -> int:
        if name in self.index:
            return self.index[name]
        if name in later:
            raise self._error(field, f"{_short(name)} is used before it is defined (nodes.{name} comes later)")
        if name in ARITY:
            raise self._error(field, f"{name!r} is a function: call it, as {name}(...)")
        raise self._error(field, f"unknown name {_short(name)}")

    def _constant(self, node: ast.expr, text: str, field: str, shift: int) -> int:
        literal = node.operand if isinstance(node, ast.UnaryOp) else node
        value = literal.value  # type: ignore[attr-defined]
        column = node.col_offset + 1 + shift
        if not _is_number(value):
            raise self._error(field, f"syntax error at column {column}: {_short(_segment(text, node))} "
                                     f"is not a number")
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise self._error(field, f"number too large at column {column}: "
                                     f"{_segment(text, node)[:20]!r}")
        number = -number if literal is not node else number
        name = self._unique(_segment(text, node))
        return self._append(GraphNode(name, "const", (), number, None), field)

    def _unique(self, name: str) -> str:
        if name not in self.index and name not in self._copies:
            self._copies[name] = 1
            return name
        count = self._copies.get(name, 1) + 1
        while f"{name}#{count}" in self.index:
            count += 1
        self._copies[name] = count
        return f"{name}#{count}"

    def _append(self, node: GraphNode, field: str) -> int:
        if len(self.nodes) >= MAX_NODES:
            raise self._error(field, f"graph too large: more than {MAX_NODES:,} nodes")
        self._name_chars += len(node.name)
        if self._name_chars > MAX_NAME_CHARS:
            raise self._error(field, f"graph too large: node names of more than {MAX_NAME_CHARS:,} "
                                     f"characters (each operation is named by its text; split "
                                     f"long sums into named formulas)")
        self.nodes.append(node)
        return len(self.nodes) - 1

    def _error(self, field: str, message: str) -> ConfigError:
        return ConfigError(f"{self.where}: {field}: {message}")


def _negative_number(node: ast.expr) -> bool:
    """`-3.5`: a negative literal is one constant, not neg(3.5)."""
    return (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
            and isinstance(node.operand, ast.Constant))


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _operands(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    return list(node.args)  # type: ignore[attr-defined]


def _op(node: ast.expr) -> str:
    if isinstance(node, ast.BinOp):
        return BINARY[type(node.op)]
    if isinstance(node, ast.UnaryOp):
        return "neg"
    return node.func.id  # type: ignore[attr-defined]


def _segment(text: str, node: ast.expr) -> str:
    # A formula is one line of ASCII (see _ALLOWED), so offsets are indices into the text.
    # ast.get_source_segment splits the whole text into lines on every call: a formula of
    # thousands of operations took seconds.
    return _SPACES.sub(" ", text[node.col_offset:node.end_col_offset])


def _short(text: object) -> str:
    """repr of user text cut to a readable length (messages are one line)."""
    shown = repr(text)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _kind(value: object) -> str:
    return {bool: "true/false", int: "a number", float: "a number", dict: "a table",
            list: "a list"}.get(type(value), type(value).__name__)
