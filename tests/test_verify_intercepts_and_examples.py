"""How statistics and control notes write a penalty that spares the intercept and a loss summed over
time steps: a diagonal written with an ellipsis between equal entries, diag(0, 1, …, 1), as large as
what it meets; a sum that starts at 2; an information matrix in calligraphic type; a derivative by
one example u_t of a family defined example by example; a shape in brackets after its name; a
gradient and a Hessian written entry by entry; an Iverson bracket that compares with 0; the blank of a
question, "= ?", which claims nothing. Each correct step is proved, never refuted; a planted error is
refuted at its line."""
import re

from checks.document import read_text
from checks.verdict import Verdict
from checks.verify import verify_document
from tests.document_steps import verdicts_at as _at

RIDGE = r"""# Penalized least squares, intercept left alone

The design matrix $X$ ($n \times p$, first column all ones) holds the rows $x_i^T$, the responses are
$y \in \mathbb{R}^n$ and the coefficients $\beta \in \mathbb{R}^p$. Let $D = \operatorname{diag}(0, 1, \dots, 1)$,
so that $\beta_1$ is not shrunk, and for $\lambda > 0$ minimize

$$J(\beta) = \frac{1}{2}\|y - X\beta\|^2 + \frac{\lambda}{2}\beta^T D \beta = \frac{1}{2}\|y - X\beta\|^2 + \frac{\lambda}{2}\sum_{j=2}^{p}\beta_j^2 .$$

Gradient and Hessian:

$$\frac{\partial J}{\partial \beta} = -X^T(y - X\beta) + \lambda D\beta, \qquad \frac{\partial^2 J}{\partial \beta\, \partial \beta^T} = X^T X + \lambda D .$$

Entry by entry, $\frac{\partial^2 J}{\partial \beta_j \partial \beta_l} = \sum_{i=1}^{n} x_{ij} x_{il} + \lambda D_{jl}$.

Row by row,

$$\frac{\partial J}{\partial \beta} = -\sum_{i=1}^{n}(y_i - x_i^T\beta)\,x_i + \lambda D\beta .$$

Call the Hessian $\mathcal{I}(\beta) = X^T X + \lambda D$. Then for any $v$,
$$v^T \mathcal{I}(\beta) v = \|Xv\|^2 + \lambda \sum_{j=2}^{p} v_j^2 .$$

Written with the intercept last instead, $\Lambda = \operatorname{diag}(1, \dots, 1, 0)$ and
$\frac{\partial}{\partial \beta}\left(\frac{\lambda}{2}\beta^T \Lambda \beta\right) = \lambda \Lambda \beta$.
"""

POLICY = r"""# Imitation with a squashed linear policy

States $x_t \in \mathbb{R}^n$, expert commands $u_t^\star \in (-1, 1)^p$, gains $K \in \mathbb{R}^{p \times n}$
and offset $k \in \mathbb{R}^p$:

$$v_t = K x_t + k, \qquad u_t = \tanh(v_t) .$$

Over the demonstrations $t \in \{1, \dots, T\}$,

$$L(K, k) = \frac{1}{2T}\sum_{t=1}^{T} \lVert u_t - u_t^\star \rVert^2 .$$

Only the $t$-th term depends on $u_t$:

$$\frac{\partial L}{\partial u_t} = \frac{1}{T}\left(u_t - u_t^\star\right) .$$

Through the squashing,

$$\frac{\partial L}{\partial v_t} = \frac{1}{T}\left(1 - u_t \odot u_t\right) \odot \left(u_t - u_t^\star\right) .$$
"""

def test_a_diagonal_that_repeats_one_entry_is_as_large_as_what_it_meets():
    found = _at(RIDGE)
    assert found[7] == {Verdict.PROVED}  # βᵀDβ/2 is the sum from 2
    assert found[11] == {Verdict.PROVED}
    assert found[13] == {Verdict.PROVED}  # λ D_{jl}: an entry of the diagonal
    assert found[23] == {Verdict.PROVED}


def test_a_shape_in_brackets_after_a_name_declares_it():
    result = verify_document(read_text(RIDGE, "md", "ridge.md"))
    assert not any(re.search(r"\bX\b", notice) for notice in result.notices), result.notices
    assert _at(RIDGE)[17] == {Verdict.PROVED}  # x_i, row i of X (n × p), beside the sum over i to n


def test_a_calligraphic_letter_names_a_function_apart_from_the_identity():
    assert _at(RIDGE)[20] == {Verdict.PROVED}


def test_each_planted_error_beside_a_spared_intercept_is_refuted_at_its_line():
    shrunk = RIDGE.replace(r"+ \lambda D\beta, \qquad", r"+ \lambda \beta, \qquad")
    assert _at(shrunk)[11] == {Verdict.PROVED, Verdict.REFUTED}
    first = RIDGE.replace(r"\frac{\lambda}{2}\sum_{j=2}^{p}\beta_j^2 .$$", r"\frac{\lambda}{2}\sum_{j=1}^{p}\beta_j^2 .$$")
    assert _at(first)[7] == {Verdict.REFUTED}
    entry = RIDGE.replace(r"+ \lambda D_{jl}$", r"+ \lambda$")
    assert _at(entry)[13] == {Verdict.REFUTED}
    last = RIDGE.replace(r"= \lambda \Lambda \beta$", r"= \lambda \beta$")
    assert _at(last)[23] == {Verdict.REFUTED}


def test_a_derivative_by_one_example_of_a_family_defined_example_by_example():
    found = _at(POLICY)
    assert found[14] == {Verdict.PROVED}
    assert found[18] == {Verdict.PROVED}
    assert _at(POLICY.replace(r"= \frac{1}{T}\left(u_t - u_t^\star\right)", r"= \frac{2}{T}\left(u_t - u_t^\star\right)"))[14] \
        == {Verdict.REFUTED}


ENTRY_BY_ENTRY = r"""# Two parameters

Let $w \in \mathbb{R}^2$ and $L(w) = \frac{1}{2}w_1^2 + 3 w_1 w_2 + \frac{5}{2} w_2^2 + e^{w_1}$.

$$\nabla_w L = \begin{bmatrix} w_1 + 3 w_2 + e^{w_1} \\ 3 w_1 + 5 w_2 \end{bmatrix}, \qquad \nabla^2_w L = \begin{bmatrix} 1 + e^{w_1} & 3 \\ 3 & 5 \end{bmatrix}$$
"""


def test_a_gradient_and_a_hessian_written_entry_by_entry():
    assert _at(ENTRY_BY_ENTRY) == {5: {Verdict.PROVED}}
    assert _at(ENTRY_BY_ENTRY.replace(r"w_1 + 3 w_2 + e^{w_1}", r"w_1 + 3 w_2"))[5] == {Verdict.REFUTED, Verdict.PROVED}
    assert _at(ENTRY_BY_ENTRY.replace(r"1 + e^{w_1} & 3", r"e^{w_1} & 3"))[5] == {Verdict.PROVED, Verdict.REFUTED}


IVERSON = r"""# A ReLU layer

Input $x \in \mathbb{R}^d$, $W_1 \in \mathbb{R}^{m \times d}$, $b_1 \in \mathbb{R}^m$, $W_2 \in \mathbb{R}^{K \times m}$,
$b_2 \in \mathbb{R}^K$, a one-hot target $y \in \{0, 1\}^K$; $[\,\cdot\,]$ is the Iverson bracket, entrywise.

$$a = W_1 x + b_1, \qquad h = \max(0, a), \qquad s = W_2 h + b_2, \qquad L = -y^\top \log \operatorname{softmax}(s)$$

$$\frac{\partial L}{\partial a} = \left(W_2^\top (\operatorname{softmax}(s) - y)\right) \odot [a > 0]$$
"""


def test_an_iverson_bracket_that_compares_with_zero_is_the_step():
    assert _at(IVERSON) == {8: {Verdict.PROVED}}
    assert _at(IVERSON.replace(r"\odot [a > 0]", r"\odot h"))[8] == {Verdict.REFUTED}


FLASHCARD = r"""# Softmax cards

Logits $z \in \mathbb{R}^C$, $\hat y = \operatorname{softmax}(z)$, a one-hot $y \in \{0, 1\}^C$, $L = -y^\top \log \hat y$.

**Q:** $\dfrac{\partial L}{\partial z} = \;?$

**A:** $\dfrac{\partial L}{\partial z} = \hat y - y$
"""


def test_the_blank_of_a_question_is_no_claim():
    assert _at(FLASHCARD) == {7: {Verdict.PROVED}}


PENALIZED_FIT = r"""Let $A \in \mathbb{R}^{m \times k}$ have full column rank, $b \in \mathbb{R}^m$ and $\gamma > 0$. The fit minimizes

$$F(w) = \frac{1}{2m}\|Aw - b\|^2 + \frac{\gamma}{2}\|w\|^2 .$$

Its gradient is $\nabla F(w) = \frac{1}{m}A^\top(Aw - b) + \gamma w$, and it vanishes at the minimizer $\hat{w}_\gamma$:

$$
\begin{aligned}
\frac{1}{m}A^\top(A\hat{w}_\gamma - b) + \gamma\hat{w}_\gamma &= 0, \\
(A^\top A + m\gamma I_k)\hat{w}_\gamma &= A^\top b, \\
\hat{w}_\gamma &= (A^\top A + m\gamma I_k)^{-1}A^\top b .
\end{aligned}
$$
"""


def test_an_estimate_named_by_its_parameter_is_a_name():
    """ŵ_γ beside γ standing alone: the estimate at γ, never entry γ of ŵ."""
    assert _at(PENALIZED_FIT)[10] <= {Verdict.PROVED, Verdict.NUMERICALLY_EQUAL}  # exactness may run out of time
    lost = PENALIZED_FIT.replace(r"(A^\top A + m\gamma I_k)\hat{w}_\gamma", r"(A^\top A + \gamma I_k)\hat{w}_\gamma")
    assert _at(lost)[10] == {Verdict.REFUTED}
