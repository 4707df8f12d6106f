"""A concrete Instance: fixed sizes and indices, every parameter entry a SymPy symbol.

In an Instance every expression of a derivation becomes an exact SymPy scalar or matrix. Vectors are
d×1 columns; ``U`` (outside vectors) and ``C`` (center vectors) are d×V with one column per word.
Word indices are 0-based here; documents count words from 1 (``\\sum_{x=1}^{V}``), the translator
shifts them.

How it works::

    >>> inst = Instance(V=4, d=2, K=2, m=1, o=1, c=3, negatives=(0, 2), window=(1, 2))
    >>> inst.u(1).shape
    (2, 1)
    >>> inst.u_sample(2) == inst.u(2)
    True

Negative draws: with ``separate_draws`` each draw k gets vector symbols of its own, so that
``∂J/∂u_k`` means "with respect to the k-th argument" (the handout's reading); without it, ``u_k``
is the column of U of the drawn word and repeated draws share it (the total derivative).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import sympy as sp


@dataclass(frozen=True)
class Instance:
    V: int  # vocabulary size
    d: int  # vector size
    K: int  # negative samples
    m: int  # window radius: outside words at offsets -m..-1, 1..m
    o: int  # the true outside word (0-based)
    c: int  # the center word (0-based)
    negatives: tuple[int, ...]  # K drawn words, never o, repeats allowed
    window: tuple[int, ...]  # the 2m outside words, offsets -m..-1 then 1..m
    separate_draws: bool = False  # u_k is the k-th draw's own vector, not U's column

    def __post_init__(self) -> None:
        assert self.V >= 2 and self.d >= 1 and self.K == len(self.negatives)
        assert len(self.window) == 2 * self.m and 0 <= self.o < self.V and 0 <= self.c < self.V
        assert self.o not in self.negatives and all(0 <= w < self.V for w in self.negatives + self.window)

    @cached_property
    def U(self) -> sp.Matrix:
        return sp.Matrix(self.d, self.V, lambda i, w: sp.Symbol(f"U_{i}_{w}", real=True))

    @cached_property
    def C(self) -> sp.Matrix:
        return sp.Matrix(self.d, self.V, lambda i, w: sp.Symbol(f"C_{i}_{w}", real=True))

    @cached_property
    def draws(self) -> tuple[sp.Matrix, ...]:
        if not self.separate_draws:
            return tuple(self.u(w) for w in self.negatives)
        return tuple(sp.Matrix(self.d, 1, lambda i, _: sp.Symbol(f"N_{i}_{k}", real=True))
                     for k in range(self.K))

    @cached_property
    def x(self) -> sp.Symbol:
        """The free scalar of σ(x) and its derivative."""
        return sp.Symbol("x", real=True)

    def u(self, w: int) -> sp.Matrix:
        """u_w: column w of U."""
        return self.U[:, w]

    def v(self, w: int) -> sp.Matrix:
        """v_w: column w of the center matrix; v_c is v(c)."""
        return self.C[:, w]

    @property
    def v_c(self) -> sp.Matrix:
        return self.v(self.c)

    def u_sample(self, k: int) -> sp.Matrix:
        """u_k for the k-th negative draw, k = 1..K as documents count them."""
        return self.draws[k - 1]

    def window_word(self, j: int) -> int:
        """w_{t+j}, j in -m..-1, 1..m."""
        assert j != 0 and -self.m <= j <= self.m
        return self.window[j + self.m if j < 0 else j + self.m - 1]

    @cached_property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        """Every free symbol an expression of this instance may hold, in a fixed order."""
        draws = self.draws if self.separate_draws else ()
        return (*self.U, *self.C, *(s for d in draws for s in d), self.x)


def standard_instances() -> tuple[Instance, ...]:
    """The instances every step is checked in: different V, d, o, c; one with repeated negatives.

    Large enough that a wrong step cannot pass by accident (V ≥ 4, d ≥ 2, K ≥ 2), small enough that
    exact simplification stays fast."""
    return (
        Instance(V=4, d=2, K=2, m=1, o=1, c=2, negatives=(0, 3), window=(1, 3)),
        Instance(V=5, d=3, K=3, m=2, o=3, c=0, negatives=(1, 1, 4), window=(3, 2, 0, 3)),
        Instance(V=5, d=3, K=3, m=2, o=3, c=0, negatives=(1, 1, 4), window=(3, 2, 0, 3),
                 separate_draws=True),
    )
