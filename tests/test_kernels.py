"""The lambdified kernels against SymPy's derivative at small instances and finite differences at
full size; their stability at large scores. (The per-pair C kernels: test_native_loop.py.)"""
import numpy as np
import pytest
import sympy as sp

from derive import losses
from derive.gradients import gradient
from derive.instance import Instance, standard_instances
from derive.kernels import naive_softmax_kernel, neg_sampling_kernel

OVERLAP = Instance(V=4, d=2, K=3, m=1, o=2, c=2, negatives=(0, 0, 3), window=(2, 3))
INSTANCES = [i for i in (*standard_instances(), OVERLAP) if not i.separate_draws]


def _rel_err(got: np.ndarray, want: np.ndarray) -> float:
    return float(np.max(np.abs(got - want)) / max(np.max(np.abs(want)), 1e-300))


def _point(inst: Instance, seed: int) -> tuple[dict, np.ndarray, np.ndarray]:
    """Random values for the instance's symbols, and U, C as (V, d) row arrays."""
    rng = np.random.default_rng(seed)
    U, C = rng.normal(size=(inst.V, inst.d)), rng.normal(size=(inst.V, inst.d))
    values = {inst.U[i, w]: U[w, i] for i in range(inst.d) for w in range(inst.V)}
    values |= {inst.C[i, w]: C[w, i] for i in range(inst.d) for w in range(inst.V)}
    return values, U, C


def _sympy(expr, values) -> np.ndarray:
    return np.array(sp.Matrix(expr).subs(values).evalf(20), dtype=float) if isinstance(expr, sp.MatrixBase) \
        else float(expr.subs(values).evalf(20))


@pytest.mark.parametrize("inst", INSTANCES, ids=lambda i: f"V{i.V}d{i.d}K{i.K}")
def test_neg_sampling_kernel_equals_sympy_diff_over_a_window(inst):
    # One batch row per outside word of the window: the batch sum is the skip-gram loss.
    values, U, C = _point(inst, 1)
    window = np.array(inst.window)
    B = len(window)
    negatives = np.broadcast_to(U[list(inst.negatives)], (B, inst.K, inst.d))  # the same draws per pair
    loss, g_vc, g_uo, g_un = neg_sampling_kernel().fn(np.repeat(C[[inst.c]], B, axis=0), U[window], negatives)
    J = losses.skipgram(inst, losses.neg_sampling)
    g_U = np.zeros_like(U)
    np.add.at(g_U, window, g_uo)
    np.add.at(g_U, np.tile(inst.negatives, B), g_un.reshape(-1, inst.d))
    assert _rel_err(loss.sum(), _sympy(J, values)) < 1e-10
    assert _rel_err(g_vc.sum(axis=0), _sympy(gradient(J, inst.v_c), values)[:, 0]) < 1e-10
    assert _rel_err(g_U, _sympy(gradient(J, inst.U), values).T) < 1e-10


@pytest.mark.parametrize("inst", INSTANCES, ids=lambda i: f"V{i.V}d{i.d}K{i.K}")
def test_naive_softmax_kernel_equals_sympy_diff_over_a_window(inst):
    values, U, C = _point(inst, 2)
    window = np.array(inst.window)
    loss, g_vc, g_U = naive_softmax_kernel().fn(np.repeat(C[[inst.c]], len(window), axis=0), U, window)
    J = losses.skipgram(inst, losses.naive_softmax)
    assert _rel_err(loss.sum(), _sympy(J, values)) < 1e-10
    assert _rel_err(g_vc.sum(axis=0), _sympy(gradient(J, inst.v_c), values)[:, 0]) < 1e-10
    assert _rel_err(g_U, _sympy(gradient(J, inst.U), values).T) < 1e-10


def _directional_check(loss_of, params: list[np.ndarray], grads: list[np.ndarray], seed: int) -> float:
    """The worst, over the parameters, relative error between ⟨∂J/∂p, Δ⟩ and the central
    difference of J along a random Δ in p alone."""
    rng = np.random.default_rng(seed)
    h = 1e-5
    errors = []
    for i, (p, g) in enumerate(zip(params, grads)):
        delta = rng.normal(size=p.shape)
        moved = lambda step: loss_of(*params[:i], p + step * delta, *params[i + 1:])  # noqa: E731
        numeric = (moved(h) - moved(-h)) / (2 * h)
        analytic = float(np.sum(g * delta))
        errors.append(abs(numeric - analytic) / abs(analytic))
    return max(errors)


V_FULL, D_FULL, K_FULL, B_FULL = 2000, 100, 10, 64


@pytest.mark.parametrize("seed", [0, 1])
def test_neg_sampling_kernel_matches_finite_differences_at_full_size(seed):
    rng = np.random.default_rng(seed)
    vc, uo = 0.3 * rng.normal(size=(B_FULL, D_FULL)), 0.3 * rng.normal(size=(B_FULL, D_FULL))
    un = 0.3 * rng.normal(size=(B_FULL, K_FULL, D_FULL))
    fn = neg_sampling_kernel().fn
    _, g_vc, g_uo, g_un = fn(vc, uo, un)
    err = _directional_check(lambda *p: fn(*p)[0].sum(), [vc, uo, un], [g_vc, g_uo, g_un], seed + 10)
    assert err < 1e-6


@pytest.mark.parametrize("seed", [0, 1])
def test_naive_softmax_kernel_matches_finite_differences_at_full_size(seed):
    rng = np.random.default_rng(seed)
    vc, U = 0.3 * rng.normal(size=(B_FULL, D_FULL)), 0.3 * rng.normal(size=(V_FULL, D_FULL))
    o = rng.integers(0, V_FULL, size=B_FULL)
    fn = naive_softmax_kernel().fn
    _, g_vc, g_U = fn(vc, U, o)
    err = _directional_check(lambda v, u: fn(v, u, o)[0].sum(), [vc, U], [g_vc, g_U], seed + 10)
    assert err < 1e-6


@pytest.mark.parametrize("score, loss", [
    (40.0, np.log1p(np.exp(-40.0))),  # -log σ(40) ≈ 4.2e-18, where log(σ(40)) rounds to log(1) = 0
    (-40.0, 40.0 + np.log1p(np.exp(-40.0))),
    (-800.0, 800.0),  # σ(-800) is 0 in float64: log σ would be -inf
])
def test_neg_sampling_loss_is_finite_and_exact_at_large_scores(score, loss):
    got, g_vc, g_uo, _ = neg_sampling_kernel().fn(np.array([[score]]), np.ones((1, 1)), np.zeros((1, 2, 1)))
    assert got[0] == pytest.approx(loss + 2 * np.log(2), rel=1e-15)
    assert np.all(np.isfinite(g_vc)) and np.all(np.isfinite(g_uo))


def test_naive_softmax_is_finite_at_large_scores():
    loss, g_vc, g_U = naive_softmax_kernel().fn(np.array([[900.0]]), np.array([[1.0], [-1.0]]), np.array([1]))
    assert loss[0] == pytest.approx(1800.0, rel=1e-15)
    assert g_vc[0, 0] == pytest.approx(2.0) and g_U[:, 0] == pytest.approx([900.0, -900.0])


@pytest.mark.parametrize("kernel", [neg_sampling_kernel, naive_softmax_kernel])
def test_generated_source_is_loop_free_numpy_and_keeps_its_expression(kernel):
    k = kernel()
    assert "numpy." in k.source and "for " not in k.source and "def _lambdifygenerated" in k.source
    assert "coef" in k.expression or "s_o" in k.expression
