"""How authors write a batch: shapes listed in prose ("- input $X$: $N \\times D$", a full-width
colon, a table row naming two objects), a matrix defined by its entries with any two letters
(Y_{nc} = e^{S_{nc}} / …), and δ given a value (δ = ∂L/∂Z) then used entry by entry, δ_{nk}, which
is then no Kronecker delta; examples defined entry by entry and "stacked as Q", with Q declared,
and x^{(B)} for the last example; a batch Y = [y_1, …, y_m] declared by its picture alone, a bias
spread over the batch as b𝟏ᵀ, the mean of one example's loss ℓ_i, and Δ = [δ_1, …, δ_n] stacking a δ
defined for one example. Each correct step is proved,
never refuted; a planted error is refuted at its line."""
from checks.verdict import Verdict
from tests.document_steps import verdicts_at as _at

LISTED_SHAPES = r"""A batch of $N$ rows:

- input $X$：$N \times D$
- weights $W$: $D \times K$, bias $b$: $1 \times K$
- targets $Y$: $N \times K$

$$Z = XW + \mathbf{1}b, \qquad A = \tanh(Z), \qquad L = \frac{1}{2N}\sum_{n=1}^{N}\sum_{k=1}^{K}(A_{nk} - Y_{nk})^2$$

$$\delta = \frac{\partial L}{\partial Z} = \frac{1}{N}(A - Y) \odot (1 - A \odot A)$$

$$\frac{\partial L}{\partial W_{dk}} = \sum_{n=1}^{N} X_{nd}\,\delta_{nk}, \qquad \frac{\partial L}{\partial W} = X^{T}\delta$$

$$\frac{\partial L}{\partial X_{nd}} = \sum_{k=1}^{K}\delta_{nk}W_{dk}$$
"""


def test_shapes_listed_after_a_colon_and_a_delta_with_a_value_read_entry_by_entry():
    assert _at(LISTED_SHAPES) == {9: {Verdict.PROVED}, 11: {Verdict.PROVED}, 13: {Verdict.PROVED}}
    wrong = LISTED_SHAPES.replace(r"= \sum_{k=1}^{K}\delta_{nk}W_{dk}", r"= -\sum_{k=1}^{K}\delta_{nk}W_{dk}")
    assert _at(wrong)[13] == {Verdict.REFUTED}


TABLED_NETWORK = r"""| name | shape | what |
|---|---|---|
| $X$ | $B \times F$ | inputs |
| $U, c$ | $F \times R,\ 1 \times R$ | first layer |
| $V, d$ | $R \times Q$, $1 \times Q$ | second layer |
| $T$ | $B \times Q$ | one-hot targets |

$$G = XU + \mathbf{1}c, \qquad O = \max(0, G)V + \mathbf{1}d, \qquad P_{bq} = \frac{\exp(O_{bq})}{\sum_{q'} \exp(O_{bq'})}$$

$$L = -\frac{1}{B}\sum_{b=1}^{B}\sum_{q=1}^{Q} T_{bq}\log P_{bq}$$

$$\frac{\partial L}{\partial O} = \frac{1}{B}(P - T), \qquad \frac{\partial L}{\partial d} = \mathbf{1}^{\top}\frac{\partial L}{\partial O}$$
"""


def test_two_names_in_a_table_row_and_a_matrix_defined_by_any_two_index_letters():
    assert _at(TABLED_NETWORK) == {12: {Verdict.PROVED}}
    assert _at(TABLED_NETWORK.replace(r"\frac{1}{B}(P - T)", r"(P - T)"))[12] == {Verdict.PROVED, Verdict.REFUTED}


OLS_UNDECLARED_WEIGHTS = r"""The inputs are the columns of $X \in \mathbb{R}^{d \times n}$, with $\mathbf{x}_i \in \mathbb{R}^d$, and the
labels form the row $\mathbf{y} \in \mathbb{R}^{1 \times n}$.

$$\ell(\mathbf{w}) = \frac{1}{n}\sum_{i=1}^n (\mathbf{x}_i^\top\mathbf{w} - y_i)^2 + \lambda\lVert\mathbf{w}\rVert_2^2$$

$$\nabla\ell(\mathbf{w}) = \frac{2}{n}\sum_{i=1}^n (\mathbf{x}_i^\top\mathbf{w} - y_i)\,\mathbf{x}_i + 2\lambda\mathbf{w} = \frac{2}{n}\left(XX^\top\mathbf{w} - X\mathbf{y}^\top\right) + 2\lambda\mathbf{w}$$

Setting this to zero and multiplying by $\frac{n}{2}$:

$$\left(XX^\top + n\lambda I\right)\mathbf{w} = X\mathbf{y}^\top \quad\Longrightarrow\quad \mathbf{w} = \left(XX^\top + n\lambda I\right)^{-1}X\mathbf{y}^\top$$
"""


def test_the_minimizer_of_a_loss_is_no_definition_of_its_undeclared_variable():
    found = _at(OLS_UNDECLARED_WEIGHTS)
    assert found[6] == {Verdict.PROVED}
    assert Verdict.REFUTED not in found[10]  # true at the minimizer only: never refuted
    wrong = OLS_UNDECLARED_WEIGHTS.replace(r"X\mathbf{y}^\top\right) + 2\lambda\mathbf{w}$$",
                                           r"X\mathbf{y}^\top\right) + \lambda\mathbf{w}$$")
    assert _at(wrong)[6] == {Verdict.PROVED, Verdict.REFUTED}


LOSS_AT_OTHER_VALUES = r"""Let $\theta, x^{(i)} \in \mathbb{R}^d$, $\theta_0 \in \mathbb{R}$ and labels $y^{(i)} \in \{0, 1\}$ for $n$ examples.
The loss of a guess $g$ against a label $y$ is

$$\mathcal{L}_\text{nll}(g, y) = -\left(y \log g + (1 - y)\log(1 - g)\right)$$

and the objective averages it over the data:

$$J(\theta, \theta_0) = \frac{1}{n}\sum_{i=1}^{n} \mathcal{L}_\text{nll}\left(\sigma(\theta^T x^{(i)} + \theta_0),\, y^{(i)}\right) + \frac{\lambda}{2}\|\theta\|^2$$

$$\nabla_\theta \mathcal{L}_\text{nll}(\sigma(\theta^T x^{(1)} + \theta_0), y^{(1)}) = \left(\sigma(\theta^T x^{(1)} + \theta_0) - y^{(1)}\right) x^{(1)}$$

$$\nabla_\theta J = \frac{1}{n}\sum_{i=1}^{n}\left(\sigma(\theta^T x^{(i)} + \theta_0) - y^{(i)}\right) x^{(i)} + \lambda\theta$$
"""


def test_a_loss_defined_in_names_is_read_at_other_values():
    assert _at(LOSS_AT_OTHER_VALUES) == {10: {Verdict.PROVED}, 12: {Verdict.PROVED}}
    wrong = LOSS_AT_OTHER_VALUES.replace(r"x^{(i)} + \lambda\theta$$", r"x^{(i)} + 2\lambda\theta$$")
    assert _at(wrong)[12] == {Verdict.REFUTED}


HATTED_BATCH = r"""Objects are the rows of $X \in \mathbb{R}^{n \times d}$, with $W \in \mathbb{R}^{d \times k}$, $b \in \mathbb{R}^k$ and one-hot
labels $Y \in \{0, 1\}^{n \times k}$.

$$Z = XW + \mathbf{1}_n b^\top, \qquad \hat{y}_{ij} = \frac{e^{z_{ij}}}{\sum_{l=1}^{k} e^{z_{il}}}$$

$$L(W, b) = -\frac{1}{n}\sum_{i=1}^{n}\sum_{j=1}^{k} y_{ij}\log \hat{y}_{ij}$$

$$\frac{\partial L}{\partial Z} = \frac{1}{n}(\hat{Y} - Y), \qquad \frac{\partial L}{\partial W} = \frac{1}{n} X^\top (\hat{Y} - Y)$$
"""


def test_the_capital_of_a_name_defined_by_two_indices_is_its_matrix():
    assert _at(HATTED_BATCH) == {8: {Verdict.PROVED}}
    assert _at(HATTED_BATCH.replace(r"\frac{1}{n} X^\top (\hat{Y} - Y)$$", r"X^\top (\hat{Y} - Y)$$"))[8] == \
        {Verdict.PROVED, Verdict.REFUTED}


GRADIENT_OF_AN_APPLIED_FUNCTION = r"""Let $\mathbf{w}, \mathbf{x}_i \in \mathbb{R}^d$ and $y_i \in \{-1, +1\}$ for $m$ examples, and
$f_S(\mathbf{w}) = \frac{1}{m}\sum_{i=1}^m \log\left(1 + e^{-y_i \mathbf{w}^\top \mathbf{x}_i}\right) + \lambda\|\mathbf{w}\|^2$.

$$\nabla f_S(\mathbf{w}) = -\frac{1}{m}\sum_{i=1}^m \frac{y_i}{1 + e^{y_i \mathbf{w}^\top \mathbf{x}_i}}\,\mathbf{x}_i + 2\lambda\mathbf{w}$$
"""


def test_the_gradient_of_a_function_written_at_its_argument_is_by_that_argument():
    assert _at(GRADIENT_OF_AN_APPLIED_FUNCTION) == {4: {Verdict.PROVED}}
    assert _at(GRADIENT_OF_AN_APPLIED_FUNCTION.replace(r"+ 2\lambda\mathbf{w}$$", r"+ \lambda\mathbf{w}$$")) == \
        {4: {Verdict.REFUTED}}


COLUMNS_SAID_BY_PICTURES = r"""There are $N$ points $\mathbf{x}_i \in \mathbb{R}^{d}$, stacked as $\mathbf{X} = [\mathbf{x}_1, \dots, \mathbf{x}_N] \in \mathbb{R}^{d \times N}$,
with one-hot labels $\mathbf{y}_i \in \{0, 1\}^{C}$ in $\mathbf{Y} = [\mathbf{y}_1, \dots, \mathbf{y}_N] \in \mathbb{R}^{C \times N}$.
The weights are $\mathbf{W} = [\mathbf{w}_1, \dots, \mathbf{w}_C] \in \mathbb{R}^{d \times C}$ and $\mathbf{b} \in \mathbb{R}^{C}$, and
$\mathbf{Z} = \mathbf{W}^T\mathbf{X} + \mathbf{b}\mathbf{1}_N^T$, $a_{ji} = \frac{\exp(z_{ji})}{\sum_{k=1}^{C}\exp(z_{ki})}$.

$$J(\mathbf{W}, \mathbf{b}) = -\frac{1}{N}\sum_{i=1}^{N}\sum_{j=1}^{C} y_{ji}\log a_{ji}$$

$$\frac{\partial J}{\partial w_{lj}} = \frac{1}{N}\sum_{i=1}^{N} x_{li}\left(a_{ji} - y_{ji}\right)$$

Collect the errors: $\mathbf{E} = [\mathbf{e}_1, \dots, \mathbf{e}_N] = \mathbf{A} - \mathbf{Y}$ with $\mathbf{A} = [a_{ji}]$.

$$\frac{\partial J}{\partial \mathbf{b}} = \frac{1}{N}\mathbf{E}\mathbf{1}_N$$
"""


def test_a_batch_stacked_in_columns_as_its_picture_says_and_entries_read_row_first():
    found = _at(COLUMNS_SAID_BY_PICTURES)
    assert found[8] == {Verdict.PROVED} and Verdict.REFUTED not in found[12]
    wrong = COLUMNS_SAID_BY_PICTURES.replace(r"x_{li}\left(a_{ji} - y_{ji}\right)", r"x_{li}\left(y_{ji} - a_{ji}\right)")
    assert _at(wrong)[8] == {Verdict.REFUTED}


VARIANCE_AND_A_PREFIX_TRANSPOSE = r"""Let $X \in \mathbb{R}^{n \times p}$, $y \in \mathbb{R}^n$ and $\beta \in \mathbb{R}^p$; ${}^t M$ is the transpose of $M$.

$$\mathcal{C}(\beta) = \lVert y - X\beta \rVert^2, \qquad \nabla \mathcal{C}(\beta) = -2\,{}^t X (y - X\beta)$$

Setting the gradient to zero gives $\hat\beta = ({}^t X X)^{-1}\,{}^t X y$, and with $\operatorname{Var}(y) = \sigma^2 I$,

$$\operatorname{Var}(\hat\beta) = \sigma^2 ({}^t X X)^{-1}$$
"""


def test_a_cost_named_c_a_transpose_written_before_and_a_variance_that_is_no_loss():
    found = _at(VARIANCE_AND_A_PREFIX_TRANSPOSE)
    assert found[3] == {Verdict.PROVED} and found[7] == {Verdict.UNPARSED}
    assert _at(VARIANCE_AND_A_PREFIX_TRANSPOSE.replace(r"= -2\,{}^t X", r"= 2\,{}^t X"))[3] == {Verdict.REFUTED}


MACROS_IN_PROSE = r"""\newcommand{\X}{\mathbf{X}}
\newcommand{\y}{\mathbf{y}}
\newcommand{\bb}{\mathbf{b}}
The data matrix $\X$ is $n \times K$, $\y$ is $n \times 1$ and $\bb$ is $K \times 1$; the first column of
$\X$ is a column of ones, $\mathbf{i}$, and $\mathbf{e} = \y - \X\bb$.
\begin{align}
S(\bb) &= (\y - \X\bb)'(\y - \X\bb) = \y'\y - 2\y'\X\bb + \bb'\X'\X\bb \\
\textstyle\sum_i e_i &= \mathbf{i}'\mathbf{e}
\end{align}
"""


def test_macros_in_prose_declare_and_an_index_that_is_also_a_name_is_not_read():
    assert _at(MACROS_IN_PROSE, "tex") == {7: {Verdict.PROVED}, 8: {Verdict.UNPARSED}}
    assert _at(MACROS_IN_PROSE.replace(r"- 2\y'\X\bb +", r"- \y'\X\bb +"), "tex")[7] == {Verdict.REFUTED}


SHAPES_IN_PLAIN_TEXT = r"""My setup: X has shape (m, n), W has shape (n, K), b has shape (1, K), and the labels are
one-hot, in Y with shape (m, K).

$$Z = XW + \mathbf{1}b, \qquad J(W, b) = -\frac{1}{m}\sum_{i=1}^{m}\sum_{k=1}^{K} Y_{ik}\log \frac{e^{Z_{ik}}}{\sum_{l=1}^{K} e^{Z_{il}}}$$

$$\frac{\partial J}{\partial b_{j}} = \frac{1}{m}\sum_{i=1}^{m}\left(\frac{e^{Z_{ij}}}{\sum_{l=1}^{K} e^{Z_{il}}} - Y_{ij}\right)$$
"""


def test_shapes_said_in_plain_text_as_a_forum_post_writes_them():
    assert _at(SHAPES_IN_PLAIN_TEXT) == {6: {Verdict.PROVED}}
    assert _at(SHAPES_IN_PLAIN_TEXT.replace(r"= \frac{1}{m}\sum_{i=1}^{m}\left(", r"= \sum_{i=1}^{m}\left("))[6] == \
        {Verdict.REFUTED}


STACKED_AS_A_BATCH = r"""Examples are columns, $X = [x^{(1)}, \dots, x^{(B)}] \in \mathbb{R}^{n \times B}$, with weights
$V \in \mathbb{R}^{C \times n}$, labels $y_j$ and one-hot targets $t^{(j)} = e_{y_j}$ stacked as $T \in \mathbb{R}^{C \times B}$.

$U = VX$, so column $j$ is $u^{(j)} = Vx^{(j)}$; then $q^{(j)}_k = e^{u^{(j)}_k} / \sum_{l=1}^{C} e^{u^{(j)}_l}$, stacked
as $Q \in \mathbb{R}^{C \times B}$, and

$$J = -\frac{1}{B}\sum_{j=1}^{B} \log q^{(j)}_{y_j}$$

$$\frac{\partial J}{\partial U} = \frac{1}{B}(Q - T)$$

$$\frac{\partial J}{\partial V} = \frac{1}{B}\sum_{j=1}^{B} (q^{(j)} - t^{(j)}) x^{(j)\intercal} = \frac{1}{B}(Q - T) X^\intercal$$
"""


def test_examples_defined_entry_by_entry_and_stacked_as_a_declared_batch():
    assert _at(STACKED_AS_A_BATCH) == {9: {Verdict.PROVED}, 11: {Verdict.PROVED}}
    assert _at(STACKED_AS_A_BATCH.replace(r"\frac{1}{B}(Q - T)$$", r"\frac{1}{B}(Q + T)$$"))[9] == {Verdict.REFUTED}
    assert _at(STACKED_AS_A_BATCH.replace(r"(Q - T) X^\intercal", r"(Q - T) X"))[11] != {Verdict.PROVED}


COLUMNS_PICTURED = r"""A linear layer maps $x \in \mathbb{R}^d$ to $z = Wx + b$, with $W \in \mathbb{R}^{k \times d}$,
$b \in \mathbb{R}^k$ and a target $y \in \mathbb{R}^k$:

$$\ell = \frac{1}{2}\|z - y\|^2$$

For a batch, stack $m$ examples as columns, $X = [x_1, \dots, x_m] \in \mathbb{R}^{d \times m}$ and
$Y = [y_1, \dots, y_m]$, and let

$$Z = WX + b\mathbf{1}^\top, \qquad L = \frac{1}{m}\sum_{i=1}^{m} \ell_i = \frac{1}{2m}\|Z - Y\|_F^2$$

where $\mathbf{1} \in \mathbb{R}^m$ is the all-ones vector. Then

$$\nabla_b L = \frac{1}{m}(Z - Y)\mathbf{1}$$

$$\nabla_W L = \frac{1}{m}(Z - Y)X^\top$$

$$Z^\top = X^\top W^\top + (b\mathbf{1}^\top)^\top = X^\top W^\top + \mathbf{1}b^\top$$
"""


def test_a_batch_declared_by_its_picture_a_bias_spread_as_b_ones_transposed_and_a_mean_of_example_losses():
    assert _at(COLUMNS_PICTURED) == {line: {Verdict.PROVED} for line in (9, 13, 15, 17)}
    halved = COLUMNS_PICTURED.replace(r"= \frac{1}{2m}\|Z - Y\|_F^2", r"= \frac{1}{m}\|Z - Y\|_F^2")
    assert Verdict.REFUTED in _at(halved)[9]
    no_mean = COLUMNS_PICTURED.replace(r"L = \frac{1}{m}(Z - Y)\mathbf{1}", r"L = (Z - Y)\mathbf{1}")
    assert _at(no_mean)[13] == {Verdict.REFUTED}
    assert _at(COLUMNS_PICTURED.replace(r"(Z - Y)X^\top", r"(Y - Z)X^\top"))[15] == {Verdict.REFUTED}


ONE_EXAMPLE_THEN_STACKED = r"""One example: $x \in \mathbb{R}^d$, $y \in \mathbb{R}^k$, $W \in \mathbb{R}^{k \times d}$ and $b \in \mathbb{R}^k$,

$$u = Wx + b, \qquad a = \tanh(u), \qquad \ell = \frac{1}{2}\|a - y\|^2$$

Define $\delta = \nabla_u \ell$; then

$$\delta = (a - y) \odot (1 - a \odot a)$$

For $n$ examples in the columns of $X = [x_1, \dots, x_n] \in \mathbb{R}^{d \times n}$, with
$Y = [y_1, \dots, y_n]$ and $\Delta = [\delta_1, \dots, \delta_n]$, the mean loss
$L = \frac{1}{n}\sum_{i=1}^{n} \ell_i$ has

$$\nabla_W L = \frac{1}{n}\sum_{i=1}^{n} \delta_i x_i^\top = \frac{1}{n}\Delta X^\top$$

$$\nabla_b L = \frac{1}{n}\sum_{i=1}^{n} \delta_i = \frac{1}{n}\Delta\mathbf{1}_n$$

and, with $A = \tanh(WX + b\mathbf{1}_n^\top)$,

$$\frac{1}{n}\Delta X^\top = \frac{1}{n}\left[(A - Y) \odot (1 - A \odot A)\right] X^\top$$
"""


def test_a_vector_defined_for_one_example_taken_at_each_example_and_stacked():
    """δ = ∇_u ℓ is defined for one example; δ_i under a sum to n is δ at example i, and Δ = [δ_1, …, δ_n]
    holds them side by side, so ΔXᵀ is Σ δ_i x_iᵀ."""
    assert _at(ONE_EXAMPLE_THEN_STACKED) == {line: {Verdict.PROVED} for line in (7, 13, 15, 19)}
    flipped = ONE_EXAMPLE_THEN_STACKED.replace(r"= \frac{1}{n}\Delta X^\top", r"= \frac{1}{n}X\Delta^\top")
    assert _at(flipped)[13] == {Verdict.PROVED, Verdict.CONVENTION}
    assert _at(ONE_EXAMPLE_THEN_STACKED.replace(r"(1 - A \odot A)", r"(1 - A)"))[19] == {Verdict.REFUTED}


READING_NOTES = r"""The mini-batch holds $m$ examples as the rows of $X \in \mathbb{R}^{m \times f}$, with weights
$W \in \mathbb{R}^{K \times f}$, one-hot labels as the rows of $Y \in \{0, 1\}^{m \times K}$ and
$Z = X W^\top$, and $\hat{Y}$ is the softmax of each row of $Z$. The cost is the mean loss:

$$\mathrm{Cost}(\hat{Y}, Y) = -\frac{1}{m} \sum_{i=1}^{m} \sum_{k=1}^{K} Y_{ik} \log \hat{Y}_{ik}$$

$$\frac{\partial\, \mathrm{Cost}}{\partial W} = \frac{1}{m}(\hat{Y} - Y)^\top X$$

With an L2 penalty, $\mathrm{Cost}_{\mathrm{reg}} = \mathrm{Cost}(\hat{Y}, Y) + \alpha \|W\|_F^2$, and

$$\frac{\partial\, \mathrm{Cost}_{\mathrm{reg}}}{\partial W} = \frac{1}{m}(\hat{Y} - Y)^\top X + 2\alpha W$$
"""


def test_a_softmax_of_each_row_said_in_words_and_a_cost_written_at_its_own_arguments():
    """"$\\hat Y$ is the softmax of each row of $Z$" defines Ŷ; Cost(Ŷ, Y), as the cost was defined, is the
    cost itself, not the cost at another point."""
    assert _at(READING_NOTES) == {7: {Verdict.PROVED}, 11: {Verdict.PROVED}}
    assert _at(READING_NOTES.replace(r"X + 2\alpha W$$", r"X + \alpha W$$"))[11] == {Verdict.REFUTED}


FORUM_SCORES = r"""My setup: X has shape (m, n), W has shape (n, K), b has shape (1, K) added to every row, Z = XW + b,
and the labels are one-hot in Y with shape (m, K).

$$J = -\frac{1}{m}\sum_{i=1}^{m}\sum_{k=1}^{K} Y_{ik}\log P_{ik}, \qquad
P_{ik} = \frac{e^{Z_{ik}}}{\sum_{l=1}^{K} e^{Z_{il}}}$$

So for the scores,

$$\frac{\partial J}{\partial Z_{ij}} = \frac{1}{m}(P_{ij} - Y_{ij})$$

and since $Z_{ij} = \sum_r X_{ir}W_{rj} + b_j$,

$$\frac{\partial J}{\partial W_{rj}} = \frac{1}{m}\sum_{i=1}^{m}X_{ir}(P_{ij} - Y_{ij})$$
"""


def test_scores_given_in_words_and_defined_entry_by_entry_a_little_later_are_known_before():
    """Z = XW + b in the post's words, then its entries in math two claims later: the claim on ∂J/∂Z_{ij}
    between them reads Z so, never as a name without a value."""
    assert _at(FORUM_SCORES) == {9: {Verdict.PROVED}, 13: {Verdict.PROVED}}
    assert _at(FORUM_SCORES.replace(r"\frac{1}{m}(P_{ij} - Y_{ij})$$", r"\frac{1}{m}(Y_{ij} - P_{ij})$$"))[9] \
        == {Verdict.REFUTED}
