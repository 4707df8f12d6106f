"""How backpropagation notes write a network: layers as a superscript letter (Nielsen's w^l and
a^{l-1}, Ng's W^{[l]}), the last layer L, a cost named C or E that no J or L stands for, and index
notation in which a weight matrix is only ever written by its entries, w_{kj}. Each correct step is
proved, never refuted; a planted error is refuted at its line; a transpose alone is a convention."""
from checks.verdict import Verdict
from tests.document_steps import verdicts_at as _at

LAYERS = r"""# Backpropagation, layer by layer

Layer $l$ has a weight matrix $W^l$ and a bias vector $b^l$; its weighted input and its activation are
$$z^l = W^l a^{l-1} + b^l, \qquad a^l = \sigma(z^l),$$
and the input is the activation of layer zero. With $L$ layers the cost of one example $(x, y)$ is

$$C = -\sum_j \left[y_j \log a^L_j + (1 - y_j) \log\left(1 - a^L_j\right)\right].$$

We call $\delta^l \equiv \partial C / \partial z^l$ the error of layer $l$. At the output the sigmoid's
slope cancels:
$$\delta^L = \frac{\partial C}{\partial z^L} = a^L - y.$$
Below it, the chain rule through $z^{l+1}$ gives
$$\delta^l = \left((W^{l+1})^T \delta^{l+1}\right) \odot a^l \odot (1 - a^l),$$
and the parameters of layer $l$ follow:
$$\frac{\partial C}{\partial W^l} = \delta^l (a^{l-1})^T, \qquad \frac{\partial C}{\partial b^l} = \delta^l.$$
"""


def test_a_network_whose_layers_are_a_superscript_letter_is_proved_in_every_layer():
    assert _at(LAYERS) == {line: {Verdict.PROVED} for line in (11, 13, 15)}


def test_each_planted_error_of_a_layer_is_refuted_and_a_transposed_gradient_is_a_convention():
    lost = LAYERS.replace(r"\left((W^{l+1})^T \delta^{l+1}\right)", r"\left(W^{l+1} \delta^{l+1}\right)")
    assert _at(lost)[13] == {Verdict.REFUTED}
    slope = LAYERS.replace(r"a^l \odot (1 - a^l)", r"a^l")
    assert _at(slope)[13] == {Verdict.REFUTED}
    assert _at(LAYERS.replace(r"\delta^L = \frac{\partial C}{\partial z^L} = a^L - y",
                              r"\delta^L = \frac{\partial C}{\partial z^L} = y - a^L"))[11] \
        == {Verdict.PROVED, Verdict.REFUTED}  # δ^L = ∂C/∂z^L holds; the sign is wrong
    sign = LAYERS.replace(r"\delta^l (a^{l-1})^T", r"-\delta^l (a^{l-1})^T")
    assert _at(sign)[15] == {Verdict.REFUTED, Verdict.PROVED}  # ∂C/∂b^l = δ^l beside it holds
    assert _at(LAYERS.replace(r"\delta^l (a^{l-1})^T", r"a^{l-1} (\delta^l)^T"))[15] \
        == {Verdict.CONVENTION, Verdict.PROVED}


BRACKETS = LAYERS.replace("W^l", "W^{[l]}").replace("b^l", "b^{[l]}").replace("z^l", "z^{[l]}") \
    .replace("a^l", "a^{[l]}").replace("a^{l-1}", "a^{[l-1]}").replace("a^L", "a^{[L]}") \
    .replace("z^L", "z^{[L]}").replace("delta^l", "delta^{[l]}").replace("delta^L", "delta^{[L]}") \
    .replace("W^{l+1}", "W^{[l+1]}").replace("delta^{l+1}", "delta^{[l+1]}").replace("z^{l+1}", "z^{[l+1]}")


def test_layers_in_brackets_read_as_layers_too():
    assert _at(BRACKETS) == {line: {Verdict.PROVED} for line in (11, 13, 15)}
    lost = BRACKETS.replace(r"\left((W^{[l+1]})^T \delta^{[l+1]}\right)", r"\left(W^{[l+1]} \delta^{[l+1]}\right)")
    assert _at(lost)[13] == {Verdict.REFUTED}


def test_a_letter_above_a_name_alone_stays_a_power():
    """x^l without a neighbour layer (x^{l-1}, x^{l+1}) or brackets is x to the power l."""
    power = r"""Let $x \in \mathbb{R}$ and $l \in \mathbb{R}$, and $J = x^l$. Then
$$\frac{\partial J}{\partial x} = l\, x^{l-1}.$$
"""
    assert _at(power)[2] == {Verdict.PROVED}
    assert _at(power.replace(r"l\, x^{l-1}", r"l\, x^{l}"))[2] == {Verdict.REFUTED}


INDEXED = r"""# A layer of sigmoid units, entry by entry

Output unit $k$ of the layer sums its inputs $x_j$ through the weights $w_{kj}$,
$$a_k = \sum_j w_{kj} x_j + b_k, \qquad o_k = \sigma(a_k),$$
and the error on one pattern with targets $t_k$ is
$$E = \frac{1}{2}\sum_k (t_k - o_k)^2.$$
Differentiating,
$$\frac{\partial E}{\partial a_k} = -(t_k - o_k)\, o_k (1 - o_k),$$
$$\frac{\partial E}{\partial w_{kj}} = -(t_k - o_k)\, o_k (1 - o_k)\, x_j,$$
$$\frac{\partial E}{\partial x_j} = -\sum_k (t_k - o_k)\, o_k (1 - o_k)\, w_{kj}.$$
"""


def test_a_matrix_written_only_by_its_entries_and_a_cost_named_e():
    assert _at(INDEXED) == {line: {Verdict.PROVED} for line in (8, 9, 10)}


def test_each_planted_error_in_index_notation_is_refuted_at_its_line():
    assert _at(INDEXED.replace(r"o_k (1 - o_k)\, x_j", r"o_k (1 - o_k)\, x_k"))[9] == {Verdict.REFUTED}
    assert _at(INDEXED.replace(r"o_k (1 - o_k)\, w_{kj}", r"o_k (1 - o_k)\, w_{jk}"))[10] == {Verdict.REFUTED}
    assert _at(INDEXED.replace(r"= -(t_k - o_k)\, o_k (1 - o_k),$$", r"= -(t_k - o_k)\, o_k,$$"))[8] \
        == {Verdict.REFUTED}


def test_c_that_counts_classes_is_no_cost():
    """C counts the classes where the document never differentiates it: the loss stays L."""
    classes = r"""Let $z \in \mathbb{R}^C$ be the scores of $C$ classes, $y$ one-hot, $p = \mathrm{softmax}(z)$ and
$L = -\sum_{k=1}^{C} y_k \log p_k$. Then
$$\frac{\partial L}{\partial z} = p - y.$$
"""
    assert _at(classes)[3] == {Verdict.PROVED}


def test_the_slope_of_tanh_written_with_the_hyperbolic_secant():
    """tanh' = sech² = 1 − tanh², as lecture notes derive it; sech alone is refuted."""
    slope = r"""Let $z \in \mathbb{R}$ and $a = \tanh(z)$, with the cost $C = \frac{1}{2}(a - y)^2$ for
$y \in \mathbb{R}$.
$$\frac{\partial C}{\partial z} = (a - y)\operatorname{sech}^2 z = (a - y)(1 - a^2)$$
"""
    assert _at(slope)[3] == {Verdict.PROVED}
    assert _at(slope.replace(r"\operatorname{sech}^2 z", r"\operatorname{sech} z"))[3] == {Verdict.REFUTED}
