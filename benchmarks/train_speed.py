"""Training speed and peak memory of gradproof against gensim 4's Word2Vec, in the same run.

Both train skip-gram with negative sampling on the benchmark corpus (benchmarks/make_corpus.py):
dim 100, window 5, 5 negatives, min_count 5, sample 1e-3, one epoch, workers 1 and 2. Both read the
same file the same way, whitespace-separated tokens as given, one sentence per line, cut at 10000
(gensim's LineSentence, gradproof's ``--tokenize whitespace``); each line ends with both tools'
token and vocabulary counts, which agree when they trained on the same tokens. Each training
runs in a fresh child process that reports its words/s (raw corpus tokens per second of training,
vocabulary building and JIT compilation excluded on both sides) and its peak resident memory
(VmHWM, the whole process: imports, corpus, vectors, evaluation). gradproof runs through its own
command line, ``gradproof train --preset gensim``.

    python benchmarks/train_speed.py [--corpus out/bench/corpus.txt] [--workers 1 2]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "out" / "bench" / "corpus.txt"

PEAK = "int([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]) / 1024"

GENSIM = """
import json, logging, sys, time
from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence
corpus, workers, epochs, out, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
model = Word2Vec(sg=1, hs=0, negative=5, vector_size=100, window=5, min_count=5, sample=1e-3,
                 workers=workers, seed=seed)
model.build_vocab(LineSentence(corpus))
began = time.perf_counter()
model.train(LineSentence(corpus), total_examples=model.corpus_count, epochs=epochs)
seconds = time.perf_counter() - began
model.wv.save_word2vec_format(out + "/vectors.bin", binary=True)
print(json.dumps({"words_per_second": model.corpus_total_words * epochs / seconds, "seconds": seconds,
                  "tokens": model.corpus_total_words, "vocab": len(model.wv), "peak_mb": %s}))
""" % PEAK

GRADPROOF = """
import json, sys
sys.path.insert(0, %r)
import gradproof
corpus, workers, epochs, out, seed = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
code = gradproof.main(["train", "--preset", "gensim", "--corpus", corpus, "--tokenize", "whitespace",
                       "--workers", workers, "--epochs", epochs, "--out", out, "--no-progress",
                       "--checkpoint-every", "0", "--seed", seed])
metrics = json.load(open(out + "/metrics.json"))
print(json.dumps({"code": code, "words_per_second": metrics["words_per_second"],
                  "seconds": metrics["train_seconds"], "tokens": metrics["corpus_tokens"],
                  "vocab": metrics["vocab_size"], "peak_mb": %s}))
""" % (str(ROOT), PEAK)


def run(tool: str, corpus: Path, workers: int, epochs: int, out: Path, seed: int = 1) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    script = GENSIM if tool == "gensim" else GRADPROOF
    done = subprocess.run([sys.executable, "-c", script, str(corpus), str(workers), str(epochs), str(out), str(seed)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{tool} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    if not args.corpus.is_file():
        raise SystemExit(f"{args.corpus} is missing: run benchmarks/make_corpus.py first")
    with tempfile.TemporaryDirectory() as tmp:
        for workers in args.workers:
            g = run("gensim", args.corpus, workers, 1, Path(tmp) / f"gensim{workers}")
            p = run("gradproof", args.corpus, workers, 1, Path(tmp) / f"gradproof{workers}")
            print(f"workers {workers}: gensim {g['words_per_second']:,.0f} words/s "
                  f"({g['seconds']:.1f} s, peak {g['peak_mb']:.0f} MB); gradproof "
                  f"{p['words_per_second']:,.0f} words/s ({p['seconds']:.1f} s, peak {p['peak_mb']:.0f} MB); "
                  f"speed ratio {p['words_per_second'] / g['words_per_second']:.2f}x, "
                  f"memory ratio {p['peak_mb'] / g['peak_mb']:.2f}x; tokens {g['tokens']} vs {p['tokens']}, "
                  f"vocab {g['vocab']} vs {p['vocab']}",
                  flush=True)


if __name__ == "__main__":
    main()
