"""Derivatives by a symmetric matrix and of a determinant, as the Matrix Cookbook and most authors write them:
∂ log det Σ/∂Σ = Σ⁻¹, ∂(xᵀAx)/∂A = xxᵀ, with the entries taken as independent. Read only by the matrix's shared
entries (2G − diag G), each correct step was refuted. The same steps made wrong are still refuted; |Σ| of a
square matrix, a determinant or a norm, is not read."""
import pytest

from checks.verdict import Verdict
from tests.document_steps import verdicts_at as _at

LOG_DET = r"""Let $\Sigma\in\mathbb R^{p\times p}$ be symmetric positive definite and $L = \log\det\Sigma$.

$$\frac{\partial L}{\partial\Sigma} = {gradient}$$
"""

QUADRATIC = r"""Let $x\in\mathbb R^n$ and $A\in\mathbb R^{n\times n}$ symmetric, $f = x^\top Ax$.

$$\frac{\partial f}{\partial A} = {gradient}$$
"""


@pytest.mark.parametrize("text, gradient", [(LOG_DET, r"\Sigma^{-1}"), (QUADRATIC, r"xx^\top")])
def test_a_derivative_by_a_symmetric_matrix_with_independent_entries_is_proved(text, gradient):
    assert _at(text.replace("{gradient}", gradient))[3] == {Verdict.PROVED}


@pytest.mark.parametrize("text, gradient", [(LOG_DET, r"2\Sigma^{-1}"), (LOG_DET, r"-\Sigma^{-1}"),
                                            (QUADRATIC, r"2xx^\top"), (QUADRATIC, r"Axx^\top")])
def test_a_wrong_derivative_by_a_symmetric_matrix_is_refuted(text, gradient):
    assert _at(text.replace("{gradient}", gradient))[3] == {Verdict.REFUTED}


def test_the_transpose_of_a_derivative_by_a_square_matrix_is_not_refuted():
    """tr(Σ⁻¹S) with S not symmetric: −Σ⁻¹SᵀΣ⁻¹ by independent entries, and −Σ⁻¹SΣ⁻¹ its transpose."""
    text = r"""Let $\Sigma\in\mathbb R^{p\times p}$ be symmetric, $S\in\mathbb R^{p\times p}$ and $L = \operatorname{tr}(\Sigma^{-1}S)$.

$$\frac{\partial L}{\partial\Sigma} = -\Sigma^{-1}S\Sigma^{-1}$$
"""
    assert _at(text)[3] == {Verdict.UNDECIDED}


def test_single_bars_around_a_square_matrix_are_not_read():
    text = LOG_DET.replace(r"\log\det\Sigma", r"\log|\Sigma|").replace("{gradient}", r"\Sigma^{-1}")
    assert _at(text)[3] == {Verdict.UNPARSED}
