"""The correct expression for a refuted chain, printed in the document's own notation.

A small table of the closed forms a word2vec derivation arrives at. The one shown is the first whose
value equals the chain's first expression (a derivative of a known loss) in every scope tried: the
table only proposes, the translator and the equivalence engine decide, so nothing here can claim a
wrong expression is correct.
"""
from __future__ import annotations

import re

CLOSED_FORMS: tuple[str, ...] = (
    r"U(\hat{y} - y)",
    r"v_c(\hat{y} - y)^T",
    r"\hat{y}_{w} v_c",
    r"(\hat{y}_{w} - 1) v_c",
    r"(\hat{y}_{w} - y_{w}) v_c",
    r"(\hat{y}_o - 1) v_c",
    r"\sigma(x)(1 - \sigma(x))",
    r"(\sigma(u_o^T v_c) - 1) u_o + \sum_{k=1}^{K} \sigma(u_k^T v_c) u_k",
    r"(\sigma(u_o^T v_c) - 1) v_c",
    r"\sigma(u_{w}^T v_c) v_c",
    r"\sum_{j=1}^{K} \mathbb{1}[w_j = w_{w}] \sigma(u_{w}^T v_c) v_c",
    r"-\log \hat{y}_o",
    r"0",
)

_VECTOR = re.compile(r"(?<![\\a-zA-Z{])([uv])_")
_MATRIX = re.compile(r"(?<![\\a-zA-Z{])U(?![a-zA-Z}])")


def candidates(free: str | None, bold: bool, transpose: str) -> list[str]:
    """The closed forms with ``{w}`` set to the chain's free index, in the document's style."""
    out = []
    for form in CLOSED_FORMS:
        if "{w}" in form:
            if free is None:
                continue
            form = form.replace("{w}", free)
        out.append(restyle(form, bold, transpose))
    return out


def restyle(latex: str, bold: bool, transpose: str) -> str:
    """Bold vectors (``\\mathbf{u}_o``, ``\\hat{\\mathbf{y}}``) and the document's transpose mark."""
    latex = latex.replace("^T", transpose)
    if not bold:
        return latex
    latex = latex.replace(r"\hat{y} - y)", r"\hat{\mathbf{y}} - \mathbf{y})")
    latex = _VECTOR.sub(lambda m: rf"\mathbf{{{m.group(1)}}}_", latex)
    return _MATRIX.sub(r"\\mathbf{U}", latex)


def document_style(latex: str) -> tuple[bool, str]:
    """(vectors in bold, transpose mark) as the document writes them."""
    bold = r"\mathbf{u}" in latex or r"\mathbf{v}" in latex or r"\boldsymbol{u}" in latex
    transpose = r"^\top" if r"\top" in latex else "^T"
    return bold, transpose
