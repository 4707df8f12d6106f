"""A collection verified by a pool of workers: every entry's outcome, in the collection's order."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from checks.budget import Budget
from checks.verdict import DocumentResult
from grade.collect import Collection
from grade.workers import DEFAULT_MAX_MEMORY, Failure, Pool, Run


@dataclass(frozen=True)
class Batch:
    outcomes: tuple[DocumentResult | Failure, ...]  # one per entry of the collection, in its order

    @property
    def exit_code(self) -> int:
        """2 if a document was unusable, else 1 if a step was refuted, else 0."""
        if any(isinstance(o, Failure) for o in self.outcomes):
            return 2
        return 1 if any(o.refuted for o in self.outcomes) else 0


def verify_batch(collection: Collection, budget: Budget = Budget(), jobs: int | None = None,
                 max_memory: int = DEFAULT_MAX_MEMORY,
                 on_run: Callable[[Run], None] | None = None) -> Batch:
    """Every document of ``collection`` verified ``jobs`` at a time; ``on_run`` hears of each as it
    finishes (a progress bar)."""
    documents = collection.documents
    finished: dict[int, DocumentResult | Failure] = {}
    with Pool(jobs, budget, max_memory) as pool:
        for run in pool.run(documents):
            finished[run.index] = run.outcome
            if on_run is not None:
                on_run(run)
    verified = iter(finished[i] for i in range(len(documents)))
    outcomes = tuple(next(verified) if e.refused is None else Failure(str(e.path), e.refused)
                     for e in collection.entries)
    return Batch(outcomes)
