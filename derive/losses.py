"""The word2vec losses of an Instance, written as the handout defines them.

Naive softmax: J = -log ŷ_o with ŷ = softmax(Uᵀ v_c); the same as the cross-entropy -Σ_w y_w log ŷ_w.
Negative sampling: J = -log σ(u_oᵀ v_c) - Σ_k log σ(-u_kᵀ v_c) over the K draws.
Skip-gram: the sum of a pair loss over the window's outside words.
"""
from __future__ import annotations

from typing import Callable

import sympy as sp

from derive.instance import Instance

PairLoss = Callable[[Instance, int], sp.Expr]


def sigmoid(x: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-x))


def scores(inst: Instance) -> sp.Matrix:
    """Uᵀ v_c, V×1."""
    return inst.U.T * inst.v_c


def y_hat(inst: Instance) -> sp.Matrix:
    """softmax(Uᵀ v_c), V×1."""
    e = scores(inst).applyfunc(sp.exp)
    return e / sum(e)


def one_hot(inst: Instance, o: int | None = None) -> sp.Matrix:
    """y: 1 at the outside word, V×1."""
    o = inst.o if o is None else o
    return sp.Matrix(inst.V, 1, lambda w, _: 1 if w == o else 0)


def naive_softmax(inst: Instance, o: int | None = None) -> sp.Expr:
    o = inst.o if o is None else o
    return -sp.log(y_hat(inst)[o])


def cross_entropy(inst: Instance, o: int | None = None) -> sp.Expr:
    y, p = one_hot(inst, o), y_hat(inst)
    return -sum(y[w] * sp.log(p[w]) for w in range(inst.V))


def neg_sampling(inst: Instance, o: int | None = None) -> sp.Expr:
    o = inst.o if o is None else o
    dot = lambda a, b: (a.T * b)[0, 0]  # noqa: E731 - a two-line helper reads better inline
    return (-sp.log(sigmoid(dot(inst.u(o), inst.v_c)))
            - sum(sp.log(sigmoid(-dot(u_k, inst.v_c))) for u_k in inst.draws))


def skipgram(inst: Instance, pair_loss: PairLoss = naive_softmax) -> sp.Expr:
    """Σ over -m ≤ j ≤ m, j ≠ 0 of J(v_c, w_{t+j}, U)."""
    return sum(pair_loss(inst, w) for w in inst.window)


LOSSES: dict[str, PairLoss] = {"naive-softmax": naive_softmax, "neg-sample": neg_sampling}
