"""The terminal table of a verified document: line, part, verdict, one-line reason.

Each verdict has a symbol as well as a colour, so the table reads the same without colour."""
from __future__ import annotations

from checks.verdict import DocumentResult, StepResult, Verdict

MARKS = {Verdict.PROVED: ("✓", "32"), Verdict.NUMERICALLY_EQUAL: ("≈", "32"),
         Verdict.REFUTED: ("✗", "31;1"), Verdict.CONVENTION: ("⇄", "33"),
         Verdict.UNPARSED: ("?", "35"), Verdict.UNDECIDED: ("…", "36")}
REASON_WIDTH = 90


def format_table(result: DocumentResult, color: bool = False) -> str:
    rows = [f"{result.document}", f"{'line':>6}  {'part':<4}  {'verdict':<19}  reason"]
    for chain in result.chains:
        for step in chain.steps:
            rows.append(_row(step, chain.part, color))
            if step.counterexample is not None:
                rows += _counterexample_lines(step)
    counts = result.summary()
    summary = ", ".join(f"{counts[v.value]} {v.value}" for v in Verdict if counts[v.value])
    rows.append(f"{counts['steps']} steps in {counts['chains']} chains: {summary or 'nothing to check'}"
                f" ({result.seconds:.1f} s)")
    rows += [f"note: {n}" for n in result.notices]
    return "\n".join(rows)


def _row(step: StepResult, part: str | None, color: bool) -> str:
    symbol, code = MARKS[step.verdict]
    verdict = f"{symbol} {step.verdict.value}"
    padded = f"{verdict:<19}"
    if color:
        padded = f"\x1b[{code}m{verdict}\x1b[0m" + " " * (19 - len(verdict))
    where = f"{step.line}" if step.cell is None else f"{step.cell}:{step.line}"
    reason = step.detail if len(step.detail) <= REASON_WIDTH else step.detail[:REASON_WIDTH - 1] + "…"
    return f"{where:>6}  {part or '':<4}  {padded}  {reason}"


def _counterexample_lines(step: StepResult) -> list[str]:
    example = step.counterexample
    point = ", ".join(f"{name} = {value}" for name, value in example.point)
    lines = [f"{'':>6}  {'':<4}  {'':<19}  at {example.instance}" + (f"; {point}" if point else ""),
             f"{'':>6}  {'':<4}  {'':<19}  left = {example.lhs_value}, right = {example.rhs_value}"]
    if example.expected:
        lines.append(f"{'':>6}  {'':<4}  {'':<19}  expected: {example.expected}")
    return lines
