"""serve/workers.py: work runs in other processes, a worker that dies, eats memory or overruns gives
its call one line and is replaced, at most `jobs` calls run at once and the others wait in order,
told how many are ahead."""
import asyncio
import os

import pytest

from serve.workers import WorkerError, WorkerPool


@pytest.fixture(scope="module")
def pool():
    # act of tests/test_workers.py: returns, raises, allocates, sleeps, exits or kills itself as told
    pool = WorkerPool("test_workers:act", jobs=2, memory_bytes=1 << 30, deadline_seconds=3)
    pool.start()
    yield pool
    pool.close()


def run(coroutine):
    return asyncio.run(coroutine)


def test_a_call_runs_in_another_process(pool):
    assert run(pool.call("pid")) != os.getpid()


@pytest.mark.parametrize("what, value, message", [
    ("exit", 5, "the worker checking this document stopped (exit code 5)"),  # 3 is out of memory
    ("kill", None, "the worker checking this document stopped (Killed: out of memory or a crash)"),
    ("allocate", 2 << 30, "the check needed more than the 1 GiB memory bound"),
    ("sleep", 30, "the check took longer than 3 s and was stopped"),
    ("raise", "a bug", "internal error (ValueError: a bug); please report it"),
])
def test_a_call_that_fails_is_one_line_and_the_pool_goes_on(pool, what, value, message):
    async def scenario():
        with pytest.raises(WorkerError) as failed:
            await pool.call(what, value)
        assert str(failed.value) == message
        # every worker still answers, the replaced one included
        return await asyncio.gather(*(pool.call("sleep", 0.5) for _ in range(pool.jobs)))

    assert run(scenario()) == [0.5] * pool.jobs
    assert pool.running == 0 and pool.queued == 0


def test_calls_beyond_the_workers_wait_in_order_and_are_told_how_many_are_ahead(pool):
    told = {i: [] for i in range(4)}
    order = []

    async def one(i):
        await pool.call("sleep", 0.5, on_queued=told[i].append, on_started=lambda: order.append(i))

    async def scenario():
        await asyncio.gather(*(one(i) for i in range(4)))

    run(scenario())
    assert order == [0, 1, 2, 3]
    assert told == {0: [], 1: [], 2: [0], 3: [1, 0]}


def test_a_cancelled_call_leaves_the_queue_and_the_ones_behind_move_up(pool):
    told = []

    async def scenario():
        running = [asyncio.ensure_future(pool.call("sleep", 1)) for _ in range(pool.jobs)]
        await asyncio.sleep(0.1)
        first = asyncio.ensure_future(pool.call("sleep", 0))
        second = asyncio.ensure_future(pool.call("sleep", 0, on_queued=told.append))
        await asyncio.sleep(0.1)
        assert pool.queued == 2
        first.cancel()
        await asyncio.sleep(0.1)
        assert pool.queued == 1
        await asyncio.gather(*running, second)

    run(scenario())
    assert told == [1, 0]
    assert pool.running == 0 and pool.queued == 0


def test_a_worker_that_cannot_import_its_function_stops_the_start_with_one_line():
    pool = WorkerPool("serve.no_such_module:check", jobs=1)
    with pytest.raises(WorkerError) as failed:
        pool.start()
    pool.close()
    assert str(failed.value) == ("a worker could not start: cannot import serve.no_such_module:check "
                                 "(ModuleNotFoundError: No module named 'serve.no_such_module')")
