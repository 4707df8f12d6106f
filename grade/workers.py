"""Documents verified each in a bounded worker process, N at a time.

A submission is untrusted. Inside gradproof every step and every document has a time budget, but a
document could still exhaust memory, or meet a bug that takes the interpreter down. Here documents
run in worker processes with a memory bound (RLIMIT_AS, a MemoryError past it) and a deadline kept
from outside (twice the document budget and ten seconds more), so whatever happens to one costs
only that document: it becomes a Failure with the reason, and a fresh worker takes the next one.

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
import pickle
import resource
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import Iterable, Iterator

from checks.budget import Budget
from checks.verdict import DocumentResult

DEFAULT_MAX_MEMORY = 2 * 1024 ** 3  # bytes of address space a worker may map (--max-memory 2048 MB)
GRACE_SECONDS = 10.0  # a worker still busy at twice the document budget plus this is stopped
_OUT_OF_MEMORY = 3  # a worker's exit code when a MemoryError left it unable even to answer
_PRELOAD = ["gradproof", "checks.verify"]  # imported once by the fork server, not by every worker


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
        self._idle: list[_Worker] = []

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
        waiting, busy = deque(enumerate(sources)), []
        try:
            while waiting or busy:
                while waiting and len(busy) < self.jobs:
                    busy.append(self._hand(*waiting.popleft()))
                soonest = min(worker.started for worker in busy) + self.deadline
                ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                                 timeout=max(0.0, soonest - time.monotonic())))
                for worker in list(busy):
                    run = worker.answer(ready, self)
                    if run is None:
                        continue
                    busy.remove(worker)
                    if worker.process.is_alive() and worker.keeps:
                        self._idle.append(worker)
                    else:
                        worker.stop()
                    yield run
        finally:  # the caller stopped early: answers still coming would be stale
            for worker in busy:
                worker.stop()

    def _hand(self, index: int, source: Path | Text) -> _Worker:
        """An idle worker (or a new one) now verifying ``source``."""
        while self._idle:
            worker = self._idle.pop()
            if worker.give(index, source):
                return worker
            worker.stop()  # it died while idle
        worker = _Worker(self._context, self.budget, self.max_memory)
        if not worker.give(index, source):
            worker.stop()
            raise OSError("a new worker process could not be given a document")
        return worker


class _Worker:
    """The parent's side of one worker process: its pipe and the document it holds."""

    def __init__(self, context, budget: Budget, max_memory: int):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, budget, max_memory), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[int, Path | Text] | None = None
        self.started = time.monotonic()
        self.keeps = True  # whether it takes another document after this one

    def give(self, index: int, source: Path | Text) -> bool:
        try:
            self.conn.send((source, os.getcwd()))
        except OSError:
            return False
        self.task, self.started = (index, source), time.monotonic()
        return True

    def answer(self, ready: set, pool: Pool) -> Run | None:
        """Its Run once it answered, died or overran its deadline; None while it works."""
        index, source = self.task
        seconds = time.monotonic() - self.started
        if self.conn in ready:
            try:
                outcome, peak, cpu, self.keeps = self.conn.recv()
                return Run(index, source, outcome, seconds, peak, self.process.pid, cpu)
            except (EOFError, OSError, pickle.UnpicklingError):
                return Run(index, source, Failure(_name(source), self._death(pool)), seconds, None,
                           self.process.pid)
        if self.process.sentinel in ready:
            return Run(index, source, Failure(_name(source), self._death(pool)), seconds, None, self.process.pid)
        if seconds >= pool.deadline:
            self.stop()
            return Run(index, source, Failure(_name(source), (
                f"stopped at {pool.deadline:g} s, far past its budget of {pool.budget.document_seconds:g} s "
                "(--document-seconds)")), seconds, None, self.process.pid)
        return None

    def _death(self, pool: Pool) -> str:
        self.process.join(timeout=5)
        code = self.process.exitcode
        if code is None:
            self.stop()
            return "its worker process stopped answering"
        if code == _OUT_OF_MEMORY:
            return _memory_reason(pool.max_memory)
        if code < 0:
            name = _signal_name(-code)
            if -code == signal.SIGKILL:
                return f"its worker process was killed ({name}), perhaps by the system for want of memory"
            return f"its worker process crashed ({name})"
        return f"its worker process ended unexpectedly (exit code {code})"

    def stop(self) -> None:
        if self.process.is_alive():
            try:
                self.conn.send(None)  # done: let it leave on its own
            except OSError:
                pass
            self.process.join(timeout=1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


# --- inside a worker process ----------------------------------------------------------------------

def _serve(conn, budget: Budget, max_memory: int) -> None:
    """A worker's life: verify (source, folder) after (source, folder) until told to stop; answer
    each with (outcome, peak memory, whether it takes another)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops us
    _silence()
    _bound_memory(max_memory)
    try:
        _answer(conn, budget, max_memory)
    except MemoryError:  # even the answer did not fit: the exit code says it
        os._exit(_OUT_OF_MEMORY)


def _answer(conn, budget: Budget, max_memory: int) -> None:
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        source, folder = task
        start = _cpu_seconds()
        try:
            outcome, keeps = _verify(source, folder, budget), True
        except MemoryError:  # what is left of this process after one is not to be trusted
            outcome, keeps = Failure(_name(source), _memory_reason(max_memory)), False
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # ru_maxrss is in kB on Linux
        conn.send((outcome, peak, _cpu_seconds() - start, keeps))
        if not keeps:
            return


def _verify(source: Path | Text, folder: str, budget: Budget) -> DocumentResult | Failure:
    from checks.errors import InputError
    from gradproof import verify, verify_text

    name = _name(source)
    try:
        os.chdir(folder)  # a relative path means what it means to the caller
        if isinstance(source, Text):
            return verify_text(source.text, source.format, source.name, budget)
        return verify(source, budget)
    except InputError as e:
        return Failure(name, str(e).removeprefix(f"{name}: "))
    except OSError as e:
        return Failure(name, f"cannot be read ({e.strerror or e})")
    except MemoryError:
        raise
    except Exception as e:  # noqa: BLE001 - a bug of ours costs this document, not the batch
        return Failure(name, f"internal error ({type(e).__name__}: {e}); please report it")


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _memory_reason(max_memory: int) -> str:
    return f"needed more memory than its bound of {max_memory // 2 ** 20} MB (--max-memory)"


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


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:  # a real-time signal has a number, not a name
        return f"signal {number}"


def _name(source: Path | Text) -> str:
    return source.name if isinstance(source, Text) else str(source)
