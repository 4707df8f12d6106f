"""Per-pair SGD for negative sampling, compiled by numba from functions SymPy printed.

The fast path of training (word2vec's own loop: one update per (center, outside) pair, Hogwild
threads over sentence shards). Every gradient number in it comes out of a SymPy-generated function:

- ``dJ/ds`` of each score s = u·v_c: ``derive.kernels.neg_sampling_coefficients()``, SymPy's ``diff``
  of the negative-sampling loss in a score, printed for the ``math`` module;
- the chain rule from a score to a coordinate of v_c or of u: ``chain_rule()`` below, SymPy's ``diff``
  of ``J(uᵀv)`` for an undefined ``J`` with ``J'`` named ``g``, printed the same way.

numba compiles these printed functions and inlines them into the loop. The loop itself only reads
rows, forms the dot products (the forward pass), draws words, and applies ``x -= step * gradient``.
Randomness is word2vec's linear congruential generator seeded per shard, so a shard's result depends
on its seed alone: one worker gives the same vectors on every run, and a resumed run continues exactly.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import cache
from typing import Callable

import numba
import numpy as np
import sympy as sp

from derive.kernels import Kernel, neg_sampling_coefficients


@dataclass(frozen=True)
class ChainRule:
    center: Kernel  # (g, u_i) ↦ ∂J/∂v_i when g = dJ/ds and s = uᵀv
    outside: Kernel  # (g, v_i) ↦ ∂J/∂u_i


@cache
def chain_rule(d: int = 3) -> ChainRule:
    """SymPy's derivative of J(uᵀv) in one coordinate of v and of u, with J' written g. The same
    rule must come out for every coordinate (checked at size ``d``), so the loop may apply it to each."""
    u = sp.symbols(f"u_0:{d}", real=True)
    v = sp.symbols(f"v_0:{d}", real=True)
    g, u_i, v_i = sp.symbols("g u_i v_i", real=True)
    J = sp.Function("J")
    score = (sp.Matrix(u).T * sp.Matrix(v))[0, 0]

    def rule(wrt: tuple, other: tuple, name: str, arg: sp.Symbol) -> Kernel:
        forms = {sp.diff(J(score), wrt[i]).replace(lambda e: isinstance(e, sp.Subs), lambda e: g)
                 .subs(other[i], arg) for i in range(d)}
        assert len(forms) == 1, f"the chain rule differs between coordinates: {forms}"
        (form,) = forms
        fn = sp.lambdify([g, arg], form, modules="math", docstring_limit=0)
        return Kernel(name, f"d/d{wrt[0].name[0]}_i J(uᵀv) = {form}", inspect.getsource(fn), fn)

    return ChainRule(center=rule(v, u, "dJ/dv_i", u_i), outside=rule(u, v, "dJ/du_i", v_i))


def kernels() -> tuple[Kernel, ...]:
    """The SymPy-printed functions the loop is compiled from, to save with each run."""
    coefficients, chain = neg_sampling_coefficients(), chain_rule()
    return coefficients.positive, coefficients.negative, chain.center, chain.outside


_LCG_A, _LCG_C = np.uint64(25214903917), np.uint64(11)  # word2vec's generator
_TO_UNIT = 2.0 ** -53


@cache
def shard_trainer() -> Callable:
    """The compiled loop: ``fn(ids, starts, first, last, W, Wout, keep, table, window, negatives,
    alpha_from, alpha_to, seed, buffer, work) -> tokens read``.

    Trains on sentences ``first`` to ``last`` (exclusive) of the encoded corpus, updating ``W``
    (V, d) center vectors and ``Wout`` (V, d) outside vectors in place; the step size moves linearly
    from ``alpha_from`` to ``alpha_to`` over the shard. ``buffer`` (max sentence,) int32 and ``work``
    (d,) float32 are the shard's own scratch space."""
    positive, negative, center, outside = (numba.njit(inline="always")(k.fn) for k in kernels())

    # error_model="numpy": x/0 gives inf as NumPy does (the NaN guard catches it) instead of a raise
    # check in every generated 1/(...), which cost a quarter of the speed.
    @numba.njit(nogil=True, fastmath=True, error_model="numpy")
    def train_shard(ids, starts, first, last, W, Wout, keep, table, window, negatives,
                    alpha_from, alpha_to, seed, buffer, work):
        rng = np.uint64(seed)
        total = max(starts[last] - starts[first], 1)
        done = 0
        d = W.shape[1]
        for sentence in range(first, last):
            lo, hi = starts[sentence], starts[sentence + 1]
            alpha = np.float32(alpha_from + (alpha_to - alpha_from) * (done / total))
            n = 0
            for p in range(lo, hi):  # subsampling: keep each occurrence with its word's chance
                w = ids[p]
                rng = rng * _LCG_A + _LCG_C
                if keep[w] >= 1.0 or (rng >> np.uint64(11)) * _TO_UNIT < keep[w]:
                    buffer[n] = w
                    n += 1
            for i in range(n):
                rng = rng * _LCG_A + _LCG_C
                radius = window - np.int64((rng >> np.uint64(16)) % np.uint64(window))  # 1..window
                c = buffer[i]
                for j in range(max(0, i - radius), min(n, i + radius + 1)):
                    if j == i:
                        continue
                    o = buffer[j]
                    work[:] = np.float32(0.0)
                    score = np.float32(0.0)
                    for t in range(d):
                        score += W[c, t] * Wout[o, t]
                    g = np.float32(positive(score))
                    for t in range(d):
                        work[t] += center(g, Wout[o, t])
                        Wout[o, t] -= alpha * outside(g, W[c, t])
                    for _ in range(negatives):
                        k = o
                        while k == o:  # a negative draw is never the outside word itself
                            rng = rng * _LCG_A + _LCG_C
                            k = np.searchsorted(table, (rng >> np.uint64(11)) * _TO_UNIT, side="right")
                        score = np.float32(0.0)
                        for t in range(d):
                            score += W[c, t] * Wout[k, t]
                        g = np.float32(negative(score))
                        for t in range(d):
                            work[t] += center(g, Wout[k, t])
                            Wout[k, t] -= alpha * outside(g, W[c, t])
                    for t in range(d):
                        W[c, t] -= alpha * work[t]
            done += hi - lo
        return done

    return train_shard
