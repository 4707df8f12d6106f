"""A concrete instance of any declared loss: every declared size a small number, every entry of
every declared vector or matrix a SymPy symbol.

The word2vec Instance (derive/instance.py) fixes V, d, K; a Space fixes whatever sizes a document
declares (d, k, the batch m, n_h) to small values that differ from each other, so that a lost
transpose cannot pass as a square matrix. A one-hot label is a vector of 0s and one 1, at a class
that changes from one Space to the next.

    >>> space = Space(sizes=(("d", 3), ("k", 2)), leaves=(Leaf("W", "k", "d"), Leaf("x", "d", 1)))
    >>> space.value("W").shape, space.value("x").shape
    ((2, 3), (3, 1))
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import sympy as sp


@dataclass(frozen=True)
class Leaf:
    key: str  # the name as the document keys it: "W", "b_1", "y^", "x^(i)" (a family, one per example)
    rows: str | int  # a size's name, or a number
    cols: str | int
    one_hot: bool = False  # a label: 0s and a single 1 (each column, for a batch of labels)
    family: bool = False  # x^{(i)}: one such value per example i = 1, 2, …
    inferred: bool = False  # its shape was inferred, not declared
    signs: bool = False  # a label of value −1 or +1 (y_n ∈ {−1, +1}), each entry one or the other
    bits: bool = False  # a label of value 0 or 1 (y ∈ {0, 1}^m, not one-hot), each entry one or the other
    columns: bool | None = None  # a batch the document says holds its examples as columns (True: X =
    # [x_1, …, x_N], Y ∈ ℝ^{C×N} of y_i ∈ {0, 1}^C) or rows (False); None where the Space's layout says
    symmetric: bool = False  # "for symmetric $A$": a square matrix equal to its transpose
    positive: bool = False  # a number said positive (σ > 0), or a Greek constant read as a number: drawn > 0
    identity: bool = False  # "let $E$ be the $p \times p$ identity": never drawn
    ones: bool = False  # "let $e$ be a vector of ones": every entry 1


@dataclass(frozen=True)
class Space:
    sizes: tuple[tuple[str, int], ...]
    leaves: tuple[Leaf, ...]
    hot: int = 0  # the class a one-hot label marks, 0-based (taken modulo its length)
    hot_rows: bool = True  # a one-hot matrix of labels: one example a row (else one a column)

    def size(self, name: str | int) -> int:
        if isinstance(name, int):
            return name
        return dict(self.sizes)[name]

    def leaf(self, key: str) -> Leaf | None:
        """The leaf of ``key``, the first where two share it; None for a name this Space has no leaf of."""
        return self._leaves_by_key.get(key)

    @cached_property
    def _leaves_by_key(self) -> dict[str, Leaf]:
        by_key: dict[str, Leaf] = {}
        for leaf in self.leaves:
            by_key.setdefault(leaf.key, leaf)
        return by_key

    def counted(self, text: str) -> int | None:
        """The value of a sum's upper limit: a size, a number, or one a fixed step from a size (n - 1);
        n itself where only n + 1 is a size. None for anything else."""
        known = dict(self.sizes)
        if text in known:  # a number among the sizes (X ∈ ℝ^{m × 784}) is a size: a small value stands for it
            return known[text]
        if text.isdigit():
            return int(text)
        base, step = size_offset(text) or (text, 0)
        if base in known:
            return known[base] + step
        for size, value in known.items():
            if (found := size_offset(size)) and found[0] == base:
                return value - found[1] + step
        return None

    @property
    def examples(self) -> int:
        """How many members a family (x^{(i)}) has: enough for any sum over the examples."""
        return max((n for _, n in self.sizes), default=2)

    def shape(self, leaf: Leaf) -> tuple[int, int]:
        return self.size(leaf.rows), self.size(leaf.cols)

    @cached_property
    def _values(self) -> dict[str, object]:
        values: dict[str, object] = {}
        for leaf in self.leaves:
            if leaf.family:
                for i in range(1, self.examples + 1):
                    values[f"{leaf.key}#{i}"] = self._make(leaf, f"{leaf.key}{i}", shift=i)
            else:
                values[leaf.key] = self._make(leaf, leaf.key)
        return values

    def _make(self, leaf: Leaf, name: str, shift: int = 0):
        return _leaf_value(leaf, name, shift, *self.shape(leaf), self.hot, self.hot_rows)

    def value(self, key: str, member: int | None = None):
        """The value of a leaf; ``member`` picks the example of a family (1-based)."""
        return self._values[key if member is None else f"{key}#{member}"]

    def has(self, key: str) -> bool:
        return key in self._values

    @cached_property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        """Every free symbol an expression of this Space may hold, in a fixed order."""
        out: list[sp.Symbol] = []
        for value in self._values.values():
            entries = value if isinstance(value, sp.MatrixBase) else [value]
            out += [s for s in entries if isinstance(s, sp.Symbol)]
        return tuple(out)

    @property
    def hot_matrices(self) -> bool:
        """Whether a one-hot matrix is declared: its examples may be rows or columns."""
        return any(leaf.one_hot and self.shape(leaf)[1] > 1 for leaf in self.leaves)

    def describe(self) -> str:
        sizes = ", ".join(f"{name}={n}" for name, n in self.sizes)
        labels = [leaf.key for leaf in self.leaves if leaf.one_hot]
        signs = [leaf.key.replace("^()", "^(i)") for leaf in self.leaves if leaf.signs]
        axis = (" (a row per example)" if self.hot_rows else " (a column per example)") if self.hot_matrices else ""
        bits = [leaf.key.replace("^()", "^(i)") if leaf.family else f"{leaf.key} = {self._shown(leaf.key)}"
                for leaf in self.leaves if leaf.bits and not leaf.one_hot]
        parts = (sizes, f"one-hot {', '.join(labels)}{axis}, first class {self.hot + 1}" if labels else "",
                 f"labels of value ±1: {', '.join(signs)}" if signs else "",
                 f"labels of value 0 or 1: {', '.join(bits)}" if bits else "")
        return "; ".join(part for part in parts if part)

    def _shown(self, key: str) -> str:
        value = self.value(key)
        return str(list(value)) if isinstance(value, sp.MatrixBase) else str(value)

    def named_values(self) -> tuple[tuple[str, object], ...]:
        """The values a reader knows, by name: x, W, x^(2), …"""
        return tuple((key.replace("^()#", "^(") + ")" if "#" in key else key, value)
                     for key, value in self._values.items())


@lru_cache(maxsize=4096)
def _leaf_value(leaf: Leaf, name: str, shift: int, rows: int, cols: int, hot: int, hot_rows: bool):
    """A leaf's value in a Space of these sizes and this class: made once, not once a Space (a step
    reads each of its Spaces again with a layout or a scalar of its own, each a new Space)."""
    if leaf.one_hot and cols > 1 and (hot_rows if leaf.columns is None else not leaf.columns):
        return sp.Matrix(rows, cols, lambda i, j: int(j == (hot + i + shift) % cols))
    if leaf.one_hot:
        return sp.Matrix(rows, cols, lambda i, j: int(i == (hot + j + shift) % rows))
    if leaf.signs:  # −1 and +1 both occur in each Space, in another order in the next
        def sign(k: int) -> int:
            return -1 if (k + shift + hot) % 3 == 1 else 1
        if (rows, cols) == (1, 1):
            return sp.Integer(sign(0))
        return sp.Matrix(rows, cols, lambda i, j: sign(i + j))
    if leaf.bits:  # 0 and 1 both occur in a vector of each Space, a number is 0 in one Space and 1 in the next
        if (rows, cols) == (1, 1):
            return sp.Integer((shift + hot) % 2)
        return sp.Matrix(rows, cols, lambda i, j: (i + j + shift + hot) % 2)
    if leaf.ones:
        return sp.ones(rows, cols) if (rows, cols) != (1, 1) else sp.Integer(1)
    if (leaf.identity or re.fullmatch(r"I(?:_\{?\w+\}?)?", leaf.key)) and rows == cols:  # I ∈ ℝ^{n×n}: never drawn
        return sp.eye(rows)
    stem = _symbol_stem(name)
    if (rows, cols) == (1, 1):
        return sp.Symbol(stem, positive=True) if leaf.positive else sp.Symbol(stem, real=True)
    if cols == 1:
        return sp.Matrix(rows, 1, lambda i, _: sp.Symbol(f"{stem}_{i + 1}", real=True))
    if leaf.symmetric and rows == cols:
        return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{stem}_{min(i, j) + 1}{max(i, j) + 1}", real=True))
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{stem}_{i + 1}{j + 1}", real=True))


def mirrored(space: Space, key: str) -> dict[sp.Symbol, sp.Symbol]:
    """The entries below the diagonal of a square leaf drawn with entries of its own, each to its mirror
    above it: substituted, a value at a point where the matrix is symmetric."""
    leaf = space.leaf(key)
    size = space.size(leaf.rows) if leaf is not None else 0
    stem = _symbol_stem(key)
    return {sp.Symbol(f"{stem}_{i}{j}", real=True): sp.Symbol(f"{stem}_{j}{i}", real=True)
            for i in range(2, size + 1) for j in range(1, i)}


def _symbol_stem(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", lambda m: {"^": "hat"}.get(m.group(), ""), key)


def standard_spaces(sizes: tuple[str, ...], leaves: tuple[Leaf, ...],
                    meets: tuple[tuple[str, str], ...] = ()) -> tuple[Space, ...]:
    """The Spaces every step is checked in. Two sizes that meet in one matrix (its rows and its
    columns) always differ, so that a lost transpose cannot pass as a square matrix; otherwise
    sizes are as small as that allows (2, 3, 4, …: a batch of 5 × 4 matrices costs seconds per
    step); ``meets`` adds the sizes of the matrices a document defines (Z = WX). A size n+1 (the
    features and a constant 1) is one more than n. The second Space prefers 3 to 2, so that no
    coincidence of one passes."""
    pairs = [(leaf.rows, leaf.cols) for leaf in leaves] + list(meets)
    neighbours: dict[str, set] = {size: set() for size in sizes}
    for rows, cols in pairs:
        if isinstance(rows, str) and isinstance(cols, str) and rows != cols:
            neighbours.setdefault(rows, set()).add(cols)
            neighbours.setdefault(cols, set()).add(rows)
    offsets = {size: found for size in sizes if (found := size_offset(size))}
    bases = list(dict.fromkeys([s for s in sizes if s not in offsets] + [base for base, _ in offsets.values()]))
    first = _colour(sizes, bases, neighbours, offsets, (2, 3))
    second = _colour(sizes, bases, neighbours, offsets, (3, 2))
    spaces = [Space(first, leaves, hot=0)]
    if second != first or any(leaf.one_hot or leaf.signs or leaf.bits for leaf in leaves):
        spaces.append(Space(second, leaves, hot=1))
    return tuple(spaces)


_OFFSET = re.compile(r"(.+?)\s*([+-]\s*[0-9]+)")  # n+1, m-1: a size a fixed step from another


def size_offset(size: str) -> tuple[str, int] | None:
    """("n", 1) for n+1, ("m", -1) for m-1; None for a size that is no step from another."""
    found = _OFFSET.fullmatch(size)
    return (found.group(1), int(found.group(2).replace(" ", ""))) if found else None


def _colour(sizes, bases, neighbours, offsets, first_choices) -> tuple[tuple[str, int], ...]:
    """Values for the sizes, the smallest (first ``first_choices``) that differ from every size
    they meet, a size n+k being n's value plus k."""
    values: dict[str, int] = {}
    choices = list(first_choices) + list(range(4, 5 + 2 * len(bases)))
    for base in bases:
        shifted = [(size, k) for size, (of, k) in offsets.items() if of == base]
        taken = {values[other] - k for size, k in [(base, 0)] + shifted
                 for other in neighbours.get(size, ()) if other in values}  # base values that would meet one
        values[base] = next(v for v in choices if all(v + k >= 1 for _, k in shifted) and v not in taken)
        for size, k in shifted:
            values[size] = values[base] + k
    return tuple((size, values[size]) for size in sizes)
