"""The ``gradproof train`` and ``gradproof evaluate`` subcommands: flags, then a call into train/.

gradproof.py wires these in. Every TrainConfig field is a flag named after it (``min_count`` is
``--min-count``) with its comment as help; the config is the defaults, then ``--preset``, then the
flags given. Errors print one line and exit 2, never a traceback.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from train.config import PRESETS, TrainConfig, field_help, from_mapping, preset, resolve
from train.errors import TrainError

DEFAULT_OUT = Path("out/train")


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    helps, defaults = field_help(), TrainConfig()
    for field in dataclasses.fields(TrainConfig):
        default = getattr(defaults, field.name)
        flag = "--" + field.name.replace("_", "-")
        shown = ",".join(default) if isinstance(default, tuple) else default
        text = f"{helps[field.name]} (default: {shown if shown != '' else 'none'})".replace("%", "%%")
        if isinstance(default, bool):
            parser.add_argument(flag, action=argparse.BooleanOptionalAction, default=None, help=text)
        else:
            kind = str if isinstance(default, tuple) else type(default)
            parser.add_argument(flag, type=kind, default=None, metavar=field.name.upper(), help=text)
    known = ", ".join(sorted(p.stem for p in PRESETS.glob("*.toml")))
    parser.add_argument("--preset", metavar="NAME", help=f"settings from train/presets/NAME.toml "
                        f"({known}) or a .toml file; flags given override them")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=f"folder for vectors, metrics, plots, kernels and the checkpoint (default {DEFAULT_OUT})")
    parser.add_argument("--resume", action="store_true",
                        help="continue the run saved in DIR/checkpoint.npz with its saved config")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def run_train(args: argparse.Namespace) -> int:
    from train.trainer import train
    given = {f.name: getattr(args, f.name) for f in dataclasses.fields(TrainConfig)
             if getattr(args, f.name, None) is not None}
    try:
        if args.resume:
            if given or args.preset:
                flags = ", ".join(["--" + n.replace("_", "-") for n in given] + (["--preset"] if args.preset else []))
                raise TrainError(f"--resume continues with the saved config; drop {flags}")
            config = TrainConfig()
        else:
            base = from_mapping(preset(args.preset), origin=f"preset {args.preset}") if args.preset else None
            config = resolve(from_mapping(given, base, origin="flags"))
        train(config, args.out, resume=args.resume, progress_bar=not args.no_progress)
    except TrainError as e:
        return _fail(str(e))
    except OSError as e:
        return _fail(f"{e.filename or args.out}: {e.strerror}")
    return 0


def add_evaluate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("vectors", type=Path, metavar="VECTORS", help="a word2vec text or binary file")
    parser.add_argument("--restrict", type=int, default=30_000, metavar="N",
                        help="analogies: search the N most frequent words (the first N rows; default 30000)")
    parser.add_argument("--json", metavar="FILE", help="also write the scores as JSON to FILE ('-': stdout)")


def run_evaluate(args: argparse.Namespace) -> int:
    from train.evaluate import evaluate
    from train.vectors import read, write_json
    if args.restrict <= 0:
        return _fail(f"--restrict must be positive, got {args.restrict}")
    try:
        words, values = read(args.vectors)
    except TrainError as e:
        return _fail(str(e))
    if not words:
        return _fail(f"{args.vectors} holds no vectors")
    scores = evaluate(words, values, args.restrict)
    if args.json != "-":
        print(f"{args.vectors}: {len(words)} words, dimension {values.shape[1]}")
        for s in scores.similarities:
            print(f"  {s.name:<17} Spearman {s.spearman:7.4f}   pairs {s.pairs:5d}   OOV {s.oov:6.1%}")
        a = scores.analogies
        print(f"  {a.name:<17} accuracy {a.accuracy:7.4f}   questions {a.questions:5d}   OOV {a.oov:6.1%}"
              f"   (3CosAdd over the {min(args.restrict, len(words))} most frequent words)")
    if args.json == "-":
        print(json.dumps(scores.to_json(), indent=1))
    elif args.json:
        try:
            write_json(Path(args.json), scores.to_json())
        except OSError as e:
            return _fail(f"{args.json}: {e.strerror}")
    return 0


def _fail(message: str) -> int:
    print(f"gradproof: {message}", file=sys.stderr)
    return 2
