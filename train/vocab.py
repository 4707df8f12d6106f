"""The vocabulary and the corpus as word ids; subsampling probabilities; the negative-sampling table.

Second stage of training: sentences (corpus.py) → a streamed pass that counts every token → a
Vocab (words with at least ``min_count`` occurrences, most frequent first, ties alphabetical) → a
second pass that writes the corpus as ids (rare words dropped, as word2vec does), a sentence longer
than ``max_length`` tokens cut into pieces of that many (as gensim's LineSentence cuts at 10000; none
dropped). batches.py and the compiled loop (skipgram.c) read ``Encoded.ids`` between ``Encoded.starts``.

    >>> v, enc = encode(lambda: [["a", "b", "a"], ["c", "a"]], min_count=1, max_length=2)
    >>> v.words, v.counts.tolist(), enc.ids.tolist(), enc.starts.tolist(), enc.cut
    (('a', 'b', 'c'), [3, 1, 1], [0, 1, 0, 2, 0], [0, 2, 3, 5], 1)
"""
from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np

from train.errors import TrainError


@dataclass(frozen=True)
class Vocab:
    words: tuple[str, ...]  # most frequent first
    counts: np.ndarray  # (V,) int64, occurrences of each word in the corpus
    raw_tokens: int  # tokens of the corpus, rare words included

    def __len__(self) -> int:
        return len(self.words)

    def index(self) -> dict[str, int]:
        return {w: i for i, w in enumerate(self.words)}


@dataclass(frozen=True)
class Encoded:
    ids: np.ndarray  # (N,) int32, the kept tokens of every sentence, in order
    starts: np.ndarray  # (S+1,) int64, sentence (piece) s is ids[starts[s]:starts[s+1]]
    sentences: int  # non-empty sentences read
    cut: int  # of them, those longer than max_length, cut into pieces


def encode(sentences: Callable[[], Iterable[list[str]]], min_count: int, max_length: int,
           max_vocab: int = 0) -> tuple[Vocab, Encoded]:
    """The vocabulary of words seen at least ``min_count`` times (the ``max_vocab`` most frequent if
    given) and the corpus as ids into it, in pieces of at most ``max_length`` tokens (counted before
    rare words are dropped, as gensim cuts). Two streamed passes, as word2vec makes: ``sentences()``
    counts, ``sentences()`` again writes the ids, so memory holds the counts and the ids only."""
    counter: Counter[str] = Counter()
    raw_tokens = 0
    for sentence in sentences():
        counter.update(sentence)
        raw_tokens += len(sentence)
    if raw_tokens == 0:
        raise TrainError("the corpus holds no tokens (it is empty or blank, or with --tokenize words "
                         "has no letters)")
    kept = sorted((w for w, n in counter.items() if n >= min_count), key=lambda w: (-counter[w], w))
    if max_vocab:
        kept = kept[:max_vocab]
    if not kept:
        raise TrainError(f"no word occurs {min_count} times or more (the corpus has {raw_tokens} tokens, "
                         f"{len(counter)} distinct): lower --min-count or give a larger corpus")
    vocab = Vocab(tuple(kept), np.array([counter[w] for w in kept], dtype=np.int64), raw_tokens)
    del counter
    index = vocab.index()
    ids = np.empty(int(vocab.counts.sum()), dtype=np.int32)
    lengths, at, read, cut = array("q"), 0, 0, 0
    for sentence in sentences():
        read += 1
        cut += len(sentence) > max_length
        for start in range(0, len(sentence), max_length):
            known = [i for i in map(index.get, sentence[start:start + max_length]) if i is not None]
            if known:
                ids[at:at + len(known)] = known
                at += len(known)
                lengths.append(len(known))
    if at != ids.size:
        raise TrainError("the corpus changed while it was read twice")
    starts = np.concatenate([[0], np.cumsum(np.frombuffer(lengths, dtype=np.int64))]).astype(np.int64)
    return vocab, Encoded(ids, starts, read, cut)


def keep_probabilities(counts: np.ndarray, sample: float) -> np.ndarray:
    """(V,) float64: the chance that one occurrence of each word is kept, word2vec's formula
    (√(f/t) + 1)·t/f with f the word's share of the corpus and t = ``sample``; 1 when sample is 0."""
    if sample == 0:
        return np.ones(len(counts))
    threshold = sample * counts.sum()
    return np.minimum(1.0, (np.sqrt(counts / threshold) + 1) * threshold / counts)


def negative_table(counts: np.ndarray, power: float = 0.75) -> np.ndarray:
    """(V,) float64, the cumulative unigram^0.75 distribution: a uniform u in [0, 1) draws word
    ``searchsorted(table, u, side="right")``; the last entry is exactly 1."""
    weights = counts.astype(np.float64) ** power
    table = np.cumsum(weights) / weights.sum()
    table[-1] = 1.0
    return table


def negative_guide(table: np.ndarray) -> np.ndarray:
    """(V+1,) int64: for each bucket j/V of [0, 1], the word ``searchsorted(table, j/V, "right")``.
    A draw u then needs searching only between the guides of its bucket's neighbours."""
    V = table.size
    return np.searchsorted(table, np.arange(V + 1) / V, side="right").astype(np.int64)


def draw(table: np.ndarray, uniforms: np.ndarray) -> np.ndarray:
    """Word ids drawn from ``negative_table`` by uniforms in [0, 1), any shape."""
    return np.searchsorted(table, uniforms, side="right").astype(np.int64)
