"""The closed forms equal SymPy's own derivative exactly, and their matrix forms equal them in value."""
import dataclasses
import random

import pytest
import sympy as sp

from derive import closed_forms as cf
from derive.gradients import gradient
from derive.instance import Instance, standard_instances
from derive.losses import neg_sampling

# Besides the standard instances: the outside word is the center word, word 0 is drawn twice, and
# the window's word 3 is also a negative draw, so a column collects a positive and a negative part.
OVERLAP = Instance(V=4, d=2, K=3, m=1, o=2, c=2, negatives=(0, 0, 3), window=(2, 3))
INSTANCES = (*standard_instances(), OVERLAP)


def _is_zero(m: sp.Matrix) -> bool:
    return m.applyfunc(sp.simplify) == sp.zeros(*m.shape)


APPLICABLE = [pytest.param(c, i, id=f"{c.name}-V{i.V}d{i.d}K{i.K}sep{int(i.separate_draws)}")
              for c in cf.CLAIMS for i in INSTANCES if c.applies(i)]


@pytest.mark.parametrize("claim, inst", APPLICABLE)
def test_closed_form_is_exactly_sympys_derivative(claim, inst):
    assert _is_zero(claim.closed(inst) - gradient(claim.loss(inst), claim.wrt(inst)))


def test_every_claim_is_checked_in_some_instance():
    assert all(any(c.applies(i) for i in INSTANCES) for c in cf.CLAIMS)


def test_per_draw_gradient_is_not_the_column_gradient_when_a_word_is_drawn_twice():
    # The check above can fail: word 1 is drawn twice, so its column gets twice a draw's gradient.
    inst = standard_instances()[1]
    assert inst.negatives.count(1) == 2
    per_draw = cf.neg_sampling_gradients(inst).draws[0]
    column = gradient(neg_sampling(inst), inst.u(1))
    assert not _is_zero(per_draw - column)
    assert _is_zero(2 * per_draw - column)


def _evaluate(expr, steps, sizes: dict, values: dict) -> sp.Matrix:
    """A symbolic form as numbers: the named steps put back, sizes fixed, MatrixSymbols valued."""
    for name, definition in reversed(steps):
        expr = expr.xreplace({name: definition})
    expr = expr.xreplace(sizes)
    expr = expr.xreplace({sym.xreplace(sizes): sp.ImmutableMatrix(val) for sym, val in values.items()})
    return sp.Matrix(expr.as_explicit()).evalf(30)


def _random_matrix(rng: random.Random, rows: int, cols: int) -> sp.Matrix:
    return sp.Matrix(rows, cols, lambda i, j: sp.Rational(rng.randint(-300, 300), 100))


@pytest.mark.parametrize("d_, V_, K_", [(2, 4, 2), (3, 5, 3)])
def test_matrix_forms_equal_explicit_forms_in_value(d_, V_, K_):
    rng = random.Random(d_ * 100 + V_)
    d, V, K = sp.symbols("d V K", integer=True, positive=True)
    sizes = {d: d_, V: V_, K: K_}
    VC, UO, N = sp.MatrixSymbol("VC", 1, d), sp.MatrixSymbol("UO", 1, d), sp.MatrixSymbol("N", K, d)
    U, Y = sp.MatrixSymbol("U", V, d), sp.MatrixSymbol("Y", 1, V)
    vc, uo, n, u = (_random_matrix(rng, 1, d_), _random_matrix(rng, 1, d_),
                    _random_matrix(rng, K_, d_), _random_matrix(rng, V_, d_))
    n[1, :] = n[0, :]  # a repeated draw
    y = sp.Matrix(1, V_, lambda _, w: 1 if w == 1 else 0)
    values = {VC: vc, UO: uo, N: n, U: u, Y: y}

    alg, steps = cf.symbolic_algebra()
    symbolic = (cf.neg_sampling_pair(VC, UO, N, alg), cf.naive_softmax_pair(VC, U, Y, alg))
    explicit = (cf.neg_sampling_pair(vc, uo, n, cf.EXPLICIT), cf.naive_softmax_pair(vc, u, y, cf.EXPLICIT))
    fields = (("loss", "grad_vc", "grad_uo", "grad_N"), ("loss", "coef", "grad_vc", "grad_U"))
    for sym_form, exp_form, names in zip(symbolic, explicit, fields):
        for name in names:
            got = _evaluate(getattr(sym_form, name), steps, sizes, values)
            want = sp.Matrix(getattr(exp_form, name)).evalf(30)
            assert got.shape == want.shape, name
            assert max(abs(g - w) for g, w in zip(got, want)) < 1e-25, name


def test_log_sigmoid_rewrite_is_log_of_sigmoid():
    x = sp.Symbol("x", real=True)
    rewritten = cf.LOG_SIGMOID(x).rewrite(sp.log)
    assert sp.simplify(rewritten - sp.log(1 / (1 + sp.exp(-x)))) == 0
    assert sp.simplify(cf.SIGMOID(x).rewrite(sp.log) - 1 / (1 + sp.exp(-x))) == 0


def test_a_wrong_c_kernel_is_refuted_so_the_trainer_would_refuse_it(monkeypatch):
    from checks.kernel_proofs import prove_kernels
    wrong = tuple(dataclasses.replace(f, expression=-f.expression) if f.name == "negative" else f
                  for f in cf.c_kernels.functions())
    monkeypatch.setattr(cf.c_kernels, "functions", lambda: wrong)
    verdicts = {p.claim: p.verdict.value for p in prove_kernels()}
    per_pair = {c for c in verdicts if c.startswith("per-pair loop")}
    assert len(per_pair) == 3 and {verdicts[c] for c in per_pair} == {"refuted"}
    assert {v for c, v in verdicts.items() if c not in per_pair} == {"proved"}
