"""How one call to a worker ended. The caller words each end in its own one-line error; these say
only what happened."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, kw_only=True)
class End:
    seconds: float  # wall-clock, from handing the call over to its end
    peak_memory: int | None = None  # the worker's peak resident memory so far in bytes; None if it gave no answer
    cpu_seconds: float | None = None  # processor time the worker spent on the call; None if it gave no answer


@dataclass(frozen=True, kw_only=True)
class Answer(End):
    """The function returned ``value``."""
    value: Any


@dataclass(frozen=True, kw_only=True)
class Raised(End):
    """The function (or, at the start, the import of it) raised; ``reason`` is one line."""
    reason: str


@dataclass(frozen=True, kw_only=True)
class OutOfMemory(End):
    """The call met the worker's memory bound; the worker leaves, a fresh one takes the next call."""


@dataclass(frozen=True, kw_only=True)
class Died(End):
    """The worker ended without an answer: ``exitcode`` negative for the signal that ended it, None
    if it was stopped from outside or still had not ended after its pipe closed."""
    exitcode: int | None


@dataclass(frozen=True, kw_only=True)
class Overdue(End):
    """The worker passed its deadline (on a call, or to start) and was stopped."""


@dataclass(frozen=True, kw_only=True)
class Unreadable(End):
    """The worker's answer could not be read; ``reason`` is the error, in one line. It was stopped."""
    reason: str
