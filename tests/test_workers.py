"""workers/: every way a call to a bounded worker process can end is told apart, and only a worker
that answered takes the next call. Batches (test_batch_workers.py) and the server
(test_serve_workers.py) word these ends in their own lines."""
import multiprocessing
import os
import signal
import time

import pytest

from workers.child import OUT_OF_MEMORY
from workers.ends import Answer, Died, OutOfMemory, Overdue, Raised
from workers.process import Worker, finished

CONTEXT = multiprocessing.get_context("spawn")
DEADLINE = 3.0


def act(what: str, value=None):
    """The workers' function in these tests (imported by name in each worker)."""
    if what == "pid":
        return os.getpid()
    if what == "exit":
        os._exit(value)
    if what == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if what == "allocate":
        return len(bytearray(value))
    if what == "sleep":
        time.sleep(value)
        return value
    raise ValueError(value)


@pytest.fixture
def worker():
    worker = Worker(CONTEXT, "test_workers:act", max_memory=1 << 30)
    worker.start()
    assert worker.wait_ready(60) is None
    yield worker
    worker.stop()


def call(worker: Worker, *args):
    assert worker.send(args) is None
    [(_, end)] = finished([worker], DEADLINE)
    return end


@pytest.mark.parametrize("args, kind, fields, alive", [
    (("sleep", 0), Answer, {"value": 0}, True),
    (("raise", "a bug"), Raised, {"reason": "internal error (ValueError: a bug); please report it"}, True),
    (("allocate", 2 << 30), OutOfMemory, {}, False),
    (("exit", OUT_OF_MEMORY), OutOfMemory, {"peak_memory": None}, False),
    (("exit", 5), Died, {"exitcode": 5, "peak_memory": None}, False),
    (("kill",), Died, {"exitcode": -signal.SIGKILL}, False),
    (("sleep", 30), Overdue, {"cpu_seconds": None}, False),
])
def test_each_way_a_call_ends_is_told_apart(worker, args, kind, fields, alive):
    end = call(worker, *args)
    assert type(end) is kind
    assert {name: getattr(end, name) for name in fields} == fields
    assert worker.alive is alive


def test_a_worker_answers_call_after_call_in_one_process_and_a_restart_gives_a_new_one(worker):
    first, second = call(worker, "pid").value, call(worker, "pid").value
    assert first == second == worker.pid != os.getpid()
    worker.start()
    assert worker.wait_ready(60) is None and call(worker, "pid").value not in (first, os.getpid())


def test_a_worker_that_cannot_import_its_function_is_stopped_with_one_line():
    worker = Worker(CONTEXT, "no_such_module:act", max_memory=1 << 30)
    worker.start()
    end = worker.wait_ready(60)
    assert end.reason == "cannot import no_such_module:act (ModuleNotFoundError: No module named 'no_such_module')"
    assert not worker.alive


def test_the_first_call_to_end_is_found_while_the_other_works():
    workers = [Worker(CONTEXT, "test_workers:act", max_memory=1 << 30) for _ in range(2)]
    for worker in workers:
        worker.start()
    try:
        assert all(worker.wait_ready(60) is None for worker in workers)
        workers[0].send(("sleep", 2))
        workers[1].send(("sleep", 0.1))
        [(first, end)] = finished(workers, DEADLINE)
        assert first is workers[1] and end.value == 0.1
        [(second, end)] = finished(workers[:1], DEADLINE)
        assert second is workers[0] and end.value == 2
    finally:
        for worker in workers:
            worker.stop()
