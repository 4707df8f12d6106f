"""What a declared derivation says of its batch and its indices, found by planting single errors in correct
derivations: a softmax said to act on each column (or labels said to be one-hot columns) is read by
columns only, so a wrong ∂J/∂b is no longer proved through the rows; an index of the variable a step
differentiates by (the i of ∂L/∂x_i) is every entry, never one number the right side happens to use; a
label called one-hot through its entry ("a one-hot target $t_l$"), or labels of no declared shape called
one-hot (also "1-of-K coding", ワンホット, 원-핫), are one-hot; a label declared in {0, 1} is no case; labels
one-hot in other words ("1 if … and 0 otherwise", "indicator matrix", "each row summing to one") are never
refuted for being drawn general."""
import pytest

from checks.verdict import Verdict
from tests.document_steps import verdicts_at as _at

BY_COLUMNS = r"""$Z \in \mathbb{R}^{k \times m}$, $b \in \mathbb{R}^{k}$, $\mathbf{1} \in \mathbb{R}^m$, $Y \in \mathbb{R}^{k \times m}$ with one-hot columns. $A = \mathrm{softmax}(Z + b\mathbf{1}^T)$ applied to each column.

$$J = -\sum_{j=1}^{m}\sum_{c=1}^{k} Y_{cj}\log A_{cj}$$

$$\frac{\partial J}{\partial b} = (A - Y)\mathbf{1}$$
"""


def test_a_softmax_said_to_act_on_each_column_is_read_by_columns():
    assert _at(BY_COLUMNS)[5] == {Verdict.PROVED}


@pytest.mark.parametrize("wrong", ["0", "\\frac{1}{m}(A - Y)\\mathbf{1}", "(Y - A)\\mathbf{1}"])
def test_a_wrong_bias_gradient_of_a_column_softmax_is_refuted(wrong):
    """Read by rows, adding b_c to a whole row changes no softmax, and every claim ∂J/∂b = 0 was proved."""
    verdicts = _at(BY_COLUMNS.replace("= (A - Y)\\mathbf{1}$$", f"= {wrong}$$"))[5]
    assert Verdict.REFUTED in verdicts and Verdict.PROVED not in verdicts


SQUARED = r"""$x \in \mathbb{R}^{n}$, $t \in \mathbb{R}^{n}$, $L = \frac{1}{2}\sum_{i=1}^{n}(x_i - t_i)^2$.

$$\frac{\partial L}{\partial x_i} = x_i - t_i$$
"""


def test_an_index_of_the_variable_is_every_entry():
    assert _at(SQUARED) == {3: {Verdict.PROVED}}
    assert _at(SQUARED.replace("= x_i - t_i", "= x_1 - t_1")) == {3: {Verdict.REFUTED}}


ONE_HOT_ENTRY = r"""Logits $o \in \mathbb{R}^{K}$, $q_l = e^{o_l}/\sum_{r=1}^{K}e^{o_r}$, one-hot target $t_l$, $t \in \mathbb{R}^K$, $E = -\sum_{l=1}^{K} t_l\log q_l$.

$$\frac{\partial E}{\partial o_l} = q_l - t_l$$
"""


def test_a_label_called_one_hot_through_its_entry_is_one_hot():
    assert _at(ONE_HOT_ENTRY) == {3: {Verdict.PROVED}}
    assert _at(ONE_HOT_ENTRY.replace("= q_l - t_l", "= t_l - q_l")) == {3: {Verdict.REFUTED}}


BINARY_LABEL = r"""Let $x \in \mathbb{R}^d$, $w \in \mathbb{R}^d$, $y \in \{0,1\}$, $z = w^\top x$ and
$\ell = -y\log\sigma(z) - (1-y)\log(1-\sigma(z))$.

$$\nabla_w \ell = (\sigma(z) - y)\,x$$
"""


def test_a_label_declared_in_zero_one_is_a_declaration_not_a_case():
    """y ∈ {0,1} in the sentence before was an unread case, so the swapped sign below was undecided."""
    assert _at(BINARY_LABEL) == {4: {Verdict.PROVED}}
    assert _at(BINARY_LABEL.replace("(\\sigma(z) - y)", "(y - \\sigma(z))")) == {4: {Verdict.REFUTED}}


LABELS_IN_WORDS = r"""Let $Z\in\mathbb R^{n\times c}$, {said} $P=\mathrm{softmax}(Z)$ row-wise and $L=-\sum_{i=1}^n\sum_{j=1}^c Y_{ij}\log P_{ij}$.

$$\frac{\partial L}{\partial Z} = P-Y$$
"""


@pytest.mark.parametrize("said", ["labels $Y$ one-hot.", "the targets $Y$ use 1-of-K coding.", "ラベル $Y$ はワンホット.",
                                  "레이블 $Y$ 는 원-핫."])
def test_labels_of_no_declared_shape_called_one_hot_are_one_hot(said):
    """Y's shape is inferred from the products; a matrix was made one-hot only where it was declared."""
    assert _at(LABELS_IN_WORDS.replace("{said}", said)) == {3: {Verdict.PROVED}}
    wrong = LABELS_IN_WORDS.replace("{said}", said).replace("= P-Y", "= Y-P")
    assert _at(wrong) == {3: {Verdict.REFUTED}}


@pytest.mark.parametrize("said", ["$Y\\in\\mathbb R^{n\\times c}$ with $Y_{ij}$ equal to $1$ if example $i$ is of class $j$ and $0$ otherwise,",
                                  "$Y\\in\\mathbb R^{n\\times c}$ the label indicator matrix,",
                                  "$Y\\in\\mathbb R^{n\\times c}$ with each row summing to one,"])
def test_labels_one_hot_in_other_words_are_never_refuted_for_it(said):
    assert _at(LABELS_IN_WORDS.replace("{said}", said))[3] <= {Verdict.PROVED, Verdict.UNDECIDED}


GRADIENT_TIMES = r"""Let $x \in \mathbb{R}^{d}$, $W \in \mathbb{R}^{k \times d}$, $y \in \mathbb{R}^{k}$ one-hot, $z = Wx$, $p = \operatorname{softmax}(z)$ and $J = -y^\top \log p$. The gradient has the same shape as $W$.

$$\nabla_{W} J = \nabla_{z} J \; x^\top$$
"""


@pytest.mark.parametrize("operator", ["\\nabla_{z}", "\\partial_{z}"])
def test_the_gradient_of_a_loss_times_a_vector_is_not_the_gradient_of_the_product(operator):
    """∇_z J xᵀ was ∇_z(J xᵀ), of the wrong shape where the text fixes the layout, and refuted."""
    text = GRADIENT_TIMES.replace("\\nabla_{z}", operator)
    assert _at(text) == {3: {Verdict.PROVED}}
    assert _at(text.replace("J \\; x^\\top", "J \\; x^\\top + W"))[3] == {Verdict.REFUTED}


SUPERSCRIPT_DROPPED = r"""Let $x^{(i)} \in \mathbb{R}^{d}$, $y^{(i)} \in \mathbb{R}^{k}$ one-hot, $W \in \mathbb{R}^{k \times d}$. We drop the superscript $(i)$.

$z = Wx$, $a = \text{softmax}(z)$, $L = -\sum_{j=1}^{k} y_j \log a_j$

$$\frac{dL}{dz} = a - y$$
"""


def test_a_label_written_without_its_example_superscript_is_one_hot_as_its_examples_are():
    assert _at(SUPERSCRIPT_DROPPED) == {5: {Verdict.PROVED}}
    assert _at(SUPERSCRIPT_DROPPED.replace("= a - y$$", "= y - a$$")) == {5: {Verdict.REFUTED}}


IDENTITY_DECLARED = r"""Let $X \in \mathbb{R}^{n\times p}$, $y \in \mathbb{R}^n$, $\beta\in\mathbb{R}^p$, $\lambda>0$, and $I \in \mathbb{R}^{p\times p}$ the identity.

$$X^T(X\beta - y) + \lambda\beta = (X^TX + \lambda I)\beta - X^Ty$$
"""


def test_an_identity_given_a_shape_is_the_identity():
    """A declared I was drawn as any p × p matrix, and ridge's gradient refuted."""
    assert _at(IDENTITY_DECLARED) == {3: {Verdict.PROVED}}
    assert _at(IDENTITY_DECLARED.replace("+ \\lambda\\beta =", "+ 2\\lambda\\beta ="))[3] == {Verdict.REFUTED}


TANH_IN_WORDS = r"""Let $x \in \mathbb{R}^{d}$, $W \in \mathbb{R}^{n \times d}$, $v \in \mathbb{R}^{n}$, {said}, $h = \phi(Wx)$ and $E = v^\top h$.

$$\frac{\partial E}{\partial W} = (v \odot (1 - h \odot h))\,x^\top$$
"""


@pytest.mark.parametrize("said", ["where $\\phi$ is the hyperbolic tangent", "$\\phi$ denotes tanh",
                                  "$\\phi(\\cdot) = \\tanh(\\cdot)$"])
def test_a_function_named_tanh_in_words_is_tanh(said):
    """φ(Wx) was φ times Wx, φ a vector drawn freely."""
    text = TANH_IN_WORDS.replace("{said}", said)
    assert _at(text) == {3: {Verdict.PROVED}}
    assert _at(text.replace("(1 - h \\odot h)", "h \\odot (1 - h)")) == {3: {Verdict.REFUTED}}


LABEL_VALUES_IN_WORDS = r"""Let $X\in\mathbb R^{n\times d}$ with rows $x_i^T$, $w\in\mathbb R^d$, {said}. $L(w)=-\sum_{i=1}^n\left[y_i\log\sigma(w^Tx_i)+(1-y_i)\log\sigma(-w^Tx_i)\right]$.

$$\sum_{i=1}^n\left(\sigma(w^Tx_i)-y_i\right)x_i=-\sum_{i=1}^n(2y_i-1)\,\sigma\left(-(2y_i-1)w^Tx_i\right)x_i$$
"""


@pytest.mark.parametrize("said", ["and binary labels $y$", "and let every $y_i$ be 0 or 1"])
def test_labels_said_in_words_to_be_zero_or_one_are_so_and_no_other_name_is(said):
    """"binary labels $y$" made w, the name before it, a vector of 0s and 1s, and y free."""
    text = LABEL_VALUES_IN_WORDS.replace("{said}", said)
    assert _at(text) == {3: {Verdict.PROVED}}
    assert _at(text.replace("\\sigma\\left(-(2y_i-1)", "\\sigma\\left((2y_i-1)")) == {3: {Verdict.REFUTED}}


SIGNS_IN_WORDS = r"""Let $X\in\mathbb R^{n\times d}$ with rows $x_i^T$ and $w\in\mathbb R^d$; the labels $y_i$ are $\pm 1$. $F(w)=\sum_{i=1}^n\log(1+e^{-y_iw^Tx_i})$.

$$\sum_{i=1}^n y_i^2x_i=\sum_{i=1}^n x_i$$
"""


def test_labels_said_to_be_plus_or_minus_one_square_to_one():
    assert _at(SIGNS_IN_WORDS) == {3: {Verdict.PROVED}}
    assert _at(SIGNS_IN_WORDS.replace("y_i^2x_i", "y_ix_i")) == {3: {Verdict.REFUTED}}


def test_a_step_in_differentials_of_an_undeclared_d_is_not_read_as_products():
    """d of dr and dβ was a vector whose shape was inferred from these very products, and the step refuted."""
    text = (r"Let $X\in\mathbb R^{n\times p}$, $y\in\mathbb R^n$, $\beta\in\mathbb R^p$ and $r=y-X\beta$." "\n\n"
            r"$$df = 2r^\top d r = -2r^\top X\,d\beta$$" "\n")
    assert _at(text) == {3: {Verdict.UNPARSED}}


def test_a_prime_on_a_function_of_a_vector_is_its_gradient_not_read_entry_by_entry():
    """S(w) = ‖Aw‖² takes w whole to a number: S'(w) is its gradient (S'' its Hessian, as Ljung writes V_N''),
    which was read as S' of each entry."""
    text = (r"Let $A\in\mathbb R^{n\times p}$, $w\in\mathbb R^p$, $W \in \mathbb{R}^{n \times p}$, $S(w)=\|Aw\|^2$ and "
            r"$f(z) = \tanh(z)$." "\n\n$$S'(w)=2A^\\top Aw$$\n\n$$f'(Ww) = 1 - \\tanh(Ww) \\odot \\tanh(Ww)$$\n")
    assert _at(text) == {3: {Verdict.PROVED}, 5: {Verdict.PROVED}}
    assert _at(text.replace("S'(w)=2A^\\top Aw", "S'(w)=A^\\top Aw"))[3] == {Verdict.REFUTED}
    assert _at(text.replace("S'(w)=2A^\\top Aw", "S''(w)=2A^\\top A"))[3] == {Verdict.PROVED}


CENTRED = r"""Let $X\in\mathbb R^{n\times d}$ {said}, $y\in\mathbb R^n$, $w\in\mathbb R^d$, $b\in\mathbb R$.

$$-2\mathbf 1^T(y-Xw-b\mathbf 1)=-2\mathbf 1^Ty+2nb$$
"""


@pytest.mark.parametrize("said", ["with $\\mathbf 1^TX=0$", "have centred columns (each column has mean zero)"])
def test_a_condition_on_a_declared_matrix_keeps_a_step_true_under_it_from_being_refuted(said):
    assert _at(CENTRED.replace("{said}", said)) == {3: {Verdict.UNDECIDED}}


def test_a_multiple_of_the_identity_is_a_stated_condition():
    text = (r"Let $X\in\mathbb R^{n\times p}$ with $X^TX=nI$, $y\in\mathbb R^n$, $\beta\in\mathbb R^p$." "\n\n"
            r"$$\frac1n X^T(X\beta-y)=\beta-\frac1nX^Ty$$" "\n")
    assert _at(text) == {3: {Verdict.UNDECIDED}}


ESL_WEIGHTS = r"""Let $X\in\mathbb R^{N\times p}$ with rows $x_i^T$, $y\in\{0,1\}^N$, $\beta\in\mathbb R^p$, $p_i=\sigma(x_i^T\beta)$, and let $W$ be the $N\times N$ diagonal matrix with $i$-th diagonal element $p_i(1-p_i)$. $\ell(\beta)=\sum_{i=1}^N\left[y_ix_i^T\beta-\log(1+e^{x_i^T\beta})\right]$.

$$\frac{\partial^2\ell}{\partial\beta\,\partial\beta^T}=-\sum_{i=1}^N p_i(1-p_i)x_ix_i^T=-X^TWX$$
"""


def test_a_matrix_said_diagonal_far_into_a_long_sentence_is_diagonal():
    """The reach of the words began inside a math, its dollars paired wrongly, and W was found nowhere."""
    assert _at(ESL_WEIGHTS)[3] == {Verdict.PROVED, Verdict.UNDECIDED}


def test_a_name_said_in_words_to_be_the_hessian_is_never_refuted_as_a_free_matrix():
    text = (r"Let $X \in \mathbb{R}^{n\times p}$, $y \in \mathbb{R}^n$, $\beta\in\mathbb{R}^p$, and let $H$ denote the "
            r"Hessian of $J(\beta) = \frac{1}{2}\|y - X\beta\|^2$." "\n\n"
            r"$$\beta - H^{-1}\nabla J(\beta) = (X^TX)^{-1}X^Ty$$" "\n")
    assert _at(text) == {3: {Verdict.UNDECIDED}}


def test_a_declared_batch_said_to_stack_defined_members_is_never_refuted_as_a_free_matrix():
    text = (r"Let $X \in \mathbb{R}^{N \times D}$ have rows $x_i^\top$, let $Y \in \mathbb{R}^{N \times K}$ have one-hot "
            r"rows $y_i^\top$, let $W \in \mathbb{R}^{K \times D}$, and $p_i = \operatorname{softmax}(W x_i)$. Let "
            r"$P \in \mathbb{R}^{N \times K}$ have rows $p_i^\top$." "\n\n"
            r"$$\sum_{i=1}^{N}(p_i - y_i)\,x_i^\top = (P - Y)^\top X$$" "\n")
    assert _at(text) == {3: {Verdict.UNDECIDED}}


SUM_OF_PRODUCTS = r"""Let $X \in \mathbb{R}^{n \times d}$, $w \in \mathbb{R}^{d}$ and $E = \sum_{i=1}^{n}\sum_{j=1}^{d} X_{ij} w_j$.

$$\frac{\partial E}{\partial w_k} = \sum_{i=1}^{n} X_{ik}$$
"""


def test_an_index_of_the_variable_against_another_letter_on_the_right_is_refuted():
    """k on the left and j on the right were both fixed to "the class of the label", and the step proved."""
    assert _at(SUM_OF_PRODUCTS) == {3: {Verdict.PROVED}}
    assert _at(SUM_OF_PRODUCTS.replace("X_{ik}$$", "X_{ij}$$")) == {3: {Verdict.REFUTED}}


def test_a_label_defined_in_words_by_applying_softmax_is_that_softmax():
    text = (r"$X$ is $N \times D$, $W \in \mathbb{R}^{C \times D}$, $S = XW^\top$. Apply softmax to each row of $S$ to "
            r"get $P$, and let $Y \in \mathbb{R}^{N\times C}$ hold one-hot labels (one per row)." "\n\n"
            r"$$L = -\frac{1}{N}\sum_{n=1}^{N}\sum_{c=1}^{C} Y_{nc}\log P_{nc}$$" "\n\n"
            r"$$\frac{\partial L}{\partial W} = \frac{1}{N}(P-Y)^\top X$$" "\n")
    assert _at(text)[5] == {Verdict.PROVED}
    assert _at(text.replace("(P-Y)^\\top X$$", "(Y-P)^\\top X$$"))[5] == {Verdict.REFUTED}


def test_a_label_called_one_hot_through_an_entry_of_two_indices_is_one_hot():
    text = (r"Data $x \in \mathbb{R}^{N\times D}$, weights $w \in \mathbb{R}^{D\times K}$, one-hot targets $t_{nk}$." "\n"
            r"Activations $a_{nk} = \sum_{d=1}^{D} x_{nd}w_{dk}$, probabilities $y_{nk} = \exp(a_{nk})/\sum_{j=1}^{K}"
            r"\exp(a_{nj})$, error $E = -\frac{1}{N}\sum_{n=1}^N\sum_{k=1}^K t_{nk}\ln y_{nk}$." "\n\n"
            r"$$\frac{\partial E}{\partial a_{nk}} = \frac{1}{N}(y_{nk} - t_{nk})$$" "\n")
    assert _at(text) == {4: {Verdict.PROVED}}


@pytest.mark.parametrize("layer", ["$h = f(Wx) = \\tanh(Wx)$", "$h = \\phi(Wx) = \\tanh(Wx)$"])
def test_a_function_named_between_a_name_and_its_value_is_that_function(layer):
    """h = f(Wx) = tanh(Wx), as CS229 and UFLDL write it: f was a vector drawn freely, f(Wx) a product."""
    text = (r"Let $x\in\mathbb R^n$, $W\in\mathbb R^{m\times n}$, $u\in\mathbb R^m$. The layer is " + layer +
            r", and $L = u^Th$." "\n\n" r"$$\frac{\partial L}{\partial x} = W^T(u\odot(1-h\odot h))$$" "\n")
    assert _at(text) == {3: {Verdict.PROVED}}
    assert _at(text.replace("(1-h\\odot h)", "(1+h\\odot h)")) == {3: {Verdict.REFUTED}}


def test_an_identity_of_another_letter_said_in_words_is_the_identity():
    text = (r"Let $X\in\mathbb R^{n\times p}$, $\beta\in\mathbb R^p$, $\lambda>0$, let $E$ be the $p\times p$ identity "
            "matrix.\n\n"
            r"$$ X^{\mathrm T}X\beta + \lambda\beta = (X^{\mathrm T}X + \lambda E)\beta $$" "\n")
    assert _at(text) == {3: {Verdict.PROVED}}
    assert _at(text.replace("+ \\lambda\\beta =", "+ 2\\lambda\\beta =")) == {3: {Verdict.REFUTED}}


def test_a_vector_said_to_be_of_ones_is_all_ones():
    text = (r"Let $e\in\mathbb R^n$ be a vector of ones and $y\in\mathbb R^n$." "\n\n"
            r"$$ e^\top y = \sum_{i=1}^n y_i $$" "\n")
    assert _at(text) == {3: {Verdict.PROVED}}
    assert _at(text.replace("= \\sum_{i=1}^n y_i", "= 2\\sum_{i=1}^n y_i")) == {3: {Verdict.REFUTED}}
