"""A DocumentResult as plain data for the templates: dicts, lists and strings, no markup.

Math is carried three ways and the template picks: the document's source (shown escaped), MathML
for HTML (only when it passed the whitelist and the MathML check), whitelisted LaTeX for the .tex
report (or None, then the source is shown as escaped text).
"""
from __future__ import annotations

from checks.verdict import DocumentResult, StepResult, Verdict
from reports.latex_safe import safe_math
from reports.mathml import to_mathml

SYMBOLS = {Verdict.PROVED: "✓", Verdict.NUMERICALLY_EQUAL: "≈", Verdict.REFUTED: "✗",
           Verdict.CONVENTION: "⇄", Verdict.UNPARSED: "?", Verdict.UNDECIDED: "…"}
TEX_SYMBOLS = {Verdict.PROVED: r"\checkmark", Verdict.NUMERICALLY_EQUAL: r"$\approx$",
               Verdict.REFUTED: r"$\times$", Verdict.CONVENTION: r"$\leftrightarrows$",
               Verdict.UNPARSED: "?", Verdict.UNDECIDED: r"\dots"}


def math(latex: str | None, display: bool = False) -> dict | None:
    if latex is None:
        return None
    return {"source": latex, "mathml": to_mathml(latex, display), "tex": safe_math(latex)}


def build(result: DocumentResult) -> dict:
    summary = result.summary()
    chains, previous_part = [], object()
    for chain in result.chains:
        chains.append({
            "part": chain.part, "new_part": chain.part != previous_part, "line": chain.line,
            "cell": chain.cell, "first": math(chain.steps[0].lhs, True) if chain.steps else None,
            "steps": [_step(s) for s in chain.steps],
            "result": _step(chain.result) if chain.result else None,
        })
        previous_part = chain.part
    return {
        "document": result.document,
        "counts": [{"verdict": v.value, "symbol": SYMBOLS[v], "tex_symbol": TEX_SYMBOLS[v],
                    "count": summary[v.value]} for v in Verdict],
        "steps": summary["steps"], "chains_count": summary["chains"],
        "refuted": summary["refuted"],
        "instances": list(result.instances), "sympy": result.sympy_version,
        "seconds": f"{result.seconds:.1f}", "notices": list(result.notices),
        "chains": chains,
    }


def _step(step: StepResult) -> dict:
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
