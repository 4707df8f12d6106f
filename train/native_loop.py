"""The compiled per-pair loop (train/native_build.py), called through ctypes.

ctypes checks each array's dtype, dimensions and layout against the C signature before the call,
and releases the GIL during it, so threads train shards in parallel. Loading needs neither SymPy nor
a compiler: only the library file.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from train.errors import TrainError


def _array(dtype, ndim: int):
    return np.ctypeslib.ndpointer(dtype=dtype, ndim=ndim, flags="C_CONTIGUOUS")


_i64, _u64, _f64 = ctypes.c_int64, ctypes.c_uint64, ctypes.c_double
_SIGNATURES = {
    "train_shard": (_i64, [_array(np.int32, 1), _array(np.int64, 1), _i64, _i64,
                           _array(np.float32, 2), _array(np.float32, 2), _i64, _i64,
                           _array(np.float64, 1), _array(np.float64, 1), _array(np.int64, 1), _i64, _i64,
                           _f64, _f64, _u64,
                           _array(np.int32, 1), _array(np.float32, 1)]),
    "mean_loss": (_f64, [_array(np.float32, 2), _array(np.float32, 2), _i64, _array(np.int64, 1),
                         _array(np.int64, 1), _array(np.int64, 2), _i64, _i64]),
    "draw_word": (_i64, [_array(np.float64, 1), _array(np.int64, 1), _i64, _f64]),
    "kernel_positive": (_f64, [_f64]),
    "kernel_negative": (_f64, [_f64]),
    "kernel_center": (ctypes.c_float, [ctypes.c_float, ctypes.c_float]),
    "kernel_outside": (ctypes.c_float, [ctypes.c_float, ctypes.c_float]),
    "kernel_positive_loss": (_f64, [_f64]),
    "kernel_negative_loss": (_f64, [_f64]),
}


@dataclass(frozen=True)
class Loop:
    library: ctypes.CDLL

    def kernel(self, name: str):
        """One generated scalar function (positive, negative, center, outside, positive_loss,
        negative_loss), callable from Python."""
        return getattr(self.library, f"kernel_{name}")

    def draw_word(self, table: np.ndarray, guide: np.ndarray, u: float) -> int:
        """The word a uniform ``u`` in [0, 1) draws, as the loop draws negatives."""
        if guide.shape != (table.size + 1,):
            raise ValueError("draw_word: guide must have V+1 entries")
        return self.library.draw_word(table, guide, table.size, u)

    def train_shard(self, ids: np.ndarray, starts: np.ndarray, first: int, last: int, W: np.ndarray,
                    Wout: np.ndarray, keep: np.ndarray, table: np.ndarray, guide: np.ndarray, window: int,
                    negatives: int,
                    alpha_from: float, alpha_to: float, seed: int, buffer: np.ndarray,
                    work: np.ndarray) -> int:
        """SGD over sentences ``first`` to ``last`` (exclusive), updating W and Wout in place;
        the step size moves linearly from ``alpha_from`` to ``alpha_to``. ``table`` and ``guide``
        are train/vocab.py's ``negative_table`` and ``negative_guide``. ``buffer`` (longest
        sentence,) int32 and ``work`` (d,) float32 are the shard's scratch space. Tokens read."""
        V, d = W.shape
        if (Wout.shape != (V, d) or work.shape != (d,) or keep.shape != (V,) or table.shape != (V,)
                or guide.shape != (V + 1,)):
            raise ValueError("train_shard: W, Wout, keep, table, guide and work do not agree in V and d")
        if not 0 <= first <= last < starts.size or buffer.size < int(np.diff(starts[first:last + 1]).max(initial=0)):
            raise ValueError("train_shard: sentence range or buffer out of bounds")
        return self.library.train_shard(ids, starts, first, last, W, Wout, V, d, keep, table, guide, window,
                                        negatives, alpha_from, alpha_to, int(seed), buffer, work)

    def mean_loss(self, W: np.ndarray, Wout: np.ndarray, centers: np.ndarray, outsides: np.ndarray,
                  drawn: np.ndarray) -> float:
        """The mean negative-sampling loss of the pairs (centers[p], outsides[p]) with the negative
        rows drawn[p] (P, K)."""
        n, k = drawn.shape
        if centers.shape != (n,) or outsides.shape != (n,):
            raise ValueError("mean_loss: centers, outsides and drawn do not agree in length")
        return self.library.mean_loss(W, Wout, W.shape[1], centers, outsides, drawn, n, k)


def load(path: Path) -> Loop:
    try:
        library = ctypes.CDLL(str(Path(path).resolve()))
    except OSError as e:
        raise TrainError(f"cannot load the compiled kernels {path}: {e}") from None
    for name, (result, args) in _SIGNATURES.items():
        function = getattr(library, name)
        function.restype, function.argtypes = result, args
    return Loop(library)
