"""What a parsed side means in a Space, for a derivation that declares its own objects.

The primitives, each with its meaning next to it: a declared name is its grid of symbols; a defined
name (z = Wx + b) the value of its definition; L (J, ℓ) the loss the document defined; x^{(i)} the
i-th example (row i of X where X is declared); y_i and W_{ij} entries; juxtaposition the matrix
product, ``\\cdot`` the dot product of two vectors, ``\\odot`` the entrywise product; a scalar added
to a vector is added to each entry (1 - h); σ, tanh, ReLU, exp and log act entrywise, softmax on a
vector (on a matrix: each row, or each column, as a reading); ‖x‖² the sum of squares; 𝟙[z > 0]
the entrywise step; I and 𝟏 take the size the product needs.

A derivative ∂f/∂x is SymPy's ``diff`` by the symbols of x: in x's shape for a scalar f, the Jacobian
(numerator layout) for a vector f. Through a defined name (∂L/∂z with z = Wx + b), z gets symbols of
its own while f is evaluated, and its definition is put back after ``diff``: the chain rule, as
backpropagation means it.

    >>> from checks.syntax import parse
    >>> from derive.spaces import Leaf, Space
    >>> space = Space((("d", 3),), (Leaf("x", "d", 1),))
    >>> evaluate(parse(r"\\|x\\|^2"), Reading(space, {}))
    x_1**2 + x_2**2 + x_3**2
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Mapping

import sympy as sp

from checks import syntax as ast
from checks.notation import Function, Indexed
from checks.syntax import argument_key, capital, key_of, loss_key, walk, written
from checks.errors import ShapeError, Unparsed
from derive.functions import Relu, Sigmoid
from derive.spaces import Space

MAX_EXPONENT = 100


@dataclass(frozen=True)
class Reading:
    space: Space
    definitions: Mapping[str, object]  # key → the tree of its definition, in document order
    free: Mapping[str, int] = field(default_factory=dict)  # free index letters → 1-based values
    batch_rows: bool = True  # a batch holds one example a row (else a column): x^{(i)} and x_n
    # are its rows, softmax of a matrix acts on each row, as the one-hot labels of the Space are
    entrywise: bool = False  # ∂h/∂z of an entrywise h read as the vector of its diagonal
    subscript_examples: bool = True  # o_j of an undeclared o beside a batch O: its j-th example (else
    # entry j of one example o, the superscript (i) dropped); a sum's range decides where it can


def evaluate(node, reading: Reading):
    """The value of ``node`` in ``reading``: a SymPy scalar or matrix. ShapeError where shapes do
    not fit, Unparsed where a name or a notation has no meaning here."""
    value = _Evaluator(reading, {}).value(applied(node, reading.definitions), {})
    return _settled(value)


def evaluate_repaired(node, reading: Reading):
    """(value, repairs): products whose shapes do not fit read with a transpose, each noted."""
    evaluator = _Evaluator(reading, {}, repair=True)
    value = _settled(evaluator.value(applied(node, reading.definitions), {}))
    return value, tuple(evaluator.repairs)


def uses_matrix_softmax(node, reading: Reading) -> bool:
    """Whether the readings of softmax (rows, columns) can differ for ``node``."""
    return _mentions(node, reading, lambda n: isinstance(n, ast.Call) and n.func in ("softmax", "logsoftmax"))


def uses_examples(node, reading: Reading) -> bool:
    """Whether the step takes examples out of a batch (x^{(i)}, x_n), which may be rows or columns."""
    return _mentions(node, reading, lambda n: isinstance(n, ast.Name) and (n.sup is not None or (
        n.sub is not None and len(n.sub) == 1 and n.sub.isalpha() and not reading.space.has(key_of(n)))))


def uses_subscript_examples(node, reading: Reading) -> bool:
    """Whether a subscript may pick an example or an entry: o_j, with o undeclared and O a batch."""
    return _mentions(node, reading, lambda n: _beside_batch(n, reading) and n.sub is not None
                     and len(n.sub) == 1 and n.sub.isalpha())


def _beside_batch(node, reading: Reading) -> bool:
    """Whether ``node`` is o (or o_j) beside a batch O, o itself neither declared nor defined: it
    stands for one example of O."""
    if not isinstance(node, ast.Name) or node.sup is not None or not node.base.islower():
        return False
    whole, big = key_of(ast.Name(node.base, None, node.hat)), key_of(ast.Name(capital(node.base), None, node.hat))
    known = (*reading.definitions, *(leaf.key for leaf in reading.space.leaves))
    return whole != big and whole not in known and key_of(node) not in known and big in known


def uses_vector_derivative(node, reading: Reading) -> bool:
    """Whether a derivative of something other than the loss (∂h/∂z) may be a Jacobian."""
    return _mentions(node, reading, lambda n: isinstance(n, ast.Deriv) and not isinstance(n.body, ast.Loss))


def _mentions(node, reading: Reading, test, seen: frozenset = frozenset()) -> bool:
    if test(node):
        return True
    if isinstance(node, (ast.Name, ast.Loss)):
        key = loss_key(node) if isinstance(node, ast.Loss) else key_of(node)
        body = reading.definitions.get(key)
        return body is not None and key not in seen and _mentions(body, reading, test, seen | {key})
    if isinstance(node, tuple):
        return any(_mentions(item, reading, test, seen) for item in node)
    if hasattr(node, "__dataclass_fields__"):
        return any(_mentions(getattr(node, f), reading, test, seen) for f in node.__dataclass_fields__)
    return False


def free_letters(node, reading: Reading) -> list[str]:
    """Index letters a step uses but no sum binds: the i of ∂L/∂z_i = ŷ_i - y_i."""
    found: list[str] = []
    _collect(node, reading, frozenset(), found)
    return found


def fixed_letters(reading: Reading) -> list[str]:
    """Index letters the definitions use but bind nowhere: the class y of ``L = -\\log \\hat y_y``.
    Each is one fixed value in a Space, as the word2vec reader fixes o."""
    found: list[str] = []
    for body in reading.definitions.values():
        if isinstance(body, Indexed):  # L_i = -log(e^{s_{y_i}} / …): y_i is fixed, i is L's own
            _collect(body.body, reading, frozenset({body.var}), found)
        elif not isinstance(body, Function):
            _collect(body, reading, frozenset(), found)
    return found


def _collect(node, reading: Reading, bound: frozenset, found: list) -> None:
    if isinstance(node, ast.Name):
        if node.sub and key_of(node) not in reading.definitions and not reading.space.has(key_of(node)) \
                and key_of(node) not in dict(reading.space.sizes):  # n_h, a size, indexes nothing
            for letter in _index_parts(node.sub):
                if _INDEX_WORD.fullmatch(letter) and letter not in bound and letter not in found and \
                        letter not in dict(reading.space.sizes):
                    found.append(letter)
        if node.sup and node.sup.isalpha() and node.sup not in bound and node.sup not in found:
            found.append(node.sup)
        return
    if isinstance(node, ast.Sum):
        _collect(node.body, reading, bound | {node.var}, found)
        return
    if isinstance(node, ast.Indicator):  # 1{y^{(i)} = j}: the example i whose class is compared
        for side in (node.left, node.right):
            member = _MEMBER.fullmatch(side)
            if member and member.group(2).isalpha() and member.group(2) not in bound | set(found):
                found.append(member.group(2))
    if isinstance(node, ast.Index):
        for letter in _index_parts(node.sub):
            if letter.isalpha() and letter not in bound and letter not in found:
                found.append(letter)
    if isinstance(node, tuple):
        for item in node:
            _collect(item, reading, bound, found)
    elif hasattr(node, "__dataclass_fields__"):
        for f in node.__dataclass_fields__:
            _collect(getattr(node, f), reading, bound, found)


_OF_EXAMPLE = re.compile(r"(?:\\hat)?[A-Za-z]+\^\(([a-z])\)")  # y^(i), \haty^(i): a loss's arguments at example i
_MEMBER = re.compile(r"([a-z])\^\(([a-z0-9])\)")  # y^(i) in an indicator: the label of example i
_INDEX_WORD = re.compile(r"[a-z](?:_[a-z])?")  # i, and y_i: the class of example i, an index in turn


def _index_parts(sub: str) -> list[str]:
    """"i" → [i]; "ij", "i,j" → [i, j]; "12" → [1, 2]."""
    if "," in sub:
        return [part.strip() for part in sub.split(",")]
    if len(sub) == 2 and sub.isalnum():
        return list(sub)
    return [sub]


@dataclass(frozen=True)
class _Eye:
    """I: the identity, times ``scale``, of whatever size the sum or product needs."""
    scale: object = sp.Integer(1)


@dataclass(frozen=True)
class _Ones:
    """𝟏 (a column, or a row when ``row``) of whatever size the product needs."""
    row: bool = False


@dataclass(frozen=True)
class _Unit:
    """e_k: the k-th standard basis vector (a one-hot label e_{y_i}), as long as the sum it meets,
    times ``scale``."""
    index: int
    scale: object = sp.Integer(1)


@dataclass(frozen=True)
class _Repeated:
    """𝟏bᵀ: the row b repeated down as many rows as the sum or ⊙ it meets has (𝟏𝟏ᵀ, all ones, where
    ``row`` is None), times ``scale``."""
    row: object = None
    scale: object = sp.Integer(1)


class _Evaluator:
    def __init__(self, reading: Reading, overrides: dict, repair: bool = False, example: int = 1):
        self.reading, self.space, self.repair = reading, reading.space, repair
        self.repairs: list[str] = []
        self.overrides = overrides  # key → the symbols a defined name stands for while differentiated
        self.expanding: list[str] = []
        self.cache: dict[str, object] = {}
        self.ranges: dict[str, int] = {}  # index letter → how far the sum that binds it runs
        self.example = example  # the example a bare o beside a batch O stands for: i inside L_i, else the first

    def value(self, node, env: dict):
        method = getattr(self, "_" + type(node).__name__.lower(), None)
        if method is None:
            raise Unparsed(f"cannot read {type(node).__name__.lower()} in this derivation")
        return _scalar(method(node, env))

    # leaves
    def _num(self, node: ast.Num, env):
        return sp.Rational(node.value)

    def _name(self, node: ast.Name, env):
        key = key_of(node)
        if node.sup and not (key in self.overrides or self.space.has(key)):
            return self._member(node, env)
        found = self._known(key, env)
        if found is not None:
            return found
        if node.sub:
            whole = key_of(ast.Name(node.base, None, node.hat))
            indexed = self.reading.definitions.get(whole)
            if isinstance(indexed, Indexed) and whole not in self.overrides:
                return self.value(indexed.body, {indexed.var: self._index_value(node.sub, env)})
            if node.base == "I" and node.sub in dict(self.space.sizes):  # I_d
                return sp.eye(self.space.size(node.sub))
            if node.base == "e" and not node.hat and not self._known("e", env):  # e_k, e_{y_i}
                return _Unit(self._index_value(node.sub, env))
            vector = self._known(whole, env)
            if vector is not None:
                return self._entry(vector, node.sub, env, whole)
            parts = _index_parts(node.sub)
            batch = self._batch(node, env) if node.base.islower() and all(_INDEX_WORD.fullmatch(p) for p in parts) \
                and len(parts) <= 2 else None
            if batch is not None and batch.cols > 1 and len(parts) == 1 and not self._picks_example(parts[0], batch):
                return self._entry(_example(batch, self.example, node, self.reading.batch_rows), node.sub, env,
                                   node.base)
            if batch is not None and batch.cols > 1:  # x_n: the n-th example; x_{ik}: feature k of it
                example = _example(batch, self._index_value(parts[0], env), node, self.reading.batch_rows)
                return self._entry(example, parts[1], env, node.base) if len(parts) == 2 else example
        if node.sub is None and node.sup is None and node.base.islower():  # o beside O: one example, its
            batch = self._batch(node, env)  # superscript (i) dropped ("for one example, o = XW + b")
            if batch is not None and batch.cols > 1:
                return _example(batch, self.example, node, self.reading.batch_rows)
        if node.sub is None and not node.hat:
            if node.base in dict(self.space.sizes):  # 1/m: a size is a number in each Space
                return sp.Integer(self.space.size(node.base))
            if node.base == "e":
                return sp.E
            if node.base == "I":
                return _Eye()
        raise Unparsed(f"{_display(node)} is neither declared nor defined (declare it: "
                       f"${_display(node)} \\in \\mathbb{{R}}^{{…}}$)")

    def _picks_example(self, letter: str, batch) -> bool:
        """Whether o_j is the j-th example of the batch O, or entry j of one example: the range of
        the sum over j says, where it is the number of examples or of entries and not both."""
        examples, entries = (batch.rows, batch.cols) if self.reading.batch_rows else (batch.cols, batch.rows)
        count = self.ranges.get(letter)
        if count is not None and (count == examples) != (count == entries):
            return count == examples
        return self.reading.subscript_examples

    def _known(self, key: str, env):
        if key in self.overrides:
            return self.overrides[key]
        if key in self.reading.definitions:
            body = self.reading.definitions[key]
            if isinstance(body, Function) and any(leaf.key == body.parameter and not leaf.inferred
                                                  for leaf in self.space.leaves):
                return self._at(body, self._known(body.parameter, env))  # f of f(β), β declared: f(β)
            if isinstance(body, Function):
                raise Unparsed(f"{key} is a function the document defines: give it its argument")
            if isinstance(body, Indexed):
                return self._entries_of(key, body)
            return self._defined(key, body, env)
        if self.space.has(key):
            return self.space.value(key)
        return None

    def _defined(self, key: str, body, env):
        if key in self.cache:
            return self.cache[key]
        if key in self.expanding:
            raise Unparsed(f"{key} is defined in terms of itself")
        self.expanding.append(key)
        try:
            value = self.value(body, {})  # a definition's indices are its own: bound inside it
        finally:
            self.expanding.pop()
        self.cache[key] = value
        return value

    def _entries_of(self, key: str, body: Indexed):
        """The whole vector of a name defined entry by entry, as long as its declaration says."""
        if not self.space.has(key):  # ŷ_i = e^{z_i} / Σ_j e^{z_j}: as long as z
            length = next(_lengths(body.body, body.var, self, {}), None)
            if length is None:
                raise Unparsed(f"{key} is defined entry by entry: declare its size to use it whole")
            return sp.Matrix([self.value(body.body, {body.var: i}) for i in range(1, length + 1)])
        rows, cols = self.space.value(key).shape if isinstance(self.space.value(key), sp.MatrixBase) else (1, 1)
        if cols != 1:
            raise Unparsed(f"{key} is defined entry by entry but declared a matrix")
        return sp.Matrix([self.value(body.body, {body.var: i}) for i in range(1, rows + 1)])

    def _member(self, node: ast.Name, env):
        """x^{(i)}: the i-th example; row i of X (column i where X is d × m) when X is declared."""
        i = self._index_value(node.sup, env)
        family = key_of(ast.Name(node.base, None, node.hat, "i"))
        defined = self.reading.definitions.get(family)
        leaf = next((f for f in self.space.leaves if f.key == family and not f.inferred), None)
        batch = self._batch(node, env, declared_only=leaf is not None)
        if batch is None and leaf is not None:  # x^{(i)} ∈ ℝ^d declared, X inferred m × d: its rows
            inferred = self._batch(node, env)
            length = self.space.size(leaf.rows)
            batch = inferred if inferred is not None and inferred.cols > 1 and length in inferred.shape else None
        if isinstance(defined, Indexed) and family not in self.overrides:  # z^{(i)} = w^T x^{(i)} + b
            value = self.value(defined.body, {defined.var: i})
        elif batch is not None and self._defined_beside_given(node, batch):
            raise Unparsed(f"{_display(node)}: {node.base} is defined, and its batch {capital(node.base)} "
                           "given values of its own: which one the step means is not clear")
        elif batch is not None:  # declared both ways (y ∈ ℝ^m, y^{(i)} ∈ {0, 1}): one set of values
            rows = self.reading.batch_rows
            if leaf is not None and batch.cols > 1:  # x^{(i)} ∈ ℝ^n: the batch's side of length n
                length = self.space.size(leaf.rows)
                rows = batch.cols == length if (batch.cols == length) != (batch.rows == length) else rows
            value = _example(batch, i, node, rows)
        elif any(leaf.key == family for leaf in self.space.leaves):
            if not 1 <= i <= self.space.examples:
                raise _OutOfRange(f"there is no example {i} of {node.base}")
            value = self.space.value(family, i)
        else:
            raise Unparsed(f"{_display(node)}: declare the examples ({node.base}^{{(i)}} \\in \\mathbb{{R}}^d) "
                           f"or the batch ({capital(node.base)} \\in \\mathbb{{R}}^{{m \\times d}})")
        if node.sub:
            return self._entry(value, node.sub, env, family)
        return value

    def _defined_beside_given(self, node: ast.Name, batch) -> bool:
        """p defined (p_k = e^{s_k} / Σ_j e^{s_j}) while its batch P is given symbols of its own: p^{(i)}
        could be either."""
        whole, big = key_of(ast.Name(node.base, None, node.hat)), key_of(ast.Name(capital(node.base), None, node.hat))
        return whole != big and whole in self.reading.definitions and big not in self.reading.definitions \
            and self.space.has(big) and batch is self.space.value(big)

    def _batch(self, node: ast.Name, env, declared_only: bool = False):
        """X for x^{(i)}, y for y^{(i)}: the declared or defined batch the examples are rows of; with
        ``declared_only`` (the examples are declared themselves), never one whose shape was inferred."""
        hat = "^" if node.hat else ""
        for key in dict.fromkeys((capital(node.base) + hat, node.base + hat)):
            if declared_only and any(leaf.key == key and leaf.inferred for leaf in self.space.leaves):
                continue
            value = self._known(key, env)
            if isinstance(value, sp.MatrixBase):
                return value
        return None

    def _entry(self, value, sub: str, env, key: str):
        if not isinstance(value, sp.MatrixBase):
            raise Unparsed(f"{key} is a scalar: it has no entry {sub}")
        parts = [self._index_value(p, env) for p in _index_parts(sub)]
        if len(parts) == 1 and 1 in value.shape:
            index = parts[0]
            if not 1 <= index <= len(value):
                raise _OutOfRange(f"{key} has no entry {index}")
            return value[index - 1]
        if len(parts) == 2:
            i, j = parts
            if not (1 <= i <= value.rows and 1 <= j <= value.cols):
                raise _OutOfRange(f"{key} has no entry ({i}, {j})")
            return value[i - 1, j - 1]
        raise Unparsed(f"cannot read {key}_{{{sub}}} as an entry of a {value.rows}×{value.cols} value")

    def _index_value(self, text: str, env) -> int:
        if text in env:
            return env[text]
        if text in self.reading.free:
            return self.reading.free[text]
        if text.isdigit():
            return int(text)
        raise Unparsed(f"the index {text} has no value here (bind it by a sum)")

    # operators
    def _add(self, node: ast.Add, env):
        total = self.value(node.terms[0], env)
        for term in node.terms[1:]:
            total = _plus(total, self.value(term, env))
        return total

    def _neg(self, node: ast.Neg, env):
        return _times(sp.Integer(-1), self.value(node.arg, env), False)

    def _mul(self, node: ast.Mul, env):
        node = self._averaged(node)
        if "elementwise" in node.dots and False in node.dots:  # y ⊙ Xθ: y ⊙ (Xθ), as ML writes it
            try:
                return self._hadamard_of_products(node, env)
            except ShapeError:
                pass  # (δ ⊙ σ'(z)) xᵀ: the only reading that fits is from left to right
        total = self.value(node.factors[0], env)
        for factor, dot in zip(node.factors[1:], node.dots):
            right = self.value(factor, env)
            try:
                total = _times(total, right, dot)
            except ShapeError:
                if not self.repair:
                    raise
                total = self._repaired(total, right, dot)
        return total

    def _averaged(self, node: ast.Mul) -> ast.Mul:
        """\\frac{1}{N}\\sum_i L_i: a mean, so i runs over the N examples, where N is a size."""
        factors = list(node.factors)
        for k in range(len(factors) - 1):
            mean, total = factors[k], factors[k + 1]
            if isinstance(mean, ast.Div) and mean.num == ast.Num("1") and isinstance(mean.den, ast.Name) \
                    and mean.den.base in dict(self.space.sizes) and mean.den.sub is None \
                    and isinstance(total, ast.Sum) and not total.upper:
                factors[k + 1] = replace(total, upper=mean.den.base)
        return node if factors == list(node.factors) else ast.Mul(tuple(factors), node.dots)

    def _hadamard_of_products(self, node: ast.Mul, env):
        runs, factors, dots = [], [node.factors[0]], []
        for factor, dot in zip(node.factors[1:], node.dots):
            if dot == "elementwise":
                runs.append(ast.Mul(tuple(factors), tuple(dots)) if len(factors) > 1 else factors[0])
                factors, dots = [factor], []
            else:
                factors.append(factor)
                dots.append(dot)
        runs.append(ast.Mul(tuple(factors), tuple(dots)) if len(factors) > 1 else factors[0])
        return self._mul(ast.Mul(tuple(runs), ("elementwise",) * (len(runs) - 1)), env)

    def _application(self, node: Application, env):
        """``h_\\theta(x^{(i)})``: the body of a function the document defines, at the argument."""
        function = self.reading.definitions[node.function]
        argument = _settled(self.value(node.argument, env))
        try:
            return self._at(function, argument)
        except ShapeError:
            if not isinstance(argument, sp.MatrixBase):
                raise
            entries = [self._at(function, entry) for entry in argument]  # g(Xθ): g of each entry, when
            if any(isinstance(e, sp.MatrixBase) for e in entries):  # g is a function of a number
                raise
            return sp.Matrix(argument.rows, argument.cols, entries)

    def _at(self, function: Function, argument):
        inner = _Evaluator(self.reading, {**self.overrides, function.parameter: argument}, self.repair)
        value = inner.value(function.body, {})
        self.repairs += inner.repairs
        return value

    def _repaired(self, a, b, dot):
        """A product whose shapes do not fit, read with a transpose, and the reading noted."""
        for note, (x, y) in (("the right factor", (a, b.T)), ("the left factor", (a.T, b)),
                             ("both factors", (a.T, b.T))):
            try:
                value = _times(x, y, dot)
            except ShapeError:
                continue
            self.repairs.append(f"a {_shape(a)} times a {_shape(b)} value read with {note} transposed")
            return value
        raise ShapeError(f"a {_shape(a)} times a {_shape(b)} value, under any transpose")

    def _div(self, node: ast.Div, env):
        num, den = self.value(node.num, env), self.value(node.den, env)
        if num == 1 and _logistic_argument(den) is not None:  # 1/(1 + e^{−t}) is σ(t): kept whole
            return Sigmoid(_logistic_argument(den))
        if isinstance(den, sp.MatrixBase):
            if isinstance(num, sp.MatrixBase) and num.shape == den.shape:  # y / ŷ: entrywise
                return num.multiply_elementwise(den.applyfunc(lambda e: 1 / _nonzero(e)))
            raise ShapeError(f"division by a {_shape(den)} value")
        return _times(num, 1 / _nonzero(den), False)

    def _pow(self, node: ast.Pow, env):
        base, exponent = self.value(node.base, env), self.value(node.exp, env)
        if isinstance(exponent, sp.MatrixBase) or not exponent.is_number:
            raise Unparsed("only a number may stand in an exponent here")
        if abs(exponent) > MAX_EXPONENT:
            raise Unparsed("the exponent is too large")
        if not isinstance(base, sp.MatrixBase):
            return _nonzero(base) ** exponent if exponent < 0 else base ** exponent
        if exponent == -1 and base.rows == base.cols:
            if base.det() == 0:
                raise _OutOfRange("the inverse of a singular matrix (the sizes of this instance make it so)")
            return base.inv()
        if base.rows != base.cols:  # h², A²: the entries squared, the only reading that type-checks
            return base.applyfunc(lambda e: e ** exponent)
        raise _OutOfRange(f"a power of a {_shape(base)} matrix: the product or the entries squared "
                          "(write the product or ⊙)")

    def _transpose(self, node: ast.Transpose, env):
        value = self.value(node.arg, env)
        if isinstance(value, _Ones):
            return _Ones(not value.row)
        if isinstance(value, _Repeated):
            if value.row is not None:
                raise Unparsed("the transpose of 𝟏bᵀ: write b𝟏ᵀ as a product with a sized 𝟏")
            return value
        if isinstance(value, _Eye):
            return value
        return value.T if isinstance(value, sp.MatrixBase) else value

    def _call(self, node: ast.Call, env):
        arg = _settled(self.value(node.arg, env))
        func = node.func
        if func in ("softmax", "logsoftmax"):
            return _softmax(arg, self.reading.batch_rows, log=func == "logsoftmax")
        if func == "diag":
            if not isinstance(arg, sp.MatrixBase) or 1 not in arg.shape:
                raise ShapeError("diag of something that is not a vector")
            return sp.diag(*arg)
        if func == "tr":
            if not isinstance(arg, sp.MatrixBase) or arg.rows != arg.cols:
                raise ShapeError("the trace of a matrix that is not square")
            return arg.trace()
        apply = _ENTRYWISE.get(func)
        if apply is None:
            raise Unparsed(f"cannot read the function {func}")
        return arg.applyfunc(apply) if isinstance(arg, sp.MatrixBase) else apply(arg)

    def _step(self, node: ast.Step, env):
        arg = _settled(self.value(node.arg, env))
        return arg.applyfunc(sp.Heaviside) if isinstance(arg, sp.MatrixBase) else sp.Heaviside(arg)

    def _norm(self, node: ast.Norm, env):
        arg = _settled(self.value(node.arg, env))
        entries = list(arg) if isinstance(arg, sp.MatrixBase) else [arg]
        return sp.sqrt(sum(e ** 2 for e in entries))

    def _ones(self, node: ast.Ones, env):
        if node.size is None:
            return _Ones()
        if node.size not in dict(self.space.sizes):
            raise Unparsed(f"𝟏_{node.size}: {node.size} is not a declared size")
        return sp.ones(self.space.size(node.size), 1)

    def _index(self, node: ast.Index, env):
        return self._entry(_settled(self.value(node.arg, env)), node.sub, env, "(…)")

    def _indicator(self, node: ast.Indicator, env):
        left, right = self._class_or_index(node.left, env), self._class_or_index(node.right, env)
        return sp.Integer(int((left == right) == node.equal))

    def _class_or_index(self, text: str, env) -> int:
        """An index's value, or for y^(i), the label of example i, its class: where its one 1 stands."""
        member = _MEMBER.fullmatch(text)
        if not member:
            return self._index_value(text, env)
        label = _settled(self.value(ast.Name(member.group(1), None, False, member.group(2)), env))
        entries = list(label) if isinstance(label, sp.MatrixBase) and 1 in label.shape else []
        if not all(e in (0, 1) for e in entries) or entries.count(1) != 1:
            raise Unparsed(f"{member.group(1)}^{{({member.group(2)})}} in an indicator is read only as a one-hot label")
        return entries.index(1) + 1

    def _loss(self, node: ast.Loss, env):
        key = loss_key(node)
        members = {m.group(1) for arg in node.args if (m := _OF_EXAMPLE.fullmatch(arg))}
        if node.args and node.example is None and len(members) == 1 and all(_OF_EXAMPLE.fullmatch(a) for a in node.args):
            node = replace(node, args=(), example=members.pop())  # l(y^{(i)}, ŷ^{(i)}): l of example i
        own = _argument_keys(self.reading.definitions.get(key))
        for arg in node.args:  # J(w^*), J(θ + εe): the loss at another point than its variables
            if not self.space.has(arg.lstrip("\\")) and arg not in ("", "i") and argument_key(arg) not in own:
                raise Unparsed(f"the loss at {arg}, another point than its variables: not read")
        indexed = self.reading.definitions.get(key)
        if node.example is not None and isinstance(indexed, Indexed):
            return self._of_example(indexed, self._index_value(node.example, env))
        if node.example is not None:
            return self._loss_of_example(key, self._index_value(node.example, env), env)
        if isinstance(indexed, Indexed):  # L_i = …: the loss of example i; of the first, if no sum binds i
            bound = indexed.var in env or indexed.var in self.reading.free
            return self._of_example(indexed, self._index_value(indexed.var, env) if bound else 1)
        found = self._known(key, env)
        whole = loss_key(ast.Loss("", node.args, node.letter))
        if found is None and len(node.name) == 1 and whole in self.reading.definitions:
            return self._loss_of_example(whole, self._index_value(node.name, env), env)  # ℓ_i: ℓ of example i
        if found is None:
            raise Unparsed("the loss is not defined in this document (write L = …)")
        return found

    def _loss_of_example(self, key: str, i: int, env):
        """L^{(i)}: the loss the document defined for one example (x, y), at example i of the batch:
        each declared x whose batch X the document declares or defines is X's example i."""
        if key not in self.reading.definitions:
            raise Unparsed("the loss is not defined in this document (write L = …)")
        examples = {}
        for leaf in self.space.leaves:
            batch = None if leaf.family or leaf.inferred or leaf.cols != 1 or not leaf.key.islower() \
                else self._known(capital(leaf.key), env)
            if isinstance(batch, sp.MatrixBase) and batch.cols > 1:
                example = _example(batch, i, ast.Name(leaf.key, None, False), self.reading.batch_rows)
                if example.shape == self.space.value(leaf.key).shape:
                    examples[leaf.key] = example
        for name in self.reading.definitions:  # ∂J/∂S with s = W_2 a + b_2 defined for one example:
            batch = self.overrides.get(capital(name)) if name.islower() else None  # s is row i of S
            if isinstance(batch, sp.MatrixBase) and batch.cols > 1:
                examples[name] = _example(batch, i, ast.Name(name, None, False), self.reading.batch_rows)
        if not examples and not _mentions(self.reading.definitions[key], self.reading,
                                          lambda n: _beside_batch(n, self.reading)):
            raise Unparsed("the loss of example i: no declared batch (X for x) holds the examples")
        inner = _Evaluator(self.reading, {**self.overrides, **examples}, self.repair, example=i)
        value = inner._known(key, env)  # y_j and o_j beside Y and O: entries of example i
        self.repairs += inner.repairs
        return value

    def _of_example(self, indexed: Indexed, i: int):
        """L_i = …, the loss of example i: f beside F in -log(e^{f_{y_i}} / Σ_j e^{f_j}) is row i of F."""
        inner = _Evaluator(self.reading, self.overrides, self.repair, example=i)
        value = inner.value(indexed.body, {indexed.var: i})
        self.repairs += inner.repairs
        return value

    def _sum(self, node: ast.Sum, env):
        count, values = self._indices(node, env)
        total, outer = None, self.ranges.get(node.var)
        self.ranges[node.var] = count
        try:
            for value in values:
                term = self.value(node.body, {**env, node.var: value})
                total = term if total is None else _plus(total, term)
        finally:
            if outer is None:
                self.ranges.pop(node.var)
            else:
                self.ranges[node.var] = outer
        return sp.Integer(0) if total is None else total

    def _prod(self, node: ast.Prod, env):
        """∏_i f_i, of scalars (an entrywise product of matrices is not what ∏ says)."""
        total = sp.Integer(1)
        for value in self._indices(node, env)[1]:
            factor = self.value(node.body, {**env, node.var: value})
            if isinstance(factor, sp.MatrixBase):
                raise Unparsed("a product \\prod of vectors or matrices is not read")
            total *= factor
        return total

    def _indices(self, node: ast.Sum, env) -> tuple[int, list[int]]:
        """How far a sum's (or product's) index runs, and the values it takes: all but those it
        leaves out (\\sum_{j \\neq i})."""
        count = self._range(node, env)
        left_out = {self._index_value(x, env) for x in node.excluded}
        return count, [v for v in range(1, count + 1) if v not in left_out]

    def _range(self, node: ast.Sum, env) -> int:
        if node.upper in dict(self.space.sizes):
            return self.space.size(node.upper)
        if node.upper.isdigit():
            return int(node.upper)
        if not node.upper:  # \sum_i y_i log ŷ_i: as far as the vector indexed by i goes
            for length in _lengths(node.body, node.var, self, env):
                return length
        raise Unparsed(f"cannot tell how far the sum over {node.var} runs"
                       + (f" ({node.upper} is not a declared size)" if node.upper else ""))

    def _deriv(self, node: ast.Deriv, env):
        if node.second is not None:
            return self._hessian(node, env)
        wrt, fresh, back = self._variable(node.var, env)
        inner = _Evaluator(self.reading, {**self.overrides, **fresh}, self.repair)
        body = _settled(inner.value(node.body, env))
        self.repairs += inner.repairs
        if back and not _has_any(body, back):  # ∂J/∂A where J never names A: 0, or J of A's value?
            raise Unparsed(f"the derivative by {_display(node.var)}, which the expression does not name "
                           "(write it in terms of the name to have it checked)")
        result = _derivative(body, wrt, self.reading.entrywise)
        return result.xreplace(back) if back else result

    def _hessian(self, node: ast.Deriv, env):
        wrt, fresh, back = self._variable(node.var, env)
        other, fresh2, back2 = self._variable(node.second, env)
        if fresh or fresh2:
            raise Unparsed("a second derivative through a defined name is not supported")
        body = _settled(self.value(node.body, env))
        if not isinstance(body, sp.MatrixBase) and not isinstance(wrt, sp.MatrixBase) and wrt == other:
            return sp.diff(body, wrt, 2)  # ∂²_{o_j} l: the second derivative by one scalar
        if isinstance(body, sp.MatrixBase) or not isinstance(wrt, sp.MatrixBase) or 1 not in wrt.shape:
            raise Unparsed("a Hessian is read for a scalar by a vector only")
        return sp.Matrix(len(wrt), len(other), lambda i, j: sp.diff(body, wrt[i], other[j]))

    def _variable(self, var: ast.Name, env):
        """(symbols to differentiate by, names to give those symbols, the substitution back)."""
        key = key_of(var)
        if key in self.reading.definitions and key not in self.overrides:
            value = _settled(self._known(key, env))
            symbols = _fresh(key, value)
            back = dict(zip(_entries(symbols), _entries(value)))
            return symbols, {key: symbols}, back
        if var.sub and key not in self.reading.definitions and not self.space.has(key):
            whole = key_of(ast.Name(var.base, None, var.hat))
            if whole in self.reading.definitions and whole not in self.overrides:  # ∂L/∂z_i
                value = _settled(self._known(whole, env))
                symbols = _fresh(whole, value)
                back = dict(zip(_entries(symbols), _entries(value)))
                return self._entry(symbols, var.sub, env, whole), {whole: symbols}, back
        value = _settled(self.value(var, env))
        big = key_of(ast.Name(capital(var.base), None, var.hat))
        if not all(isinstance(s, sp.Symbol) for s in _entries(value)) and big != key_of(ast.Name(var.base, None, var.hat)) \
                and big in self.reading.definitions and big not in self.overrides:  # ∂/∂o_j, o an example of O = XW + b
            batch = _settled(self._known(big, env))
            symbols = _fresh(big, batch)
            value = _settled(_Evaluator(self.reading, {**self.overrides, big: symbols}).value(var, env))
            if all(isinstance(s, sp.Symbol) for s in _entries(value)):
                return value, {big: symbols}, dict(zip(_entries(symbols), _entries(batch)))
        if not all(isinstance(s, sp.Symbol) for s in _entries(value)):
            raise Unparsed(f"cannot take a derivative with respect to {_display(var)}: it is not a variable "
                           "(a one-hot label or a size)")
        return value, {}, {}


def _argument_keys(body) -> set[str]:
    """The names a loss's definition is written in (l(y, ŷ) = -Σ_j y_j log ŷ_j: y and ŷ): the loss
    with those as its arguments is the loss itself, wherever they are defined. A name marked as a
    point of its own (w*, w̃, w̄, w^{old}, the estimate θ̂) is left out: a loss written around it,
    ½(w - w*)ᵀH(w - w*), at w* is another value."""
    body = getattr(body, "body", body)
    keys = {key_of(ast.Name(n.base, None, n.hat, n.sup)) for n in walk(body) if isinstance(n, ast.Name)}
    return {key for key in keys if not _POINT.search(key)}


_POINT = re.compile(r"[*~{]|-$|^[a-zA-Z]{2,}\^$")


@dataclass(frozen=True)
class Application:
    function: str  # the key of a function the document defines
    argument: object


def applied(node, definitions: Mapping[str, object]):
    """``node`` with each use of a defined function, ``h_\\theta(x)``, made one Application: the
    parser reads ``h_\\theta(x)`` as h_θ times x and ``\\log h_\\theta(x)`` as (log h_θ) times x,
    since it cannot know which names are functions; the document's definitions say."""
    functions = {k for k, v in definitions.items() if isinstance(v, Function)}
    if not functions:
        return node
    return _apply(node, functions)


def applied_definitions(definitions: Mapping[str, object]) -> dict[str, object]:
    """Every definition's body with its function uses made Applications (see ``applied``), and
    with each other definition's body, where it stands whole inside it, read as that name."""
    definitions = _named(definitions)
    functions = {k for k, v in definitions.items() if isinstance(v, Function)}
    if not functions:
        return dict(definitions)
    out = {}
    for key, body in definitions.items():
        if isinstance(body, (Function, Indexed)):
            out[key] = type(body)(*(getattr(body, f) for f in body.__dataclass_fields__ if f != "body"),
                                  body=_apply(body.body, functions))
        else:
            out[key] = _apply(body, functions)
    return out


def _named(definitions: Mapping[str, object]) -> dict[str, object]:
    """H = tanh(XW + 𝟏bᵀ) and A = XW + 𝟏bᵀ: H = tanh(A), so that ∂H/∂A follows by the chain rule
    (the two trees are equal as written, which makes the reading certain)."""
    names = {}
    for key, body in definitions.items():
        plain = re.fullmatch(r"([A-Za-z]+)(?:_([A-Za-z0-9]+))?", key)  # A, W_1: a name as written
        if plain and not isinstance(body, (Function, Indexed, ast.Name, ast.Num)) and _closed(body):
            names[key] = (body, ast.Name(plain.group(1), plain.group(2), False))
    if len(names) < 2:
        return dict(definitions)
    out = {}
    for key, body in definitions.items():
        for other, (value, name) in names.items():  # never a name by itself, nor two by each other
            if other != key and value != definitions[key] and not isinstance(body, (Function, Indexed)) \
                    and not _names(value, names[key][1] if key in names else None):
                body = _replaced(body, value, name)
        out[key] = body
    return out


def _closed(tree, bound: frozenset = frozenset()) -> bool:
    """Whether a tree uses no index it does not bind: z = y_n θᵀx_n is one per example, not one value."""
    if isinstance(tree, ast.Name):
        return tree.sup is None and not (tree.sub and all(p.isalpha() and p.islower() and p not in bound
                                                          for p in _index_parts(tree.sub)))
    if isinstance(tree, ast.Sum):
        return _closed(tree.body, bound | {tree.var})
    if isinstance(tree, ast.Index):
        return False
    if isinstance(tree, tuple):
        return all(_closed(item, bound) for item in tree)
    if hasattr(tree, "__dataclass_fields__"):
        return all(_closed(getattr(tree, f), bound) for f in tree.__dataclass_fields__)
    return True


def _names(tree, name) -> bool:
    return name is not None and any(n == name for n in ast.walk(tree))


def _replaced(node, old, new):
    if node == old:
        return new
    if isinstance(node, tuple):
        return tuple(_replaced(item, old, new) for item in node)
    if hasattr(node, "__dataclass_fields__") and not isinstance(node, ast.Name):
        return type(node)(**{f: _replaced(getattr(node, f), old, new) for f in node.__dataclass_fields__})
    return node


def _apply(node, functions: set):
    if isinstance(node, ast.Mul):
        factors = [_apply(f, functions) for f in node.factors]
        out, junctions, i = [], [], 0
        while i < len(factors):
            factor, before = factors[i], node.dots[i - 1] if i else None
            target = factor.arg if isinstance(factor, ast.Call) else factor
            if isinstance(target, ast.Name) and key_of(target) in functions and i + 1 < len(factors):
                application = Application(key_of(target), factors[i + 1])
                factor = ast.Call(factor.func, application) if isinstance(factor, ast.Call) else application
                i += 2
            else:
                i += 1
            if out:
                junctions.append(before)
            out.append(factor)
        return out[0] if len(out) == 1 else ast.Mul(tuple(out), tuple(junctions))
    if isinstance(node, tuple):
        return tuple(_apply(item, functions) for item in node)
    if hasattr(node, "__dataclass_fields__") and not isinstance(node, ast.Name):
        return type(node)(**{f: _apply(getattr(node, f), functions) for f in node.__dataclass_fields__})
    return node


class _OutOfRange(Unparsed):
    """An index past the end, or an inverse the sizes of one Space make singular (XᵀX with fewer
    examples than features): the step is judged where it has a value."""


def out_of_range(error: Exception) -> bool:
    return isinstance(error, _OutOfRange)


def _lengths(body, var: str, evaluator: _Evaluator, env):
    """The lengths of the vectors ``var`` indexes in ``body``."""
    stack = [body]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.Name) and item.sub and var in _index_parts(item.sub):
            whole = key_of(ast.Name(item.base, None, item.hat))
            value = evaluator._known(whole, env)
            parts = _index_parts(item.sub)
            if isinstance(value, sp.MatrixBase):
                yield len(value) if len(parts) == 1 else value.shape[parts.index(var)]
            elif len(parts) == 1 and item.base.islower():  # w_j, the j-th row of W: as many as W has
                batch = evaluator._batch(item, env)
                if isinstance(batch, sp.MatrixBase) and batch.cols > 1:
                    yield batch.rows if evaluator.reading.batch_rows else batch.cols
        elif isinstance(item, tuple):
            stack.extend(item)
        elif hasattr(item, "__dataclass_fields__"):
            stack.extend(getattr(item, f) for f in item.__dataclass_fields__)


def _example(batch: sp.Matrix, i: int, node: ast.Name, rows: bool):
    """Example i of a batch: row i as a column vector (column i when the batch is in columns), or
    entry i of a vector of labels."""
    if batch.cols == 1:
        if not 1 <= i <= batch.rows:
            raise _OutOfRange(f"there is no example {i} of {node.base}")
        return batch[i - 1, 0]
    if not 1 <= i <= (batch.rows if rows else batch.cols):
        raise _OutOfRange(f"there is no example {i} of {node.base}")
    return batch.row(i - 1).T if rows else batch.col(i - 1)


def _fresh(key: str, value):
    stem = "".join(ch for ch in key if ch.isalnum()) or "z"
    if isinstance(value, sp.MatrixBase):
        return sp.Matrix(value.rows, value.cols, lambda i, j: sp.Symbol(f"_{stem}_{i}_{j}", real=True))
    return sp.Symbol(f"_{stem}", real=True)


def _has_any(value, symbols) -> bool:
    return any(entry.has(*symbols) for entry in _entries(value))


def _entries(value) -> list:
    return list(value) if isinstance(value, sp.MatrixBase) else [value]


def _derivative(body, wrt, entrywise: bool):
    if not isinstance(body, sp.MatrixBase):
        if isinstance(wrt, sp.MatrixBase):
            return wrt.applyfunc(lambda s: sp.diff(body, s))
        return sp.diff(body, wrt)
    if not isinstance(wrt, sp.MatrixBase):
        return body.applyfunc(lambda e: sp.diff(e, wrt))
    if 1 not in body.shape or 1 not in wrt.shape:
        raise Unparsed("the derivative of a matrix, or by a matrix, of something that is not a scalar")
    jacobian = sp.Matrix(len(body), len(wrt), lambda i, j: sp.diff(body[i], wrt[j]))
    if entrywise and jacobian.rows == jacobian.cols and jacobian.is_diagonal():
        return sp.Matrix([jacobian[i, i] for i in range(jacobian.rows)])
    return jacobian


def _softmax(arg, rows: bool, log: bool):
    if not isinstance(arg, sp.MatrixBase):
        raise ShapeError("softmax of a scalar")

    def of(vector: sp.Matrix) -> sp.Matrix:
        e = vector.applyfunc(sp.exp)
        total = sum(e)
        return vector.applyfunc(lambda x: x - sp.log(total)) if log else e / total

    if 1 in arg.shape:
        return of(arg)
    if rows:
        return sp.Matrix.vstack(*[of(arg.row(i)) for i in range(arg.rows)])
    return sp.Matrix.hstack(*[of(arg.col(j)) for j in range(arg.cols)])


def _logistic_argument(den):
    """t where ``den`` is 1 + e^{−t}, else None."""
    if isinstance(den, sp.Add) and len(den.args) == 2 and sp.Integer(1) in den.args:
        other = den.args[0] if den.args[1] == 1 else den.args[1]
        if isinstance(other, sp.exp):
            return -other.args[0]
    return None


def _sigmoid(x):
    return Sigmoid(x)


_ENTRYWISE = {
    "log": lambda x: _log(_nonzero(x)),  # log(e^{z_j}/Σ e^z) = z_j − log Σ e^z
    "exp": sp.exp,
    "sigma": _sigmoid,
    "sigma'": lambda x: _sigmoid(x) * (1 - _sigmoid(x)),
    "tanh": sp.tanh,
    "tanh'": lambda x: 1 - sp.tanh(x) ** 2,
    "sinh": sp.sinh,  # tanh = sinh / cosh: its derivative by the quotient rule
    "cosh": sp.cosh,
    "relu": Relu,
    "relu'": sp.Heaviside,
}


def _log(x):
    """log x with the logarithms of positive products, powers and exponentials taken apart, as
    SymPy's expand_log does, at the top of x only (the whole tree costs seconds a step)."""
    if isinstance(x, sp.exp) and x.args[0].is_real:
        return x.args[0]
    if isinstance(x, sp.Pow) and x.base.is_positive and x.exp.is_real:
        return x.exp * _log(x.base)
    if isinstance(x, sp.Mul) and all(f.is_positive for f in x.args):
        return sp.Add(*[_log(f) for f in x.args])
    return sp.log(x)


def _nonzero(x):
    if x == 0:
        raise Unparsed("division by zero, or the logarithm of 0")
    return x


def _settled(value):
    """A value with I or 𝟏 whose size nothing fixed: unreadable alone."""
    if isinstance(value, (_Eye, _Ones, _Repeated, _Unit)):
        raise Unparsed("I, 𝟏 or e_k stands where nothing gives it a size: write I_d or 𝟏_m")
    return value


def _scalar(value):
    if isinstance(value, sp.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def _plus(a, b):
    a, b = _sized(a, b), _sized(b, a)
    a_matrix, b_matrix = isinstance(a, sp.MatrixBase), isinstance(b, sp.MatrixBase)
    if a_matrix and b_matrix:
        if a.shape != b.shape:
            a, b = _broadcast(a, b), _broadcast(b, a)
        if a.shape != b.shape:
            raise ShapeError(f"adding a {_shape(a)} and a {_shape(b)} value")
        return a + b
    if a_matrix or b_matrix:  # 1 - h, 1 - A: the scalar added to each entry, as NumPy broadcasts
        matrix, scalar = (a, b) if a_matrix else (b, a)
        return matrix.applyfunc(lambda e: e + scalar)
    return a + b


def _broadcast(vector: sp.Matrix, matrix: sp.Matrix) -> sp.Matrix:
    """b ∈ ℝ^{n×1} added to Z ∈ ℝ^{n×m}: repeated over the columns (a row over the rows), as NumPy
    broadcasts a bias over a batch; anything else is returned as it is."""
    if vector.shape == (matrix.rows, 1) and matrix.cols > 1:
        return sp.Matrix.hstack(*[vector] * matrix.cols)
    if vector.shape == (1, matrix.cols) and matrix.rows > 1:
        return sp.Matrix.vstack(*[vector] * matrix.rows)
    return vector


def _sized(value, other):
    """I or 𝟏 in a sum, sized by the other term."""
    if isinstance(value, _Eye) and isinstance(other, sp.MatrixBase) and other.rows == other.cols:
        return value.scale * sp.eye(other.rows)
    if isinstance(value, _Ones) and isinstance(other, sp.MatrixBase):
        return sp.ones(*other.shape)
    if isinstance(value, _Repeated) and isinstance(other, sp.MatrixBase):
        if value.row is None:
            return value.scale * sp.ones(*other.shape)
        if value.row.cols != other.cols:
            raise ShapeError(f"𝟏 times a {_shape(value.row)} row added to a {_shape(other)} value")
        return value.scale * sp.ones(other.rows, 1) * value.row
    if isinstance(value, _Unit) and isinstance(other, sp.MatrixBase) and other.cols == 1:
        if not 1 <= value.index <= other.rows:
            raise _OutOfRange(f"there is no unit vector e_{value.index} of length {other.rows}")
        return sp.Matrix(other.rows, 1, lambda i, _: value.scale * int(i == value.index - 1))
    if isinstance(value, (_Eye, _Ones, _Repeated, _Unit)):
        raise Unparsed("I, 𝟏 or e_k in a sum whose other term gives it no size")
    return value


def _times(a, b, dot):
    if isinstance(a, _Eye) or isinstance(b, _Eye):
        if isinstance(a, _Eye) and isinstance(b, _Eye):
            return _Eye(a.scale * b.scale)
        eye, other = (a, b) if isinstance(a, _Eye) else (b, a)
        if isinstance(other, sp.MatrixBase):  # I x = x
            return _times(eye.scale, other, False)
        return _Eye(eye.scale * other)  # λI: sized later by what it meets
    if isinstance(a, _Ones) and a.row and isinstance(b, sp.MatrixBase):  # 𝟏ᵀ M: the column sums
        a = sp.ones(1, b.rows)
    if isinstance(b, _Ones) and not b.row and isinstance(a, sp.MatrixBase):  # M 𝟏: the row sums
        b = sp.ones(a.cols, 1)
    if isinstance(a, _Ones) and not a.row and (isinstance(b, _Ones) and b.row or  # 𝟏𝟏ᵀ, 𝟏bᵀ: sized by
                                               isinstance(b, sp.MatrixBase) and b.rows == 1):  # what they meet
        return _Repeated(b if isinstance(b, sp.MatrixBase) else None)
    if isinstance(a, _Repeated) or isinstance(b, _Repeated):
        repeated, other = (a, b) if isinstance(a, _Repeated) else (b, a)
        if isinstance(other, sp.MatrixBase):
            if dot != "elementwise":
                raise Unparsed("𝟏bᵀ times a matrix: write the 𝟏 with its size, 𝟏_m")
            return _times(_sized(repeated, other), other, dot)
        return _Repeated(repeated.row, repeated.scale * other)
    if isinstance(a, _Unit) and not isinstance(b, (sp.MatrixBase, _Ones, _Eye, _Repeated, _Unit)):
        return _Unit(a.index, a.scale * b)
    if isinstance(b, _Unit) and not isinstance(a, (sp.MatrixBase, _Ones, _Eye, _Repeated, _Unit)):
        return _Unit(b.index, b.scale * a)
    if isinstance(a, (_Ones, _Unit)) or isinstance(b, (_Ones, _Unit)):
        raise Unparsed("𝟏 or e_k in a product whose other factor gives it no size: write 𝟏_m")
    a_matrix, b_matrix = isinstance(a, sp.MatrixBase), isinstance(b, sp.MatrixBase)
    if not (a_matrix and b_matrix):
        return a * b
    if dot == "elementwise":
        if a.shape != b.shape:
            raise ShapeError(f"the entrywise product of a {_shape(a)} and a {_shape(b)} value")
        return a.multiply_elementwise(b)
    if dot is True and a.shape == b.shape and 1 in a.shape:  # x · y: the dot product
        return sum(x * y for x, y in zip(a, b))
    if a.shape == b.shape and a.cols != b.rows:  # σ(z)(1 − σ(z)), A(1 − A): entrywise, as written in ML
        return a.multiply_elementwise(b)
    if a.cols != b.rows:
        raise ShapeError(f"a {_shape(a)} times a {_shape(b)} value")
    return a * b


def _shape(value) -> str:
    if not isinstance(value, sp.MatrixBase):
        return "scalar"
    return f"{value.rows}×{value.cols}"


def _display(node: ast.Name) -> str:
    text = ("\\hat{" + written(node.base) + "}" if node.hat else written(node.base))
    text += f"_{{{node.sub}}}" if node.sub else ""
    return text + (f"^{{({node.sup})}}" if node.sup else "")
