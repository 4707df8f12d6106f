"""Functions SymPy keeps whole: σ as an atom whose derivative is σ(1 − σ).

Written as 1/(1 + e^{−t}), σ makes every derivative of log σ a tower of exponentials that exact
simplification must take apart again; as an atom the derivative of log σ(t) is 1 − σ(t) at once.
Its value at a number and its rewrite to exp are the textbook ones, so numbers and the exact test
in checks/equivalence.py see the same function.

    >>> import sympy as sp
    >>> t = sp.Symbol("t", real=True)
    >>> sp.diff(sp.log(Sigmoid(t)), t)
    1 - Sigmoid(t)
"""
from __future__ import annotations

import sympy as sp


class Sigmoid(sp.Function):
    """σ(t) = 1 / (1 + e^{−t})."""

    @classmethod
    def eval(cls, arg):
        if arg.is_Float:  # a number in floating point: its value at once
            return 1 / (1 + sp.exp(-arg))
        return None

    def fdiff(self, argindex: int = 1):
        return self * (1 - self)

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return 1 / (1 + sp.exp(-arg))

    def _eval_evalf(self, prec):
        return (1 / (1 + sp.exp(-self.args[0])))._eval_evalf(prec)

    def _eval_is_positive(self):
        return self.args[0].is_extended_real

    def _eval_is_real(self):
        return self.args[0].is_extended_real


class Relu(sp.Function):
    """ReLU(t) = max(0, t); its derivative the step 𝟙[t > 0] (instances avoid the kink at 0).
    SymPy's own Max simplifies itself at every step, which costs more than the whole check."""

    @classmethod
    def eval(cls, arg):
        if arg.is_Float:
            return arg if arg > 0 else sp.Float(0, arg._prec)
        return None

    def fdiff(self, argindex: int = 1):
        return sp.Heaviside(self.args[0], 0)  # 𝟙[t > 0], as documents write it: 0 at the kink

    def _eval_rewrite_as_Max(self, arg, **kwargs):
        return sp.Max(0, arg)

    def _eval_evalf(self, prec):
        value = self.args[0]._eval_evalf(prec)
        if value is None or not value.is_number:
            return None
        return value if value > 0 else sp.Float(0, prec)

    def _eval_is_real(self):
        return self.args[0].is_extended_real
