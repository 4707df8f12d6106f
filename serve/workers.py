"""Untrusted work in worker processes, never in the caller's: a small pool for an asyncio server.

Each worker is a process of its own (workers/; started with "spawn", so it shares no thread or lock
with the server) bound in address space (RLIMIT_AS), so a document that eats memory costs its own
request and never the server. Workers keep the server's CPU priority: the check budgets are
wall-clock time, and a lower priority would leave steps undecided on a busy machine that the command
line decides. A worker runs one call at a time; at most ``jobs`` calls run at once and later ones
wait in order, each told how many are ahead of it. A worker that dies or outlives its deadline gives
its call a one-line WorkerError and is replaced; the others and the server go on.

    pool = WorkerPool("serve.check:check", jobs=2)   # "module:function", imported in each worker
    pool.start()                                     # blocks until every worker has imported it
    reply = await pool.call(text, "md", budget, on_queued=lambda ahead: ..., on_started=lambda: ...)
    pool.close()

The function's arguments and return value cross a pipe, so they must pickle; an exception it
raises comes back as WorkerError with one line.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import signal
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from workers.ends import Answer, Died, End, OutOfMemory, Overdue, Raised, Unreadable
from workers.process import Worker, finished

MEMORY_BYTES = 2 << 30  # address space of one worker: SymPy on a large document stays well under it
DEADLINE_SECONDS = 120.0  # a call not answered by then is stopped; the check budgets end far sooner
START_SECONDS = 120.0  # to start a worker and import its function (SymPy) on a loaded machine


class WorkerError(Exception):
    """A call that gave no result: the one line says why (the worker died, ran out of memory or of
    time, or the function raised)."""


class WorkerPool:
    def __init__(self, task: str, jobs: int, memory_bytes: int = MEMORY_BYTES,
                 deadline_seconds: float = DEADLINE_SECONDS):
        if jobs < 1:
            raise ValueError("a pool needs at least one worker")
        self.jobs = jobs
        self.memory_bytes, self.deadline_seconds = memory_bytes, deadline_seconds
        context = multiprocessing.get_context("spawn")
        self._workers = [Worker(context, task, memory_bytes) for _ in range(jobs)]
        self._free = list(self._workers)
        self._waiting: deque[tuple[asyncio.Future, Callable[[int], None]]] = deque()
        # One thread per worker waits on its pipe, so the event loop never blocks on a worker.
        self._threads = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="worker-pipe")

    def start(self) -> None:
        """Start every worker and wait until each has imported its function; WorkerError if one
        cannot start."""
        for worker in self._workers:
            worker.start()
        for worker in self._workers:
            self._wait_ready(worker)

    @property
    def running(self) -> int:
        return self.jobs - len(self._free)

    @property
    def queued(self) -> int:
        return len(self._waiting)

    async def call(self, *args: Any, on_queued: Callable[[int], None] | None = None,
                   on_started: Callable[[], None] | None = None) -> Any:
        """The function's value for ``args``, computed in a worker. While every worker is busy,
        ``on_queued(ahead)`` is called on entering the queue and each time the number of calls
        ahead of this one falls; ``on_started()`` once a worker takes the call. Cancelling a queued
        call takes it out of the queue; cancelling a running one lets the worker finish and
        discards the value."""
        worker = await self._acquire(on_queued or (lambda ahead: None))
        if on_started:
            on_started()
        loop = asyncio.get_running_loop()
        done = loop.run_in_executor(self._threads, self._run, worker, args)
        done.add_done_callback(lambda _: self._finished(worker))
        end = await asyncio.shield(done)
        if isinstance(end, Answer):
            return end.value
        raise WorkerError(self._reason(end))

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def _acquire(self, on_queued: Callable[[int], None]) -> Worker:
        if self._free and not self._waiting:
            return self._free.pop()
        waiter = asyncio.get_running_loop().create_future()
        self._waiting.append((waiter, on_queued))
        on_queued(len(self._waiting) - 1)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():  # handed a worker as it was cancelled
                self._release(waiter.result())
            elif (waiter, on_queued) in self._waiting:
                self._waiting.remove((waiter, on_queued))
                self._tell_positions()
            raise

    def _finished(self, worker: Worker) -> None:
        if worker.alive:
            self._release(worker)
            return
        replaced = asyncio.get_running_loop().run_in_executor(self._threads, self._replace, worker)
        replaced.add_done_callback(lambda _: self._release(worker))

    def _release(self, worker: Worker) -> None:
        while self._waiting:
            waiter, _ = self._waiting.popleft()
            if not waiter.done():  # a call cancelled a moment ago may not have left the queue yet
                waiter.set_result(worker)
                self._tell_positions()
                return
        self._free.append(worker)

    def _tell_positions(self) -> None:
        for ahead, (_, on_queued) in enumerate(self._waiting):
            on_queued(ahead)

    # --- in a pipe thread, never on the event loop -------------------------------------------------

    def _run(self, worker: Worker, args: tuple) -> End:
        """How the call ended; a worker that died before it is started again first."""
        if not worker.alive:
            try:
                self._restart(worker)
            except WorkerError as e:
                return Raised(seconds=0.0, reason=str(e))
        end = worker.send(args)
        if end is None:
            [(_, end)] = finished([worker], self.deadline_seconds)
        return end

    def _restart(self, worker: Worker) -> None:
        worker.start()
        self._wait_ready(worker)

    def _replace(self, worker: Worker) -> None:
        """A new process in place of one that died, started before the next call needs it. If it
        cannot start, the next call tries again and gives the reason as its one line."""
        try:
            self._restart(worker)
        except WorkerError:
            return

    def _wait_ready(self, worker: Worker) -> None:
        end = worker.wait_ready(START_SECONDS)
        if end is None:
            return
        if isinstance(end, Raised):
            reason = end.reason
        elif isinstance(end, Overdue):
            reason = f"it did not start within {START_SECONDS:g} s"
        else:
            reason = _stopped(end)
        raise WorkerError(f"a worker could not start: {reason}")

    def _reason(self, end: End) -> str:
        """Why a call gave no value, in one line."""
        if isinstance(end, Raised):
            return end.reason
        if isinstance(end, OutOfMemory):
            return f"the check needed more than the {self.memory_bytes / (1 << 30):g} GiB memory bound"
        if isinstance(end, Overdue):
            return f"the check took longer than {self.deadline_seconds:g} s and was stopped"
        if isinstance(end, Unreadable):
            return f"the worker's reply could not be read ({end.reason})"
        return f"the worker checking this document {_stopped(end)}"


def _stopped(end: End) -> str:
    """How a worker ended, after "the worker checking this document"."""
    code = end.exitcode if isinstance(end, Died) else None
    if code is None:  # stopped by close() while a call waited on it
        return "stopped"
    if code < 0:
        return f"stopped ({signal.strsignal(-code) or f'signal {-code}'}: out of memory or a crash)"
    return f"stopped (exit code {code})"
