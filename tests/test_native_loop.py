"""The compiled per-pair loop: its C kernels against SymPy, its updates against the lambdified NumPy
kernel, its negative draws against NumPy's searchsorted, its build errors, and the training
process that never imports SymPy."""
import ctypes
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from derive import c_kernels
from derive.kernels import neg_sampling_kernel
from train import native_build, native_loop
from train.errors import TrainError
from train.vocab import negative_guide, negative_table

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    return native_loop.load(native_build.build(tmp_path_factory.mktemp("kernels")))


def test_build_leaves_the_sympy_printed_header_and_the_loop_source_beside_the_library(tmp_path):
    library = native_build.build(tmp_path)
    header = (tmp_path / "kernels.h").read_text()
    assert library == tmp_path / "skipgram.so" and library.is_file()
    assert "static inline double positive(double s) { return -1/(exp(s) + 1); }" in header
    assert "static inline float center(float g, float u_i) { return g*u_i; }" in header
    assert '#include "kernels.h"' in (tmp_path / "skipgram.c").read_text()


def test_each_c_kernel_equals_its_sympy_expression_and_stays_finite(loop):
    s, g, x = 0.7, -0.3, 1.9
    for f in c_kernels.functions():
        args = (s,) if len(f.args) == 1 else (g, x)
        want = float(f.expression.subs(dict(zip(f.args, args))))
        assert loop.kernel(f.name)(*args) == pytest.approx(want, rel=1e-6 if f.ctype == "float" else 1e-14)
    positive, negative = loop.kernel("positive"), loop.kernel("negative")
    assert [positive(800.0), positive(-800.0), negative(800.0), negative(-800.0)] == [-0.0, -1.0, 1.0, 0.0]


def test_score_coefficients_are_sympys_derivatives_of_the_loss_terms():
    s = c_kernels.S
    kernels = {f.name: f.expression for f in c_kernels.functions()}
    for name, term in (("positive", c_kernels.positive_loss), ("negative", c_kernels.negative_loss)):
        assert sp.simplify(kernels[name] - sp.diff(term(s), s)) == 0
        assert sp.simplify(kernels[f"{name}_loss"] - term(s)) == 0


@pytest.mark.parametrize("name", ["positive", "negative"])
def test_compiled_score_coefficients_match_central_differences_of_the_compiled_loss_terms(loop, name):
    coefficient, term, h = loop.kernel(name), loop.kernel(f"{name}_loss"), 1e-5
    for s in np.linspace(-12, 12, 97):
        numeric = (term(s + h) - term(s - h)) / (2 * h)
        assert abs(numeric - coefficient(s)) <= 1e-6 * abs(coefficient(s)) + 1e-11, s


def test_mean_loss_equals_the_lambdified_kernels_loss(loop):
    rng = np.random.default_rng(4)
    W, Wout = (rng.normal(size=(30, 12)).astype(np.float32) for _ in range(2))
    centers, outsides = rng.integers(0, 30, 50), rng.integers(0, 30, 50)
    drawn = rng.integers(0, 30, (50, 4))
    want, *_ = neg_sampling_kernel().fn(W[centers].astype(np.float64), Wout[outsides].astype(np.float64),
                                        Wout[drawn].astype(np.float64))
    assert loop.mean_loss(W, Wout, centers, outsides, drawn) == pytest.approx(want.mean(), rel=1e-5)


def test_one_pair_update_is_the_lambdified_kernels_gradient_step(loop):
    # Two words in one sentence, window 1, one negative: pair (0→1) can only draw 0 and pair (1→0)
    # only 1, so the loop's updates are known and the NumPy kernel gives them independently.
    rng = np.random.default_rng(5)
    W, Wout = rng.normal(size=(2, 6)).astype(np.float32), rng.normal(size=(2, 6)).astype(np.float32)
    ids, starts, alpha = np.array([0, 1], np.int32), np.array([0, 2]), 0.1
    expected_W, expected_Wout = W.astype(np.float64), Wout.astype(np.float64)
    for c, o in ((0, 1), (1, 0)):
        _, g_vc, g_uo, g_un = neg_sampling_kernel().fn(expected_W[[c]], expected_Wout[[o]], expected_Wout[[[c]]])
        expected_W[c] -= alpha * g_vc[0]
        expected_Wout[o] -= alpha * g_uo[0]
        expected_Wout[c] -= alpha * g_un[0, 0]
    table = negative_table(np.array([1, 1]))
    read = loop.train_shard(ids, starts, 0, 1, W, Wout, np.ones(2), table, negative_guide(table), 1, 1,
                            alpha, alpha, 9, np.zeros(2, np.int32), np.zeros(6, np.float32))
    assert read == 2
    assert np.allclose(W, expected_W, rtol=1e-5, atol=1e-6)
    assert np.allclose(Wout, expected_Wout, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("counts", [[5, 1, 1, 9, 1000, 1, 3], list(range(1, 5000)), [1] * 97, [10**9, 1, 1]])
def test_negative_draws_are_exactly_numpys_searchsorted(loop, counts):
    table = negative_table(np.array(counts))
    guide = negative_guide(table)
    V = table.size
    rng = np.random.default_rng(len(counts))
    edges = np.concatenate([table, np.arange(V + 1) / V])
    near = np.concatenate([edges, np.nextafter(edges, 0), np.nextafter(edges, 1)])
    uniforms = np.concatenate([rng.random(3000), near[(near >= 0) & (near < 1)], [0.0, np.nextafter(1, 0)]])
    got = np.array([loop.draw_word(table, guide, float(u)) for u in uniforms])
    assert np.array_equal(got, np.searchsorted(table, uniforms, side="right"))


def test_arrays_of_the_wrong_shape_or_type_are_refused_before_the_call(loop):
    table = negative_table(np.array([1, 1, 1]))
    W = np.zeros((3, 4), np.float32)
    args = dict(ids=np.array([0, 1, 2], np.int32), starts=np.array([0, 3]), first=0, last=1, W=W,
                Wout=W.copy(), keep=np.ones(3), table=table, guide=negative_guide(table), window=2,
                negatives=1, alpha_from=0.1, alpha_to=0.1, seed=1, buffer=np.zeros(3, np.int32),
                work=np.zeros(4, np.float32))
    assert loop.train_shard(**args) == 3
    for change in (dict(W=W.astype(np.float64)), dict(Wout=np.zeros((2, 4), np.float32)),
                   dict(guide=table), dict(last=2), dict(buffer=np.zeros(2, np.int32))):
        with pytest.raises((ValueError, ctypes.ArgumentError)):
            loop.train_shard(**{**args, **change})


@pytest.mark.parametrize("cc, message", [("/nonexistent/cc", "could not run"),
                                         ("false", "failed")])
def test_a_missing_or_failing_compiler_is_one_clear_error(tmp_path, monkeypatch, cc, message):
    monkeypatch.setenv("CC", cc)
    with pytest.raises(TrainError, match=message):
        native_build.build(tmp_path)
    assert not (tmp_path / native_build.LIBRARY).exists()


def test_no_compiler_at_all_names_what_to_install(monkeypatch):
    monkeypatch.delenv("CC", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(TrainError, match="apt-get install gcc"):
        native_build.compiler()


def test_the_training_process_never_imports_sympy_and_writes_the_proofs(tmp_path):
    corpus = tmp_path / "corpus.txt"
    rng = np.random.default_rng(0)
    words = [a + b for a in "pqrs" for b in "abcdefghij"]
    corpus.write_text("\n".join(" ".join(rng.choice(words, 12)) for _ in range(400)))
    out = tmp_path / "out"
    script = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); import gradproof; "
              f"code = gradproof.main(['train', '--corpus', {str(corpus)!r}, '--out', {str(out)!r}, "
              "'--min-count', '1', '--dim', '8', '--epochs', '1', '--no-progress']); "
              "print('SYMPY' if 'sympy' in sys.modules else 'NO-SYMPY', code)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "MPLBACKEND": "Agg"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "NO-SYMPY 0"
    proofs = json.loads((out / "proofs.json").read_text())
    assert {p["verdict"] for p in proofs} == {"proved"}
    assert any(p["claim"].startswith("per-pair loop (C kernels)") for p in proofs)
    assert (out / "kernels" / "kernels.h").is_file() and math.isfinite(
        json.loads((out / "metrics.json").read_text())["final_loss"])
