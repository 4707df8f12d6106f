"""A DocumentResult as plain data for the templates: dicts, lists and strings, no markup.

Math is carried three ways and the template picks: the document's source (shown escaped), MathML
for HTML (only when it passed the whitelist and the MathML check), whitelisted LaTeX for the .tex
report (or None, then the source is shown as escaped text).
"""
from __future__ import annotations

from typing import Mapping

from checks.verdict import DocumentResult, StepResult, Verdict
from reports.latex_safe import safe_math
from reports.mathml import to_mathml

SYMBOLS = {Verdict.PROVED: "✓", Verdict.NUMERICALLY_EQUAL: "≈", Verdict.REFUTED: "✗",
           Verdict.CONVENTION: "⇄", Verdict.UNPARSED: "?", Verdict.UNDECIDED: "…"}
TEX_SYMBOLS = {Verdict.PROVED: r"\checkmark", Verdict.NUMERICALLY_EQUAL: r"$\approx$",
               Verdict.REFUTED: r"$\times$", Verdict.CONVENTION: r"$\leftrightarrows$",
               Verdict.UNPARSED: "?", Verdict.UNDECIDED: r"\dots"}


# A report is read by a person and typeset by TeX: a document of ten thousand steps (all but a few
# undecided once its budget ran out) must not take minutes to report. Converting math costs up to
# ~70 µs a character, so typeset math is bounded in characters and the steps listed in number;
# the JSON report keeps every step.
MAX_STEPS_SHOWN = 1000  # steps listed in an HTML, .tex or PDF report
MAX_MATH_CHARS = 50_000  # characters of math typeset in one report; the rest is shown as source


class _Math:
    """Turns LaTeX into typeset math while its budget lasts, then into source text alone."""

    def __init__(self, budget: int = MAX_MATH_CHARS):
        self.left = budget

    def __call__(self, latex: str | None, display: bool = False) -> dict | None:
        if latex is None:
            return None
        self.left -= len(latex)
        if self.left < 0:
            return {"source": latex, "mathml": None, "tex": None}
        return {"source": latex, "mathml": to_mathml(latex, display), "tex": safe_math(latex)}


def build(result: DocumentResult, points: Mapping[str, str] | None = None) -> dict:
    """``points``: what to show beside each part's heading (a grader's "3 / 5 points"), by part."""
    points = points or {}
    summary = result.summary()
    chains, previous_part, shown, math = [], object(), 0, _Math()
    first_unlisted = None  # the line from which steps are not listed
    for chain in result.chains:
        if shown + len(chain.steps) > MAX_STEPS_SHOWN and chains:
            first_unlisted = chain.line
            break
        if len(chain.steps) > MAX_STEPS_SHOWN:  # one chain of x = x = … ten thousand times
            first_unlisted = chain.steps[MAX_STEPS_SHOWN].line
        shown += min(len(chain.steps), MAX_STEPS_SHOWN)
        chains.append({
            "part": chain.part, "new_part": chain.part != previous_part, "line": chain.line,
            "points": points.get(chain.part) if chain.part else None,
            "cell": chain.cell, "first": math(chain.steps[0].lhs, True) if chain.steps else None,
            "steps": [_step(s, math) for s in chain.steps[:MAX_STEPS_SHOWN]],
            "result": _step(chain.result, math) if chain.result else None,
        })
        previous_part = chain.part
    notices = list(result.notices)
    if first_unlisted is not None:
        notices.append(f"this report lists the first {shown} of {summary['steps']} steps; the steps from "
                       f"line {first_unlisted} on are in the JSON report (--format json)")
    if math.left < 0:
        notices.append(f"more than {MAX_MATH_CHARS} characters of math: the rest is shown as its source")
    return {
        "document": result.document,
        "counts": [{"verdict": v.value, "symbol": SYMBOLS[v], "tex_symbol": TEX_SYMBOLS[v],
                    "count": summary[v.value]} for v in Verdict],
        "steps": summary["steps"], "chains_count": summary["chains"],
        "refuted": summary["refuted"],
        "instances": list(result.instances), "sympy": result.sympy_version,
        "seconds": f"{result.seconds:.1f}", "notices": notices,
        "chains": chains,
    }


def _step(step: StepResult, math: _Math) -> dict:
    example = step.counterexample
    return {
        "line": step.line, "cell": step.cell, "verdict": step.verdict.value,
        "symbol": SYMBOLS[step.verdict], "tex_symbol": TEX_SYMBOLS[step.verdict],
        "lhs": math(step.lhs), "rhs": math(step.rhs, True), "detail": step.detail,
        "condition": math(step.condition) if step.condition else None,
        "label": math(step.label) if step.label else None,
        "counterexample": None if example is None else {
            "instance": example.instance,
            "point": [{"name": n, "value": v} for n, v in example.point],
            "lhs_value": example.lhs_value, "rhs_value": example.rhs_value,
            "expected": math(example.expected, True) if example.expected else None,
        },
    }
