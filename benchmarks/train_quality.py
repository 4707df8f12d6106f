"""Vector quality of gradproof against gensim 4's Word2Vec: same corpus, same settings, 5 epochs.

Settings and reading as benchmarks/train_speed.py (skip-gram, negative sampling, dim 100, window 5,
5 negatives, min_count 5, sample 1e-3; both tools read the same file as whitespace-separated tokens,
one sentence per line), 5 epochs. Both vector files are scored by the same code
(``train.evaluate``): Spearman on WordSim-353 and SimLex-999, 3CosAdd accuracy on Google's analogies
over the 30000 most frequent words, each with its OOV share; and the nearest neighbours of a few
frequent words.

Each seed trains both tools once; the last lines give the means over the seeds and gradproof's gap.

    python benchmarks/train_quality.py [--corpus out/bench/corpus.txt] [--workers 2] [--epochs 5] [--seeds 1 2 3]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

from train_speed import DEFAULT_CORPUS, ROOT, run  # beside this file, on sys.path when run as a script

sys.path.insert(0, str(ROOT))
from train.evaluate import evaluate  # noqa: E402
from train.vectors import read  # noqa: E402

PROBES = ("king", "water", "house", "good", "england")


def neighbours(words: tuple[str, ...], values: np.ndarray, word: str, n: int = 5) -> list[str]:
    if word not in words:
        return []
    unit = values / np.maximum(np.linalg.norm(values, axis=1, keepdims=True), 1e-12)
    scores = unit @ unit[words.index(word)]
    return [words[i] for i in np.argsort(-scores)[1:n + 1]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    args = parser.parse_args()
    if not args.corpus.is_file():
        raise SystemExit(f"{args.corpus} is missing: run benchmarks/make_corpus.py first")
    scores_of: dict[str, list[dict[str, float]]] = {"gensim": [], "gradproof": []}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in args.seeds:
            for tool in scores_of:
                out = Path(tmp) / f"{tool}{seed}"
                timing = run(tool, args.corpus, args.workers, args.epochs, out, seed)
                words, values = read(out / "vectors.bin")
                scores = evaluate(words, values)
                line = f"seed {seed} {tool:>9}: {timing['seconds']:.0f} s;"
                for s in scores.similarities:
                    line += f" {s.name} {s.spearman:.3f} (OOV {s.oov:.1%});"
                a = scores.analogies
                line += f" analogies {a.accuracy:.3f} over {a.questions} (OOV {a.oov:.1%})"
                print(line, flush=True)
                for probe in PROBES:
                    print(f"           {probe}: {', '.join(neighbours(words, values, probe))}")
                scores_of[tool].append({**{s.name: s.spearman for s in scores.similarities}, "analogies": a.accuracy})
    means = {tool: {k: float(np.mean([r[k] for r in runs])) for k in runs[0]} for tool, runs in scores_of.items()}
    for tool, mean in means.items():
        print(f"mean over {len(args.seeds)} seed(s), {tool:>9}: " + "; ".join(f"{k} {v:.3f}" for k, v in mean.items()))
    print("gradproof - gensim: " + "; ".join(
        f"{k} {means['gradproof'][k] - means['gensim'][k]:+.3f}" for k in means["gensim"]))


if __name__ == "__main__":
    main()
