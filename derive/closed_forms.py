"""The closed-form word2vec gradients, written once and read two ways.

Each formula is a function of a few building blocks, an ``Algebra``. Given the explicit SymPy
matrices of an Instance (``EXPLICIT``) it yields the exact gradients that the equivalence engine
proves equal to ``derive.gradients.gradient`` of the loss (the ``CLAIMS`` table pairs them). Given
MatrixSymbols (``symbolic_algebra()``) the same lines yield the matrix expressions that
derive/kernels.py lambdifies into the trainer's minibatch kernels.

Inside the formulas vectors are ROWS, the layout of the CS224n code and of a minibatch: v_c is 1×d,
the outside matrix is V×d with row w equal to u_wᵀ, the K negative draws are the rows of a K×d
matrix N, y is the 1×V one-hot row. The Instance-level functions turn the results back into the
handout's columns (∂J/∂v_c is d×1, ∂J/∂U is d×V).

How it works::

    >>> from derive.instance import standard_instances
    >>> from derive.gradients import gradient
    >>> from derive.losses import naive_softmax
    >>> inst = standard_instances()[0]
    >>> g = naive_softmax_gradients(inst).v_c  # U(ŷ − y)
    >>> sp.simplify(g - gradient(naive_softmax(inst), inst.v_c)) == sp.zeros(2, 1)
    True
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy as sp
from sympy.codegen.numpy_nodes import logaddexp

from derive import c_kernels, losses
from derive.instance import Instance

Mat = sp.MatrixBase | sp.MatrixExpr


@dataclass(frozen=True)
class Algebra:
    """The primitives the formulas are written in; each acts on explicit or symbolic matrices."""
    sigmoid: Callable[[Mat], Mat]  # σ of every entry
    log_sigmoid: Callable[[Mat], Mat]  # log σ of every entry
    softmax: Callable[[Mat], Mat]  # softmax of each row
    log_sum_exp: Callable[[Mat], Mat]  # log Σ exp of each row: rows×1
    ones: Callable[[sp.Expr, sp.Expr], Mat]
    let: Callable[[str, Mat], Mat]  # names an intermediate value: a local variable of a kernel


def _rowwise(m: sp.MatrixBase, f: Callable[[sp.MatrixBase], sp.MatrixBase]) -> sp.Matrix:
    return sp.Matrix.vstack(*(f(m.row(i)) for i in range(m.rows)))


EXPLICIT = Algebra(
    sigmoid=lambda m: m.applyfunc(losses.sigmoid),
    log_sigmoid=lambda m: m.applyfunc(lambda x: sp.log(losses.sigmoid(x))),
    softmax=lambda m: _rowwise(m.applyfunc(sp.exp), lambda e: e / sum(e)),
    log_sum_exp=lambda m: _rowwise(m, lambda r: sp.Matrix([[sp.log(sum(r.applyfunc(sp.exp)))]])),
    ones=sp.ones,
    let=lambda _name, m: m,
)


class LogSumExpRows(sp.MatrixExpr):
    """log Σ_j exp(X_ij) of each row of X: rows×1. A node of its own so that the printer can emit
    a stable reduction (no overflow at large scores) instead of log(sum(exp(·)))."""

    def __new__(cls, arg: sp.MatrixExpr):
        return super().__new__(cls, arg)

    @property
    def arg(self) -> sp.MatrixExpr:
        return self.args[0]

    @property
    def shape(self) -> tuple[sp.Expr, sp.Expr]:
        return (self.arg.shape[0], sp.Integer(1))

    def _entry(self, i, j, **kwargs):
        return sp.log(sum(sp.exp(self.arg[i, k]) for k in range(self.arg.shape[1])))


_x = sp.Dummy("x", real=True)
# log σ(x) = -log(1 + e^{-x}) = -logaddexp(0, -x): finite for any float x, where log(σ(x)) is
# log(0) = -inf once σ(x) rounds to 0.
LOG_SIGMOID = sp.Lambda(_x, -logaddexp(0, -_x))
SIGMOID = sp.Lambda(_x, sp.exp(-logaddexp(0, -_x)))


def symbolic_algebra() -> tuple[Algebra, list[tuple[sp.MatrixSymbol, sp.MatrixExpr]]]:
    """An Algebra over MatrixSymbols, and the list its ``let`` fills with (name, definition)."""
    steps: list[tuple[sp.MatrixSymbol, sp.MatrixExpr]] = []

    def let(name: str, m: sp.MatrixExpr) -> sp.MatrixSymbol:
        symbol = sp.MatrixSymbol(name, *m.shape)
        steps.append((symbol, m))
        return symbol

    def softmax(m: sp.MatrixExpr) -> sp.MatrixExpr:
        return (m - LogSumExpRows(m) * sp.OneMatrix(1, m.shape[1])).applyfunc(sp.exp)

    algebra = Algebra(sigmoid=lambda m: m.applyfunc(SIGMOID),
                      log_sigmoid=lambda m: m.applyfunc(LOG_SIGMOID),
                      softmax=softmax, log_sum_exp=LogSumExpRows, ones=sp.OneMatrix, let=let)
    return algebra, steps


# --- the formulas, rows convention ---------------------------------------------------------------

@dataclass(frozen=True)
class NaiveSoftmaxPair:
    loss: Mat  # 1×1: -log ŷ_o
    coef: Mat  # 1×V: ŷ − y
    grad_vc: Mat  # 1×d: (ŷ − y) U_rows, the row form of U(ŷ − y)
    grad_U: Mat  # V×d: (ŷ − y)ᵀ v_c, the row form of v_c(ŷ − y)ᵀ


@dataclass(frozen=True)
class NegSamplingPair:
    loss: Mat  # 1×1: -log σ(u_oᵀv_c) - Σ_k log σ(-u_kᵀv_c)
    grad_vc: Mat  # 1×d: (σ(u_oᵀv_c) − 1) u_o + Σ_k σ(u_kᵀv_c) u_k
    grad_uo: Mat  # 1×d: (σ(u_oᵀv_c) − 1) v_c
    grad_N: Mat  # K×d: row k is σ(u_kᵀv_c) v_c, per draw (repeated draws not summed)


def outside_gradient(coef: Mat, vc: Mat) -> Mat:
    """Σ over rows b of coef_bᵀ v_c,b: V×d. One row gives v_c(ŷ − y)ᵀ in row form; the rows of a
    minibatch give its sum over the batch without ever holding B×V×d numbers."""
    return coef.T * vc


def naive_softmax_pair(vc: Mat, U: Mat, y: Mat, alg: Algebra) -> NaiveSoftmaxPair:
    """vc 1×d, U V×d (rows u_wᵀ), y 1×V one-hot."""
    s = alg.let("s", vc * U.T)  # 1×V: the scores u_wᵀ v_c
    coef = alg.let("coef", alg.softmax(s) - y)
    loss = alg.log_sum_exp(s) - s * y.T
    return NaiveSoftmaxPair(loss=loss, coef=coef, grad_vc=coef * U, grad_U=outside_gradient(coef, vc))


def neg_sampling_pair(vc: Mat, uo: Mat, N: Mat, alg: Algebra) -> NegSamplingPair:
    """vc 1×d, uo 1×d, N K×d (row k: the k-th draw's u_kᵀ)."""
    s_o = alg.let("s_o", uo * vc.T)  # 1×1: u_oᵀ v_c
    s_n = alg.let("s_n", N * vc.T)  # K×1: u_kᵀ v_c
    a = alg.let("a", alg.sigmoid(s_o) - alg.ones(1, 1))  # 1×1: σ(u_oᵀv_c) − 1
    b = alg.let("b", alg.sigmoid(s_n))  # K×1: σ(u_kᵀv_c)
    loss = -alg.log_sigmoid(s_o) - alg.ones(1, N.shape[0]) * alg.log_sigmoid(-s_n)
    return NegSamplingPair(loss=loss, grad_vc=a * uo + b.T * N, grad_uo=a * vc, grad_N=b * vc)


# --- in an Instance, the handout's columns -------------------------------------------------------

@dataclass(frozen=True)
class Gradients:
    """∂J/∂… of one loss in an Instance, each with its parameter's shape."""
    v_c: sp.Matrix  # d×1
    U: sp.Matrix  # d×V; a word drawn several times gets the sum of its draws' gradients
    draws: tuple[sp.Matrix, ...] = ()  # d×1 each: ∂J/∂u_k with respect to the k-th draw alone


def _selection(words: tuple[int, ...], V: int) -> sp.Matrix:
    """len(words)×V, row k one-hot at words[k]: Sᵀ G adds the rows of G into their words' rows."""
    return sp.Matrix(len(words), V, lambda k, w: 1 if words[k] == w else 0)


def naive_softmax_gradients(inst: Instance, o: int | None = None) -> Gradients:
    o = inst.o if o is None else o
    pair = naive_softmax_pair(inst.v_c.T, inst.U.T, _selection((o,), inst.V), EXPLICIT)
    return Gradients(v_c=pair.grad_vc.T, U=pair.grad_U.T)


def neg_sampling_gradients(inst: Instance, o: int | None = None) -> Gradients:
    o = inst.o if o is None else o
    N = sp.Matrix.vstack(*(u.T for u in inst.draws))
    pair = neg_sampling_pair(inst.v_c.T, inst.u(o).T, N, EXPLICIT)
    U_rows = _selection((o,), inst.V).T * pair.grad_uo
    if not inst.separate_draws:
        U_rows += _selection(inst.negatives, inst.V).T * pair.grad_N
    draws = tuple(pair.grad_N.row(k).T for k in range(inst.K))
    return Gradients(v_c=pair.grad_vc.T, U=U_rows.T, draws=draws)


PAIR_GRADIENTS: dict[str, Callable[[Instance, int | None], Gradients]] = {
    "naive-softmax": naive_softmax_gradients, "neg-sample": neg_sampling_gradients}


def skipgram_gradients(inst: Instance, loss: str) -> Gradients:
    """The sum over the window's outside words of the pair gradients; ``loss`` keys LOSSES."""
    parts = [PAIR_GRADIENTS[loss](inst, w) for w in inst.window]
    draws = tuple(sum((p.draws[k] for p in parts), sp.zeros(inst.d, 1)) for k in range(len(parts[0].draws)))
    return Gradients(v_c=sum((p.v_c for p in parts), sp.zeros(inst.d, 1)),
                     U=sum((p.U for p in parts), sp.zeros(inst.d, inst.V)), draws=draws)


def per_pair_loop_gradients(inst: Instance) -> Gradients:
    """What train/skipgram.c applies for one pair, composed from the C kernels' expressions
    (derive/c_kernels.py): each score's coefficient (positive, negative), then the chain rule
    (center, outside) coordinate by coordinate. Proved like the closed forms, so the compiled loop
    follows from the loss, not from a formula written beside it."""
    kernels = {f.name: f for f in c_kernels.functions()}

    def coefficient(name: str, score: sp.Expr) -> sp.Expr:
        return kernels[name].expression.subs(c_kernels.S, score)

    def chain(name: str, g: sp.Expr, vector: sp.Matrix) -> sp.Matrix:
        rule = kernels[name]
        return vector.applyfunc(lambda x: rule.expression.subs({c_kernels.G: g, rule.args[1]: x}))

    g_o = coefficient("positive", (inst.u(inst.o).T * inst.v_c)[0, 0])
    g_k = [coefficient("negative", (u.T * inst.v_c)[0, 0]) for u in inst.draws]
    v_c = chain("center", g_o, inst.u(inst.o))
    for g, u in zip(g_k, inst.draws):
        v_c += chain("center", g, u)
    draws = tuple(chain("outside", g, inst.v_c) for g in g_k)
    U = sp.zeros(inst.d, inst.V)
    U[:, inst.o] = chain("outside", g_o, inst.v_c)
    if not inst.separate_draws:
        for w, grad in zip(inst.negatives, draws):
            U[:, w] += grad
    return Gradients(v_c=v_c, U=U, draws=draws)


@dataclass(frozen=True)
class Claim:
    """A closed form and the derivative it claims to equal: ∂ loss(inst) / ∂ wrt(inst)."""
    name: str
    loss: Callable[[Instance], sp.Expr]
    wrt: Callable[[Instance], sp.Matrix]  # a matrix of the instance's symbols
    closed: Callable[[Instance], sp.Matrix]
    applies: Callable[[Instance], bool] = lambda inst: True


def _draw_columns(inst: Instance) -> sp.Matrix:
    return sp.Matrix.hstack(*inst.draws)


def _skipgram(name: str) -> Callable[[Instance], sp.Expr]:
    return lambda inst: losses.skipgram(inst, losses.LOSSES[name])


CLAIMS: tuple[Claim, ...] = (
    Claim("naive softmax: dJ/dv_c = U(y_hat - y)", losses.naive_softmax,
          lambda i: i.v_c, lambda i: naive_softmax_gradients(i).v_c),
    Claim("naive softmax: dJ/dU = v_c(y_hat - y)^T", losses.naive_softmax,
          lambda i: i.U, lambda i: naive_softmax_gradients(i).U),
    Claim("neg sampling: dJ/dv_c = (sigma(u_o.v_c) - 1)u_o + sum_k sigma(u_k.v_c)u_k",
          losses.neg_sampling, lambda i: i.v_c, lambda i: neg_sampling_gradients(i).v_c),
    Claim("neg sampling: dJ/du_o = (sigma(u_o.v_c) - 1)v_c", losses.neg_sampling,
          lambda i: i.u(i.o), lambda i: neg_sampling_gradients(i).U[:, i.o]),
    Claim("neg sampling: dJ/du_k = sigma(u_k.v_c)v_c, per draw", losses.neg_sampling,
          _draw_columns, lambda i: sp.Matrix.hstack(*neg_sampling_gradients(i).draws),
          applies=lambda i: i.separate_draws),
    Claim("neg sampling: dJ/dU, repeated draws summed per column", losses.neg_sampling,
          lambda i: i.U, lambda i: neg_sampling_gradients(i).U),
    Claim("skip-gram, naive softmax: dJ/dv_c", _skipgram("naive-softmax"),
          lambda i: i.v_c, lambda i: skipgram_gradients(i, "naive-softmax").v_c),
    Claim("skip-gram, naive softmax: dJ/dU", _skipgram("naive-softmax"),
          lambda i: i.U, lambda i: skipgram_gradients(i, "naive-softmax").U),
    Claim("skip-gram, neg sampling: dJ/dv_c", _skipgram("neg-sample"),
          lambda i: i.v_c, lambda i: skipgram_gradients(i, "neg-sample").v_c),
    Claim("skip-gram, neg sampling: dJ/dU", _skipgram("neg-sample"),
          lambda i: i.U, lambda i: skipgram_gradients(i, "neg-sample").U),
    Claim("per-pair loop (C kernels): dJ/dv_c", losses.neg_sampling,
          lambda i: i.v_c, lambda i: per_pair_loop_gradients(i).v_c),
    Claim("per-pair loop (C kernels): dJ/du_k, per draw", losses.neg_sampling,
          _draw_columns, lambda i: sp.Matrix.hstack(*per_pair_loop_gradients(i).draws),
          applies=lambda i: i.separate_draws),
    Claim("per-pair loop (C kernels): dJ/dU, repeated draws summed per column", losses.neg_sampling,
          lambda i: i.U, lambda i: per_pair_loop_gradients(i).U),
)
