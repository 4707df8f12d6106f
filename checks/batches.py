"""The examples of a batch: x^{(i)} is row i of a declared X (column i where X is d × m), x_n the
n-th example where n counts examples, o beside a batch O one example of it, and L^{(i)} the loss the
document defined for one example (x, y), at example i. ``Batches`` is the part of the evaluator that
finds them; it uses the evaluator's ``value``, ``_known``, ``_entry`` and ``_index_value``.
"""
from __future__ import annotations

import re

import sympy as sp

from checks import syntax as ast
from checks.errors import OutOfRange, Unparsed
from checks.notation import Function, Indexed, Map, Members, Stacked
from checks.readings import beside_batch, mentions
from checks.syntax import capital, display, family_key, index_parts, key_of


def example_of(batch: sp.Matrix, i: int, node: ast.Name, rows: bool):
    """Example i of a batch: row i as a column vector (column i when the batch is in columns), or
    entry i of a vector of labels."""
    if batch.cols == 1:
        if not 1 <= i <= batch.rows:
            raise OutOfRange(f"there is no example {i} of {node.base}")
        return batch[i - 1, 0]
    if not 1 <= i <= (batch.rows if rows else batch.cols):
        raise OutOfRange(f"there is no example {i} of {node.base}")
    return batch.row(i - 1).T if rows else batch.col(i - 1)


def pinned(family: str, i: int) -> str:
    """The key under which example i of a family (u^() of u_t = tanh(v_t)) is given symbols of its
    own, while a derivative is taken by that example alone."""
    return f"{family.removesuffix('()')}({i})"


class Batches:
    """The evaluator's part that takes examples out of batches (see the module's docstring)."""

    def _rows_of(self, node: ast.Name) -> bool:
        """Whether the batch an example x_i or x^{(i)} comes from holds its examples as rows: as the
        document stacks that batch (X = [x_1, …, x_N]: columns), else as the reading has it."""
        columns = self._stacked(node)
        return self.reading.batch_rows if columns is None else not columns

    def _stacked(self, node: ast.Name) -> bool | None:
        """Whether the document says the batch of x_i holds them as columns (True) or rows (False)."""
        hat = "^" if node.hat else ""
        for key in dict.fromkeys((capital(node.base) + hat, node.base + hat)):
            leaf = self.space.leaf(key)
            if leaf is not None and leaf.columns is not None:
                return leaf.columns
        return None

    def _range_of(self, letter: str) -> int | None:
        """How far ``letter`` runs: as the sum binding it here says, else as every sum over it in the
        document does (n to N: the n of z_{kn} counts examples even where no sum binds it)."""
        if letter in self.ranges:
            return self.ranges[letter]
        size = self.reading.index_ranges.get(letter)
        return self.space.size(size) if size is not None and size in dict(self.space.sizes) else None

    def _picks_example(self, letter: str, batch, node: ast.Name) -> bool:
        """Whether o_j is the j-th example of the batch O, or entry j of one example: the range of
        the sum over j says, where it is the number of examples or of entries and not both."""
        examples, entries = (batch.rows, batch.cols) if self._rows_of(node) else (batch.cols, batch.rows)
        count = self._range_of(letter)
        if count is not None and (count == examples) != (count == entries):
            return count == examples
        return self.reading.subscript_examples

    def _member(self, node: ast.Name, env):
        """x^{(i)}: the i-th example; row i of X (column i where X is d × m) when X is declared."""
        i = self._index_value(node.sup, env)
        family = family_key(node)
        defined = self.reading.definitions.get(family)
        leaf = next((f for f in self.space.leaves if f.key == family and not f.inferred), None)
        if (member := pinned(family, i)) in self.overrides:  # example i taken as the variable of a derivative
            value = self.overrides[member]
        elif isinstance(defined, Indexed) and family not in self.overrides:  # z^{(i)} = w^T x^{(i)} + b
            key = f"{family}#{i}"  # each example's value worked out once (q^{(j)}_k's softmax reads u^{(j)} k times)
            value = self._kept(key, lambda: self.value(defined.body, {defined.var: i}))
            value = self._of_batch_differentiated(node, i, value)
        elif (batch := self._batch_of(node, leaf, env)) is not None and self._gradient_beside_batch(node):
            raise Unparsed(f"{display(node)}: {node.base} is the gradient of one example's loss and "
                           f"{capital(node.base)} the batch's: whether {display(node)} is example {node.sup} of "
                           f"{capital(node.base)}, or m times it under a mean, is not clear")
        elif batch is not None and self._defined_beside_given(node, batch):
            raise Unparsed(f"{display(node)}: {node.base} is defined, and its batch {capital(node.base)} "
                           "given values of its own: which one the step means is not clear")
        elif batch is not None:  # declared both ways (y ∈ ℝ^m, y^{(i)} ∈ {0, 1}): one set of values
            rows = self._rows_of(node)
            if leaf is not None and batch.cols > 1:  # x^{(i)} ∈ ℝ^n: the batch's side of length n
                length = self.space.size(leaf.rows)
                rows = batch.cols == length if (batch.cols == length) != (batch.rows == length) else rows
            count, examples = self.ranges.get(node.sup), batch.rows if rows else batch.cols
            if count is not None and count != examples:
                raise Unparsed(f"{display(node)}: the sum over {node.sup} runs to {count} but the batch "
                               f"holds {examples} examples: how many there are is not clear")
            value = example_of(batch, i, node, rows)
        elif any(leaf.key == family for leaf in self.space.leaves):
            if not 1 <= i <= self.space.examples:
                raise OutOfRange(f"there is no example {i} of {node.base}")
            value = self.space.value(family, i)
        else:
            raise Unparsed(f"{display(node)}: declare the examples ({node.base}^{{(i)}} \\in \\mathbb{{R}}^d) "
                           f"or the batch ({capital(node.base)} \\in \\mathbb{{R}}^{{m \\times d}})")
        if node.sub:
            return self._entry(value, node.sub, env, family)
        return value

    def _batch_of(self, node: ast.Name, leaf, env):
        """The batch x^{(i)} is an example of; where the examples are declared (``leaf``), a declared
        batch, or one inferred m × d whose side is as long as they are."""
        batch = self._batch(node, env, declared_only=leaf is not None)
        if batch is None and leaf is not None:  # x^{(i)} ∈ ℝ^d declared, X inferred m × d: its rows
            inferred = self._batch(node, env)
            length = self.space.size(leaf.rows)
            batch = inferred if inferred is not None and inferred.cols > 1 and length in inferred.shape else None
        return batch

    def _of_batch_differentiated(self, node: ast.Name, i: int, value):
        """Example i's ``value`` as its definition gives it, or, while its batch is differentiated by
        (∂J/∂U with U = VX and u^{(j)} = Vx^{(j)} "its column j"), that batch's example i."""
        batch = self.overrides.get(key_of(ast.Name(capital(node.base), None, node.hat)))
        if not isinstance(batch, sp.MatrixBase) or not isinstance(value, sp.MatrixBase) or value.cols != 1 \
                or value.rows not in batch.shape:
            return value
        rows = batch.cols == value.rows if batch.rows != batch.cols else self.reading.batch_rows
        return example_of(batch, i, node, rows)

    def _gradient_beside_batch(self, node: ast.Name) -> bool:
        """δ := ∂J₁/∂z for one example beside Δ := ∂J/∂Z for the batch: δ^{(j)} may be Δ's column j
        or the one example's gradient, which a mean over the batch scales by m."""
        whole, big = key_of(ast.Name(node.base, None, node.hat)), key_of(ast.Name(capital(node.base), None, node.hat))
        return whole != big and isinstance(self.reading.definitions.get(whole), ast.Deriv) \
            and big in self.reading.definitions

    def _defined_beside_given(self, node: ast.Name, batch) -> bool:
        """p defined (p_k = e^{s_k} / Σ_j e^{s_j}) while its batch P is given symbols of its own: p^{(i)}
        could be either."""
        whole, big = key_of(ast.Name(node.base, None, node.hat)), key_of(ast.Name(capital(node.base), None, node.hat))
        return whole != big and whole in self.reading.definitions and big not in self.reading.definitions \
            and not isinstance(self.reading.definitions[whole], Map) and self.space.has(big) \
            and batch is self.space.value(big)  # (φ named, never defined: its values are Φ's, φ(x_n) its row n)

    def _batch(self, node: ast.Name, env, declared_only: bool = False):
        """X for x^{(i)}, y for y^{(i)}: the declared or defined batch the examples are rows of; with
        ``declared_only`` (the examples are declared themselves), never one whose shape was inferred."""
        hat = "^" if node.hat else ""
        for key in dict.fromkeys((capital(node.base) + hat, node.base + hat)):
            body = self.reading.definitions.get(key)
            if declared_only and any(leaf.key == key and leaf.inferred for leaf in self.space.leaves) \
                    or key in self.expanding or isinstance(body, ast.Call) and body.func == "diag":
                continue  # S = diag(s_1, …, s_N), Q = diag(q_1(1 − q_1), …): no batch of the s_i, q_i
            value = self._known(key, env)
            if isinstance(value, sp.MatrixBase):
                return value
        return None

    def _loss_of_example(self, key: str, i: int, env):
        """L^{(i)}: the loss the document defined for one example (x, y), at example i of the batch:
        each declared x whose batch X the document declares or defines is X's example i."""
        if key not in self.reading.definitions:
            raise Unparsed("the loss is not defined in this document (write L = …)")
        examples = self._examples_at(i, env)
        if not examples and not mentions(self.reading.definitions[key], self.reading,
                                         lambda n: beside_batch(n, self.reading)):
            raise Unparsed("the loss of example i: no declared batch (X for x) holds the examples")
        return self._at_example(key, i, examples, env)

    def _defined_at_example(self, key: str, i: int, count: int, env):
        """δ_i beside δ := ∇_z ℓ defined for one example, i running over the batch's ``count`` examples:
        δ at example i; None where no batch holds ``count`` examples, or where a batch Δ is declared
        with values of its own (δ_i may be its column)."""
        big = capital(key)
        if self.space.has(big) and big not in self.reading.definitions and self._stack_of_defined(big, env) is None:
            return None
        examples = self._examples_at(i, env)
        if not examples or any(count != n for n in self._example_counts(env)):
            return None
        return self._at_example(key, i, examples, env)

    def _stack_of_defined(self, key: str, env):
        """P ∈ ℝ^{K×N} declared beside p defined for one example (p = e^s / 𝟏ᵀe^s, s = Wx, x an example of
        a declared X of N): P holds p at each of the N examples, its columns (its rows where P is N × K),
        not values of its own; beside p_{kn} defined entry by entry, P is their matrix. None for any other
        P, and where P's shape is not p's by the examples', or its entries'."""
        lower, declared = key.lower(), self.space.value(key) if self.space.has(key) else None
        body = self.reading.definitions.get(lower)
        if not re.fullmatch(r"[A-Z]", key) or not isinstance(declared, sp.MatrixBase) or min(declared.shape) == 1 \
                or body is None or key in self.reading.definitions or {key, lower} & {*self.overrides, *self.expanding}:
            return None
        entries = isinstance(body, Indexed) and len(index_parts(body.var)) == 2 \
            and not isinstance(body.body, ast.Indicator)  # Y ∈ ℝ^{N×K} beside y_{nk} = e^{a_{nk}} / Σ_k' …
        member = not isinstance(body, (Function, Indexed, Map, Members, Stacked, ast.Deriv)) \
            and declared.rows != declared.cols  # beside p = e^s / 𝟏ᵀe^s: a side of P counts the examples
        if not (entries or member):
            return None
        if entries:
            return self._kept(key, lambda: self._entries_as_declared(key, body, declared))
        return self._kept(key, lambda: self._stacked_defined(key, declared, env))

    def _entries_as_declared(self, key: str, body: Indexed, declared):
        self.expanding.append(key)
        try:
            matrix = self._matrix_of(key.lower(), body)
        except Unparsed:  # a_{ij} = t_i^j, "columns from 0": how far j runs is not said; A keeps its own values
            return None
        finally:
            self.expanding.pop()
        return matrix if matrix.shape == declared.shape else None

    def _stacked_defined(self, key: str, declared, env):
        counts = self._example_counts(env)
        count = next(iter(counts)) if len(counts) == 1 else None
        if count not in declared.shape:
            return None
        rows = declared.rows == count
        length = declared.cols if rows else declared.rows
        members = []
        self.expanding.append(key)
        try:
            for i in range(1, count + 1):
                examples = self._examples_at(i, env)
                member = self._at_example(key.lower(), i, examples, env) if examples else None
                if not (isinstance(member, sp.MatrixBase) and member.shape == (length, 1)):
                    return None
                members.append(member)
        finally:
            self.expanding.pop()
        stack = sp.Matrix.hstack(*members)
        return stack.T if rows else stack

    def _example_counts(self, env) -> set[int]:
        """How many examples each batch of a declared single example holds."""
        counts = set()
        for leaf in self.space.leaves:
            batch = None if leaf.family or leaf.inferred or leaf.cols != 1 or not leaf.key.islower() \
                else self._known(capital(leaf.key), env)
            if isinstance(batch, sp.MatrixBase) and batch.cols > 1:
                counts.add(batch.rows if self._rows_of(ast.Name(leaf.key, None, False)) else batch.cols)
        return counts

    def _examples_at(self, i: int, env) -> dict:
        """Example i of each batch: x ∈ ℝ^d with X declared is X's example i, s = W_2 a + b_2 defined
        for one example is row i of S where ∂J/∂S is taken."""
        examples = {}
        for leaf in self.space.leaves:
            batch = None if leaf.family or leaf.inferred or leaf.cols != 1 or not leaf.key.islower() \
                else self._known(capital(leaf.key), env)
            if isinstance(batch, sp.MatrixBase) and batch.cols > 1:
                member = ast.Name(leaf.key, None, False)
                example = example_of(batch, i, member, self._rows_of(member))
                if example.shape == self.space.value(leaf.key).shape:
                    examples[leaf.key] = example
        for name in self.reading.definitions:
            batch = self.overrides.get(capital(name)) if name.islower() else None
            if isinstance(batch, sp.MatrixBase) and batch.cols > 1:
                examples[name] = example_of(batch, i, ast.Name(name, None, False), self.reading.batch_rows)
        return examples

    def _at_example(self, key: str, i: int, examples: dict, env):
        inner = type(self)(self.reading, {**self.overrides, **examples}, self.repair, example=i)
        inner.expanding = self.expanding  # 𝓛 = (1/n) Σ_i L^{(i)} with 𝓛 and L one key: defined by itself
        value = inner._known(key, env)  # y_j and o_j beside Y and O: entries of example i
        self.repairs += inner.repairs
        return value

    def _of_example(self, indexed: Indexed, i: int):
        """L_i = …, the loss of example i: f beside F in -log(e^{f_{y_i}} / Σ_j e^{f_j}) is row i of F."""
        inner = type(self)(self.reading, self.overrides, self.repair, example=i)
        value = inner.value(indexed.body, {indexed.var: i})
        self.repairs += inner.repairs
        return value
