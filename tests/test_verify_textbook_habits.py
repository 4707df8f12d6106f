"""Habits of textbook, exam-key and blog authors found by the sixth round of correct derivations
(tests/documents/correct/{textbook,languages,mlp,glm,documents}): a 1/m before a sum whose terms say how far
it runs, a matrix named beside one-hot labels, labels said to have one 1 per row, a gradient demanded zero
with \\stackrel{!}{=} or set to zero before an arrow, cases opened in more languages, NumPy shapes in code
spans, a matrix defined by its inverse, a LaTeX tabular of shapes, a part whose label comes before its "Let",
invisible spacing, \\intertext and equations side by side in an align, a hypothesis subscripted by a bold
parameter, a function given another value in a later part, a case said in words on one side of a kink, a reason
after a claim, one-hot and NumPy shapes said in other words.
Each correct step is no longer refuted; the same step made wrong is still refuted at its line."""
import pytest

from checks.verdict import Verdict
from tests.document_steps import verdicts_at as _at

TANH_BATCH = r"""Let $X\in\mathbb R^{m\times n}$, $W\in\mathbb R^{n\times h}$, $A = \tanh(XW)$, $G\in\mathbb R^{m\times h}$,
$L = \frac1m\sum_{i=1}^m\sum_{j=1}^h G_{ij}A_{ij}$.

$$\frac{\partial L}{\partial X_{ir}} = \frac1m\sum_j G_{ij}(1 - A_{ij}^2)W_{rj}$$
"""


def test_a_sum_after_one_over_m_runs_as_far_as_its_terms_say():
    """j indexes W's h columns: 1/m only scales; read as a mean over the m examples, j ran to m."""
    assert _at(TANH_BATCH)[4] == {Verdict.PROVED}


def test_a_wrong_sum_after_one_over_m_is_still_refuted():
    assert _at(TANH_BATCH.replace(r"(1 - A_{ij}^2)W_{rj}", r"(1 - A_{ij})W_{rj}"))[4] == {Verdict.REFUTED}


SOFTMAX_ROWS = r"""Let $X\in\mathbb R^{m\times n}$, $\Theta\in\mathbb R^{n\times K}$, $Y\in\mathbb R^{m\times K}$ with one-hot rows,
$Z = X\Theta$, $P = \operatorname{softmax}(Z)$ row-wise, and
$J(\Theta) = -\frac1m\sum_{i=1}^m\sum_{k=1}^K Y_{ik}\log P_{ik}$.

$$\frac{\partial J}{\partial\Theta_{jk}} = \frac1m\sum_i X_{ij}(P_{ik} - Y_{ik})$$
"""


def test_a_greek_capital_beside_one_hot_labels_is_no_label():
    """Θ begins with the T of a target's letter; read one-hot, it was no variable and the step unread."""
    assert _at(SOFTMAX_ROWS)[5] == {Verdict.PROVED}


def test_a_wrong_gradient_by_a_greek_capital_is_refuted():
    assert _at(SOFTMAX_ROWS.replace(r"(P_{ik} - Y_{ik})$$", r"(Y_{ik} - P_{ik})$$"))[5] == {Verdict.REFUTED}


ONE_PER_ROW = r"""Let $X\in\mathbb R^{m\times n}$, $W\in\mathbb R^{n\times c}$, and $Y\in\{0,1\}^{m\times c}$ {said}.
Define $Z = XW$, $P = \operatorname{softmax}(Z)$ row-wise, and $J(W) = -\frac1m\sum_{i=1}^m\sum_{k=1}^c Y_{ik}\log P_{ik}$.

$$\frac{\partial J}{\partial Z_{ij}} = \frac1m\left(P_{ij} - Y_{ij}\right)$$
"""


@pytest.mark.parametrize("said", ["with exactly one 1 per row", "with a single 1 in each row"])
def test_zero_one_labels_with_one_1_per_row_are_one_hot(said):
    """Read as any 0/1 matrix, Σ_k Y_ik = 1 did not hold and the step was refuted."""
    assert _at(ONE_PER_ROW.replace("{said}", said))[4] == {Verdict.PROVED}


def test_a_wrong_step_about_one_hot_rows_is_refuted():
    text = ONE_PER_ROW.replace("{said}", "with exactly one 1 per row").replace(r"\frac1m\left(P_{ij}", r"\left(P_{ij}")
    assert _at(text)[4] == {Verdict.REFUTED}


RIDGE = r"""Sei $\mathbf X\in\mathbb R^{n\times p}$, $\mathbf y\in\mathbb R^n$, $\boldsymbol\beta\in\mathbb R^p$, $\lambda>0$ und
$Q(\boldsymbol\beta) = \|\mathbf y - \mathbf X\boldsymbol\beta\|^2 + \lambda\|\boldsymbol\beta\|^2$.

$$\frac{\partial Q}{\partial\boldsymbol\beta} = -2\mathbf X^\top(\mathbf y - \mathbf X\boldsymbol\beta) + 2\lambda\boldsymbol\beta \stackrel{!}{=} \mathbf 0$$

$$\Longleftrightarrow\quad(\mathbf X^\top\mathbf X + \lambda\mathbf I)\boldsymbol\beta = \mathbf X^\top\mathbf y$$
"""


def test_a_gradient_demanded_zero_is_checked_and_the_equation_it_gives_is_solved():
    """\\boldsymbol\\beta without braces is β, so Q is defined; \\stackrel{!}{=} 0 is a demand, and the normal
    equation after it was refuted as an identity."""
    steps = _at(RIDGE)
    assert Verdict.PROVED in steps[4] and Verdict.REFUTED not in steps[4]
    assert steps[6] == {Verdict.UNDECIDED}


def test_a_wrong_gradient_demanded_zero_is_refuted():
    assert Verdict.REFUTED in _at(RIDGE.replace(r"+ 2\lambda\boldsymbol\beta \stackrel", r"+ \lambda\boldsymbol\beta \stackrel"))[4]


QUIZ = r"""1. $J(\theta)=\|X\theta-y\|_2^2$ ⇒ $\nabla J=2X^T(X\theta-y)$. $X \in \mathbb{R}^{n \times d}$.
2. $\nabla J=0$ ⇒ $\theta^*=(X^TX)^{-1}X^Ty$.
"""


def test_a_gradient_set_to_zero_before_an_arrow_in_the_prose_is_a_supposition():
    assert _at(QUIZ)[2] == {Verdict.UNDECIDED}


def test_a_gradient_claimed_zero_without_an_arrow_is_still_checked():
    assert _at(QUIZ.replace("$\\nabla J=0$ ⇒", "$\\nabla J=0$ and"))[2] == {Verdict.REFUTED}


LABEL_CASES = r"""{let} $x\in\mathbb R^d$, $w\in\mathbb R^d$, $y\in\{0,1\}$, $p = \sigma(w^\top x)$ and
$\ell(w) = -y\log p - (1-y)\log(1-p)$.

{if} $y = 1$ {then}

$$ \nabla_w\ell = -(1-p)x $$
"""


@pytest.mark.parametrize("let, if_, then", [("Cho", "Nếu", "thì"), ("Sia", "Quando", "si ha"),
                                            ("Пусть", "Если", "то")])
def test_a_case_opened_in_other_languages_keeps_its_step_from_being_refuted(let, if_, then):
    text = LABEL_CASES.replace("{let}", let).replace("{if}", if_).replace("{then}", then)
    assert Verdict.REFUTED not in _at(text)[6]


SIGN_CASE = r"""Setup: $x \in \mathbb{R}^{d}$, $W_1 \in \mathbb{R}^{n \times d}$, $W_2 \in \mathbb{R}^{k \times n}$, $y \in \mathbb{R}^{k}$ one-hot,
$z = W_1 x$, $h = \operatorname{ReLU}(z)$, $p = \operatorname{softmax}(W_2 h)$, $L = -y^\top \log p$.

{said}

$$\frac{\partial L}{\partial W_1} = 0$$
"""


@pytest.mark.parametrize("said", ["（1）若 $\\boldsymbol{z}$ 的所有分量都小于零，则所有隐藏单元都死了，第一层得不到梯度：",
                                  "Suppose no hidden unit is active, i.e. all entries of $z$ are negative. Then"])
def test_a_case_said_in_words_after_a_marker_or_with_an_abbreviation_is_a_case(said):
    assert _at(SIGN_CASE.replace("{said}", said))[6] == {Verdict.UNDECIDED}


def test_without_the_case_the_dead_layer_claim_is_refuted():
    assert _at(SIGN_CASE.replace("{said}", "In general"))[6] == {Verdict.REFUTED}


NUMPY_POST = r"""So you've got a batch `X` of shape `(N, D)` and weights `W` {shape}. Labels are one-hot, `Y` of shape `(N, C)`.
Scores: $S = XW$, probabilities $P = \mathrm{softmax}(S)$ row-wise.

$$ L = -\frac{1}{N}\sum_{i}\sum_{j} Y_{ij}\log P_{ij} $$

$$ \frac{\partial L}{\partial W} = X^T \frac{P - Y}{N} $$
"""


@pytest.mark.parametrize("shape", ["of shape `(D, C)`", "is $(D, C)$"])
def test_numpy_shapes_in_code_spans_are_declarations(shape):
    """Undeclared, N was read as a number and Y as any matrix: the correct gradient was refuted."""
    assert _at(NUMPY_POST.replace("{shape}", shape))[6] == {Verdict.PROVED}


def test_a_wrong_gradient_of_a_numpy_post_is_refuted():
    text = NUMPY_POST.replace("{shape}", "of shape `(D, C)`").replace(r"X^T \frac{P - Y}{N}", r"X^T (P - Y)")
    assert _at(text)[6] == {Verdict.REFUTED}


POSTERIOR = r"""Let $\boldsymbol\Phi \in \mathbb{R}^{N\times M}$, $\mathsf{t} \in \mathbb{R}^N$, $\mathbf{w} \in \mathbb{R}^M$, and
$Q(\mathbf{w}) = -\frac{\beta}{2}(\mathsf{t} - \boldsymbol\Phi\mathbf{w})^\mathrm{T}(\mathsf{t} - \boldsymbol\Phi\mathbf{w}) - \frac{\alpha}{2}\mathbf{w}^\mathrm{T}\mathbf{w}$.

$$\nabla_{\mathbf{w}}Q = \beta\boldsymbol\Phi^\mathrm{T}\mathsf{t} - \mathbf{S}_N^{-1}\mathbf{w}$$

where $\mathbf{S}_N^{-1} = \alpha\mathbf{I} + \beta\boldsymbol\Phi^\mathrm{T}\boldsymbol\Phi$.
"""


def test_a_matrix_defined_by_its_inverse_after_its_use_is_that_inverse():
    """Read as a free matrix, S_N refuted the posterior's gradient."""
    steps = _at(POSTERIOR)[4]
    assert steps and Verdict.REFUTED not in steps and steps <= {Verdict.PROVED, Verdict.NUMERICALLY_EQUAL}


def test_a_gradient_that_drops_the_inverse_is_refuted():
    assert _at(POSTERIOR.replace(r"- \mathbf{S}_N^{-1}\mathbf{w}$$", r"- \mathbf{S}_N\mathbf{w}$$"))[4] == {Verdict.REFUTED}


SHAPE_TABULAR = r"""\documentclass{article}
\begin{document}
\begin{tabular}{lll}
symbol & shape & meaning\\\hline
$X$ & $n\times d$ & inputs, one example per row\\
$W$ & $d\times c$ & weights\\
$Y$ & $n\times c$ & one-hot labels\\
\end{tabular}

Forward: $Z = XW$, $P=\mathrm{softmax}(Z)$ row-wise, $\mathcal L=-\frac1n\sum_{i=1}^n\sum_{j=1}^c Y_{ij}\log P_{ij}$.
\begin{align}
\frac{\partial\mathcal L}{\partial W} &= \tfrac1n X^\top(P-Y)
\end{align}
\end{document}
"""


def test_a_latex_tabular_of_shapes_and_one_hot_labels_declares_them():
    """Undeclared, Y was any matrix and the sizes unrelated: the gradient was refuted."""
    assert _at(SHAPE_TABULAR, "tex")[12] == {Verdict.PROVED}


def test_a_wrong_gradient_below_a_tabular_of_shapes_is_refuted():
    assert _at(SHAPE_TABULAR.replace(r"\tfrac1n X^\top(P-Y)", r"\tfrac1n X^\top(Y-P)"), "tex")[12] == {Verdict.REFUTED}


PARTS = r"""In every part, $x \in \mathbb{R}^{d}$, $W \in \mathbb{R}^{k \times d}$, $y \in \mathbb{R}^{k}$ and $z = Wx$.

**(a)** Let $y$ be one-hot, $\hat y = \operatorname{softmax}(z)$ and $L = -\sum_{i=1}^{k} y_i \log \hat y_i$.

$$\frac{\partial L}{\partial z} = \hat y - y$$

**(b)** Let $\hat y = \tanh(z)$ and $L = \frac{1}{2}\|\hat y - y\|^2$.

$$\frac{\partial L}{\partial z} = (\hat y - y) \odot (1 - \hat y^2)$$
"""


def test_a_part_that_opens_with_let_after_its_label_gives_names_new_values():
    """Part (b)'s ŷ and L were part (a)'s, and its correct step refuted."""
    assert _at(PARTS)[9] == {Verdict.PROVED}


def test_a_wrong_step_of_a_part_that_redefines_its_names_is_refuted():
    assert _at(PARTS.replace(r"\odot (1 - \hat y^2)$$", r"\odot \hat y$$"))[9] == {Verdict.REFUTED}


TWO_EXERCISES = r"""**Exercise 1.** Let $x \in \mathbb{R}^{d}$, $W \in \mathbb{R}^{k \times d}$, $y \in \mathbb{R}^{k}$ one-hot, $p = \operatorname{softmax}(Wx)$ and $L = -y^\top \log p$.

$$\frac{\partial L}{\partial W} = (p - y)x^\top$$

**Exercise 2.** Let $x \in \mathbb{R}^{1 \times d}$, $W \in \mathbb{R}^{d \times k}$, $y \in \mathbb{R}^{1 \times k}$ one-hot, $p = \operatorname{softmax}(xW)$ and $L = -\log(p y^\top)$.

$$\frac{\partial L}{\partial W} = x^\top(p - y)$$
"""


def test_a_step_about_names_declared_again_with_other_shapes_is_not_refuted():
    """The second exercise's row vectors were read with the first one's shapes."""
    steps = _at(TWO_EXERCISES)
    assert steps[3] == {Verdict.PROVED} and steps[7] == {Verdict.UNDECIDED}


def test_a_wrong_step_before_the_second_declaration_is_still_refuted():
    assert _at(TWO_EXERCISES.replace("= (p - y)x^\\top$$", "= (y - p)x^\\top$$"))[3] == {Verdict.REFUTED}


AT_ZERO = r"""Let $X\in\mathbb R^{n\times p}$, $y\in\{0,1\}^n$, $w\in\mathbb R^p$, $p = \sigma(Xw)$ entrywise, and
$J(w) = -\sum_{i=1}^n[y_i\log p_i + (1-y_i)\log(1-p_i)]$.

{said}

$$ \nabla J = X^\top\left(\tfrac12\mathbf 1 - y\right) $$
"""


def test_what_a_case_makes_of_every_entry_does_not_end_the_case():
    """"every $p_i = \\frac12$" is what w = 0 gives, not "for every w": the case held, and the step was refuted."""
    assert _at(AT_ZERO.replace("{said}", "When $w = 0$, every $p_i = \\frac12$, so"))[6] == {Verdict.UNDECIDED}


def test_the_gradient_at_zero_said_of_every_point_is_refuted():
    assert _at(AT_ZERO.replace("{said}", "For every $w$,"))[6] == {Verdict.REFUTED}


ALIGN = r"""\documentclass{article}
\begin{document}
Let $a, b\in\mathbb{R}$.
\begin{align*}
{rows}
\end{align*}
\end{document}
"""


@pytest.mark.parametrize("rows", [r"(a+b)^2 &= a^2 \\ &\phantom{=} + 2ab + b^2",
                                  r"(a+b)^2 &= a^2 \\ &\qquad {}+ 2ab + b^2",
                                  "(a+b)^2 &= a^2+2ab+b^2\n\\intertext{and hence}\n(a+b)^2 - 2ab &= a^2+b^2"])
def test_invisible_spacing_and_intertext_keep_the_rows_of_an_align_as_written(rows):
    """A phantom "=", an empty group before "+", and an \\intertext with no "\\\\" before it had joined rows into
    false steps."""
    found = _at(ALIGN.replace("{rows}", rows), "tex")
    assert found and all(verdicts == {Verdict.PROVED} for verdicts in found.values())


def test_a_wrong_row_after_a_phantom_is_refuted():
    text = ALIGN.replace("{rows}", r"(a+b)^2 &= a^2 \\ &\phantom{=} + ab + b^2")
    assert Verdict.REFUTED in _at(text, "tex")[5]


CS229_BOLD = r"""Let $\mathbf x^{(i)}\in\mathbb R^{n}$, $y^{(i)}\in\{0,1\}$ and $h_{\boldsymbol\theta}(\mathbf x)=g(\boldsymbol\theta^{T}\mathbf x)$, where $g(z)=\dfrac{1}{1+e^{-z}}$.

$$J(\boldsymbol\theta)=-\frac{1}{m}\sum_{i=1}^{m}\Big[y^{(i)}\log h_{\boldsymbol\theta}(\mathbf x^{(i)})+\big(1-y^{(i)}\big)\log\big(1-h_{\boldsymbol\theta}(\mathbf x^{(i)})\big)\Big].$$

$$\nabla_{\boldsymbol\theta}J=\frac1m\sum_{i=1}^{m}\big(h_{\boldsymbol\theta}(\mathbf x^{(i)}) - y^{(i)}\big)\mathbf x^{(i)}$$
"""


def test_a_hypothesis_subscripted_by_a_bold_parameter_is_a_function():
    """h_{\\boldsymbol\\theta}(\\mathbf x) was a free number h_θ times x."""
    assert _at(CS229_BOLD)[5] == {Verdict.PROVED}


def test_a_wrong_gradient_of_a_bold_hypothesis_is_refuted():
    assert _at(CS229_BOLD.replace(r"\big(h_{\boldsymbol\theta}(\mathbf x^{(i)}) - y^{(i)}\big)\mathbf x^{(i)}$$",
                                  r"\big(y^{(i)} - h_{\boldsymbol\theta}(\mathbf x^{(i)})\big)\mathbf x^{(i)}$$"))[5] \
        == {Verdict.REFUTED}


def test_numpy_shapes_said_in_portuguese_are_declarations():
    text = NUMPY_POST.replace("{shape}", "of shape `(D, C)`").replace("of shape", "de formato")
    assert _at(text)[6] == {Verdict.PROVED}


TWO_FUNCTIONS = r"""**(a)** Let $u\in\mathbb{R}^k$, $y\in\{0,1\}^k$ one-hot, $q=\operatorname{softmax}(u)$ and $f(u)=-\sum_{j=1}^k y_j\log q_j$.

**(b)** In this part $f$ is a different function: $f(u) = \frac12\lVert u - y\rVert^2$ with $u=Ax$, $A\in\mathbb{R}^{k\times m}$.

$$\nabla_x f = A^\top(Ax - y)$$
"""


def test_a_function_given_another_value_in_a_later_part_takes_it():
    assert _at(TWO_FUNCTIONS)[5] == {Verdict.PROVED}


def test_a_wrong_step_about_the_later_function_is_refuted():
    assert _at(TWO_FUNCTIONS.replace(r"A^\top(Ax - y)$$", r"A^\top(Ax + y)$$"))[5] == {Verdict.REFUTED}


KINKS = {
    "hinge": (r"""Let $w, x\in\mathbb{R}^d$, $y\in\mathbb R$ and $L = \max(0, 1 - y\,w^\top x)$. {said}
$$\nabla_wL = {gradient}$$
""", "When the margin is violated:", r"-y\,x", r"y\,x"),
    "relu unit": (r"""Let $w, x\in\mathbb{R}^d$, $t\in\mathbb R$, $a = \max(0, w^\top x)$ and $L = \frac12(a - t)^2$. {said}
$$\nabla_wL = {gradient}$$
""", "For an active unit:", r"(w^\top x - t)\,x", r"(w^\top x + t)\,x"),
    "absolute error": (r"""Let $w, x\in\mathbb{R}^d$, $y\in\mathbb R$ and $L = |y - w^\top x|$. {said}
$$\nabla_wL = {gradient}$$
""", "For a point above the fitted line,", r"-x", r"-2x"),
}


@pytest.mark.parametrize("name", KINKS)
def test_a_step_said_in_words_of_one_side_of_a_kink_is_not_refuted(name):
    text, said, gradient, _ = KINKS[name]
    assert _at(text.replace("{said}", said).replace("{gradient}", gradient))[2] == {Verdict.UNDECIDED}


@pytest.mark.parametrize("name", KINKS)
def test_a_step_wrong_on_both_sides_of_the_kink_is_refuted(name):
    text, said, _, wrong = KINKS[name]
    assert _at(text.replace("{said}", said).replace("{gradient}", wrong))[2] == {Verdict.REFUTED}


@pytest.mark.parametrize("reason", [r",\quad\text{since}\ y_o = 1", r", \text{ because } y_o = 1"])
def test_a_reason_after_a_claim_in_its_display_is_no_claim(reason):
    text = r"""Let $v_c\in\mathbb R^d$, $U\in\mathbb R^{d\times V}$ with columns $u_w$, $\hat y = \operatorname{softmax}(U^\top v_c)$ and $y\in\{0,1\}^V$ the one-hot vector of the outside word $o$. The loss is $J = -\sum_{w=1}^V y_w\log\hat y_w$.

$$\frac{\partial J}{\partial u_o} = (\hat y_o - 1)\,v_c{reason}$$
"""
    assert _at(text.replace("{reason}", reason))[3] == {Verdict.PROVED}


def test_a_reason_between_wide_spaces_is_no_claim():
    text = ALIGN.replace("{rows}", r"(a+b)^2 &= a^2+2ab+b^2 \quad \text{as}\quad c = 1").replace(
        r"Let $a, b\in\mathbb{R}$.", r"Let $a, b, c\in\mathbb{R}$ with $c = 1$.")
    assert _at(text, "tex")[5] == {Verdict.PROVED}


def test_a_declared_matrix_given_a_value_in_its_size_is_that_value_not_a_factorisation():
    """The n of I_n − 𝟏𝟏ᵀ/n is a size, not an undeclared factor: H was read as a free matrix, and the centring
    matrix's idempotence refuted."""
    text = r"""Let $X\in\mathbb R^{n\times p}$ and $H = I_n - \frac1n\mathbf 1\mathbf 1^T\in\mathbb{R}^{n\times n}$.

$$H^THX = {right}$$
"""
    assert _at(text.replace("{right}", "HX"))[3] == {Verdict.PROVED}
    assert _at(text.replace("{right}", "2HX"))[3] == {Verdict.REFUTED}


@pytest.mark.parametrize("rows", [r"(a+b)^2 &= a^2 \\ &\hspace{1em} + 2ab + b^2",
                                  r"(a+b)^2 &= a^2 \\ &\kern2em + 2ab + b^2",
                                  r"(a+b)^2 &= a^2 \\ &\mathrel{\hphantom{=}} + 2ab + b^2",
                                  r"(a+b)^2 &= a^2+2ab+b^2 & (a-b)^2 &= a^2-2ab+b^2"])
def test_spacing_commands_and_equations_side_by_side_keep_an_align_as_written(rows):
    """Two equations in one row of an align, parted by the & of the next pair of columns, had been read as one
    product; a row spaced by \\hspace or \\kern had lost its continuation."""
    found = _at(ALIGN.replace("{rows}", rows), "tex")
    assert found and all(verdicts == {Verdict.PROVED} for verdicts in found.values())


def test_a_wrong_equation_beside_another_in_an_align_row_is_refuted():
    found = _at(ALIGN.replace("{rows}", r"(a+b)^2 &= a^2+2ab+b^2 & (a-b)^2 &= a^2-ab+b^2"), "tex")
    assert found[5] == {Verdict.PROVED, Verdict.REFUTED}


@pytest.mark.parametrize("said", ["codage 1 parmi K", "codage disjonctif complet", "1-aus-K-Kodierung", "унитарный код"])
def test_one_hot_said_in_other_languages_makes_the_label_one_hot(said):
    text = r"""Soit $z\in\mathbb R^K$, $p=\operatorname{softmax}(z)$, $y\in\mathbb R^K$ en {said} et $L=-\sum_{k=1}^K y_k\log p_k$.

$$\frac{\partial L}{\partial z} = p - y$$
"""
    assert _at(text.replace("{said}", said))[3] == {Verdict.PROVED}


@pytest.mark.parametrize("shaped", ["`X` is shaped `(N, D)`, `W` is shaped `(D, C)` and the one-hot labels `Y` are "
                                    "shaped `(N, C)`.",
                                    "`X.shape == (N, D)`, `W.shape == (D, C)`, one-hot labels `Y: (N, C)`."])
def test_numpy_shapes_in_other_phrasings_are_declarations(shaped):
    text = shaped + r""" Scores: $S = XW$, probabilities $P = \mathrm{softmax}(S)$ row-wise.

$$ L = -\frac{1}{N}\sum_{i}\sum_{j} Y_{ij}\log P_{ij} $$

$$ \frac{\partial L}{\partial S} = \frac{P - Y}{N} $$
"""
    assert _at(text)[5] == {Verdict.PROVED}


@pytest.mark.parametrize("said", ["when $y\\,w^\\top x < 1$,", "and for a misclassified example"])
def test_a_case_after_the_loss_display_continuing_its_sentence_is_not_refuted(said):
    text = r"""Let $w, x\in\mathbb{R}^d$ and $y\in\{-1, +1\}$. The hinge loss is
$$L = \max(0, 1 - y\,w^\top x)$$
{said}
$$\nabla_wL = -y\,x$$
"""
    assert _at(text.replace("{said}", said))[4] == {Verdict.UNDECIDED}


CODE_NAMES = r"""`dX` always means $\partial\mathcal L / \partial X$ and has the shape of `X`.

- `X: (m, d)`, `W1: (d, h)`

$$A = XW_1, \quad H = \max(0, A), \quad \mathcal L = \frac12\lVert H\rVert_F^2$$

$$dA = H \odot \mathbb{1}[A > 0]$$

$$dX = {right}$$
"""


def test_a_lost_transpose_is_refuted_where_code_names_are_said_to_have_their_variables_shape():
    """Declared d × h by `W1: (d, h)`, dA W_1 does not fit and was read as a convention."""
    assert _at(CODE_NAMES.replace("{right}", r"dA\,W_1^\top"))[9] == {Verdict.PROVED}
    assert _at(CODE_NAMES.replace("{right}", r"dA\,W_1"))[9] == {Verdict.REFUTED}


def test_a_matrix_said_symmetric_several_words_before_its_name_is_symmetric():
    """"a symmetric positive definite precision $P$": P was drawn free, and the gradient of a quadratic form in
    it refuted."""
    text = r"""Let $x, m\in\mathbb{R}^D$ and a symmetric positive definite precision $P\in\mathbb R^{D\times D}$, with
$\mathcal{L}(m) = \frac12(x - m)^\top P(x - m)$.

$$\frac{\partial\mathcal L}{\partial m} = {right}$$
"""
    assert _at(text.replace("{right}", "-P(x - m)"))[4] == {Verdict.PROVED}
    assert _at(text.replace("{right}", "P(x - m)"))[4] == {Verdict.REFUTED}


EXAM_PARTS = r"""**(a)** Let $z = w^\top x$ with $w, x\in\mathbb{R}^n$, $y\in\mathbb R$ and $L = \frac12(z - y)^2$.

$$\frac{\partial L}{\partial w} = (z - y)\,x$$

**(b)** Now $x\in\mathbb R^m$ is a hidden pre-activation and $a = \tanh(x)$. The output is $z = v^\top a$ with $v\in\mathbb R^m$, and the loss is $L = \tfrac12(z-y)^2$.

$$\frac{\partial L}{\partial x} = {right}$$
"""


def test_a_name_given_a_value_in_prose_in_a_later_part_takes_it():
    assert _at(EXAM_PARTS.replace("{right}", r"(z-y)\,\big(v\odot(1-a\odot a)\big)"))[7] == {Verdict.PROVED}
    wrong = _at(EXAM_PARTS.replace("{right}", r"(z-y)\,\big(v\odot a\big)"))[7]
    assert Verdict.PROVED not in wrong  # undecided: z had another value before, under which it is not shown false


def test_a_word_of_structure_after_a_declaration_is_said_of_it_not_of_the_name_after_und():
    """"Sei $A$ … symmetrisch und $x$ …": the words that may stand between a structure and its name are no
    conjunction, so A stays symmetric."""
    text = r"""Sei $A\in\mathbb{R}^{n\times n}$ symmetrisch und $x\in\mathbb R^n$, $x\neq0$, und $\rho(x) = \frac{x^\top A x}{x^\top x}$.

$$\nabla\rho(x) = {right}$$
"""
    assert _at(text.replace("{right}", r"\frac{2}{x^\top x}\left(Ax - \rho(x)\,x\right)"))[3] == {Verdict.PROVED}
    assert _at(text.replace("{right}", r"\frac{1}{x^\top x}\left(Ax - \rho(x)\,x\right)"))[3] == {Verdict.REFUTED}


LISTED = r"""Data: $x^{(i)} \in \mathbb{R}^{n}$ and $y^{(i)} \in \{1, \dots, k\}$ for $i = 1, \dots, m$. Parameters
$\theta_1, \dots, \theta_k \in \mathbb{R}^{n}$.

$$J(\theta) = -\frac{1}{m}\sum_{i=1}^{m}\sum_{j=1}^{k} 1\{y^{(i)} = j\}\log\frac{e^{\theta_j^T x^{(i)}}}{\sum_{l=1}^{k} e^{\theta_l^T x^{(i)}}}$$

With $p^{(i)}_j = e^{\theta_j^T x^{(i)}} / \sum_{l=1}^{k} e^{\theta_l^T x^{(i)}}$,

$$\nabla_{\theta_j} J(\theta) = \frac{1}{m}\sum_{i=1}^{m} \left(p^{(i)}_j - 1\{y^{(i)} = j\}\right) x^{(i)}$$
"""


def test_vectors_listed_one_to_k_are_the_columns_of_their_matrix():
    """θ_1, …, θ_k ∈ ℝ^n with no θ declared: θ_j is the j-th of k vectors, not an entry of a vector θ."""
    assert _at(LISTED) == {8: {Verdict.PROVED}}
    wrong = LISTED.replace(r"\left(p^{(i)}_j - 1\{y^{(i)} = j\}\right)", r"\left(1\{y^{(i)} = j\} - p^{(i)}_j\right)")
    assert _at(wrong) == {8: {Verdict.REFUTED}}


COLON_SHAPES = r"""Shapes: $X:(m, d)$, $W:(d, c)$, $Y:(m,c)$ one-hot, $\hat Y = \operatorname{softmax}(XW)$,
$L = -\frac1m\sum_{i=1}^m\sum_{j=1}^c Y_{ij}\log\hat Y_{ij}$.

$$\frac{\partial L}{\partial W} = \frac1m X^\top(\hat Y - Y)$$
"""


def test_a_shape_written_as_a_tuple_after_a_colon_in_math_is_a_declaration():
    """$Y:(m,c)$ one-hot: Y was a guess of this reader's, drawn with any entries, and the gradient refuted."""
    assert _at(COLON_SHAPES) == {4: {Verdict.PROVED}}
    assert _at(COLON_SHAPES.replace(r"= \frac1m X^\top", r"= X^\top")) == {4: {Verdict.REFUTED}}


ENTRIES_NAMED = r"""$X = (x_{ij}) \in \mathbb{R}^{n\times p}$, $y\in\mathbb{R}^n$, $\beta\in\mathbb{R}^p$.

$$F(\beta) = \frac12\sum_{i=1}^n\Big(y_i - \sum_{k=1}^p x_{ik}\beta_k\Big)^2$$

$$\nabla F(\beta) = X^\top(X\beta - y)$$
"""


def test_the_entries_a_declared_matrix_is_written_by_are_its_entries():
    """X = (x_{ij}): x_{ik} is X's entry, not one of a matrix x of its own drawn apart from X."""
    assert _at(ENTRIES_NAMED) == {5: {Verdict.PROVED}}
    assert _at(ENTRIES_NAMED.replace(r"X^\top(X\beta - y)", r"X^\top(y - X\beta)")) == {5: {Verdict.REFUTED}}


RELU_MASK = r"""$x\in\mathbb R^{d}$, $W_1\in\mathbb R^{h\times d}$, $b_1\in\mathbb R^{h}$, $W_2\in\mathbb R^{c\times h}$,
one-hot $y\in\mathbb R^{c}$, $z_1 = W_1x+b_1$, $h = \mathrm{ReLU}(z_1)$, $L = -y^\top\log\mathrm{softmax}(W_2h)$.

$$\frac{\partial L}{\partial z_1} = W_2^\top(\mathrm{softmax}(W_2h) - y)\odot\mathbb 1[MASK]$$
"""


@pytest.mark.parametrize("mask", ["h > 0", "z_1 > 0", r"z_1 \ge 0"])
def test_a_relu_mask_on_its_output_or_input_holds(mask):
    assert Verdict.REFUTED not in _at(RELU_MASK.replace("MASK", mask))[4]


@pytest.mark.parametrize("mask", [r"h \ge 0", r"h \geq 0", r"h \le 0"])
def test_a_relu_mask_that_is_one_where_the_unit_is_off_is_refuted(mask):
    """𝟙[h ≥ 0] of h = ReLU(z) is 1 everywhere: ≥ and > differ on a whole region where the argument is the
    ReLU's output. It was equal in numbers: the points drawn avoided every place where h = 0."""
    assert _at(RELU_MASK.replace("MASK", mask)) == {4: {Verdict.REFUTED}}


def test_a_product_that_repeats_an_index_under_einstein_summation_is_undecided():
    """Under "repeated indices are summed", a_j(1 − a_j²)W_{ij} is a sum this reader does not do: it had read j
    as one free index and proved a wrong step (a_j for a_i)."""
    text = (r"Repeated indices are summed. $u_i = W_{ij}x_j$, $a_i = \tanh(u_i)$, $L = \tfrac12 a_ia_i$, with "
            r"$W\in\mathbb{R}^{m\times n}$ and $x\in\mathbb{R}^n$." "\n\n"
            r"$$\frac{\partial L}{\partial x_j} = a_j(1-a_j^2)W_{ij}$$" "\n")
    assert _at(text) == {3: {Verdict.UNDECIDED}}


FORWARD_AS_DECLARED = r"""$x\in\mathbb{R}^{d}$, $W_1\in\mathbb{R}^{h\times d}$, $b_1\in\mathbb{R}^{h}$, $W_2\in\mathbb{R}^{k\times h}$,
$b_2\in\mathbb{R}^{k}$, $y \in \mathbb{R}^k$ one-hot, $z_1 = W_1x+b_1$, $h = \operatorname{ReLU}(z_1)$, $z_2 = W_2h+b_2$,
$\hat y = \operatorname{softmax}(z_2)$, $L = -\sum_i y_i\log\hat y_i$.

$$\frac{\partial L}{\partial h} = W_2^\top(\hat y - y)$$

$$\frac{\partial L}{\partial W_2} = (\hat y - y)h^\top$$
"""


def test_a_product_that_fits_only_transposed_against_the_documents_own_forward_pass_is_refuted():
    """z_2 = W_2 h multiplies W_2 ∈ ℝ^{k×h} as declared: W_2(ŷ − y) fits only read as W_2ᵀ(ŷ − y), which
    goes against the document's own use, no convention. The whole gradient written transposed stays one."""
    assert _at(FORWARD_AS_DECLARED) == {5: {Verdict.PROVED}, 7: {Verdict.PROVED}}
    lost = FORWARD_AS_DECLARED.replace(r"= W_2^\top(\hat y - y)", r"= W_2(\hat y - y)")
    assert _at(lost) == {5: {Verdict.REFUTED}, 7: {Verdict.PROVED}}
    turned = FORWARD_AS_DECLARED.replace(r"= (\hat y - y)h^\top", r"= h(\hat y - y)^\top")
    assert _at(turned) == {5: {Verdict.PROVED}, 7: {Verdict.CONVENTION}}


def test_a_product_that_fits_only_transposed_where_no_definition_uses_the_matrix_is_a_convention():
    """With no definition that multiplies W_2, nothing shows how the author means it: W_2δ read as W_2ᵀδ."""
    text = (r"$W_2\in\mathbb{R}^{k\times h}$, $\delta\in\mathbb{R}^{k}$, $h \in \mathbb{R}^h$." "\n\n"
            r"$$\frac{\partial (\delta^\top W_2 h)}{\partial h} = W_2\delta$$" "\n")
    assert _at(text) == {3: {Verdict.CONVENTION}}


SYMMETRIC_THEN_EXAMPLE = r"""Let $A\in\mathbb R^{p\times p}$ be symmetric, $B\in\mathbb R^{p\times p}$, $b, w\in\mathbb R^p$.
$$L = \tfrac12 w^\top A w - b^\top w$$
Since $A^\top = A$,
$$\nabla_w L = Aw - b$$
For example $A = B + B^\top$.
"""


def test_a_declared_symmetric_matrix_given_a_value_later_stays_symmetric_before_it():
    """"For example $A = B + B^\\top$" after the step made A a defined name, which dropped its symmetry."""
    assert _at(SYMMETRIC_THEN_EXAMPLE) == {4: {Verdict.PROVED}}
    assert _at(SYMMETRIC_THEN_EXAMPLE.replace("= Aw - b$$", "= 2Aw - b$$")) == {4: {Verdict.REFUTED}}


def test_a_primed_name_given_a_value_through_itself_is_an_update():
    """w' = w − η(…): the updated weights, not a claim that wᵀ equals them; the rest of the chain is checked."""
    text = (r"Let $X\in\mathbb R^{n\times p}$, $y\in\mathbb R^n$, $w\in\mathbb R^p$, step $\eta$ and decay $\lambda$."
            "\n" r"$$w' = w - \eta\left(X^\top(Xw - y) + \lambda w\right) = (1 - \eta\lambda)w - \eta X^\top(Xw - y)$$"
            "\n")
    assert _at(text) == {2: {Verdict.PROVED}}
    assert _at(text.replace(r"(1 - \eta\lambda)w", r"(1 + \eta\lambda)w")) == {2: {Verdict.REFUTED}}


NOISE_REPARAMETERISED = r"""Let $x, \varepsilon\in\mathbb R^d$, $A\in\mathbb R^{d\times d}$, $s\in\mathbb{R}$, and $z = x + s\varepsilon$.
$$\mathcal J = \frac12\left\|Az + \frac{z - x}{s^2}\right\|^2$$
With $\rho = Az + \varepsilon/s$:
$$\frac{\partial\mathcal J}{\partial A} = \rho\,z^\top$$
"""


def test_a_name_given_a_value_with_noise_in_it_is_defined():
    """z = x + sε is the reparameterisation, a definition; only data (y = Xβ + ε) is a model of noise."""
    assert _at(NOISE_REPARAMETERISED) == {4: {Verdict.PROVED}}
    assert _at(NOISE_REPARAMETERISED.replace(r"= \rho\,z^\top", r"= z\rho^\top")) == {4: {Verdict.REFUTED}}


def test_an_entry_at_each_examples_own_class_letter_is_undecided():
    text = (r"Each example $i = 1,\dots,m$ has features $x_i\in\mathbb R^d$ and a class $c_i\in\{1,\dots,K\}$; "
            r"$Y\in\mathbb R^{m\times K}$ is the one-hot matrix of these classes, $W\in\mathbb R^{K\times d}$ and $P$ has "
            r"rows $p_i = \operatorname{softmax}(Wx_i)$." "\n"
            r"$$\sum_{i=1}^m\log p_{i,c_i} = \sum_{i=1}^m\sum_{k=1}^K Y_{ik}\log p_{i,k}$$" "\n")
    assert _at(text) == {2: {Verdict.UNDECIDED}}


BATCH_IN_WORDS = r"""Logistic discriminator $D(x) = \sigma(\theta^\top x)$ with $\theta, x, \tilde x\in\mathbb{R}^d$.

$$L_D = -\log\sigma(\theta^\top x) - \log(1 - \sigma(\theta^\top\tilde x)),\qquad \nabla_\theta L_D = -(1-\sigma(\theta^\top x))\,x + \sigma(\theta^\top\tilde x)\,\tilde x .$$

Averaged over a batch of $m$ real samples (rows of $X\in\mathbb R^{m\times d}$) and $m$ fake samples (rows of $\tilde X\in\mathbb R^{m\times d}$), the gradient becomes

$$\nabla_\theta L_D = \frac1m\left(-X^\top(\mathbf 1 - \sigma(X\theta)) + \tilde X^\top\sigma(\tilde X\theta)\right).$$
"""


def test_a_gradient_over_a_batch_said_in_words_after_the_loss_of_one_example_is_undecided():
    found = _at(BATCH_IN_WORDS)
    assert found[3] == {Verdict.PROVED} and found[7] == {Verdict.UNDECIDED}
    wrong = BATCH_IN_WORDS.replace(r"= -(1-\sigma(\theta^\top x))\,x", r"= (1-\sigma(\theta^\top x))\,x")
    assert _at(wrong)[3] == {Verdict.REFUTED}


def test_a_bias_added_to_a_number_is_a_number():
    """f(x) = wᵀx + b: b was guessed a column, and ‖∇ₓf‖² came out twice ‖w‖²."""
    text = (r"$D(x) = \sigma(w^\top x + b)$ with $w, x\in\mathbb{R}^d$, and $f(x) = w^\top x + b$." "\n"
            r"$$R_1 = \frac\gamma2\|\nabla_xf\|^2 = \frac\gamma2\|w\|^2$$" "\n"
            r"$$\nabla_x D = \sigma(f(x))(1 - \sigma(f(x)))\,w$$" "\n")
    assert _at(text) == {2: {Verdict.PROVED}, 3: {Verdict.PROVED}}
    assert _at(text.replace(r"= \frac\gamma2\|w\|^2", r"= \gamma\|w\|^2"))[2] == {Verdict.REFUTED}


def test_an_equals_sign_after_words_goes_on_from_no_maths_of_another_sentence():
    """`dW` $= ∂L/∂W = …$: the code name is no maths, and the "=" is not glued to an earlier $W$."""
    text = (r"$X\in\mathbb{R}^{N\times D}$, $W\in\mathbb{R}^{D\times C}$, $Y\in\mathbb R^{N\times C}$ one-hot, "
            r"$P = \mathrm{softmax}(XW)$, $L = -\frac1N\sum_{n=1}^N\sum_{c=1}^CY_{nc}\log P_{nc}$." "\n\n"
            "The code variable `W` holds $W$.\n\n"
            r"`dW` $=\frac{\partial L}{\partial W} = \frac{1}{N}X^T(P-Y)$" "\n")
    assert _at(text) == {5: {Verdict.PROVED}}
    assert _at(text.replace(r"\frac{1}{N}X^T(P-Y)", r"X^T(P-Y)")) == {5: {Verdict.REFUTED}}


EXPANDED_WITH_AN_ASIDE = r"""$X\in\mathbb R^{m\times n}$, $y\in\mathbb{R}^m$, $\theta\in\mathbb{R}^{n}$.

$$J(\theta) = \frac{1}{2m}(X\theta - y)^T(X\theta - y)$$

Expanding, with $\theta^TX^Ty = y^TX\theta$:
$$= \frac{1}{2m}\left(\theta^TX^TX\theta - 2\theta^TX^Ty + y^Ty\right)$$
"""


def test_a_display_that_opens_with_equals_after_an_aside_goes_on_from_the_display_before():
    assert _at(EXPANDED_WITH_AN_ASIDE) == {6: {Verdict.PROVED}}
    wrong = EXPANDED_WITH_AN_ASIDE.replace(r"- 2\theta^TX^Ty", r"- \theta^TX^Ty")
    assert _at(wrong)[6] == {Verdict.REFUTED}


def test_a_worked_examples_numbers_are_no_claim():
    text = (r"$X\in\mathbb{R}^{3\times 2}$, $y\in\mathbb{R}^3$." "\n\n"
            r"$$X = \begin{bmatrix}1 & 1\\ 1 & 2\\ 1 & 3\end{bmatrix}, \qquad y = \begin{bmatrix}1\\ 2\\ 2\end{bmatrix}$$"
            "\n")
    assert _at(text) == {}


def test_a_constants_value_said_in_prose_is_taken():
    text = (r"$X\in\mathbb{R}^{m\times n}$, $y\in\mathbb{R}^m$, $w\in\mathbb{R}^n$, $\lambda>0$, "
            r"$f(w) = \frac12\|Xw - y\|^2 + \frac\lambda2\|w\|^2$." "\n\n"
            r"In the experiments we use $\lambda = 0.1$, so" "\n" r"$$\nabla f(w) = X^T(Xw - y) + 0.1w$$" "\n")
    assert _at(text) == {4: {Verdict.PROVED}}
    assert _at(text.replace("+ 0.1w$$", "+ 0.2w$$")) == {4: {Verdict.REFUTED}}


def test_a_step_at_a_point_the_text_names_is_under_that_case():
    text = (r"$X\in\mathbb{R}^{3\times 2}$, $y\in\mathbb{R}^3$, $\theta\in\mathbb{R}^2$, "
            r"$J(\theta) = \frac12\|X\theta - y\|^2$." "\n\n" r"At $\theta = 0$ we get $\nabla J = -X^Ty$." "\n")
    assert _at(text) == {3: {Verdict.UNDECIDED}}


def test_the_identity_is_the_identity_where_i_also_counts_the_inputs():
    text = (r"$X\in\mathbb{R}^{N\times I}$ ($I$ input features), $y\in\mathbb{R}^N$, $w\in\mathbb{R}^I$, $\lambda>0$, "
            r"$f(w) = \frac12\|Xw - y\|^2 + \frac\lambda2\|w\|^2$." "\n\n"
            r"$$\nabla f(w) = (X^TX + \lambda I)w - X^Ty$$" "\n" r"$$\nabla^2 f(w) = X^TX + \lambda I$$" "\n")
    assert _at(text) == {3: {Verdict.PROVED}, 4: {Verdict.PROVED}}
    assert _at(text.replace(r"= X^TX + \lambda I$$", r"= X^TX + 2\lambda I$$"))[4] == {Verdict.REFUTED}


def test_the_differential_of_a_gradient_beside_a_size_d_is_no_product():
    text = (r"$X\in\mathbb{R}^{n\times d}$, $y\in\mathbb{R}^n$, $w\in\mathbb{R}^d$, $J(w) = \frac{1}{2}\|Xw - y\|^2$."
            "\n\n" r"$dJ = (Xw - y)^T X\,dw$, so $\nabla J(w) = X^T(Xw - y)$." "\n\n"
            r"The Hessian: $d(\nabla J) = X^TX\,dw$." "\n")
    assert _at(text)[5] == {Verdict.UNPARSED}


STATIONARY = r"""$X$ is $m\times n$, $y\in\mathbb R^m$, $\theta \in\mathbb R^n$, $J(\theta) = \tfrac12 (X\theta - y)^T(X\theta - y)$.

Setting the gradient to zero gives

$$\theta = (X^TX)^{-1}X^Ty$$
"""


def test_a_value_of_the_loss_variable_is_checked_as_a_stationary_point():
    holds = _at(STATIONARY)[5]  # equal in numbers where a loaded machine cuts the exact simplification short
    assert holds and holds <= {Verdict.PROVED, Verdict.NUMERICALLY_EQUAL}
    assert _at(STATIONARY.replace("= (X^TX)", "= 2(X^TX)")) == {5: {Verdict.REFUTED}}


def test_a_starred_solution_is_checked_as_a_stationary_point_of_the_loss():
    """w^* = (XᵀX + λI)⁻¹Xᵀy: a name of its own for the loss's variable at a point; it was unparsed."""
    text = (r"Let $X \in \mathbb{R}^{n \times d}$, $y \in \mathbb{R}^n$, $w \in \mathbb{R}^d$, $\lambda > 0$ and "
            r"$J(w) = \|Xw - y\|^2 + \lambda\|w\|^2$. Setting the gradient to zero, the minimiser is" "\n\n"
            r"$$w^* = (X^T X + \lambda I)^{-1}X^T y$$" "\n")
    holds = _at(text)[3]
    assert holds and holds <= {Verdict.PROVED, Verdict.NUMERICALLY_EQUAL}
    assert _at(text.replace(r"+ \lambda I)", r"+ 2\lambda I)")) == {3: {Verdict.REFUTED}}


def test_a_step_between_numbers_holds_to_the_decimals_written():
    """tanh(0.5) − 1 = 0.4621 − 1: true to the four decimals a student writes, not to thirty."""
    text = r"Let $a = \tanh(0.5)$ and $L = \frac12(a - 1)^2$." "\n\n" \
        r"$$\frac{\partial L}{\partial a} = a - 1 = 0.4621 - 1 = -0.5379$$" "\n"
    assert Verdict.REFUTED not in _at(text)[3]
    assert Verdict.REFUTED in _at(text.replace("0.4621 - 1", "0.4721 - 1"))[3]


BOXED = r"""$x\in\mathbb{R}^d$, $W\in\mathbb{R}^{k\times d}$, $b\in\mathbb R^k$, $t\in\mathbb{R}^k$; $a = \tanh(Wx + b)$, $L = \frac{1}{2}\|a - t\|^2$.

$$\boxed{\frac{\partial L}{\partial W} = \left[(a - t)\odot(1 - a\odot a)\right]x^T}$$
"""


def test_a_boxed_answer_is_checked_like_any_other():
    assert _at(BOXED) == {3: {Verdict.PROVED}}
    assert _at(BOXED.replace(r"(1 - a\odot a)", r"(1 + a\odot a)")) == {3: {Verdict.REFUTED}}


def test_an_inline_gradient_in_prose_is_a_claim():
    text = (r"Scores $z\in\mathbb{R}^3$, $p = \mathrm{softmax}(z)$, one-hot label $y\in\mathbb{R}^3$, $L = -y^T\log p$."
            "\n\n" r"Then $\nabla_z L = p - y$." "\n")
    assert _at(text) == {3: {Verdict.PROVED}}
    assert _at(text.replace("= p - y$", "= y - p$")) == {3: {Verdict.REFUTED}}


def test_a_gradient_set_to_zero_inline_is_a_condition_not_a_claim():
    text = (r"Let $X\in\mathbb R^{n\times d}$, $y\in\mathbb R^n$, $w\in\mathbb R^d$ and $L(w) = \frac12\|Xw - y\|^2$." "\n"
            r"$$\nabla_w L = X^\top(Xw - y)$$" "\n"
            r"and $\nabla_w L = 0$ gives $w^\ast = (X^\top X)^{-1}X^\top y$." "\n")
    found = _at(text)
    assert found[2] == {Verdict.PROVED} and Verdict.REFUTED not in found.get(3, set())


def test_a_function_whose_value_is_unread_is_no_product():
    """f(x) = aᵀ\\relu(Wx) with \\relu a macro this reader does not know: f(x) is not f times x."""
    text = (r"One input $x\in\mathbb{R}^{d}$, $W\in\mathbb{R}^{m\times d}$, $a\in\mathbb{R}^{m}$, $y \in \mathbb{R}$." "\n"
            r"$$ f(x) = a^\top \relu(Wx), \qquad \ell = \tfrac12\,(f(x)-y)^2 . $$" "\n"
            r"Then $\partial\ell/\partial f = f(x)-y$." "\n")
    assert Verdict.REFUTED not in {v for vs in _at(text).values() for v in vs}


def test_a_case_in_words_on_a_step_past_two_kinks_is_undecided():
    """"When only the real hinge is active": one hinge on each side, which this reader cannot impose."""
    text = (r"Linear critic $D(x) = w^\top x$, $w\in\mathbb{R}^d$; real $x$ and fake $\tilde x$ in $\mathbb{R}^d$." "\n\n"
            r"$$L_D = \max(0, 1 - w^\top x) + \max(0, 1 + w^\top\tilde x)$$" "\n\n"
            r"When only the real hinge is active: $\nabla_wL_D = -x$." "\n")
    assert _at(text) == {5: {Verdict.UNDECIDED}}
