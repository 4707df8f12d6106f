"""Documents verified each in a bounded worker process, N at a time.

A submission is untrusted. Inside gradproof every step and every document has a time budget, but a
document could still exhaust memory, or meet a bug that takes the interpreter down. Here documents
run in worker processes (workers/) with a memory bound (RLIMIT_AS, a MemoryError past it) and a
deadline kept from outside (twice the document budget and ten seconds more), so whatever happens to
one costs only that document: it becomes a Failure with the reason, and a fresh worker takes the
next one.

    >>> from grade.workers import Pool, Text, run_isolated
    >>> run_isolated(Text(r"$$\\frac{\\partial J}{\\partial v_c} = U(\\hat{y} - y)$$")).summary()["proved"]
    1
    >>> with Pool(jobs=2) as pool:                                        # doctest: +SKIP
    ...     for run in pool.run([Path("a.md"), Path("b.md")]):          # in the order they finish
    ...         print(run.index, run.outcome.document, f"{run.seconds:.1f} s")

Workers are forked by multiprocessing's fork server, one single-threaded process that imported
SymPy once: a new worker starts in milliseconds, and starting one is safe from a threaded caller (a
web server), where forking the caller itself is not; like any multiprocessing worker, one imports
the caller's main script, so a script keeps its work under ``if __name__ == "__main__":``. A worker
verifies document after document and keeps SymPy's caches warm between them (measured: a short
document in 0.57 s after another, 0.95 s in a fresh process); after a MemoryError it is replaced.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from dataclasses import dataclass
from multiprocessing import forkserver
from pathlib import Path
from typing import Iterable, Iterator

from checks.budget import Budget
from checks.verdict import DocumentResult
from workers.ends import Answer, Died, End, OutOfMemory, Overdue, Raised
from workers.process import Worker, finished

DEFAULT_MAX_MEMORY = 2 * 1024 ** 3  # bytes of address space a worker may map (--max-memory 2048 MB)
GRACE_SECONDS = 10.0  # a worker still busy at twice the document budget plus this is stopped
START_SECONDS = 120.0  # for a forked worker to be ready: milliseconds, unless the machine is swapping
TASK = "grade.workers:verify_in_worker"  # what a worker does with a document
_PRELOAD = ["gradproof", "checks.verify", "grade.workers"]  # imported once by the fork server, not by every worker


def _start_fork_server() -> None:
    """Start multiprocessing's fork server, if it is not running, with this project's root first on its
    path and the working directory not on it. Python 3.11 starts it with ``python -c``, whose path begins
    with the working directory, and does not pass it the caller's path: a checks.py or grade.py where
    gradproof is run would stand in for its packages, and every worker would fail to start."""
    root = str(Path(__file__).resolve().parent.parent)
    saved = {key: os.environ.get(key) for key in ("PYTHONSAFEPATH", "PYTHONPATH")}
    os.environ["PYTHONSAFEPATH"] = "1"
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, (root, saved["PYTHONPATH"])))
    try:
        forkserver.ensure_running()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@dataclass(frozen=True)
class Text:
    """A document given as text rather than as a file (an upload, a notebook's string)."""
    text: str
    format: str = "md"  # md, ipynb or tex
    name: str = "<text>"


@dataclass(frozen=True)
class Failure:
    """A document that gave no result: it could not be read, or its worker died."""
    document: str  # the path as given, or the Text's name
    reason: str  # one line, without the document's name

    def to_json(self) -> dict:
        return {"document": self.document, "unusable": self.reason}


@dataclass(frozen=True)
class Run:
    """One document's outcome and what it cost."""
    index: int  # the position of its source in what Pool.run was given
    source: Path | Text
    outcome: DocumentResult | Failure  # a gradproof.Result when verified
    seconds: float  # wall-clock, from handing it to a worker to its answer (or death)
    peak_memory: int | None  # the worker's peak resident memory so far in bytes; None if it died
    worker: int | None = None  # the process id of the worker that ran it
    cpu_seconds: float | None = None  # processor time the worker spent on it; None if it died


def run_isolated(source: Path | Text, budget: Budget = Budget(),
                 max_memory: int = DEFAULT_MAX_MEMORY) -> DocumentResult | Failure:
    """Verify one document in a worker process of its own."""
    with Pool(1, budget, max_memory) as pool:
        return next(iter(pool.run([source]))).outcome


class Pool:
    """Verifies documents ``jobs`` at a time, each in a worker bounded in memory and time.

    Use it as a context manager: leaving it stops the workers. ``run`` may be called again."""

    def __init__(self, jobs: int | None = None, budget: Budget = Budget(),
                 max_memory: int = DEFAULT_MAX_MEMORY):
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.budget, self.max_memory = budget, max_memory
        self.deadline = 2 * budget.document_seconds + GRACE_SECONDS
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(_PRELOAD)
        _start_fork_server()
        self._idle: list[Worker] = []

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for worker in self._idle:
            worker.stop()
        self._idle.clear()

    def run(self, sources: Iterable[Path | Text]) -> Iterator[Run]:
        """One Run per source, in the order they finish."""
        waiting, busy = deque(enumerate(sources)), {}
        try:
            while waiting or busy:
                while waiting and len(busy) < self.jobs:
                    index, source = waiting.popleft()
                    busy[self._hand(source)] = index, source
                for worker, end in finished(busy, self.deadline):
                    index, source = busy.pop(worker)
                    if worker.alive:
                        self._idle.append(worker)
                    else:
                        worker.stop()
                    yield Run(index, source, self._outcome(source, end), end.seconds, end.peak_memory,
                              worker.pid, end.cpu_seconds)
        finally:  # the caller stopped early: answers still coming would be stale
            for worker in busy:
                worker.stop()

    def _hand(self, source: Path | Text) -> Worker:
        """An idle worker (or a new one) now verifying ``source``."""
        call = (source, os.getcwd(), self.budget)  # a relative path means what it means to the caller
        while self._idle:
            worker = self._idle.pop()
            if worker.send(call) is None:
                return worker
            worker.stop()  # it died while idle
        worker = Worker(self._context, TASK, self.max_memory)
        worker.start()
        if worker.wait_ready(START_SECONDS) is not None or worker.send(call) is not None:
            worker.stop()
            raise OSError("a new worker process could not be given a document")
        return worker

    def _outcome(self, source: Path | Text, end: End) -> DocumentResult | Failure:
        if isinstance(end, Answer):
            return end.value
        return Failure(_name(source), self._reason(end))

    def _reason(self, end: End) -> str:
        """Why a document gave no result, in one line."""
        if isinstance(end, Raised):
            return end.reason
        if isinstance(end, OutOfMemory):
            return _memory_reason(self.max_memory)
        if isinstance(end, Overdue):
            return (f"stopped at {self.deadline:g} s, far past its budget of {self.budget.document_seconds:g} s "
                    "(--document-seconds)")
        if not isinstance(end, Died) or end.exitcode is None:  # alive but silent, or its answer unreadable
            return "its worker process stopped answering"
        if end.exitcode < 0:
            name = _signal_name(-end.exitcode)
            if -end.exitcode == signal.SIGKILL:
                return f"its worker process was killed ({name}), perhaps by the system for want of memory"
            return f"its worker process crashed ({name})"
        return f"its worker process ended unexpectedly (exit code {end.exitcode})"


def verify_in_worker(source: Path | Text, folder: str, budget: Budget) -> DocumentResult | Failure:
    """What a worker does with a document: its result, or a Failure if it cannot be read. Any other
    exception becomes the worker's "internal error" line, a MemoryError its memory bound's."""
    from checks.errors import InputError
    from gradproof import verify, verify_text

    name = _name(source)
    try:
        os.chdir(folder)
        if isinstance(source, Text):
            return verify_text(source.text, source.format, source.name, budget)
        return verify(source, budget)
    except InputError as e:
        return Failure(name, str(e).removeprefix(f"{name}: "))
    except OSError as e:
        return Failure(name, f"cannot be read ({e.strerror or e})")


def _memory_reason(max_memory: int) -> str:
    return f"needed more memory than its bound of {max_memory // 2 ** 20} MB (--max-memory)"


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:  # a real-time signal has a number, not a name
        return f"signal {number}"


def _name(source: Path | Text) -> str:
    return source.name if isinstance(source, Text) else str(source)
