"""What a parsed side means in a Space, for a derivation that declares its own objects.

The primitives, each with its meaning next to it: a declared name is its grid of symbols; a defined
name (z = Wx + b) the value of its definition; L (J, ℓ) the loss the document defined; x^{(i)} the
i-th example (row i of X where X is declared); y_i and W_{ij} entries; juxtaposition the matrix
product, ``\\cdot`` the dot product of two vectors, ``\\odot`` the entrywise product; a scalar added
to a vector is added to each entry (1 - h); σ, tanh, ReLU, exp and log act entrywise, softmax on a
vector (on a matrix: each row, or each column, as a reading); ‖x‖² the sum of squares; 𝟙[z > 0]
the entrywise step; I and 𝟏 take the size the product needs (checks/sized.py). Examples out of a
batch are checks/batches.py's; the readings a step is judged under, checks/readings.py's.

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

import functools
import random
import re
from collections.abc import Mapping
from dataclasses import replace

import sympy as sp
from sympy.matrices.utilities import dotprodsimp

from checks import numeric, syntax as ast
from checks.applications import Application, Unclear, applied
from checks.batches import Batches, example_of, pinned
from checks.ellipsis import Dots, Matrix, expand_sized, repeated_run
from checks.errors import OutOfRange, ShapeError, Undeclared, Unmeant, Unparsed
from checks.notation import Function, Indexed, Map, Members, Stacked
from checks.readings import INDEX_WORD, Reading, examples_of, mentions
from checks.sized import Across, Eye, Ones, Repeated, Unit, plus, scalar, settled, shape, times
from checks.syntax import (MEMBER, argument_key, capital, display, family_key, index_parts, key_of, loss_key, walk,
                           written, written_key)
from derive.functions import Relu, Sigmoid

_OF_EXAMPLE = re.compile(r"(?:\\hat)?[A-Za-z]+(?:\^\(([a-z])\)|_([a-z]))")  # y^(i), \haty^(i), x_n: a loss's
# arguments at example i
_PARAMETERS_FIRST = re.compile(r"^\\?[A-Za-z]+(?:_[A-Za-z0-9]+)?;")  # the θ; of ℓ(θ; x_n, y_n)

MAX_EXPONENT = 100


def evaluate(node, reading: Reading):
    """The value of ``node`` in ``reading``: a SymPy scalar or matrix. ShapeError where shapes do
    not fit, Unparsed where a name or a notation has no meaning here."""
    value = _Evaluator(reading, {}).value(applied(node, reading.definitions), {})
    return settled(value)


def evaluate_sides(left, right, reading: Reading) -> tuple:
    """The values of both sides of a step in ``reading``, as ``evaluate`` gives each; one evaluator, so
    that a definition both sides use (a batch stacked from its examples) is computed once."""
    evaluator = _Evaluator(reading, {})
    return tuple(settled(evaluator.value(applied(side, reading.definitions), {})) for side in (left, right))


def holds_its_member(key: str, reading: Reading) -> bool:
    """Whether the declared batch ``key`` is read as a name the document defines for one example, at each
    example (P ∈ ℝ^{K×N} beside p = e^s / 𝟏ᵀe^s), its examples as rows or as columns: its values are then
    tied to the definitions."""
    try:
        return any(_Evaluator(replace(reading, batch_rows=rows), {})._stack_of_defined(key, {}) is not None
                   for rows in (True, False))
    except Unparsed:
        return False


LAID_OUT = "a derivative, laid out as the author may not"


def evaluate_repaired(node, reading: Reading):
    """(value, repairs): products whose shapes do not fit read with a transpose, each noted."""
    evaluator = _Evaluator(reading, {}, repair=True)
    value = settled(evaluator.value(applied(node, reading.definitions), {}))
    return value, tuple(evaluator.repairs)


class _Evaluator(Batches):
    def __init__(self, reading: Reading, overrides: dict, repair: bool = False, example: int = 1):
        self.reading, self.space, self.repair = reading, reading.space, repair
        self.repairs: list[str] = []
        self.overrides = overrides  # key → the symbols a defined name stands for while differentiated
        self.expanding: list[str] = []
        self.applying: list[str] = []  # the functions being applied, h_θ of h_θ(x)
        self.cache: dict[str, object] = {}
        self.ranges: dict[str, int] = {}  # index letter → how far the sum that binds it runs
        self.example = example  # the example a bare o beside a batch O stands for: i inside L_i, else the first
        self.shared = reading.shared if not overrides and not repair and example == 1 else None
        self.free_used = False  # whether a value computed since this was last reset read a free index
        self.of_free: set[str] = set()  # the keys in ``cache`` whose values read one

    def value(self, node, env: dict):
        method = getattr(self, "_" + type(node).__name__.lower(), None)
        if method is None:
            raise Unparsed(f"cannot read {type(node).__name__.lower()} in this derivation")
        return scalar(method(node, env))

    # leaves
    def _num(self, node: ast.Num, env):
        return sp.Rational(node.value)

    def _unclear(self, node: Unclear, env):
        argument = self.value(node.power.base, env) if isinstance(node.power, ast.Pow) else None
        if isinstance(argument, sp.MatrixBase) and argument.rows != argument.cols:  # 𝓘(β)^{-1}, β a vector:
            return self.value(ast.Pow(Application(node.function, node.power.base), node.power.exp), env)  # no β^{-1}
        function = written(node.function)
        raise Unparsed(f"{function}(…)^… reads as the power of {function}(…) or as {function} "
                       "at a power: which one is meant is not clear")

    def _map(self, node: Map, env):
        raise Unparsed(f"{node.name} is a map the document names but does not define")

    def _name(self, node: ast.Name, env):
        key = key_of(node)
        if node.sup and not (key in self.overrides or self.space.has(key)):
            return self._member(node, env)
        if (members := self._beside_members(node, env)) is not None:
            return members
        found = self._known(key, env)
        if found is not None:
            return found
        if node.sub:
            whole = key_of(ast.Name(node.base, None, node.hat))
            member = self._member_by_subscript(node, whole, env)
            if member is not None:
                return member
            indexed = self.reading.definitions.get(whole)
            if isinstance(indexed, Indexed) and whole not in self.overrides \
                    and not self._numbered_apart(whole, indexed):
                letters, parts = index_parts(indexed.var), index_parts(node.sub)
                if len(letters) == 2 and len(parts) == 1 and parts[0] in letters \
                        and not self.reading.subscript_examples:  # p_k beside p_{kn} = …: "fix n and drop it",
                    kept = parts[0]  # one example's entry k
                    return self.value(indexed.body, {kept: self._index_value(kept, env),
                                                     next(v for v in letters if v != kept): self.example})
                if len(letters) != len(parts):
                    raise Unparsed(f"{display(node)}: {node.base} is defined with {len(letters)} indices")
                if len(set(letters)) < len(letters):  # R_{nm} beside R_{nn} = …: an entry of the diagonal matrix
                    return self._entry(self._matrix_of(whole, indexed), node.sub, env, whole)
                return self.value(indexed.body, {v: self._class_or_index(p, env) for v, p in zip(letters, parts)})
            if node.base == "I" and node.sub in dict(self.space.sizes):  # I_d
                return sp.eye(self.space.size(node.sub))
            if node.base == "e" and not node.hat and not self._known("e", env):  # e_k, e_{y_i}
                return Unit(self._index_value(node.sub, env))
            vector = self._known(whole, env)
            two = len(index_parts(node.sub)) == 2 and ":" not in node.sub
            if vector is not None and (not isinstance(vector, sp.MatrixBase) or two and 1 in vector.shape) \
                    and self._batch(node, env) is not None:
                vector = None  # a = tanh(u) of one number, x ∈ ℝ^n, then a_{ik}, x_{ij}: the batch's entry
            if isinstance(vector, sp.MatrixBase) and min(vector.shape) > 1 and len(index_parts(node.sub)) == 1 \
                    and (columns := self._stacked(node)) is not None:  # θ_j beside θ stacking θ_1, …, θ_k
                return example_of(vector, self._index_value(node.sub, env), node, not columns)
            count = self.ranges.get(node.sub)
            if isinstance(vector, sp.MatrixBase) and 1 in vector.shape and count not in (None, len(vector)) \
                    and whole not in self.reading.definitions \
                    and isinstance(batch := self._batch(node, env), sp.MatrixBase) and batch.cols > 1:
                vector = None  # x ∈ ℝ^d beside X = [x_1, …, x_n], x_i under a sum to n: X's example i
            if vector is not None:
                if isinstance(vector, sp.MatrixBase) and 1 in vector.shape and count not in (None, len(vector)):
                    at_example = None if whole not in self.reading.definitions \
                        else self._defined_at_example(whole, self._index_value(node.sub, env), count, env)
                    if at_example is not None:
                        return at_example
                    raise Unparsed(f"{display(node)}: {node.sub} runs to {count} but {whole} has {len(vector)} "
                                   "entries (the n-th example's vector, p^{(n)}, is written so)")
                if not isinstance(vector, sp.MatrixBase) and len(index_parts(node.sub)) == 1 \
                        and self._has_examples(node):  # y ∈ {±1} beside its examples: y_1 is example 1's label
                    return self._member(ast.Name(node.base, None, node.hat, node.sub), env)
                return self._entry(vector, node.sub, env, whole)
            parts = index_parts(node.sub)
            batch = self._batch(node, env) if node.base.islower() and all(INDEX_WORD.fullmatch(p) for p in parts) \
                and len(parts) <= 2 else None
            if batch is not None and batch.cols > 1 and len(parts) == 1 \
                    and not self._picks_example(parts[0], batch, node):
                return self._entry(example_of(batch, self.example, node, self._rows_of(node)), node.sub, env,
                                   node.base)
            if batch is not None and batch.cols > 1 and len(parts) == 2 \
                    and (rows_first := self._entry_order(parts, batch, node)) is not None:
                return self._entry(batch, ",".join(parts if rows_first else parts[::-1]), env, node.base)
            if batch is not None and batch.cols > 1:  # x_n: the n-th example; x_{ik}: feature k of it
                example = example_of(batch, self._index_value(parts[0], env), node, self._rows_of(node))
                return self._entry(example, parts[1], env, node.base) if len(parts) == 2 else example
        if node.sub is None and node.sup is None and node.base.islower() \
                and node.base not in dict(self.space.sizes):  # o beside O: one example, its (m beside M: a size)
            batch = self._batch(node, env)  # superscript (i) dropped ("for one example, o = XW + b")
            if batch is not None and batch.cols > 1:
                return example_of(batch, self.example, node, self._rows_of(node))
        if node.sup is None and node.base.islower() and self._has_examples(node):
            example = self._member(ast.Name(node.base, None, node.hat, str(self.example)), env)
            if isinstance(example, sp.MatrixBase):  # x beside x^{(i)} ∈ ℝ^n: one example; y beside labels
                return self._entry(example, node.sub, env, node.base) if node.sub else example  # y_n: all of them
            family = self.reading.definitions.get(family_key(node))
            if node.sub is None and isinstance(family, Indexed):  # q beside q_i = σ(z_i), "q for the stacked vector"
                return self._stacked_members(node, family, env)
        if node.sub is None and node.sup is None and node.base.isupper() and len(node.base) == 1:
            lower = key_of(ast.Name(node.base.lower(), None, node.hat))  # Ŷ beside ŷ_{ij} = …: their matrix
            entries = self.reading.definitions.get(lower)
            if isinstance(entries, Indexed) and len(index_parts(entries.var)) == 2 and lower not in self.overrides:
                return self._matrix_of(lower, entries)
        if node.sub is None and not node.hat:
            if node.base == "I" and node.sup is None:  # λI beside X ∈ ℝ^{N×I}: the identity, whatever I also counts
                return Eye()
            if node.base in dict(self.space.sizes):  # 1/m: a size is a number in each Space
                return sp.Integer(self.space.size(node.base))
            if node.base == "e":
                return sp.E
            if node.base == "pi":  # \log(2\pi\sigma^2): the number, where the document gives π no value
                return sp.pi
            if node.base == "I":
                return Eye()
        raise Undeclared(f"{display(node)} is neither declared nor defined (declare it: "
                         f"${display(node)} \\in \\mathbb{{R}}^{{…}}$)", key, display(node))

    def _beside_members(self, node: ast.Name, env):
        """A bare name beside its members, one number for each example, is the column of them, so that the
        name and its members agree: y beside labels y_n ∈ {0, 1}, y itself only inferred (X^T(μ − y)) or not
        known at all, as long as inferred or as every sum over the examples runs; r ∈ ℝ^N beside r_n = …
        defined for each example, as long as declared. None for any other."""
        key = key_of(node)
        if node.sub or node.sup or key in self.overrides or key in self.reading.definitions:
            return None
        leaf, family = self.space.leaf(key), self.space.leaf(family_key(node))
        if isinstance(self.reading.definitions.get(family_key(node)), Indexed) and leaf is not None \
                and not leaf.inferred and leaf.cols == 1 and family_key(node) not in self.overrides:
            return self._column_of_members(node, self.space.size(leaf.rows), env)
        if family is None or family.inferred or (family.rows, family.cols) != (1, 1):
            return None
        if leaf is not None and leaf.inferred and leaf.cols == 1:
            return self._column_of_members(node, self.space.size(leaf.rows), env)
        if leaf is None and len(sizes := set(self.reading.index_ranges.values())) == 1 \
                and (size := sizes.pop()) in dict(self.space.sizes):  # y alone: as many as every sum runs to
            return self._column_of_members(node, self.space.size(size), env)
        return None

    def _column_of_members(self, node: ast.Name, count: int, env):
        """The column of the first ``count`` members of a family of numbers; None where they are not numbers."""
        members = [self._member(ast.Name(node.base, None, node.hat, str(i)), env) for i in range(1, count + 1)]
        numbers = [m[0, 0] if isinstance(m, sp.MatrixBase) and m.shape == (1, 1) else settled(m) for m in members]
        return None if any(isinstance(m, sp.MatrixBase) for m in numbers) else sp.Matrix(numbers)

    def _stacked_members(self, node: ast.Name, family: Indexed, env):
        """q beside q_i = σ(z_i), a number for each example i: the column of them, as many as the sums over i
        run to."""
        count = self._range_of(family.var)
        column = self._column_of_members(node, count, env) if count is not None else None
        if column is None:
            raise Unparsed(f"{display(node)} beside {display(node)}_{family.var}, a number for each {family.var}: "
                           f"how many, the sums over {family.var} do not say, or they are not numbers")
        return column

    def _member_by_subscript(self, node: ast.Name, whole: str, env):
        """q_1, q_N, q_i beside q_i = σ(z_i), a family of numbers the document defines (or declares, for
        q_1 and q_N): its member, never an entry of a Q defined as something else (Q = diag(…))."""
        family = family_key(node)
        if node.sup is not None or whole in self.reading.definitions or whole in self.overrides \
                or self.space.has(whole):
            return None
        last = node.sub.isdigit() or node.sub in dict(self.space.sizes)
        if last and (family in self.reading.definitions or any(leaf.key == family for leaf in self.space.leaves)):
            return self._member(ast.Name(node.base, None, node.hat, node.sub), env)
        body = self.reading.definitions.get(family)
        if INDEX_WORD.fullmatch(node.sub) and isinstance(body, Indexed) and not isinstance(body.body, Indexed):
            try:
                member = self._member(ast.Name(node.base, None, node.hat, node.sub), env)
            except OutOfRange:  # o_j beside o^{(i)} = Wᵀx^{(i)}: entry j of one example, as before
                return None
            return None if isinstance(member, sp.MatrixBase) else member
        return None

    def _has_examples(self, node: ast.Name) -> bool:
        """Whether the examples x^{(i)} of a bare x are declared, defined, or inferred as long as
        another name (θ in θᵀx^{(i)}); an inferred length no other name shares is only the default
        that makes an undeclared lowercase name a column, and says nothing of the bare x."""
        family = family_key(node)
        leaf = self.space.leaf(family)
        if leaf is not None and leaf.inferred:
            return any(other is not leaf and leaf.rows in (other.rows, other.cols) for other in self.space.leaves)
        return leaf is not None or isinstance(self.reading.definitions.get(family), Indexed)

    def _entry_order(self, parts: list[str], batch, node: ast.Name) -> bool | None:
        """Whether x_{ab} is the batch's entry (a, b) (True) or (b, a) (False): as the sums that bind
        a and b say (y_{ji}, j to C, of Y ∈ ℝ^{C×N}: a runs over the rows, or b over the columns, of a
        batch that is not square), else (a, b) where the document says how the batch is stacked;
        None where neither says, and both readings stand."""
        first, second = (self._range_of(p) for p in parts)
        if batch.rows != batch.cols and (first == batch.rows or second == batch.cols):
            return True
        if batch.rows != batch.cols and (first == batch.cols or second == batch.rows):
            return False
        return True if self._stacked(node) is not None else None

    def _known(self, key: str, env):
        if key in self.overrides:
            return self.overrides[key]
        if key in self.reading.definitions:
            body = self.reading.definitions[key]
            if isinstance(body, Function) and body.entries is not None:  # s beside s(γ) and s_i = s(X_i · w)
                return self._whole(key, body.entries)
            if isinstance(body, Function) and self.space.has(body.parameter):
                return self._at(body, self._known(body.parameter, env))  # f of f(β), β declared: f(β)
            if isinstance(body, Function):
                raise Unparsed(f"{key} is a function the document defines: give it its argument")
            if isinstance(body, Indexed) and isinstance(body.body, ast.Indicator) and self.space.has(key) \
                    and self.space.leaf(key) is not None and self.space.leaf(key).one_hot:
                return self.space.value(key)  # Y ∈ {0,1}^{K×N} with Y_{kn} = 𝟙[y^{(n)} = k]: Y's one-hot values
            if isinstance(body, Indexed):
                return self._whole(key, body)
            if isinstance(body, Members):
                return self._members(key, body, env)
            if isinstance(body, Stacked):
                return self._stack_at_examples(key, body, env)
            return self._defined(key, body, env)
        if self.space.has(key):
            stacked = self._stack_of_examples(key, env)
            if stacked is None:
                stacked = self._stack_of_defined(key, env)
            return self.space.value(key) if stacked is None else stacked
        return None

    def _members(self, key: str, body: Members, env):
        """q = (q_1, …, q_n)ᵀ: each member as its family gives it (while they are taken, q is no batch of
        its own members); a declared q, its own values."""
        if self.space.has(key):  # y ∈ ℝ^N declared too: its entries are its members
            return self.space.value(key)
        if key in self.expanding:
            return None
        count = int(body.count) if body.count.isdigit() else self.space.size(body.count)
        name = ast.Name(key.removesuffix("^"), None, key.endswith("^"))
        self.expanding.append(key)
        try:
            return sp.Matrix([settled(self._member(replace(name, sup=str(k)), env)) for k in range(1, count + 1)])
        finally:
            self.expanding.pop()

    def _prob(self, node: ast.Prob, env):
        """p(y^{(i)} = l | x^{(i)}; θ): the model's probability the document defined, at class l; p(t | w),
        a likelihood the document defined, as it is written."""
        if node.outcome and f"prob:{node.outcome}" in self.reading.definitions:
            return self.value(self.reading.definitions[f"prob:{node.outcome}"], env)
        body = self.reading.definitions.get(f"prob:{node.event}")
        if not node.event or not isinstance(body, Indexed):
            raise Unparsed("a probability the document does not define (write p(y = j | x) = …)")
        return self.value(body.body, {**env, body.var: self._class_or_index(node.outside, env)})

    def _stack_at_examples(self, key: str, body: Stacked, env):
        """Δ = [δ_1, …, δ_n]: δ, defined for one example, at each example of the batch."""
        count = int(body.count) if body.count.isdigit() else self.space.size(body.count)
        members = [self._defined_at_example(body.name, i, count, env) for i in range(1, count + 1)]
        if not all(isinstance(m, sp.MatrixBase) and m.cols == 1 for m in members):
            raise Unparsed(f"{key} stacks {body.name} at each example, and no batch holds {count} of them")
        stack = sp.Matrix.hstack(*members)
        return stack if body.across else stack.T

    def _stack_of_examples(self, key: str, env):
        """A declared batch whose examples the document defines (q^{(j)}_k = …, "stacked as Q"): those
        examples side by side, or one under another where the batch holds them as rows; None for any other."""
        family = examples_of(key)
        declared = self.space.value(key)
        if family not in self.reading.definitions or family in self.overrides or key in self.expanding \
                or not isinstance(declared, sp.MatrixBase):
            return None
        return self._kept(key, lambda: self._stacked_examples(key, declared, env))

    def _stacked_examples(self, key: str, declared, env):
        rows = self._rows_of(ast.Name(key.lower(), None, False, "i"))
        count, length = declared.shape if rows else declared.shape[::-1]
        self.expanding.append(key)
        try:
            members = [self._member(ast.Name(key.lower(), None, False, str(i)), env) for i in range(1, count + 1)]
        finally:
            self.expanding.pop()
        members = [sp.Matrix(length, 1, lambda k, _: m.scale if k + 1 == m.index else 0) if isinstance(m, Unit)
                   else m for m in members]  # t^{(j)} = e_{y_j}: as long as T's columns
        if not all(isinstance(m, sp.MatrixBase) and m.shape == (length, 1) for m in members):
            return None
        stack = sp.Matrix.hstack(*members)
        return stack.T if rows else stack

    def _defined(self, key: str, body, env):
        if key in self.expanding:  # (never cached yet: a value is kept once its expansion ends)
            raise Unparsed(f"{written_key(key)} is defined in terms of itself")
        return self._kept(key, lambda: self._expanded(key, body))

    def _expanded(self, key: str, body):
        self.expanding.append(key)
        try:
            return self.value(body, {})  # a definition's indices are its own: bound inside it
        finally:
            self.expanding.pop()

    def _free(self) -> Mapping[str, int]:
        self.free_used = True
        return self.reading.free

    def _kept(self, key: str, compute):
        """The value of ``key``: as kept in this evaluator's cache, else ``compute()``, then kept; at the top
        of an evaluation (nothing being expanded, applied or summed) and where it read no free index, kept
        for the step's other readings too: the free indices' values are all that tells them apart."""
        if key in self.cache:
            return self._cached(key)
        top = self.shared is not None and not self.expanding and not self.applying and not self.ranges
        if top and key in self.shared:
            self.cache[key] = self.shared[key]
            return self.cache[key]
        used, self.free_used = self.free_used, False
        try:
            value = compute()
        finally:
            used, self.free_used = self.free_used, used or self.free_used
        if value is not None:
            self.cache[key] = value
            if used:
                self.of_free.add(key)
            elif top:
                self.shared[key] = value
        return value

    def _cached(self, key: str):
        self.free_used = self.free_used or key in self.of_free
        return self.cache[key]

    def _whole(self, key: str, body: Indexed):
        """The vector or matrix of a name defined entry by entry, worked out once per evaluator."""
        return self._kept(key, lambda: self._entries_of(key, body))

    def _numbered_apart(self, key: str, body: Indexed) -> bool:
        """Whether a declared vector is longer than its definition entry by entry reaches (z ∈ ℝ^{D+1}
        beside z_j = max(0, a_j), a ∈ ℝ^D: z = [1, z_1, …, z_D]ᵀ, numbered from 0, which this reader does
        not follow). Its declared entries are then its value, whole and each, so that z and z_j agree."""
        return len(index_parts(body.var)) == 1 and self.space.has(key) \
            and self._whole(key, body) is self.space.value(key)

    def _entries_of(self, key: str, body: Indexed):
        """The whole vector of a name defined entry by entry, as long as its declaration says."""
        if len(index_parts(body.var)) > 1:
            return self._matrix_of(key, body)
        if not self.space.has(key):  # ŷ_i = e^{z_i} / Σ_j e^{z_j}: as long as z
            length = next(_lengths(body.body, body.var, self, {}), None)
            if length is None:
                raise Unparsed(f"{key} is defined entry by entry: declare its size to use it whole")
            return sp.Matrix([self.value(body.body, {body.var: i}) for i in range(1, length + 1)])
        rows, cols = self.space.value(key).shape if isinstance(self.space.value(key), sp.MatrixBase) else (1, 1)
        if cols != 1:
            raise Unparsed(f"{key} is defined entry by entry but declared a matrix")
        try:
            return sp.Matrix([self.value(body.body, {body.var: i}) for i in range(1, rows + 1)])
        except OutOfRange:  # z = [1, z_1, …, z_D]ᵀ ∈ ℝ^{D+1} beside z_j = max(0, a_j): numbered from 0, which
            return self.space.value(key)  # this reader does not follow; the declared entries, as given

    def _indexed(self, node: Indexed, env):
        """The vector an example's entries make, q^{(j)}_k = … for each k: as long as the vectors k
        indexes in the definition."""
        length = next(_lengths(node.body, node.var, self, env), None)
        if length is None:
            raise Unparsed("an example's vector is defined entry by entry: how far its index runs is not clear")
        return sp.Matrix([self.value(node.body, {**env, node.var: i}) for i in range(1, length + 1)])

    def _matrix_of(self, key: str, body: Indexed):
        """The matrix of a name defined by its entries, p_{ij} = …: as many rows and columns as the
        vectors each index runs over in the definition."""
        letters = index_parts(body.var)
        declared = self.space.value(key) if self.space.has(key) else None  # Y ∈ {0,1}^{K×N}, Y_{kn} = 𝟙[…]
        rows, cols = declared.shape if isinstance(declared, sp.MatrixBase) else \
            (next(_lengths(body.body, letter, self, {}), self._range_of(letter)) for letter in letters)
        if rows is None or cols is None:
            raise Unparsed(f"{key} is defined entry by entry: how far its indices run is not clear")
        if letters[0] == letters[1]:  # R_{nn} = y_n(1 − y_n): zero off the diagonal
            return sp.diag(*[self.value(body.body, {letters[0]: i}) for i in range(1, rows + 1)])
        return sp.Matrix(rows, cols, lambda i, j: self.value(body.body, dict(zip(letters, (i + 1, j + 1)))))

    def _entry(self, value, sub: str, env, key: str):
        if isinstance(value, Eye) and not value.tail and len(index_parts(sub)) == 2:  # D_{jl}, D = diag(0, 1, …, 1)
            row, col = (self._index_value(p, env) for p in index_parts(sub))
            return 0 if row != col else value.head[row - 1] if row <= len(value.head) else value.scale
        if not isinstance(value, sp.MatrixBase):
            raise Unparsed(f"{key} is a scalar: it has no entry {sub}")
        texts = index_parts(sub)
        if len(texts) == 2 and ":" in texts and texts != [":", ":"]:  # F_{i,:}: row i; F_{:,j}: column j
            index = self._index_value(texts[1] if texts[0] == ":" else texts[0], env)
            count = value.cols if texts[0] == ":" else value.rows
            if not 1 <= index <= count:
                raise OutOfRange(f"{key} has no {'column' if texts[0] == ':' else 'row'} {index}")
            return value.col(index - 1) if texts[0] == ":" else value.row(index - 1)
        parts = [self._index_value(p, env) for p in texts]
        if len(parts) == 1 and 1 in value.shape:
            index = parts[0]
            if not 1 <= index <= len(value):
                raise OutOfRange(f"{key} has no entry {index}")
            return value[index - 1]
        if len(parts) == 2:
            i, j = parts
            if not (1 <= i <= value.rows and 1 <= j <= value.cols):
                raise OutOfRange(f"{key} has no entry ({i}, {j})")
            return value[i - 1, j - 1]
        raise Unparsed(f"cannot read {key}_{{{sub}}} as an entry of a {value.rows}×{value.cols} value")

    def _index_value(self, text: str, env) -> int:
        if text in env:
            return env[text]
        if text.isdigit():
            return int(text)
        if text in self._free():
            return self.reading.free[text]
        if text in dict(self.space.sizes):  # x^{(N)}: the last example
            return self.space.size(text)
        raise Unparsed(f"the index {text} has no value here (bind it by a sum)")

    # operators
    def _add(self, node: ast.Add, env):
        total = self.value(node.terms[0], env)
        for term in node.terms[1:]:
            total = plus(total, self.value(term, env))
        return total

    def _neg(self, node: ast.Neg, env):
        return times(sp.Integer(-1), self.value(node.arg, env), False)

    def _mul(self, node: ast.Mul, env):
        node = self._averaged(node, env)
        if "elementwise" in node.dots and False in node.dots:  # y ⊙ Xθ: y ⊙ (Xθ), as ML writes it
            try:
                return self._hadamard_of_products(node, env)
            except ShapeError:
                pass  # (δ ⊙ σ'(z)) xᵀ: the only reading that fits is from left to right
        total = self.value(node.factors[0], env)
        for count, (factor, dot) in enumerate(zip(node.factors[1:], node.dots), 1):
            right = self.value(factor, env)
            try:
                total = times(total, right, dot)
            except ShapeError:
                if not self.repair:
                    raise
                total = self._repaired(total, right, dot, (self._derivative(node.factors[:count]),
                                                           self._derivative(factor)))
        return total

    def _derivative(self, node) -> bool:
        """Whether ``node`` is or goes through a derivative (∂L/∂e, δ := ∂L/∂z), whose layout is this reader's."""
        return mentions(node, self.reading, lambda n: isinstance(n, ast.Deriv), entries=True)

    def _averaged(self, node: ast.Mul, env) -> ast.Mul:
        """\\frac{1}{N}\\sum_i L_i: a mean, so i runs over the N examples, where N is a size. Not where the
        terms say how far the index runs: in \\frac1m\\sum_j G_{ij}W_{rj}, W of h columns, 1/m only scales."""
        factors = list(node.factors)
        for k in range(len(factors) - 1):
            mean, total = factors[k], factors[k + 1]
            if isinstance(mean, ast.Div) and mean.num == ast.Num("1") and isinstance(mean.den, ast.Name) \
                    and mean.den.base in dict(self.space.sizes) and mean.den.sub is None \
                    and isinstance(total, ast.Sum) and not total.upper \
                    and self._length_said_by_terms(total, env) in (None, self.space.counted(mean.den.base)):
                factors[k + 1] = replace(total, upper=mean.den.base)
        return node if factors == list(node.factors) else ast.Mul(tuple(factors), node.dots)

    def _length_said_by_terms(self, total: ast.Sum, env) -> int | None:
        """How far the terms of a sum without limits say its index runs; None where they do not say."""
        try:
            return next(_lengths(total.body, total.var, self, env), None)
        except (Unparsed, ShapeError, OutOfRange):
            return None

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
        if node.function in self.applying:  # κ(AᵀA) = σ₁²/σₙ² = κ(A)², its last side read as its value
            raise Unparsed(f"{written(node.function)} is defined in terms of itself")
        argument = settled(self.value(node.argument, env))
        at = (lambda f, a: self._derivative_at(f, a, node.derivative)) if node.derivative else self._at
        self.applying.append(node.function)
        try:
            return at(function, argument)
        except ShapeError:
            if not isinstance(argument, sp.MatrixBase):
                raise
            if node.derivative and self._to_a_number(function, argument):  # S(w) = ‖Aw‖², then S'(w), S''(w)
                return self._gradient_at(function, argument, node)
            entries = [at(function, entry) for entry in argument]  # g(Xθ): g of each entry, when
            if any(isinstance(e, sp.MatrixBase) for e in entries):  # g is a function of a number
                raise
            return sp.Matrix(argument.rows, argument.cols, entries)
        finally:
            self.applying.pop()

    def _gradient_at(self, function: Function, argument, node: Application):
        """V'(θ) and V''(θ) of a function that takes a vector whole to a number: its gradient and its Hessian
        at the argument, as Ljung and other texts write them."""
        if argument.cols != 1 or node.derivative > 2:
            raise Unparsed(f"{written(node.function)}' of a function of a matrix, or a third derivative, is not read")
        fresh = sp.Matrix(argument.rows, 1, lambda i, _: sp.Dummy(f"t{i}"))
        value = settled(self._at(function, fresh))
        gradient = sp.Matrix([sp.diff(value, t) for t in fresh])
        result = gradient if node.derivative == 1 else gradient.jacobian(fresh)
        return result.xreplace(dict(zip(fresh, argument)))

    def _to_a_number(self, function: Function, argument) -> bool:
        """Whether ``function`` takes the vector or matrix ``argument`` whole to a number (not entry by entry)."""
        try:
            return not isinstance(settled(self._at(function, argument)), sp.MatrixBase)
        except ShapeError:
            return False

    def _at(self, function: Function, argument):
        inner = _Evaluator(self.reading, {**self.overrides, function.parameter: argument}, self.repair)
        inner.applying = self.applying  # a function applied inside its own body is no value
        value = inner.value(function.body, {})
        self.repairs += inner.repairs
        return value

    def _derivative_at(self, function: Function, argument, order: int):
        """``g'(z)``, ``g''(z)``: a derivative of a function of a number the document defines, at z."""
        if isinstance(argument, sp.MatrixBase):
            raise ShapeError("the derivative g' of a function at a vector or matrix")
        pure = all(not isinstance(n, (ast.Name, Application)) or n == ast.Name(function.parameter, None, False)
                   for n in walk(function.body))  # g(t) = 1/(1 + e^{−t}): the same derivative in any step
        if not pure or (function, order) not in _DERIVATIVES:
            number = sp.Dummy("t")
            body = self._at(function, number)
            if isinstance(body, sp.MatrixBase):
                raise Unparsed("g'(z) of a function whose value is no number is not read")
            if not pure:
                return sp.diff(body, number, order).xreplace({number: argument})
            if len(_DERIVATIVES) > 256:  # a process that verifies a whole class keeps only recent documents'
                _DERIVATIVES.clear()
            _DERIVATIVES[(function, order)] = number, sp.diff(body, number, order)
        number, derivative = _DERIVATIVES[(function, order)]
        return derivative.xreplace({number: argument})

    def _repaired(self, a, b, dot, derivatives: tuple[bool, bool] = (False, False)):
        """A product whose shapes do not fit, read with a transpose, and the reading noted; ``derivatives``:
        whether the left and the right factor go through a derivative, whose layout may be the author's."""
        a_t, b_t = (v.T if isinstance(v, sp.MatrixBase) else v for v in (a, b))  # a number is its own transpose
        for note, (x, y), turned in (("the right factor", (a, b_t), derivatives[1]),
                                     ("the left factor", (a_t, b), derivatives[0]),
                                     ("both factors", (a_t, b_t), any(derivatives))):
            try:
                value = times(x, y, dot)
            except ShapeError:
                continue
            self.repairs.append(f"a {shape(a)} times a {shape(b)} value read with {note} transposed"
                                + (f" ({LAID_OUT})" if turned else ""))
            return value
        raise ShapeError(f"a {shape(a)} times a {shape(b)} value, under any transpose")

    def _div(self, node: ast.Div, env):
        num, den = self.value(node.num, env), self.value(node.den, env)
        if num == 1 and _logistic_argument(den) is not None:  # 1/(1 + e^{−t}) is σ(t): kept whole
            return Sigmoid(_logistic_argument(den))
        if isinstance(den, sp.MatrixBase):
            if isinstance(num, sp.MatrixBase) and num.shape == den.shape:  # y / ŷ: entrywise
                return num.multiply_elementwise(den.applyfunc(lambda e: 1 / _nonzero(e)))
            raise ShapeError(f"division by a {shape(den)} value")
        return times(num, 1 / _nonzero(den), False)

    def _pow(self, node: ast.Pow, env):
        base, exponent = self.value(node.base, env), self.value(node.exp, env)
        if not isinstance(exponent, sp.MatrixBase) and not exponent.is_number and not isinstance(base, sp.MatrixBase):
            return base ** exponent  # a likelihood's h^{y}(1 − h)^{1 − y}
        if isinstance(exponent, sp.MatrixBase) or not exponent.is_number:
            raise Unparsed("only a number may stand in an exponent here")
        if abs(exponent) > MAX_EXPONENT:
            raise Unparsed("the exponent is too large")
        if not isinstance(base, sp.MatrixBase):
            return _nonzero(base) ** exponent if exponent < 0 else base ** exponent
        if exponent == -1 and base.rows == base.cols:
            return _inverse(base)
        if base.rows == base.cols and base.is_diagonal():  # S^{1/2}, W^{-1/2}: a diagonal's power is its entries'
            return sp.diag(*[_nonzero(base[i, i]) ** exponent if exponent < 0 else base[i, i] ** exponent
                             for i in range(base.rows)])
        if base.rows != base.cols:  # h², A²: the entries squared, the only reading that type-checks
            return base.applyfunc(lambda e: e ** exponent)
        raise OutOfRange(f"a power of a {shape(base)} matrix: the product or the entries squared "
                          "(write the product or ⊙)")

    def _transpose(self, node: ast.Transpose, env):
        value = self.value(node.arg, env)
        if isinstance(value, Ones):
            return replace(value, row=not value.row)
        if isinstance(value, Repeated):
            return value if value.row is None else Across(value.row.T)
        if isinstance(value, Across):
            return Repeated(value.column.T)
        if isinstance(value, Eye):
            return value
        if isinstance(value, Unit):
            return replace(value, row=not value.row)
        return value.T if isinstance(value, sp.MatrixBase) else value

    def _call(self, node: ast.Call, env):
        if isinstance(node.arg, Matrix) and node.func == "diag":  # diag(1 - h_1^2, …, 1 - h_d^2)
            run = repeated_run(node.arg.rows[0]) if len(node.arg.rows) == 1 else None
            if run is not None:  # diag(0, 1, …, 1): as large as what it meets
                head, fill, tail = ([settled(self.value(e, env)) for e in part] for part in (run[0], [run[1]], run[2]))
                if any(isinstance(e, sp.MatrixBase) for e in [*head, *fill, *tail]):
                    raise Unparsed("diag of a listing of vectors or matrices is not read")
                return Eye(fill[0], tuple(head), tuple(tail))
            return sp.diag(*[settled(self.value(entry, env)) for entry in self._listing(node.arg)])
        arg = settled(self.value(node.arg, env))
        func = node.func
        if func in ("softmax", "logsoftmax"):
            return _softmax(arg, self.reading.batch_rows, log=func == "logsoftmax")
        if func == "diag":
            if not isinstance(arg, sp.MatrixBase) or 1 not in arg.shape:
                raise ShapeError("diag of something that is not a vector")
            return sp.diag(*arg)
        if func == "det":
            if isinstance(arg, sp.MatrixBase) and arg.rows != arg.cols:
                raise ShapeError("the determinant of a matrix that is not square")
            return arg.det() if isinstance(arg, sp.MatrixBase) else arg
        if func == "tr":
            if not isinstance(arg, sp.MatrixBase):  # gᵀh, a number: its own trace
                return arg
            if arg.rows != arg.cols:
                raise ShapeError("the trace of a matrix that is not square")
            return arg.trace()
        apply = _ENTRYWISE.get(func)
        if apply is None:
            raise Unparsed(f"cannot read the function {func}")
        return arg.applyfunc(apply) if isinstance(arg, sp.MatrixBase) else apply(arg)

    def _listing(self, node: Matrix) -> list:
        if len(node.rows) != 1:
            raise Unparsed("a listing of entries is read in one row only")
        sizes = dict(self.space.sizes)
        return expand_sized(node.rows[0], sizes.get)

    def _matrix(self, node: Matrix, env):
        """A matrix written entry by entry, each entry a number (a worked example's AᵀA)."""
        if any(isinstance(entry, Dots) for row in node.rows for entry in row) or len({len(r) for r in node.rows}) != 1:
            raise Unparsed("a matrix written with an ellipsis, or with rows of different lengths, is not read")
        entries = [[settled(self.value(entry, env)) for entry in row] for row in node.rows]
        if any(isinstance(entry, sp.MatrixBase) for row in entries for entry in row):
            raise Unparsed("a matrix of blocks is not read")
        return sp.Matrix(entries)

    def _step(self, node: ast.Step, env):
        arg = settled(self.value(node.arg, env))  # 𝟙[z > 0]: 0 at 0, where step(max(U, 0)) often stands
        at_zero = 1 if node.closed else 0  # 𝟙[h ≥ 0] of h = max(z, 0): 1 everywhere
        return arg.applyfunc(lambda x: sp.Heaviside(x, at_zero)) if isinstance(arg, sp.MatrixBase) \
            else sp.Heaviside(arg, at_zero)

    def _norm(self, node: ast.Norm, env):
        arg = settled(self.value(node.arg, env))
        if node.single and isinstance(arg, sp.MatrixBase) and arg.rows == arg.cols > 1:
            raise Unparsed(f"|{display(node.arg)}| of a square matrix: its determinant or a norm, which one is "
                           "not clear (write \\det)")
        entries = list(arg) if isinstance(arg, sp.MatrixBase) else [arg]
        return sp.sqrt(sum(e ** 2 for e in entries))

    def _ones(self, node: ast.Ones, env):
        if node.size is None:
            return Ones()
        if node.size not in dict(self.space.sizes):
            raise Unparsed(f"𝟏_{node.size}: {node.size} is not a declared size")
        return sp.ones(self.space.size(node.size), 1)

    def _index(self, node: ast.Index, env):
        value = self.value(node.arg, env)
        if isinstance(value, Unit) and len(index_parts(node.sub)) == 1:  # (e_y)_k: 1 where k is y
            return value.scale * int(self._index_value(node.sub, env) == value.index)
        return self._entry(settled(value), node.sub, env, "(…)")

    def _indicator(self, node: ast.Indicator, env):
        # δ = ∂L/∂Z, then δ_{nk} is its entry; beside a matrix Δ, that is one of two readings
        if node.delta and (self._known("delta", env) is not None or self.reading.delta_entries):
            return self._name(ast.Name("delta", f"{node.left},{node.right}", False), env)
        left, right = self._class_or_index(node.left, env), self._class_or_index(node.right, env)
        return sp.Integer(int((left == right) == node.equal))

    def _class_or_index(self, text: str, env) -> int:
        """An index's value, or for y^(i) (y_i in P_{i y_i}), the label of example i, its class: where
        its one 1 stands."""
        labelled = re.fullmatch(r"([a-z])_([a-z0-9])", text)
        member = MEMBER.fullmatch(text) or (labelled if labelled and text not in env and text not in self._free()
                                            else None)
        if not member:
            return self._index_value(text, env)
        label = settled(self.value(ast.Name(member.group(1), None, False, member.group(2)), env))
        entries = list(label) if isinstance(label, sp.MatrixBase) and 1 in label.shape else []
        if not all(e in (0, 1) for e in entries) or entries.count(1) != 1:
            raise Unparsed(f"{member.group(1)}^{{({member.group(2)})}} in an indicator is read only as a one-hot label")
        return entries.index(1) + 1

    def _loss(self, node: ast.Loss, env):
        key = loss_key(node)
        data = tuple(_PARAMETERS_FIRST.sub("", arg) for arg in node.args)  # ℓ(θ; x_n, y_n): the data after ;
        members = {m.group(1) or m.group(2) for arg in data if (m := _OF_EXAMPLE.fullmatch(arg))}
        if data and node.example is None and len(members) == 1 and all(_OF_EXAMPLE.fullmatch(a) for a in data):
            node = replace(node, args=(), example=members.pop())  # l(y^{(i)}, ŷ^{(i)}): l of example i
        own = _argument_keys(self.reading.definitions.get(key))
        for arg in node.args:  # J(w^*), J(θ + εe): the loss at another point than its variables
            if arg in ("", "i") or argument_key(arg) in own:
                continue
            named = lambda n, k=argument_key(arg): _named(n, k, self.reading)  # noqa: E731
            if not self.space.has(arg.lstrip("\\")) or key in self.reading.definitions and not mentions(
                    self.reading.definitions[key], self.reading, named, entries=True):  # L(v) of L(w) = …
                raise Unparsed(f"the loss at {arg}, another point than its variables: not read")
        indexed = self.reading.definitions.get(key)
        if node.example is not None and isinstance(indexed, Indexed):
            return self._of_example(indexed, self._index_value(node.example, env))
        if node.example is not None:
            return self._loss_of_example(key, self._index_value(node.example, env), env)
        if isinstance(indexed, Indexed):  # L_i = …: the loss of example i; of the first, if no sum binds i
            bound = indexed.var in env or indexed.var in self._free()
            return self._of_example(indexed, self._index_value(indexed.var, env) if bound else 1)
        found = self._known(key, env)
        whole = loss_key(ast.Loss("", node.args, node.letter))
        if found is None and len(node.name) == 1 and node.name.islower() and whole in self.reading.definitions:
            return self._loss_of_example(whole, self._index_value(node.name, env), env)  # ℓ_i: ℓ of example i
        if found is None:
            raise Unparsed("the loss is not defined in this document (write L = …)")
        return found

    def _sum(self, node: ast.Sum, env):
        count, values = self._indices(node, env)
        total, outer = None, self.ranges.get(node.var)
        self.ranges[node.var] = count
        try:
            for value in values:
                term = self.value(node.body, {**env, node.var: value})
                total = term if total is None else plus(total, term)
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
        if node.origin == 0:
            self._from_zero(node)
        count = self._range(node, env)
        left_out = {self._index_value(x, env) for x in node.excluded}
        return count, [v for v in range(1, count + 1) if v not in left_out]

    def _from_zero(self, node: ast.Sum) -> None:
        """A sum from 0 (\\sum_{j=0}^{n} \\theta_{ij}^2) numbers from 0 the entries of the declared names it
        indexes, its j = 0 their first. A name defined entry by entry may number its own from 1 (z_j = max(0,
        a_j) for j = 1, …, D, beside z_0 = 1), and a label or an example compared with j has a number of its
        own: read so, a value would be another entry's, so such a sum is not read."""
        for item in walk(node.body):
            if isinstance(item, ast.Name) and item.sub and node.var in index_parts(item.sub):
                key = key_of(ast.Name(item.base, None, item.hat))
                if self.space.has(key) and key not in self.reading.definitions:
                    continue
            elif not (isinstance(item, ast.Name) and node.var in (item.base, item.sup)
                      or isinstance(item, ast.Indicator) and node.var in (item.left, item.right)
                      or isinstance(item, ast.Index) and node.var in index_parts(item.sub)):
                continue
            what = display(item) if isinstance(item, ast.Name) else "a value"
            raise Unparsed(f"a sum from {node.var} = 0 over {what} that may number its entries from 1")

    def _range(self, node: ast.Sum, env) -> int:
        """How many values the index takes: \\sum_{i=1}^{m} m of them, \\sum_{j=0}^{n} n + 1 (its entries are
        numbered from 0, the first of them j = 0)."""
        last = self.space.counted(node.upper) if node.upper else None
        if last is not None:
            return last + 1 - node.origin
        if not node.upper:  # \sum_i y_i log ŷ_i: as far as the vector indexed by i goes
            for length in _lengths(node.body, node.var, self, env):
                return length
        raise Unparsed(f"cannot tell how far the sum over {node.var} runs"
                       + (f" ({node.upper} is not a declared size)" if node.upper else ""))

    def _deriv(self, node: ast.Deriv, env):
        if node.second is not None:
            return self._hessian(node, env)
        wrt, fresh, back = self._variable(node.var, env)
        result = _derivative(self._differentiated(node, wrt, fresh, back, env), wrt, self.reading.entrywise)
        return result.xreplace(back) if back else result

    def _hessian(self, node: ast.Deriv, env):
        wrt, fresh, back = self._variable(node.var, env)
        other, second, _ = self._variable(node.second, env)
        if fresh.keys() != second.keys():  # ∂²/∂o_j² through o = XW + b is read; ∂²/∂z∂W is not
            raise Unparsed("a second derivative by a defined name and another name is not supported")
        result = _second_derivative(self._differentiated(node, wrt, fresh, back, env), wrt, other)
        return result.xreplace(back) if back else result

    def _differentiated(self, node: ast.Deriv, wrt, fresh: dict, back: dict, env):
        """The value of what ``node`` differentiates, each defined name it is taken by given its
        fresh symbols (the chain rule through z = Wx + b). A value that does not depend on the
        variable at all (on no entry of W, for ∂/∂W_{jk}) is a reading the author cannot have meant:
        they would not write the derivative; it is unparsed, never 0."""
        body = self._body_value(node, fresh, env)
        if back and not _has_any(body, back) and (alone := self._its_example(node, fresh, back, env)):
            body = self._body_value(node, {**fresh, **alone}, env)
        if back and not _has_any(body, back):  # ∂J/∂A where J never names A: 0, or J of A's value?
            body = _in_terms_of(body, back)
        if back and not _has_any(body, back):
            raise Unmeant(f"the derivative by {display(node.var)}, which the expression does not name "
                           "(write it in terms of the name to have it checked)")
        whole = self._known(key_of(ast.Name(node.var.base, None, node.var.hat)), env) if node.var.sub else None
        symbols = [e for e in _entries(whole if isinstance(whole, sp.MatrixBase) else wrt) if isinstance(e, sp.Symbol)]
        if not back and symbols and not _has_any(body, symbols):
            raise Unmeant(f"the derivative by {display(node.var)}, on which the expression does not depend "
                           "as this reader reads it")
        return body

    def _body_value(self, node: ast.Deriv, fresh: dict, env):
        inner = _Evaluator(self.reading, {**self.overrides, **fresh}, self.repair)
        inner.expanding = self.expanding  # ℓ = ȳᵀy with ȳ := ∂ℓ/∂y: a loss defined by its own derivative
        body = settled(inner.value(node.body, env))
        self.repairs += inner.repairs
        return body

    def _its_example(self, node: ast.Deriv, fresh: dict, back: dict, env) -> dict:
        """∂ℓ/∂u with u defined for one example (u_l = Σ_r V_{lr} x_r + c_l) and for each (u^{(j)} =
        Vx^{(j)} + c), ℓ a loss of one example written in u^{(j)}'s terms (ℓ = -log q_y, q^{(j)}_k =
        e^{u^{(j)}_k} / …): u is that example's, where both definitions give it one value, so {u^{(i)}
        pinned: u's symbols}; {} for any other derivative, and for a loss that names examples itself (a
        mean over j: which u is meant?)."""
        key = key_of(ast.Name(node.var.base, None, node.var.hat))
        family = family_key(node.var)
        body = self.reading.definitions.get(loss_key(node.body)) if isinstance(node.body, ast.Loss) else None
        if set(fresh) != {key} or not isinstance(self.reading.definitions.get(family), Indexed) or body is None \
                or family in self.overrides or any(isinstance(n, ast.Name) and n.sup for n in walk(body)):
            return {}
        try:
            member = settled(self._member(ast.Name(node.var.base, None, node.var.hat, str(self.example)), env))
        except Unparsed:
            return {}
        if not isinstance(member, sp.MatrixBase) or not isinstance(fresh[key], sp.MatrixBase) \
                or member.shape != fresh[key].shape \
                or any(sp.expand(a - b) != 0 for a, b in zip(member, fresh[key].xreplace(back))):
            return {}
        return {pinned(family, self.example): fresh[key]}

    def _variable(self, var: ast.Name, env):
        """(symbols to differentiate by, names to give those symbols, the substitution back)."""
        if var.base == "":  # ∇ without a subscript, where the document names no one variable of its losses
            raise Unparsed("\\nabla without a subscript: by which variable is not clear (write \\nabla_w, or "
                           "define the loss with its variable, J(w) = …)")
        key = key_of(var)
        if var.sub and len(index_parts(var.sub)) == 2 and family_key(var) in \
                self.reading.definitions:  # z_{ji} beside z_i = Wᵀx_i + b: entry j of z_i, or of z_j?
            raise Unparsed(f"{display(var)}: {var.base} is defined for each example, and two indices could "
                           "name either one first: which entry the derivative is by is not clear")
        if var.sup and key == family_key(var) and isinstance(self.reading.definitions.get(key), Indexed) \
                and key not in self.overrides:  # ∂L/∂u_t with u_t = tanh(v_t): example t alone is the variable
            i, count = self._index_value(var.sup, env), self._range_of(var.sup)
            if count is not None and not 1 <= i <= count:
                raise OutOfRange(f"there is no example {i} of {var.base}: {var.sup} runs to {count}")
            member = pinned(key, i)
            value = settled(self._member(replace(var, sub=None), env))
            symbols = _fresh(member, value)
            back = dict(zip(_entries(symbols), _entries(value)))
            return (self._entry(symbols, var.sub, env, key) if var.sub else symbols), {member: symbols}, back
        if key in self.reading.definitions and key not in self.overrides:
            value = settled(self._known(key, env))
            symbols = _fresh(key, value)
            back = dict(zip(_entries(symbols), _entries(value)))
            return symbols, {key: symbols}, back
        if var.sub and var.sup is None and key not in self.reading.definitions and not self.space.has(key):
            whole = key_of(ast.Name(var.base, None, var.hat))  # (not z^{(i)}_k: z's symbols would be every example's)
            value = settled(self._known(whole, env)) if whole in self.reading.definitions \
                and whole not in self.overrides else None  # ∂L/∂z_i
            if value is not None and (isinstance(value, sp.MatrixBase) or self._batch(var, env) is None):
                symbols = _fresh(whole, value)
                back = dict(zip(_entries(symbols), _entries(value)))
                return self._entry(symbols, var.sub, env, whole), {whole: symbols}, back
        value = settled(self.value(var, env))
        big = key_of(ast.Name(capital(var.base), None, var.hat))
        if not all(isinstance(s, sp.Symbol) for s in _entries(value)) and big != key_of(ast.Name(var.base, None, var.hat)) \
                and big in self.reading.definitions and big not in self.overrides:  # ∂/∂o_j, o an example of O = XW + b
            batch = settled(self._known(big, env))
            symbols = _fresh(big, batch)
            value = settled(_Evaluator(self.reading, {**self.overrides, big: symbols}).value(var, env))
            if all(isinstance(s, sp.Symbol) for s in _entries(value)):
                return value, {big: symbols}, dict(zip(_entries(symbols), _entries(batch)))
        if not all(isinstance(s, sp.Symbol) for s in _entries(value)):
            raise Unparsed(f"cannot take a derivative with respect to {display(var)}: it is not a variable "
                           "(a one-hot label or a size)")
        return value, {}, {}


def _in_terms_of(body, back: dict):
    """ℒ = ‖y − Φθ‖²/(2σ²) by e := y − Φθ: ℒ written in e's entries wherever their values stand whole in
    it, ‖e‖²/(2σ²), so that ∂ℒ/∂e is what the author means; ``body`` itself unless nothing of what e
    is made of is left over (a loss that also names θ apart from e could mean more than one function)."""
    values = {}
    for symbol, value in back.items():
        values[value], values[-value] = symbol, -symbol
    written = body.xreplace(values)
    made_of = set().union(*(sp.sympify(value).free_symbols for value in back.values()))
    return written if not (sp.sympify(written).free_symbols & made_of) else body


def _argument_keys(body) -> set[str]:
    """The names a loss's definition is written in (l(y, ŷ) = -Σ_j y_j log ŷ_j: y and ŷ): the loss
    with those as its arguments is the loss itself, wherever they are defined. A name marked as a
    point of its own (w*, w̃, w̄, w^{old}, the estimate θ̂) is left out: a loss written around it,
    ½(w - w*)ᵀH(w - w*), at w* is another value."""
    body = getattr(body, "body", body)
    keys = {key_of(ast.Name(n.base, None, n.hat, n.sup)) for n in walk(body) if isinstance(n, ast.Name)}
    return {key for key in keys if not _POINT.search(key)}


def _named(node, key: str, reading: Reading) -> bool:
    """Whether ``node`` is the name ``key`` (θ_0, W_1 too), one of its entries (w_j for w), or a function
    the document defines in it, applied (h_θ(x) with h_θ(x) = θᵀx)."""
    if isinstance(node, Application) and isinstance(body := reading.definitions.get(node.function), Function):
        return mentions(body.body, reading, lambda n: _named(n, key, reading), entries=True)
    return isinstance(node, ast.Name) and key in (key_of(node), key_of(ast.Name(node.base, None, node.hat, node.sup)))


_DERIVATIVES: dict = {}  # (a function of one number, the order) → (its parameter's symbol, that derivative)
_POINT = re.compile(r"[*~{+]|-$|^[a-zA-Z]{2,}\^$")


def _lengths(body, var: str, evaluator: _Evaluator, env):
    """The lengths of the vectors ``var`` indexes in ``body``."""
    stack = [body]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.Name) and item.sup == var and item.base.islower():  # \sum_i over x^{(i)}: the
            batch = evaluator._batch(item, env)  # examples of X, or of the family declared
            if isinstance(batch, sp.MatrixBase) and batch.cols > 1:
                yield batch.rows if evaluator._rows_of(item) else batch.cols
            elif any(leaf.key == family_key(item) for leaf in evaluator.space.leaves):
                yield evaluator.space.examples
        if isinstance(item, ast.Index) and index_parts(item.sub) == [var]:  # softmax(z)_k: as long as softmax(z)
            try:
                value = evaluator.value(item.arg, env)
            except (Unparsed, ShapeError, OutOfRange):  # softmax(z_n)_k, n bound elsewhere: what else says
                value = None
            if isinstance(value, sp.MatrixBase) and 1 in value.shape:
                yield len(value)
        if isinstance(item, ast.Name) and item.sup and item.sub and index_parts(item.sub) == [var]:
            member = evaluator.value(ast.Name(item.base, None, item.hat, item.sup), env)  # u^{(j)}_k: u^{(j)}'s
            if isinstance(member, sp.MatrixBase) and 1 in member.shape:
                yield len(member)
        elif isinstance(item, ast.Name) and item.sub and var in index_parts(item.sub):
            whole = key_of(ast.Name(item.base, None, item.hat))
            value = evaluator._known(whole, env)
            parts = index_parts(item.sub)
            columns = evaluator._stacked(item) if isinstance(value, sp.MatrixBase) and min(value.shape) > 1 else None
            if columns is not None and len(parts) == 1:  # X_i, "the ith row of X": as many as X has examples
                yield value.cols if columns else value.rows
            elif isinstance(value, sp.MatrixBase):
                yield len(value) if len(parts) == 1 else value.shape[parts.index(var)]
            elif item.base.islower():  # w_j, the j-th row of W: as many as W has; x_{ij}, X's entry
                batch = evaluator._batch(item, env)
                if isinstance(batch, sp.MatrixBase) and batch.cols > 1 and len(parts) == 1:  # or, read as
                    examples = evaluator.reading.batch_rows == evaluator.reading.subscript_examples  # entries
                    yield batch.rows if examples else batch.cols  # of one example, as many as it has
                elif isinstance(batch, sp.MatrixBase) and len(parts) == 2:
                    yield batch.shape[parts.index(var)]
        elif isinstance(item, tuple):
            stack.extend(item)
        elif hasattr(item, "__dataclass_fields__"):
            stack.extend(getattr(item, f) for f in item.__dataclass_fields__)


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
    """The derivative of ``body`` by ``wrt``. A step is judged in several instances and at several values
    of its free indices, and a chain's first and last sides again: the same derivative of the same
    value comes back many times (320 of 340 in a two-layer network's notes), so each is taken once."""
    found = _derivative_once(_frozen(body), _frozen(wrt), entrywise)
    return found.as_mutable() if isinstance(found, sp.MatrixBase) else found


def _frozen(value):
    return value.as_immutable() if isinstance(value, sp.MatrixBase) else value


@functools.lru_cache(maxsize=512)
def _derivative_once(body, wrt, entrywise: bool):
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


def _second_derivative(body, wrt, other):
    """∂²f/∂a∂b of a scalar f: by two scalars (∂²ℓ/∂θ_j∂θ_k), or the Hessian by two vectors."""
    if isinstance(body, sp.MatrixBase):
        raise Unparsed("a second derivative is read for a scalar only")
    # one derivative after the other: sp.diff(f, a, b) simplifies its result (factor_terms), which took most
    # of a logistic Hessian's time; the sides are compared by value anyway
    if not isinstance(wrt, sp.MatrixBase) and not isinstance(other, sp.MatrixBase):
        return sp.diff(sp.diff(body, wrt), other)
    if isinstance(wrt, sp.MatrixBase) and isinstance(other, sp.MatrixBase) and 1 in wrt.shape and 1 in other.shape:
        firsts = [sp.diff(body, entry) for entry in wrt]
        return sp.Matrix(len(wrt), len(other), lambda i, j: sp.diff(firsts[i], other[j]))
    raise Unparsed("a second derivative by a scalar and a vector is not read")


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
    "tanh''": lambda x: -2 * sp.tanh(x) * (1 - sp.tanh(x) ** 2),
    "sinh": sp.sinh,  # tanh = sinh / cosh: its derivative by the quotient rule
    "cosh": sp.cosh,
    "sech": sp.sech,
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


def _inverse(matrix: sp.Matrix) -> sp.Matrix:
    """The inverse as the adjugate over the determinant, both by Berkowitz's method: SymPy's own inv()
    eliminates with pivots it simplifies, more than a minute for a 3 × 3 Hessian of σ's that this takes
    in a tenth of a second. A determinant that vanishes at two random points is taken for a singular
    matrix: the step is then out of range, never judged."""
    with dotprodsimp(False):  # SymPy simplifies each 2 × 2 and 3 × 3 determinant it forms, unless told not to
        determinant, adjugate = matrix.det(method="berkowitz"), matrix.adjugate(method="berkowitz")
    rng = random.Random(0)

    def at_a_point():
        point = {s: sp.Rational(rng.randint(-9, 9), rng.randint(1, 9)) for s in determinant.free_symbols}
        try:
            return abs(numeric.value(determinant, point))
        except numeric.Unknown:
            return abs(complex(determinant.xreplace(point).evalf()))

    if determinant == 0 or all(at_a_point() < 1e-12 for _ in range(2)):
        raise OutOfRange("the inverse of a singular matrix (the sizes of this instance make it so)")
    return adjugate / determinant


def _nonzero(x):
    if x == 0:
        raise Unparsed("division by zero, or the logarithm of 0")
    return x
