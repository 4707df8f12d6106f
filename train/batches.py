"""Minibatches of windows for the NumPy kernels: (center, outside) pairs and their negative draws.

Third stage of minibatch training (CS224n's way, and naive softmax): the encoded corpus → a batch of
random windows → pairs → kernel calls in trainer.py. A window is a random center position, a radius
drawn from 1..m (word2vec's dynamic window), and the outside words at offsets -radius..-1, 1..radius
inside the center's sentence; an outside word is kept with its subsampling chance, as is the center.
Every draw comes from the ``rng`` passed in, so a step's batch depends on its seed alone.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from train.vocab import Encoded, draw


@dataclass(frozen=True)
class Pairs:
    centers: np.ndarray  # (P,) int64 word ids
    outsides: np.ndarray  # (P,) int64 word ids
    windows: int  # windows the pairs came from, the divisor of the averaged gradient


def window_pairs(rng: np.random.Generator, corpus: Encoded, keep: np.ndarray, windows: int,
                 radius: int) -> Pairs:
    """The pairs of ``windows`` random windows of radius at most ``radius``."""
    position = rng.integers(0, corpus.ids.size, windows)  # (B,)
    sentence = np.searchsorted(corpus.starts, position, side="right") - 1
    lo, hi = corpus.starts[sentence], corpus.starts[sentence + 1]  # (B,) each
    reach = rng.integers(1, radius + 1, windows)  # (B,) dynamic window
    offsets = np.concatenate([np.arange(-radius, 0), np.arange(1, radius + 1)])  # (2m,)
    outside = position[:, None] + offsets[None, :]  # (B, 2m) corpus positions
    inside = ((np.abs(offsets)[None, :] <= reach[:, None])
              & (outside >= lo[:, None]) & (outside < hi[:, None]))
    words = corpus.ids[np.clip(outside, 0, corpus.ids.size - 1)]  # (B, 2m)
    centers = corpus.ids[position]  # (B,)
    kept = rng.random(outside.shape) < keep[words]
    kept &= (rng.random(windows) < keep[centers])[:, None]
    chosen = inside & kept
    return Pairs(np.broadcast_to(centers[:, None], chosen.shape)[chosen].astype(np.int64),
                 words[chosen].astype(np.int64), windows)


def negatives(rng: np.random.Generator, table: np.ndarray, outsides: np.ndarray, k: int) -> np.ndarray:
    """(P, k) int64 draws from the unigram^0.75 table, each redrawn until it differs from its pair's
    outside word (repeats among the k are kept, as word2vec keeps them)."""
    drawn = draw(table, rng.random((outsides.size, k)))
    while (clash := drawn == outsides[:, None]).any():
        drawn[clash] = draw(table, rng.random(int(clash.sum())))
    return drawn
