"""Matrices written entry by entry and lists with an ellipsis, as a user sees them verified: the
true claim proved, the same claim with one error refuted at its line, and a pattern that cannot be
settled unparsed with the reason."""
import pytest

from checks.verdict import Verdict
from document_steps import steps

COLUMN = r"\begin{bmatrix} u_1^T v_c \\ u_2^T v_c \\ \vdots \\ u_{|V|}^T v_c \end{bmatrix}"
DERIVATIVES = (r"\begin{bmatrix} \frac{\partial J}{\partial u_1} & \cdots & "
               r"\frac{\partial J}{\partial u_{|V|}} \end{bmatrix}")

# (true claim, the same claim with an error)
PAIRS = [
    (rf"U^T v_c = {COLUMN}", COLUMN.replace("u_1^T v_c", "u_1^T v_o").join([r"U^T v_c = ", ""])),
    (rf"U^T v_c = {COLUMN}", COLUMN.replace("u_2^T", "u_3^T").join([r"U^T v_c = ", ""])),
    (rf"U^T v_c = \left[ \begin{{matrix}} u_1^T v_c \\ \cdots \\ u_N^T v_c \\ \end{{matrix}} \right]",
     r"U^T v_c = \left[ \begin{matrix} u_2^T v_c \\ \cdots \\ u_N^T v_c \\ \end{matrix} \right]"),
    (rf"\frac{{\partial J}}{{\partial U}} = {DERIVATIVES} = v_c(\hat y - y)^\top",
     rf"\frac{{\partial J}}{{\partial U}} = {DERIVATIVES} = v_c(\hat y + y)^\top"),
    (r"U = \begin{pmatrix} u_1 & u_2 & \cdots & u_{V} \end{pmatrix}",
     r"U = \begin{pmatrix} u_1 & u_1 & \cdots & u_{V} \end{pmatrix}"),
    (r"\hat y - y = \begin{bmatrix} \hat y_1 \\ \vdots \\ \hat y_o - 1 \\ \vdots \\ \hat y_{|V|} \end{bmatrix}",
     r"\hat y - y = \begin{bmatrix} \hat y_1 \\ \vdots \\ \hat y_o + 1 \\ \vdots \\ \hat y_{|V|} \end{bmatrix}"),
    (r"-\sum_w y_w\log\hat y_w = -(y_1\log\hat y_1 + \cdots + y_{|V|}\log\hat y_{|V|})",
     r"\sum_w y_w\log\hat y_w = -(y_1\log\hat y_1 + \cdots + y_{|V|}\log\hat y_{|V|})"),
    (r"\hat y_1 v_c + \hat y_2 v_c + \dots + \hat y_{|V|} v_c = v_c",
     r"\hat y_1 v_c + \hat y_2 v_c + \dots + \hat y_{|V|} v_c = 2 v_c"),
    (r"\sum_w \hat y_w u_w - u_o = \hat y_1 u_1 + \cdots + (\hat y_o - 1) u_o + \cdots + \hat y_{|V|} u_{|V|}",
     r"\sum_w \hat y_w u_w - u_o = \hat y_1 u_1 + \cdots + \hat y_o u_o + \cdots + \hat y_{|V|} u_{|V|}"),
    (r"U = (u_1, u_2, \dots, u_{|V|})", r"2U = (u_1, u_2, \dots, u_{|V|})"),
    (r"U = [u_1, \ldots, u_{|V|}]", r"U = [u_2, \ldots, u_{|V|}]"),
    (r"y = (y_1, \dots, y_{|V|})^T", r"\hat y = (y_1, \dots, y_{|V|})^T"),
    # an ellipsis that ends at K runs over the draws
    (r"\sum_{k=1}^{K} \sigma(u_k^T v_c) u_k = \sigma(u_1^T v_c) u_1 + \cdots + \sigma(u_K^T v_c) u_K",
     r"\sum_{k=1}^{K} \sigma(u_k^T v_c) u_k = \sigma(u_1^T v_c) u_1 + \cdots + \sigma(u_K^T v_c) u_1"),
    (r"\sum_{j=1}^{K} \log\sigma(-u_{w_j}^T v_c) = \log\sigma(-u_{w_1}^T v_c) + \cdots + \log\sigma(-u_{w_K}^T v_c)",
     r"\sum_{j=1}^{K} \log\sigma(u_{w_j}^T v_c) = \log\sigma(-u_{w_1}^T v_c) + \cdots + \log\sigma(-u_{w_K}^T v_c)"),
]


def _claim(latex: str, line: int) -> str:
    return "Some prose.\n" * (line - 1) + f"$${latex}$$\n"


@pytest.mark.parametrize("true, wrong", PAIRS)
def test_a_true_claim_is_proved_and_its_error_refuted_at_its_line(true, wrong):
    assert {s.verdict for s in steps(_claim(true, 3))} == {Verdict.PROVED}
    found = steps(_claim(wrong, 3))
    assert [(s.line, s.verdict) for s in found if s.verdict is not Verdict.PROVED] == [(3, Verdict.REFUTED)]


def test_a_stack_of_vectors_set_equal_to_their_sum_is_refuted_with_the_shapes():
    [step] = steps(_claim(r"\sum_w \hat y_w u_w = \begin{bmatrix} \hat y_1 u_1 \\ \vdots \\ "
                          r"\hat y_{|V|} u_{|V|} \end{bmatrix}", 2))
    assert (step.line, step.verdict) == (2, Verdict.REFUTED)
    assert "different shapes" in step.detail


UNSETTLED = [
    (r"U^T v_c = \begin{bmatrix} u_1^T v_c \\ \vdots \\ u_{|V|}^T v_o \end{bmatrix}",
     "cannot place the index that changes across an ellipsis: 1 … |V|, c … o"),
    (r"U^T v_c = \begin{bmatrix} u_1^T v_c \\ \vdots \\ u_k^T v_c \end{bmatrix}",
     "cannot place the index that changes across an ellipsis: 1 … k"),
    (r"U^T v_c = \begin{bmatrix} u_1^T v_c \\ \vdots \\ (u_{|V|}^T v_c)^2 \end{bmatrix}",
     "must differ in one word index only (they differ in more)"),
    (r"2 v_c = v_c + \cdots + v_c", "they do not differ in an index"),
    (r"U^T v_c = \begin{bmatrix} \vdots \\ u_{|V|}^T v_c \end{bmatrix}",
     "an ellipsis needs a written entry on each side"),
    (r"U = \begin{bmatrix} u_{|V|} & \cdots & u_1 \end{bmatrix}", "runs backwards"),
    (r"\hat y = \begin{bmatrix} \hat y_1 \\ \vdots \\ \hat y_w \\ \vdots \\ \hat y_{|V|} \end{bmatrix}",
     "cannot tell which word it stands for"),
    (r"U = \begin{bmatrix} u_{1,1} & \cdots & u_{1,|V|} \\ \vdots & \ddots & \vdots \end{bmatrix}",
     "only a single row or column written with an ellipsis is read"),
    (r"U = \begin{bmatrix} u_1 & & u_2 \end{bmatrix}", "an empty entry in a matrix"),
    (r"D = \begin{vmatrix} a & b \\ c & d \end{vmatrix}", "a determinant (vmatrix) is not supported"),
    (r"U = \begin{bmatrix} u_1 & u_2 \end{pmatrix}", "ends with another environment"),
    (r"U = \begin{bmatrix} u_1 & u_2", r"\begin{bmatrix} has no \end{bmatrix}"),
    (r"0 = (\hat y_1 + \cdots + \hat y_V) u_1 + \cdots + (\hat y_1 + \cdots + \hat y_V) u_V",
     "an ellipsis inside an entry of another ellipsis is not read"),
    (r"0 = u_1 + \cdots + u_{99999999999}", "an ellipsis's entry at word 99999999999"),
    ("0 = " + r"\begin{bmatrix}" * 100 + "1" + r"\end{bmatrix}" * 100, "nesting too deep"),
]


@pytest.mark.parametrize("latex, reason", UNSETTLED)
def test_a_pattern_that_cannot_be_settled_is_unparsed_with_the_reason(latex, reason):
    [step] = steps(_claim(latex, 1))
    assert step.verdict is Verdict.UNPARSED
    assert reason in step.detail


def test_an_ampersand_outside_a_matrix_still_aligns_rows():
    text = r"""$$\begin{aligned} U^T v_c &= \begin{bmatrix} u_1^T v_c & \cdots & u_{|V|}^T v_c \end{bmatrix}^T \\
&= U^T v_c \end{aligned}$$"""
    assert [s.verdict for s in steps(text)] == [Verdict.PROVED, Verdict.PROVED]
