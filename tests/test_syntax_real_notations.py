"""Notations real authors write that the reader once rejected: each correct step in it is proved,
and the same step with one error is refuted at its line (never left unparsed, never a false alarm).

d2l's ∂_{o_j} l and ∂²_{o_j} l; a loss of several arguments, l(y, ŷ) and L(w, b); a hat over a
Greek letter, θ̂; a word above or below a name, w^{new}, w_{old}, θ^{(old)}; Δθ, Ω(W), sinh and
cosh; ≈ between sides, which claims no equality; 𝟙{y^{(i)} = j} with a one-hot label; ∏; a capital Σ
that names a value (a softmax's normaliser Σ_n := Σ_l e^{S_{ln}} and Σ_n², a covariance Σ^{-1}, UΣVᵀ)
beside the Σ written for the sum sign (Σ_w u_w); a derivative written at its point, ∂J/∂w (w), and an
objective of two variables named after the minimum it is written under, f(w, c).
"""
import pytest

from checks.syntax import Deriv, Indicator, Loss, Mul, Name, Neg, Num, Pow, Prod, Sum, Transpose, parse
from checks.verdict import Verdict
from tests.document_steps import steps

PARTIAL = r"""Let $w \in \mathbb{R}^d$, $x \in \mathbb{R}^d$ and $y \in \mathbb{R}$. The loss is

$$L = \frac{1}{2}(w^\top x - y)^2$$

Its derivative by one weight, and the second:

$$\partial_{w_j} L = (w^\top x - y) x_j$$

$$\partial^2_{w_j} L = x_j^2$$
"""

LOSS_ARGUMENTS = r"""Let $z \in \mathbb{R}^k$ be the logits, $y \in \mathbb{R}^k$ a one-hot label and $\hat{y} = \mathrm{softmax}(z)$.

$$l(\mathbf{y}, \hat{\mathbf{y}}) = -\sum_{j=1}^{k} y_j \log \hat{y}_j$$

$$\frac{\partial l(\mathbf{y}, \hat{\mathbf{y}})}{\partial z} = \hat{y} - y$$

$$\partial_{z_j} l(\mathbf{y}, \hat{\mathbf{y}}) = \hat{y}_j - y_j$$
"""

TWO_VARIABLES = r"""Let $X \in \mathbb{R}^{m \times d}$, $y \in \mathbb{R}^m$, $w \in \mathbb{R}^d$ and $b \in \mathbb{R}$.

$$L(\mathbf{w}, b) = \frac{1}{2}\|Xw - y\|^2 + \frac{1}{2}b^2$$

$$\nabla_w L(\mathbf{w}, b) = X^\top(Xw - y)$$
"""

GREEK_HAT = r"""Let $x \in \mathbb{R}^n$ and $y \in \mathbb{R}^n$. The least-squares slope is

$$\hat{\beta} = \frac{x^\top y}{x^\top x}$$

$$x^\top(y - \hat{\boldsymbol{\beta}} x) = 0$$
"""

STEP = r"""Let $g \in \mathbb{R}^d$, $NEW \in \mathbb{R}^d$ and $OLD \in \mathbb{R}^d$ be the weights after and before a step.

$$(NEW - OLD)^\top g = g^\top NEW - g^\top OLD$$
"""

DELTA = r"""Let $\theta \in \mathbb{R}^d$, $g \in \mathbb{R}^d$ and $\eta \in \mathbb{R}$. The step is

$$\Delta\theta = -\eta g$$

$$(\theta + \Delta\theta)^\top g = \theta^\top g - \eta g^\top g$$
"""

REGULARIZER = r"""Let $W \in \mathbb{R}^{k \times d}$. The regularizer is

$$\Omega(\boldsymbol{W}) = \frac{1}{2}\|\boldsymbol{W}\|_F^2$$

$$\nabla_{\boldsymbol{W}} \Omega(\boldsymbol{W}) = \boldsymbol{W}$$
"""

HYPERBOLIC = r"""For a scalar $z \in \mathbb{R}$,

$$\frac{d}{dz}\tanh(z) = \frac{d}{dz}\,\frac{\sinh(z)}{\cosh(z)}$$

$$\frac{d}{dz}\,\frac{\sinh(z)}{\cosh(z)} = 1 - \tanh^2(z)$$
"""

SECOND_DERIVATIVE = r"""For a scalar $u \in \mathbb{R}$,

$$\tanh''(u) = \frac{d}{du}\left(1 - \tanh^2 u\right) = -2\tanh u\,\tanh'(u) = -2\tanh(u)\big(1 - \tanh^2(u)\big)$$
"""

APPROXIMATION = r"""Let $w \in \mathbb{R}^d$ and $x \in \mathbb{R}^d$. Near $w^\top x = 0$,

$$\sigma(w^\top x) \approx \frac{1}{2} + \frac{1}{4}w^\top x = \frac{1}{4}(2 + x^\top w)$$
"""

INDICATOR = r"""Examples $x^{(i)} \in \mathbb{R}^d$ have one-hot labels $y^{(i)} \in \mathbb{R}^k$.

$$1\{y^{(i)} = j\} = y^{(i)}_j$$

$$\sum_{j=1}^{k} \mathbb{1}\{y^{(i)}=j\} = 1$$
"""

PRODUCT = r"""Let $z \in \mathbb{R}^m$.

$$\prod_{i=1}^{m} e^{z_i} = e^{\sum_{i=1}^{m} z_i}$$
"""

NORMALISER = r"""Fix one column $n$ of the scores $S \in \mathbb{R}^{K \times N}$ and call its normaliser
$\Sigma_n := \sum_{l=1}^{K} e^{S_{ln}}$, so that $P_{kn} = e^{S_{kn}} / \Sigma_n$. For $k \neq j$,

$$\frac{\partial P_{kn}}{\partial S_{jn}} = -\frac{e^{S_{kn}}\,e^{S_{jn}}}{\Sigma_n^2} = -P_{kn}P_{jn}$$

and $\partial \log \Sigma_n / \partial S_{jn} = e^{S_{jn}} / \Sigma_n = P_{jn}$.
"""

PARTITION_SUM = r"""Let $u \in \mathbb{R}^K$ and $\Sigma = \sum_{j=1}^{K} e^{u_j}$, so $q_k = e^{u_k}/\Sigma$.

$$\frac{\partial q_k}{\partial u_l} = \frac{\delta_{kl}\, e^{u_k}\,\Sigma - e^{u_k} e^{u_l}}{\Sigma^2} = q_k(\delta_{kl} - q_l)$$
"""

# the new and the old point, as authors label them
STEP_SPELLINGS = {
    "mathrm above": (r"w^{\mathrm{new}}", r"w^{\mathrm{old}}"),
    "text below": (r"w_{\text{new}}", r"w_{\text{old}}"),
    "PRML's brackets": (r"\mathbf{w}^{(\mathrm{new})}", r"\mathbf{w}^{(\mathrm{old})}"),
    "Greek": (r"\theta^{(\mathrm{new})}", r"\theta^{(\mathrm{old})}"),
}


def _step(new: str, old: str) -> str:
    return STEP.replace("NEW", new).replace("OLD", old)


# (document, the step as written, the same step with one error, its line)
CASES = {
    "partial operator": (PARTIAL, r"= (w^\top x - y) x_j", r"= (w^\top x + y) x_j", 7),
    "second partial operator": (PARTIAL, r"= x_j^2", r"= x_j", 9),
    "loss of label and prediction": (LOSS_ARGUMENTS, r"}{\partial z} = \hat{y} - y", r"}{\partial z} = y - \hat{y}", 5),
    "partial of a loss of two arguments": (LOSS_ARGUMENTS, r"= \hat{y}_j - y_j", r"= \hat{y}_j", 7),
    "loss of two variables": (TWO_VARIABLES, r"= X^\top(Xw - y)", r"= X^\top(Xw + y)", 5),
    "hat over a Greek letter": (GREEK_HAT, r"x) = 0", r"x) = x^\top y", 5),
    "a step named with Delta": (DELTA, r"= \theta^\top g - \eta g^\top g", r"= \theta^\top g + \eta g^\top g", 5),
    "a regularizer named Omega": (REGULARIZER, r"= \boldsymbol{W}$$", r"= 2\boldsymbol{W}$$", 5),
    "sinh and cosh": (HYPERBOLIC, r"= 1 - \tanh^2(z)", r"= 1 + \tanh^2(z)", 5),
    "tanh's second derivative, named with two primes": (SECOND_DERIVATIVE, r"\big(1 - \tanh^2(u)", r"\big(1 + \tanh^2(u)", 3),
    "the equality after an approximation": (APPROXIMATION, r"= \frac{1}{4}(2 + x^\top w)",
                                            r"= \frac{1}{4}(1 + x^\top w)", 3),
    "indicator of a one-hot label's class": (INDICATOR, r"= y^{(i)}_j", r"= 1 - y^{(i)}_j", 3),
    "sum of the indicators over the classes": (INDICATOR, r"=j\} = 1", r"=j\} = k", 5),
    "product over a range": (PRODUCT, r"= e^{\sum_{i=1}^{m} z_i}", r"= e^{\prod_{i=1}^{m} z_i}", 3),
    "a normaliser named with a capital sigma": (NORMALISER, r"= -P_{kn}P_{jn}", r"= P_{kn}P_{jn}", 4),
    "the normaliser's logarithm": (NORMALISER, r"= P_{jn}$.", r"= 1 - P_{jn}$.", 6),
    "a partition sum named with a capital sigma": (PARTITION_SUM, r"- q_l)", r"- q_k)", 3),
}


def _verdicts(text: str) -> list[tuple[int, Verdict]]:
    return [(s.line, s.verdict) for s in steps(text)]


@pytest.mark.parametrize("name", CASES)
def test_a_correct_step_in_the_notation_is_proved(name):
    text, _, _, _ = CASES[name]
    found = steps(text)
    assert found and {s.verdict for s in found} == {Verdict.PROVED}, [(s.line, s.verdict, s.detail) for s in found]


@pytest.mark.parametrize("name", CASES)
def test_a_wrong_step_in_the_notation_is_refuted_at_its_line(name):
    text, correct, wrong, line = CASES[name]
    assert text.count(correct) == 1, "the variant must change exactly one place"
    found = _verdicts(text.replace(correct, wrong))
    assert [at for at, verdict in found if verdict is Verdict.REFUTED] == [line], found
    assert all(verdict is Verdict.PROVED for at, verdict in found if at != line), found


@pytest.mark.parametrize("spelling", STEP_SPELLINGS)
def test_a_word_above_or_below_a_name_makes_a_name_of_its_own(spelling):
    """w^{new} and w^{old} are two names, neither of them w: exchanging them is refuted."""
    new, old = STEP_SPELLINGS[spelling]
    text = _step(new, old)
    assert _verdicts(text) == [(3, Verdict.PROVED)]
    wrong = text.replace(f"= g^\\top {new} - g^\\top {old}", f"= g^\\top {old} - g^\\top {new}")
    assert wrong != text
    assert _verdicts(wrong) == [(3, Verdict.REFUTED)]


def test_an_update_of_a_labelled_name_is_not_its_definition():
    """w^{new} = w^{old} - ηH⁻¹g is an update of w, as w = w - ηg is: what it mentions (H, described
    in words) is not made a free matrix of its own, so a later step with H is not refuted by it."""
    text = (r"Let $w^{\mathrm{old}} \in \mathbb{R}^d$, $g \in \mathbb{R}^d$ and $\eta \in \mathbb{R}$."
            "\n\n$$w^{\\mathrm{new}} = w^{\\mathrm{old}} - \\eta H^{-1} g$$\n\n"
            "$$H_{jj} = g_j^2$$\n")
    assert Verdict.REFUTED not in {verdict for _, verdict in _verdicts(text)}


def test_the_step_across_an_approximation_is_never_claimed():
    """σ(wᵀx) ≈ ½ + ¼wᵀx is false as an identity: it is not a step, so it is never refuted."""
    found = steps(APPROXIMATION)
    assert [(s.lhs, s.verdict) for s in found] == [(r"\frac{1}{2} + \frac{1}{4}w^\top x", Verdict.PROVED)]


@pytest.mark.parametrize("latex,expected", [
    (r"\partial_{o_j} l(\mathbf{y}, \hat{\mathbf{y}})",
     Deriv(Name("o", "j", False), Loss("", ("y", r"\haty"), "ell"))),
    (r"\partial^2_{o_j} l", Deriv(Name("o", "j", False), Name("l", None, False), second=Name("o", "j", False))),
    (r"\hat{\beta}", Name("beta", None, True)),
    (r"w_{\text{old}}", Name("w{old}", None, False)),
    (r"w_j^{\mathrm{new}}", Name("w{new}", "j", False)),
    (r"\Delta \mathbf{W}", Name("W{Delta}", None, False)),
    (r"\Delta", Name("Delta", None, False)),
    (r"\mathbb{1}\{y^{(i)}=l\}", Indicator("y^(i)", "l", True)),
    (r"\prod_{i=1}^{m} p_i", Prod("i", "range", (), Name("p", "i", False), "m")),
    (r"\Sigma_{w} u_w", Sum("w", "bare", (), Name("u", "w", False))),
    (r"\Sigma_{i=1}^{n} x_i", Sum("i", "range", (), Name("x", "i", False), "n")),
    (r"\Sigma^{-1}", Pow(Name("Sigma", None, False), Neg(Num("1")))),
    (r"\Sigma_n^2", Pow(Name("Sigma", "n", False), Num("2"))),
    (r"U \Sigma V^T", Mul((Name("U", None, False), Name("Sigma", None, False), Transpose(Name("V", None, False))),
                            (False, False))),
])
def test_the_notation_reads_as_the_primitive_it_is(latex, expected):
    assert parse(latex) == expected


@pytest.mark.parametrize("latex", [
    r"\Delta L",  # the change of a loss: the loss at two points
    r"\Delta \ell(\theta)",
    r"\partial^3_x f",  # only first and second derivatives
    r"\prod p_i",  # a product needs its limits
])
def test_what_would_be_guessed_is_left_unparsed(latex):
    from checks.errors import Unparsed
    with pytest.raises(Unparsed):
        parse(latex)


AT_ITS_POINT = r"""Let $X \in \mathbb{R}^{n \times d}$, $y \in \mathbb{R}^n$ and $w \in \mathbb{R}^d$, and $J(w) = \frac{1}{2}\|Xw - y\|^2$.

$$\frac{\partial J}{\partial w}(w) = X^T(Xw - y)$$

For a scalar $c \in \mathbb{R}$ let $g(c) = \frac{1}{2}c^2 + 3c$.

$$\frac{dg}{dc}(c) = c + 3$$
"""

OBJECTIVE = r"""The data are $X \in \mathbb{R}^{n \times p}$ and $y \in \mathbb{R}^n$; the coefficients are $w \in \mathbb{R}^p$ and the
intercept is $c \in \mathbb{R}$. Ridge regression with an unpenalized intercept solves

$$\min_{w, c} \frac{1}{2}\|Xw + c\mathbf{1}_n - y\|^2 + \frac{\lambda}{2} w^T w .$$

We call this objective $f(w, c)$. Its gradient and its curvature in the intercept are

$$\nabla_w f(w, c) = X^T(Xw + c\mathbf{1}_n - y) + \lambda w$$

$$\frac{\partial f}{\partial c}(w, c) = \mathbf{1}_n^T(Xw + c\mathbf{1}_n - y)$$

$$\frac{\partial^2 f}{\partial c^2}(w, c) = n$$
"""


@pytest.mark.parametrize("text,correct,wrong,line", [
    (AT_ITS_POINT, r"= X^T(Xw - y)", r"= X^T(Xw + y)", 3),
    (AT_ITS_POINT, r"= c + 3", r"= c - 3", 7),
    (OBJECTIVE, r"- y) + \lambda w", r"- y) - \lambda w", 8),
    (OBJECTIVE, r"= \mathbf{1}_n^T(Xw", r"= 2\mathbf{1}_n^T(Xw", 10),
    (OBJECTIVE, r"= n$$", r"= 1$$", 12),
])
def test_a_derivative_written_at_its_point_and_an_objective_of_two_variables(text, correct, wrong, line):
    """∂J/∂w (w), dg/dc (c): the derivative at the point its variables name (it was read as the
    derivative times w, and a correct step was refuted); f(w, c), named after the \\min it minimizes."""
    found = _verdicts(text)
    assert found and all(verdict is Verdict.PROVED for _, verdict in found), found
    assert text.count(correct) == 1
    found = _verdicts(text.replace(correct, wrong))
    assert [at for at, verdict in found if verdict is Verdict.REFUTED] == [line], found


def test_a_derivative_at_another_point_is_not_read():
    from checks.errors import Unparsed
    with pytest.raises(Unparsed, match="another point"):
        parse(r"\frac{\partial J}{\partial w}(w^*)")
    assert parse(r"\frac{\partial L}{\partial z}(x_j)") == Mul(
        (Deriv(Name("z", None, False), Loss("", (), "L")), Name("x", "j", False)), (False,))


SVD = r"""Let $A \in \mathbb{R}^{N \times n}$, $y \in \mathbb{R}^N$ and $c \in \mathbb{R}^n$, and $E(c) = \frac{1}{2}\|Ac - y\|^2$.
If $A = U \Sigma V^T$ is a thin singular value decomposition with $\Sigma = \operatorname{diag}(\sigma_1, \dots, \sigma_n)$,
the normal equations are badly conditioned. Still,

$$\nabla E(c) = A^T(Ac - y)$$
"""


def test_a_declared_matrix_said_equal_to_a_factorization_this_reader_cannot_read_keeps_its_values():
    """A = UΣVᵀ with Σ = diag(σ_1, …, σ_n), σ given no value: A stays the declared matrix (it took the
    unreadable value once Σ read as a name, and the gradient after it went unread)."""
    assert _verdicts(SVD) == [(5, Verdict.PROVED)]
    assert _verdicts(SVD.replace("= A^T(Ac - y)", "= A^T(Ac + y)")) == [(5, Verdict.REFUTED)]
