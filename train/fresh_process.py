"""Running one function in a new Python process, for the work that needs SymPy before training.

Importing SymPy and deriving with it costs about 40 MB that a process never gives back. Proving the
kernels and printing them run in a fresh ("spawn") process instead, which hands back only its
result, so the process that trains holds the corpus, the vectors and the compiled loop alone.
"""
from __future__ import annotations

import importlib
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from train.errors import TrainError


def run(target: str, *args):
    """``module.function(*args)`` for ``target`` = "module:function", in a new process; its
    exceptions are raised here. The function is named, not passed, so that this process never
    imports its module; its result must be picklable."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        try:
            return pool.submit(_call, target, args).result()
        except BrokenProcessPool:
            raise TrainError(f"the process running {target} died (out of memory, or killed)") from None


def _call(target: str, args: tuple):
    module, name = target.split(":")
    return getattr(importlib.import_module(module), name)(*args)
