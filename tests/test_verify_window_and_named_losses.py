"""How a word2vec document names the loss a step is about, found by correct derivations that were refuted:
the loss of the whole window written with y or J inside the sum over offsets, or with j = 0 left out in
words; a window loss given its own name (J_t, with w_t the centre word); a part of the loss given a name
(J_{neg} for the negative terms alone); a display that names the other loss in its own \\text. Beside them,
readings of other losses found the same way: a case opened after a bold run-in heading, the sign of a
residual, a logarithm without brackets before a product (the log of the whole product), and a constant
said positive (drawn positive). A step wrong under every one of these readings is still refuted at its line."""
import pytest

from checks.verdict import Verdict
from tests.document_steps import verdicts_at as _at

Y_CHANGES_WITH_J = r"""Inside the sum, $y$ is the one-hot vector of $w_{t+j}$, so it changes with $j$.

$$\frac{\partial J_{\text{skip-gram}}}{\partial v_c} = \sum_{-m \le j \le m,\ j \ne 0} U(\hat y - y)$$
"""


def test_y_inside_the_sum_over_the_window_may_be_the_word_at_offset_j():
    assert _at(Y_CHANGES_WITH_J) == {3: {Verdict.UNDECIDED}}


@pytest.mark.parametrize("wrong", ["U(y - \\hat y)", "2U(\\hat y - y)", "U\\hat y"])
def test_a_window_sum_wrong_for_every_outside_word_is_refuted(wrong):
    assert _at(Y_CHANGES_WITH_J.replace("U(\\hat y - y)", wrong))[3] == {Verdict.REFUTED}


CENTRE_LEFT_OUT = r"""The term $j = 0$, the centre word itself, is left out of the sum below.

$$\frac{\partial J_{\text{skip-gram}}}{\partial v_c} = \sum_{j=-m}^{m} \frac{\partial J(v_c, w_{t+j}, U)}{\partial v_c}$$
"""


def test_a_window_sum_from_minus_m_to_m_may_leave_out_the_centre():
    assert _at(CENTRE_LEFT_OUT) == {3: {Verdict.UNDECIDED}}


def test_a_window_sum_that_drops_an_end_is_refuted_with_the_centre_left_out_too():
    assert _at(CENTRE_LEFT_OUT.replace("\\sum_{j=-m}^{m}", "\\sum_{-m \\le j < m}"))[3] == {Verdict.REFUTED}


TIME_INDEXED = r"""The centre word is $w_t$ and the outside word at offset $j$ is $w_{t+j}$.

$$J_t = \sum_{-m\le j\le m,\ j\neq 0} -\log\frac{\exp(u_{w_{t+j}}^\top v_{w_t})}{\sum_{w=1}^{V}\exp(u_w^\top v_{w_t})}$$

$$\frac{\partial J_t}{\partial v_{w_t}} = \sum_{-m\le j\le m,\ j\neq 0}\left(-u_{w_{t+j}} + \sum_{w=1}^{V}\hat y_w u_w\right)$$
"""


def test_a_loss_defined_over_the_window_is_the_window_loss_and_w_t_the_centre():
    assert _at(TIME_INDEXED)[5] == {Verdict.PROVED}
    assert _at(TIME_INDEXED.replace("\\left(-u_{w_{t+j}} +", "\\left(u_{w_{t+j}} +"))[5] == {Verdict.REFUTED}


SPLIT = r"""# Splitting the negative-sampling loss

$$J_{\text{neg}} = -\sum_{k=1}^{K}\log\sigma(-u_k^\top v_c)$$

$$\frac{\partial J_{\text{neg}}}{\partial v_c} = \sum_{k=1}^{K}\sigma(u_k^\top v_c)\,u_k$$

$$\frac{\partial J_{\text{neg-sample}}}{\partial v_c} = -\sigma(-u_o^\top v_c)\,u_o + \sum_{k=1}^{K}\sigma(u_k^\top v_c)\,u_k$$
"""


def test_a_part_of_the_loss_given_a_name_is_the_documents_own_and_never_refuted():
    assert _at(SPLIT) == {3: {Verdict.UNDECIDED}, 5: {Verdict.UNDECIDED}, 7: {Verdict.PROVED}}


def test_the_whole_loss_is_still_checked_after_a_part_is_named():
    assert _at(SPLIT.replace("-\\sigma(-u_o^\\top v_c)", "\\sigma(-u_o^\\top v_c)"))[7] == {Verdict.REFUTED}


def test_a_whole_loss_restated_wrong_is_refuted_and_hides_no_later_error():
    """A formula that uses the outside word is the whole loss written wrong, not a part of it."""
    wrong = SPLIT.replace("$$J_{\\text{neg}} = -\\sum_{k=1}^{K}", "$$J_{\\text{neg}} = -\\log\\sigma(u_o^\\top v_c) + \\sum_{k=1}^{K}")
    wrong = wrong.replace("\\frac{\\partial J_{\\text{neg}}}{\\partial v_c} = \\sum", "\\frac{\\partial J_{\\text{neg}}}{\\partial v_c} = -\\sum")
    assert _at(wrong)[3] == {Verdict.REFUTED}
    assert _at(wrong)[5] == {Verdict.REFUTED}


COMPARISON = r"""## (e) Negative sampling

$$\frac{\partial J}{\partial u_o} = (\sigma(u_o^\top v_c) - 1)v_c$$

$$\frac{\partial J}{\partial u_o} = (\hat y_o - 1) v_c \quad \text{(naive softmax, for comparison)}$$
"""


def test_a_display_that_names_the_other_loss_is_checked_as_that_loss():
    assert _at(COMPARISON) == {3: {Verdict.PROVED}, 5: {Verdict.PROVED}}
    assert _at(COMPARISON.replace("(\\hat y_o - 1) v_c", "(\\hat y_o + 1) v_c"))[5] == {Verdict.REFUTED}


HUBER = r"""Notation: $X\in\mathbb R^{n\times p}$, $w\in\mathbb R^p$, $y \in \mathbb R^n$, threshold $\delta>0$.

The objective is $J(w) = \sum_{i=1}^n \tfrac12 (x_i^T w - y_i)^2$ inside the quadratic region.

**Linear region.** Suppose every residual satisfies $|x_i^T w - y_i|>\delta$. Then

$$\nabla^2 J(w) = 0$$
"""


def test_a_case_opened_after_a_bold_run_in_heading_is_a_case():
    assert _at(HUBER)[7] == {Verdict.UNDECIDED}


LEAST_ABSOLUTE = r"""Let $X \in \mathbb{R}^{n \times p}$, $y \in \mathbb{R}^n$, $w \in \mathbb{R}^p$ and $L = \sum_{i=1}^{n} |x_i^\top w - y_i|$, where $x_i^\top$ is row $i$ of $X$.

$$\nabla_w L = \sum_{i=1}^{n} \operatorname{sign}(x_i^\top w - y_i)\, x_i = X^\top \mathrm{sgn}(Xw - y)$$
"""


def test_the_sign_of_a_residual_is_read_entrywise():
    """The subgradient of least absolute deviations, away from a zero residual."""
    read = _at(LEAST_ABSOLUTE)[3]
    assert Verdict.PROVED in read and read <= {Verdict.PROVED, Verdict.NUMERICALLY_EQUAL}
    assert Verdict.REFUTED in _at(LEAST_ABSOLUTE.replace("= X^\\top \\mathrm{sgn}", "= -X^\\top \\mathrm{sgn}"))[3]


LIKELIHOOD = r"""Let $X \in \mathbb{R}^{n\times p}$, $y \in \mathbb{R}^n$, $\beta \in \mathbb{R}^p$, $k \in \mathbb{R}$ and $\sigma > 0$.

$$\log (2\pi\sigma^2)^{-n/2}\exp\left(-\frac{\|y - X\beta\|^2}{2\sigma^2}\right) = -\frac{n}{2}\log(2\pi\sigma^2) - \frac{\|y - X\beta\|^2}{2\sigma^2}$$

$$-\frac{n}{2}\log\sigma^2 = -n\log\sigma$$

$$\log e^{-\lambda}\lambda^{k} = k\log\lambda - \lambda$$
"""


def test_a_logarithm_without_brackets_takes_the_whole_product_and_a_positive_constant_is_drawn_positive():
    """log e^{-λ}λ^k was log(e^{-λ})·λ^k, and σ, said positive, was drawn negative, where log σ² ≠ 2 log σ."""
    assert _at(LIKELIHOOD) == {3: {Verdict.PROVED}, 5: {Verdict.PROVED}, 7: {Verdict.PROVED}}
    assert _at(LIKELIHOOD.replace("= k\\log\\lambda - \\lambda", "= k\\log\\lambda + \\lambda"))[7] == {Verdict.REFUTED}
    assert _at(LIKELIHOOD.replace("= -n\\log\\sigma$$", "= -\\frac{n}{2}\\log\\sigma$$"))[5] == {Verdict.REFUTED}
