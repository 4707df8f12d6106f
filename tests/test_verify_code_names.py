"""How backpropagation write-ups name their gradients after the code: ``dW`` for ∂L/∂W, said once in a
display (dS = ∂L/∂S = …) or in prose ("`dX` always means ∂L/∂X"), with the shapes in a README's
table of code names. Every ``dA = …`` is then a claim about ∂L/∂A, refuted at its line where it is
wrong. A gradient handed down (dA = ∂L/∂A of a loss left open) and a course's own convention
(dZ = m ∂J/∂Z) keep their meaning. The labels y_i beside their one-hot Y are one set of labels."""
from checks.verdict import Verdict
from tests.document_steps import verdicts_at as _at

NAMED_IN_A_DISPLAY = r"""The minibatch is $X \in \mathbb{R}^{N \times D}$, one example per row, with labels $y_i$ and
$Y \in \mathbb{R}^{N \times C}$ the one-hot matrix, $Y_{ik} = \mathbb{1}[k = y_i]$. The weights are
$W_1 \in \mathbb{R}^{D \times H}$ and $W_2 \in \mathbb{R}^{H \times C}$.

$$A = X W_1, \qquad H = \max(0, A), \qquad S = H W_2$$

$$P_{ik} = \frac{e^{S_{ik}}}{\sum_{j} e^{S_{ij}}}, \qquad L = -\frac{1}{N}\sum_{i=1}^{N} \log P_{i, y_i}$$

$$dS = \frac{\partial L}{\partial S} = \frac{1}{N}(P - Y)$$

$$dW_2 = H^\top dS$$

$$dH = dS\, W_2^\top$$

$$dA = dH \odot \mathbb{1}[A > 0]$$

$$dW_1 = X^\top dA \qquad \text{shape } (D, H)$$

$$dX = dA\, W_1^\top$$
"""


def test_a_code_name_said_once_to_be_a_gradient_makes_every_code_name_a_claim():
    correct = _at(NAMED_IN_A_DISPLAY)
    assert {line: correct[line] for line in (9, 11, 13, 15, 17, 19)} == {
        line: {Verdict.PROVED} for line in (9, 11, 13, 15, 17, 19)}
    wrong_mask = NAMED_IN_A_DISPLAY.replace(r"\mathbb{1}[A > 0]$$", r"\mathbb{1}[A < 0]$$")
    assert _at(wrong_mask)[15] == {Verdict.REFUTED}
    lost_scale = NAMED_IN_A_DISPLAY.replace(r"\frac{1}{N}(P - Y)", "(P - Y)")
    assert Verdict.REFUTED in _at(lost_scale)[9]
    wrong_input = NAMED_IN_A_DISPLAY.replace(r"dX = dA\, W_1^\top", r"dX = dA\, W_1^\top W_1 W_1^\top")
    assert _at(wrong_input)[19] == {Verdict.REFUTED}


NAMED_IN_PROSE = r"""| symbol | shape | meaning |
|---|---|---|
| `X` | N × D | the batch, one example per row |
| `W1`, `b1` | D × H, H | hidden layer |
| `W2` | H × C | output layer |
| `Y` | N × C | one-hot labels |

$$Z = X W_1 + \mathbf{1} b_1^\top, \qquad H = \tanh(Z), \qquad S = H W_2$$

$$L = \frac{1}{2N}\sum_{i=1}^{N}\sum_{k=1}^{C} (S_{ik} - Y_{ik})^2$$

Notation: `dV` always means $\partial L / \partial V$, with the shape of `V`.

$$dS = \frac{1}{N}(S - Y)$$

$$dH = dS\, W_2^\top$$

$$dZ = dH \odot (1 - H \odot H)$$

$$db_1 = dZ^\top \mathbf{1}$$
"""


def test_a_code_name_said_in_prose_with_shapes_in_a_table_of_code_names():
    correct = _at(NAMED_IN_PROSE)
    assert correct == {line: {Verdict.PROVED} for line in (14, 16, 18, 20)}
    assert _at(NAMED_IN_PROSE.replace(r"(1 - H \odot H)", "H"))[18] == {Verdict.REFUTED}
    assert _at(NAMED_IN_PROSE.replace(r"db_1 = dZ^\top", r"db_1 = dH^\top"))[20] == {Verdict.REFUTED}


HANDED_DOWN = r"""$X \in \mathbb{R}^{N \times D}$, $W \in \mathbb{R}^{D \times H}$ and $Z = XW$, $A = \tanh(Z)$.
Some loss $L$ further up hands us

$$dA = \frac{\partial L}{\partial A}$$

and then

$$dZ = dA \odot (1 - A \odot A)$$

$$\frac{\partial L}{\partial W} = X^\top (dA \odot (1 - A \odot A))$$

For example, with $L = \frac{1}{2}\sum_{i,j} A_{ij}^2$, we get $dA = A$.
"""


def test_a_gradient_handed_down_before_any_loss_is_defined_keeps_its_name():
    verdicts = _at(HANDED_DOWN)
    assert Verdict.REFUTED not in set().union(*verdicts.values())
    assert verdicts[10] == {Verdict.PROVED}
    assert _at(HANDED_DOWN.replace(r"X^\top (dA", r"X (dA"))[10] != {Verdict.PROVED}


COURSE_CONVENTION = r"""Examples are columns: $X \in \mathbb{R}^{n \times m}$, $W \in \mathbb{R}^{k \times n}$, and
$Y \in \mathbb{R}^{k \times m}$ is one-hot.

$$Z = W X, \qquad A = \mathrm{softmax}(Z), \qquad J = -\frac{1}{m}\sum_{i=1}^{m}\sum_{j=1}^{k} Y_{ji} \log A_{ji}$$

As in the lectures, $dZ$ is $m$ times the gradient of $J$:

$$dZ = m\,\frac{\partial J}{\partial Z} = A - Y$$

$$dW = \frac{1}{m} dZ\, X^\top$$
"""


def test_a_code_name_given_another_meaning_is_not_read_as_the_gradient():
    verdicts = _at(COURSE_CONVENTION)
    assert Verdict.REFUTED not in set().union(*verdicts.values())
    assert verdicts[8] == {Verdict.PROVED}


LABELS_BESIDE_THEIR_ONE_HOT = r"""The minibatch is $X \in \mathbb{R}^{N \times D}$ (one example per row), the labels are
$y_i \in \{0, \dots, C-1\}$, and $W \in \mathbb{R}^{D \times C}$. $Y \in \mathbb{R}^{N \times C}$ is the one-hot matrix with
$Y_{ik} = \mathbb{1}[k = y_i]$.

$$S = X W$$

$$P_{ik} = \frac{e^{S_{ik}}}{\sum_{j} e^{S_{ij}}}$$

$$L = -\frac{1}{N}\sum_{i=1}^{N}\log P_{i, y_i}$$

$$\frac{\partial L}{\partial S} = \frac{1}{N}(P - Y)$$

$$\frac{\partial L}{\partial W} = \frac{1}{N} X^\top (P - Y)$$
"""


def test_the_label_of_each_example_is_the_class_its_one_hot_row_holds():
    assert _at(LABELS_BESIDE_THEIR_ONE_HOT) == {11: {Verdict.PROVED}, 13: {Verdict.PROVED}}
    assert _at(LABELS_BESIDE_THEIR_ONE_HOT.replace(r"\frac{1}{N} X^\top (P - Y)", r"\frac{1}{N} X^\top (Y - P)"))[13] \
        == {Verdict.REFUTED}


ENTRY_OF_A_NUMBERED_MATRIX = r"""Let $X \in \mathbb{R}^{N \times D}$, $W_1 \in \mathbb{R}^{D \times H}$, $T \in \mathbb{R}^{N \times H}$.

$$A = X W_1, \qquad L = \frac{1}{2}\sum_{i=1}^{N}\sum_{j=1}^{H} (A_{ij} - T_{ij})^2$$

$$\frac{\partial L}{\partial (W_1)_{pj}} = \sum_{i=1}^{N} X_{ip} (A_{ij} - T_{ij})$$
"""


def test_a_derivative_by_an_entry_of_a_matrix_whose_name_has_a_subscript():
    assert _at(ENTRY_OF_A_NUMBERED_MATRIX) == {5: {Verdict.PROVED}}
    assert _at(ENTRY_OF_A_NUMBERED_MATRIX.replace("X_{ip} (A_{ij}", "X_{ij} (A_{ip}")) == {5: {Verdict.REFUTED}}


ROW_SLICES = r"""Let $X \in \mathbb{R}^{N \times D}$, $W \in \mathbb{R}^{D \times K}$, $b \in \mathbb{R}^{K}$ and $T \in \mathbb{R}^{N \times K}$.

$$S = XW + \mathbf{1}_N b^\top, \qquad L = \frac{1}{2}\sum_{i=1}^{N}\sum_{k=1}^{K} (S_{ik} - T_{ik})^2$$

$$dS = \frac{\partial L}{\partial S} = S - T$$

$$db = dS^\top \mathbf{1}_N = \sum_{i=1}^{N} dS_{i,:}^\top$$
"""


def test_a_row_of_a_matrix_written_with_a_colon():
    assert _at(ROW_SLICES) == {5: {Verdict.PROVED}, 7: {Verdict.PROVED}}
    assert _at(ROW_SLICES.replace(r"\sum_{i=1}^{N} dS_{i,:}^\top", r"\sum_{i=1}^{N} dS_{:,i}"))[7] != {Verdict.PROVED}
