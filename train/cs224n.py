"""CS224n Assignment 2's word2vec functions, their numbers computed by derive/kernels.py.

A drop-in for the functions a student writes in the assignment's ``word2vec.py`` and ``sgd.py`` and
for ``utils/gradcheck.py``'s ``gradcheck_naive``: the same names, signatures and conventions (rows
are vectors: ``outsideVectors`` is (V, d) with row w equal to u_w), and the same random draws in the
same order (Python's ``random``, through ``dataset``; NumPy's global generator is never touched),
so the assignment's seeded sanity checks reproduce its published values. Losses and gradients come
from the lambdified kernels, the ones the trainer uses; this module only gathers rows, scatters
gradient rows back, sums over windows and batches, and keeps the assignment's SGD schedule.

One change from the assignment: ``sgd`` saves Python's random state as JSON in
``saved_state_{iter}.json`` instead of pickling it to ``saved_state_{iter}.pickle``, so resuming
never unpickles a file. ``saved_params_{iter}.npy`` keeps its name and is loaded without pickle.

    >>> import numpy as np
    >>> loss, gradCenterVec, gradOutsideVecs = naiveSoftmaxLossAndGradient(
    ...     np.array([1.0, 0.0]), 1, np.array([[1.0, 0.0], [0.0, 1.0]]), None)
    >>> round(loss, 6), gradCenterVec.round(6).tolist()
    (1.313262, [0.731059, -0.731059])
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Callable

import numpy as np

from derive.kernels import naive_softmax_kernel, neg_sampling_kernel, sigmoid_kernel

SAVE_PARAMS_EVERY = 5000  # sgd saves x and the random state this often when useSaved
ANNEAL_EVERY = 20000  # sgd halves its step this often


def sigmoid(x):
    """σ of a scalar or of every entry of an array."""
    return sigmoid_kernel().fn(x)


def naiveSoftmaxLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    """(-log softmax(U v_c)[o], ∂J/∂v_c (d,), ∂J/∂U (V, d)); ``dataset`` is unused."""
    vc = np.asarray(centerWordVec, dtype=float)[None, :]  # (1, d)
    loss, gradCenter, gradOutsideVecs = naive_softmax_kernel().fn(
        vc, np.asarray(outsideVectors, dtype=float), np.array([outsideWordIdx]))
    return float(loss[0]), gradCenter[0], gradOutsideVecs


def getNegativeSamples(outsideWordIdx, dataset, K):
    """K draws of ``dataset.sampleTokenIdx()``, each re-drawn while it equals the outside word."""
    negSampleWordIndices = []
    for _ in range(K):
        idx = dataset.sampleTokenIdx()
        while idx == outsideWordIdx:
            idx = dataset.sampleTokenIdx()
        negSampleWordIndices.append(idx)
    return negSampleWordIndices


def negSamplingLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset, K=10):
    """(-log σ(u_o·v_c) - Σ_k log σ(-u_k·v_c), ∂J/∂v_c (d,), ∂J/∂U (V, d)) with K negatives from
    ``getNegativeSamples``; a word drawn n times gets n times its draw's gradient."""
    negSampleWordIndices = getNegativeSamples(outsideWordIdx, dataset, K)
    U = np.asarray(outsideVectors, dtype=float)
    loss, gradCenter, gradOutside, gradNegatives = neg_sampling_kernel().fn(
        np.asarray(centerWordVec, dtype=float)[None, :],  # (1, d)
        U[[outsideWordIdx]],  # (1, d)
        U[negSampleWordIndices][None, :, :])  # (1, K, d)
    gradOutsideVecs = np.zeros(U.shape)
    gradOutsideVecs[outsideWordIdx] += gradOutside[0]
    np.add.at(gradOutsideVecs, negSampleWordIndices, gradNegatives[0])
    return float(loss[0]), gradCenter[0], gradOutsideVecs


def skipgram(currentCenterWord, windowSize, outsideWords, word2Ind, centerWordVectors, outsideVectors,
             dataset, word2vecLossAndGradient=naiveSoftmaxLossAndGradient):
    """(Σ over outsideWords of the pair loss, ∂J/∂V (V, d) nonzero only in the center row, ∂J/∂U).
    Pairs are taken in the order of ``outsideWords``: a sampling loss draws its negatives in it."""
    center = word2Ind[currentCenterWord]
    loss = 0.0
    gradCenterVecs = np.zeros(centerWordVectors.shape)
    gradOutsideVectors = np.zeros(outsideVectors.shape)
    for word in outsideWords:
        pairLoss, gradCenter, gradOutside = word2vecLossAndGradient(
            centerWordVectors[center], word2Ind[word], outsideVectors, dataset)
        loss += pairLoss
        gradCenterVecs[center] += gradCenter
        gradOutsideVectors += gradOutside
    return loss, gradCenterVecs, gradOutsideVectors


def word2vec_sgd_wrapper(word2vecModel, word2Ind, wordVectors, dataset, windowSize,
                         word2vecLossAndGradient=naiveSoftmaxLossAndGradient):
    """Mean loss and gradient over 50 random windows; ``wordVectors`` stacks the center rows, then
    the outside rows. Each window draws its size with random.randint(1, windowSize), then asks
    ``dataset.getRandomContext`` for it."""
    batchsize = 50
    loss = 0.0
    grad = np.zeros(wordVectors.shape)
    half = wordVectors.shape[0] // 2
    centerWordVectors, outsideVectors = wordVectors[:half, :], wordVectors[half:, :]
    for _ in range(batchsize):
        windowSize1 = random.randint(1, windowSize)
        centerWord, context = dataset.getRandomContext(windowSize1)
        windowLoss, gradIn, gradOut = word2vecModel(
            centerWord, windowSize1, context, word2Ind, centerWordVectors, outsideVectors, dataset,
            word2vecLossAndGradient)
        loss += windowLoss / batchsize
        grad[:half, :] += gradIn / batchsize
        grad[half:, :] += gradOut / batchsize
    return loss, grad


# --- sgd.py --------------------------------------------------------------------------------------

_SAVED_PARAMS = re.compile(r"saved_params_(\d+)\.npy")


def _state_to_json(state: tuple) -> str:
    version, internal, gauss_next = state
    return json.dumps([version, list(internal), gauss_next])


def _state_from_json(text: str) -> tuple:
    """random.getstate()'s tuple back from JSON; anything else is refused, never executed."""
    data = json.loads(text)
    ok = (isinstance(data, list) and len(data) == 3 and isinstance(data[0], int)
          and isinstance(data[1], list) and all(isinstance(v, int) for v in data[1])
          and (data[2] is None or isinstance(data[2], float)))
    if not ok:
        raise ValueError("saved random state is not [version, [ints], gauss_next]")
    return data[0], tuple(data[1]), data[2]


def load_saved_params():
    """(iteration, params, random state) of the newest saved_params_{iter}.npy in the working
    directory, or (0, None, None); the state is None when its JSON file is missing."""
    saves = [(int(m.group(1)), p) for p in Path(".").glob("saved_params_*.npy")
             if (m := _SAVED_PARAMS.fullmatch(p.name))]
    if not saves:
        return 0, None, None
    start, path = max(saves)
    params = np.load(path, allow_pickle=False)
    state_file = Path(f"saved_state_{start}.json")
    state = _state_from_json(state_file.read_text(encoding="utf-8")) if state_file.exists() else None
    return start, params, state


def save_params(iter, params):
    np.save(f"saved_params_{iter}.npy", params)
    Path(f"saved_state_{iter}.json").write_text(_state_to_json(random.getstate()), encoding="utf-8")


def sgd(f, x0, step, iterations, postprocessing=None, useSaved=False, PRINT_EVERY=10):
    """Plain SGD, x ← x - step·∇f(x), with the assignment's schedule: the step halves every
    ANNEAL_EVERY iterations; with ``useSaved`` it saves every SAVE_PARAMS_EVERY iterations and
    resumes from the newest save: its x, its random state, and the step times
    0.5 ** (iter / ANNEAL_EVERY), a fractional power as in the assignment. Prints an exponential
    moving average of the loss every PRINT_EVERY iterations."""
    start_iter = 0
    if useSaved:
        start_iter, oldx, state = load_saved_params()
        if start_iter > 0:
            x0 = oldx
            step *= 0.5 ** (start_iter / ANNEAL_EVERY)
        if state:
            random.setstate(state)
    x = x0
    postprocessing = postprocessing or (lambda x: x)
    exploss = None
    for iter in range(start_iter + 1, iterations + 1):
        loss, grad = f(x)
        x = postprocessing(x - step * grad)
        if iter % PRINT_EVERY == 0:
            # As in the assignment, a smoothed loss of exactly 0 restarts the average.
            exploss = loss if not exploss else 0.95 * exploss + 0.05 * loss
            print("iter %d: %f" % (iter, exploss))
        if iter % SAVE_PARAMS_EVERY == 0 and useSaved:
            save_params(iter, x)
        if iter % ANNEAL_EVERY == 0:
            step *= 0.5
    return x


# --- utils/gradcheck.py --------------------------------------------------------------------------

def gradcheck_naive(f: Callable, x: np.ndarray, gradientText: str) -> None:
    """Compare f's gradient with central differences (h = 1e-4) at every entry of x, in place.

    Python's random state is restored before every evaluation of f, so a sampling loss sees the
    same draws each time. Prints the first entry whose relative difference exceeds 1e-5, or that
    the check passed; like the assignment's, it checks consistency, not correctness."""
    rndstate = random.getstate()
    random.setstate(rndstate)
    _, grad = f(x)
    h = 1e-4
    for ix in np.ndindex(x.shape):
        x[ix] += h
        random.setstate(rndstate)
        fxh, _ = f(x)
        x[ix] -= 2 * h
        random.setstate(rndstate)
        fxnh, _ = f(x)
        x[ix] += h
        numgrad = (fxh - fxnh) / 2 / h
        reldiff = abs(numgrad - grad[ix]) / max(1, abs(numgrad), abs(grad[ix]))
        if reldiff > 1e-5:
            print("Gradient check failed for %s." % gradientText)
            print("First gradient error found at index %s in the vector of gradients" % str(ix))
            print("Your gradient: %f \t Numerical gradient: %f" % (grad[ix], numgrad))
            return
    print("Gradient check passed!. Read the docstring of the `gradcheck_naive`"
          " method in utils.gradcheck.py to understand what the gradient check does.")
