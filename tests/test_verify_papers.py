"""How theses, exercise sheets and slides write a derivation: layers numbered above the name
(W^{(1)}, W^{(2)}), the y-th unit vector e_y declared with its size, a loss E(ω, ω₀) later written
bare E with an assumption (λ > 0) after its definition, the empirical risk 𝓡 as a mean of ℓ(θ; x_n,
y_n), capital Greek names (Γ, Ξ, Λ), a square root, and a table whose cells each hold two names
and two shapes. Each correct step is proved, never refuted; a planted error is refuted at its line."""
from checks.syntax import Div, Name, Num, Pow, parse
from checks.verdict import Verdict
from tests.document_steps import verdicts_at as _at

LAYERS_ABOVE = r"""Let $\mathbf{x} \in \mathbb{R}^{d}$ be an input with class label $y$, and let $\mathbf{e}_y \in \mathbb{R}^K$ be
the $y$-th standard basis vector. The parameters are $\mathbf{W}^{(1)} \in \mathbb{R}^{m \times d}$, $\mathbf{b}^{(1)} \in \mathbb{R}^{m}$
and $\mathbf{W}^{(2)} \in \mathbb{R}^{K \times m}$. The forward pass is
\begin{equation}
\mathbf{a} = \mathbf{W}^{(1)}\mathbf{x} + \mathbf{b}^{(1)}, \qquad \mathbf{h} = \tanh(\mathbf{a}), \qquad
\mathbf{o} = \mathbf{W}^{(2)}\mathbf{h}, \qquad \pi_k = \frac{e^{o_k}}{\sum_{l=1}^{K} e^{o_l}},
\end{equation}
and the loss of the example is $\ell = -\log \pi_y$. Let $\boldsymbol{\delta}^{(2)} := \partial\ell/\partial\mathbf{o}$ and
$\boldsymbol{\delta}^{(1)} := \partial\ell/\partial\mathbf{a}$. Then
\begin{align}
\boldsymbol{\delta}^{(2)} &= \boldsymbol{\pi} - \mathbf{e}_y, &
\boldsymbol{\delta}^{(1)} &= (1 - \mathbf{h} \odot \mathbf{h}) \odot \mathbf{W}^{(2)\top}\boldsymbol{\delta}^{(2)}, \\
\frac{\partial\ell}{\partial\mathbf{W}^{(2)}} &= \boldsymbol{\delta}^{(2)}\mathbf{h}^{\top}, &
\frac{\partial\ell}{\partial\mathbf{W}^{(1)}} &= \boldsymbol{\delta}^{(1)}\mathbf{x}^{\top}
\end{align}
"""


def test_numbers_above_a_name_are_layers_and_e_y_is_the_unit_vector():
    assert _at(LAYERS_ABOVE, "tex") == {line: {Verdict.PROVED} for line in (11, 12, 13, 14)}
    wrong = LAYERS_ABOVE.replace(r"&= \boldsymbol{\delta}^{(1)}\mathbf{x}^{\top}", r"&= -\boldsymbol{\delta}^{(1)}\mathbf{x}^{\top}")
    assert _at(wrong, "tex")[14] == {Verdict.REFUTED}


BARE_E_AFTER_ITS_ARGUMENTS = r"""The features are $\phi_n \in \mathbb{R}^p$ and the labels $t_n \in \{0,1\}$ for $n = 1, \dots, N$;
the weights are $\omega \in \mathbb{R}^p$. With $a_n = \omega^T \phi_n$ and $y_n = \sigma(a_n)$,
$$E(\omega) = -\sum_{n=1}^{N} \bigl[\, t_n \ln y_n + (1 - t_n)\ln(1 - y_n) \bigr] + \lambda\, \omega^T \omega , \qquad \lambda > 0 .$$

$$\frac{\partial E}{\partial \omega} = \sum_{n=1}^{N} (y_n - t_n)\,\phi_n + 2\lambda\,\omega$$
"""


def test_a_loss_named_with_its_arguments_then_bare_and_an_assumption_after_it():
    assert _at(BARE_E_AFTER_ITS_ARGUMENTS) == {5: {Verdict.PROVED}}
    assert _at(BARE_E_AFTER_ITS_ARGUMENTS.replace(r"+ 2\lambda\,\omega$$", r"- 2\lambda\,\omega$$")) == \
        {5: {Verdict.REFUTED}}


TWO_NAMES_A_CELL = r"""| symbol | shape |
|---|---|
| $X$ | $B \times n$ |
| $W_1$, $c_1$ | $n \times h$, $h$ |
| $T$ | $B \times h$ |

$$U = XW_1 + \mathbf{1}_B c_1^T, \qquad L = \frac{1}{2}\sum_{i=1}^{B}\sum_{k=1}^{h} (U_{ik} - T_{ik})^2$$

$$\frac{\partial L}{\partial W_1} = X^T (U - T), \qquad \frac{\partial L}{\partial c_1} = (U - T)^T \mathbf{1}_B$$
"""


def test_a_table_row_with_two_names_and_two_shapes():
    assert _at(TWO_NAMES_A_CELL) == {9: {Verdict.PROVED}}
    assert _at(TWO_NAMES_A_CELL.replace(r"(U - T)^T \mathbf{1}_B", r"(U + T)^T \mathbf{1}_B")) == \
        {9: {Verdict.PROVED, Verdict.REFUTED}}


def test_capital_greek_names_and_a_square_root_parse():
    assert parse(r"\Gamma") == Name("Gamma", None, False)
    assert parse(r"\Xi_{jk}") == Name("Xi", "jk", False)
    assert parse(r"\sqrt{N}") == Pow(Name("N", None, False), Div(Num("1"), Num("2")))


ONE_EXAMPLE_THEN_THE_BATCH = r"""Examples are columns of $X \in \mathbb{R}^{n \times m}$, the $j$-th being $x^{(j)} \in \mathbb{R}^n$; the
weights are $W \in \mathbb{R}^{p \times n}$ and the targets $T \in \mathbb{R}^{p \times m}$.

$$Z = WX, \qquad A = \tanh(Z), \qquad J = \frac{1}{2m}\lVert A - T\rVert_F^2$$

For a single example $x \in \mathbb{R}^n$ with target $t \in \mathbb{R}^p$, $z = Wx$, $a = \tanh(z)$ and
$J_1 = \tfrac12\lVert a - t\rVert^2$; its error is $\delta := \partial J_1 / \partial z = (1 - a \odot a) \odot (a - t)$.

For the batch, $\dfrac{\partial J}{\partial A} = \dfrac{1}{m}(A - T)$, and with $\Delta := \dfrac{\partial J}{\partial Z} = \dfrac{1}{m}(A - T) \odot (1 - A \odot A)$,

$$\frac{\partial J}{\partial W} = \frac{1}{m}\sum_{j=1}^{m} \delta^{(j)} x^{(j)T} = \Delta X^T$$
"""


def test_a_loss_with_a_number_below_is_its_own_and_one_examples_gradient_beside_the_batchs():
    verdicts = _at(ONE_EXAMPLE_THEN_THE_BATCH)
    assert verdicts[9] == {Verdict.PROVED}
    assert Verdict.REFUTED not in set().union(*verdicts.values())
    assert Verdict.REFUTED in _at(ONE_EXAMPLE_THEN_THE_BATCH.replace(r"= \dfrac{1}{m}(A - T)$, and", r"= (A - T)$, and"))[9]


GRADIENT_WITHOUT_A_SUBSCRIPT = r"""Let $X \in \mathbb{R}^{n \times d}$, $y \in \mathbb{R}^n$, $v \in \mathbb{R}^d$ and $\lambda > 0$.

$$J_\lambda(\theta) = \frac{1}{2n}\lVert X\theta - y \rVert^2 + \frac{\lambda}{2}\theta^\top\theta$$

$$\nabla J_\lambda = \frac{1}{n}X^\top(X\theta - y) + \lambda\theta, \qquad \nabla^2 J_\lambda = \frac{1}{n}X^\top X + \lambda I$$

$$v^\top \nabla^2 J_\lambda(\theta)\, v = \frac{1}{n}\lVert Xv \rVert^2 + \lambda\, v^\top v > 0 \ \text{ for } v \neq 0 .$$
"""


def test_a_gradient_without_a_subscript_is_by_the_variable_the_loss_is_defined_with():
    assert _at(GRADIENT_WITHOUT_A_SUBSCRIPT) == {5: {Verdict.PROVED}, 7: {Verdict.PROVED}}
    assert _at(GRADIENT_WITHOUT_A_SUBSCRIPT.replace(r"\frac{1}{n}X^\top X + \lambda I", r"X^\top X + \lambda I")) \
        == {5: {Verdict.PROVED, Verdict.REFUTED}, 7: {Verdict.PROVED}}


NEWTON_ITERATES = r"""Let $X \in \mathbb{R}^{n \times d}$, $y \in \mathbb{R}^n$ and $\lambda > 0$, and
$J(w) = \frac{1}{2}\lVert Xw - y \rVert^2 + \frac{\lambda}{2} w^\top w$.

$$\nabla_w J(w) = X^\top(Xw - y) + \lambda w, \qquad \nabla_w^2 J(w) = X^\top X + \lambda I$$

$$w^{(t+1)} = w^{(t)} - \big(\nabla_w^2 J(w^{(t)})\big)^{-1} \nabla_w J(w^{(t)}) = (X^\top X + \lambda I)^{-1} X^\top y$$
"""


def test_iterates_above_the_variable_are_the_current_point_and_the_next():
    assert _at(NEWTON_ITERATES) == {4: {Verdict.PROVED}, 6: {Verdict.PROVED}}
    assert _at(NEWTON_ITERATES.replace(r"= (X^\top X + \lambda I)^{-1} X^\top y", r"= (X^\top X)^{-1} X^\top y"))[6] == \
        {Verdict.REFUTED}


ENTRIES_OF_DELTA = r"""Soit un lot de $N$ exemples en colonnes : $X \in \mathbb{R}^{d \times N}$, $V \in \mathbb{R}^{q \times d}$ et des cibles $Y \in \mathbb{R}^{q \times N}$.
On pose
\[
S = VX, \qquad H = \tanh(S), \qquad J = \frac{1}{2N}\sum_{n=1}^{N} \lVert h_n - y_n \rVert^2 ,
\]
où $h_n$ et $y_n$ sont les colonnes de $H$ et $Y$ ; on note $h_{jn}$, $s_{jn}$, $y_{jn}$, $x_{in}$, $v_{ji}$ leurs coefficients.
Rappel : si $h = \tanh(s)$, alors $\tanh'(s) = 1 - h^2$.
\[
\frac{\partial J}{\partial h_{jn}} = \frac{1}{N}(h_{jn} - y_{jn})
\qquad\text{donc}\qquad
\frac{\partial J}{\partial H} = \frac{1}{N}(H - Y).
\]
Notons $\Delta = \dfrac{\partial J}{\partial S} \in \mathbb{R}^{q \times N}$, de coefficients $\delta_{jn}$. Comme
$\dfrac{\partial h_{jn}}{\partial s_{kn}} = \delta_{jk}\,(1 - h_{jn}^2)$,
\[
\frac{\partial J}{\partial v_{ji}} = \sum_{n=1}^{N} \delta_{jn}\, x_{in}, \qquad
\frac{\partial J}{\partial x_{in}} = \sum_{j=1}^{q} \delta_{jn}\, v_{ji}.
\]
\section*{Un seul exemple}
Pour $N = 1$, avec $\delta = (h - y) \odot (1 - h \odot h)$ :
\[
\frac{\partial J}{\partial V} = \delta\, x^T .
\]
"""


def test_delta_with_two_indices_beside_a_matrix_delta_is_its_entry_or_kroneckers_and_an_if_defines_nothing():
    """δ_{jn} beside Δ = ∂J/∂S may be Δ's entry (line 16, 17) or Kronecker's delta (line 14): a
    step is refuted only where it fails in both. "si $h = \\tanh(s)$, alors" gives h no value, so
    h_{jn} stays H's entry; "\\qquad\\text{donc}\\qquad" parts two claims. The section "for N = 1"
    is checked at N = 1 only, where its single example is not read yet: unparsed, never refuted."""
    verdicts = _at(ENTRIES_OF_DELTA, "tex")
    assert {line: verdicts[line] for line in (9, 11, 14, 16, 17)} == \
        {line: {Verdict.PROVED} for line in (9, 11, 14, 16, 17)}
    assert verdicts[22] == {Verdict.UNPARSED}
    signs = ENTRIES_OF_DELTA.replace(r"= \sum_{j=1}^{q} \delta_{jn}", r"= -\sum_{j=1}^{q} \delta_{jn}")
    assert _at(signs, "tex")[17] == {Verdict.REFUTED}
    jacobian = ENTRIES_OF_DELTA.replace(r"\delta_{jk}\,(1 - h_{jn}^2)", r"\delta_{jk}\,(1 + h_{jn}^2)")
    assert _at(jacobian, "tex")[14] == {Verdict.REFUTED}
