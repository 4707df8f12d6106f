"""Values whose size is decided by what they meet, and the arithmetic of a derivation's values.

A document writes I, 𝟏, 𝟏bᵀ, b𝟏ᵀ and e_k without their sizes: λI in H + λI is as large as H, 𝟏ᵀM
sums M's columns, 𝟏bᵀ repeats the row b down as many rows as the sum it meets has, b𝟏ᵀ the column b
across as many columns. Each stays deferred (Eye, Ones, Repeated, Across, Unit) until a sum or product
gives it a size; one that nothing sizes is unreadable. ``plus`` and ``times`` are the sum and product of SymPy scalars and matrices as machine
learning writes them: a scalar added to each entry, a bias broadcast over a batch, σ(z)(1 − σ(z))
entrywise where only that reading fits.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from checks.errors import OutOfRange, ShapeError, Unparsed


@dataclass(frozen=True)
class Eye:
    """I: the identity, times ``scale``, of whatever size the sum or product needs; with ``head`` or
    ``tail``, the diagonal's first or last entries written apart (diag(0, 1, …, 1): the identity but
    for an intercept's entry)."""
    scale: object = sp.Integer(1)
    head: tuple = ()
    tail: tuple = ()

    def sized(self, size: int) -> sp.Matrix:
        repeated = size - len(self.head) - len(self.tail)
        if repeated < 1:
            raise OutOfRange(f"a diagonal with {len(self.head) + len(self.tail)} entries written apart "
                             f"and {size} in all")
        return sp.diag(*self.head, *[self.scale] * repeated, *self.tail)

    def times(self, number) -> Eye:
        return Eye(self.scale * number, tuple(e * number for e in self.head), tuple(e * number for e in self.tail))


@dataclass(frozen=True)
class Ones:
    """𝟏 (a column, or a row when ``row``) of whatever size the product needs, times ``scale``."""
    row: bool = False
    scale: object = sp.Integer(1)


@dataclass(frozen=True)
class Unit:
    """e_k: the k-th standard basis vector (a one-hot label e_{y_i}), as long as the sum it meets,
    times ``scale``."""
    index: int
    scale: object = sp.Integer(1)
    row: bool = False  # e_kᵀ


@dataclass(frozen=True)
class Repeated:
    """𝟏bᵀ: the row b repeated down as many rows as the sum or ⊙ it meets has (𝟏𝟏ᵀ, all ones, where
    ``row`` is None), times ``scale``."""
    row: object = None
    scale: object = sp.Integer(1)


@dataclass(frozen=True)
class Across:
    """b𝟏ᵀ: the column b repeated across as many columns as the sum or ⊙ it meets has."""
    column: sp.Matrix


_DEFERRED = (Eye, Ones, Repeated, Across, Unit)


def settled(value):
    """A value with I or 𝟏 whose size nothing fixed: unreadable alone."""
    if isinstance(value, _DEFERRED):
        raise Unparsed("I, 𝟏 or e_k stands where nothing gives it a size: write I_d or 𝟏_m")
    return value


def scalar(value):
    if isinstance(value, sp.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def plus(a, b):
    a, b = _sized(a, b), _sized(b, a)
    a_matrix, b_matrix = isinstance(a, sp.MatrixBase), isinstance(b, sp.MatrixBase)
    if a_matrix and b_matrix:
        if a.shape != b.shape:
            a, b = _broadcast(a, b), _broadcast(b, a)
        if a.shape != b.shape:
            raise ShapeError(f"adding a {shape(a)} and a {shape(b)} value")
        return a + b
    if a_matrix or b_matrix:  # 1 - h, 1 - A: the scalar added to each entry, as NumPy broadcasts
        matrix, scalar = (a, b) if a_matrix else (b, a)
        return matrix.applyfunc(lambda e: e + scalar)
    return a + b


def _broadcast(vector: sp.Matrix, matrix: sp.Matrix) -> sp.Matrix:
    """b ∈ ℝ^{n×1} added to Z ∈ ℝ^{n×m}: repeated over the columns (a row over the rows), as NumPy
    broadcasts a bias over a batch; b ∈ ℝ^m added to Z ∈ ℝ^{n×m} (NumPy's 1-D bias), repeated as a
    row; a column added to a square matrix could be either, and is not read. Anything else is
    returned as it is."""
    if vector.cols == 1 and matrix.rows == matrix.cols == vector.rows > 1:
        raise ShapeError(f"a {shape(vector)} vector added to a {shape(matrix)} matrix: over its rows or its columns")
    if vector.shape == (matrix.rows, 1) and matrix.cols > 1:
        return sp.Matrix.hstack(*[vector] * matrix.cols)
    if vector.shape == (matrix.cols, 1) and matrix.rows > 1:
        return sp.Matrix.vstack(*[vector.T] * matrix.rows)
    if vector.shape == (1, matrix.cols) and matrix.rows > 1:
        return sp.Matrix.vstack(*[vector] * matrix.rows)
    return vector


def _sized(value, other):
    """I or 𝟏 in a sum, sized by the other term."""
    if isinstance(value, Eye) and isinstance(other, sp.MatrixBase) and other.rows == other.cols:
        return value.sized(other.rows)
    if isinstance(value, Ones) and isinstance(other, sp.MatrixBase):
        return value.scale * sp.ones(*other.shape)
    if isinstance(value, Repeated) and isinstance(other, sp.MatrixBase):
        if value.row is None:
            return value.scale * sp.ones(*other.shape)
        if value.row.cols != other.cols:
            raise ShapeError(f"𝟏 times a {shape(value.row)} row added to a {shape(other)} value")
        return value.scale * sp.ones(other.rows, 1) * value.row
    if isinstance(value, Across) and isinstance(other, sp.MatrixBase):
        if value.column.rows != other.rows:
            raise ShapeError(f"a {shape(value.column)} column times 𝟏ᵀ added to a {shape(other)} value")
        return value.column * sp.ones(1, other.cols)
    if isinstance(value, Unit) and isinstance(other, sp.MatrixBase) and (other.rows if value.row else other.cols) == 1:
        length = other.cols if value.row else other.rows
        return value.scale * _picked(sp.eye(length), value.index, rows=value.row)  # e_k: column k of I
    if isinstance(value, _DEFERRED):
        raise Unparsed("I, 𝟏 or e_k in a sum whose other term gives it no size")
    return value


def _times_across(a, b, dot):
    """b𝟏ᵀ in a product: scaled, M(b𝟏ᵀ) = (Mb)𝟏ᵀ, (b𝟏ᵀ)M = b(𝟏ᵀM), sized by a matrix under ⊙."""
    across, other = (a, b) if isinstance(a, Across) else (b, a)
    if isinstance(other, sp.MatrixBase) and dot == "elementwise":
        return times(_sized(across, other), other, dot)
    if not isinstance(other, sp.MatrixBase):
        if isinstance(other, _DEFERRED):
            raise Unparsed("b𝟏ᵀ times I or 𝟏: write the 𝟏 with its size, 𝟏_m")
        return Across(across.column * other)
    if other is b:
        return times(across.column, times(Ones(row=True), other, dot), dot)
    return Across(times(other, across.column, dot))


def entrywise(a, b, dot):
    """A : B = Σ_ij A_ij B_ij (``dot`` "frobenius"), or a ⊘ b, entry by entry (``dot`` "divide"), a
    number dividing or divided by each entry."""
    a, b = _sized(a, b), _sized(b, a)
    if isinstance(a, _DEFERRED) or isinstance(b, _DEFERRED):
        raise Unparsed("I, 𝟏 or e_k stands where nothing gives it a size: write I_d or 𝟏_m")
    a_matrix, b_matrix = isinstance(a, sp.MatrixBase), isinstance(b, sp.MatrixBase)
    if a_matrix and b_matrix and a.shape != b.shape or dot == "frobenius" and a_matrix != b_matrix:
        raise ShapeError(f"{'A : B' if dot == 'frobenius' else 'a ⊘ b'} of a {shape(a)} and a {shape(b)} value")
    if dot == "frobenius":
        return sum(a.multiply_elementwise(b)) if a_matrix else a * b
    if a_matrix and b_matrix:
        return sp.Matrix(a.rows, a.cols, lambda i, j: a[i, j] / b[i, j])
    return b.applyfunc(lambda e: a / e) if b_matrix else a / b


def times(a, b, dot):
    if dot in ("frobenius", "divide"):
        return entrywise(a, b, dot)
    if isinstance(a, Eye) or isinstance(b, Eye):
        if isinstance(a, Eye) and isinstance(b, Eye):
            if a.head or a.tail:
                a, b = b, a
            if a.head or a.tail:
                raise Unparsed("a product of two diagonals with entries written apart, of no size: write their size")
            return b.times(a.scale)
        eye, other = (a, b) if isinstance(a, Eye) else (b, a)
        if isinstance(other, sp.MatrixBase):  # I x = x
            if eye.head or eye.tail:
                sized = eye.sized(other.rows if other is b else other.cols)
                return times(sized, other, dot) if other is b else times(other, sized, dot)
            return times(eye.scale, other, False)
        if isinstance(other, _DEFERRED):
            raise Unparsed("I times 𝟏 or e_k: write their sizes")
        return eye.times(other)  # λI: sized later by what it meets
    if dot == "elementwise" and isinstance(a, Ones) != isinstance(b, Ones):  # 𝟏 ⊙ M: as large as M
        a, b = _sized(a, b), _sized(b, a)
    if isinstance(a, Ones) and a.row and isinstance(b, sp.MatrixBase):  # 𝟏ᵀ M: the column sums
        a = a.scale * sp.ones(1, b.rows)
    if isinstance(b, Ones) and not b.row and isinstance(a, sp.MatrixBase):  # M 𝟏: the row sums
        b = b.scale * sp.ones(a.cols, 1)
    if isinstance(a, Ones) and not a.row and (isinstance(b, Ones) and b.row or  # 𝟏𝟏ᵀ, 𝟏bᵀ: sized by
                                               isinstance(b, sp.MatrixBase) and b.rows == 1):  # what they meet
        return Repeated(b if isinstance(b, sp.MatrixBase) else None, a.scale * (b.scale if isinstance(b, Ones) else 1))
    if isinstance(a, Repeated) or isinstance(b, Repeated):
        repeated, other = (a, b) if isinstance(a, Repeated) else (b, a)
        if isinstance(other, sp.MatrixBase):
            if dot != "elementwise":
                raise Unparsed("𝟏bᵀ times a matrix: write the 𝟏 with its size, 𝟏_m")
            return times(_sized(repeated, other), other, dot)
        return Repeated(repeated.row, repeated.scale * other)
    if isinstance(a, sp.MatrixBase) and a.cols == 1 and a.rows > 1 and isinstance(b, Ones) and b.row:
        return Across(b.scale * a)  # b𝟏ᵀ: sized by what it meets
    if isinstance(a, Across) or isinstance(b, Across):
        return _times_across(a, b, dot)
    if isinstance(a, Unit) and a.row and isinstance(b, sp.MatrixBase) and dot in (False, True):
        return times(a.scale, scalar(_picked(b, a.index, rows=True)), False)  # e_kᵀ M: row k of M
    if isinstance(b, Unit) and not b.row and isinstance(a, sp.MatrixBase) and dot in (False, True):
        return times(scalar(_picked(a, b.index, rows=False)), b.scale, False)  # M e_k: column k of M
    if isinstance(a, Unit) and not isinstance(b, (sp.MatrixBase, *_DEFERRED)):
        return Unit(a.index, a.scale * b, a.row)
    if isinstance(b, Unit) and not isinstance(a, (sp.MatrixBase, *_DEFERRED)):
        return Unit(b.index, b.scale * a, b.row)
    if isinstance(a, Ones) and not isinstance(b, (sp.MatrixBase, *_DEFERRED)):  # (1/N)𝟏ᵀ: sized later
        return Ones(a.row, a.scale * b)
    if isinstance(b, Ones) and not isinstance(a, (sp.MatrixBase, *_DEFERRED)):
        return Ones(b.row, b.scale * a)
    if isinstance(a, (Ones, Unit)) or isinstance(b, (Ones, Unit)):
        raise Unparsed("𝟏 or e_k in a product whose other factor gives it no size: write 𝟏_m")
    a_matrix, b_matrix = isinstance(a, sp.MatrixBase), isinstance(b, sp.MatrixBase)
    if not (a_matrix and b_matrix):
        return a * b
    if dot == "elementwise":
        if a.shape != b.shape:
            raise ShapeError(f"the entrywise product of a {shape(a)} and a {shape(b)} value")
        return a.multiply_elementwise(b)
    if dot is True and a.shape == b.shape and 1 in a.shape:  # x · y: the dot product
        return sum(x * y for x, y in zip(a, b))
    if a.shape == b.shape and a.cols != b.rows:  # σ(z)(1 − σ(z)), A(1 − A): entrywise, as written in ML
        return a.multiply_elementwise(b)
    if a.cols != b.rows:
        raise ShapeError(f"a {shape(a)} times a {shape(b)} value")
    return a * b


def _picked(matrix: sp.Matrix, index: int, rows: bool) -> sp.Matrix:
    """Row ``index`` of ``matrix`` (its column where not ``rows``), counted from 1: e_kᵀ M, M e_k."""
    length = matrix.rows if rows else matrix.cols
    if not 1 <= index <= length:
        raise OutOfRange(f"there is no unit vector e_{index} of length {length}")
    return matrix[index - 1, :] if rows else matrix[:, index - 1]


def shape(value) -> str:
    if not isinstance(value, sp.MatrixBase):
        return "scalar"
    return f"{value.rows}×{value.cols}"
