"""Shapes of the names a document uses but does not declare, inferred from how it combines them.

``z = Wx + b`` says that W has as many columns as x has rows, and that b and z have Wx's shape.
Each name's rows and columns are unknowns; every sum, product, transpose and derivative of the
document ties some of them together (union–find); what nothing ties stays free and becomes a size
of its own: a lowercase name a column vector, an uppercase one a matrix. The report lists what was
inferred, so that a reader can see the reading a verdict rests on.

    >>> from checks.syntax import parse
    >>> found = infer([parse(r"W x + b")], declared={}, definitions={}).names
    >>> found["W"], found["x"], found["b"]
    (('n1', 'n2'), ('n2', 1), ('n1', 1))

A number in front scales the whole product: in 2Xᵀy, y has as many rows as X.

    >>> infer([parse(r"-2X^T y + 2X^T X w")], declared={"w": ("p", 1)}, definitions={}).names
    {'X': ('n1', 'p'), 'y': ('n1', 1)}
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from checks import syntax as ast
from checks.syntax import capital, key_of, loss_key, unsigned

Dim = object  # a size's name, a number, or an unknown (_Var)


class _Var:
    __slots__ = ("parent",)

    def __init__(self):
        self.parent = self


class Conflict(Exception):
    """Two sizes that must be equal are different declared ones: the document reads no other way."""


_PARAMETER = re.compile(r"([A-Za-z]+)(\^)?(?:_(\w+))?")  # a parameter's key: x, y^ (ŷ), W_1


class _Shapes:
    def __init__(self, declared: Mapping[str, tuple], definitions: Mapping[str, object], sizes: set,
                 own: frozenset = frozenset(), parameters: Mapping[str, tuple[str, ...]] | None = None,
                 matrices: frozenset[str] = frozenset()):
        self.declared, self.definitions, self.own = declared, definitions, own
        self.parameters = parameters or {}
        self.sizes = sizes | {d for shape in declared.values() for d in shape if isinstance(d, str)}
        self.names: dict[str, tuple] = {}  # undeclared key → (rows, cols) as dims
        self.defined: dict[str, tuple] = {}
        self.busy: set[str] = set()
        self.functions = [key for key, body in definitions.items() if hasattr(body, "parameter")]  # h_θ(x) = …
        self.matrices = matrices  # w of w_{jk}: written only by two indices
        self.letters: dict[str, _Var] = {}  # an index letter of one equation → the size it runs over
        self.beside_a_number: list[_Var] = []  # sizes of a name added to a number (wᵀx + b)

    # union–find over dims
    def find(self, d):
        while isinstance(d, _Var) and d.parent is not d:
            d.parent = d.parent.parent if isinstance(d.parent, _Var) else d.parent
            d = d.parent
        return d

    def unify(self, a, b) -> None:
        a, b = self.find(a), self.find(b)
        if a is b or a == b:
            return
        if isinstance(a, _Var):
            a.parent = b
        elif isinstance(b, _Var):
            b.parent = a
        else:
            raise Conflict(f"{a} against {b}")

    def same(self, s, t) -> None:
        """Two shapes that must be equal: a sum, an entrywise product. A size 1 against another is
        NumPy's broadcasting (b ∈ ℝ^{n×1} added to Z ∈ ℝ^{n×m}); two declared sizes that differ are
        a constraint this reading cannot meet, and the evaluator will say so for that step."""
        for a, b in zip(s, t):
            if self.find(a) == 1 or self.find(b) == 1:
                continue
            try:
                self.unify(a, b)
            except Conflict:
                continue

    def is_scalar(self, s) -> bool:
        return self.find(s[0]) == 1 and self.find(s[1]) == 1

    # shapes of trees
    def shape(self, node, bound: frozenset = frozenset()):
        method = getattr(self, "_" + type(node).__name__.lower(), None)
        return method(node, bound) if method else (_Var(), _Var())

    def _num(self, node, bound):
        return 1, 1

    def _name(self, node: ast.Name, bound):
        key = key_of(node)
        if key in self.declared:
            return self.declared[key]
        if key in self.definitions:
            if not hasattr(self.definitions[key], "parameter"):
                return self._defined(key)
            return _Var(), _Var()  # a function's value: its shape is its body's at the argument
        batch = capital(node.base) + ("^" if node.hat else "")
        if node.base.islower() and (node.sup or node.sub and len(node.sub) == 1 and node.sub.isalpha()) \
                and (batch in self.declared or batch in self.definitions):
            return _Var(), 1  # x^{(i)}, x_n with X given: an example of the batch, not a name of its own
        whole = key_of(ast.Name(node.base, None, node.hat))
        rows, cols = self.declared.get(whole, (1, 1))
        if node.sup and not node.sub and rows != 1 and cols == 1:
            return 1, 1  # y^{(i)} with y ∈ ℝ^m given: an entry of it, the label of example i
        if node.sup and not node.sub and self.declared.get(whole) == (1, 1):
            self.names[key] = (1, 1)  # y ∈ {0, 1} given: y^{(i)} is a label too
            return 1, 1
        if node.sub and not node.sup and key not in self.own:
            parts = node.sub.replace(",", "").replace("'", "")  # k' is an index letter too
            index = re.fullmatch(r"[a-z]_[a-z]", parts)  # f_{y_i}: the entry at the class of example i
            if whole in self.definitions or whole in self.declared or index or (
                    len(parts) <= 2 and parts.isalpha() and parts.islower()):
                base = self._name(ast.Name(node.base, None, node.hat), bound)
                if (len(parts) == 1 or index) and whole not in self.declared and whole not in self.definitions:
                    self.unify(base[1], 1)  # y_i: y is a vector
                if not index and parts.isalpha() and self._entries_of(whole, len(parts)):
                    self._runs_over(parts, base)
                return 1, 1
        if node.base == "I" and not node.sub and not node.hat:  # the identity: sized where it stands
            return _Var(), _Var()
        if node.base in ("e", "pi") and not node.sub or node.base in self.sizes:  # e, π: numbers
            return 1, 1
        if key not in self.names:  # a lowercase name is a column or a number: (xᵢᵀw − yᵢ)xᵢ scales xᵢ
            self.names[key] = (_Var(), 1 if node.base.islower() and key not in self.matrices else _Var())
        return self.names[key]  # (not dA, dW, w of w_{jk}: matrices)

    def _entries_of(self, whole: str, count: int) -> bool:
        """Whether an index pair is an entry of a matrix, one index of a vector, as the document has
        them: w_{jk} of a w written only so, W_{jk} or b_j of a W or b declared so, z_j of z_j = …, t_k
        of a t given nothing else. (x_{ik} beside an example x_i says nothing of the size of x.)"""
        var = getattr(self.definitions.get(whole), "var", None)  # z_j = …, H_{jk} = …: defined entry by entry
        if isinstance(var, str):
            return len(ast.index_parts(var)) == count
        if count == 2:
            return whole in self.matrices or whole in self.declared and 1 not in self.declared[whole]
        return whole in self.declared and self.declared[whole][1] == 1 and self.declared[whole][0] != 1 \
            or whole not in self.declared and whole not in self.definitions and whole not in self.matrices

    def _runs_over(self, letters: str, shape) -> None:
        """z_j = Σ_k w_{jk} x_k + b_j: within one equation an index letter runs over one size, so z, w's
        rows and b have one length, w's columns and x another. Two declared sizes that differ leave the
        letter to each (the same letter may count examples and classes in one author's line)."""
        for letter, dim in zip(letters, shape if len(letters) == 2 else shape[:1]):
            if self.find(dim) == 1:
                continue
            known = self.letters.setdefault(letter, dim)
            try:
                self.unify(known, dim)
            except Conflict:
                continue

    def _defined(self, key: str):
        if key in self.defined:
            return self.defined[key]
        if key in self.busy:
            return _Var(), _Var()
        self.busy.add(key)
        body = self.definitions[key]
        body = getattr(body, "body", body)  # an entry-by-entry definition: the entry is a scalar
        shape = self.shape(body)
        var = getattr(self.definitions[key], "var", None)
        if var is not None and not key.endswith("^()"):  # z_i = …: a vector; H_{jk} = …: a matrix (u_t = tanh(v_t),
            # one example's value, has its body's shape)
            shape = (_Var(), _Var() if isinstance(var, str) and len(ast.index_parts(var)) == 2 else 1)
            if isinstance(var, str) and var.isalpha() and var.islower() and len(var) <= 2:
                self._runs_over(var, shape)
        self.defined[key] = shape
        self.busy.discard(key)
        return shape

    def _add(self, node: ast.Add, bound):
        shapes = [self.shape(t, bound) for t in node.terms]
        unknown = [s for t, s in zip(node.terms, shapes) if not isinstance(unsigned(t), ast.Num)]
        for s in unknown[1:]:
            if not (self.is_scalar(s) or self.is_scalar(unknown[0])):  # 1 - h: a scalar broadcast
                self.same(unknown[0], s)
            elif not (self.is_scalar(s) and self.is_scalar(unknown[0])):  # wᵀx + b: b a number where nothing
                self.beside_a_number += [self.find(d) for d in (*s, *unknown[0])  # says more
                                         if isinstance(self.find(d), _Var)]
        return unknown[0] if unknown else shapes[0]

    def _neg(self, node, bound):
        return self.shape(node.arg, bound)

    def _mul(self, node: ast.Mul, bound):
        shape = self.shape(node.factors[0], bound)
        number = isinstance(unsigned(node.factors[0]), ast.Num)  # 2Xᵀy: the 2 scales what follows
        applied = self._function(node.factors[0])
        for factor, dot in zip(node.factors[1:], node.dots):
            other = self.shape(factor, bound)
            if applied:  # h_θ(x⁽ⁱ⁾): the function at its argument, not a product; the argument is
                function = self.definitions[applied]  # shaped as the parameter in the function's body
                if applied not in self.busy and function.parameter not in self.names:
                    self.busy.add(applied)
                    self.shape(function.body, bound)
                    self.busy.discard(applied)
                if function.parameter in self.names:
                    self.same(self.names[function.parameter], other)
                shape, applied = (_Var(), _Var()), None
                continue
            applied = self._function(factor)
            if self.is_scalar(shape) or number:
                shape, number = other, False
            elif self.is_scalar(other):
                continue
            elif dot == "elementwise":
                self.same(shape, other)
            elif dot is True or dot == "frobenius":
                self.same(shape, other)
                shape = (1, 1)
            elif dot == "divide":
                self.same(shape, other)
            else:
                try:
                    self.unify(shape[1], other[0])
                except Conflict:  # a product that does not fit here: the evaluator will say so
                    pass
                shape = (shape[0], other[1])
        return shape

    def _function(self, node) -> str | None:
        """The key of the function the document defines that ``node`` (h_θ, log h) applies, if any."""
        return ast.function_named(node.arg if isinstance(node, ast.Call) else node, self.functions)

    def _div(self, node: ast.Div, bound):
        den = self.shape(node.den, bound)
        if isinstance(unsigned(node.num), ast.Num):  # 1/N: N is a number, never a matrix's inverse
            for d in den:
                try:
                    self.unify(d, 1)
                except Conflict:
                    pass
        return self.shape(node.num, bound)

    def _pow(self, node: ast.Pow, bound):
        shape = self.shape(node.base, bound)
        if isinstance(node.exp, ast.Neg) and not self.is_scalar(shape):  # H⁻¹: H is square
            self.same(shape, shape[::-1])
        return shape

    def _transpose(self, node, bound):
        rows, cols = self.shape(node.arg, bound)
        return cols, rows

    def _call(self, node: ast.Call, bound):
        arg = self.shape(node.arg, bound)
        if node.func in ("tr", "det"):
            return 1, 1
        if node.func == "diag":
            self.unify(arg[1], 1)
            return arg[0], arg[0]
        return arg

    def _step(self, node, bound):
        return self.shape(node.arg, bound)

    def _norm(self, node, bound):
        self.shape(node.arg, bound)
        return 1, 1

    def _loss(self, node: ast.Loss, bound):
        key = loss_key(node)
        if key in self.definitions:
            self.same(self._defined(key), (1, 1))
        names = self.parameters.get(key, ())
        if len(names) == len(node.at):  # ℓ(w, (x_i, y_i)) of ℓ(w, (x, y)) = …: x_i has x's shape
            for name, tree in zip(names, node.at):
                parameter = _PARAMETER.fullmatch(name)
                if parameter:
                    written = ast.Name(parameter.group(1), parameter.group(3), bool(parameter.group(2)))
                    self.same(self.shape(tree, bound), self._name(written, bound))
        return 1, 1

    def _sum(self, node: ast.Sum, bound):
        outer = self.letters.pop(node.var, None)  # Σ_k binds k anew: its own size inside
        shape = self.shape(node.body, bound | {node.var})
        if outer is not None:
            self.letters[node.var] = outer
        else:
            self.letters.pop(node.var, None)
        return shape

    def _prod(self, node: ast.Prod, bound):
        return self.shape(node.body, bound | {node.var})

    def _index(self, node, bound):
        self.shape(node.arg, bound)
        return 1, 1

    def _indicator(self, node, bound):
        return 1, 1

    def _ones(self, node, bound):
        return _Var(), _Var()

    def _deriv(self, node: ast.Deriv, bound):
        body = self.shape(node.body, bound)
        var = self._name(node.var, bound)
        if node.second is not None:
            return var[0], var[0]
        if self.is_scalar(body):
            return var
        return body[0], var[0]


@dataclass(frozen=True)
class Inferred:
    names: dict  # an undeclared name's key → (rows, cols)
    meets: tuple  # pairs of sizes that are the rows and columns of one defined matrix (Z = WX: m, n_h)


class _TreeConflict(Exception):
    def __init__(self, tree):
        super().__init__()
        self.tree = tree


def _shaped(trees: list, declared, definitions, sizes, own, parameters) -> _Shapes:
    """The shapes the definitions and trees force; Conflict from a definition, _TreeConflict from a tree."""
    shapes = _Shapes(declared, definitions, set(sizes), own, parameters, _written_by_two_indices(
        [*trees, *(getattr(v, "body", v) for v in definitions.values())], declared, definitions))
    for key in definitions:
        if key not in shapes.functions:  # a function's body is shaped where it is applied
            shapes.letters = {}
            shapes._defined(key)
    for tree in trees:
        shapes.letters = {}
        try:
            shapes.shape(tree)
        except Conflict:
            raise _TreeConflict(tree) from None
    return shapes


def _written_by_two_indices(trees: list, declared, definitions) -> frozenset[str]:
    """The lowercase names neither declared nor defined that a document writes only entry by entry
    with two indices, w_{jk}, never w_j: matrices, not the column a lowercase letter is elsewhere."""
    arities: dict[str, set[int]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.sub and not node.sup and node.base.islower():
                parts = ast.index_parts(node.sub.replace("'", ""))
                whole = key_of(ast.Name(node.base, None, node.hat))
                arities.setdefault(whole, set()).add(len(parts) if all(p.isalpha() for p in parts) else 0)
    return frozenset(key for key, found in arities.items()
                     if found == {2} and key not in declared and key not in definitions)


def infer(trees: Iterable, declared: Mapping[str, tuple], definitions: Mapping[str, object],
          only: set | None = None, sizes: Iterable[str] = (), own: frozenset = frozenset(),
          parameters: Mapping[str, tuple[str, ...]] | None = None) -> Inferred:
    """The shapes of the undeclared names in ``trees`` (and in the definitions they use), each
    dimension a declared size, a number, or a new size n1, n2, …; Conflict where two declared sizes
    would have to be equal. ``only``: the names to say the shapes of (the others only constrain);
    ``sizes``: names that are sizes (the m of \\sum_{i=1}^{m}), numbers wherever they stand; ``own``:
    names of their own wherever they stand, never an entry (b_0, the argument of S(b_0), beside b);
    ``parameters``: each loss's key → the keys of the names it is defined in, ℓ(w, (x, y)) = …."""
    trees, left_out = list(trees), set()
    while True:
        try:
            shapes = _shaped(trees, declared, definitions, sizes, own, parameters)
            break
        except _TreeConflict as conflict:  # the other trees still say what they say
            trees.remove(conflict.tree)
            left_out |= {key_of(n) for n in ast.walk(conflict.tree) if isinstance(n, ast.Name)}
    only = (set(shapes.names) if only is None else only) - left_out
    for key, (rows, cols) in shapes.names.items():  # a lowercase name is a column where nothing says more
        if isinstance(shapes.find(cols), _Var) and key[:1].islower() and key not in shapes.matrices:
            shapes.unify(cols, 1)
    for d in shapes.beside_a_number:  # b of wᵀx + b: a number, not a column broadcast over one
        if isinstance(shapes.find(d), _Var):
            shapes.unify(d, 1)
    fresh: dict[int, str] = {}
    out = {}
    for key, dims in shapes.names.items():
        if key not in only:
            continue
        named = []
        for d in dims:
            d = shapes.find(d)
            if isinstance(d, _Var):
                d = fresh.setdefault(id(d), f"n{len(fresh) + 1}")
            named.append(d)
        out[key] = tuple(named)
    meets = []
    for rows, cols in shapes.defined.values():
        rows, cols = shapes.find(rows), shapes.find(cols)
        if isinstance(rows, str) and isinstance(cols, str) and rows != cols:
            meets.append((rows, cols))
    return Inferred(out, tuple(dict.fromkeys(meets)))
