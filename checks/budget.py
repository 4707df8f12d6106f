"""Time budgets: every check is bounded, so no document can hang gradproof.

SymPy is pure Python, so a SIGALRM timer interrupts it between bytecodes. Outside the main thread
(where signals cannot be used) the budget is only checked between steps. Python swallows an exception
raised inside a gc callback or a destructor, so an expired budget rings again until the block ends."""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from checks.errors import OutOfTime, Undecided

_RING_AGAIN_SECONDS = 0.05


EXACT_SECONDS = 1.5  # per scope: exact simplification's time, wall-clock like every limit here


@dataclass(frozen=True)
class Budget:
    step_seconds: float = 5.0  # one step, all instances and points together
    document_seconds: float = 9.0  # the whole document, under the 10 s a reader waits; later steps become
    # `undecided` (hostile input ends in 18 s)
    exact_seconds: float = EXACT_SECONDS  # a step's exact simplification; past it, agreeing numbers are the evidence
    max_bytes: int = 1_000_000  # larger documents are refused with exit code 2


@contextmanager
def time_limit(seconds: float, what: str = "check") -> Iterator[None]:
    """Raise OutOfTime inside the block once ``seconds`` have passed. Limits nest: an inner one
    never outlives the outer, and the outer's clock keeps running inside it."""
    if seconds <= 0:
        raise Undecided(f"no time left for this {what}")
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    outer_left = signal.getitimer(signal.ITIMER_REAL)[0]
    budget = min(seconds, outer_left) if outer_left else seconds

    def expire(signum, frame):
        signal.setitimer(signal.ITIMER_REAL, _RING_AGAIN_SECONDS)
        raise OutOfTime(f"{what} ran out of its {seconds:g} s budget")

    previous = signal.signal(signal.SIGALRM, expire)
    start = time.monotonic()
    try:
        signal.setitimer(signal.ITIMER_REAL, budget)
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - start), 1e-3))


def time_left() -> float | None:
    """Seconds left of the innermost time limit in force; None where there is none (or off the main
    thread, where limits are not timed)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.getitimer(signal.ITIMER_REAL)[0] or None


class Clock:
    """Seconds left of a document's budget."""

    def __init__(self, seconds: float):
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        return self.deadline - time.monotonic()
