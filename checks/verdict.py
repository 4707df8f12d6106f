"""Verdicts and the frozen results that leave ``checks/``: the only thing reports read.

Only ``checks.equivalence`` creates a decisive verdict (proved, numerically-equal, refuted,
convention); the reader and translator can only say unparsed or undecided.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Verdict(str, Enum):
    PROVED = "proved"
    NUMERICALLY_EQUAL = "numerically-equal"
    REFUTED = "refuted"
    CONVENTION = "convention"
    UNPARSED = "unparsed"
    UNDECIDED = "undecided"

    @property
    def decisive(self) -> bool:
        return self in (Verdict.PROVED, Verdict.NUMERICALLY_EQUAL, Verdict.REFUTED, Verdict.CONVENTION)


@dataclass(frozen=True)
class Counterexample:
    """A point where two sides differ: the small instance, the values given to the symbols that
    matter, and both sides' values, all as short printable strings."""
    instance: str  # e.g. "V=4, d=2, K=2, o=2, c=3, negatives=(1, 4)"
    point: tuple[tuple[str, str], ...]  # (symbol, value) pairs, e.g. ("u_1", "[1, -2]")
    lhs_value: str
    rhs_value: str
    expected: str | None = None  # the correct expression, in the document's notation, where known

    def to_json(self) -> dict:
        return {"instance": self.instance, "point": dict(self.point), "lhs_value": self.lhs_value,
                "rhs_value": self.rhs_value, "expected": self.expected}


@dataclass(frozen=True)
class StepResult:
    line: int  # 1-based line where the right-hand side begins (within the cell for notebooks)
    lhs: str  # the document's LaTeX, as written
    rhs: str
    verdict: Verdict
    detail: str  # one line: why
    counterexample: Counterexample | None = None
    cell: int | None = None  # 0-based notebook cell
    condition: str | None = None  # the case condition in force, e.g. "w \\neq o"
    label: str | None = None  # the document's label on the row, e.g. "\\text{(c) case 1: } w \\neq o"

    def to_json(self) -> dict:
        out = {"line": self.line, "lhs": self.lhs, "rhs": self.rhs, "verdict": self.verdict.value,
               "detail": self.detail,
               "counterexample": self.counterexample.to_json() if self.counterexample else None}
        if self.cell is not None:
            out["cell"] = self.cell
        if self.condition:
            out["condition"] = self.condition
        if self.label:
            out["label"] = self.label
        return out


@dataclass(frozen=True)
class ChainResult:
    part: str | None  # the label in force: "a".."f", or None
    line: int
    steps: tuple[StepResult, ...]
    result: StepResult | None  # first expression against last, or against SymPy's derivative
    cell: int | None = None

    def to_json(self) -> dict:
        out = {"part": self.part, "line": self.line,
               "result": self.result.to_json() if self.result else None,
               "every_step_decided": all(s.verdict.decisive for s in self.steps),
               "steps": [s.to_json() for s in self.steps]}
        if self.cell is not None:
            out["cell"] = self.cell
        return out


@dataclass(frozen=True)
class DocumentResult:
    document: str  # the path as given
    chains: tuple[ChainResult, ...]
    seconds: float
    instances: tuple[str, ...]  # the instances every step was checked in
    sympy_version: str
    notices: tuple[str, ...] = field(default=())  # document-level warnings (budget hit, size, …)

    def summary(self) -> dict[str, int]:
        steps = [s for c in self.chains for s in c.steps]
        counts = {v.value: sum(s.verdict is v for s in steps) for v in Verdict}
        return {"chains": len(self.chains), "steps": len(steps), **counts}

    @property
    def refuted(self) -> bool:
        return any(s.verdict is Verdict.REFUTED for c in self.chains for s in c.steps)

    def to_json(self) -> dict:
        return {"document": self.document, "summary": self.summary(),
                "chains": [c.to_json() for c in self.chains],
                "instances": list(self.instances), "sympy": self.sympy_version,
                "seconds": round(self.seconds, 3), "notices": list(self.notices)}
