"""The caller's side of one bounded worker process: start it, hand it calls, see how each ended,
stop it. Whatever happens inside costs that call alone: it ends in a value, one line of error, out
of memory, a death or a deadline (workers/ends.py), and a fresh process can take the next call.

    >>> import multiprocessing
    >>> worker = Worker(multiprocessing.get_context("spawn"), "math:factorial", max_memory=2 ** 30)
    >>> worker.start(); worker.wait_ready(60) is None
    True
    >>> worker.send((5,)) is None
    True
    >>> [(_, end)] = finished([worker], deadline=10)
    >>> end.value
    120
    >>> worker.stop()

The memory bound is the worker's own (RLIMIT_AS, a MemoryError past it); the deadline is kept from
outside, by ``finished``, since a worker that hangs cannot be trusted to stop itself. The context
(multiprocessing's "spawn" or "forkserver") is the caller's choice: it decides whose children the
workers are and what they have imported before they start.
"""
from __future__ import annotations

import time
from multiprocessing.connection import wait
from typing import Iterable

from workers.child import MEMORY, OUT_OF_MEMORY, RAISED, READY, VALUE, serve
from workers.ends import Answer, Died, End, OutOfMemory, Overdue, Raised, Unreadable

EXIT_SECONDS = 5.0  # how long a worker whose pipe closed may take to end and give its exit code


class Worker:
    """One worker process and the pipe to it, running ``task`` ("module:function") in a process of
    ``context`` bound to ``max_memory`` bytes of address space. Started again in place when it dies."""

    def __init__(self, context, task: str, max_memory: int):
        self.context, self.task, self.max_memory = context, task, max_memory
        self.pid: int | None = None  # of its latest process, kept after that one ended
        self.started = 0.0  # time.monotonic() when the current call was handed over
        self._process = self._conn = None
        self._leaving = False  # it answered out of memory and takes no further call

    @property
    def alive(self) -> bool:
        """Whether it can take a call."""
        process = self._process
        return process is not None and not self._leaving and process.is_alive()

    def start(self) -> None:
        """A fresh process in place of any previous one; ``wait_ready`` says when it takes calls.
        Starting several before waiting on any starts them side by side."""
        self.stop()
        self._conn, child = self.context.Pipe()
        self._process = self.context.Process(target=serve, args=(child, self.task, self.max_memory),
                                             name="gradproof-worker", daemon=True)
        self._process.start()
        child.close()
        self.pid, self._leaving = self._process.pid, False

    def wait_ready(self, timeout: float) -> End | None:
        """None once it has imported its function. Otherwise it is stopped, and the End says why:
        Raised (the import's line), Overdue (not ready within ``timeout`` seconds) or Died."""
        start = time.monotonic()
        try:
            first = self._conn.recv() if self._conn.poll(timeout) else None
        except (EOFError, OSError):
            first = self._died(time.monotonic() - start)
        if first == (READY,):
            return None
        self.stop()
        if isinstance(first, End):
            return first
        if first is None:
            return Overdue(seconds=time.monotonic() - start)
        return Raised(seconds=time.monotonic() - start, reason=first[1])

    def send(self, args: tuple) -> End | None:
        """Hand it a call (``args`` must pickle): None, or Died if it ended while idle or was stopped."""
        conn = self._conn
        if conn is None:
            return Died(seconds=0.0, exitcode=None)
        try:
            conn.send(args)
        except OSError:
            return self._died(0.0)
        self.started = time.monotonic()
        return None

    def stop(self) -> None:
        """Kill its process, if any, and close the pipe; a call it was running is lost."""
        process, conn = self._process, self._conn
        if process is None:
            return
        self._process = self._conn = None  # first: a thread waiting on the call sees it stopped
        if process.is_alive():
            process.kill()
        process.join()
        conn.close()

    def _ended(self, ready: set, deadline: float) -> End | None:
        """How its call ended, given what ``wait`` found ready; None while it works."""
        seconds = time.monotonic() - self.started
        process, conn = self._process, self._conn
        if process is None:
            return Died(seconds=seconds, exitcode=None)
        # An answer sent just before the worker left counts, even if only its exit was seen.
        if conn in ready or (process.sentinel in ready and conn.poll()):
            return self._reply(seconds)
        if process.sentinel in ready:
            return self._died(seconds)
        if seconds >= deadline:
            self.stop()
            return Overdue(seconds=seconds)
        return None

    def _reply(self, seconds: float) -> End:
        try:
            kind, *said, peak, cpu = self._conn.recv()
        except (EOFError, OSError):
            return self._died(seconds)
        except Exception as e:  # noqa: BLE001 - an answer that cannot be unpickled: one line, a new worker
            self.stop()
            return Unreadable(seconds=seconds, reason=f"{type(e).__name__}: {e}")
        if kind == VALUE:
            return Answer(seconds=seconds, peak_memory=peak, cpu_seconds=cpu, value=said[0])
        if kind == RAISED:
            return Raised(seconds=seconds, peak_memory=peak, cpu_seconds=cpu, reason=said[0])
        assert kind == MEMORY, kind
        self._leaving = True
        return OutOfMemory(seconds=seconds, peak_memory=peak, cpu_seconds=cpu)

    def _died(self, seconds: float) -> End:
        process = self._process
        if process is None:  # stopped from outside while the call waited
            return Died(seconds=seconds, exitcode=None)
        process.join(timeout=EXIT_SECONDS)
        code = process.exitcode
        if code is None:
            self.stop()
        if code == OUT_OF_MEMORY:
            return OutOfMemory(seconds=seconds)
        return Died(seconds=seconds, exitcode=code)

    def _waitables(self) -> tuple:
        process, conn = self._process, self._conn
        return () if process is None else (conn, process.sentinel)


def finished(workers: Iterable[Worker], deadline: float) -> list[tuple[Worker, End]]:
    """Those of ``workers`` (each handed a call) whose call has ended, and how; a worker past
    ``deadline`` seconds on its call is stopped and its call Overdue. Waits until there is one."""
    workers = list(workers)
    while True:
        waitables = [w for worker in workers for w in worker._waitables()]
        if len(waitables) == 2 * len(workers):
            soonest = min(worker.started for worker in workers) + deadline
            ready = set(wait(waitables, timeout=max(0.0, soonest - time.monotonic())))
        else:  # one was stopped meanwhile: its end is known without waiting
            ready = set()
        ended = [(worker, end) for worker in workers if (end := worker._ended(ready, deadline)) is not None]
        if ended:
            return ended
