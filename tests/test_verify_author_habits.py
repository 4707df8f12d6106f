"""Habits of authors that change what a line means: a loss named by an upright word (NLL(w),
RSS(β)), the definition signs ≜ and ≡, a norm written with single bars (|w|^2), g'(z) for a
function the document defines, σ² for a variance, the identity written \\mathbf{I}_n, shapes said
in prose ("the N × D design matrix X", "X is n × d", "y := […] ∈ ℝ^N"), a name defined just after it
was used ("where S ≜ diag(…)"), and a map named but never defined (φ : ℝ^D → ℝ^K). Each correct
step is proved, never refuted, and one error is refuted at its line; what cannot be read is unparsed."""
from checks.verdict import Verdict
from tests.document_steps import steps, verdicts_at as _at

LOSS_IN_WORDS = r"""Stack the inputs as the rows of the $N \times D$ design matrix $\mathbf{X}$; the labels are
$\mathbf{y} \in \{0, 1\}^N$, the weights $\mathbf{w} \in \mathbb{R}^D$, and $\boldsymbol{\mu} = \sigma(\mathbf{X}\mathbf{w})$.

$$\mathrm{NLL}(\mathbf{w}) = -\frac{1}{N}\sum_{n=1}^{N}\left[y_n \log \mu_n + (1 - y_n)\log(1 - \mu_n)\right]$$

$$\nabla_{\mathbf{w}}\mathrm{NLL}(\mathbf{w}) = \frac{1}{N}\mathbf{X}^\mathsf{T}(\boldsymbol{\mu} - \mathbf{y})$$

$$\mathrm{PNLL}(\mathbf{w}) = \mathrm{NLL}(\mathbf{w}) + \lambda \mathbf{w}^\mathsf{T}\mathbf{w}$$

$$\nabla_{\mathbf{w}}\mathrm{PNLL}(\mathbf{w}) = \frac{1}{N}\mathbf{X}^\mathsf{T}(\boldsymbol{\mu} - \mathbf{y}) + 2\lambda\mathbf{w}$$
"""


def test_a_loss_named_by_an_upright_word_is_read():
    assert _at(LOSS_IN_WORDS) == {6: {Verdict.PROVED}, 10: {Verdict.PROVED}}
    wrong = LOSS_IN_WORDS.replace(r"+ 2\lambda\mathbf{w}$$", r"+ \lambda\mathbf{w}$$")
    assert _at(wrong)[10] == {Verdict.REFUTED}


DEFINED_AFTER_USE = r"""The design matrix $X$ is $n \times d$, the labels are $y \in \{0, 1\}^n$ and $w \in \mathbb{R}^d$;
$s = \sigma(Xw)$ and $J(w) = -\sum_{i=1}^n \big( y_i \ln s_i + (1 - y_i) \ln (1 - s_i) \big) + \lambda |w|^2$.

$$\nabla_w^2 J(w) = X^\top \Omega X + 2\lambda I_d$$

where

$$\Omega \triangleq \operatorname{diag}(s_1(1 - s_1), \dots, s_n(1 - s_n)).$$
"""


def test_a_name_defined_just_after_its_use_and_a_single_bar_norm():
    assert _at(DEFINED_AFTER_USE) == {4: {Verdict.PROVED}}
    wrong = DEFINED_AFTER_USE.replace(r"+ 2\lambda I_d", r"+ \lambda I_d")
    assert _at(wrong) == {4: {Verdict.REFUTED}}


PRIMED_FUNCTION = r"""The logistic function is $g(t) = \frac{1}{1 + e^{-t}}$; for $\theta, x \in \mathbb{R}^d$ and a label
$y \in \{0, 1\}$ the loss is $J(\theta) = -y \log g(\theta^T x) - (1 - y)\log(1 - g(\theta^T x))$.

$$g'(t) = \frac{e^{-t}}{(1 + e^{-t})^2} = g(t)\,(1 - g(t))$$
"""


def test_the_prime_of_a_function_the_document_defines_is_its_derivative():
    assert _at(PRIMED_FUNCTION) == {4: {Verdict.PROVED}}
    wrong = PRIMED_FUNCTION.replace(r"= g(t)\,(1 - g(t))", r"= g(t)\,(1 + g(t))")
    assert _at(wrong) == {4: {Verdict.PROVED, Verdict.REFUTED}}


RIDGE_PUSH_THROUGH = r"""Let $\mathbf{X} \in \mathbb{R}^{n \times d}$, $\mathbf{y} \in \mathbb{R}^n$, $\mathbf{w} \in \mathbb{R}^d$,
and $E(\mathbf{w}) = \frac{1}{2\sigma^2}\|\mathbf{X}\mathbf{w} - \mathbf{y}\|^2 + \frac{\lambda}{2}\|\mathbf{w}\|^2$.

$$\nabla E(\mathbf{w}) = \frac{1}{\sigma^2}\mathbf{X}^\top(\mathbf{X}\mathbf{w} - \mathbf{y}) + \lambda \mathbf{w}$$

$$(\mathbf{X}^\top\mathbf{X} + \lambda\mathbf{I}_d)^{-1}\mathbf{X}^\top\mathbf{y} = \mathbf{X}^\top(\mathbf{X}\mathbf{X}^\top + \lambda\mathbf{I}_n)^{-1}\mathbf{y}$$
"""


def test_a_bold_identity_with_its_size_is_the_identity_and_sigma_squared_a_number():
    assert _at(RIDGE_PUSH_THROUGH) == {4: {Verdict.PROVED}, 6: {Verdict.PROVED}}
    wrong = RIDGE_PUSH_THROUGH.replace(r"\mathbf{X}^\top(\mathbf{X}\mathbf{X}^\top", r"\mathbf{X}^\top(\mathbf{X}^\top\mathbf{X}")
    assert _at(wrong)[6] != {Verdict.PROVED}


FEATURE_MAP = r"""Inputs $\mathbf{x}_n \in \mathbb{R}^D$, targets $y_n$, and a fixed feature map
$\boldsymbol{\phi} : \mathbb{R}^D \to \mathbb{R}^K$. Collect
$\boldsymbol{\Phi} := [\boldsymbol{\phi}(\mathbf{x}_1), \dots, \boldsymbol{\phi}(\mathbf{x}_N)]^\top \in \mathbb{R}^{N \times K}$,
$\mathbf{y} := [y_1, \dots, y_N]^\top \in \mathbb{R}^N$ and $\boldsymbol{\theta} \in \mathbb{R}^K$.

$$\mathcal{L}(\boldsymbol{\theta}) := \frac{1}{2}\sum_{n=1}^{N}\big(y_n - \boldsymbol{\phi}^\top(\mathbf{x}_n)\boldsymbol{\theta}\big)^2$$

$$\nabla_{\boldsymbol{\theta}}\mathcal{L} = \sum_{n=1}^{N}\big(\boldsymbol{\phi}^\top(\mathbf{x}_n)\boldsymbol{\theta} - y_n\big)\boldsymbol{\phi}(\mathbf{x}_n)$$

$$\frac{1}{2}\|\mathbf{y} - \boldsymbol{\Phi}\boldsymbol{\theta}\|^2 = \frac{1}{2}(\mathbf{y} - \boldsymbol{\Phi}\boldsymbol{\theta})^\top(\mathbf{y} - \boldsymbol{\Phi}\boldsymbol{\theta})$$
"""


def test_a_map_named_but_never_defined_is_read_at_the_examples_and_shapes_in_assignments_are_declared():
    """φ is never defined, but Φ := [φ(x_1), …, φ(x_N)]ᵀ is given: φ(x_n) is Φ's row n wherever it stands."""
    assert _at(FEATURE_MAP) == {8: {Verdict.PROVED}, 10: {Verdict.PROVED}}
    wrong = FEATURE_MAP.replace(r"\boldsymbol{\theta} - y_n\big)\boldsymbol{\phi}(\mathbf{x}_n)$$",
                                r"\boldsymbol{\theta} + y_n\big)\boldsymbol{\phi}(\mathbf{x}_n)$$")
    assert _at(wrong)[8] == {Verdict.REFUTED}


UPSTREAM_THEN_A_LOSS = r"""A mini-batch of $N$ rows: $X$ has shape $(N, D)$, $W$ has shape $(D, H)$, and the bias $b$ is a
vector of length $H$, added to every row.

$$Z = XW + b, \qquad A = \tanh(Z)$$

The layers above hand us the gradient

$$G = \frac{\partial L}{\partial A}$$

$$\frac{\partial L}{\partial Z} = G \odot (1 - A \odot A)$$

$$\frac{\partial L}{\partial W} = X^\top \big(G \odot (1 - A \odot A)\big)$$

$$\frac{\partial L}{\partial X} = \big(G \odot (1 - A \odot A)\big) W^\top$$

For the output layer with targets $T$ of shape $(N, H)$ and $L = \frac{1}{2}\|A - T\|_F^2$:

$$G = A - T$$
"""


def test_a_gradient_handed_down_before_the_loss_is_said_is_a_given_value():
    assert _at(UPSTREAM_THEN_A_LOSS) == {10: {Verdict.PROVED}, 12: {Verdict.PROVED}, 14: {Verdict.PROVED},
                                        18: {Verdict.PROVED}}
    wrong = UPSTREAM_THEN_A_LOSS.replace(r"= X^\top \big(G \odot (1 - A \odot A)\big)$$", r"= X^\top \big(G \odot (1 - A)\big)$$")
    assert _at(wrong)[12] == {Verdict.REFUTED}
    wrong = UPSTREAM_THEN_A_LOSS.replace(r"$$G = A - T$$", r"$$G = T - A$$")
    assert _at(wrong)[18] == {Verdict.REFUTED}


SHAPES_IN_A_TABLE = r"""| name | shape | meaning |
|---|---|---|
| $\boldsymbol{X}$ | $N\times D$ | inputs, one per row |
| $\boldsymbol{W}$ | $D\times K$ | weights |
| $\boldsymbol{S}$ | $N\times K$ | scores $\boldsymbol{S} = \boldsymbol{X}\boldsymbol{W}$ |
| $\boldsymbol{T}$ | $N\times K$ | targets (one-hot) |

$$p_{nk} = \frac{\exp(s_{nk})}{\sum_{k'=1}^{K}\exp(s_{nk'})}$$

$$L = -\frac{1}{N}\sum_{n=1}^{N}\sum_{k=1}^{K} t_{nk}\log p_{nk}$$

$$\frac{\partial L}{\partial s_{nj}} = -\frac{1}{N}\sum_{k=1}^{K} t_{nk}(\delta_{kj} - p_{nj}) = \frac{1}{N}(p_{nj} - t_{nj})$$
"""


def test_shapes_and_one_hot_labels_in_a_table_and_primed_index_letters():
    assert _at(SHAPES_IN_A_TABLE) == {12: {Verdict.PROVED}}
    wrong = SHAPES_IN_A_TABLE.replace(r"= \frac{1}{N}(p_{nj} - t_{nj})", r"= \frac{1}{N}(t_{nj} - p_{nj})")
    assert _at(wrong) == {12: {Verdict.PROVED, Verdict.REFUTED}}


HALF_WITHOUT_BRACES = r"""\newcommand{\inner}[2]{\left\langle #1, #2 \right\rangle}
Let $\mathbf{X} \in \mathbb{R}^{n \times d}$, $\mathbf{y} \in \mathbb{R}^n$ and $\mathbf{w} \in \mathbb{R}^d$.
\[
E_\lambda(\mathbf{w}) = \frac12 \|\mathbf{X}\mathbf{w} - \mathbf{y}\|^2 + \frac{\lambda}{2}\inner{\mathbf{w}}{\mathbf{w}}
\]
\[
\nabla E_\lambda(\mathbf{w}) = \mathbf{X}^\top(\mathbf{X}\mathbf{w} - \mathbf{y}) + \lambda \mathbf{w}
\]
"""


def test_a_half_without_braces_and_a_macro_with_arguments_in_a_tex_file():
    assert _at(HALF_WITHOUT_BRACES, "tex") == {7: {Verdict.PROVED}}
    wrong = HALF_WITHOUT_BRACES.replace(r"+ \lambda \mathbf{w}", r"- \lambda \mathbf{w}")
    assert _at(wrong, "tex") == {7: {Verdict.REFUTED}}


BATCH_WITH_SHAPE_NOTES = r"""A weight matrix $\mathbf{W}$ of shape $[K \times f]$ and a bias $\mathbf{b}$ of shape $[K \times 1]$;
one input $\mathbf{x}$ of shape $[f \times 1]$ with a one-hot label $\mathbf{y}$, logits $\mathbf{z} = \mathbf{W}\mathbf{x} + \mathbf{b}$
and $\hat{\mathbf{y}} = \mathrm{softmax}(\mathbf{z})$, and the loss $L = -\sum_{k=1}^{K} y_k \log \hat{y}_k$.
The batch: $\mathbf{X}$ is $[m \times f]$ and $\mathbf{Y}$ is $[m \times K]$, one example a row.

$$\mathbf{Z} = \mathbf{X}\mathbf{W}^{\intercal} + \mathbf{1}_m \mathbf{b}^{\intercal} \qquad [m \times K]$$

$$J = \frac{1}{m}\sum_{i=1}^{m} L^{(i)}$$

$$\frac{\partial J}{\partial \mathbf{W}} = \frac{1}{m}\big(\mathrm{softmax}(\mathbf{Z}) - \mathbf{Y}\big)^{\intercal}\mathbf{X} \qquad [K \times f]$$

$$\frac{\partial J}{\partial z^{(2)}_1} = \frac{\partial J}{\partial Z_{21}}$$
"""


def test_a_shape_note_after_a_side_is_no_factor_and_one_examples_entry_is_not_every_examples():
    found = _at(BATCH_WITH_SHAPE_NOTES)
    assert found[10] == {Verdict.PROVED}
    assert Verdict.REFUTED not in found.get(12, set())
    wrong = BATCH_WITH_SHAPE_NOTES.replace(r"\mathbf{Y}\big)^{\intercal}\mathbf{X}", r"\mathbf{Y}\big)^{\intercal}\mathbf{X}\mathbf{W}^{\intercal}\mathbf{W}")
    assert _at(wrong)[10] == {Verdict.REFUTED}


DELTA_OF_ITS_OWN = r"""Examples as columns: $X \in \mathbb{R}^{d \times m}$, $W \in \mathbb{R}^{n \times d}$,
$b \in \mathbb{R}^{n}$ and targets $T \in \mathbb{R}^{n \times m}$.

$$Z = WX + b\mathbf{1}_m^\top, \qquad H = \tanh(Z), \qquad L = \frac{1}{2m}\|H - T\|_F^2$$

$$\Delta := \frac{\partial L}{\partial Z} = \frac{1}{m}(1 - H \odot H) \odot (H - T)$$

$$\frac{\partial L}{\partial W} = \Delta X^\top$$
"""


def test_delta_x_is_delta_times_x_where_delta_has_a_value_of_its_own():
    assert _at(DELTA_OF_ITS_OWN) == {6: {Verdict.PROVED}, 8: {Verdict.PROVED}}
    wrong = DELTA_OF_ITS_OWN.replace(r"= \Delta X^\top$$", r"= X \Delta^\top$$")
    assert _at(wrong)[8] != {Verdict.PROVED}


ERROR_SIGNALS = r"""For any quantity $v$ we write $\bar{v} := \frac{\partial \mathcal{E}}{\partial v}$, the error signal,
of the same shape as $v$. One example: $\mathbf{x} \in \mathbb{R}^D$, $\mathbf{W} \in \mathbb{R}^{K \times D}$,
$\mathbf{b} \in \mathbb{R}^K$, a one-hot target $\mathbf{t} \in \{0, 1\}^K$, $\mathbf{z} = \mathbf{W}\mathbf{x} + \mathbf{b}$,
$\mathbf{y} = \operatorname{softmax}(\mathbf{z})$ and $\mathcal{E} = -\mathbf{t}^\top \log \mathbf{y}$.

$$\bar{\mathbf{z}} = \mathbf{y} - \mathbf{t}$$

$$\bar{\mathbf{W}} = \bar{\mathbf{z}}\,\mathbf{x}^\top$$

$$= (\mathbf{y} - \mathbf{t})\,\mathbf{x}^\top$$
"""


def test_a_bar_said_to_be_the_cost_derivative_is_that_derivative():
    assert _at(ERROR_SIGNALS) == {6: {Verdict.PROVED}, 8: {Verdict.PROVED}, 10: {Verdict.PROVED}}
    wrong = ERROR_SIGNALS.replace(r"$$\bar{\mathbf{z}} = \mathbf{y} - \mathbf{t}$$", r"$$\bar{\mathbf{z}} = \mathbf{t} - \mathbf{y}$$")
    assert _at(wrong) == {6: {Verdict.REFUTED}, 8: {Verdict.PROVED}, 10: {Verdict.PROVED}}


LATER_COST = ERROR_SIGNALS + r"""
With weight decay, $\mathcal{E}_{\text{reg}} = \mathcal{E} + \frac{\lambda}{2}\|\mathbf{W}\|_F^2$, one line changes:

$$\bar{\mathbf{W}} = (\mathbf{y} - \mathbf{t})\,\mathbf{x}^\top + \lambda \mathbf{W}$$
"""


def test_a_bar_after_a_cost_built_on_its_own_is_never_refuted():
    assert _at(LATER_COST)[14] == {Verdict.UNDECIDED}
    assert _at(LATER_COST.replace(r"$$\bar{\mathbf{z}} = \mathbf{y} - \mathbf{t}$$",
                                  r"$$\bar{\mathbf{z}} = \mathbf{t} - \mathbf{y}$$"))[6] == {Verdict.REFUTED}


COTANGENTS = r"""For one input $x \in \mathbb{R}^n$, weights $W \in \mathbb{R}^{m \times n}$ and bias $b \in \mathbb{R}^m$:

$$z = Wx + b, \qquad y = \tanh(z)$$

A cotangent has the same shape as its primal and is written with a bar: $\bar{v} = \partial \ell / \partial v$.
Given the output cotangent $\bar{y} \in \mathbb{R}^m$, the scalar being differentiated is

$$\ell(W, b, x) = \bar{y}^\top y$$

$$\bar{z} = \bar{y} \odot (1 - y \odot y)$$

$$\bar{W} = \bar{z}\, x^\top, \qquad \bar{b} = \bar{z}, \qquad \bar{x} = W^\top \bar{z}$$
"""


def test_a_loss_defined_by_the_cotangent_it_is_given_is_no_loop():
    assert _at(COTANGENTS) == {10: {Verdict.PROVED}, 12: {Verdict.PROVED}}
    assert _at(COTANGENTS.replace(r"\bar{y} \odot (1 - y \odot y)", r"\bar{y} \odot y"))[10] == {Verdict.REFUTED}


ROW_WISE = r"""One example $\mathbf{x} \in \mathbb{R}^D$ with $\mathbf{W} \in \mathbb{R}^{K \times D}$, $\mathbf{b} \in \mathbb{R}^K$
and a one-hot target $\mathbf{t}$:

$$\mathbf{z} = \mathbf{W}\mathbf{x} + \mathbf{b}, \qquad y_k = \operatorname{softmax}(\mathbf{z})_k,$$

$$\mathcal{L} = -\mathbf{t}^\top \log \mathbf{y}, \qquad \frac{\partial \mathcal{L}}{\partial \mathbf{z}} = \mathbf{y} - \mathbf{t}.$$

A batch in the rows of $\mathbf{X} \in \mathbb{R}^{N \times D}$, one-hot rows $\mathbf{T} \in \{0,1\}^{N \times K}$:

$$\mathbf{Z} = \mathbf{X}\mathbf{W}^\top + \mathbf{1}\mathbf{b}^\top, \qquad \mathbf{Y} = \operatorname{softmax}(\mathbf{Z}) \text{ (row-wise)},$$

$$J = -\frac{1}{N}\sum_{i=1}^{N} \mathbf{t}^{(i)\top} \log \mathbf{y}^{(i)}, \qquad \frac{\partial J}{\partial \mathbf{W}} = \frac{1}{N}(\mathbf{Y} - \mathbf{T})^\top \mathbf{X}.$$
"""


def test_an_entry_of_a_softmax_and_a_remark_in_brackets_after_a_definition():
    found = _at(ROW_WISE)
    assert found[6] == {Verdict.PROVED}
    assert found[12] == {Verdict.PROVED}
    assert _at(ROW_WISE.replace(r"\frac{1}{N}(\mathbf{Y} - \mathbf{T})^\top", r"(\mathbf{Y} - \mathbf{T})^\top"))[12] \
        == {Verdict.REFUTED}


GREEK_FUNCTION = r"""The logistic function is $\theta(s) = \frac{1}{1 + e^{-s}}$; labels are $y_n \in \{-1, +1\}$,
$\mathbf{x}_n, \mathbf{w} \in \mathbb{R}^d$, and $E(\mathbf{w}) = \frac{1}{N}\sum_{n=1}^{N}\ln(1 + e^{-y_n \mathbf{w}^\top \mathbf{x}_n})$.

$$\theta''(s) = \theta(s)\,\theta(-s)\,\big(1 - 2\theta(s)\big)$$

$$\nabla E(\mathbf{w}) = -\frac{1}{N}\sum_{n=1}^{N} y_n \mathbf{x}_n\,\theta(-y_n \mathbf{w}^\top \mathbf{x}_n)$$
"""


def test_a_function_named_by_a_greek_letter_and_its_second_derivative():
    assert _at(GREEK_FUNCTION) == {4: {Verdict.PROVED}, 6: {Verdict.PROVED}}
    wrong = GREEK_FUNCTION.replace(r"\,\theta(-y_n \mathbf{w}^\top \mathbf{x}_n)$$", r"\,\theta(y_n \mathbf{w}^\top \mathbf{x}_n)$$")
    assert _at(wrong)[6] == {Verdict.REFUTED}


PI_OF_BETA = r"""The design matrix $\mathbf{X} \in \mathbb{R}^{n \times p}$ has rows $\mathbf{x}_i^\top$, the labels are
$\mathbf{y} \in \{0, 1\}^n$ and $\eta_i = \mathbf{x}_i^\top \boldsymbol{\beta}$.

$$\pi_i(\boldsymbol{\beta}) = \frac{1}{1 + \exp(-\eta_i)}$$

$$\ell(\boldsymbol{\beta}) = -\sum_{i=1}^{n} \left[ y_i \log \pi_i(\boldsymbol{\beta}) + (1 - y_i)\log(1 - \pi_i) \right] + \frac{\lambda}{2}\boldsymbol{\beta}^\top\boldsymbol{\beta}$$

$$\frac{\partial \ell}{\partial \boldsymbol{\beta}} = \sum_{i=1}^{n} (\pi_i - y_i)\,\mathbf{x}_i + \lambda\boldsymbol{\beta}$$

$$\frac{\partial \pi_i}{\partial \boldsymbol{\beta}} = \pi_i (1 - \pi_i)\,\mathbf{x}_i$$
"""

PI_THE_NUMBER = r"""Let $w, x \in \mathbb{R}^d$ and $y \in \mathbb{R}$, with
$L(w) = \frac{1}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}(y - w^\top x)^2$.

$$\nabla_w L(w) = -\frac{1}{\sigma^2}(y - w^\top x)\,x$$
"""


def test_a_greek_pi_written_as_a_function_of_the_variable_is_a_name_and_beta_no_scalar():
    assert _at(PI_OF_BETA) == {8: {Verdict.PROVED}, 10: {Verdict.PROVED}}
    wrong = PI_OF_BETA.replace(r"= \pi_i (1 - \pi_i)\,\mathbf{x}_i", r"= \pi_i\,\mathbf{x}_i")
    assert _at(wrong)[10] == {Verdict.REFUTED}
    assert _at(PI_THE_NUMBER) == {4: {Verdict.PROVED}}


VECTOR_UPSTREAM = r"""A layer maps $x \in \mathbb{R}^n$ to $h \in \mathbb{R}^m$ by $z = Wx + b$, $h = \tanh(z)$, with
$W \in \mathbb{R}^{m \times n}$ and $b \in \mathbb{R}^m$; backprop has delivered
$g = \partial \ell / \partial h \in \mathbb{R}^m$.

$$\frac{\partial \ell}{\partial z} = (1 - h \odot h) \odot g$$

Call this vector $\delta$. Then

$$\frac{\partial \ell}{\partial W} = \delta\, x^\top, \qquad \frac{\partial \ell}{\partial x} = W^\top \delta$$
"""


def test_a_vector_gradient_handed_down_with_its_shape_and_a_result_called_by_name():
    assert _at(VECTOR_UPSTREAM) == {5: {Verdict.PROVED}, 9: {Verdict.PROVED}}
    assert _at(VECTOR_UPSTREAM.replace(r"= W^\top \delta", r"= W \delta"))[9] != {Verdict.PROVED}
    assert _at(VECTOR_UPSTREAM.replace(r"= \delta\, x^\top", r"= -\delta\, x^\top"))[9] == \
        {Verdict.REFUTED, Verdict.PROVED}



BATCH_AFTER_ONE = r"""We write $\bar{v} := \partial \mathcal{C} / \partial v$ for every quantity $v$; it has the shape of $v$.

One example $\mathbf{a} \in \mathbb{R}^{D}$, weights $\mathbf{V} \in \mathbb{R}^{K \times D}$ and a one-hot target $\mathbf{r}$:

$$\mathbf{o} = \mathbf{V}\mathbf{a}, \qquad q_j = \operatorname{softmax}(\mathbf{o})_j, \qquad \ell(\mathbf{q}, \mathbf{r}) = -\sum_{j=1}^{K} r_j \log q_j, \qquad \mathcal{C} = \ell(\mathbf{q}, \mathbf{r}).$$

$$\bar{o}_j = q_j - r_j$$

A batch of $B$ examples in the rows of $\mathbf{A} \in \mathbb{R}^{B \times D}$, one-hot rows $\mathbf{R} \in \{0,1\}^{B \times K}$:

$$\mathbf{O} = \mathbf{A}\mathbf{V}^\top, \qquad \mathbf{Q} = \operatorname{softmax}(\mathbf{O}) \text{ (row-wise)},$$

$$\mathcal{C} = \frac{1}{B}\sum_{i=1}^{B} \ell(\mathbf{q}^{(i)}, \mathbf{r}^{(i)}) = -\frac{1}{B}\sum_{i=1}^{B}\sum_{j=1}^{K} r^{(i)}_j \log q^{(i)}_j .$$

$$\bar{\mathbf{O}} = \frac{1}{B}(\mathbf{Q} - \mathbf{R})$$
"""


def test_a_target_called_one_hot_is_one_hot_whatever_its_letter():
    """"a one-hot target $\\mathbf{r}$", "one-hot rows $\\mathbf{R}$": the prose says so of that very name."""
    assert _at(BATCH_AFTER_ONE)[7] == {Verdict.PROVED}


def test_a_derivative_by_a_name_the_old_loss_never_named_means_the_new_loss():
    """∂𝓒/∂O after 𝓒 was redefined for a batch: the one-example 𝓒 does not name O, so the step can
    only mean the batch 𝓒, and a lost 1/B is refuted there."""
    assert _at(BATCH_AFTER_ONE)[15] == {Verdict.PROVED}
    lost = BATCH_AFTER_ONE.replace(r"\frac{1}{B}(\mathbf{Q} - \mathbf{R})$$", r"\mathbf{Q} - \mathbf{R}$$")
    assert _at(lost)[15] == {Verdict.REFUTED}


DEFINITIONS_TABLE = r"""# Backprop by hand, one example

Input $\mathbf{x} \in \mathbb{R}^{M}$, weights $\mathbf{A} \in \mathbb{R}^{H \times M}$ and $\mathbf{B} \in \mathbb{R}^{K \times H}$, a one-hot label $\mathbf{y} \in \{0,1\}^K$.

| quantity | definition | index range |
|---|---|---|
| $a_j$ | $\sum_{i=1}^{M} A_{ji} x_i$ | $j = 1, \dots, H$ |
| $h_j$ | $\tanh(a_j)$ | $j = 1, \dots, H$ |
| $s_k$ | $\sum_{j=1}^{H} B_{kj} h_j$ | $k = 1, \dots, K$ |
| $p_k$ | $e^{s_k} / \sum_{l=1}^{K} e^{s_l}$ | $k = 1, \dots, K$ |
| $J$ | $-\sum_{k=1}^{K} y_k \log p_k$ | scalar |

$$\frac{\partial J}{\partial s_k} = p_k - y_k$$

$$\frac{\partial J}{\partial h_j} = \sum_{k=1}^{K} (p_k - y_k) B_{kj}$$

$$\frac{\partial J}{\partial a_j} = (1 - h_j^2) \sum_{k=1}^{K} (p_k - y_k) B_{kj}$$
"""


def test_a_table_headed_definition_defines_each_row_name():
    assert _at(DEFINITIONS_TABLE) == {13: {Verdict.PROVED}, 15: {Verdict.PROVED}, 17: {Verdict.PROVED}}
    assert _at(DEFINITIONS_TABLE.replace(r"(1 - h_j^2) \sum", r"(1 - h_j) \sum"))[17] == {Verdict.REFUTED}


FROM_ZERO_TABLE = r"""Input $\mathbf{x} \in \mathbb{R}^{M}$, weights $\mathbf{A} \in \mathbb{R}^{H \times M}$, $\mathbf{B} \in \mathbb{R}^{K \times (H+1)}$ whose column 0 is the bias, and a one-hot $\mathbf{y} \in \{0,1\}^K$.

| quantity | definition |
|---|---|
| $a_j$ | $\sum_{i=1}^{M} A_{ji} x_i$ |
| $h_j$ | $\tanh(a_j)$, and $h_0 = 1$ |
| $p_k$ | $e^{s_k} / \sum_{l=1}^{K} e^{s_l}$ |
| $J$ | $-\sum_{k=1}^{K} y_k \log p_k$ |

With $\mathbf{h} = [1, h_1, \dots, h_H]^T \in \mathbb{R}^{H+1}$ and $\mathbf{s} = \mathbf{B}\mathbf{h}$:

$$-y_k + p_k \sum_{l=1}^{K} y_l = p_k - y_k$$
"""


def test_a_vector_numbered_from_zero_keeps_its_declared_entries():
    """h = [1, h_1, …, h_H]ᵀ ∈ ℝ^{H+1} beside the table's h_j = tanh(a_j): the definition runs one entry
    short (the author numbers from 0)."""
    assert _at(FROM_ZERO_TABLE) == {12: {Verdict.PROVED}}
    assert _at(FROM_ZERO_TABLE.replace("= p_k - y_k$$", "= y_k - p_k$$")) == {12: {Verdict.REFUTED}}


SHAPES_TABLE = r"""| symbol | shape | meaning |
|---|---|---|
| $X$ | $n \times d$ | inputs, one example a row |
| $c$ | $n$ | labels in $\{0, 1\}$ |
| $w$ | $d$ | weights |

With $q = \sigma(Xw)$ and $L(w) = -c^\top \log q - (1 - c)^\top \log(1 - q)$,

$$\nabla_w L = X^\top (q - c)$$
"""


def test_a_table_of_shapes_defines_nothing():
    """| $c$ | $n$ | is c's length, never c = n."""
    assert _at(SHAPES_TABLE) == {9: {Verdict.PROVED}}


ROWS_IN_WORDS = r"""For one example the label is $y \in \{0, 1\}$ and $h_\theta(x) = g(\theta^T x)$ with $g(z) = 1/(1 + e^{-z})$. Over $m$ examples $x^{(i)} \in \mathbb{R}^{n}$,

$$\ell(\theta) = \sum_{i=1}^m y^{(i)} \log h_\theta(x^{(i)}) + (1 - y^{(i)}) \log(1 - h_\theta(x^{(i)}))$$

One example at a time, the update is $\theta_j := \theta_j + \alpha\left(y^{(i)} - h_\theta(x^{(i)})\right)x_j^{(i)}$ for a step size $\alpha$.

In matrix form, stack the inputs: the design matrix $X$ holds $(x^{(i)})^T$ in its rows, and $D = \operatorname{diag}(h_\theta(x^{(1)})(1 - h_\theta(x^{(1)})), \dots, h_\theta(x^{(m)})(1 - h_\theta(x^{(m)})))$. Then

$$\nabla^2_\theta \ell(\theta) = -\sum_{i=1}^m h_\theta(x^{(i)})(1 - h_\theta(x^{(i)}))\, x^{(i)} (x^{(i)})^T = -X^T D X$$

With $\vec{y}$ the vector of all $m$ labels, $\nabla_\theta \ell(\theta) = X^T(\vec{y} - g(X\theta))$.
"""


def test_a_design_matrix_said_to_hold_the_examples_in_its_rows_is_m_by_n():
    """"the design matrix $X$ holds $(x^{(i)})^T$ in its rows", after a long inline formula: X is m × n."""
    assert _at(ROWS_IN_WORDS)[9] == {Verdict.PROVED}
    assert Verdict.REFUTED in _at(ROWS_IN_WORDS.replace("= -X^T D X$$", "= X^T D X$$"))[9]


def test_a_vector_arrow_on_a_name_declared_a_number_is_not_that_number():
    """$\\vec{y}$, all m labels, beside the one label y ∈ {0, 1}: never read as y broadcast."""
    assert _at(ROWS_IN_WORDS)[11] == {Verdict.UNPARSED}


ONE_EXAMPLE_OF_A_FAMILY = r"""Inputs are the columns of $X = [x^{(1)}, \dots, x^{(m)}] \in \mathbb{R}^{d \times m}$; $W \in \mathbb{R}^{K \times d}$, $b \in \mathbb{R}^{K}$; labels $y_i \in \{1, \dots, K\}$.

For example $i$, $h^{(i)} = Wx^{(i)} + b$ and $p^{(i)}_k = e^{h^{(i)}_k} / \sum_{c} e^{h^{(i)}_c}$, stacked as $P \in \mathbb{R}^{K \times m}$, and the cost is
$$J = -\frac{1}{m}\sum_{i=1}^{m} \log p^{(i)}_{y_i} .$$
For one example the index is dropped: $\ell = -\log p_y$, where $h_k = \sum_{j} W_{kj} x_j + b_k$.

$$\frac{\partial \ell}{\partial h_k} = p_k - [k = y]$$

$$\frac{\partial J}{\partial h_k} = p_k - [k = y]$$
"""


def test_the_one_example_a_loss_is_of_is_what_it_is_differentiated_by():
    """ℓ of one example, written through p^{(i)} and h^{(i)}; h_k defined for one example too: ∂ℓ/∂h_k is
    by that example's h. ∂J/∂h_k, J a mean over the examples, could mean any of them: unparsed."""
    assert _at(ONE_EXAMPLE_OF_A_FAMILY) == {7: {Verdict.PROVED}, 9: {Verdict.UNPARSED}}
    wrong = ONE_EXAMPLE_OF_A_FAMILY.replace(r"h_k} = p_k - [k = y]", r"h_k} = [k = y] - p_k", 1)
    assert _at(wrong)[7] == {Verdict.REFUTED}


MASK_IN_WORDS = r"""| symbol | shape | meaning |
|---|---|---|
| $A$ | $N \times d$ | inputs, one per row |
| $V_1$ | $d \times r$ | hidden weights |
| $V_2$ | $r \times C$ | output weights |
| $Y$ | $N \times C$ | one-hot labels |

$$S = AV_1, \qquad R = \max(S, 0), \qquad Z = RV_2, \qquad Q_{nc} = \frac{e^{Z_{nc}}}{\sum_{k} e^{Z_{nk}}}$$

$$E = -\frac{1}{N}\sum_{n=1}^{N}\sum_{c=1}^{C} Y_{nc}\log Q_{nc}, \qquad D := \frac{\partial E}{\partial Z} = \frac{1}{N}(Q - Y)$$

The gate $K \in \{0,1\}^{N \times r}$ has $K_{nj} = 1$ when $S_{nj} > 0$, and $0$ otherwise.

$$\frac{\partial E}{\partial S} = K \odot \bigl(D V_2^T\bigr) \qquad \text{(the gate passes } D V_2^T \text{)}$$
"""


def test_an_entry_said_to_be_one_if_and_zero_otherwise_is_an_indicator():
    """"$K_{nj} = 1$ when $S_{nj} > 0$, and $0$ otherwise": K = 𝟙[S > 0]; the remark after the claim,
    \\text{(the gate passes } … \\text{)}, is a note. Without the 0 it defines nothing."""
    assert _at(MASK_IN_WORDS)[14] == {Verdict.PROVED}
    assert _at(MASK_IN_WORDS.replace("and $0$ otherwise", "and 0 otherwise"))[14] == {Verdict.PROVED}
    assert _at(MASK_IN_WORDS.replace(r"= K \odot", r"= -K \odot"))[14] == {Verdict.REFUTED}
    assert Verdict.REFUTED not in _at(MASK_IN_WORDS.replace(", and $0$ otherwise", ""))[14]


BATCH_DECLARED_BESIDE_ITS_MEMBER = r"""The $N$ inputs are the columns of $A \in \mathbb{R}^{d \times N}$, the weights $V \in \mathbb{R}^{C \times d}$,
and the one-hot labels the columns of $T \in \mathbb{R}^{C \times N}$; softmax down each column gives $Q \in \mathbb{R}^{C \times N}$.

For one column $a \in \mathbb{R}^{d}$, with $t$ its label: $z = Va$ and
$$q = \frac{e^{z}}{\mathbf{1}^T e^{z}}$$

$$L = -\frac{1}{N}\sum_{n=1}^{N} t_n^T \log q_n = -\frac{1}{N}\operatorname{tr}\left(T^T \log Q\right)$$

$$\frac{\partial L}{\partial V} = \frac{1}{N}(Q - T)A^T$$
"""


def test_a_declared_batch_holds_its_defined_member_at_each_example():
    """Q ∈ ℝ^{C×N} declared beside q defined for one column: Q's columns are q at each example, and q_n
    is q at example n. Before, q_n was unparsed (n runs to N, q has C entries) and Q free symbols."""
    assert _at(BATCH_DECLARED_BESIDE_ITS_MEMBER) == {7: {Verdict.PROVED}, 9: {Verdict.PROVED}}
    wrong = BATCH_DECLARED_BESIDE_ITS_MEMBER.replace(r"= \frac{1}{N}(Q - T)A^T", "= (Q - T)A^T")
    assert _at(wrong)[9] == {Verdict.REFUTED}


ADJOINT_BY_SUBSCRIPT = r"""One example: $x, w \in \mathbb{R}^d$, $b \in \mathbb{R}$ and a label $y \in \{0, 1\}$; $z = w^T x + b$, $p = \sigma(z)$ and
$$E = -y \log p - (1 - y)\log(1 - p).$$

For any intermediate quantity $q$, write $r_q = \partial E / \partial q$; we work backwards.

$$r_p = -\frac{y}{p} + \frac{1 - y}{1 - p}$$

$$r_z = r_p\, p(1 - p) = p - y$$

$$r_{w_j} = r_z\, x_j, \qquad r_b = r_z$$
"""


def test_a_derivative_named_by_its_variable_as_a_subscript():
    """"For any $q$, write $r_q = \\partial E/\\partial q$": r_{w_j} is ∂E/∂w_j, r_b is ∂E/∂b (q a placeholder,
    named by no other equation). Before, each was the derivative by q itself, and unparsed."""
    assert _at(ADJOINT_BY_SUBSCRIPT) == {6: {Verdict.PROVED}, 8: {Verdict.PROVED}, 10: {Verdict.PROVED}}
    wrong = ADJOINT_BY_SUBSCRIPT.replace(r"r_{w_j} = r_z\, x_j", r"r_{w_j} = -r_z\, x_j")
    assert _at(wrong)[10] == {Verdict.REFUTED, Verdict.PROVED}


ADJOINT_STATED_IN_WORDS = r"""A dense tanh layer: $X \in \mathbb{R}^{N \times I}$, $W \in \mathbb{R}^{I \times O}$, $Z = XW$ and
$Y = \tanh(Z)$ entrywise, with the test loss $L = \sum_{n=1}^{N}\sum_{o=1}^{O} \Gamma_{no} Y_{no}$ for a fixed
$\Gamma \in \mathbb{R}^{N \times O}$. The backward rule is handed $G_Y$ and returns $G_Z$ and $G_W$, where
$G_V$ always denotes $\partial L/\partial V$ and has the shape of $V$.

$$G_Y = \frac{\partial L}{\partial Y} = \Gamma$$

$$G_Z = G_Y \odot (1 - Y \odot Y), \qquad G_W = X^\top G_Z$$
"""


def test_a_derivative_named_by_a_subscript_said_in_words_beside_a_real_name():
    """"$G_V$ always denotes $∂L/∂V$" in the prose (V named by no equation), and G_Y = ∂L/∂Y in an
    equation (Y is a name of the layer): G_Z is ∂L/∂Z, G_W is ∂L/∂W. Before, the first such equation,
    whose Y is no placeholder, hid the words, and G_Z was G with the index Z, unparsed."""
    assert _at(ADJOINT_STATED_IN_WORDS) == {6: {Verdict.PROVED}, 8: {Verdict.PROVED}}
    wrong = ADJOINT_STATED_IN_WORDS.replace(r"G_W = X^\top G_Z", r"G_W = X^\top G_Y")
    assert _at(wrong)[8] == {Verdict.PROVED, Verdict.REFUTED}


LOSS_OF_AN_EXAMPLE_SAID_AFTER = r"""A batch of $m$ examples: $X \in \mathbb{R}^{m \times d}$, $W \in \mathbb{R}^{d \times k}$, one-hot targets
$Y \in \{0,1\}^{m \times k}$, $Z = XW$ and $P = \mathrm{softmax}(Z)$ by rows.

$$L = -\frac{1}{m} \sum_{i=1}^{m} \sum_{c=1}^{k} Y_{ic} \log P_{ic} = \frac{1}{m} \sum_{i=1}^{m} \ell_i, \qquad \ell_i = -\sum_{c=1}^{k} Y_{ic}\log P_{ic}.$$

$$\frac{\partial L}{\partial W} = \frac{1}{m} X^\top (P - Y)$$
"""


def test_the_loss_of_an_example_said_just_after_the_mean_that_uses_it():
    """"L = … = \\frac{1}{m}\\sum_i \\ell_i, \\qquad \\ell_i = …": ℓ_i is what the next formula says, in the
    step before it too (it was unparsed: "the loss is not defined"); a mean with a wrong factor is refuted."""
    assert _at(LOSS_OF_AN_EXAMPLE_SAID_AFTER) == {4: {Verdict.PROVED}, 6: {Verdict.PROVED}}
    wrong = LOSS_OF_AN_EXAMPLE_SAID_AFTER.replace(r"= \frac{1}{m} \sum_{i=1}^{m} \ell_i",
                                                  r"= \frac{2}{m} \sum_{i=1}^{m} \ell_i")
    assert _at(wrong)[4] == {Verdict.REFUTED}


REGULARIZED_IN_WORDS = r"""One example: $x \in \mathbb{R}^d$, $W \in \mathbb{R}^{k \times d}$, a one-hot $y \in \{0,1\}^k$, $z = Wx$,
$p = \mathrm{softmax}(z)$ and $J = -\sum_{c=1}^{k} y_c \log p_c$.

$$\frac{\partial J}{\partial W} = (p - y)x^\top$$

To regularize, add $\frac{\lambda}{2}\|W\|_F^2$ to $J$, call it $J_\lambda$. Then

$$\frac{\partial J_\lambda}{\partial W} = (p - y)x^\top + \lambda W$$
"""


def test_a_regularized_loss_said_in_words_is_the_loss_plus_its_term():
    """"add $\\frac{\\lambda}{2}\\|W\\|_F^2$ to $J$, call it $J_\\lambda$": J_λ = J + (λ/2)‖W‖²_F, so its
    gradient is checked (it was unparsed: "the loss is not defined"); 2λW for λW is refuted."""
    assert _at(REGULARIZED_IN_WORDS) == {4: {Verdict.PROVED}, 8: {Verdict.PROVED}}
    assert _at(REGULARIZED_IN_WORDS.replace(r"+ \lambda W$$", r"+ 2\lambda W$$"))[8] == {Verdict.REFUTED}
    spelled = REGULARIZED_IN_WORDS.replace("To regularize, add", "Adding").replace(", call it", " gives")
    assert _at(spelled)[8] == {Verdict.PROVED}


ENTRIES_OF_A_DECLARED_MATRIX = r"""| symbol | shape | meaning |
|:---:|:---:|:---|
| $\boldsymbol{H}$ | $B\times F$ | inputs, one row each |
| $\boldsymbol{V}$ | $F\times C$ | weights |
| $\boldsymbol{S}$ | $B\times C$ | scores $\boldsymbol{S}=\boldsymbol{H}\boldsymbol{V}$ |
| $\boldsymbol{Q}$ | $B\times C$ | softmax output |
| $\boldsymbol{R}$ | $B\times C$ | one-hot targets |

Entries are written in lower case, $s_{bc}$, $q_{bc}$, $r_{bc}$.

$$q_{bc} = \frac{\exp(s_{bc})}{\sum_{c'=1}^{C}\exp(s_{bc'})}, \qquad E = -\frac{1}{B}\sum_{b=1}^{B}\sum_{c=1}^{C} r_{bc}\log q_{bc}$$

$$\frac{\partial E}{\partial \boldsymbol{V}} = \frac{1}{B}\boldsymbol{H}^{\top}(\boldsymbol{Q}-\boldsymbol{R})$$
"""


def test_a_declared_matrix_is_the_matrix_of_its_entries_defined_in_lower_case():
    """Q declared B × C, q_{bc} defined entry by entry: Q is their matrix, not values of its own (a missing
    1/B was `undecided` before: Q stood on one side only, tied to nothing). R is one-hot: its table row
    says so, whatever its letter (read as a general matrix, the correct step is refuted)."""
    assert _at(ENTRIES_OF_A_DECLARED_MATRIX)[13] == {Verdict.PROVED}
    wrong = ENTRIES_OF_A_DECLARED_MATRIX.replace(r"= \frac{1}{B}\boldsymbol{H}^{\top}", r"= \boldsymbol{H}^{\top}")
    assert _at(wrong)[13] == {Verdict.REFUTED}


LABELS_ONE_HOT_IN_A_SENTENCE = r"""The $N$ inputs are the columns of $A \in \mathbb{R}^{d \times N}$ and the weights are $V \in \mathbb{R}^{C \times d}$; the one-hot labels of the examples form the columns of $R \in \mathbb{R}^{C \times N}$, and the softmax of each column of $VA$ forms $Q \in \mathbb{R}^{C \times N}$.

For one column $a \in \mathbb{R}^{d}$, with $r$ its label: $z = Va$ and
$$q = \frac{e^{z}}{\mathbf{1}^T e^{z}}$$

$$L = -\frac{1}{N}\sum_{n=1}^{N} r_n^T \log q_n$$

$$\frac{\partial L}{\partial V} = \frac{1}{N}(Q - R)A^T$$

$$\frac{\partial L}{\partial V} = (Q - R)A^T$$
"""


def test_a_step_that_holds_once_a_name_near_the_word_one_hot_is_one_hot_is_not_refuted():
    """R is said one-hot in words this reader does not parse: drawn general, the correct gradient (line 8)
    fails; with R one-hot it holds, so it is undecided, never refuted. The missing 1/N (line 10) fails
    either way and is refuted."""
    assert _at(LABELS_ONE_HOT_IN_A_SENTENCE) == {8: {Verdict.UNDECIDED}, 10: {Verdict.REFUTED}}


ACROSS_A_CODE_NAME = r"""Inputs $X \in \mathbb{R}^{N \times d}$, weights $W \in \mathbb{R}^{k \times d}$; $Z = XW^\top$ and $Y = \tanh(Z)$ entrywise.

The framework hands you $G = $ `grad_output` $= \partial L/\partial Y$, of the shape of $Y$.

$$\frac{\partial L}{\partial Z} = G \odot (1 - Y \odot Y)$$

$$\frac{\partial L}{\partial W} = \bigl(G \odot (1 - Y \odot Y)\bigr)^\top X$$
"""


def test_an_equation_written_across_a_code_name():
    """"$G = $ `grad_output` $= ∂L/∂Y$": G is the gradient handed down. Before, "$G = $" (a formula that
    ends in a space) was no math at all, and every step was "the loss is not defined"."""
    assert _at(ACROSS_A_CODE_NAME) == {5: {Verdict.PROVED}, 7: {Verdict.PROVED}}
    wrong = ACROSS_A_CODE_NAME.replace(r"\bigl(G \odot (1 - Y \odot Y)\bigr)^\top X", r"\bigl(G \odot Y\bigr)^\top X")
    assert _at(wrong)[7] == {Verdict.REFUTED}


CLASSES_AFTER_BINARY_LABELS = r"""With two classes the labels were bits, $y^{(i)} \in \{0, 1\}$; now there are $K$ of them,
$y^{(i)} \in \{1, \dots, K\}$, for $m$ inputs $x^{(i)} \in \mathbb{R}^{n+1}$ whose entry $x_0 = 1$ stands for the
intercept. The class weights $w_1, \dots, w_K \in \mathbb{R}^{n+1}$ are the rows of $W \in \mathbb{R}^{K \times (n+1)}$, and

$$P(y^{(i)} = c \mid x^{(i)}; W) = \frac{\exp(w_c^T x^{(i)})}{\sum_{r=1}^{K} \exp(w_r^T x^{(i)})}$$

$$J(W) = -\frac{1}{m}\sum_{i=1}^{m}\sum_{c=1}^{K} 1\{y^{(i)} = c\}\log P(y^{(i)} = c \mid x^{(i)}; W) + \frac{\lambda}{2}\sum_{c=1}^{K}\sum_{j=0}^{n} W_{cj}^2$$

Whichever classes $c$ and $a$ we pick,

$$\nabla_{w_a}\log P(y^{(i)} = c \mid x^{(i)}; W) = \left(1\{c = a\} - P(y^{(i)} = a \mid x^{(i)}; W)\right)x^{(i)}$$

$$\nabla_{w_a} J(W) = -\frac{1}{m}\sum_{i=1}^{m}\left(1\{y^{(i)} = a\} - P(y^{(i)} = a \mid x^{(i)}; W)\right)x^{(i)} + \lambda w_a$$
"""


def test_a_sum_from_0_over_the_entries_of_a_vector_with_an_intercept():
    """\\sum_{j=0}^{n} runs over the n + 1 entries of a row of W: the weight decay's gradient is λw_a. It
    was "cannot read the limits of this sum"; a factor 2 too many (line 13) is refuted."""
    assert _at(CLASSES_AFTER_BINARY_LABELS)[13] == {Verdict.PROVED}
    wrong = CLASSES_AFTER_BINARY_LABELS.replace(r"x^{(i)} + \lambda w_a$$", r"x^{(i)} + 2\lambda w_a$$")
    assert _at(wrong)[13] == {Verdict.REFUTED}


def test_labels_declared_a_class_after_bits_are_classes_where_an_indicator_compares_them_with_one():
    """y^{(i)} ∈ {0, 1}, then y^{(i)} ∈ {1, …, K} beside 𝟙{y^{(i)} = c}: the labels are classes (the first
    declaration, bits, made every line "read only as a one-hot label"); a sign lost is refuted."""
    assert _at(CLASSES_AFTER_BINARY_LABELS) == {11: {Verdict.PROVED}, 13: {Verdict.PROVED}}
    wrong = CLASSES_AFTER_BINARY_LABELS.replace(r"\nabla_{w_a} J(W) = -\frac{1}{m}", r"\nabla_{w_a} J(W) = \frac{1}{m}")
    assert _at(wrong)[13] == {Verdict.REFUTED}


ONE_LOG_PROBABILITY = r"""Let $z \in \mathbb{R}^{K}$, $y \in \{0, 1\}^{K}$ one-hot, $p = \mathrm{softmax}(z)$ and
$L = -\sum_{k=1}^{K} y_k \log p_k$. For every class $c$,

$$\frac{\partial (-\log p_c)}{\partial z} = p - y$$
"""


def test_an_index_the_prose_says_runs_over_every_class_is_not_one_fixed_class():
    """c on one side only: true where c is the label's class (-log p_c, c the correct class, is the loss).
    Said "for every class c", c runs over every class and the step is refuted (it was proved, c read as
    the label's class); without those words, c may be that one class and the step holds there."""
    assert _at(ONE_LOG_PROBABILITY) == {4: {Verdict.REFUTED}}
    assert _at(ONE_LOG_PROBABILITY.replace("For every class $c$,", "One log-probability:")) == {4: {Verdict.PROVED}}
    right = ONE_LOG_PROBABILITY.replace("= p - y$$", r"= p - e_c$$")
    assert _at(right) == {4: {Verdict.PROVED}}


SHAPES_IN_A_COLUMN_AND_TWO_CLAIMS_ON_A_LINE = r"""Let $W \in \mathbb{R}^{K \times D}$, $x \in \mathbb{R}^{D}$ and $y \in \{0,1\}^K$ one-hot; $z = Wx$, $p = \mathrm{softmax}(z)$ and $L = -\sum_{k=1}^{K} y_k \log p_k$.

$$
\begin{aligned}
\frac{\partial L}{\partial z} &= p - y && (K \times 1) \\
\frac{\partial L}{\partial W} &= (p - y)\, x^\top && (K \times D)
\end{aligned}
$$

$$\frac{\partial L}{\partial z_k} = p_k - y_k \qquad\qquad \frac{\partial L}{\partial x} = W^\top (p - y)$$
"""


def test_a_column_of_shapes_and_a_wide_gap_between_two_claims_are_not_part_of_a_claim():
    """"&& (K × 1)", align's column of notes, was read as a factor (p − y times K), and two claims set
    apart by \\qquad alone as one chain whose middle side was p_k − y_k times ∂L/∂x: three correct
    steps were refuted. Each is read alone now; a lost transpose is still refuted where it does not fit."""
    assert _at(SHAPES_IN_A_COLUMN_AND_TWO_CLAIMS_ON_A_LINE) == {5: {Verdict.PROVED}, 6: {Verdict.PROVED},
                                                                 10: {Verdict.PROVED}}
    wrong = SHAPES_IN_A_COLUMN_AND_TWO_CLAIMS_ON_A_LINE.replace(r"&= (p - y)\, x^\top", r"&= (p + y)\, x^\top")
    assert _at(wrong)[6] == {Verdict.REFUTED}


BIAS_AS_ENTRY_0 = r"""The input is $x \in \mathbb{R}^{D}$, the hidden weights $A \in \mathbb{R}^{H \times D}$, the output weights $v \in \mathbb{R}^{H+1}$ (its entry $v_0$ the bias) and the target $t \in \mathbb{R}$. The hidden layer is $h = [1, h_1, \dots, h_H]^\top \in \mathbb{R}^{H+1}$ with

$$a_j = \sum_{i=1}^{D} A_{ji} x_i$$

$$h_j = \tanh(a_j)$$

$$o = \sum_{j=0}^{H} v_j h_j$$

$$E = \frac{1}{2}(o - t)^2$$

$$\frac{\partial E}{\partial v_j} = (o - t)\, h_j$$

$$\frac{\partial E}{\partial a_j} = (o - t)\, v_j \,(1 - h_j^2)$$
"""


def test_a_sum_from_0_over_a_name_defined_from_1_is_not_read():
    """h_j = tanh(a_j) numbers h's entries 1, …, H; h_0 = 1 is the bias unit. Read as the entries of h
    from the first, o = Σ_{j=0}^{H} v_j h_j would pair v_j with another h than the author's: o is left
    unread, and no step through it is refuted, right or wrong."""
    assert all(verdicts <= {Verdict.UNPARSED, Verdict.UNDECIDED} for verdicts in _at(BIAS_AS_ENTRY_0).values())
    uses = [step.detail for step in steps(BIAS_AS_ENTRY_0) if step.line == 11]
    assert uses == ["line 11: o is given a value at line 7 that this reader cannot read"]  # not "neither … nor"
    wrong = BIAS_AS_ENTRY_0.replace(r"= (o - t)\, h_j$$", r"= (o - t)\, h_{j+1}$$")
    assert Verdict.REFUTED not in set().union(*_at(wrong).values())


def test_one_fixed_index_holds_only_where_every_space_has_that_index():
    """Without "whichever classes", c on the left only may be one fixed class. Class 3 is past the end
    where K = 2: the step was proved, "c read as one fixed index, 3", on the one Space where K = 3 and
    the label's class happened to be 3. A fixed value must be tried in every Space: it is refuted."""
    wrong = CLASSES_AFTER_BINARY_LABELS.replace(r"\left(1\{c = a\}", r"\left(1\{y^{(i)} = a\}")
    unsaid = wrong.replace("Whichever classes $c$ and $a$ we pick,", "Then")
    assert _at(unsaid)[11] == {Verdict.REFUTED}


BIAS_UNIT_FIRST = r"""The input is $x \in \mathbb{R}^{D}$, the hidden weights $A \in \mathbb{R}^{H \times D}$, the output weights $v \in \mathbb{R}^{H+1}$ and the target $t \in \mathbb{R}$. The hidden layer, a unit 1 first for the bias, is $h \in \mathbb{R}^{H+1}$ with

$$a_j = \sum_{i=1}^{D} A_{ji} x_i$$

$$h_j = \tanh(a_j)$$

$$E = \frac{1}{2}(v^\top h - t)^2$$

$$\frac{\partial E}{\partial v_j} = (v^\top h - t)\, h_j$$

$$\frac{\partial E}{\partial v} = (v^\top h - t)\, h$$
"""


def test_a_vector_declared_longer_than_its_entries_defined_is_one_value_whole_and_by_entry():
    """h ∈ ℝ^{H+1} beside h_j = tanh(a_j), a ∈ ℝ^H: h whole was the declared h, but h_j was tanh(a_j), so
    the correct line 9 was refuted. The declared entries are h's value whole and each now."""
    assert _at(BIAS_UNIT_FIRST) == {9: {Verdict.PROVED}, 11: {Verdict.PROVED}}
    wrong = BIAS_UNIT_FIRST.replace(r"= (v^\top h - t)\, h_j$$", r"= (v^\top h + t)\, h_j$$")
    assert _at(wrong)[9] == {Verdict.REFUTED}


NUMBERS_OF_EACH_EXAMPLE_STACKED = r"""| name | shape | what |
|---|---|---|
| $A$ | $n \times p$ | the examples, row $k$ is $a_k^\top$ |
| $b$ | $n$ | labels, $b_k \in \{0, 1\}$ |
| $w$ | $p$ | weights |

Example $k$ has the probability $r_k = \sigma(a_k^\top w)$, and $r$ is the vector of them.

$$J(w) = -\sum_{k=1}^{n} \left(b_k \log r_k + (1 - b_k)\log(1 - r_k)\right)$$

$$\nabla J(w) = \sum_{k=1}^{n} (r_k - b_k)\, a_k = A^\top (r - b)$$
"""


def test_a_number_defined_for_each_example_is_their_vector_where_it_stands_alone():
    """r_k = σ(s_k) for each example, then A^T(r − b): r is the column of the r_k, as many as the sums over k
    run to (it was "r is neither declared nor defined"); a sign lost is refuted."""
    assert _at(NUMBERS_OF_EACH_EXAMPLE_STACKED) == {11: {Verdict.PROVED}}
    wrong = NUMBERS_OF_EACH_EXAMPLE_STACKED.replace(r"= A^\top (r - b)$$", r"= A^\top (b - r)$$")
    assert _at(wrong) == {11: {Verdict.PROVED, Verdict.REFUTED}}


WEIGHTS_SAID_AFTER_THE_HESSIAN = r"""The rows of $Z \in \mathbb{R}^{N \times M}$ are the features $z_n^\top$ of $N$ points with labels $t \in \{0,1\}^N$; the weights are $w \in \mathbb{R}^M$, $s_n = \sigma(w^\top z_n)$, and
$E(w) = -\sum_{n=1}^{N}\left(t_n \ln s_n + (1 - t_n)\ln(1 - s_n)\right) + \frac{\beta}{2} w^\top w$.

$$\nabla\nabla E(w) = \sum_{n=1}^{N} s_n(1 - s_n)\, z_n z_n^\top + \beta I = Z^\top B Z + \beta I$$

in which the $N \times N$ diagonal matrix $B$ has the elements

$$B_{nn} = s_n(1 - s_n).$$
"""


def test_a_diagonal_matrix_given_by_its_entries_just_after_the_line_that_uses_it():
    """"= ZᵀBZ + βI, in which B has the elements B_{nn} = …": B was "neither declared nor defined" at
    line 4; it is known there now, and the β I dropped from the last side is refuted."""
    assert _at(WEIGHTS_SAID_AFTER_THE_HESSIAN) == {4: {Verdict.PROVED}}
    wrong = WEIGHTS_SAID_AFTER_THE_HESSIAN.replace(r"= Z^\top B Z + \beta I$$", r"= Z^\top B Z$$")
    assert _at(wrong) == {4: {Verdict.PROVED, Verdict.REFUTED}}


LABELS_OF_EACH_EXAMPLE_STACKED = r"""Each example $\mathbf{x}_n \in \mathbb{R}^D$ has a label $y_n \in \{0, 1\}$ and the probability $\mu_n = \sigma(\mathbf{w}^\mathsf{T}\mathbf{x}_n)$.

$$\mathrm{NLL}(\mathbf{w}) = -\frac{1}{N}\sum_{n=1}^{N}\left[y_n \log \mu_n + (1 - y_n)\log(1 - \mu_n)\right]$$

With the inputs as the rows of the $N \times D$ matrix $\mathbf{X}$,

$$\nabla_\mathbf{w}\mathrm{NLL}(\mathbf{w}) = \frac{1}{N}\sum_{n=1}^{N}(\mu_n - y_n)\mathbf{x}_n = \frac{1}{N}\mathbf{X}^\mathsf{T}(\boldsymbol{\mu} - \mathbf{y})$$
"""


def test_labels_and_probabilities_of_each_example_are_their_vectors_where_they_stand_alone():
    """μ alone is the column of the μ_n, and y, whose shape is only inferred from Xᵀ(μ − y), is the
    column of the labels y_n the loss is written with, not a vector of its own (which refuted the
    correct step once μ was read)."""
    assert _at(LABELS_OF_EACH_EXAMPLE_STACKED) == {7: {Verdict.PROVED}}
    wrong = LABELS_OF_EACH_EXAMPLE_STACKED.replace(r"(\boldsymbol{\mu} - \mathbf{y})$$", r"(\mathbf{y} - \boldsymbol{\mu})$$")
    assert _at(wrong) == {7: {Verdict.PROVED, Verdict.REFUTED}}


A_DECLARED_VECTOR_OF_NUMBERS_EACH_EXAMPLE_DEFINES = r"""The $N$ points $\mathbf{x}_n \in \mathbb{R}^d$ are the rows of the $N \times d$ matrix $\mathrm{X}$, with labels $y_n \in \{-1, +1\}$, and
$E(\mathbf{w}) = \frac{1}{N}\sum_{n=1}^{N} \ln\left(1 + e^{-y_n \mathbf{w}^\mathsf{T}\mathbf{x}_n}\right)$.
Collect the vector $\mathbf{g} \in \mathbb{R}^N$ with $g_n = y_n\,\sigma(-y_n \mathbf{w}^\mathsf{T}\mathbf{x}_n)$. Then

$$\nabla E(\mathbf{w}) = -\frac{1}{N}\sum_{n=1}^{N} g_n \mathbf{x}_n = -\frac{1}{N}\mathrm{X}^\mathsf{T}\mathbf{g}$$
"""


def test_a_declared_vector_is_the_vector_of_its_entries_defined_for_each_example():
    """g ∈ ℝ^N with g_n = y_n σ(…) for each example: g is the column of the g_n. Drawn as a vector of its
    own it differed from the g_n the sum is written with, and only "g stands on one side only" kept the
    correct last side from being refuted; it is proved now, and a sign lost there is refuted."""
    assert _at(A_DECLARED_VECTOR_OF_NUMBERS_EACH_EXAMPLE_DEFINES) == {5: {Verdict.PROVED}}
    wrong = A_DECLARED_VECTOR_OF_NUMBERS_EACH_EXAMPLE_DEFINES.replace(
        r"= -\frac{1}{N}\mathrm{X}^\mathsf{T}\mathbf{g}$$", r"= \frac{1}{N}\mathrm{X}^\mathsf{T}\mathbf{g}$$")
    assert _at(wrong) == {5: {Verdict.PROVED, Verdict.REFUTED}}


VALUES_SAID_AFTER_A_DEFINITION = r"""Let $x \in \mathbb{R}^{d}$ and $w \in \mathbb{R}^{d}$ with labels $s \in \{-1, +1\}$; with $t = (1 + s)/2 \in \{0, 1\}$ and
$q = \sigma(w^\top x) \in (0, 1)$, the loss is $L = -t \log q - (1 - t)\log(1 - q)$.

$$t - \frac{1}{2} = \frac{s}{2}$$

$$\nabla_w L = (q - t)\, x$$
"""


def test_the_values_a_definition_takes_written_after_it_are_a_note():
    """"$t = (1 + s)/2 \\in \\{0, 1\\}$", "$q = \\sigma(w^\\top x) \\in (0, 1)$": the set a defined value lies in
    is a note on the definition, as a space \\in \\mathbb{R}^d already was (each was "a value this reader cannot
    read"); and "labels $s \\in \\{-1, +1\\}$" declares s, no case: the error on line 4 was "cannot read the case
    condition", undecided."""
    assert _at(VALUES_SAID_AFTER_A_DEFINITION) == {4: {Verdict.PROVED}, 6: {Verdict.PROVED}}
    wrong = VALUES_SAID_AFTER_A_DEFINITION.replace(r"= \frac{s}{2}$$", r"= s$$")
    assert _at(wrong)[4] == {Verdict.REFUTED}


SIZES_NAMED_BY_A_WORD = r"""A layer maps $x \in \mathbb{R}^{N_{\rm in}}$ to $N_{\rm out}$ outputs: $W \in \mathbb{R}^{N_{\rm out} \times N_{\rm in}}$, $b \in \mathbb{R}^{N_{\rm out}}$, targets $t \in \mathbb{R}^{N_{\text{out}}}$,
$z = Wx + b$ and $L = \frac{1}{2}\sum_{i=1}^{N_{\rm out}} (z_i - t_i)^2$.

$$\frac{\partial L}{\partial W} = (z - t)\, x^\top$$

$$\frac{\partial L}{\partial x_j} = \sum_{i=1}^{N_{\rm out}} W_{ij}\,(z_i - t_i)$$
"""


def test_sizes_named_by_an_upright_word_are_sizes():
    """N_{\\rm out} (TeX's old font switch) and N_{\\text{out}}: the one size N_out. With \\rm every
    declaration was lost ("unknown symbol W"); with \\text the declarations' shapes were not read."""
    assert _at(SIZES_NAMED_BY_A_WORD) == {4: {Verdict.PROVED}, 6: {Verdict.PROVED}}
    wrong = SIZES_NAMED_BY_A_WORD.replace(r"W_{ij}\,(z_i - t_i)$$", r"W_{ji}\,(z_i - t_i)$$")
    assert _at(wrong) == {4: {Verdict.PROVED}, 6: {Verdict.REFUTED}}
    assert _at(SIZES_NAMED_BY_A_WORD.replace("N_{\\rm out}", "N_{\\mathrm{out}}")) == \
        {4: {Verdict.PROVED}, 6: {Verdict.PROVED}}


AN_INNER_PRODUCT_OF_MATRICES = r"""| math | shape | meaning |
|---|---|---|
| $X$ | $N \times I$ | inputs, one per row |
| $W$ | $I \times O$ | weights |
| $Y$ | $N \times O$ | $Y = \tanh(XW)$, entrywise |

A fixed probe $\Gamma \in \mathbb{R}^{N \times O}$ gives the scalar
$$\mathcal{L}(Y) = \langle \Gamma, Y \rangle_F = \sum_{n=1}^{N}\sum_{o=1}^{O} \Gamma_{no} Y_{no}.$$

$$\frac{\partial \mathcal{L}}{\partial W} = X^\top\left[\Gamma \odot (1 - Y \odot Y)\right]$$
"""


def test_the_inner_product_of_two_matrices_is_a_number_and_a_variable_of_the_loss_may_be_computed():
    """⟨Γ, Y⟩_F is Σ Γ_no Y_no: it was read as a product of matrices, and its comma split the claim in two.
    L(Y) names Y as the loss's variable, yet the document computes Y from W and differentiates by W:
    Y = tanh(XW) is a step of the forward pass, not a solution for Y ("the derivative by W, on which
    the expression does not depend")."""
    assert _at(AN_INNER_PRODUCT_OF_MATRICES) == {8: {Verdict.PROVED}, 10: {Verdict.PROVED}}
    wrong = AN_INNER_PRODUCT_OF_MATRICES.replace(r"\odot (1 - Y \odot Y)", r"\odot (1 - Y)")
    assert _at(wrong) == {8: {Verdict.PROVED}, 10: {Verdict.REFUTED}}


A_ROW_OF_THE_BATCH_SAID_AFTER_ITS_NAME = r"""The data is $X \in \mathbb{R}^{n \times p}$, and $X_i$ denotes the $i$-th sample as a column vector, i.e. the transpose of the $i$-th row of $X$. The weights are $w \in \mathbb{R}^p$ and the targets $y \in \mathbb{R}^n$.

$$f(w) = \frac{1}{2}\sum_{i=1}^{n} \left(X_i^T w - y_i\right)^2$$

$$\nabla_w f(w) = \sum_{i=1}^{n} \left(X_i^T w - y_i\right) X_i = X^T (X w - y)$$
"""


def test_a_member_said_to_be_a_row_of_the_batch_after_its_name_is_that_row():
    """"$X_i$ … i.e. the transpose of the $i$-th row of $X$" (scikit-learn's user guide): X_i is row i, not
    column i, of X, though the words "column vector" come first; read as a column, the loss itself did
    not fit (X_iᵀw, a 1×n times a p×1) and the step was a convention at best."""
    assert _at(A_ROW_OF_THE_BATCH_SAID_AFTER_ITS_NAME) == {5: {Verdict.PROVED}}
    wrong = A_ROW_OF_THE_BATCH_SAID_AFTER_ITS_NAME.replace(r"= X^T (X w - y)$$", r"= X^T (y - X w)$$")
    assert _at(wrong) == {5: {Verdict.PROVED, Verdict.REFUTED}}


ANOTHER_FACT_OF_THE_BATCH_IN_THE_SAME_SENTENCE = r"""The data matrix $X$ is $n \times K$ with rank $K$. The $i$th row of $X$ is $x_i^\top$, and the first column of $X$ is a column of ones. The coefficients are $b \in \mathbb{R}^K$ and the outcomes $y \in \mathbb{R}^n$.

$$S(b) = \sum_{i=1}^{n} (y_i - x_i^\top b)^2$$

$$\frac{\partial S}{\partial b} = -2\sum_{i=1}^{n} x_i (y_i - x_i^\top b) = -2X^\top(y - Xb)$$
"""


def test_a_row_or_column_of_the_batch_said_in_another_clause_is_not_the_members():
    """"… is $x_i^\\top$, and the first column of $X$ is a column of ones": the column is the intercept's, not
    what x_i is. Read as x_i's (the rule just above, before its clause was cut at "and"), x_i was column i
    of X and the correct last side was refuted."""
    assert _at(ANOTHER_FACT_OF_THE_BATCH_IN_THE_SAME_SENTENCE) == {5: {Verdict.PROVED}}


A_LIKELIHOOD_OF_THE_OUTCOME = r"""The inputs are the rows of $X \in \mathbb{R}^{n \times d}$, written $x_i^\top$; the targets are $y \in \mathbb{R}^n$ and the weights $w \in \mathbb{R}^d$, and the noise has variance $\sigma^2$, so that

$$p(y_i \mid x_i, w) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y_i - x_i^\top w)^2}{2\sigma^2}\right)$$

$$\ell(w) = -\sum_{i=1}^{n} \log p(y_i \mid x_i, w) = \frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - x_i^\top w)^2$$

$$\nabla_w \ell(w) = \frac{1}{\sigma^2} X^\top (X w - y)$$
"""


def test_a_density_of_the_outcome_the_document_writes_out_is_its_value():
    """p(y_i | x_i, w) = a Gaussian in y_i: the negative log-likelihood is read through it (it was "a
    probability the document does not define"), and a sign lost in the expansion is refuted there."""
    read = _at(A_LIKELIHOOD_OF_THE_OUTCOME)
    assert read[5] <= {Verdict.PROVED, Verdict.NUMERICALLY_EQUAL} and read[7] == {Verdict.PROVED}
    wrong = A_LIKELIHOOD_OF_THE_OUTCOME.replace(r"\log(2\pi\sigma^2) + \frac", r"\log(2\pi\sigma^2) - \frac")
    assert _at(wrong)[5] == {Verdict.REFUTED}


ONE_CLASS_WRITTEN_AS_THE_PROBABILITY = r"""The model gives $p(y \mid x) = \sigma(w^\top x)$ for $x \in \mathbb{R}^d$, $w \in \mathbb{R}^d$ and a label $y \in \{0, 1\}$.

$$L(w) = -\log p(y \mid x) = -y \log \sigma(w^\top x) - (1 - y)\log(1 - \sigma(w^\top x))$$

$$\frac{\partial L}{\partial w} = (\sigma(w^\top x) - y)\, x$$
"""


def test_a_probability_whose_value_does_not_name_the_outcome_is_no_density():
    """p(y | x) = σ(wᵀx) is P(y = 1 | x) written loosely: taken as p's value at every y, -log p(y | x) would
    be -log σ(wᵀx) even at y = 0, and the correct cross-entropy after it refuted."""
    read = _at(ONE_CLASS_WRITTEN_AS_THE_PROBABILITY)
    assert read == {3: {Verdict.UNPARSED}, 5: {Verdict.PROVED}}


A_GREEK_NUMBER_ONLY_IN_DEFINITIONS = r"""Let $X \in \mathbb{R}^{d \times n}$, $y \in \mathbb{R}^n$, $w \in \mathbb{R}^d$, $g = X(X^\top w - y) + \lambda w$ and $H = X X^\top + \lambda I_d$.

$$H w - g = X y$$
"""


def test_a_greek_letter_used_only_in_definitions_is_a_number():
    """λ appears in g and H only, never in a step: it is the number it is everywhere else, not a d-vector
    inferred from λI_d (which refuted the correct step, with λ = [1, -1])."""
    assert _at(A_GREEK_NUMBER_ONLY_IN_DEFINITIONS) == {3: {Verdict.PROVED}}
    assert _at(A_GREEK_NUMBER_ONLY_IN_DEFINITIONS.replace("= X y$$", "= -X y$$")) == {3: {Verdict.REFUTED}}
