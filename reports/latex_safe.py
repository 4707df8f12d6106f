"""The only way a document's LaTeX reaches a LaTeX report: through a whitelist of math commands.

A document is untrusted: ``\\input{/etc/passwd}``, ``\\write18``, ``\\catcode``, ``\\def`` or
``\\csname`` must never reach the TeX engine live. Math passes only when every command in it is a
known math command and no character can change TeX's reading of it; anything else is shown as
escaped source text.
"""
from __future__ import annotations

import re

MATH_COMMANDS = frozenset("""
frac dfrac tfrac partial sum prod hat widehat mathbf boldsymbol bm pmb vec mathrm mathit
operatorname mathbb mathcal mathsf text textrm textbf left right big Big bigg Bigg bigl bigr Bigl Bigr
log ln exp sigma top intercal cdot times in neq ne leq le geq ge quad qquad dots ldots cdots mid
alpha beta gamma delta epsilon eta theta lambda mu nu xi pi rho tau phi psi omega Sigma Delta
nabla forall mathbf infty prime displaystyle limits nolimits sqrt langle rangle lVert rVert lvert rvert
bf it underbrace overbrace square blacksquare therefore
""".split()) | {",", ";", ":", "!", " ", "{", "}", "|", "_", "\\"}

_COMMAND = re.compile(r"\\([a-zA-Z]+|.)")
_FORBIDDEN = re.compile(r"\^\^|[#%$@]")
_TEXT_ARG = re.compile(r"\\text(?:rm|bf)?\s*\{([^{}]*)\}")


def safe_math(latex: str) -> str | None:
    """``latex`` when it may be typeset as math, else None (show it as text instead)."""
    if not latex or len(latex) > 4000 or _FORBIDDEN.search(latex):
        return None
    if any(cmd not in MATH_COMMANDS for cmd in _COMMAND.findall(latex)):
        return None
    if latex.count("{") != latex.count("}"):
        return None
    for text in _TEXT_ARG.findall(latex):
        if re.search(r"[\\&^_~]", text):
            return None
    return latex.replace("\\\\", " ")


_TEXT_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$",
                 "%": r"\%", "&": r"\&", "_": r"\_", "^": r"\^{}", "~": r"\~{}",
                 "ᵀ": r"\textsuperscript{T}", "×": r"$\times$", "σ": r"$\sigma$", "∂": r"$\partial$",
                 "≠": r"$\neq$", "≈": r"$\approx$", "…": r"\dots{}", "·": r"$\cdot$", "−": "-"}


def escape_text(text: str) -> str:
    """Prose or source for a LaTeX report: every character TeX would act on is escaped."""
    return "".join(_TEXT_ESCAPES.get(ch, ch) for ch in str(text))
