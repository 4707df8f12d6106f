"""The run's pictures: the loss curve and a 2-D map of chosen words, as PNG (matplotlib, Agg).

Written after training from the loss history and the final vectors. The map is CS224n's
``word_vectors.png``: the chosen words' vectors, centred, projected on the first two singular
vectors of their covariance.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen before pyplot loads
import numpy as np  # noqa: E402

from train.vectors import write_atomically  # noqa: E402


def smooth(values: np.ndarray, span: int) -> np.ndarray:
    """Running mean over ``span`` points (fewer at the start)."""
    sums = np.cumsum(np.r_[0.0, values])
    lo = np.maximum(np.arange(1, len(values) + 1) - span, 0)
    return (sums[1:] - sums[lo]) / (np.arange(1, len(values) + 1) - lo)


def loss_curve(path: Path, steps: np.ndarray, losses: np.ndarray, title: str) -> None:
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(steps, losses, color="0.75", linewidth=0.8, label="loss")
    ax.plot(steps, smooth(losses, max(1, len(losses) // 20)), color="C0", label="smoothed")
    ax.set_xlabel("step")
    ax.set_ylabel("mean loss per pair")
    ax.set_title(title)
    ax.legend()
    _save(fig, path)


def word_map(path: Path, words: list[str], vectors: np.ndarray, title: str) -> None:
    """vectors (n, d), one row per word of ``words``."""
    centred = vectors - vectors.mean(axis=0)  # (n, d)
    covariance = centred.T @ centred / len(words)  # (d, d)
    axes, _, _ = np.linalg.svd(covariance)
    coords = centred @ axes[:, :2]  # (n, 2)
    fig, ax = plt.subplots(figsize=(7, 6))
    ax.scatter(coords[:, 0], coords[:, 1], s=12, color="C3")
    for word, (x, y) in zip(words, coords):
        ax.annotate(word, (x, y), xytext=(3, 3), textcoords="offset points", fontsize=9)
    ax.set_title(title)
    _save(fig, path)


def _save(fig, path: Path) -> None:
    try:
        write_atomically(path, lambda f: fig.savefig(f, format="png", dpi=110, bbox_inches="tight"))
    finally:
        plt.close(fig)
