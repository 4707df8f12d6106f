"""The points one part of a student's work earns by the rubric, and the words that explain them.

    every step proved (or numerically equal, or a convention)   all the points       proved
    final answer right, a step refuted                          partial × points     partial
    final answer wrong, or a step refuted and the answer unread 0                    refuted
    nothing refuted, a step unread                              unread × points      unread
    no step labelled with the part                              0                    missing

"Final answer right": every chain of the part ends on an expression equal to its first, which for
a derivative of the loss is SymPy's own derivative (grade.parts.answer). Whatever gradproof could
not read or decide, and a part it did not find, is left for a person to read (``review``).
"""
from __future__ import annotations

from dataclasses import dataclass

from checks.verdict import ChainResult, StepResult, Verdict
from grade import parts
from grade.rubric import PartRubric

PROVED, PARTIAL, REFUTED, UNREAD, MISSING, UNUSABLE = \
    "proved", "partial", "refuted", "unread", "missing", "unusable"


@dataclass(frozen=True)
class PartGrade:
    part: str
    name: str
    points: float
    max_points: float
    outcome: str  # proved, partial, refuted, unread, missing or unusable
    explanation: str  # for the student: the wrong line, both sides' values, the expected expression
    review: str | None = None  # what a person should read, or None


def grade_part(rubric: PartRubric, found: list[tuple[str, ChainResult]], named: bool = False) -> PartGrade:
    """``found``: the (document, chain) pairs labelled with the part; ``named``: the student has
    several documents, so a line is named with its document."""
    if not found:
        missing = f"no step labelled ({rubric.part}) was found"
        return _grade(rubric, MISSING, 0, f"No step labelled ({rubric.part}) was found.", missing)
    steps = [(document, step) for document, chain in found for step in chain.steps]
    unread = [(d, s) for d, s in steps if s.verdict in (Verdict.UNPARSED, Verdict.UNDECIDED)]
    refuted = [(d, s) for d, s in steps if s.verdict is Verdict.REFUTED]
    review = f"{_lines(unread, named)} could not be read or decided" if unread else None
    if parts.status(s for _, s in steps) == parts.PROVED:
        transposed = [(d, s) for d, s in steps if s.verdict is Verdict.CONVENTION]
        return _grade(rubric, PROVED, 1, f"All {len(steps)} step(s) hold" + (
            f"; {_lines(transposed, named)} only after a transpose (a convention)." if transposed else "."), review)
    answer = parts.answer(chain for _, chain in found)
    refutations = "".join(f"\n{_refutation(d, s, named)}" for d, s in refuted)
    if answer == parts.RIGHT and refuted:
        return _grade(rubric, PARTIAL, rubric.partial,
                      f"The final answer is right, but a step is wrong.{refutations}", review)
    if answer == parts.WRONG:
        ends = [(d, parts.final(chain)) for d, chain in found]
        wrong = "; ".join(f"the expression at {_where(d, s, named)} does not equal {s.lhs}"
                          for d, s in ends if s.verdict is Verdict.REFUTED)
        return _grade(rubric, REFUTED, 0, f"The final answer is wrong: {wrong}.{refutations}", review)
    if refuted:
        return _grade(rubric, REFUTED, 0, f"A step is wrong, and the final answer could not be checked."
                                          f"{refutations}", review)
    return _grade(rubric, UNREAD, rubric.unread, "No step is wrong, but gradproof could not read or decide "
                                                 "every step.", review)


def _grade(rubric: PartRubric, outcome: str, share: float, explanation: str, review: str | None) -> PartGrade:
    return PartGrade(rubric.part, rubric.name, round(rubric.points * share, 2), rubric.points, outcome,
                     explanation, review)


def _refutation(document: str, step: StepResult, named: bool) -> str:
    where = _where(document, step, named)
    text = f"{where if named else where[:1].upper() + where[1:]}: {step.lhs} = {step.rhs} does not hold"
    example = step.counterexample
    if example is None:
        return f"{text} ({step.detail})."
    point = "".join(f", {name} = {value}" for name, value in example.point)
    text += f": at {example.instance}{point}, the left side is {example.lhs_value} and the right side {example.rhs_value}."
    return text + (f" Expected: {example.expected}" if example.expected else "")


def _where(document: str, step: StepResult, named: bool) -> str:
    return f"{document}, {parts.where(step)}" if named else parts.where(step)


def _lines(found: list[tuple[str, StepResult]], named: bool) -> str:
    """'line 34', 'lines 34, 35', 'a.md line 34, b.md cell 2, line 5'."""
    if named:
        return ", ".join(dict.fromkeys(f"{d} {parts.where(s)}" for d, s in found))
    places = list(dict.fromkeys(parts.where(s) for _, s in found))
    if len(places) > 1 and all(p.startswith("line ") for p in places):
        return "lines " + ", ".join(p.removeprefix("line ") for p in places)
    return ", ".join(places)
