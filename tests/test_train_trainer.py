"""The trainer end to end on small generated corpora: determinism, resume, the NaN guard, hostile
input through the command, and outputs. (The compiled loop itself: test_native_loop.py.)"""
import argparse
import dataclasses
import json

import numpy as np
import pytest

from train import trainer
from train.command import add_train_arguments, run_train
from train.config import TrainConfig, resolve
from train.errors import TrainError
from train.vectors import read

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
    kernels = {p.name for p in (tmp_path / "kernels").iterdir()}
    assert {"kernels.h", "skipgram.c", "skipgram.so"} <= kernels
    assert "return g*u_i;" in (tmp_path / "kernels" / "kernels.h").read_text()


def test_a_minibatch_run_keeps_its_lambdified_kernel_source(corpus, tmp_path):
    _train(_config(corpus, "naive-softmax"), tmp_path)
    source = (tmp_path / "kernels" / "naive-softmax.py").read_text()
    assert source.startswith("def _lambdifygenerated(") and "numpy." in source


@pytest.mark.parametrize("name, binary", [("vectors.txt", False), ("vectors.bin", True)])
def test_gensim_loads_trained_vectors_and_finds_same_topic_neighbours(corpus, tmp_path, name, binary):
    KeyedVectors = pytest.importorskip("gensim.models").KeyedVectors
    _train(_config(corpus, "per-pair"), tmp_path)
    kv = KeyedVectors.load_word2vec_format(str(tmp_path / name), binary=binary)
    assert len(kv) == TOPICS * PER_TOPIC
    assert all(w[0] == "p" for w, _ in kv.most_similar("pa", topn=5))


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


def test_a_loss_that_explodes_but_stays_finite_stops_the_run(corpus, tmp_path, monkeypatch):
    make_step = trainer._minibatch_step

    def exploding(*args):
        step = make_step(*args)

        def run(t, W, Wout):
            read, loss = step(t, W, Wout)
            return read, loss * 1e6 if t == 4 else loss
        return run

    monkeypatch.setattr(trainer, "_minibatch_step", exploding)
    with pytest.raises(TrainError, match=r"diverged at step 5: .* grew past 10000 times its first value"):
        _train(_config(corpus, "naive-softmax", checkpoint_every=2), tmp_path)
    assert json.loads(str(np.load(tmp_path / "checkpoint.npz")["state"]))["step"] == 4


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
     "the corpus holds no tokens (it is empty or blank, or with --tokenize words has no letters)"),
    ("binary", lambda t: ["--corpus", _hostile(t, "b.txt", bytes(range(256)) * 4)],
     "line 1 holds NUL bytes: not a text file"),
    ("not UTF-8", lambda t: ["--corpus", _hostile(t, "l.txt", "a b c d e f\ncafé\n".encode("latin-1"))],
     "l.txt: not UTF-8 at byte offset 15, line 2 (invalid continuation byte); "
     "--encoding-errors replace reads such bytes as U+FFFD"),
    ("digits only, as words", lambda t: ["--corpus", _hostile(t, "d.txt", b"1 2 3\n4 5 6\n"), "--tokenize", "words"],
     "the corpus holds no tokens (it is empty or blank, or with --tokenize words has no letters)"),
    ("unknown tokenizer", lambda t: ["--corpus", _hostile(t, "u.txt", b"a b\n"), "--tokenize", "spaces"],
     "unknown tokenize 'spaces'; choose whitespace or words"),
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


LONG = 25  # tokens of the corpus's one long sentence, cut at --max-sentence 10


def _numbered_corpus(path):
    """w0 … w199, each twice, in 40 sentences of 10; one sentence of LONG tokens; a blank line; a
    sentence of a phrase and words seen once."""
    order = np.random.default_rng(1).permutation(np.r_[np.arange(200), np.arange(200)])
    lines = [" ".join(f"w{i}" for i in order[at:at + 10]) for at in range(0, 400, 10)]
    lines += [" ".join(["new_york"] * LONG), "", "new_york 2019 co2 h2o"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, sum(len(line.split()) for line in lines)


@pytest.mark.parametrize("engine", ["per-pair", "minibatch-neg"])
def test_the_command_reports_tokens_read_and_kept_cut_sentences_and_the_tokenizer(tmp_path, capsys, engine):
    path, tokens = _numbered_corpus(tmp_path / "numbered.txt")
    flags = ["--dim", "8", "--min-count", "2", "--max-sentence", "10", "--checkpoint-every", "0"]
    flags += ["--batch-windows", "20", "--iterations", "30"] if engine == "minibatch-neg" else []
    code = _command(["--corpus", str(path), "--out", str(tmp_path / "out"), "--no-progress", *flags])
    assert code == 0
    printed = capsys.readouterr().out.splitlines()
    metrics = json.loads((tmp_path / "out/metrics.json").read_text())
    config = json.loads((tmp_path / "out/config.json").read_text())
    kept = tokens - 3  # 2019, co2, h2o occur once
    assert printed[1:3] == [
        f"corpus: {tokens:,} tokens in 42 sentences, read with --tokenize whitespace; 1 sentence(s) longer "
        "than --max-sentence 10 cut into pieces, none dropped",
        f"vocabulary: 201 words at --min-count 2, holding {kept:,} of the {tokens:,} tokens"]
    assert {k: metrics[k] for k in ("tokenize", "corpus_tokens", "vocab_tokens", "sentences", "sentences_cut",
                                    "vocab_size")} == {
        "tokenize": "whitespace", "corpus_tokens": tokens, "vocab_tokens": kept, "sentences": 42,
        "sentences_cut": 1, "vocab_size": 201}
    assert (config["tokenize"], config["encoding_errors"], config["max_sentence"]) == ("whitespace", "strict", 10)
    words, _ = read(tmp_path / "out/vectors.txt")
    assert set(words) == {f"w{i}" for i in range(200)} | {"new_york"}


def test_a_checkpoint_saved_before_tokenize_existed_resumes_reading_words(corpus, tmp_path):
    prose = tmp_path / "prose.txt"
    prose.write_text(corpus.read_text().replace("pa", "Pa,"), encoding="utf-8")
    config = _config(prose, "per-pair", tokenize="words")
    _train(config, tmp_path / "old")
    saved = dict(np.load(tmp_path / "old/checkpoint.npz"))
    old = {k: v for k, v in json.loads(str(saved["config"])).items() if k not in ("tokenize", "encoding_errors")}
    np.savez(tmp_path / "old/checkpoint.npz", **{**saved, "config": np.array(json.dumps(old))})
    _train(config, tmp_path / "old", resume=True)
    assert json.loads((tmp_path / "old/config.json").read_text())["tokenize"] == "words"
    assert "pa" in read(tmp_path / "old/vectors.txt")[0]
