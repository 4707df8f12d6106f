"""Document math → MathML for the HTML report, or None when it should show as escaped text.

latex2mathml writes ``\\text{…}`` content into the markup without escaping it, so it is only given
math that passed the LaTeX whitelist, and its output is checked to hold nothing but MathML elements
with harmless attributes before a template may mark it safe.
"""
from __future__ import annotations

import re

from reports.latex_safe import safe_math

MATHML_TAGS = frozenset("math mrow mi mo mn msub msup msubsup mfrac mtext mover munder munderover "
                        "msqrt mroot mspace mstyle mtable mtr mtd mpadded mphantom menclose".split())
SAFE_ATTRIBUTES = frozenset("xmlns display accent accentunder stretchy fence separator form "
                            "mathvariant lspace rspace width linethickness movablelimits "
                            "columnalign rowspacing columnspacing displaystyle scriptlevel".split())
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9:-]+)([^<>]*)>")
_ATTRIBUTE = re.compile(r"([a-zA-Z:-]+)\s*=\s*\"[^\"<>]*\"")


def to_mathml(latex: str, display: bool = False) -> str | None:
    math = safe_math(latex)
    if math is None or re.search(r"[<>&\"]", math):
        return None
    try:
        from latex2mathml.converter import convert
        markup = convert(math, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds on odd input: the source text is shown instead
        return None
    return markup if _only_mathml(markup) else None


def _only_mathml(markup: str) -> bool:
    for _closing, tag, attributes in _TAG.findall(markup):
        if tag not in MATHML_TAGS:
            return False
        if _ATTRIBUTE.sub("", attributes).strip():
            return False
        if any(name not in SAFE_ATTRIBUTES for name in _ATTRIBUTE.findall(attributes)):
            return False
    return "<" not in _TAG.sub("", markup)
