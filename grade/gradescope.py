"""A student's grade as a Gradescope autograder ``results.json``: a test per part, with its name,
score, max_score, status and output (the wrong line, both sides' values at a point, the expected
expression), and the total as ``score``.

The format is Gradescope's (gradescope-autograders.readthedocs.io, "Autograder Specifications"):
top-level ``score`` and ``output``, and ``tests`` of ``name``, ``score``, ``max_score``, ``status``
("passed" or "failed"), ``output`` and ``output_format``. The math stays LaTeX source, shown as text.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from checks.verdict import DocumentResult, Verdict
from grade.workers import Failure

if TYPE_CHECKING:  # the gradebook imports this module to write its files
    from grade.gradebook import StudentGrade


def results(grade: StudentGrade) -> dict:
    tests = [{"name": p.name, "score": p.points, "max_score": p.max_points,
              "status": "passed" if p.points >= p.max_points else "failed",
              "output": p.explanation + (f"\nA person will check this part: {p.review}." if p.review else ""),
              "output_format": "text"} for p in grade.parts]
    return {"score": grade.points, "output": _overall(grade), "tests": tests}


def _overall(grade: StudentGrade) -> str:
    results = [d for d in grade.documents if isinstance(d, DocumentResult)]
    counts = {v: sum(r.summary()[v.value] for r in results) for v in Verdict}
    steps = sum(counts.values())
    found = ", ".join(f"{n} {v.value}" for v, n in counts.items() if n)
    lines = [f"gradproof checked {steps} step(s) in {len(results)} document(s): {found or 'nothing to check'}."]
    lines += [f"Not verified: {d.document}: {d.reason}" for d in grade.documents if isinstance(d, Failure)]
    return "\n".join(lines)
