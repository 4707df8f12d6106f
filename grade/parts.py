"""The parts of an assignment as documents label them ((a), (b), …) and how each one fared.

A part's status reads its steps: ``proved`` when every step holds (proved, numerically equal, or a
convention: equal up to a transpose), ``refuted`` when a step is refuted, else ``unread`` (a step
gradproof could not read or decide). Its answer reads each chain's result, the chain's first
expression against its last: where the first is a derivative of a known loss (∂J/∂v_c), checks
evaluates it as SymPy's own derivative of that loss, so the last expression is compared with the
reference answer gradproof derived itself.
"""
from __future__ import annotations

from typing import Iterable

from checks.verdict import ChainResult, DocumentResult, StepResult, Verdict

EQUAL = frozenset({Verdict.PROVED, Verdict.NUMERICALLY_EQUAL, Verdict.CONVENTION})
PROVED, REFUTED, UNREAD = "proved", "refuted", "unread"
RIGHT, WRONG, UNKNOWN = "right", "wrong", "unknown"


def by_part(result: DocumentResult) -> dict[str, list[ChainResult]]:
    """The labelled chains of a document, part by part in letter order."""
    parts: dict[str, list[ChainResult]] = {}
    for chain in result.chains:
        if chain.part is not None:
            parts.setdefault(chain.part, []).append(chain)
    return dict(sorted(parts.items()))


def status(steps: Iterable[StepResult]) -> str:
    verdicts = {s.verdict for s in steps}
    if Verdict.REFUTED in verdicts:
        return REFUTED
    return PROVED if verdicts <= EQUAL else UNREAD


def answer(chains: Iterable[ChainResult]) -> str:
    """Whether every chain's last expression equals its first (the reference, for a derivative)."""
    verdicts = {final(chain).verdict for chain in chains}
    if Verdict.REFUTED in verdicts:
        return WRONG
    return RIGHT if verdicts <= EQUAL else UNKNOWN


def final(chain: ChainResult) -> StepResult:
    """The chain's first expression against its last: its result, or its one step."""
    return chain.result if chain.result is not None else chain.steps[-1]


def where(step: StepResult) -> str:
    return f"line {step.line}" if step.cell is None else f"cell {step.cell}, line {step.line}"
