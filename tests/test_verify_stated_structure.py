"""What the text says of its names that narrows the values a step must hold for: a case announced before
a display ("If $y_1 = 1$:", "When $b = 0$,"), labels in {0, 1}, labels that sum to one, a matrix said to
be symmetric (in the many ways authors say it) or diagonal or orthonormal, and a function named in words
("$g$ the sigmoid", "$g = \\sigma$", "$\\sigma$ the softmax"). A correct step is never refuted where it
holds under what the text says; a step wrong under it too is still refuted at its line."""
import pytest

from checks.verdict import Verdict
from tests.document_steps import verdicts_at as _at

A_CASE_ON_A_LABEL = r"""Let $z \in \mathbb{R}^{k}$, $y \in \mathbb{R}^{k}$ one-hot, $p = \mathrm{softmax}(z)$ and $L = -y^\top \log p$.

If $y_1 = 1$:

$$\frac{\partial L}{\partial z_1} = p_1 - 1$$
"""

A_CASE_ON_A_VARIABLE = r"""Let $x \in \mathbb{R}^{d}$, $W \in \mathbb{R}^{n \times d}$, $v \in \mathbb{R}^{n}$, $h = \tanh(Wx)$ and $L = v^\top h$.

When $v = 0$, nothing flows back:

$$\frac{\partial L}{\partial W} = 0$$
"""


@pytest.mark.parametrize("text, line", [(A_CASE_ON_A_LABEL, 5), (A_CASE_ON_A_VARIABLE, 5)], ids=["label", "variable"])
def test_a_step_under_a_case_the_prose_announces_is_not_refuted(text, line):
    """Each holds only in its case; the values drawn are outside it. Before, both were refuted."""
    assert _at(text)[line] == {Verdict.UNDECIDED}


def test_a_case_every_value_drawn_meets_still_lets_a_wrong_step_be_refuted():
    """"For $u \\neq 0$" holds at the values drawn: a step false there is false in the case."""
    text = r"""Let $X \in \mathbb{R}^{n \times d}$ and $u \in \mathbb{R}^{d}$. For $u \neq 0$,

$$u^\top X^\top X u = \|X u\|^2$$
"""
    assert _at(text) == {3: {Verdict.PROVED}}
    assert _at(text.replace(r"= \|X u\|^2", r"= 2\|X u\|^2")) == {3: {Verdict.REFUTED}}


ZERO_ONE_LABELS = r"""The scores are $s \in \mathbb{R}^m$ and the labels $y \in \{0, 1\}^m$.

$$\sum_{i=1}^{m}\left[y_i \log\sigma(s_i) + (1 - y_i)\log(1 - \sigma(s_i))\right] = \sum_{i=1}^{m}\log\sigma\big((2y_i - 1)s_i\big)$$
"""


def test_labels_in_zero_one_take_only_those_values():
    """The identity holds for 0/1 labels only; with any real y it was refuted. Which labels are 1 changes from
    one instance to the next, so a wrong sign is still refuted."""
    assert _at(ZERO_ONE_LABELS)[3] <= {Verdict.PROVED, Verdict.NUMERICALLY_EQUAL}
    assert _at(ZERO_ONE_LABELS.replace("(2y_i - 1)s_i", "(1 - 2y_i)s_i"))[3] == {Verdict.REFUTED}


LABELS_THAT_SUM_TO_ONE = r"""Let $z \in \mathbb{R}^K$ and $y \in \mathbb{R}^K$ with $\sum_{k=1}^{K} y_k = 1$.

$$L = -\sum_{k=1}^{K} y_k \log\frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}$$

$$\frac{\partial L}{\partial z} = \mathrm{softmax}(z) - y$$
"""


def test_a_label_said_to_sum_to_one_is_not_drawn_against_it():
    assert _at(LABELS_THAT_SUM_TO_ONE)[5] == {Verdict.UNDECIDED}
    assert _at(LABELS_THAT_SUM_TO_ONE.replace(r"= \mathrm{softmax}(z) - y$$", r"= y - \mathrm{softmax}(z)$$"))[5] \
        == {Verdict.REFUTED}


QUADRATIC_FORM = r"""{said}

$$f = w^\top S w$$

$$\nabla_w f = 2 S w$$
"""

SYMMETRIC_IN_WORDS = [
    r"Let $\Sigma \in \mathbb{R}^{n \times n}$ be symmetric and $w \in \mathbb{R}^n$.",
    r"Let $S \in \mathbb{R}^{n \times n}$ with $S = S^\top$, and $w \in \mathbb{R}^n$.",
    r"Let $S \in \mathbb{R}^{n \times n}$ (symmetric positive definite) and $w \in \mathbb{R}^n$.",
    r"Soit $S \in \mathbb{R}^{n \times n}$ une matrice symétrique et $w \in \mathbb{R}^n$.",
    r"设 $S \in \mathbb{R}^{n \times n}$ 为对称矩阵，$w \in \mathbb{R}^n$。",
    r"Let $S \in \mathbb{R}^{n \times n}$ be a covariance matrix and $w \in \mathbb{R}^n$.",
    r"Let $w \in \mathbb{R}^n$ and let $S \in \mathbb{R}^{n \times n}$ be the Hessian of the loss at a point.",
    r"Take $S \in \mathbb{S}^{n}$ and $w \in \mathbb{R}^n$.",
    r"Let $w \in \mathbb{R}^n$ and let $S$ be an $n \times n$ symmetric matrix.",
    r"Let $w \in \mathbb{R}^n$ and $S \in \mathbb{R}^{n \times n}$, $S \succ 0$.",
    r"Let $w \in \mathbb{R}^n$ and $S = S^\top \in \mathbb{R}^{n \times n}$.",
    r"Let $w \in \mathbb{R}^n$ and $S \in \mathbb{R}^{n \times n}$ with $S_{ij} = S_{ji}$.",
    r"Let $w \in \mathbb{R}^n$ and let $S \in \mathbb{R}^{n \times n}$ be the kernel (Gram) matrix of the data.",
    r"设 $w \in \mathbb{R}^n$，$S$ 为 $n \times n$ 对称正定矩阵。",
]


@pytest.mark.parametrize("said", SYMMETRIC_IN_WORDS, ids=["greek", "equation", "parenthesis", "french", "chinese",
                                                           "covariance", "hessian", "symmetric-set", "size-between",
                                                           "succ", "chained", "entries", "gram-in-brackets",
                                                           "chinese-size"])
def test_a_matrix_said_symmetric_in_any_of_these_ways_is_drawn_symmetric(said):
    """∇(wᵀSw) = 2Sw holds for a symmetric S only; drawn general, it was refuted."""
    text = QUADRATIC_FORM.replace("{said}", said)
    if r"\Sigma" in said:
        text = text.replace("S w", r"\Sigma w")
    assert _at(text) == {5: {Verdict.PROVED}}
    assert _at(text.replace("= 2 ", "= ")) == {5: {Verdict.REFUTED}}


def test_a_matrix_with_a_structure_no_value_drawn_has_is_not_refuted_against_it():
    """"$Q$ has orthonormal columns": QᵀQ = I, which the values drawn are not; the step holds for such a Q."""
    text = r"""Let $Q \in \mathbb{R}^{n \times d}$ have orthonormal columns, $y \in \mathbb{R}^n$ and $w \in \mathbb{R}^d$.

$$L = \|Q w - y\|^2$$

$$\nabla_w L = 2(w - Q^\top y)$$
"""
    assert _at(text) == {5: {Verdict.UNDECIDED}}


FUNCTION_IN_WORDS = r"""Let $z \in \mathbb{R}$ and $y \in \{0, 1\}$, and $a = g(z)$ with $g$ the sigmoid.

$$J = -y\log a - (1 - y)\log(1 - a)$$

$$\frac{\partial J}{\partial z} = a - y$$
"""


@pytest.mark.parametrize("named", [r"with $g$ the sigmoid", r"where $g = \sigma$",
                                   r"where $g$ is the logistic function"],
                         ids=["the-sigmoid", "equals-sigma", "logistic"])
def test_a_function_named_in_words_is_applied_not_multiplied(named):
    """g(z) was g times z, g a number: the correct gradient was refuted."""
    text = FUNCTION_IN_WORDS.replace("with $g$ the sigmoid", named)
    assert _at(text) == {5: {Verdict.PROVED}}
    assert _at(text.replace("= a - y$$", "= y - a$$")) == {5: {Verdict.REFUTED}}


SIGMA_AS_THE_SOFTMAX = r"""Let $z \in \mathbb{R}^K$, $y \in \mathbb{R}^K$ one-hot and $p = \sigma(z)$, {said}.

$$L = -\sum_{k=1}^{K} y_k \log p_k$$

$$\frac{\partial L}{\partial z} = p - y$$
"""


@pytest.mark.parametrize("said", [r"where $\sigma$ is the softmax function",
                                  r"with $\sigma(z)_k = e^{z_k} / \sum_{j=1}^{K} e^{z_j}$"], ids=["words", "entries"])
def test_sigma_said_to_be_the_softmax_is_the_softmax(said):
    text = SIGMA_AS_THE_SOFTMAX.replace("{said}", said)
    assert _at(text)[5] == {Verdict.PROVED}
    assert _at(text.replace("= p - y$$", "= y - p$$"))[5] == {Verdict.REFUTED}


A_CASE_IN_THE_NEXT_PARAGRAPH = r"""Let $z \in \mathbb{R}^K$, $p_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}$ and $L = -\log p_y$.

$$\frac{\partial L}{\partial z_k} = p_k$$

for $k \neq y$.
"""


def test_a_case_written_after_the_display_in_its_own_line_is_read():
    """"for $k \\neq y$." alone after a blank line goes on with the display's sentence (lower case)."""
    assert _at(A_CASE_IN_THE_NEXT_PARAGRAPH) == {3: {Verdict.PROVED}}
    assert _at(A_CASE_IN_THE_NEXT_PARAGRAPH.replace("= p_k$$", "= p_k - 1$$")) == {3: {Verdict.REFUTED}}


A_CLASS_SAID_IN_WORDS = r"""Let $z \in \mathbb{R}^K$, $p_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}$ and $L = -\log p_y$.

{case}

$$\frac{\partial L}{\partial z_k} = p_k - 1$$
"""


@pytest.mark.parametrize("case", ["If $k$ is the true class,", "When $k$ is the correct label,"])
def test_a_case_on_the_class_said_in_words_is_not_refuted_outside_it(case):
    assert _at(A_CLASS_SAID_IN_WORDS.replace("{case}", case)) == {5: {Verdict.UNDECIDED}}


def test_every_class_is_no_case():
    assert _at(A_CLASS_SAID_IN_WORDS.replace("{case}", "For every class:")) == {5: {Verdict.REFUTED}}


def test_the_class_a_one_hot_label_is_one_at_is_fixed():
    """"one-hot with $y_c = 1$": c is the label's class, not an index the step holds for at every value."""
    text = r"""Let $z \in \mathbb{R}^K$ and let $y \in \mathbb{R}^K$ be one-hot with $y_c = 1$, and $\hat y = \mathrm{softmax}(z)$.

$$L = -\sum_{k=1}^{K} y_k \log \hat y_k$$

$$\frac{\partial L}{\partial z_c} = \hat y_c - 1$$
"""
    assert _at(text)[5] == {Verdict.PROVED}
    assert _at(text.replace(r"= \hat y_c - 1$$", r"= \hat y_c$$"))[5] == {Verdict.REFUTED}


def test_a_softmax_named_without_a_verb_defines_the_name():
    text = r"""$X$ is $N \times D$, $W$ is $D \times K$, $Y$ is $N \times K$ one-hot. $Z = XW$, $P$ the row-wise softmax of $Z$.

$$L = -\sum_{i=1}^{N}\sum_{k=1}^{K} Y_{ik}\log P_{ik} + \frac{\lambda}{2}\|W\|_F^2$$

$$\nabla_W L = X^\top(P - Y) + \lambda W$$
"""
    assert _at(text)[5] == {Verdict.PROVED}
    assert _at(text.replace(r"+ \lambda W$$", r"+ 2\lambda W$$"))[5] == {Verdict.REFUTED}


def test_setting_the_gradient_to_zero_inline_is_an_equation_not_a_claim():
    text = r"""$$J(\theta) = \frac{1}{2}\|X\theta - y\|^2$$

Setting $\nabla_{\theta} J = 0$ gives the normal equations.
"""
    assert Verdict.REFUTED not in _at(text).get(3, set())


def test_a_row_said_after_a_display_with_column_words_before_it():
    """"($n \\times p$, full column rank)" holds the word column; the sentence ends before the display, and
    "where $x_i^\\top$ is the $i$-th row of $X$" after it says what x_i is."""
    text = r"""Let the design matrix $X$ ($n \times p$, full column rank) be given.
$$R(\beta) = \sum_{i=1}^{n}(y_i - x_i^{\top}\beta)^2$$
where $x_i^\top$ is the $i$-th row of $X$.

$$\nabla R(\beta) = -2X^{\top}(y - X\beta)$$
"""
    assert _at(text)[5] == {Verdict.PROVED}


def test_a_table_that_ends_a_notebook_cell_declares_its_last_row():
    """The table's last row ends its cell with no newline: it was lost, and Y drawn general."""
    import json
    cells = [{"cell_type": "markdown", "metadata": {}, "source": [
        "| symbol | shape | meaning |\n", "|---|---|---|\n", "| $Y$ | $N \\times C$ | one-hot labels |"]},
        {"cell_type": "markdown", "metadata": {}, "source": [
            "$$P = \\operatorname{softmax}(S) \\text{ (row-wise)}$$\n",
            "$$L = -\\frac{1}{N}\\sum_{i=1}^{N}\\sum_{c=1}^{C} Y_{ic}\\log P_{ic}$$\n", "\n",
            "$$\\frac{\\partial L}{\\partial S} = \\frac{1}{N}(P - Y)$$"]}]
    text = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    from tests.document_steps import steps
    assert [(s.cell, s.line, s.verdict) for s in steps(text, "ipynb")] == [(1, 4, Verdict.PROVED)]



def test_a_case_opened_by_its_clause_is_not_refuted_outside_it():
    """"If the output weights are set to zero, $v = 0$, …": the hypothesis word opens the clause, the relation
    closes it; the step holds in that case only."""
    text = A_CASE_ON_A_VARIABLE.replace("When $v = 0$, nothing flows back:",
                                        "If the output weights are set to zero, $v = 0$, nothing flows back:")
    assert _at(text) == {5: {Verdict.UNDECIDED}}


def test_a_diagonal_matrix_of_weights_is_not_drawn_against():
    text = r"""$X \in \mathbb{R}^{n \times p}$, $y \in \mathbb{R}^n$, $\beta \in \mathbb{R}^p$, and a diagonal matrix of weights $W \in \mathbb{R}^{n \times n}$.

$$S = (y - X\beta)^\top W (y - X\beta)$$

$$\frac{\partial S}{\partial \beta} = -2X^\top W(y - X\beta)$$
"""
    assert _at(text) == {5: {Verdict.UNDECIDED}}
