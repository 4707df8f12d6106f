"""The trainer end to end on small generated corpora: determinism, resume, the NaN guard, hostile
input through the command, outputs, and the compiled loop against the SymPy kernel it must equal."""
import argparse
import dataclasses
import json

import numpy as np
import pytest

from derive.kernels import neg_sampling_kernel
from train import trainer
from train.command import add_train_arguments, run_train
from train.config import TrainConfig, resolve
from train.errors import TrainError
from train.vectors import read
from train.vocab import negative_table

TOPICS, PER_TOPIC = 6, 10
TOPIC_LETTERS = "pqrstu"  # word "qc": the third word of topic 1


def _topic_corpus(path, sentences=1500, seed=0):
    """Sentences that each draw their words from one topic: words of a topic share contexts."""
    rng = np.random.default_rng(seed)
    lines = []
    for _ in range(sentences):
        topic = rng.integers(TOPICS)
        words = rng.integers(PER_TOPIC, size=rng.integers(6, 14))
        lines.append(" ".join(TOPIC_LETTERS[topic] + chr(97 + w) for w in words))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return _topic_corpus(tmp_path_factory.mktemp("corpus") / "topics.txt")


ENGINES = {
    "per-pair": dict(dim=16, chunk_words=3000, checkpoint_every=2, epochs=2, alpha=0.05),
    "minibatch-neg": dict(dim=8, batch_windows=20, iterations=60, checkpoint_every=20, alpha=0.3,
                          schedule="cs224n", anneal_every=30, negatives=4),
    "naive-softmax": dict(dim=8, loss="naive-softmax", iterations=60, checkpoint_every=20, alpha=0.3),
}


def _config(corpus, engine, **changes):
    return resolve(TrainConfig(corpus=str(corpus), min_count=1, sample=0.0, seed=3,
                               plot_words=("pa", "pb", "qa", "rc"), **{**ENGINES[engine], **changes}))


def _train(config, out, resume=False):
    return trainer.train(config, out, resume=resume, log=lambda _: None, progress_bar=False)


@pytest.mark.parametrize("engine", ENGINES)
def test_same_seed_gives_identical_vectors(corpus, tmp_path, engine):
    config = _config(corpus, engine)
    _train(config, tmp_path / "a")
    _train(config, tmp_path / "b")
    _train(dataclasses.replace(config, seed=4), tmp_path / "c")
    assert (tmp_path / "a/vectors.bin").read_bytes() == (tmp_path / "b/vectors.bin").read_bytes()
    assert (tmp_path / "a/vectors.bin").read_bytes() != (tmp_path / "c/vectors.bin").read_bytes()


@pytest.mark.parametrize("engine", ENGINES)
def test_resume_after_an_interruption_gives_the_uninterrupted_result(corpus, tmp_path, engine, monkeypatch):
    config = _config(corpus, engine)
    _train(config, tmp_path / "whole")
    save = trainer._checkpoint

    def save_then_stop(out, config, vocab, W, Wout, progress):
        save(out, config, vocab, W, Wout, progress)
        raise KeyboardInterrupt

    monkeypatch.setattr(trainer, "_checkpoint", save_then_stop)
    with pytest.raises(KeyboardInterrupt):
        _train(config, tmp_path / "cut")
    monkeypatch.setattr(trainer, "_checkpoint", save)
    assert not (tmp_path / "cut/vectors.bin").exists()
    _train(config, tmp_path / "cut", resume=True)
    assert (tmp_path / "cut/vectors.bin").read_bytes() == (tmp_path / "whole/vectors.bin").read_bytes()
    history = lambda d: json.loads((tmp_path / d / "metrics.json").read_text())["loss_history"]  # noqa: E731
    assert history("cut") == history("whole")


@pytest.mark.parametrize("engine", ENGINES)
def test_loss_falls_and_topics_cluster(corpus, tmp_path, engine):
    longer = dict(epochs=3) if engine == "per-pair" else dict(iterations=600, alpha=3.0, anneal_every=10**6)
    _train(_config(corpus, engine, **longer), tmp_path)
    losses = np.array(json.loads((tmp_path / "metrics.json").read_text())["loss_history"])[:, 1]
    assert losses[-max(1, len(losses) // 5):].mean() < 0.8 * losses[0]
    words, values = read(tmp_path / "vectors.txt")
    unit = values / np.linalg.norm(values, axis=1, keepdims=True)
    topic = np.array([TOPIC_LETTERS.index(w[0]) for w in words])
    cosine = unit @ unit.T
    same, other = topic[:, None] == topic[None, :], topic[:, None] != topic[None, :]
    np.fill_diagonal(same, False)
    assert cosine[same].mean() > cosine[other].mean() + 0.2


def test_a_run_writes_vectors_metrics_plots_config_and_kernel_sources(corpus, tmp_path):
    _train(_config(corpus, "per-pair"), tmp_path)
    names = {p.name for p in tmp_path.iterdir()}
    assert {"vectors.txt", "vectors.bin", "metrics.json", "loss.png", "word_vectors.png", "config.json",
            "checkpoint.npz", "kernels"} <= names
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["vocab_size"] == TOPICS * PER_TOPIC and set(metrics["evaluation"]) == {
        "wordsim353", "simlex999", "google-analogies"}
    assert json.loads((tmp_path / "config.json").read_text())["dim"] == 16
    sources = {p.name: p.read_text() for p in (tmp_path / "kernels").iterdir()}
    assert sources["dJ_ds_o.py"].startswith("def _lambdifygenerated(s):")
    assert "g*u_i" in sources["dJ_dv_i.expression.txt"] and "neg-sampling.py" in sources


@pytest.mark.parametrize("name, binary", [("vectors.txt", False), ("vectors.bin", True)])
def test_gensim_loads_trained_vectors_and_finds_same_topic_neighbours(corpus, tmp_path, name, binary):
    KeyedVectors = pytest.importorskip("gensim.models").KeyedVectors
    _train(_config(corpus, "per-pair"), tmp_path)
    kv = KeyedVectors.load_word2vec_format(str(tmp_path / name), binary=binary)
    assert len(kv) == TOPICS * PER_TOPIC
    assert all(w[0] == "p" for w, _ in kv.most_similar("pa", topn=5))


def test_compiled_loop_applies_the_lambdified_kernels_gradients():
    # Two words in one sentence, window 1, one negative: pair (0→1) can only draw 0, pair (1→0) only
    # 1, so the loop's two updates are known and the NumPy kernel gives them independently.
    from train.kernels_numba import shard_trainer
    rng = np.random.default_rng(5)
    W, Wout = rng.normal(size=(2, 6)).astype(np.float32), rng.normal(size=(2, 6)).astype(np.float32)
    ids, starts, alpha = np.array([0, 1], np.int32), np.array([0, 2]), 0.1
    expected_W, expected_Wout = W.astype(np.float64), Wout.astype(np.float64)
    for c, o in ((0, 1), (1, 0)):
        _, g_vc, g_uo, g_un = neg_sampling_kernel().fn(expected_W[[c]], expected_Wout[[o]], expected_Wout[[[c]]])
        expected_W[c] -= alpha * g_vc[0]
        expected_Wout[o] -= alpha * g_uo[0]
        expected_Wout[c] -= alpha * g_un[0, 0]
    shard_trainer()(ids, starts, 0, 1, W, Wout, np.ones(2), negative_table(np.array([1, 1])), 1, 1,
                    alpha, alpha, np.uint64(9), np.zeros(2, np.int32), np.zeros(6, np.float32))
    assert np.allclose(W, expected_W, rtol=1e-5, atol=1e-6)
    assert np.allclose(Wout, expected_Wout, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("engine", ENGINES)
def test_nan_guard_stops_and_keeps_the_last_good_checkpoint(corpus, tmp_path, engine, monkeypatch):
    config = _config(corpus, engine, checkpoint_every=2)
    make_step = trainer._per_pair_step if engine == "per-pair" else trainer._minibatch_step

    def poisoned(*args):
        step = make_step(*args)

        def run(t, W, Wout):
            if t == 4:
                W[0, 0] = np.inf
            return step(t, W, Wout)
        return run

    monkeypatch.setattr(trainer, "_per_pair_step" if engine == "per-pair" else "_minibatch_step", poisoned)
    monkeypatch.setattr(trainer, "CHECK_EVERY", 1)
    with pytest.raises(TrainError) as e:
        _train(config, tmp_path)
    assert str(e.value).startswith("training diverged at step 5: the loss or the vectors became NaN or infinite")
    assert str(e.value).endswith(f"the last good checkpoint is kept in {tmp_path / 'checkpoint.npz'}")
    saved = np.load(tmp_path / "checkpoint.npz")
    assert json.loads(str(saved["state"]))["step"] == 4 and np.isfinite(saved["W"]).all()
    assert not (tmp_path / "vectors.txt").exists()


def _command(argv):
    parser = argparse.ArgumentParser()
    add_train_arguments(parser)
    return run_train(parser.parse_args(argv))


def _hostile(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


HOSTILE = [
    ("empty", lambda t: ["--corpus", _hostile(t, "e.txt", b"")],
     "the corpus holds no words (empty, or no letters in it)"),
    ("binary", lambda t: ["--corpus", _hostile(t, "b.txt", bytes(range(256)) * 4)],
     "line 1 holds NUL bytes: not a text file"),
    ("digits only", lambda t: ["--corpus", _hostile(t, "d.txt", b"1 2 3\n4 5 6\n")],
     "the corpus holds no words (empty, or no letters in it)"),
    ("one word", lambda t: ["--corpus", _hostile(t, "o.txt", b"hello " * 50)],
     "the vocabulary has 1 word(s); neg-sampling with negatives=5 needs at least 6: "
     "lower --min-count or give a larger corpus"),
    ("vocab smaller than K+1", lambda t: ["--corpus", _hostile(t, "s.txt", b"a b c d e f\n" * 9),
                                          "--negatives", "6"],
     "the vocabulary has 6 word(s); neg-sampling with negatives=6 needs at least 7"),
    ("zero dim", lambda t: ["--corpus", _hostile(t, "z.txt", b"a b\n"), "--dim", "0"],
     "dim must be positive, got 0"),
    ("negative window", lambda t: ["--window", "-3"], "window must be positive, got -3"),
    ("missing corpus", lambda t: ["--corpus", str(t / "absent.txt")], "is not a file"),
    ("nothing to resume", lambda t: ["--resume"], "nothing to resume"),
    ("resume with flags", lambda t: ["--resume", "--dim", "3"],
     "--resume continues with the saved config; drop --dim"),
    ("overflowing step, per pair", lambda t: ["--corpus", _hostile(t, "t.txt", _topic_corpus(t / "x").read_bytes()),
                                              "--min-count", "1", "--alpha", "1e30", "--dim", "8"],
     "training diverged at step 1"),
    ("overflowing step, naive softmax", lambda t: [
        "--corpus", _hostile(t, "t.txt", _topic_corpus(t / "x").read_bytes()), "--min-count", "1",
        "--loss", "naive-softmax", "--alpha", "1e30", "--dim", "8", "--iterations", "50"],
     "training diverged at step"),
]


@pytest.mark.parametrize("make_args, message", [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_input_gives_one_line_and_exit_2(tmp_path, capsys, make_args, message):
    code = _command(make_args(tmp_path) + ["--out", str(tmp_path / "out"), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("gradproof: ") and message in err and err.count("\n") == 1
    assert not (tmp_path / "out" / "vectors.txt").exists()
