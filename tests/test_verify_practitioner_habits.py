"""How practitioners write a derivation outside a course: a design doc's notation table with a shape
column ("scalar", "$M$", "$M \\times p$"), per-example weights put in a diagonal matrix A = diag(a_1, …,
a_M) that is no batch of them; an exam crib sheet's softmax written sm, a step function named in words
("$\\Theta(t)$ = Heaviside step"), and shapes noted after a claim, \\qquad (m); a graded notebook's labels
t_n ∈ {1, …, C} with T_{nc} = [t_n = c], and a primed index c'; a compiler RFC's cotangents, "δZ := ∂J/∂Z"
for every value Z, and a step of max(H, 0); labels said in words to take the values −1 and 1; a kernel
note's Gram matrix K = [κ(x_i, x_j)], a value not read, so K is never free in a refutation; a
matrix-calculus post's Frobenius product Y : log P, entrywise division y ⊘ p, p(𝟏ᵀy) a product (no
probability), and one-hot labels declared inline, Y ∈ {0,1}^{K×N}, which state no case; a notebook's shape
table with several names in a row, each shape in brackets, | $W_1$, $b_1$ | $(d, h)$, $(1, h)$ |; a blog
post's shapes said of its code names ("`W1` is D x h, `b1` is 1 x h"), the entries of W_1 written W_{1,k,l}
or W_{1,kl}, and a mean of column sums, (1/N)𝟏ᵀF. Each correct
step is proved, never refuted; a planted error is refuted at its line."""
from checks.verdict import Verdict
from tests.document_steps import VERDICTS_NOT_SPEED, steps
from tests.document_steps import verdicts_at as _at

DESIGN_DOC = r"""## Notation

| symbol | shape | meaning |
|---|---|---|
| $M$ | scalar | number of sessions |
| $G$ | $M \times p$ | session features, row $j$ is $g_j^\top$ |
| $r$ | $M$ | conversions, $r_j \in \{0, 1\}$ |
| $a$ | $M$ | sample weights |
| $\beta$ | $p$ | coefficients |
| $\rho$ | scalar | penalty |

With $u_j = g_j^\top \beta$ and $h_j = \sigma(u_j)$, write $A = \operatorname{diag}(a_1, \dots, a_M)$.

$$J(\beta) = \frac{1}{M}\sum_{j=1}^{M} a_j\left(-r_j \log h_j - (1 - r_j)\log(1 - h_j)\right) + \frac{\rho}{2}\lVert\beta\rVert_2^2$$

$$\nabla J(\beta) = \frac{1}{M}\sum_{j=1}^{M} a_j (h_j - r_j)\, g_j + \rho\,\beta$$

With $B = \operatorname{diag}\big(h_1(1 - h_1), \dots, h_M(1 - h_M)\big)$,

$$\nabla^2 J(\beta) = \frac{1}{M}\sum_{j=1}^{M} a_j h_j (1 - h_j)\, g_j g_j^\top + \rho I_p = \frac{1}{M} G^\top A B G + \rho I_p$$
"""


def test_a_notation_table_with_a_shape_column_and_weights_in_a_diagonal_matrix():
    assert _at(DESIGN_DOC) == {16: {Verdict.PROVED}, 20: {Verdict.PROVED}}
    assert _at(DESIGN_DOC.replace(r"+ \rho\,\beta$$", r"- \rho\,\beta$$"))[16] == {Verdict.REFUTED}
    assert Verdict.REFUTED in _at(DESIGN_DOC.replace(r"= \frac{1}{M} G^\top A B G", r"= \frac{1}{M} G^\top B G"))[20]


CRIB_SHEET = r"""### setup (one example)

- $x \in \mathbb{R}^n$, $V_1$ is $m\times n$, $c_1 \in \mathbb{R}^m$, $V_2$ is $K\times m$, $c_2 \in \mathbb{R}^K$
- label $y$, $e_y$ = one-hot column
- fwd: $s = V_1x + c_1$, $g = \max(0, s)$, $f = V_2g + c_2$, $p = \mathrm{sm}(f)$

$$J = -\log p_y = -f_y + \log\sum_{k=1}^{K} e^{f_k}$$

$\Theta(t)$ = Heaviside step, 1 if $t > 0$ else 0.

$$\gamma_2 := \frac{\partial J}{\partial f} = p - e_y$$

$$\frac{\partial J}{\partial g} = V_2^T\gamma_2 \qquad (m)$$

$$\gamma_1 := \frac{\partial J}{\partial s} = \mathrm{diag}(\Theta(s))\,V_2^T\gamma_2 = (V_2^T\gamma_2)\odot\Theta(s)$$

$$\frac{\partial J}{\partial V_1} = \gamma_1 x^T \qquad (m\times n)$$
"""


def test_a_crib_sheets_sm_a_step_function_named_in_words_and_shapes_noted_after_a_claim():
    assert _at(CRIB_SHEET) == {line: {Verdict.PROVED} for line in (7, 11, 13, 15, 17)}
    mask = CRIB_SHEET.replace(r"= (V_2^T\gamma_2)\odot\Theta(s)", r"= (V_2^T\gamma_2)\odot\Theta(-s)")
    assert _at(mask)[15] == {Verdict.PROVED, Verdict.REFUTED}


GRADED_NOTEBOOK = r"""A batch of $N$ examples is stored row-wise: $A \in \mathbb{R}^{N\times d}$ has rows $a_n^\top$.
Labels $t_n \in \{1, \dots, C\}$ are encoded with an Iverson bracket, $T_{nc} = [\,t_n = c\,]$,
so $T \in \{0,1\}^{N\times C}$. Parameters: $V \in \mathbb{R}^{d\times C}$ and $b \in \mathbb{R}^{C}$.

$$S = AV + \mathbf{1}_N b^\top, \qquad Q_{nc} = \frac{e^{S_{nc}}}{\sum_{l=1}^{C} e^{S_{nl}}},$$

$$E = -\frac{1}{N}\sum_{n=1}^{N}\log Q_{n\,t_n} = -\frac{1}{N}\sum_{n=1}^{N}\sum_{c=1}^{C} T_{nc}\log Q_{nc}.$$

Entrywise $S_{nc'} = \sum_{s=1}^{d} A_{ns}V_{sc'} + b_{c'}$, and with $G = \frac{\partial E}{\partial S} = \frac{1}{N}(Q - T)$,

$$\frac{\partial E}{\partial V_{sc}} = \sum_{n=1}^{N}\sum_{c'=1}^{C} G_{nc'}\,\frac{\partial S_{nc'}}{\partial V_{sc}} = \sum_{n=1}^{N} A_{ns}\,G_{nc} = \left(A^\top G\right)_{sc}$$
"""


def test_class_labels_an_iverson_one_hot_batch_and_a_primed_index():
    assert _at(GRADED_NOTEBOOK) == {7: {Verdict.PROVED}, 9: {Verdict.PROVED}, 11: {Verdict.PROVED}}
    swapped = GRADED_NOTEBOOK.replace(r"= \sum_{n=1}^{N} A_{ns}\,G_{nc}", r"= \sum_{n=1}^{N} A_{nc}\,G_{ns}")
    assert Verdict.REFUTED in _at(swapped)[11]
    no_mean = GRADED_NOTEBOOK.replace(r"= \frac{1}{N}(Q - T)", r"= (Q - T)")
    assert _at(no_mean)[9] == {Verdict.REFUTED}


COMPILER_RFC = r"""**Conventions.** Rows are examples. For every value $Z$ of the graph we write $\delta Z := \partial J / \partial Z$, of the shape of $Z$.

| name | shape |
|------|-------|
| $X$ | $N \times p$ |
| $W$ | $p \times q$ |
| $w$ | $q$ |
| $Y$ | $N \times q$ |

$$H = XW + \mathbf{1}_N w^\mathsf{T}, \qquad G = \max(H, 0), \qquad J = \frac{1}{2}\sum_{n=1}^{N}\sum_{j=1}^{q} (G_{nj} - Y_{nj})^2.$$

$$\delta G = G - Y, \qquad \delta H = \delta G \odot \mathrm{step}(H) = \delta G \odot \mathrm{step}(G),$$

$$\delta W = X^\mathsf{T}\,\delta H, \qquad \delta w = \delta H^\mathsf{T}\mathbf{1}_N, \qquad \delta X = \delta H\, W^\mathsf{T}.$$
"""


def test_cotangents_written_delta_before_every_name_and_the_step_of_a_relus_output():
    """δZ := ∂J/∂Z said once makes δG, δH, δW, δw, δX and δHᵀ derivatives; step(G) with G = max(H, 0) is
    step(H) everywhere but on the kink, where no derivative exists."""
    verdicts = _at(COMPILER_RFC)
    assert verdicts[14] == {Verdict.PROVED}
    assert not {Verdict.REFUTED, Verdict.UNPARSED} & verdicts[12]
    doubled = COMPILER_RFC.replace(r"\delta w = \delta H^\mathsf{T}", r"\delta w = 2\delta H^\mathsf{T}")
    assert Verdict.REFUTED in _at(doubled)[14]


LABELS_OF_EITHER_SIGN = r"""Each label $s_i$ takes values in the set $\{-1, 1\}$, the data are $Z \in \mathbb{R}^{n \times p}$ with $z_i$ the $i$-th row of $Z$ as a column, and $\theta \in \mathbb{R}^p$. With $g_i = s_i z_i^T \theta$ and $\psi(g) = \log(1 + e^{-g})$,

$$F(\theta) = \frac{1}{2}\theta^T\theta + \mu \sum_{i=1}^{n} \psi(g_i)$$

Using $s_i^2 = 1$,

$$\nabla^2 F(\theta) = I_p + \mu \sum_{i=1}^{n} \psi''(g_i)\, s_i^2\, z_i z_i^T = I_p + \mu \sum_{i=1}^{n} \psi''(g_i)\, z_i z_i^T$$
"""


def test_labels_said_in_words_to_take_the_values_minus_one_and_one():
    """"$s_i$ takes values in the set $\\{-1, 1\\}$": each s_i is ±1, so s_i² = 1 as the author uses it."""
    assert _at(LABELS_OF_EITHER_SIGN) == {7: {Verdict.PROVED}}
    assert Verdict.REFUTED in _at(LABELS_OF_EITHER_SIGN.replace(r"= I_p + \mu \sum_{i=1}^{n} \psi''(g_i)\, z_i z_i^T",
                                                                r"= I_p + \mu \sum_{i=1}^{n} \psi'(g_i)\, z_i z_i^T"))[7]


KERNEL_NOTES = r"""# Kernel ridge regression, dual form

Let $\alpha \in \mathbb{R}^n$ and $y \in \mathbb{R}^n$, and let $K \in \mathbb{R}^{n \times n}$ hold the
kernel values of the training points, $K = [\kappa(x_i, x_j)]_{i,j=1}^{n}$.

$$J(\alpha) = \frac{1}{2}\alpha^\top K \alpha - y^\top \alpha + \frac{\lambda}{2}\alpha^\top \alpha$$

$$\nabla_\alpha J = K\alpha - y + \lambda \alpha$$

Without the data term, $R(\alpha) = \frac{\lambda}{2}\alpha^\top \alpha - y^\top \alpha$, and

$$\nabla_\alpha R = \lambda \alpha + y$$
"""


def test_a_name_given_a_value_this_reader_cannot_read_is_never_refuted_free():
    """K's value (a symmetric matrix of kernel values) is written in a form not read; with K free, ∇(½αᵀKα) = Kα
    fails. The step is undecided, with the line of K's value; a wrong step without K is refuted."""
    found = {s.line: s for s in steps(KERNEL_NOTES, budget=VERDICTS_NOT_SPEED)}
    assert found[8].verdict is Verdict.UNDECIDED
    assert found[8].detail.startswith("K is given a value at line 4 that this reader cannot read")
    assert found[12].verdict is Verdict.REFUTED
    listed = KERNEL_NOTES.replace("training points,", r"training points, $\alpha = [\alpha_1\ \cdots\ \alpha_n]^\top$,")
    assert {s.line: s.verdict for s in steps(listed, budget=VERDICTS_NOT_SPEED)}[12] is Verdict.REFUTED


FROBENIUS_POST = r"""Let $S \in \mathbb{R}^{K \times N}$ hold the scores of $N$ examples in its columns, let
$P = \operatorname{softmax}(S)$ column by column, and let $Y \in \{0,1\}^{K \times N}$ hold the one-hot
labels; $p_n$ and $y_n$ are their columns. I write $A : B = \operatorname{tr}(A^T B)$ for matrices.

$$L = -\frac{1}{N}\sum_{n=1}^{N} y_n^T \log p_n = -\frac{1}{N}\, Y : \log P$$

For one example, $s \in \mathbb{R}^K$, $p = \operatorname{softmax}(s)$ and a one-hot $y \in \{0,1\}^K$;
$\oslash$ divides entry by entry:

$$-\left(\operatorname{diag}(p) - pp^T\right)(y \oslash p) = -y + p\,(\mathbf{1}^T y) = p - y$$

For any $M \in \mathbb{R}^{K \times N}$, $M : Y = \operatorname{tr}(M^T Y) = \operatorname{tr}(Y M^T)$.
"""


def test_a_frobenius_product_entrywise_division_and_labels_declared_inline():
    assert _at(FROBENIUS_POST) == {5: {Verdict.PROVED}, 10: {Verdict.PROVED}}
    assert _at(FROBENIUS_POST.replace(r"Y : \log P$$", r"Y : P$$"))[5] == {Verdict.REFUTED}
    assert Verdict.REFUTED in _at(FROBENIUS_POST.replace(r"(y \oslash p) = -y", r"(y \odot p) = -y"))[10]


NOTEBOOK_TABLE = r"""Each row of $X$ is one image, so for a mini-batch of $m$ images:

| symbol | shape | meaning |
|---|---|---|
| $X$ | $(m, d)$ | pixels |
| $W_1$, $b_1$ | $(d, h)$, $(1, h)$ | hidden layer |
| $W_2$, $b_2$ | $(h, k)$, $(1, k)$ | output layer |
| $Y$ | $(m, k)$ | one-hot labels |

$$Z_1 = X W_1 + b_1, \qquad H = \max(0, Z_1), \qquad Z_2 = H W_2 + b_2, \qquad \hat{Y} = \text{softmax}(Z_2)$$

$$\mathcal{L} = -\frac{1}{m}\sum_{i=1}^{m}\sum_{c=1}^{k} Y_{ic}\log \hat{Y}_{ic} + \frac{\lambda}{2m}\left(\|W_1\|_F^2 + \|W_2\|_F^2\right)$$

**Notation:** $dA$ means $\frac{\partial \mathcal{L}}{\partial A}$.

$$dZ_2 = \frac{1}{m}(\hat{Y} - Y)$$

$$dW_2 = H^\top dZ_2 + \frac{\lambda}{m} W_2$$

$$db_2 = \mathbf{1}^\top dZ_2$$
"""


def test_a_shape_tables_row_of_several_names_each_with_its_shape_in_brackets():
    """| $W_1$, $b_1$ | $(d, h)$, $(1, h)$ |: b_1 is a row, which NumPy adds to every row of XW_1."""
    assert _at(NOTEBOOK_TABLE) == {line: {Verdict.PROVED} for line in (16, 18, 20)}
    assert _at(NOTEBOOK_TABLE.replace(r"H^\top dZ_2 + \frac", r"H^\top dZ_2 - \frac"))[18] == {Verdict.REFUTED}
    assert _at(NOTEBOOK_TABLE.replace(r"dZ_2 = \frac{1}{m}(\hat{Y} - Y)", r"dZ_2 = (\hat{Y} - Y)"))[16] \
        == {Verdict.REFUTED}


BLOG_POST = r"""Shapes as in my code: `X` is N x D (one example per row), `W1` is D x h, `b1` is 1 x h, `W2` is h x K and
`b2` is 1 x K. With $Z = XW_1 + b_1$, $H = \max(0, Z)$ and $F = HW_2 + b_2$, the regularized loss is

$$L = \frac{1}{N}\sum_{i=1}^{N} \frac{1}{2}\|F_{i,:}\|^2 + \frac{\lambda}{2}\sum_k\sum_l W_{1,k,l}^2 + \frac{\lambda}{2}\sum_k\sum_l W_{2,k,l}^2$$

$$\frac{\lambda}{2}\sum_k\sum_l W_{2,k,l}^2 = \frac{\lambda}{2}\|W_2\|_F^2$$

$$\frac{\partial L}{\partial W_{2,kl}} = \frac{1}{N}(H^T F)_{kl} + \lambda W_{2,kl}$$

$$\frac{\partial L}{\partial b_2} = \frac{1}{N}\mathbf{1}^T F$$
"""


def test_shapes_said_of_code_names_entries_of_a_numbered_matrix_and_a_scaled_row_of_ones():
    assert _at(BLOG_POST) == {line: {Verdict.PROVED} for line in (6, 8, 10)}
    assert _at(BLOG_POST.replace(r"= \frac{\lambda}{2}\|W_2", r"= \lambda\|W_2"))[6] == {Verdict.REFUTED}
    assert _at(BLOG_POST.replace(r"+ \lambda W_{2,kl}", r"+ 2\lambda W_{2,kl}"))[8] == {Verdict.REFUTED}
    assert _at(BLOG_POST.replace(r"= \frac{1}{N}\mathbf{1}^T F", r"= \mathbf{1}^T F"))[10] == {Verdict.REFUTED}


def test_an_all_ones_mask_in_an_entrywise_product_takes_the_other_factors_size():
    """(Xw)wᵀ ⊙ 𝟏: 𝟏 as large as the matrix it meets (evaluating it once crashed on a transpose of 𝟏)."""
    text = (r"Let $X \in \mathbb{R}^{m \times n}$ and $w \in \mathbb{R}^n$." "\n\n"
            r"$$L = \frac{1}{2}\|X w\|^2$$" "\n\n"
            r"$$\frac{\partial L}{\partial X} = (X w) w^T \odot \mathbf{1}$$" "\n")
    assert _at(text) == {5: {Verdict.PROVED}}
    assert _at(text.replace(r"= (X w) w^T", r"= 2(X w) w^T")) == {5: {Verdict.REFUTED}}


def test_sizes_written_as_numbers_are_checked_small():
    """(m, 784) and Σ_{c=1}^{10}: MNIST's pixels and classes, sizes of their own at small values (at 784
    every step ran out of time)."""
    text = NOTEBOOK_TABLE.replace("$(m, d)$", "$(m, 784)$").replace("$(d, h)$", "$(784, h)$") \
        .replace("$(h, k)$, $(1, k)$", "$(h, 10)$, $(1, 10)$").replace("$(m, k)$", "$(m, 10)$") \
        .replace(r"\sum_{c=1}^{k}", r"\sum_{c=1}^{10}")
    assert text.count("784") == 2 and text.count("10") == 4
    assert _at(text) == {line: {Verdict.PROVED} for line in (16, 18, 20)}
    assert _at(text.replace(r"H^\top dZ_2 + \frac", r"H^\top dZ_2 - \frac"))[18] == {Verdict.REFUTED}


FORUM_SHAPES = r"""With $X \in \mathbb{R}^{m \times d}$, $W \in \mathbb{R}^{d \times k}$, one-hot labels $Y \in \{0,1\}^{m \times k}$,
$Z = XW$ and $P = \mathrm{softmax}(Z)$ row by row, $L = -\frac{1}{m}\sum_{i=1}^{m}\sum_{j=1}^{k} Y_{ij}\log P_{ij}$.

$$\mathbf G := \frac{\partial L}{\partial \mathbf Z} = \frac{1}{m} (\mathbf P - \mathbf Y) \in \mathbb R^{m \times k}.$$

$$\frac{\partial L}{\partial W} = X^\top G \in \mathbb{R}^{d_\text{in} \times k},$$
"""


def test_a_shape_said_after_a_claim_with_a_bare_blackboard_r_or_sizes_in_words_is_a_note():
    """∈ \\mathbb R^{m × k} (no braces round R) and ∈ ℝ^{d_\\text{in} × …}: the claim's shape, not a factor."""
    assert _at(FORUM_SHAPES) == {4: {Verdict.PROVED}, 6: {Verdict.PROVED}}
    assert _at(FORUM_SHAPES.replace(r"= X^\top G", r"= G^\top X"))[6] == {Verdict.CONVENTION}
    assert _at(FORUM_SHAPES.replace(r"\frac{1}{m} (\mathbf P", r"(\mathbf P"))[4] == {Verdict.REFUTED}


NAMED_AFTER = r"""With $h \in \mathbb{R}^m$, $W_2 \in \mathbb{R}^{K \times m}$, $b_2 \in \mathbb{R}^K$, a one-hot $y \in \{0,1\}^K$,
$s = W_2 h + b_2$, $p = \mathrm{softmax}(s)$ and $L = -\sum_{k=1}^{K} y_k \log p_k$:

$$\frac{\partial L}{\partial s} = p - y =: \delta_2$$

$$\frac{\partial L}{\partial W_2} = \delta_2\, h^\top, \qquad \frac{\partial L}{\partial b_2} = \delta_2$$
"""


def test_a_name_given_after_its_value_with_equals_colon():
    """a = b =: δ_2, as notes write it: δ_2 names ∂L/∂s, and the steps before it are claims."""
    assert _at(NAMED_AFTER) == {4: {Verdict.PROVED}, 6: {Verdict.PROVED}}
    assert _at(NAMED_AFTER.replace("= p - y =:", "= y - p =:"))[4] == {Verdict.REFUTED}
    assert _at(NAMED_AFTER.replace(r"= \delta_2\, h^\top", r"= h\, \delta_2^\top"))[6] == {Verdict.CONVENTION, Verdict.PROVED}


def test_a_batch_loss_written_as_the_mean_of_its_own_examples_is_no_endless_recursion():
    """𝓛 = (1/n) Σ_i L^{(i)}, 𝓛 and L one name to this reader: 𝓛's example i is 𝓛 again. The step
    is unread with a reason, never "could not evaluate: RecursionError"."""
    batch = NAMED_AFTER.split("\n\n$$\\frac{\\partial L}{\\partial W_2}")[0] + r"""

For the batch, $H = [h^{(1)} \cdots h^{(n)}] \in \mathbb{R}^{m \times n}$ and $\mathcal{L} = \frac{1}{n}\sum_{i} L^{(i)}$.

$$\frac{\partial \mathcal{L}}{\partial W_2} = \frac{1}{n}\sum_{i=1}^{n} \delta_2^{(i)} h^{(i)\top}$$
"""
    found = [s for s in steps(batch, budget=VERDICTS_NOT_SPEED) if s.line == 8]
    assert found and all(s.verdict is Verdict.UNPARSED and "Recursion" not in s.detail for s in found), found


FLASHCARD = r"""**Q:** the gradient of $\ell = -\log q_y$ by the logits $u$, with $q = \operatorname{softmax}(u)$,
$u \in \mathbb{R}^C$ and $y$ the class.

**A:** From $\partial q_y / \partial u_l = q_y(\delta_{yl} - q_l)$,
$$\frac{\partial \ell}{\partial u_l} = -\frac{1}{q_y}\, q_y(\delta_{yl} - q_l)
= -(\delta_{yl} - q_l) = q_l - \delta_{yl} .$$
"""


def test_a_letter_compared_in_a_kronecker_delta_is_used_on_that_side():
    """δ_{yl} uses l: a side with q_y where q_l is due is wrong for every l but y, never "l read as the class"."""
    assert _at(FLASHCARD)[5] == {Verdict.PROVED}
    assert _at(FLASHCARD)[6] == {Verdict.PROVED}
    assert _at(FLASHCARD.replace(r"= -(\delta_{yl} - q_l) =", r"= -(\delta_{yl} - q_y) ="))[6] == \
        {Verdict.REFUTED}


DEVELOPER_NOTE = r"""The samples are the rows of $X \in \mathbb{R}^{n \times p}$, $x_i$ the $i$-th as a column, with
labels $y_i \in \{0, 1\}$ and coefficients $w \in \mathbb{R}^p$. The predicted probability is

$$\hat{p}(x_i) = \operatorname{expit}(x_i^T w) = \frac{1}{1 + \exp(-x_i^T w)} ,$$

and the loss $L(w) = -\sum_{i=1}^{n} \left(y_i \log \hat{p}(x_i) + (1 - y_i)\log(1 - \hat{p}(x_i))\right)$
has the gradient

$$\nabla_w L(w) = \sum_{i=1}^{n} (\hat{p}(x_i) - y_i)\, x_i$$
"""


def test_scipys_expit_is_the_sigmoid_and_a_hatted_function_of_a_sample_is_defined():
    assert _at(DEVELOPER_NOTE) == {4: {Verdict.PROVED}, 9: {Verdict.PROVED}}
    assert _at(DEVELOPER_NOTE.replace(r"(\hat{p}(x_i) - y_i)\, x_i$$", r"(y_i - \hat{p}(x_i))\, x_i$$"))[9] \
        == {Verdict.REFUTED}
