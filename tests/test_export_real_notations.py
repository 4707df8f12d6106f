"""gradproof export on derivations written as other authors write them: an all-ones vector with no size
(𝟏ᵀG, 𝟏𝟏ᵀ − H ⊙ H, XW + 𝟏bᵀ), a size one more than another (θ ∈ ℝ^{n+1}), a function the document
defines (g(z) = 1/(1 + e^{−z}), h_θ(x) = g(θᵀx)), a derivative an earlier chain proved (∂L/∂z = … = a − y, then
∂L/∂w = (∂L/∂z)x), a softmax written entry by entry (p_k = e^{z_k} / Σ_j e^{z_j}, P_{kn} of each column), and a
loss given a new value before the step. Each
module written passes its own test; a step whose names changed value before it is refused."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy
import pytest

import gradproof

TANH_BATCH = r"""# A tanh layer over a batch

The batch $\boldsymbol{X} \in \mathbb{R}^{m \times n}$ holds one example per row, the weights are $\boldsymbol{W} \in \mathbb{R}^{n \times p}$, the bias $\boldsymbol{b} \in \mathbb{R}^{p}$ and the targets $\boldsymbol{Y} \in \mathbb{R}^{m \times p}$.

$$\boldsymbol{A} = \boldsymbol{X}\boldsymbol{W} + \boldsymbol{1}\boldsymbol{b}^\top, \qquad \boldsymbol{H} = \tanh(\boldsymbol{A}), \qquad J = \frac{1}{2m}\|\boldsymbol{H} - \boldsymbol{Y}\|_F^2$$

$$\boldsymbol{G} = \frac{\partial J}{\partial \boldsymbol{A}} = \frac{1}{m}\left(\boldsymbol{H} - \boldsymbol{Y}\right) \odot \left(\boldsymbol{1}\boldsymbol{1}^\top - \boldsymbol{H} \odot \boldsymbol{H}\right)$$

$$\frac{\partial J}{\partial \boldsymbol{W}} = \boldsymbol{X}^\top \boldsymbol{G}$$

$$\frac{\partial J}{\partial \boldsymbol{b}} = \boldsymbol{G}^\top \boldsymbol{1}$$
"""

RIDGE_WITH_INTERCEPT = r"""# Ridge regression with an intercept

With $m$ examples and $n$ features plus a column of ones, $X \in \mathbb{R}^{m \times (n+1)}$, $y \in \mathbb{R}^m$ and $\theta \in \mathbb{R}^{n+1}$:

$$J(\theta) = \frac{1}{2m}\left(X\theta - y\right)^T\left(X\theta - y\right) + \frac{\lambda}{2m}\theta^T\theta$$

$$\frac{\partial J}{\partial \theta} = \frac{1}{m}X^T(X\theta - y) + \frac{\lambda}{m}\theta$$
"""

LOGISTIC_WITH_A_HYPOTHESIS = r"""# Logistic regression, Ng's notation

The sigmoid is $g(z) = \frac{1}{1 + e^{-z}}$ and the hypothesis $h_\theta(x) = g(\theta^T x)$, for $\theta \in \mathbb{R}^n$. The design matrix $X \in \mathbb{R}^{m \times n}$ has the examples $x^{(i)}$ as its rows and the labels are $y \in \{0, 1\}^m$.

$$J(\theta) = -\frac{1}{m}\sum_{i=1}^{m}\left[y^{(i)}\log h_\theta(x^{(i)}) + (1 - y^{(i)})\log\left(1 - h_\theta(x^{(i)})\right)\right]$$

$$\nabla_\theta J(\theta) = \frac{1}{m}X^T\left(g(X\theta) - y\right)$$
"""

ONE_EXAMPLE_THEN_A_BATCH = r"""# One example, then a batch

Let $x \in \mathbb{R}^{n}$, $W \in \mathbb{R}^{p \times n}$, $b \in \mathbb{R}^{p}$ and $t \in \mathbb{R}^{p}$, with

$$h = \tanh(Wx + b), \qquad L = \frac{1}{2}\|h - t\|^2$$

$$\frac{\partial L}{\partial b} = (1 - h \odot h) \odot (h - t)$$

For a batch, $X \in \mathbb{R}^{n \times B}$ and $T \in \mathbb{R}^{p \times B}$ hold the examples as columns:

$$H = \tanh(WX + b\mathbf{1}_B^\top), \qquad L = \frac{1}{2B}\|H - T\|_F^2$$

$$\frac{\partial L}{\partial b} = \frac{1}{B}\left[(1 - H \odot H) \odot (H - T)\right]\mathbf{1}_B$$
"""

CHAIN_RULE_CITED = r"""# Logistic regression by the chain rule

Let $x \in \mathbb{R}^{n}$ and $w \in \mathbb{R}^{n}$, $b \in \mathbb{R}$ and $y \in \{0, 1\}$.

$$z = w^\top x + b, \qquad a = \sigma(z), \qquad L = -y\log a - (1 - y)\log(1 - a)$$

$$\frac{\partial L}{\partial z} = \frac{\partial L}{\partial a}\,\frac{\partial a}{\partial z} = \left(-\frac{y}{a} + \frac{1 - y}{1 - a}\right)a(1 - a) = a - y$$

$$\frac{\partial L}{\partial w} = \frac{\partial L}{\partial z}\, x$$

$$\frac{\partial L}{\partial b} = \frac{\partial L}{\partial a}\,a(1 - a)$$
"""

SOFTMAX_BY_ENTRIES = r"""# Softmax regression, entry by entry

Let $x \in \mathbb{R}^{d}$, $W \in \mathbb{R}^{K \times d}$, $b \in \mathbb{R}^{K}$ and $y \in \mathbb{R}^{K}$ one-hot.

$$z = Wx + b, \qquad p_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}, \qquad L = -\sum_{k=1}^{K} y_k \log p_k$$

$$\frac{\partial L}{\partial W} = (p - y)x^\top$$
"""

SOFTMAX_OF_EACH_COLUMN = r"""# A batch in columns, its probabilities entry by entry

Let $x_n \in \mathbb{R}^{d}$ and $y_n \in \mathbb{R}^{K}$ one-hot for $n = 1, \dots, m$, $W \in \mathbb{R}^{K \times d}$, and stack them as columns:

$$X = [x_1, \dots, x_m] \in \mathbb{R}^{d \times m}, \qquad Y = [y_1, \dots, y_m] \in \mathbb{R}^{K \times m}$$

$$Z = WX, \qquad P_{kn} = \frac{e^{Z_{kn}}}{\sum_{j=1}^{K} e^{Z_{jn}}}, \qquad L = -\frac{1}{m}\sum_{k=1}^{K}\sum_{n=1}^{m} Y_{kn} \log P_{kn}$$

$$\frac{\partial L}{\partial W} = \frac{1}{m}(P - Y)X^\top$$
"""

EXPORTS = [(TANH_BATCH, 7, "A"), (TANH_BATCH, 9, "W"), (TANH_BATCH, 11, "b"), (RIDGE_WITH_INTERCEPT, 7, "theta"),
           (LOGISTIC_WITH_A_HYPOTHESIS, 7, "theta"), (ONE_EXAMPLE_THEN_A_BATCH, 7, "b"), (CHAIN_RULE_CITED, 9, "w"),
           (SOFTMAX_BY_ENTRIES, 7, "W"), (SOFTMAX_OF_EACH_COLUMN, 9, "W")]


def _export(tmp_path: Path, text: str, line: int, capsys) -> tuple[int, Path, str]:
    document = tmp_path / "derivation.md"
    document.write_text(text)
    out = tmp_path / f"grad_{line}.py"
    code = gradproof.main(["export", str(document), "--line", str(line), "-o", str(out)])
    return code, out, capsys.readouterr().err


@pytest.mark.parametrize("text, line, variable", EXPORTS,
                         ids=["tanh-batch:A", "tanh-batch:W", "tanh-batch:b", "ridge-intercept", "logistic-h-theta",
                              "one-example", "chain-rule-cited", "softmax-entries", "softmax-columns"])
def test_a_proved_step_in_another_notation_exports_and_passes_its_test(tmp_path, capsys, text, line, variable):
    code, out, err = _export(tmp_path, text, line, capsys)
    assert (code, err) == (0, "")
    spec = importlib.util.spec_from_file_location(out.stem, out)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.test_gradient_matches_central_differences()
    arrays = module.draw(numpy.random.default_rng(1))
    assert module.gradient(**arrays).shape == arrays[variable].shape


def test_a_step_after_its_loss_was_given_a_new_value_is_refused(tmp_path, capsys):
    """The batch gradient is proved against the batch loss, which verify reads from line 11 on; a module
    built from the first L would test it against the wrong loss, and its test would fail."""
    code, out, err = _export(tmp_path, ONE_EXAMPLE_THEN_A_BATCH, 13, capsys)
    assert code == 2 and not out.exists()
    assert err == "gradproof: L is given another value at line 11; export reads a name defined once\n"


def test_a_line_this_reader_cannot_read_before_the_step_does_not_stop_export(tmp_path, capsys):
    """Export looks back over the chains before the step for names given a new value; a first side it cannot
    read (∂J/∂ with no variable) is no such name, and no "internal error"."""
    text = TANH_BATCH.replace("$$\\frac{\\partial J}{\\partial \\boldsymbol{W}}",
                              "$$\\partial J / \\partial = \\boldsymbol{G}$$\n\n$$\\frac{\\partial J}{\\partial \\boldsymbol{W}}")
    code, out, err = _export(tmp_path, text, 11, capsys)
    assert (code, err) == (0, "")
    assert "X.T" in out.read_text()


def test_a_derivative_no_earlier_chain_proves_is_refused(tmp_path, capsys):
    """∂L/∂a is proved nowhere before line 11 (only ∂L/∂z is): the step has no closed form to write."""
    code, out, err = _export(tmp_path, CHAIN_RULE_CITED, 11, capsys)
    assert code == 2 and not out.exists()
    assert "holds a derivative that no earlier chain of the document proves equal to a closed form" in err


LAYERS_BY_A_LETTER = r"""# Backpropagation, layer by layer

Layer $l$ has weights $W^{[l]} \in \mathbb{R}^{n_l \times n_{l-1}}$, biases $b^{[l]} \in \mathbb{R}^{n_l}$ and activations $a^{[l]} = \tanh(z^{[l]})$ with $z^{[l]} = W^{[l]}a^{[l-1]} + b^{[l]}$; the input is $a^{[0]} = x$ and the cost $C = \frac{1}{2}\|a^{[L]} - y\|^2$.

$$\frac{\partial C}{\partial W^{[l]}} = \delta^{[l]} (a^{[l-1]})^\top$$
"""


def test_a_derivation_with_layers_named_by_a_letter_is_refused_as_such(tmp_path, capsys):
    code, out, err = _export(tmp_path, LAYERS_BY_A_LETTER, 5, capsys)
    assert code == 2 and not out.exists()
    assert "names its layers by a letter (w^l, W^{[l]}); export does not read such derivations yet" in err
