"""Evaluation of word vectors: Spearman on WordSim-353 and SimLex-999, accuracy on Google's analogies.

After training (or on any word2vec file): vectors → scores. The three sets ship in ``train/data``
(sources and licences in ``train/data/SOURCES.md``). Words are compared lower-cased. As in gensim's
``evaluate_word_pairs`` and ``evaluate_word_analogies``, a pair or question with a word outside the
vocabulary is skipped and counted in the OOV share; analogies use 3CosAdd (the word nearest to
b − a + c by cosine, the three question words excluded) over the ``restrict`` most frequent words,
which are the first rows of a word2vec file written most frequent first.

    >>> spearman(np.array([1.0, 2.0, 3.0, 4.0]), np.array([10.0, 30.0, 20.0, 40.0]))
    0.8
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
SIMILARITY_SETS = {"wordsim353": DATA / "wordsim353.tsv", "simlex999": DATA / "simlex999.txt"}
ANALOGY_SET = DATA / "questions-words.txt"
RESTRICT = 30_000


@dataclass(frozen=True)
class Similarity:
    name: str
    spearman: float  # nan when fewer than two pairs are in the vocabulary
    pairs: int  # pairs scored
    oov: float  # share of the set's pairs skipped for an unknown word


@dataclass(frozen=True)
class Analogies:
    name: str
    accuracy: float  # share of the answered questions whose answer is right; nan when none
    questions: int  # questions answered
    oov: float  # share skipped for a word outside the restricted vocabulary
    sections: dict[str, float]  # accuracy of each ": section" of the set


@dataclass(frozen=True)
class Evaluation:
    similarities: tuple[Similarity, ...]
    analogies: Analogies

    def to_json(self) -> dict:
        clean = lambda x: None if x != x else round(x, 6)  # noqa: E731 - JSON has no NaN
        return {**{s.name: {"spearman": clean(s.spearman), "pairs": s.pairs, "oov": clean(s.oov)}
                   for s in self.similarities},
                self.analogies.name: {"accuracy": clean(self.analogies.accuracy),
                                      "questions": self.analogies.questions,
                                      "oov": clean(self.analogies.oov),
                                      "sections": {k: clean(v) for k, v in self.analogies.sections.items()}}}


def ranks(x: np.ndarray) -> np.ndarray:
    """1-based ranks, ties given their average rank (as scipy.stats.rankdata)."""
    order = np.argsort(x, kind="stable")
    sorted_x = x[order]
    first = np.r_[True, sorted_x[1:] != sorted_x[:-1]]  # starts of runs of equal values
    run = np.cumsum(first) - 1
    starts = np.flatnonzero(first)
    ends = np.r_[starts[1:], len(x)]
    average = (starts + ends + 1) / 2.0  # mean of the 1-based ranks starts+1 .. ends
    out = np.empty(len(x))
    out[order] = average[run]
    return out


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rank correlation: Pearson's correlation of the ranks."""
    if len(a) < 2:
        return float("nan")
    ra, rb = ranks(a) - (len(a) + 1) / 2, ranks(b) - (len(b) + 1) / 2
    denominator = np.sqrt((ra @ ra) * (rb @ rb))
    return float(ra @ rb / denominator) if denominator > 0 else float("nan")


def read_pairs(path: Path) -> list[tuple[str, str, float]]:
    """(word, word, human score) rows of a tab-separated similarity file; # lines are comments."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            a, b, score = line.split("\t")[:3]
            rows.append((a.lower(), b.lower(), float(score)))
    return rows


def similarity(name: str, pairs: list[tuple[str, str, float]], index: dict[str, int],
               unit: np.ndarray) -> Similarity:
    """unit (V, d) rows of length 1."""
    known = [(index[a], index[b], s) for a, b, s in pairs if a in index and b in index]
    if not known:
        return Similarity(name, float("nan"), 0, 1.0 if pairs else 0.0)
    ia, ib, human = (np.array(c) for c in zip(*known))
    cosine = np.einsum("ij,ij->i", unit[ia], unit[ib])  # (pairs,)
    return Similarity(name, spearman(cosine, human), len(known), 1 - len(known) / len(pairs))


def read_analogies(path: Path) -> list[tuple[str, tuple[str, str, str, str]]]:
    section, rows = "", []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(":"):
            section = line[1:].strip()
        elif line.strip():
            a, b, c, expected = line.lower().split()
            rows.append((section, (a, b, c, expected)))
    return rows


def analogies(name: str, questions: list[tuple[str, tuple[str, str, str, str]]], index: dict[str, int],
              unit: np.ndarray, restrict: int = RESTRICT, chunk: int = 32) -> Analogies:
    """a : b :: c : ? answered by argmax cos(x, b − a + c) over the first ``restrict`` rows."""
    top = unit[:restrict]  # (R, d)
    allowed = {w: i for w, i in index.items() if i < restrict}
    known = [(s, [allowed[w] for w in q]) for s, q in questions if all(w in allowed for w in q)]
    if not known:
        return Analogies(name, float("nan"), 0, 1.0 if questions else 0.0, {})
    ids = np.array([q for _, q in known])  # (Q, 4)
    right = np.empty(len(ids), dtype=bool)
    for start in range(0, len(ids), chunk):
        a, b, c, expected = ids[start:start + chunk].T
        target = top[b] - top[a] + top[c]  # (n, d)
        scores = target @ top.T  # (n, R); the target's own length does not change the argmax
        rows = np.arange(len(a))
        for excluded in (a, b, c):
            scores[rows, excluded] = -np.inf
        right[start:start + chunk] = scores.argmax(axis=1) == expected
    sections: dict[str, list[bool]] = {}
    for (section, _), ok in zip(known, right):
        sections.setdefault(section, []).append(bool(ok))
    return Analogies(name, float(right.mean()), len(known), 1 - len(known) / len(questions),
                     {s: float(np.mean(v)) for s, v in sections.items()})


def evaluate(words: tuple[str, ...], vectors: np.ndarray, restrict: int = RESTRICT) -> Evaluation:
    """vectors (V, d), rows in ``words``' order, most frequent first."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.where(norms > 0, norms, 1)  # (V, d)
    index: dict[str, int] = {}
    for i, w in enumerate(words):
        index.setdefault(w.lower(), i)
    sims = tuple(similarity(name, read_pairs(path), index, unit) for name, path in SIMILARITY_SETS.items())
    return Evaluation(sims, analogies("google-analogies", read_analogies(ANALOGY_SET), index, unit, restrict))
