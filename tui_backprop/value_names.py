"""Display names for the nodes of a `Value` graph.

- A labelled value is named by its label; the unlabelled output of the graph (the value
  differentiated) is `L`, unless a label took that name, so its gradients read dL/dx.
- A constant (a number an operator wrapped, or the exponent of `**`) by its number: `10`,
  `-2`, `0.5` (six significant digits at most).
- An unlabelled operation by its text built from its operands' names, `a*b + c`,
  parenthesised where the order of operations needs it, as long as that stays within
  NAME_LIMIT characters; beyond, and for an unlabelled leaf, by `v` and its index in the
  graph's node list (`v17`).
- A name already taken gets `#2`, `#3`, ... (`w#2`), in node order, so every name is unique
  and the same on every run. In an expression a constant shows as its number (`x*-1`, not
  `x*-1#3`); the expression's own name is then made unique.
"""

from __future__ import annotations

NAME_LIMIT = 24
"""Longest generated expression name; a longer expression is named by its index."""

ATOM = 9
"""Precedence of a name that never needs parentheses."""
_PRECEDENCE = {"+": 1, "*": 2, "**": 3}
_NEGATIVE = 2.5  # a negative number reads as a unary minus: parenthesised as a base of **


def number_text(x: float) -> str:
    """A short text of a number: `10` for 10.0, `0.333333` for 1/3."""
    return format(x, ".6g")


class Namer:
    """Hands out unique names, and remembers how tightly each name binds in an expression.

    A graph of 64,000 operations names each one, so the common path (an operation of one
    or two operands) is a single method with its lookups in local variables.
    """

    def __init__(self) -> None:
        self.texts: list[str] = []  # what an expression shows for each node: its name, or a constant's number
        self.precedence: list[float] = []
        self._taken: set[str] = set()
        self._next_suffix: dict[str, int] = {}

    def _unique(self, name: str) -> str:
        if name in self._taken:
            # Start where the last duplicate of this name stopped: thousands of `-1`s stay linear.
            k = self._next_suffix.get(name, 2)
            while f"{name}#{k}" in self._taken:
                k += 1
            self._next_suffix[name] = k + 1
            name = f"{name}#{k}"
        self._taken.add(name)
        return name

    def _add(self, name: str, precedence: float, text: str | None = None) -> str:
        unique = self._unique(name)
        self.texts.append(unique if text is None else text)
        self.precedence.append(precedence)
        return unique

    def taken(self, name: str) -> bool:
        """Whether a node already has this name."""
        return name in self._taken

    def label(self, label: str) -> str:
        """Name the next node by its label."""
        return self._add(label, ATOM)

    def constant(self, value: float) -> str:
        """Name the next node, a constant, by its value."""
        text = number_text(value)
        return self._add(text, _NEGATIVE if value < 0 else ATOM, text)

    def anonymous(self) -> str:
        """Name the next node by its index."""
        return self._add(f"v{len(self.texts)}", ATOM)

    def operation(self, op: str, inputs: tuple[int, ...]) -> str:
        """Name the next node, an unlabelled operation of the given operand nodes."""
        texts, precedence = self.texts, self.precedence
        if len(inputs) == 2:
            left, right = inputs
            a, b = texts[left], texts[right]
            if len(a) + len(b) > NAME_LIMIT:  # too long however it is written (most of a big graph)
                text, level = f"v{len(texts)}", ATOM
            elif op == "+" or op == "*":  # left-associative: a left operand of the same level
                level = _PRECEDENCE[op]  # needs no parentheses, a right one does
                if precedence[left] < level:
                    a = f"({a})"
                if precedence[right] < level + 0.5:
                    b = f"({b})"
                text = f"{a} + {b}" if op == "+" else f"{a}*{b}"
            elif op == "**":  # the base binds tighter than any operator; ** is right-associative
                level = _PRECEDENCE[op]
                text = f"({a})**{b}" if precedence[left] < ATOM else f"{a}**{b}"
            else:  # a function of two arguments: max(a, b)
                text, level = f"{op}({a}, {b})", ATOM
        elif sum([len(texts[i]) for i in inputs]) > NAME_LIMIT:
            text, level = f"v{len(texts)}", ATOM
        else:
            text, level = f"{op}({', '.join([texts[i] for i in inputs])})", ATOM
        if len(text) > NAME_LIMIT:
            text, level = f"v{len(texts)}", ATOM
        taken = self._taken
        if text in taken:
            text = self._unique(text)
        else:
            taken.add(text)
        texts.append(text)
        precedence.append(level)
        return text
