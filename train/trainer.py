"""The training loop: config → corpus → vocab → steps of SGD → checkpoints → vectors, metrics, plots.

Two ways to take a step, both with gradients printed by SymPy (none is written here):

- per-pair SGD (``batch_windows = 0``, negative sampling): word2vec's loop, train/skipgram.c with
  the C kernels SymPy printed, compiled in a fresh process (native_build.py) and called through
  ctypes (native_loop.py), so this process never imports SymPy; a step is ``chunk_words`` words of
  the corpus, split over ``workers`` threads; the step size decays linearly from ``alpha`` to
  ``min_alpha`` over the run;
- minibatches (``batch_windows = N``; CS224n's setting and naive softmax): a step is N random
  windows, their pairs go through ``derive.kernels`` in one call, the gradient is averaged over the
  N windows; the step size decays linearly or halves every ``anneal_every`` steps.

Every random draw of step t comes from seeds made of (seed, t), so a run is reproducible (with one
worker) and ``resume`` continues exactly where the last checkpoint stopped. A checkpoint is one
file, ``checkpoint.npz`` (vectors, config, progress; no pickle), replaced atomically and only after
the vectors were checked finite: a run that diverges stops with a TrainError and keeps it.
"""
from __future__ import annotations

import hashlib
import json
import math
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from tqdm import tqdm

from train import batches, corpus, fresh_process, native_loop, vectors
from train.config import TrainConfig, from_mapping, resolve
from train.errors import TrainError
from train.evaluate import evaluate
from train.vocab import Encoded, Vocab, encode, keep_probabilities, negative_guide, negative_table

PROBE_PAIRS = 2048  # pairs whose loss per-pair SGD reports after each step
CHECK_EVERY = 1000  # minibatch steps between checks that every vector is finite
BLOWN_UP = 1e4  # a loss this many times its first value: diverged, though still finite (float64 minibatches)


@dataclass(frozen=True)
class Data:
    vocab: Vocab
    corpus: Encoded
    keep: np.ndarray  # (V,) float64 subsampling chances
    table: np.ndarray  # (V,) float64 cumulative unigram^0.75
    guide: np.ndarray  # (V+1,) int64 bucket index into table


@dataclass(frozen=True)
class Progress:
    step: int  # steps done
    words: int  # corpus tokens (in the vocabulary) read so far
    history: tuple[tuple[int, float], ...]  # (step, mean loss per pair)


@dataclass(frozen=True)
class Result:
    out: Path
    vocab_size: int
    steps: int
    train_seconds: float
    words_per_second: float  # raw corpus tokens (rare words included) per second of training
    final_loss: float


def prepare(config: TrainConfig) -> Data:
    src = corpus.source(config)
    vocab, encoded = encode(lambda: corpus.sentences(src), config.min_count, config.max_sentence,
                            config.max_vocab)
    needed = config.negatives + 1 if config.loss == "neg-sampling" else 2
    if len(vocab) < needed:
        raise TrainError(f"the vocabulary has {len(vocab)} word(s); {config.loss} with negatives="
                         f"{config.negatives} needs at least {needed}: lower --min-count or give a larger corpus")
    if encoded.ids.size < 2:
        raise TrainError("the corpus has fewer than two words in the vocabulary: nothing to train on")
    table = negative_table(vocab.counts)
    return Data(vocab, encoded, keep_probabilities(vocab.counts, config.sample), table, negative_guide(table))


def train(config: TrainConfig, out: Path, resume: bool = False, log: Callable[[str], None] = print,
          progress_bar: bool = True) -> Result:
    if resume:
        config = _saved_config(out / "checkpoint.npz")
    log("config: " + json.dumps(config.to_json(), ensure_ascii=False))
    data = prepare(config)
    log(f"corpus: {data.vocab.raw_tokens:,} tokens in {data.corpus.sentences:,} sentences, read with "
        f"--tokenize {config.tokenize}; {data.corpus.cut:,} sentence(s) longer than --max-sentence "
        f"{config.max_sentence} cut into pieces, none dropped")
    log(f"vocabulary: {len(data.vocab):,} words at --min-count {config.min_count}, holding "
        f"{data.corpus.ids.size:,} of the {data.vocab.raw_tokens:,} tokens")
    per_pair = config.batch_windows == 0
    loop = native_loop.load(fresh_process.run("train.native_build:build", out / "kernels")) if per_pair else None
    if not per_pair:
        _save_kernels(out / "kernels", config)
    vectors.write_json(out / "config.json", config.to_json())
    steps = _chunks(data.corpus, config) if per_pair else None
    total = len(steps) * config.epochs if per_pair else _minibatch_steps(config, data)
    W, Wout, state = _start(config, data, out, resume)
    step_fn = _per_pair_step(config, data, steps, loop) if per_pair else _minibatch_step(config, data, total)
    probe = _probe(config, data, loop) if per_pair else None

    history, words, began = list(state.history), state.words, time.perf_counter()
    if probe and not history:
        history.append((0, probe(W, Wout)))  # the loss before the first step
    with tqdm(total=total, initial=state.step, unit="step", disable=not progress_bar, dynamic_ncols=True) as bar:
        for step in range(state.step, total):
            with np.errstate(over="ignore", invalid="ignore"):
                read, loss = step_fn(step, W, Wout)
                loss = probe(W, Wout) if probe else loss
            words += read
            if loss is not None:
                history.append((step + 1, loss))
            if (loss is not None and not (math.isfinite(loss) and loss <= BLOWN_UP * max(history[0][1], 1.0))) or (
                    (per_pair or (step + 1) % CHECK_EVERY == 0) and not _finite(W, Wout)):
                raise TrainError(_diverged(step + 1, config, out))
            if config.checkpoint_every and (step + 1) % config.checkpoint_every == 0 and step + 1 < total:
                _checkpoint(out, config, data.vocab, W, Wout, Progress(step + 1, words, tuple(history)))
            bar.update(1)
            rate = (words - state.words) / max(time.perf_counter() - began, 1e-9)
            bar.set_postfix(words_s=f"{rate:,.0f}", loss=f"{history[-1][1]:.4f}" if history else "-",
                            refresh=False)
    seconds = time.perf_counter() - began
    if not _finite(W, Wout):
        raise TrainError(_diverged(total, config, out))
    final = Progress(total, words, tuple(history))
    _checkpoint(out, config, data.vocab, W, Wout, final)
    raw_words = (words - state.words) * data.vocab.raw_tokens / max(data.corpus.ids.size, 1)
    result = Result(out, len(data.vocab), total, seconds, raw_words / max(seconds, 1e-9),
                    history[-1][1] if history else float("nan"))
    _write_outputs(out, config, data, W, final, result, log)
    return result


# --- the two kinds of step -----------------------------------------------------------------------

def _per_pair_step(config: TrainConfig, data: Data, chunks: list[tuple[int, int]], loop: native_loop.Loop):
    fn, starts = loop.train_shard, data.corpus.starts
    per_epoch, total_words = len(chunks), data.corpus.ids.size * config.epochs
    scratch = [(np.zeros(config.max_sentence, np.int32), np.zeros(config.dim, np.float32))
               for _ in range(config.workers)]
    pool = ThreadPoolExecutor(config.workers) if config.workers > 1 else None

    def alpha(words: int) -> float:
        return max(config.min_alpha, config.alpha - (config.alpha - config.min_alpha) * words / total_words)

    def step(t: int, W: np.ndarray, Wout: np.ndarray) -> tuple[int, None]:
        epoch, index = divmod(t, per_epoch)
        first, last = chunks[index]
        before = epoch * data.corpus.ids.size + int(starts[first])
        bounds = _split(starts, first, last, config.workers)
        jobs = []
        for shard, (a, b) in enumerate(bounds):
            seed = int(np.random.SeedSequence([config.seed, t, shard]).generate_state(1, np.uint64)[0])
            lo, hi = before + int(starts[a] - starts[first]), before + int(starts[b] - starts[first])
            jobs.append((data.corpus.ids, starts, a, b, W, Wout, data.keep, data.table, data.guide, config.window,
                         config.negatives, alpha(lo), alpha(hi), seed, *scratch[shard]))
        if pool is None:
            return sum(fn(*job) for job in jobs), None
        return sum(pool.map(lambda job: fn(*job), jobs)), None

    return step


def _minibatch_step(config: TrainConfig, data: Data, total: int):
    from derive.kernels import KERNELS  # SymPy, lambdified here: minibatch training only
    kernel = KERNELS[config.loss]()

    def rate(t: int) -> float:
        if config.schedule == "cs224n":
            return config.alpha * 0.5 ** (t // config.anneal_every)
        return max(config.min_alpha, config.alpha - (config.alpha - config.min_alpha) * t / total)

    def step(t: int, W: np.ndarray, Wout: np.ndarray) -> tuple[int, float | None]:
        rng = np.random.default_rng([config.seed, t])
        pairs = batches.window_pairs(rng, data.corpus, data.keep, config.batch_windows, config.window)
        if pairs.centers.size == 0:
            return config.batch_windows, None
        size = rate(t) / pairs.windows  # the gradient is averaged over the batch's windows
        if config.loss == "neg-sampling":
            drawn = batches.negatives(rng, data.table, pairs.outsides, config.negatives)  # (P, K)
            loss, g_vc, g_uo, g_un = kernel.fn(W[pairs.centers], Wout[pairs.outsides], Wout[drawn])
            np.add.at(Wout, pairs.outsides, -size * g_uo)
            np.add.at(Wout, drawn, -size * g_un)
        else:
            loss, g_vc, g_U = kernel.fn(W[pairs.centers], Wout, pairs.outsides)
            Wout -= size * g_U
        np.add.at(W, pairs.centers, -size * g_vc)
        return config.batch_windows, float(loss.mean())

    return step


# --- around the loop ----------------------------------------------------------------------------

def _save_kernels(folder: Path, config: TrainConfig) -> None:
    """The lambdified minibatch kernel's source and expression, beside the run's outputs."""
    from derive.kernels import KERNELS
    k = KERNELS[config.loss]()
    name = k.name.replace("/", "_")
    vectors.write_atomically(folder / f"{name}.py", lambda f: f.write(k.source.encode()))
    vectors.write_atomically(folder / f"{name}.expression.txt", lambda f: f.write((k.expression + "\n").encode()))


def _chunks(enc: Encoded, config: TrainConfig) -> list[tuple[int, int]]:
    """Sentence ranges of about ``chunk_words`` words each: the steps of one epoch."""
    cuts = np.searchsorted(enc.starts, np.arange(0, enc.ids.size, config.chunk_words), side="left")
    cuts = np.unique(np.r_[cuts, enc.starts.size - 1])
    return [(int(a), int(b)) for a, b in zip(cuts[:-1], cuts[1:])]


def _split(starts: np.ndarray, first: int, last: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` sentence ranges covering first..last with about equal words."""
    marks = starts[first] + (starts[last] - starts[first]) * np.arange(parts + 1) // parts
    cuts = np.clip(np.searchsorted(starts, marks), first, last)
    cuts[0], cuts[-1] = first, last
    return [(int(a), int(b)) for a, b in zip(cuts[:-1], cuts[1:]) if b > a]


def _minibatch_steps(config: TrainConfig, data: Data) -> int:
    return config.iterations or max(1, config.epochs * data.corpus.ids.size // config.batch_windows)


def _probe(config: TrainConfig, data: Data, loop: native_loop.Loop):
    """The mean loss per pair over a fixed sample of pairs, by the loop's generated loss functions."""
    rng = np.random.default_rng([config.seed, 2**32])
    pairs = batches.window_pairs(rng, data.corpus, np.ones(len(data.vocab)), PROBE_PAIRS, config.window)
    centers, outsides = pairs.centers[:PROBE_PAIRS], pairs.outsides[:PROBE_PAIRS]
    drawn = np.ascontiguousarray(batches.negatives(rng, data.table, outsides, config.negatives), dtype=np.int64)
    centers, outsides = (np.ascontiguousarray(a, dtype=np.int64) for a in (centers, outsides))

    def loss(W: np.ndarray, Wout: np.ndarray) -> float:
        return loop.mean_loss(W, Wout, centers, outsides, drawn)

    return loss


def _start(config: TrainConfig, data: Data, out: Path, resume: bool):
    """(W, Wout, Progress): from the checkpoint, or word2vec's start (W uniform in ±0.5/d, Wout 0)."""
    dtype = np.float32 if config.batch_windows == 0 else np.float64
    if not resume:
        rng = np.random.default_rng(config.seed)
        W = rng.random((len(data.vocab), config.dim), dtype=dtype)  # drawn in place: no float64 copy
        W -= 0.5
        W /= config.dim
        return W, np.zeros_like(W), Progress(0, 0, ())
    saved = _load(out / "checkpoint.npz")
    state = json.loads(str(saved["state"]))
    if state["vocab"] != _fingerprint(data.vocab):
        raise TrainError(f"{out / 'checkpoint.npz'} was trained on another corpus or vocabulary")
    history = tuple((int(s), float(x)) for s, x in state["history"])
    return (saved["W"].astype(dtype), saved["Wout"].astype(dtype),
            Progress(int(state["step"]), int(state["words"]), history))


def _checkpoint(out: Path, config: TrainConfig, vocab: Vocab, W, Wout, progress: Progress) -> None:
    state = {"step": progress.step, "words": progress.words, "vocab": _fingerprint(vocab),
             "history": [list(h) for h in progress.history]}
    arrays = {"W": W, "Wout": Wout, "config": np.array(json.dumps(config.to_json())),
              "state": np.array(json.dumps(state))}
    vectors.write_atomically(out / "checkpoint.npz", lambda f: np.savez(f, **arrays))


def _load(path: Path):
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError) as e:
        raise TrainError(f"cannot read checkpoint {path}: {e}") from None


def _saved_config(path: Path) -> TrainConfig:
    if not path.is_file():
        raise TrainError(f"nothing to resume: {path} does not exist")
    try:
        values = json.loads(str(_load(path)["config"]))
    except (KeyError, ValueError) as e:
        raise TrainError(f"{path} is not a gradproof checkpoint: {e}") from None
    values.setdefault("tokenize", "words")  # saved before --tokenize existed: read as words then
    return resolve(from_mapping(values, origin=str(path)))


def _fingerprint(vocab: Vocab) -> str:
    digest = hashlib.sha256("\n".join(vocab.words).encode())
    digest.update(vocab.counts.tobytes())
    return digest.hexdigest()[:16]


def _finite(*arrays: np.ndarray) -> bool:
    return all(bool(np.isfinite(a).all()) for a in arrays)


def _diverged(step: int, config: TrainConfig, out: Path) -> str:
    kept = (f"the last good checkpoint is kept in {out / 'checkpoint.npz'}"
            if (out / "checkpoint.npz").exists() else "no checkpoint was written")
    return (f"training diverged at step {step}: the loss or the vectors became NaN or infinite, or the "
            f"loss grew past {BLOWN_UP:g} times its first value (step size alpha={config.alpha:g} too "
            f"large?); {kept}")


def _write_outputs(out: Path, config: TrainConfig, data: Data, W: np.ndarray, progress: Progress,
                   result: Result, log: Callable[[str], None]) -> None:
    words = data.vocab.words
    vectors.write_text(out / "vectors.txt", words, W)
    vectors.write_binary(out / "vectors.bin", words, W)
    scores = evaluate(words, W)
    metrics = {"vocab_size": len(words), "tokenize": config.tokenize, "corpus_tokens": data.vocab.raw_tokens,
               "vocab_tokens": int(data.corpus.ids.size), "sentences": data.corpus.sentences,
               "sentences_cut": data.corpus.cut, "steps": result.steps,
               "train_seconds": round(result.train_seconds, 3),
               "words_per_second": round(result.words_per_second), "final_loss": result.final_loss,
               "evaluation": scores.to_json(), "loss_history": [list(h) for h in progress.history]}
    vectors.write_json(out / "metrics.json", metrics)
    from train import plots  # matplotlib loads only now, after the memory peak of training
    if progress.history:
        steps, losses = (np.array(c) for c in zip(*progress.history))
        plots.loss_curve(out / "loss.png", steps, losses, f"{config.loss}, d={config.dim}")
    index = data.vocab.index()
    shown = [w for w in config.plot_words if w in index]
    if len(shown) >= 2:
        plots.word_map(out / "word_vectors.png", shown, W[[index[w] for w in shown]].astype(np.float64),
                       f"{len(shown)} words, {config.loss}, d={config.dim}")
    for s in scores.similarities:
        log(f"{s.name}: Spearman {s.spearman:.3f} over {s.pairs} pairs (OOV {s.oov:.1%})")
    a = scores.analogies
    log(f"analogies: accuracy {a.accuracy:.3f} over {a.questions} questions (OOV {a.oov:.1%})")
    log(f"{result.steps} steps in {result.train_seconds:.1f} s, {result.words_per_second:,.0f} words/s; "
        f"wrote {out}/vectors.txt, vectors.bin, metrics.json, loss.png"
        + (", word_vectors.png" if len(shown) >= 2 else ""))
