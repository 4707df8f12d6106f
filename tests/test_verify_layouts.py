"""A derivative's layout, where the document fixes it. A matrix derivative written as the transpose of
the right one is a convention where the document says nothing of its layout; where it says that a
derivative has the shape of its variable ("the gradient has the same shape as W", "标量对矩阵求导的结果与
该矩阵形状相同", "grad has the shape of the thing"), the transpose breaks the document's own rule, and the
step is refuted; so is a product that fits only with a factor transposed. A row against a column, a
vector's layout, stays a convention."""
import pytest

from checks.verdict import Verdict
from tests.document_steps import verdicts_at as _at

SOFTMAX = r"""## Softmax regression, the batch form

The examples are the rows of $X \in \mathbb{R}^{m \times d}$, the weights $W \in \mathbb{R}^{d \times K}$, the bias
$b \in \mathbb{R}^K$ and the labels one-hot rows of $Y \in \{0, 1\}^{m \times K}$. With $Z = XW + \mathbf{1}_m b^\top$
and $P = \operatorname{softmax}(Z)$ row by row, the loss is

$$L = -\frac{1}{m}\sum_{i=1}^{m}\sum_{k=1}^{K} Y_{ik}\log P_{ik} .$$

SAID

$$\frac{\partial L}{\partial W} = \frac{1}{m}X^\top(P - Y)$$

$$\frac{\partial L}{\partial b} = \frac{1}{m}(P - Y)^\top\mathbf{1}_m$$
"""

TRANSPOSED = (r"\frac{1}{m}X^\top(P - Y)$$", r"\frac{1}{m}(P - Y)^\top X$$")
ROW = (r"\frac{1}{m}(P - Y)^\top\mathbf{1}_m$$", r"\frac{1}{m}\mathbf{1}_m^\top(P - Y)$$")


@pytest.mark.parametrize("said", [
    "By our convention the gradient has the same shape as the matrix it is taken by.",
    "约定：标量对矩阵求导的结果与该矩阵形状相同。",
    "- shapes: grad has the shape of the thing",
    "Đạo hàm theo một ma trận phải có cùng kích thước với ma trận đó.",
])
def test_a_transposed_matrix_derivative_is_refuted_where_the_document_fixes_the_layout(said):
    document = SOFTMAX.replace("SAID", said)
    assert _at(document)[11] == {Verdict.PROVED}
    assert _at(document.replace(*TRANSPOSED))[11] == {Verdict.REFUTED}


def test_the_transpose_is_a_convention_where_the_document_says_nothing_or_of_something_else():
    assert _at(SOFTMAX.replace("SAID", "").replace(*TRANSPOSED))[11] == {Verdict.CONVENTION}
    other = SOFTMAX.replace("SAID", "Here $P$ has the same shape as $Z$.").replace(*TRANSPOSED)
    assert _at(other)[11] == {Verdict.CONVENTION}


def test_a_vectors_derivative_written_as_a_row_stays_a_convention_under_the_stated_layout():
    document = SOFTMAX.replace("SAID", "Each gradient has the same shape as its variable.")
    assert _at(document.replace(*ROW))[13] == {Verdict.CONVENTION}


NETWORK = r"""## Backward pass of the two-layer network

| symbol | shape |
|---|---|
| $X$ | $N \times D$ |
| $W_1$ | $D \times H$ |
| $W_2$ | $H \times C$ |
| $Y$ | $N \times C$ |

Forward: $A = XW_1$, $Z = \tanh(A)$, $S = ZW_2$, $P = \operatorname{softmax}(S)$ by rows, and
$L = -\frac{1}{N}\sum_{n=1}^{N}\sum_{c=1}^{C} Y_{nc}\log P_{nc}$ with one-hot rows $Y$.

SAID

$$dS = \frac{\partial L}{\partial S} = \frac{1}{N}(P - Y)$$

$$dZ = dS\, W_2^\top$$
"""

LOST = (r"dZ = dS\, W_2^\top", r"dZ = dS\, W_2")


def test_a_product_that_fits_only_with_a_transpose_is_refuted_where_the_document_fixes_the_layout():
    said = NETWORK.replace("SAID", r"Convention: $dV$ means $\partial L / \partial V$ and has the same shape as $V$.")
    assert _at(said)[17] == {Verdict.PROVED}
    assert _at(said.replace(*LOST))[17] == {Verdict.REFUTED}
    unsaid = NETWORK.replace("SAID", r"Convention: $dV$ means $\partial L / \partial V$.")
    assert _at(unsaid.replace(*LOST))[17] == {Verdict.REFUTED}  # S = ZW_2 multiplies W_2 as declared
