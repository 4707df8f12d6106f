"""How a solution shows that a loss is convex and steps an iterate: a Hessian's quadratic form vᵀHv
with v bound in prose ("for any nonzero $v$", "for $\\mathbf{u} \\neq \\mathbf{0}$", "para todo $z$"),
the square root of a diagonal matrix of weights, S^{1/2}, a listing of the examples' values,
diag(g^{(1)}(1 − g^{(1)}), …, g^{(n)}(1 − g^{(n)})), a loss written at a point that is not its
variable, and a step of gradient descent or Newton's method, w_{t+1} = w_t − η∇L(w_t), w^{(k+1)} =
w^{(k)} − (∇²L(w^{(k)}))⁻¹∇L(w^{(k)}). Each correct step is proved, never refuted; a planted error is
refuted at its line."""
from checks.verdict import Verdict
from tests.document_steps import verdicts_at as _at

CONVEXITY = r"""# Problem 2(c): the penalised logistic loss is strictly convex

The design matrix $X \in \mathbb{R}^{n \times d}$ has rows $x_i^\top$, the labels are $y \in \{0, 1\}^n$
and $w \in \mathbb{R}^d$. Write $p_i = \sigma(x_i^\top w)$ and

$$J(w) = -\sum_{i=1}^n \big(y_i \log p_i + (1 - y_i) \log(1 - p_i)\big) + \frac{\lambda}{2}\|w\|_2^2 .$$

Differentiating twice,

$$\nabla^2 J(w) = \sum_{i=1}^n p_i (1 - p_i)\, x_i x_i^\top + \lambda I .$$

Hence for any nonzero $v$

$$v^\top \nabla^2 J(w)\, v = \sum_{i=1}^n p_i (1 - p_i)\,(x_i^\top v)^2 + \lambda \|v\|_2^2 > 0 .$$

In matrix form, with $S = \operatorname{diag}\big(p_1(1 - p_1), \dots, p_n(1 - p_n)\big)$, and for $u \neq 0$,

$$u^\top (X^\top S X + \lambda I)\, u = \|S^{1/2} X u\|_2^2 + \lambda \|u\|_2^2 .$$
"""


def test_a_quadratic_form_in_a_vector_bound_by_for_any_and_a_diagonals_square_root():
    assert _at(CONVEXITY) == {line: {Verdict.PROVED} for line in (10, 14, 18)}
    assert _at(CONVEXITY.replace(r"+ \lambda \|v\|_2^2 > 0", r"+ 2\lambda \|v\|_2^2 > 0"))[14] == {Verdict.REFUTED}
    assert _at(CONVEXITY.replace(r"\|S^{1/2} X u\|_2^2", r"\|S X u\|_2^2"))[18] == {Verdict.REFUTED}


def test_the_bound_vector_may_be_written_bold_in_another_language_or_after_forall():
    spanish = CONVEXITY.replace("Hence for any nonzero $v$", r"Luego, para todo $\mathbf{v} \neq \mathbf{0}$") \
        .replace(r"v^\top \nabla^2 J(w)\, v", r"\mathbf{v}^\top \nabla^2 J(w)\, \mathbf{v}") \
        .replace(r"(x_i^\top v)^2 + \lambda \|v\|_2^2", r"(x_i^\top \mathbf{v})^2 + \lambda \|\mathbf{v}\|_2^2")
    assert _at(spanish)[14] == {Verdict.PROVED}
    assert _at(CONVEXITY.replace("for $u \\neq 0$", r"$\forall u \ne 0$"))[18] == {Verdict.PROVED}


def test_a_vector_no_quantifier_binds_or_that_a_condition_binds_stays_unread():
    """Values a condition limits ("such that $Xv \\neq 0$", "orthogonal to $w$") are not any values."""
    unbound = CONVEXITY.replace("Hence for any nonzero $v$", "Hence").replace("and for $u \\neq 0$", "and")
    found = _at(unbound)
    assert found[14] == found[18] == {Verdict.UNPARSED}
    conditioned = CONVEXITY.replace("for any nonzero $v$", "for any $v$ such that $Xv \\neq 0$") \
        .replace("for $u \\neq 0$", "for all $u$ orthogonal to $w$")
    found = _at(conditioned)
    assert found[14] == found[18] == {Verdict.UNPARSED}


NEWTON = r"""With $X \in \mathbb{R}^{n \times d}$ whose rows are ${x^{(i)}}^\top$, $g^{(i)} = \sigma(\theta^\top x^{(i)})$
labels $y^{(i)} \in \{0, 1\}$ and $\theta \in \mathbb{R}^d$, the loss is

$$J(\theta) = -\frac{1}{n}\sum_{i=1}^n \left(y^{(i)} \log g^{(i)} + (1 - y^{(i)}) \log(1 - g^{(i)})\right),$$

where $S$ is the diagonal matrix

$$S = \operatorname{diag}\left(g^{(1)}(1 - g^{(1)}), \dots, g^{(n)}(1 - g^{(n)})\right).$$

$$\nabla^2_\theta J = \frac{1}{n}\sum_{i=1}^{n} g^{(i)}\left(1 - g^{(i)}\right)x^{(i)}{x^{(i)}}^\top = \frac{1}{n} X^\top S X$$

$$\frac{1}{n}\sum_{i=1}^{n} g^{(i)}\left(1 - g^{(i)}\right) = \frac{1}{n}\operatorname{tr}(S)$$
"""


def test_a_listing_of_the_examples_values_runs_over_their_superscript():
    assert _at(NEWTON) == {10: {Verdict.PROVED}, 12: {Verdict.PROVED}}
    assert _at(NEWTON.replace(r"= \frac{1}{n}\operatorname{tr}(S)", r"= \operatorname{tr}(S)"))[12] == \
        {Verdict.REFUTED}


STEP = r"""Let $X \in \mathbb{R}^{n \times d}$, $y \in \mathbb{R}^n$, $w \in \mathbb{R}^d$ and $v \in \mathbb{R}^d$.

$$L(w) = \frac{1}{2n}\|Xw - y\|^2$$

$$v - \eta\,\nabla_w L(v) = v - \frac{\eta}{n}X^\top(Xv - y)$$
"""


def test_a_loss_written_at_a_declared_point_that_is_not_its_variable_is_never_read_at_its_variable():
    """∇_w L(v), v declared but not what L is written in: once read as ∇_w L(w), and refuted."""
    assert _at(STEP)[5] == {Verdict.UNPARSED}


GRADIENT_DESCENT = r"""**(e)** With $X \in \mathbb{R}^{n \times d}$, $y \in \mathbb{R}^n$, $w \in \mathbb{R}^d$ and the loss

$$L(w) = \frac{1}{2n}\|Xw - y\|_2^2 ,$$

one step of gradient descent with step size $\eta$ is an affine map of $w_t$:

$$w_{t+1} = w_t - \eta\nabla_w L(w_t) = w_t - \frac{\eta}{n}X^\top(Xw_t - y) = \left(I - \frac{\eta}{n}X^\top X\right)w_t + \frac{\eta}{n}X^\top y .$$

Newton's method instead steps by the inverse Hessian, here in one step:

$$w^{(k+1)} = w^{(k)} - \left(\nabla^2 L(w^{(k)})\right)^{-1}\nabla L(w^{(k)}) = (X^\top X)^{-1}X^\top y .$$
"""


def test_an_update_reads_the_current_iterate_as_the_variable_and_the_next_as_a_name_of_its_own():
    """w_t, w^{(k)}: the point the loss's derivatives are taken at; w_{t+1}, w^{(k+1)}: what the update
    defines, then equal to each later side."""
    assert _at(GRADIENT_DESCENT) == {7: {Verdict.PROVED}, 11: {Verdict.PROVED}}
    assert _at(GRADIENT_DESCENT.replace(r"+ \frac{\eta}{n}X^\top y .", r"- \frac{\eta}{n}X^\top y ."))[7] == \
        {Verdict.PROVED, Verdict.REFUTED}
    assert _at(GRADIENT_DESCENT.replace(r"= (X^\top X)^{-1}X^\top y", r"= (X^\top X)^{-1}X^\top y + w^{(k)}"))[11] \
        == {Verdict.REFUTED}



BOLD_GRADIENT = r"""Let $\mathbf{X} \in \mathbb{R}^{N \times D}$, $\mathbf{y} \in \mathbb{R}^N$, $\mathbf{w} \in \mathbb{R}^D$ and
$\boldsymbol{\mu} = \sigma(\mathbf{X}\mathbf{w})$, with

$$J(\mathbf{w}) = -\frac{1}{N}\sum_{i=1}^{N} \left(y_i \log \mu_i + (1 - y_i)\log(1 - \mu_i)\right) + \lambda\mathbf{w}^\top\mathbf{w} .$$

$$\mathbf{g}(\mathbf{w}) = \nabla_\mathbf{w} J(\mathbf{w}) = \frac{1}{N}\mathbf{X}^\top(\boldsymbol{\mu} - \mathbf{y}) + 2\lambda\mathbf{w}$$

A gradient step at iteration $t$ is $\mathbf{w}_{t+1} = \mathbf{w}_t - \eta\,\mathbf{g}_t$:

$$\mathbf{w}_{t+1} = \mathbf{w}_t - \eta\,\mathbf{g}_t = (1 - 2\eta\lambda)\mathbf{w}_t - \frac{\eta}{N}\mathbf{X}^\top(\boldsymbol{\mu} - \mathbf{y})$$
"""


def test_a_gradient_named_as_a_bold_function_of_the_variable_is_its_definition_never_a_free_vector():
    """g(w) = ∇J(w) defines g; g_t, at the current iterate, is that g, never a vector of free values
    (the step g(w) = ∇J(w) was refuted so)."""
    found = _at(BOLD_GRADIENT)
    assert found[6] == {Verdict.PROVED} and found[10] == {Verdict.PROVED}
    assert _at(BOLD_GRADIENT.replace(r"(1 - 2\eta\lambda)", r"(1 - \eta\lambda)"))[10] == \
        {Verdict.PROVED, Verdict.REFUTED}


THROUGH_ENTRIES = r"""Let $X \in \mathbb{R}^{n \times p}$ with rows $x_i^\top$, $y \in \{0, 1\}^n$ and $\beta \in \mathbb{R}^p$.
Write $\eta_i = x_i^\top\beta$ and $\pi_i = \frac{e^{\eta_i}}{1 + e^{\eta_i}}$.

$$\ell(\beta) = \sum_{i=1}^{n} \left(y_i \log \pi_i + (1 - y_i) \log(1 - \pi_i)\right)$$

$$\nabla \ell(\beta) = \sum_{i=1}^{n} (y_i - \pi_i)\, x_i = X^\top(y - \pi)$$
"""


def test_a_loss_written_at_its_variable_is_read_where_its_definition_reaches_it_only_through_entries():
    """ℓ(β) reaches β through π_i and η_i, entries of names defined entry by entry: ℓ at β is ℓ itself."""
    assert _at(THROUGH_ENTRIES) == {6: {Verdict.PROVED}}
    assert _at(THROUGH_ENTRIES.replace("= X^\\top(y - \\pi)", "= X^\\top(\\pi - y)"))[6] == \
        {Verdict.PROVED, Verdict.REFUTED}


MATRIX_RULES = r"""Let $X \in \mathbb{R}^{n \times p}$, $y \in \mathbb{R}^n$ and $\beta \in \mathbb{R}^p$, and

$$\mathrm{RSS}(\beta) = (y - X\beta)^\top(y - X\beta) = y^\top y - 2\beta^\top X^\top y + \beta^\top X^\top X\beta .$$

We use $\frac{\partial(\beta^\top A\beta)}{\partial\beta} = 2A\beta$ for symmetric $A$, and for any vector $c$ and
matrix $B$, $\frac{\partial(\beta^\top B\beta)}{\partial\beta} = (B + B^\top)\beta$ and $\frac{\partial(c^\top\beta)}{\partial\beta} = c$.
"""


def test_matrix_calculus_rules_stated_for_a_symmetric_matrix_or_for_any_vector_and_matrix():
    assert _at(MATRIX_RULES) == {3: {Verdict.PROVED}, 5: {Verdict.PROVED}, 6: {Verdict.PROVED}}
    unconditioned = MATRIX_RULES.replace("for symmetric $A$", "for any matrix $A$")
    assert _at(unconditioned)[5] == {Verdict.REFUTED}  # 2Aβ holds only where A = Aᵀ
    chinese = MATRIX_RULES.replace("and for any vector $c$ and\nmatrix $B$,", "以及对任意向量 $c$ 和\n方阵 $B$：")
    assert _at(chinese)[6] == {Verdict.PROVED}
    assert _at(chinese.replace(r"(B + B^\top)\beta", r"2B\beta"))[6] == {Verdict.PROVED, Verdict.REFUTED}


ONE_LETTER_TWO_MEANINGS = r"""The design matrix $X$ is $n \times d$ and its $i$th row is $X_i^\top$, so $X_i$ is sample $i$ as a column.
Labels $y \in \{0, 1\}^n$. The logistic function is $s(\gamma) = \frac{1}{1 + e^{-\gamma}}$; abbreviate $s_i = s(X_i \cdot w)$,
and $s$ is the $n$-vector of the $s_i$. With $w \in \mathbb{R}^d$,

$$J(w) = -\sum_{i=1}^n \big(y_i \ln s_i + (1 - y_i)\ln(1 - s_i)\big) + \lambda |w|^2 .$$

$$\nabla_w J(w) = -\sum_{i=1}^n (y_i - s_i)\, X_i + 2\lambda w = -X^\top(y - s) + 2\lambda w$$

For any $v \neq 0$,

$$v^\top \nabla_w^2 J(w)\, v = \sum_{i=1}^n s_i(1 - s_i)(X_i \cdot v)^2 + 2\lambda |v|^2 > 0 .$$
"""


def test_a_letter_naming_a_function_and_the_vector_of_its_values_and_rows_named_with_the_capital():
    """CS189's habit: s(γ) the logistic function, s_i = s(X_i · w) and s the vector of them; X_i the
    ith row of X, said in prose."""
    assert _at(ONE_LETTER_TWO_MEANINGS) == {7: {Verdict.PROVED}, 11: {Verdict.PROVED}}
    assert _at(ONE_LETTER_TWO_MEANINGS.replace("= -X^\\top(y - s)", "= -X^\\top(s - y)"))[7] == \
        {Verdict.PROVED, Verdict.REFUTED}
    assert _at(ONE_LETTER_TWO_MEANINGS.replace("s_i(1 - s_i)(X_i", "s_i(X_i"))[11] == {Verdict.REFUTED}


OFFSET = r"""With $x^{(i)} \in \mathbb{R}^d$, labels $y^{(i)} \in \{0, 1\}$, $\theta \in \mathbb{R}^d$, $\theta_0 \in \mathbb{R}$
and $g^{(i)} = \sigma(\theta^\top x^{(i)} + \theta_0)$,

$$J(\theta, \theta_0) = -\frac{1}{n}\sum_{i=1}^{n}\left(y^{(i)}\log g^{(i)} + (1 - y^{(i)})\log(1 - g^{(i)})\right)$$

$$\frac{\partial J(\theta, \theta_0)}{\partial \theta_0} = \frac{1}{n}\sum_{i=1}^{n}\left(g^{(i)} - y^{(i)}\right)$$
"""


def test_a_loss_written_at_a_variable_with_a_subscript_is_the_loss_itself():
    """J(θ, θ_0) at θ_0: the offset the definition names through g^{(i)}, not another point."""
    assert _at(OFFSET) == {6: {Verdict.PROVED}}
    assert _at(OFFSET.replace(r"\left(g^{(i)} - y^{(i)}\right)$$", r"\left(y^{(i)} - g^{(i)}\right)$$"))[6] == \
        {Verdict.REFUTED}


def test_the_next_iterate_written_with_a_plus_is_a_name_of_its_own():
    """Boyd's x⁺ = x − H⁻¹g: x^{+} is the next iterate, defined by the step; H x⁺ = H x − g follows."""
    newton = r"""Let $A \in \mathbb{R}^{n \times d}$, $b \in \mathbb{R}^n$, $x \in \mathbb{R}^d$ and
$f(x) = \frac{1}{2}\|Ax - b\|^2$, with $g = A^\top(Ax - b)$ and $H = A^\top A$. Newton's step is
$$x^{+} = x - H^{-1} g ,$$
so that
$$H x^{+} = H x - g = A^\top b .$$
"""
    assert _at(newton) == {5: {Verdict.PROVED}}
    assert _at(newton.replace("H x - g = A^\\top b", "H x + g = A^\\top b"))[5] == {Verdict.REFUTED}


WORDED_NEWTON = r"""Let $X \in \mathbb{R}^{n \times p}$, $y \in \mathbb{R}^n$, $\beta \in \mathbb{R}^p$ and $\lambda > 0$.
The loss is $L(\beta) = \frac{1}{2}\|y - X\beta\|^2 + \frac{\lambda}{2}\|\beta\|^2$, whose gradient and Hessian are

$$\nabla L(\beta) = -X^\top(y - X\beta) + \lambda\beta, \qquad H = X^\top X + \lambda I .$$

One Newton step from the current $\beta$ gives

$$\beta^{\mathrm{new}} = \beta - H^{-1}\nabla L(\beta) = \beta - (X^\top X + \lambda I)^{-1}\left(\lambda\beta - X^\top(y - X\beta)\right)$$

Multiplying through by $H$,

$$(X^\top X + \lambda I)\,\beta^{\mathrm{new}} = X^\top y ,$$

so that

$$\beta^{\mathrm{new}} = (X^\top X + \lambda I)^{-1}X^\top y .$$
"""


def test_an_iterate_labelled_new_is_defined_by_its_update_and_a_restatement_after_its_use_is_a_claim():
    """β^{new} = β − H⁻¹∇L(β) defines the next iterate, as β^{(t+1)} = … does: the lines that use it are
    checked against that value (both were refuted once, when the restatement at the end was taken for
    its definition), and the restatement that concludes from them is a claim, refuted where it is wrong."""
    assert _at(WORDED_NEWTON) == {line: {Verdict.PROVED} for line in (4, 8, 12, 16)}
    lost = _at(WORDED_NEWTON.replace(r"= (X^\top X + \lambda I)^{-1}X^\top y .", r"= (X^\top X)^{-1}X^\top y ."))
    assert lost == {4: {Verdict.PROVED}, 8: {Verdict.PROVED}, 12: {Verdict.PROVED}, 16: {Verdict.REFUTED}}
    text = WORDED_NEWTON.replace(r"\mathrm{new}", r"\text{new}").replace(
        r"\beta - H^{-1}\nabla L(\beta) =", r"\beta^{\text{old}} - H^{-1}\nabla L(\beta^{\text{old}}) =")
    assert _at(text) == {line: {Verdict.PROVED} for line in (4, 8, 12, 16)}


def test_a_second_update_of_the_same_iterate_is_a_new_step_never_refuted_against_the_first():
    """Gradient descent's w^{(t+1)}, a line that uses it, then Newton's w^{(t+1)} from w^{(t)}: another
    method's step, read as a new definition (undecided), not a claim that the two steps agree."""
    text = r"""Let $X \in \mathbb{R}^{n \times d}$, $y \in \mathbb{R}^n$, $w \in \mathbb{R}^d$ and
$L(w) = \frac{1}{2}\|Xw - y\|^2$, so $\nabla L(w) = X^\top(Xw - y)$. Gradient descent takes

$$w^{(t+1)} = w^{(t)} - \eta\nabla L(w^{(t)})$$

$$w^{(t+1)} - w^{(t)} = \eta X^\top(y - Xw^{(t)})$$

Newton's method instead takes

$$w^{(t+1)} = w^{(t)} - (X^\top X)^{-1}\nabla L(w^{(t)})$$
"""
    assert _at(text) == {2: {Verdict.PROVED}, 6: {Verdict.PROVED}, 10: {Verdict.UNDECIDED}}  # line 2: inline ∇L
