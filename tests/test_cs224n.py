"""train.cs224n against the assignment's own sanity harness (its seeds, dummy dataset, order of random
draws and published values), against SymPy's derivative at small instances, and its SGD schedule."""
import inspect
import json
import random

import numpy as np
import pytest
import sympy as sp

import train.cs224n as w2v
from derive import losses
from derive.gradients import gradient
from derive.instance import Instance

# --- the assignment's harness: word2vec.py's test functions and utils/gradcheck.py's tables -------


def _normalize_rows(x):
    return x / np.sqrt(np.sum(x ** 2, axis=1, keepdims=True))


def _dummy_objects():
    """getDummyObjects(): the dummy dataset, then the seeds, then np.random.randn(10, 3)."""
    tokens = ["a", "b", "c", "d", "e"]
    dataset = type("dummy", (), {})()
    dataset.sampleTokenIdx = lambda: random.randint(0, 4)
    dataset.getRandomContext = lambda C: (tokens[random.randint(0, 4)],
                                          [tokens[random.randint(0, 4)] for _ in range(2 * C)])
    random.seed(31415)
    np.random.seed(9265)
    vectors = _normalize_rows(np.random.randn(10, 3))
    return dataset, vectors, {t: i for i, t in enumerate(tokens)}


PASSED = "Gradient check passed!"

# grad_tests_softmax and grad_tests_negsamp: (center, windowSize, outside words, loss, center row,
# gradient of the outside vectors), run in this order after the gradient check of the same loss.
SOFTMAX_CASES = [
    ("c", 3, ["a", "b", "e", "d", "b", "c"], 11.16610900153398, [-1.26947339, -1.36873189, 2.45158957],
     [[-0.41045956, 0.18834851, 1.43272264], [0.38202831, -0.17530219, -1.33348241],
      [0.07009355, -0.03216399, -0.24466386], [0.09472154, -0.04346509, -0.33062865],
      [-0.13638384, 0.06258276, 0.47605228]]),
    ("b", 3, ["a", "b", "e", "d", "b", "c"], 9.87714910003414, [-0.14586705, -1.34158321, -0.29291951],
     [[-0.30342672, 0.19808298, 0.19587419], [-0.41359958, 0.27000601, 0.26699522],
      [-0.08192272, 0.05348078, 0.05288442], [0.6981188, -0.4557458, -0.45066387],
      [0.10083022, -0.06582396, -0.06508997]]),
    ("a", 3, ["a", "b", "e", "d", "b", "c"], 10.810758628593335, [-1.1790274, -1.35861865, 1.53590492],
     [[-7.96035953e-01, -1.79609012e-02, 2.07761330e-01], [1.40175316e+00, 3.16276545e-02, -3.65850437e-01],
      [-1.99691259e-01, -4.50561933e-03, 5.21184016e-02], [2.02560028e-02, 4.57034715e-04, -5.28671357e-03],
      [-4.26281954e-01, -9.61816867e-03, 1.11257419e-01]]),
]
NEGSAMP_CASES = [
    ("c", 1, ["a", "b"], 16.15119285363322, [-4.54650789, -1.85942252, 0.76397441],
     [[-0.69148188, 0.31730185, 2.41364029], [-0.22716495, 0.10423969, 0.79292674],
      [-0.45528438, 0.20891737, 1.58918512], [-0.31602611, 0.14501561, 1.10309954],
      [-0.80620296, 0.36994417, 2.81407799]]),
    ("c", 2, ["a", "b", "c", "a"], 28.653567707668795, [-6.42994865, -2.16396482, -1.89240934],
     [[-0.80413277, 0.36899421, 2.80685192], [-0.9277269, 0.42570813, 3.23826131],
      [-0.7511534, 0.34468345, 2.62192569], [-0.94807832, 0.43504684, 3.30929863],
      [-1.12868414, 0.51792184, 3.93970919]]),
    ("a", 3, ["a", "b", "e", "d", "b", "c"], 60.648705494891914, [-17.89425315, -7.36940626, -1.23364121],
     [[-6.4780819, -0.14616449, 1.69074639], [-0.86337952, -0.01948037, 0.22533766],
      [-9.59525734, -0.21649709, 2.5043133], [-6.02261515, -0.13588783, 1.57187189],
      [-9.69010072, -0.21863704, 2.52906694]]),
]


def test_sigmoid_sanity_values():
    assert w2v.sigmoid(0) == 0.5
    assert np.allclose(w2v.sigmoid(np.array([0])), np.array([0.5]))
    assert np.allclose(w2v.sigmoid(np.array([1, 2, 3])), np.array([0.73105858, 0.88079708, 0.95257413]))


@pytest.mark.parametrize("loss_fn", [w2v.naiveSoftmaxLossAndGradient, w2v.negSamplingLossAndGradient],
                         ids=lambda f: f.__name__)
def test_pair_gradient_checks_pass(loss_fn, capsys):
    """test_naiveSoftmaxLossAndGradient / test_negSamplingLossAndGradient."""
    dataset, vectors, _ = _dummy_objects()
    w2v.gradcheck_naive(lambda vec: loss_fn(vec, 1, vectors, dataset)[:2], np.random.randn(3), "center")
    center = np.random.randn(3)
    w2v.gradcheck_naive(lambda vec: loss_fn(center, 1, vec, dataset)[::2], vectors, "outside")
    assert capsys.readouterr().out.count(PASSED) == 2


def _check_cases(cases, dataset, vectors, tokens, loss_fn):
    for center, size, words, loss, center_row, outside in cases:
        got_loss, got_center, got_outside = w2v.skipgram(
            center, size, words, tokens, vectors[:5, :], vectors[5:, :], dataset, loss_fn)
        want_center = np.zeros((5, 3))
        want_center[tokens[center]] = center_row
        assert np.allclose(got_loss, loss), center
        assert np.allclose(got_center, want_center) and np.allclose(got_outside, outside), center


def test_skipgram_reproduces_the_published_sanity_values(capsys):
    """test_skipgram: each gradient check leaves Python's random state where the next case expects it."""
    dataset, vectors, tokens = _dummy_objects()
    w2v.gradcheck_naive(lambda vec: w2v.word2vec_sgd_wrapper(
        w2v.skipgram, tokens, vec, dataset, 5, w2v.naiveSoftmaxLossAndGradient), vectors, "softmax")
    _check_cases(SOFTMAX_CASES, dataset, vectors, tokens, w2v.naiveSoftmaxLossAndGradient)
    w2v.gradcheck_naive(lambda vec: w2v.word2vec_sgd_wrapper(
        w2v.skipgram, tokens, vec, dataset, 5, w2v.negSamplingLossAndGradient), vectors, "negsamp")
    _check_cases(NEGSAMP_CASES, dataset, vectors, tokens, w2v.negSamplingLossAndGradient)
    assert capsys.readouterr().out.count(PASSED) == 2


def test_skipgram_default_loss_is_naive_softmax():
    dataset, vectors, tokens = _dummy_objects()
    center, size, words, loss, _, _ = SOFTMAX_CASES[0]
    assert np.allclose(w2v.skipgram(center, size, words, tokens, vectors[:5], vectors[5:], dataset)[0], loss)


def test_gradcheck_reports_a_wrong_gradient(capsys):
    w2v.gradcheck_naive(lambda x: (np.sum(x ** 2), 2.1 * x), np.array([1.0, 2.0]), "bad")
    out = capsys.readouterr().out
    assert "Gradient check failed for bad." in out and "index (0,)" in out and PASSED not in out


def test_gradcheck_restores_random_state_before_each_evaluation(capsys):
    # Without the restore, f's random offset would differ between x+h and x-h.
    w2v.gradcheck_naive(lambda x: (np.sum(x ** 2) + random.random(), 2 * x), np.array([0.5, -1.0]), "rnd")
    assert PASSED in capsys.readouterr().out


# --- against SymPy at small instances ----------------------------------------------------------


class Scripted:
    """A dataset whose sampleTokenIdx replays a fixed list, and counts what it handed out."""

    def __init__(self, draws):
        self.draws, self.used = list(draws), 0

    def sampleTokenIdx(self):
        self.used += 1
        return self.draws[(self.used - 1) % len(self.draws)]


def _values(inst: Instance, seed: int):
    rng = np.random.default_rng(seed)
    U, C = rng.normal(size=(inst.V, inst.d)), rng.normal(size=(inst.V, inst.d))  # rows
    values = {inst.U[i, w]: U[w, i] for i in range(inst.d) for w in range(inst.V)}
    values |= {inst.C[i, w]: C[w, i] for i in range(inst.d) for w in range(inst.V)}
    return values, U, C


def _truth(J, inst, values):
    """(J, ∂J/∂v_c as (d,), ∂J/∂U as (V, d)) evaluated by SymPy."""
    num = lambda m: np.array(sp.Matrix(m).subs(values).evalf(20), dtype=float)  # noqa: E731
    return float(J.subs(values).evalf(20)), num(gradient(J, inst.v_c))[:, 0], num(gradient(J, inst.U)).T


def _close(got, want):
    return np.max(np.abs(np.asarray(got) - want)) <= 1e-10 * max(1.0, np.max(np.abs(want)))


# (instance, the sampler's draws): o equals c in the second; draws repeat; a draw equal to o is
# re-drawn (the sampler's list holds o where the instance's negatives do not).
PAIRS = [
    (Instance(V=5, d=3, K=3, m=1, o=3, c=0, negatives=(1, 1, 4), window=(3, 2)), [1, 3, 1, 4]),
    (Instance(V=4, d=2, K=3, m=1, o=2, c=2, negatives=(0, 0, 3), window=(2, 3)), [2, 0, 0, 2, 2, 3]),
]


@pytest.mark.parametrize("inst, draws", PAIRS)
def test_naive_softmax_equals_sympy(inst, draws):
    values, U, C = _values(inst, 3)
    got = w2v.naiveSoftmaxLossAndGradient(C[inst.c], inst.o, U, None)
    assert all(_close(g, t) for g, t in zip(got, _truth(losses.naive_softmax(inst), inst, values)))


@pytest.mark.parametrize("inst, draws", PAIRS)
def test_neg_sampling_equals_sympy_with_repeats_and_redraws(inst, draws):
    values, U, C = _values(inst, 4)
    dataset = Scripted(draws)
    got = w2v.negSamplingLossAndGradient(C[inst.c], inst.o, U, dataset, K=inst.K)
    assert dataset.used == len(draws)
    assert all(_close(g, t) for g, t in zip(got, _truth(losses.neg_sampling(inst), inst, values)))


@pytest.mark.parametrize("name, loss_fn", [("naive-softmax", w2v.naiveSoftmaxLossAndGradient),
                                           ("neg-sample", w2v.negSamplingLossAndGradient)])
def test_skipgram_equals_sympy_over_a_window_holding_the_center_word(name, loss_fn):
    # Window (2, 1, 2, 0) with center 2; each outside word draws the same negatives (3, 3).
    inst = Instance(V=4, d=2, K=2, m=2, o=1, c=2, negatives=(3, 3), window=(2, 1, 2, 0))
    values, U, C = _values(inst, 5)
    words = "abcd"
    loss, gradCenter, gradOutside = w2v.skipgram(
        words[inst.c], inst.m, [words[w] for w in inst.window], {w: i for i, w in enumerate(words)},
        C, U, Scripted([3]), lambda *a: loss_fn(*a, **({"K": 2} if name == "neg-sample" else {})))
    J = losses.skipgram(inst, losses.LOSSES[name])
    want_loss, want_center, want_outside = _truth(J, inst, values)
    want_centers = np.zeros_like(C)
    want_centers[inst.c] = want_center
    assert _close(loss, want_loss) and _close(gradCenter, want_centers) and _close(gradOutside, want_outside)


def test_get_negative_samples_redraws_only_the_outside_word():
    dataset = Scripted([1, 1, 3, 1, 0, 3])
    assert w2v.getNegativeSamples(1, dataset, 3) == [3, 0, 3]
    assert dataset.used == 6


@pytest.mark.parametrize("score", [40.0, -40.0, 800.0, -800.0])
def test_neg_sampling_is_finite_at_large_scores(score):
    U = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0]])
    loss, gradCenter, gradOutside = w2v.negSamplingLossAndGradient(
        np.array([score, 0.0]), 0, U, Scripted([1, 2]), K=2)
    # -log σ(s) - log σ(-(-s)) - log σ(0) = 2·log(1 + e^{-s}) + log 2
    assert loss == pytest.approx(2 * np.logaddexp(0, -score) + np.log(2), rel=1e-14)
    assert np.all(np.isfinite(gradCenter)) and np.all(np.isfinite(gradOutside))


def test_word2vec_sgd_wrapper_matches_central_differences():
    dataset, vectors, tokens = _dummy_objects()
    f = lambda v: w2v.word2vec_sgd_wrapper(w2v.skipgram, tokens, v, dataset, 3,  # noqa: E731
                                           w2v.negSamplingLossAndGradient)
    state = random.getstate()
    _, grad = f(vectors)
    delta = np.random.default_rng(0).normal(size=vectors.shape)
    h = 1e-5
    random.setstate(state)
    plus = f(vectors + h * delta)[0]
    random.setstate(state)
    minus = f(vectors - h * delta)[0]
    assert abs((plus - minus) / (2 * h) - np.sum(grad * delta)) < 1e-8 * abs(np.sum(grad * delta))


def test_module_holds_no_numeric_formula_of_its_own():
    source = inspect.getsource(w2v)
    assert not any(f in source for f in ("np.exp", "np.log", "np.outer", "np.dot", "@"))


# --- sgd.py ------------------------------------------------------------------------------------


@pytest.mark.parametrize("x0", [0.5, 0.0, -1.5])
def test_sgd_sanity_check_of_the_assignment(x0, capsys):
    x = w2v.sgd(lambda x: (np.sum(x ** 2), x * 2), x0, 0.01, 1000, PRINT_EVERY=100)
    assert abs(x) <= 1e-6
    assert capsys.readouterr().out.splitlines()[0].startswith("iter 100: ")


def test_sgd_halves_its_step_every_20000_iterations():
    assert w2v.ANNEAL_EVERY == 20000 and w2v.SAVE_PARAMS_EVERY == 5000
    x = w2v.sgd(lambda x: (0.0, 1.0), 0.0, 1.0, 45000, PRINT_EVERY=10 ** 9)
    assert x == -(20000 + 20000 * 0.5 + 5000 * 0.25)


def test_sgd_prints_a_moving_average_of_the_loss(capsys):
    losses_seen = iter([4.0, 2.0, 1.0])
    w2v.sgd(lambda x: (next(losses_seen), 0.0), 0.0, 1.0, 3, PRINT_EVERY=1)
    assert capsys.readouterr().out.splitlines() == ["iter 1: 4.000000", "iter 2: 3.900000",
                                                    "iter 3: 3.755000"]


def _noisy(x):
    return 0.0, random.random()  # a gradient drawn from the state sgd saves and restores


def test_sgd_resumes_from_the_newest_save_with_its_random_state(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    random.seed(7)
    saved = w2v.sgd(_noisy, 0.0, 1.0, 10000, useSaved=True, PRINT_EVERY=10 ** 9)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "saved_params_10000.npy", "saved_params_5000.npy", "saved_state_10000.json", "saved_state_5000.json"]
    later_draws = sum(random.random() for _ in range(2000))
    random.seed(99)  # overwritten by the saved state
    resumed = w2v.sgd(_noisy, 123.0, 1.0, 12000, useSaved=True, PRINT_EVERY=10 ** 9)
    # The assignment rescales the step on resume by 0.5 ** (10000 / 20000), not by whole halvings.
    assert resumed == pytest.approx(saved - 0.5 ** 0.5 * later_draws, rel=1e-12)


def test_a_malformed_saved_state_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    np.save("saved_params_5000.npy", np.zeros(2))
    (tmp_path / "saved_state_5000.json").write_text(json.dumps({"__reduce__": "os.system"}))
    with pytest.raises(ValueError, match="saved random state"):
        w2v.load_saved_params()
