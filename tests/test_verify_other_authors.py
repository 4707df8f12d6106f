"""Derivations of other losses as other authors write them: examples indexed by a subscript (x_n),
time steps (h_t, h_{t-1}), labels of value ±1, the loss of one example L^{(i)}, a class written on
one side only (-log p_c), objects defined in words, a size n+1, a function of the variable used
bare (∇f), a subexpression named after it was used, a diagonal matrix listed entry by entry
(diag(1 - h_1^2, …, 1 - h_d^2)), second derivatives by two entries and through a defined name, a
matrix defined by its entries (p_{ij}, P = (p_{ij})), names with the example dropped, and equations
to solve; where the reader cannot weigh a name (one given nothing defines, p_n over the examples),
the step is never refuted. Each correct step is
proved (never refuted), and the same step with one error is refuted at its line."""
import pytest

from checks.verdict import Verdict
from tests.document_steps import verdicts_at as _at

EXAMPLES_BY_SUBSCRIPT = r"""We have $N$ pairs $(\mathbf{x}_n, y_n)$. Each $\mathbf{x}_n$ is a $d$-dimensional vector and
each label is $y_n \in \{-1, +1\}$. Let $\mathbf{X}$ be the $N \times d$ matrix whose rows are the
$\mathbf{x}_n^T$, and $\mathbf{y}$ the $N$-dimensional vector of labels. The parameter
$\boldsymbol{\theta}$ is also a $d$-dimensional vector.

$$\mathcal{L}(\boldsymbol{\theta}) = \frac{1}{N}\sum_{n=1}^{N}\log\left(1 + e^{-y_n\boldsymbol{\theta}^T\mathbf{x}_n}\right)$$

$$\nabla_{\boldsymbol{\theta}}\mathcal{L} = -\frac{1}{N}\sum_{n=1}^{N}\sigma\left(-y_n\boldsymbol{\theta}^T\mathbf{x}_n\right)y_n\mathbf{x}_n$$

$$\nabla_{\boldsymbol{\theta}}\mathcal{L} = -\frac{1}{N}\mathbf{X}^T\left(\mathbf{y} \odot \sigma(-\mathbf{y} \odot \mathbf{X}\boldsymbol{\theta})\right)$$

$$\nabla^2_{\boldsymbol{\theta}}\mathcal{L} = \frac{1}{N}\sum_{n=1}^{N}\sigma(\boldsymbol{\theta}^T\mathbf{x}_n)\,\sigma(-\boldsymbol{\theta}^T\mathbf{x}_n)\,\mathbf{x}_n\mathbf{x}_n^T$$
"""

TIME_STEPS = r"""One step $t$ of a recurrent network. Sizes: $x_t \in \mathbb{R}^D$, $h_t \in \mathbb{R}^H$,
$W_{xh} \in \mathbb{R}^{H \times D}$, $W_{hh} \in \mathbb{R}^{H \times H}$, $W_{hy} \in \mathbb{R}^{K \times H}$,
$b_y \in \mathbb{R}^K$, and the target $y_t \in \mathbb{R}^K$ is one-hot.

$$a_t = W_{hh}h_{t-1} + W_{xh}x_t$$
$$h_t = \tanh(a_t)$$
$$o_t = W_{hy}h_t + b_y$$
$$\hat{y}_t = \mathrm{softmax}(o_t)$$
$$L_t = -\sum_{k=1}^{K} y_{t,k}\log\hat{y}_{t,k}$$

$$\frac{\partial L_t}{\partial o_t} = \hat{y}_t - y_t$$

$$\frac{\partial L_t}{\partial h_{t-1}} = W_{hh}^T\left((1 - h_t \odot h_t) \odot W_{hy}^T(\hat{y}_t - y_t)\right)$$
"""

ONE_EXAMPLE_AND_BATCH = r"""An input $x \in \mathbb{R}^d$ with a one-hot label $y \in \{0, 1\}^K$ ($y_c = 1$ for the
correct class $c$); $W \in \mathbb{R}^{K \times d}$ and $b \in \mathbb{R}^K$.

$$s = W x + b$$

$$p_k = \frac{e^{s_k}}{\sum_{j=1}^{K} e^{s_j}}$$

$$L = -\sum_{k=1}^{K} y_k \log p_k = -\log p_c$$

For a batch, $X \in \mathbb{R}^{m \times d}$ holds the inputs in its rows and $Y \in \mathbb{R}^{m \times K}$
the one-hot labels:

$$S = X W^T + \mathbf{1} b^T$$

where $P$ is the row-wise softmax of $S$, and the cost is $J = \frac{1}{m}\sum_{i=1}^{m} L^{(i)}$.

$$\frac{\partial J}{\partial S} = \frac{1}{m}(P - Y)$$

$$\frac{\partial J}{\partial b} = \frac{1}{m}(P - Y)^T \mathbf{1}$$
"""

NORMAL_EQUATION = r"""There are $m$ examples of $n$ features and a constant $x_0 = 1$: $\theta \in \mathbb{R}^{n+1}$,
the design matrix $X \in \mathbb{R}^{m \times (n+1)}$ and $y \in \mathbb{R}^{m}$.

$$J(\theta) = \frac{1}{2m}(X\theta - y)^T(X\theta - y)$$

$$\frac{\partial J(\theta)}{\partial \theta} = \frac{1}{m}X^T(X\theta - y)$$

Setting the gradient to zero:

$$X^TX\theta = X^Ty$$

$$\theta = (X^TX)^{-1}X^Ty$$
"""

FUNCTION_USED_BARE = r"""$X$ is the $n \times p$ design matrix, $y \in \mathbb{R}^n$ and $\beta \in \mathbb{R}^p$.
We minimize $f(\beta) = \|y - X\beta\|^2$.

$$\nabla_\beta f = 2X^T(X\beta - y)$$

$$J(\beta) = \frac{1}{2n}\|y - X\beta\|^2$$

$$\nabla_\beta J = \frac{1}{2n}\nabla_\beta f = \frac{1}{n}X^T(X\beta - y)$$
"""

NAMED_AFTER_USE = r"""A minibatch $X \in \mathbb{R}^{m \times n}$, targets $Y \in \mathbb{R}^{m \times p}$,
$W \in \mathbb{R}^{n \times p}$ and $b \in \mathbb{R}^{p}$:

$$H = \tanh\left(XW + \mathbf{1}b^\top\right), \qquad J = \frac{1}{2m}\|H - Y\|_F^2$$

Writing $A = XW + \mathbf{1}b^\top$ for the pre-activations,

$$\nabla_A J = \frac{1}{m}(H - Y) \odot (\mathbf{1}\mathbf{1}^\top - H \odot H)$$
"""

DIAGONAL_LISTED = r"""A tanh layer: $x \in \mathbb{R}^n$, $W \in \mathbb{R}^{d \times n}$, $b, y \in \mathbb{R}^d$.

$$z = Wx + b, \qquad h = \tanh(z), \qquad \ell = \frac{1}{2}\|h - y\|^2$$

The Jacobian of an entrywise function is diagonal:

$$\frac{\partial h}{\partial z} = \operatorname{diag}(1 - h_1^2, \dots, 1 - h_d^2)$$

$$\nabla_z \ell = \operatorname{diag}(1 - h_1^2, 1 - h_2^2, \ldots, 1 - h_d^2)\,(h - y)$$
"""

SECOND_DERIVATIVES = r"""Let $w \in \mathbb{R}^d$ and $x \in \mathbb{R}^d$, with a label $y \in \{0, 1\}$.

$$z = w^T x$$

$$L = -y\log\sigma(z) - (1 - y)\log(1 - \sigma(z))$$

$$\frac{\partial^2 L}{\partial w_j \partial w_k} = \sigma(z)(1 - \sigma(z))x_j x_k$$

$$\frac{\partial^2 L}{\partial z^2} = \sigma(z)(1 - \sigma(z))$$
"""


@pytest.mark.parametrize("text, proved", [
    (EXAMPLES_BY_SUBSCRIPT, (8, 10, 12)),  # x_n the n-th row of X; line 12 holds for labels ±1 only
    (TIME_STEPS, (11, 13)),  # h_t, h_{t-1}: t is part of the name
    (ONE_EXAMPLE_AND_BATCH, (8, 17, 19)),  # -log p_c: c is the class; L^{(i)}: example i of X, Y
    (FUNCTION_USED_BARE, (4, 8)),  # ∇f: f(β), β declared
    (NAMED_AFTER_USE, (8,)),  # ∇_A J with J written without A
    (DIAGONAL_LISTED, (7, 9)),  # the entries of diag(…) follow the pattern up to the size d
    (SECOND_DERIVATIVES, (7, 9)),  # H_{jk} by two entries of w; ∂²/∂z² through z = wᵀx
])
def test_steps_in_other_authors_notations_are_proved(text, proved):
    found = _at(text)
    for line in proved:
        assert found.get(line) == {Verdict.PROVED}, (line, found)
    assert not any(Verdict.REFUTED in v for v in found.values())


@pytest.mark.parametrize("text, right, wrong, line", [
    (EXAMPLES_BY_SUBSCRIPT, r"\nabla_{\boldsymbol{\theta}}\mathcal{L} = -\frac{1}{N}\mathbf{X}^T",
     r"\nabla_{\boldsymbol{\theta}}\mathcal{L} = \frac{1}{N}\mathbf{X}^T", 10),  # a sign
    (EXAMPLES_BY_SUBSCRIPT, r"\sigma(\boldsymbol{\theta}^T\mathbf{x}_n)\,\sigma(-", r"\sigma(\boldsymbol{\theta}^T\mathbf{x}_n)\,(", 12),
    (TIME_STEPS, r"= W_{hh}^T\left(", r"= W_{hh}\left(", 13),  # a transpose lost on a square matrix
    (ONE_EXAMPLE_AND_BATCH, r"= -\log p_c$$", r"= -\log p_c + 1$$", 8),
    (ONE_EXAMPLE_AND_BATCH, r"\partial S} = \frac{1}{m}(P - Y)", r"\partial S} = (P - Y)", 17),  # 1/m lost
    (ONE_EXAMPLE_AND_BATCH, r"\partial b} = \frac{1}{m}(P - Y)^T", r"\partial b} = \frac{1}{m}(Y - P)^T", 19),
    (FUNCTION_USED_BARE, r"f = 2X^T(X\beta - y)", r"f = -2X^Ty + X^TX\beta", 4),  # the factor 2 of βᵀAβ lost
    (FUNCTION_USED_BARE, r"= \frac{1}{n}X^T(X\beta - y)", r"= \frac{1}{2n}X^T(X\beta - y)", 8),
    (NAMED_AFTER_USE, r"(\mathbf{1}\mathbf{1}^\top - H \odot H)", r"(\mathbf{1}\mathbf{1}^\top - H)", 8),
    (DIAGONAL_LISTED, r"(1 - h_1^2, \dots, 1 - h_d^2)", r"(1 - h_1, \dots, 1 - h_d)", 7),  # tanh' as 1 - h
    (DIAGONAL_LISTED, r"1 - h_d^2)\,(h - y)", r"1 - h_d^2)\,(y - h)", 9),  # a sign
    (SECOND_DERIVATIVES, r"x_j x_k$$", r"x_j$$", 7),  # a factor lost
    (SECOND_DERIVATIVES, r"z^2} = \sigma(z)(1 - \sigma(z))", r"z^2} = \sigma(z)", 9),  # σ for σ'
])
def test_one_error_is_refuted_at_its_line(text, right, wrong, line):
    assert right in text
    found = _at(text.replace(right, wrong, 1))
    assert [k for k, v in found.items() if Verdict.REFUTED in v] == [line], found


def test_an_equation_to_solve_and_its_solution_are_never_refuted():
    found = _at(NORMAL_EQUATION)
    assert found[6] == {Verdict.PROVED}  # the size n+1 is one more than n: θ fits X's columns
    assert found[10] == {Verdict.UNDECIDED}, found  # true of the solution only
    assert Verdict.REFUTED not in found[12], found  # θ given its value: no identity either


def test_a_second_name_in_a_chain_is_defined_not_a_free_value():
    text = r"""$W \in \mathbb{R}^{K \times d}$, $b \in \mathbb{R}^K$ and $x^{(i)} \in \mathbb{R}^d$.

$$z^{(i)} = W x^{(i)} + b$$

$$\hat{y}^{(i)} = a^{(i)} = \mathrm{softmax}(z^{(i)})$$

$$a^{(i)}_k = \frac{e^{z^{(i)}_k}}{\sum_{j=1}^{K} e^{z^{(i)}_j}}$$
"""
    assert _at(text)[7] == {Verdict.PROVED}  # a^{(i)} is softmax(z^{(i)}), not a vector of its own
    assert _at(text.replace(r"a^{(i)}_k = \frac", r"a^{(i)}_k = 1 - \frac"))[7] == {Verdict.REFUTED}


def test_a_derivative_by_a_name_the_loss_does_not_depend_on_is_never_refuted():
    text = r"""Let $w \in \mathbb{R}^d$, $x \in \mathbb{R}^d$ and $y \in \{0, 1\}$, and $v \in \mathbb{R}^d$.

$$L = -y \log \sigma(w^T x) - (1 - y)\log(1 - \sigma(w^T x))$$

$$\frac{\partial L}{\partial v} = (\sigma(w^T x) - y) x$$
"""
    assert _at(text)[5] == {Verdict.UNPARSED}  # the author cannot mean 0: the reading is wrong


def test_entries_of_one_example_beside_its_batch():
    text = r"""A minibatch $\mathbf{X} \in \mathbb{R}^{n \times d}$, $\mathbf{W} \in \mathbb{R}^{d \times q}$ and
$\mathbf{b} \in \mathbb{R}^{1\times q}$; the labels $\mathbf{Y} \in \{0, 1\}^{n \times q}$ are one-hot.

$$\mathbf{O} = \mathbf{X} \mathbf{W} + \mathbf{b}$$

For one example, dropping the superscript $(i)$:

$$\sum_{j=1}^q y_j \log \sum_{k=1}^q \exp(o_k) - \sum_{j=1}^q y_j o_j = \log \sum_{k=1}^q \exp(o_k) - \sum_{j=1}^q y_j o_j$$
"""
    assert _at(text)[8] == {Verdict.PROVED}  # o_j is entry j of one example: j runs over the q classes


ENTRIES_BY_TWO_INDICES = r"""A batch $X \in \mathbb{R}^{m \times d}$, weights $W \in \mathbb{R}^{d \times K}$, one-hot labels $Y \in \mathbb{R}^{m \times K}$.

$$Z = XW$$

$$p_{ij} = \frac{e^{z_{ij}}}{\sum_{l=1}^{K} e^{z_{il}}}$$

and $P = (p_{ij})$ is the matrix of probabilities.

$$L = -\frac{1}{m}\sum_{i=1}^{m}\sum_{j=1}^{K} y_{ij}\log p_{ij}$$

$$\frac{\partial L}{\partial Z} = \frac{1}{m}(P - Y)$$

$$\frac{\partial L}{\partial W} = \frac{1}{m}X^T(P - Y)$$
"""


def test_a_matrix_defined_by_its_entries_is_read_whole():
    found = _at(ENTRIES_BY_TWO_INDICES)  # p_{ij} by two indices, P = (p_{ij}) its matrix
    assert found[11] == {Verdict.PROVED} and found[13] == {Verdict.PROVED}, found
    wrong = _at(ENTRIES_BY_TWO_INDICES.replace(r"\partial Z} = \frac{1}{m}(P - Y)", r"\partial Z} = (P - Y)"))
    assert wrong[11] == {Verdict.REFUTED}, wrong  # 1/m lost


def test_a_name_nothing_defines_on_one_side_only_is_never_refuted():
    text = ENTRIES_BY_TWO_INDICES.replace("and $P = (p_{ij})$ is the matrix of probabilities.",
                                          r"and $Q \in \mathbb{R}^{m \times K}$ holds the probabilities.")
    found = _at(text.replace("(P - Y)", "(Q - Y)"))  # Q given but tied to nothing: the prose may say what
    assert found[11] == {Verdict.UNDECIDED} and found[13] == {Verdict.UNDECIDED}, found  # it is
    found = _at(text)  # P declared beside p_{ij} = …: the matrix of those entries
    assert found[11] == {Verdict.PROVED} and found[13] == {Verdict.PROVED}, found


LOSS_OF_ONE_EXAMPLE_DROPPED = r"""$W \in \mathbb{R}^{K \times d}$, $b \in \mathbb{R}^{K}$, and the examples are the columns of $X \in \mathbb{R}^{d \times m}$, with one-hot labels the columns of $Y \in \mathbb{R}^{K \times m}$.

$$z^{(i)} = W x^{(i)} + b$$

$$\hat{y}^{(i)} = a^{(i)} = \mathrm{softmax}(z^{(i)})$$

$$\mathcal{L}(a^{(i)}, y^{(i)}) = -\sum_{k=1}^{K} y^{(i)}_k \log a^{(i)}_k$$

Drop the superscript $(i)$:

$$\frac{\partial \mathcal{L}}{\partial b} = \mathrm{softmax}(Wx + b) - y$$

$$\frac{\partial \mathcal{L}}{\partial W} = (\mathrm{softmax}(Wx + b) - y)\, x^T$$
"""


def test_names_with_the_example_dropped_are_the_example_of_the_loss():
    found = _at(LOSS_OF_ONE_EXAMPLE_DROPPED)  # x and y beside X and Y: example i of the loss, not another
    assert found[11] == {Verdict.PROVED} and found[13] == {Verdict.PROVED}, found
    wrong = _at(LOSS_OF_ONE_EXAMPLE_DROPPED.replace(r"- y)\, x^T", r"+ y)\, x^T"))  # a sign
    assert Verdict.REFUTED in wrong[13], wrong


def test_an_entry_index_that_runs_over_the_examples_is_not_read_as_an_entry():
    text = r"""Examples are the columns of $X \in \mathbb{R}^{d \times N}$, with $W \in \mathbb{R}^{K \times d}$ and one-hot labels the columns of $Y \in \mathbb{R}^{K \times N}$; $P \in \mathbb{R}^{K \times N}$ holds the probabilities.

For one example, $s = Wx$ and

$$p = \mathrm{softmax}(s)$$

$$\frac{1}{N}(P - Y)\mathbf{1}_N = \frac{1}{N}\sum_{n=1}^{N}(p_n - y_n)$$
"""
    assert _at(text)[7] == {Verdict.UNPARSED}  # p_n: the n-th example's p, not entry n of p
