"""True gradients: SymPy's own ``diff`` over the entries of a parameter.

The gradient of a scalar with respect to a vector or matrix has that parameter's shape
(∂J/∂v_c is d×1, ∂J/∂U is d×V), the convention of the CS224n handout.
"""
from __future__ import annotations

import sympy as sp


def gradient(f: sp.Expr, wrt: sp.Matrix) -> sp.Matrix:
    """∂f/∂wrt, entry by entry; ``wrt`` is a matrix of symbols."""
    return wrt.applyfunc(lambda s: sp.diff(f, s))
