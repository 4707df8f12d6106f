"""Minibatch gradient kernels: the closed forms of derive/closed_forms.py, lambdified to NumPy.

The trainer (train/) and the CS224n drop-in (train/cs224n.py) call these; neither holds a gradient
formula of its own. Each kernel is printed from the matrix expressions that ``symbolic_algebra()``
builds from the same lines the equivalence engine proves, and keeps that expression and the printed
source beside the function.

How a single-pair expression handles a whole minibatch: the printer (``BatchPrinter``) prints every
matrix product as ``@`` and every transpose as a swap of the last two axes, so an argument of shape
(B, r, c) is read as B stacked r×c matrices, and NumPy broadcasting pairs them with shared ones such
as the (V, d) outside matrix. Entry-wise functions print as NumPy ufuncs on the whole array.

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> loss, g_vc, g_uo, g_un = neg_sampling_kernel().fn(
    ...     rng.normal(size=(64, 10)), rng.normal(size=(64, 10)), rng.normal(size=(64, 5, 10)))
    >>> loss.shape, g_vc.shape, g_un.shape
    ((64,), (64, 10), (64, 5, 10))

The per-pair loop of word2vec takes its kernels from derive/c_kernels.py instead, printed as C.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import cache
from typing import Callable

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.str import StrPrinter

from derive.closed_forms import (SIGMOID, LogSumExpRows, naive_softmax_pair, neg_sampling_pair,
                                 outside_gradient, symbolic_algebra)


@dataclass(frozen=True)
class Kernel:
    name: str
    expression: str  # the SymPy expressions printed: named steps, then the outputs
    source: str  # the generated Python, as lambdify printed it
    fn: Callable  # the call the trainer makes; shapes in each kernel's docstring


class _Code(sp.Symbol):
    """Printed verbatim: the already-printed argument of an entry-wise function."""

    def _numpycode(self, printer: NumPyPrinter) -> str:
        return self.name


class BatchPrinter(NumPyPrinter):
    """NumPy code in which every array argument may carry leading batch axes."""

    def _print_MatMul(self, expr: sp.MatMul) -> str:
        coeff, matrices = expr.as_coeff_matrices()
        product = " @ ".join(f"({self._print(m)})" for m in matrices)
        return product if coeff == 1 else f"({self._print(coeff)})*({product})"

    def _print_Transpose(self, expr: sp.Transpose) -> str:
        return f"{self._module_format('numpy.swapaxes')}({self._print(expr.arg)}, -1, -2)"

    def _print_ElementwiseApplyFunction(self, expr) -> str:
        # NumPy's functions already act entry by entry: print the function's body on the array.
        (var,), body = expr.function.variables, expr.function.expr
        return self._print(body.xreplace({var: _Code(f"({self._print(expr.expr)})")}))

    def _print_LogSumExpRows(self, expr: LogSumExpRows) -> str:
        # A reduction of logaddexp never forms exp(score), so it cannot overflow.
        reduce = f"{self._module_format('numpy.logaddexp')}.reduce"
        return f"{reduce}({self._print(expr.arg)}, axis=-1, keepdims=True)"


class ExpressionPrinter(StrPrinter):
    """The kernel's SymPy expression as text, entry-wise functions written out like the code."""

    def _print_ElementwiseApplyFunction(self, expr) -> str:
        (var,), body = expr.function.variables, expr.function.expr
        return f"({self._print(body.xreplace({var: sp.Symbol(f'({self._print(expr.expr)})')}))})"

    def _print_OneMatrix(self, expr: sp.OneMatrix) -> str:
        return f"ones({self._print(expr.rows)}, {self._print(expr.cols)})"


d, V, K, B = sp.symbols("d V K B", integer=True, positive=True)


def _lambdify(args: list, outputs: tuple, steps: list) -> tuple[Callable, str, str]:
    """(generated function, its expression text, its source); ``steps`` become its local variables."""
    fn = sp.lambdify(args, outputs, modules="numpy", printer=BatchPrinter,
                     cse=lambda exprs: (steps, exprs), docstring_limit=0)
    text = ExpressionPrinter().doprint
    lines = ([f"{name} = {text(value)}" for name, value in steps]
             + [f"out{i} = {text(o)}" for i, o in enumerate(outputs)])
    return fn, "\n".join(lines), inspect.getsource(fn)


@cache
def neg_sampling_kernel() -> Kernel:
    """fn(vc (B,d), uo (B,d), un (B,K,d)) -> loss (B,), g_vc (B,d), g_uo (B,d), g_un (B,K,d).

    Row b is one (center, outside) pair with its K draws. ``g_un`` is per draw: a word drawn twice
    gets two rows, which the caller adds into its parameter row (np.add.at)."""
    alg, steps = symbolic_algebra()
    VC, UO, N = sp.MatrixSymbol("VC", 1, d), sp.MatrixSymbol("UO", 1, d), sp.MatrixSymbol("N", K, d)
    pair = neg_sampling_pair(VC, UO, N, alg)
    generated, expression, source = _lambdify(
        [VC, UO, N, K], (pair.loss, pair.grad_vc, pair.grad_uo, pair.grad_N), steps)

    def fn(vc: np.ndarray, uo: np.ndarray, un: np.ndarray):
        loss, g_vc, g_uo, g_un = generated(vc[:, None, :], uo[:, None, :], un, un.shape[1])
        return loss[:, 0, 0], g_vc[:, 0, :], g_uo[:, 0, :], g_un

    return Kernel("neg-sampling", expression, source, fn)


@cache
def naive_softmax_kernel() -> Kernel:
    """fn(vc (B,d), U_rows (V,d), o (B,) int) -> loss (B,), g_vc (B,d), g_U (V,d).

    ``g_U`` is summed over the batch (U is shared by every pair), computed as coefᵀ·vc from the
    (B,V) matrix ŷ − y, so memory stays O(B·V + V·d)."""
    alg, steps = symbolic_algebra()
    VC, U, Y = sp.MatrixSymbol("VC", 1, d), sp.MatrixSymbol("U", V, d), sp.MatrixSymbol("Y", 1, V)
    pair = naive_softmax_pair(VC, U, Y, alg)
    per_pair, pair_expression, pair_source = _lambdify(
        [VC, U, Y, V], (pair.loss, pair.grad_vc, pair.coef), steps)
    COEF, VCS = sp.MatrixSymbol("COEF", B, V), sp.MatrixSymbol("VCS", B, d)
    batch, batch_expression, batch_source = _lambdify([COEF, VCS], (outside_gradient(COEF, VCS),), [])

    def fn(vc: np.ndarray, U_rows: np.ndarray, o: np.ndarray):
        n, vocab = vc.shape[0], U_rows.shape[0]
        y = np.zeros((n, 1, vocab))  # (B, 1, V) one-hot rows
        y[np.arange(n), 0, o] = 1.0
        loss, g_vc, coef = per_pair(vc[:, None, :], U_rows, y, vocab)
        (g_U,) = batch(coef[:, 0, :], vc)
        return loss[:, 0, 0], g_vc[:, 0, :], g_U

    return Kernel("naive-softmax", f"{pair_expression}\n{batch_expression}",
                  f"{pair_source}\n{batch_source}", fn)


@cache
def sigmoid_kernel() -> Kernel:
    """fn(x) -> σ of every entry of a scalar or an array of any shape; exp(-logaddexp(0, -x)) never
    overflows."""
    x = sp.Symbol("x", real=True)
    fn = sp.lambdify([x], SIGMOID(x), modules="numpy", docstring_limit=0)
    return Kernel("sigmoid", str(SIGMOID(x)), inspect.getsource(fn), fn)


KERNELS: dict[str, Callable[[], Kernel]] = {
    "neg-sampling": neg_sampling_kernel, "naive-softmax": naive_softmax_kernel}
