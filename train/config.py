"""TrainConfig: every default of the trainer in one block, presets from TOML, and their validation.

The first stage of training: defaults < a preset file (``train/presets/NAME.toml``) < command-line
flags give the resolved config that the trainer prints at start and saves with every checkpoint and
every vectors file. ``command.py`` builds the flags from the fields below, with their comments as help.
"""
from __future__ import annotations

import dataclasses
import inspect
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from train.corpus import TOKENIZERS
from train.errors import TrainError

PRESETS = Path(__file__).resolve().parent / "presets"
LOSSES = ("neg-sampling", "naive-softmax")
SCHEDULES = ("linear", "cs224n")
ENCODING_ERRORS = ("strict", "replace")
# The words of CS224n's word_vectors.png, the 2-D map written after training.
CS224N_WORDS = ("great", "cool", "brilliant", "wonderful", "well", "amazing", "worth", "sweet",
                "enjoyable", "boring", "bad", "dumb", "annoying", "female", "male", "queen", "king",
                "man", "woman", "rain", "snow", "hail", "coffee", "tea")


@dataclass(frozen=True)
class TrainConfig:
    corpus: str = ""  # UTF-8 text file, .gz/.bz2 too; empty: the default corpus (GCIDE dictionary)
    tokenize: str = ""  # whitespace: tokens as given, as word2vec and gensim read; words: lower-case letter runs, for raw prose; empty: words for the default corpus, else whitespace
    encoding_errors: str = ""  # strict: a byte that is not UTF-8 stops the run, named by offset; replace: read as U+FFFD; empty: replace for the default corpus, else strict
    running_text: bool = False  # with tokenize words: sentences end at . ! ? or a blank line, not at every line end
    loss: str = "neg-sampling"  # neg-sampling or naive-softmax
    dim: int = 100  # vector size d
    window: int = 5  # largest window radius m; each center draws its radius from 1..m
    negatives: int = 5  # negative draws K per (center, outside) pair
    min_count: int = 5  # drop words seen fewer times
    max_vocab: int = 0  # keep only this many most frequent words; 0 keeps all
    sample: float = 1e-3  # frequent-word subsampling threshold t (word2vec's -sample); 0 turns it off
    epochs: int = 1  # passes over the corpus (per-pair SGD; minibatches unless --iterations)
    schedule: str = "linear"  # linear: word2vec's decay to min_alpha; cs224n: halve every anneal_every steps
    alpha: float = 0.025  # starting step size
    min_alpha: float = 0.0001  # the step size linear decay ends at
    anneal_every: int = 20000  # cs224n schedule: halve the step this many steps
    batch_windows: int = 0  # 0: per-pair SGD like word2vec; N: minibatches of N windows, gradient averaged
    iterations: int = 0  # minibatch steps; 0: epochs x corpus words / batch_windows
    chunk_words: int = 100_000  # per-pair SGD: words in one step (between progress, checks, checkpoints)
    checkpoint_every: int = 100  # steps between checkpoints; 0: only at the end
    seed: int = 1  # fixes initial vectors, subsampling, windows and negatives: same seed, same vectors
    workers: int = 1  # threads of per-pair SGD (Hogwild); results vary with more than 1
    max_sentence: int = 10_000  # longer sentences are cut into pieces of this many tokens, none dropped (as gensim)
    plot_words: tuple[str, ...] = CS224N_WORDS  # words shown on the 2-D map

    def to_json(self) -> dict:
        return {f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v
                for f in dataclasses.fields(self)}


def field_help() -> dict[str, str]:
    """Each field's comment above, the help text of its command-line flag."""
    source = inspect.getsource(TrainConfig)
    return dict(re.findall(r"^    (\w+): [^=]+=.*?  # (.+)$", source, re.MULTILINE))


def from_mapping(values: dict, base: TrainConfig | None = None, origin: str = "config") -> TrainConfig:
    """``base`` with ``values`` in place of its fields; unknown keys and wrong types are TrainErrors."""
    base = base or TrainConfig()
    known = {f.name: f for f in dataclasses.fields(TrainConfig)}
    changes = {}
    for key, value in values.items():
        name = key.replace("-", "_")
        if name not in known:
            raise TrainError(f"{origin}: unknown setting {key!r}")
        default = getattr(TrainConfig(), name)
        if isinstance(default, tuple):
            if isinstance(value, str):
                value = [w for w in value.split(",") if w]
            if not isinstance(value, (list, tuple)) or not all(isinstance(w, str) for w in value):
                raise TrainError(f"{origin}: {key} must be a list of words")
            value = tuple(value)
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise TrainError(f"{origin}: {key} must be true or false")
        elif isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        elif type(value) is not type(default):
            raise TrainError(f"{origin}: {key} must be a {type(default).__name__}, not {value!r}")
        changes[name] = value
    return dataclasses.replace(base, **changes)


def preset(name: str) -> dict:
    """The settings of ``train/presets/NAME.toml``, or of a TOML file given by path."""
    path = Path(name) if name.endswith(".toml") else PRESETS / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in PRESETS.glob("*.toml")))
        raise TrainError(f"no preset {name!r} (known: {known})")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise TrainError(f"preset {path}: {e}") from None


def load_json(path: Path) -> TrainConfig:
    """A config saved by a run (config.json beside a checkpoint or vectors file)."""
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise TrainError(f"cannot read config {path}: {e}") from None
    if not isinstance(values, dict):
        raise TrainError(f"config {path} is not a JSON object")
    return validate(from_mapping(values, origin=str(path)))


def resolve(config: TrainConfig) -> TrainConfig:
    """Fill the settings that depend on others: a corpus file is read as whitespace tokens, strictly
    UTF-8; the default corpus, a dictionary's prose, as words, its few cp1252 bytes replaced; naive
    softmax trains in minibatches (it needs the whole outside matrix per step), 50 windows unless
    asked otherwise."""
    if not config.tokenize:
        config = dataclasses.replace(config, tokenize="whitespace" if config.corpus else "words")
    if not config.encoding_errors:
        config = dataclasses.replace(config, encoding_errors="strict" if config.corpus else "replace")
    if config.loss == "naive-softmax" and config.batch_windows == 0:
        config = dataclasses.replace(config, batch_windows=50)
    return validate(config)


def validate(c: TrainConfig) -> TrainConfig:
    """``c`` unchanged, or a TrainError naming the first unusable setting."""
    positive = ("dim", "window", "min_count", "epochs", "anneal_every", "chunk_words", "workers",
                "max_sentence")
    for name in positive:
        if getattr(c, name) <= 0:
            raise TrainError(f"{name.replace('_', '-')} must be positive, got {getattr(c, name)}")
    for name in ("max_vocab", "batch_windows", "iterations", "checkpoint_every"):
        if getattr(c, name) < 0:
            raise TrainError(f"{name.replace('_', '-')} must be 0 or positive, got {getattr(c, name)}")
    if c.loss not in LOSSES:
        raise TrainError(f"unknown loss {c.loss!r}; choose {' or '.join(LOSSES)}")
    if c.schedule not in SCHEDULES:
        raise TrainError(f"unknown schedule {c.schedule!r}; choose {' or '.join(SCHEDULES)}")
    if c.loss == "neg-sampling" and c.negatives <= 0:
        raise TrainError(f"negatives must be positive for neg-sampling, got {c.negatives}")
    if not (c.alpha > 0 and c.alpha < float("inf")) or not 0 <= c.min_alpha <= c.alpha:
        raise TrainError(f"need 0 < alpha < inf and 0 <= min-alpha <= alpha, got {c.alpha}, {c.min_alpha}")
    if not 0 <= c.sample < 1:
        raise TrainError(f"sample must be in [0, 1), got {c.sample}")
    if c.batch_windows == 0 and c.schedule != "linear":
        raise TrainError("per-pair SGD uses the linear schedule; the cs224n schedule needs --batch-windows")
    if c.loss == "naive-softmax" and c.batch_windows == 0:
        raise TrainError("naive-softmax trains in minibatches: give --batch-windows")
    if c.dim > 10_000 or c.window > 1_000 or c.negatives > 1_000:
        raise TrainError("dim ≤ 10000, window ≤ 1000 and negatives ≤ 1000, please")
    if c.tokenize not in TOKENIZERS:
        raise TrainError(f"unknown tokenize {c.tokenize!r}; choose {' or '.join(TOKENIZERS)}")
    if c.encoding_errors not in ENCODING_ERRORS:
        raise TrainError(f"unknown encoding-errors {c.encoding_errors!r}; choose {' or '.join(ENCODING_ERRORS)}")
    if c.running_text and c.tokenize != "words":
        raise TrainError("--running-text cuts prose into sentences at . ! ?: it needs --tokenize words")
    if not c.corpus and c.tokenize != "words":
        raise TrainError("the default corpus is prose, read as running text: it needs --tokenize words "
                         "(or give --corpus FILE)")
    return c
