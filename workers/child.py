"""Inside a worker process: import the function, bound the address space, answer calls until the
pipe closes.

What crosses the pipe (workers/process.py is the other end):
  worker → caller  once: (READY,), or (RAISED, "cannot import …")
  caller → worker  a call's arguments (a tuple)
  worker → caller  (VALUE, value, peak, cpu), (RAISED, one line, peak, cpu) or (MEMORY, peak, cpu):
                   peak is the worker's peak resident memory so far in bytes, cpu the processor
                   seconds the call took
"""
from __future__ import annotations

import importlib
import os
import resource
import signal
from typing import Any, Callable

READY, VALUE, RAISED, MEMORY = "ready", "value", "raised", "memory"
OUT_OF_MEMORY = 3  # the exit code when a MemoryError left the worker unable even to answer


def serve(conn, task: str, max_memory: int) -> None:
    """A worker's life. ``task`` is "module:function"; the function's exceptions become one line."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle: it stops us
    _silence()
    try:
        function = _load(task)
    except Exception as e:  # noqa: BLE001 - told to the caller in one line
        conn.send((RAISED, f"cannot import {task} ({type(e).__name__}: {e})"))
        return
    conn.send((READY,))
    # Bound after the import: our own code is trusted, and a bound too small for an import (a test's
    # 30 MB) must cost the first call, with the memory line, not the start.
    _bound_memory(max_memory)
    try:
        _answer(conn, function)
    except MemoryError:  # even the answer did not fit: the exit code says it
        os._exit(OUT_OF_MEMORY)


def _load(task: str) -> Callable[..., Any]:
    module, name = task.split(":")
    return getattr(importlib.import_module(module), name)


def _answer(conn, function: Callable[..., Any]) -> None:
    while True:
        try:
            args = conn.recv()
        except EOFError:  # the caller closed the pipe: nothing more to do
            return
        start = _cpu_seconds()
        try:
            reply = VALUE, function(*args)
        except MemoryError:
            reply = MEMORY,
        except Exception as e:  # noqa: BLE001 - one line for the caller, never a traceback
            reply = RAISED, f"internal error ({type(e).__name__}: {e}); please report it"
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # ru_maxrss is in kB on Linux
        conn.send((*reply, peak, _cpu_seconds() - start))
        if reply[0] == MEMORY:  # what is left of a process after a MemoryError is not to be trusted
            return


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _silence() -> None:
    """A worker never writes to the terminal: its caller's stdout may be carrying JSON."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)


def _bound_memory(max_memory: int) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_memory = min(max_memory, hard)  # a lower bound set by the system stays
    resource.setrlimit(resource.RLIMIT_AS, (max_memory, hard))
