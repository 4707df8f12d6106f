"""Untrusted work in worker processes, never in the caller's: a small pool for an asyncio server.

Each worker is a process of its own (started with "spawn", so it shares no thread or lock with the
server) bound in address space (RLIMIT_AS), so a document that eats memory costs its own request
and never the server. Workers keep the server's CPU priority: the check budgets are wall-clock
time, and a lower priority would leave steps undecided on a busy machine that the command line
decides. A worker runs one call at a time; at most ``jobs`` calls run at once and later ones wait
in order, each told how many are ahead of it. A worker that dies or outlives its deadline gives its
call a one-line WorkerError and is replaced; the others and the server go on.

    pool = WorkerPool("serve.check:check", jobs=2)   # "module:function", imported in each worker
    pool.start()                                     # blocks until every worker has imported it
    reply = await pool.call(text, "md", budget, on_queued=lambda ahead: ..., on_started=lambda: ...)
    pool.close()

The function's arguments and return value cross a pipe, so they must pickle; an exception it
raises comes back as WorkerError with one line.
"""
from __future__ import annotations

import asyncio
import importlib
import multiprocessing
import resource
import signal
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

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
        self._workers = [_Worker(task, memory_bytes, deadline_seconds) for _ in range(jobs)]
        self._free = list(self._workers)
        self._waiting: deque[tuple[asyncio.Future, Callable[[int], None]]] = deque()
        # One thread per worker waits on its pipe, so the event loop never blocks on a worker.
        self._threads = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="worker-pipe")

    def start(self) -> None:
        """Start every worker and wait until each has imported its function; WorkerError if one
        cannot start."""
        for worker in self._workers:
            worker.spawn()
        for worker in self._workers:
            worker.wait_ready()

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
        done = loop.run_in_executor(self._threads, worker.call, args)
        done.add_done_callback(lambda _: self._finished(worker))
        status, value = await asyncio.shield(done)
        if status == "error":
            raise WorkerError(value)
        return value

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def _acquire(self, on_queued: Callable[[int], None]) -> _Worker:
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

    def _finished(self, worker: _Worker) -> None:
        if worker.alive:
            self._release(worker)
            return
        replaced = asyncio.get_running_loop().run_in_executor(self._threads, worker.replace)
        replaced.add_done_callback(lambda _: self._release(worker))

    def _release(self, worker: _Worker) -> None:
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


class _Worker:
    """One worker process and the pipe to it; restarted in place when it dies."""

    def __init__(self, task: str, memory_bytes: int, deadline_seconds: float):
        self.task, self.memory_bytes, self.deadline_seconds = task, memory_bytes, deadline_seconds
        self.process = self.pipe = None

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.is_alive()

    def spawn(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipe, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, self.task, self.memory_bytes),
                                       name="gradproof-worker", daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self) -> None:
        try:
            ready = self.pipe.recv() if self.pipe.poll(START_SECONDS) else None
        except (EOFError, OSError):
            ready = ("error", self._death())
        if ready != "ready":
            reason = ready[1] if ready else f"it did not start within {START_SECONDS:g} s"
            self.stop()
            raise WorkerError(f"a worker could not start: {reason}")

    def restart(self) -> None:
        self.stop()
        self.spawn()
        self.wait_ready()

    def replace(self) -> None:
        """A new process in place of one that died, started before the next call needs it. If it
        cannot start, the next call tries again and gives the reason as its one line."""
        try:
            self.restart()
        except WorkerError:
            return

    def call(self, args: tuple) -> tuple[str, Any]:
        """("ok", value) or ("error", one line). Runs in a pipe thread, never on the event loop."""
        try:
            if not self.alive:
                self.restart()
            self.pipe.send(args)
            if not self.pipe.poll(self.deadline_seconds):
                self.stop()
                return "error", f"the check took longer than {self.deadline_seconds:g} s and was stopped"
            return self.pipe.recv()
        except WorkerError as e:
            return "error", str(e)
        except (EOFError, OSError):
            return "error", f"the worker checking this document {self._death()}"
        except Exception as e:  # noqa: BLE001 - a reply that cannot be read: one line, and a new worker
            self.stop()
            return "error", f"the worker's reply could not be read ({type(e).__name__}: {e})"

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.pipe.close()
        self.process.close()
        self.process = self.pipe = None

    def _death(self) -> str:
        if self.process is None:  # stopped by close() while a call waited on it
            return "stopped"
        self.process.join(timeout=5)
        code = self.process.exitcode
        if code is not None and code < 0:
            return f"stopped ({signal.strsignal(-code) or f'signal {-code}'}: out of memory or a crash)"
        return f"stopped (exit code {code})"


def _serve(pipe, task: str, memory_bytes: int) -> None:
    """A worker's life: bound itself, import the function, then answer calls until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops the workers
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        module, name = task.split(":")
        function = getattr(importlib.import_module(module), name)
    except Exception as e:  # noqa: BLE001 - told to the server in one line, which refuses to start
        pipe.send(("error", f"cannot import {task} ({type(e).__name__}: {e})"))
        return
    pipe.send("ready")
    while True:
        try:
            args = pipe.recv()
        except EOFError:  # the server closed the pipe: nothing more to do
            return
        try:
            reply = "ok", function(*args)
        except MemoryError:
            reply = "error", f"the check needed more than the {memory_bytes / (1 << 30):g} GiB memory bound"
        except Exception as e:  # noqa: BLE001 - one line for the caller, never a traceback
            reply = "error", f"internal error ({type(e).__name__}: {e}); please report it"
        pipe.send(reply)
