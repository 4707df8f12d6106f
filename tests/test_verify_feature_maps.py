"""How regression notes write features and residuals: a feature map φ that the document names and
never defines, with its design matrix Φ whose rows are φ(x_n)ᵀ; a residual r := t − Φw with the loss
said again in r, E = ½ rᵀr, and differentiated by r; the gradient set to the zero row vector. Each
correct step is proved or left open, never refuted; a planted error is refuted at its line."""
from checks.verdict import Verdict
from tests.document_steps import verdicts_at as _at

FEATURES = r"""# Basis-function regression

Inputs $x_n \in \mathbb{R}^D$ and targets $t_n \in \mathbb{R}$, $n = 1, \dots, N$, are fitted through a fixed
feature map $\phi : \mathbb{R}^D \to \mathbb{R}^M$. The design matrix $\Phi \in \mathbb{R}^{N \times M}$ has the rows
$\phi(x_n)^\top$, the vector $t \in \mathbb{R}^N$ stacks the targets, and with weights $w \in \mathbb{R}^M$ the
sum-of-squares error is

$$E(w) = \frac{1}{2}\sum_{n=1}^{N} \left(t_n - w^\top \phi(x_n)\right)^2 = \frac{1}{2}\|t - \Phi w\|^2 .$$

Its gradient, one example at a time and then all at once:

$$\nabla_w E = -\sum_{n=1}^{N} \left(t_n - w^\top \phi(x_n)\right)\phi(x_n) = \Phi^\top(\Phi w - t) .$$

With the residual $r := t - \Phi w$, so that $E = \frac{1}{2} r^\top r$, the chain rule has two factors:

$$\frac{\partial E}{\partial r} = r, \qquad \frac{\partial r}{\partial w} = -\Phi .$$

Setting the derivative to the zero row vector,

$$\frac{\mathrm{d}E}{\mathrm{d}w} = \mathbf{0}^\top .$$
"""


def test_a_feature_map_at_an_example_is_a_row_of_its_design_matrix():
    found = _at(FEATURES)
    assert found[8] == {Verdict.PROVED}
    assert found[12] == {Verdict.PROVED}


def test_a_loss_said_again_in_a_residual_is_differentiated_by_the_residual():
    assert _at(FEATURES)[16] == {Verdict.PROVED}


def test_a_derivative_set_to_the_zero_row_vector_is_an_equation_to_solve_never_refuted():
    assert _at(FEATURES)[20] == {Verdict.UNDECIDED}
    assert _at(FEATURES.replace("Setting the derivative to the zero row vector,", "We find"))[20] == {Verdict.REFUTED}


def test_each_planted_error_among_features_and_residuals_is_refuted_at_its_line():
    sign = FEATURES.replace(r"= \Phi^\top(\Phi w - t)", r"= \Phi^\top(t - \Phi w)")
    assert _at(sign)[12] == {Verdict.PROVED, Verdict.REFUTED}  # the sum over examples beside it holds
    feature = FEATURES.replace(r"\left(t_n - w^\top \phi(x_n)\right)\phi(x_n)", r"\left(t_n - w^\top \phi(x_n)\right)")
    assert _at(feature)[12] == {Verdict.UNDECIDED}  # a number against a vector: shapes, never a value
    jacobian = FEATURES.replace(r"\frac{\partial r}{\partial w} = -\Phi", r"\frac{\partial r}{\partial w} = \Phi")
    assert _at(jacobian)[16] == {Verdict.PROVED, Verdict.REFUTED}
    assert _at(FEATURES.replace(r"\frac{\partial E}{\partial r} = r,", r"\frac{\partial E}{\partial r} = 2r,"))[16] \
        == {Verdict.PROVED, Verdict.REFUTED}
