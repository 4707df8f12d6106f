"""The value of an expression at a point, in 30-digit floating point.

SymPy evaluates a large expression at a point by rebuilding it with the point's numbers in it, each
operation going through its constructors and their automatic simplification; a matrix of a
network's derivatives has thousands of nodes, and most of a step's time went there. Here each
distinct subexpression is computed once with mpmath, at the same 30 digits. What this does not
know (a function it has no rule for, a complex value, a division by zero) raises ``Unknown``, and
the caller evaluates with SymPy as before.

    >>> import sympy as sp
    >>> t = sp.Symbol("t")
    >>> float(value(sp.exp(t) / (1 + sp.exp(t)) + sp.log(t), {t: sp.Integer(2)}))
    1.5739442585378278
"""
from __future__ import annotations

import mpmath
import sympy as sp

from derive.functions import Relu, Sigmoid

DIGITS = 30


class Unknown(Exception):
    """An expression this evaluator has no rule for, or a value it does not represent."""


def value(expr: sp.Basic, point: dict, memo: dict | None = None) -> mpmath.mpf:
    """``expr`` at ``point`` (symbol → number), to DIGITS digits; ``memo`` keeps the values of its
    subexpressions for the next expression evaluated at the same point."""
    with mpmath.workdps(DIGITS):
        try:
            return _value(expr, point, {} if memo is None else memo)
        except (ZeroDivisionError, OverflowError, ValueError, RecursionError) as e:
            raise Unknown(str(e)) from None


_UNARY = {sp.exp: mpmath.exp, sp.log: mpmath.log, sp.tanh: mpmath.tanh, sp.sinh: mpmath.sinh,
          sp.cosh: mpmath.cosh, sp.sech: mpmath.sech, sp.Abs: abs,
          Sigmoid: lambda x: 1 / (1 + mpmath.exp(-x)), Relu: lambda x: x if x > 0 else mpmath.mpf(0)}


def _value(expr, point: dict, memo: dict):
    known = memo.get(expr)
    if known is not None:
        return known
    if expr.is_Symbol:
        if expr not in point:
            raise Unknown(f"no value for {expr}")
        result = _exact(point[expr])
    elif expr.is_Rational:
        result = mpmath.mpf(expr.p) / expr.q
    elif expr.is_Float or expr.is_NumberSymbol:
        result = mpmath.mpf(expr.evalf(DIGITS))
    elif expr.is_Add:
        result = mpmath.fsum(_value(a, point, memo) for a in expr.args)
    elif expr.is_Mul:
        result = mpmath.fprod(_value(a, point, memo) for a in expr.args)
    elif expr.is_Pow:
        base, exponent = _value(expr.base, point, memo), expr.exp
        if exponent.is_Integer:
            result = base ** int(exponent)
        elif base > 0:
            result = base ** _value(exponent, point, memo)
        else:
            raise Unknown("a power of a number that is not positive")
    elif isinstance(expr, sp.Heaviside):
        argument = _value(expr.args[0], point, memo)
        if argument == 0:
            raise Unknown("a step at its kink")
        result = mpmath.mpf(1 if argument > 0 else 0)
    elif type(expr) in _UNARY and len(expr.args) == 1:
        argument = _value(expr.args[0], point, memo)
        if type(expr) is sp.log and argument <= 0:
            raise Unknown("the logarithm of a number that is not positive")
        result = _UNARY[type(expr)](argument)
    else:
        raise Unknown(f"no rule for {type(expr).__name__}")
    if not isinstance(result, mpmath.mpf):
        raise Unknown("a value that is not a real number")
    memo[expr] = result
    return result


def _exact(number) -> mpmath.mpf:
    """A point's coordinate as mpmath takes it: a rational as its exact quotient."""
    if number.is_Rational:
        return mpmath.mpf(number.p) / number.q
    return mpmath.mpf(number.evalf(DIGITS))
