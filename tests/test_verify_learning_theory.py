"""How learning-theory notes write a loss and its risk: the loss of an example written as a pair,
ℓ(w, (x, y)), the empirical risk L_S(w) of a training set S and the objective f_S(w) named with a
capital subscript (the set, never an example's index), labels from a label set $\\mathcal{Y} = \\{\\pm 1\\}$
with y_i² = 1 used in the Hessian, examples x_1, …, x_m listed in a diagonal matrix, a quadratic form
⟨u, ∇²f_S(w) u⟩ followed by an inequality, and amsthm's \\qedhere. Each correct step is proved, never
refuted; a planted error is refuted at its line."""
from checks.verdict import Verdict
from tests.document_steps import verdicts_at as _at

RISK = r"""\section{Regularised logistic risk}
Examples are pairs $(x, y)$ with $x \in \mathbb{R}^d$; the label set is $\mathcal{Y} = \{\pm 1\}$ and the sample is
$S = ((x_1, y_1), \ldots, (x_m, y_m))$. The loss of one example and the risk are
\[ \ell(w, (x, y)) = \log\bigl(1 + \exp(-y\, w^\top x)\bigr), \qquad
   L_S(w) = \frac{1}{m}\sum_{i=1}^m \ell(w, (x_i, y_i)), \]
and we minimise $f_S(w) = L_S(w) + \lambda\|w\|^2$.
\begin{proof}
By the chain rule, $\nabla_w \ell(w, (x, y)) = -\frac{y}{1 + \exp(y\, w^\top x)}\, x. \qedhere$
\end{proof}
Summing over the sample,
\[ \nabla f_S(w) = \frac{1}{m}\sum_{i=1}^m \nabla_w \ell(w, (x_i, y_i)) + 2\lambda w
   = -\frac{1}{m}\sum_{i=1}^m \frac{y_i\, x_i}{1 + \exp(y_i\, w^\top x_i)} + 2\lambda w . \]
Once more, and with $y_i^2 = 1$,
\[ \nabla^2 f_S(w) = \frac{1}{m}\sum_{i=1}^m \frac{\exp(y_i\, w^\top x_i)}{(1 + \exp(y_i\, w^\top x_i))^2}
   \, x_i x_i^\top + 2\lambda I . \]
Let $X \in \mathbb{R}^{m \times d}$ have rows $x_i^\top$ and
$D = \mathrm{diag}\bigl(\sigma(y_1 w^\top x_1)\,\sigma(-y_1 w^\top x_1), \ldots,
\sigma(y_m w^\top x_m)\,\sigma(-y_m w^\top x_m)\bigr)$; then
\[ \nabla^2 f_S(w) = \frac{1}{m} X^\top D X + 2\lambda I . \]
For every $u \in \mathbb{R}^d$,
\[ u^\top \nabla^2 f_S(w)\, u = \frac{1}{m}\|D^{1/2} X u\|^2 + 2\lambda\|u\|^2 \ \ge\ 2\lambda\|u\|^2 . \]
"""


def test_a_loss_of_an_example_written_as_a_pair_and_a_risk_named_after_its_sample():
    assert _at(RISK) == {line: {Verdict.PROVED} for line in (8, 11, 12, 14, 19, 21)}


def test_each_planted_error_of_the_risk_is_refuted_at_its_line():
    sign = RISK.replace(r"{1 + \exp(y_i\, w^\top x_i)} + 2\lambda w", r"{1 + \exp(-y_i\, w^\top x_i)} + 2\lambda w")
    assert _at(sign)[12] == {Verdict.REFUTED}
    unscaled = RISK.replace(r"\frac{1}{m} X^\top D X + 2\lambda I", r"X^\top D X + 2\lambda I")
    assert _at(unscaled)[19] == {Verdict.REFUTED}
    assert _at(RISK.replace(r"\frac{1}{m}\|D^{1/2} X u\|^2", r"\frac{1}{m}\|D X u\|^2"))[21] == {Verdict.REFUTED}


def test_labels_squared_to_one_in_prose_are_labels_of_value_plus_or_minus_one():
    """y_i² = 1 holds for labels of the set {±1} only. Said in prose ("with $y_i^2 = 1$") beside y ∈ ℝ,
    it makes them such labels, and the Hessian without y_i² is proved; with neither said, it is false."""
    real = RISK.replace(r"the label set is $\mathcal{Y} = \{\pm 1\}$ and ", "") \
        .replace(r"with $x \in \mathbb{R}^d$;", r"with $x \in \mathbb{R}^d$ and $y \in \mathbb{R}$;")
    assert _at(real)[14] == {Verdict.PROVED}
    assert _at(real.replace(r"Once more, and with $y_i^2 = 1$,", "Once more,"))[14] == {Verdict.REFUTED}


UPDATES = RISK + r"""With step size $\eta$ and an example $(x, y)$ of the sample, stochastic gradient descent steps
\[ w^{(t+1)} = w^{(t)} - \eta\bigl(\nabla_w \ell(w^{(t)}, (x, y)) + 2\lambda w^{(t)}\bigr)
   = (1 - 2\eta\lambda)\, w^{(t)} + \frac{\eta\, y}{1 + \exp(y\, w^{(t)\top} x)}\, x , \]
and Newton's method steps instead
\[ w^{(t+1)} = w^{(t)} - \bigl[\nabla^2 f_S(w^{(t)})\bigr]^{-1} \nabla f_S(w^{(t)}) . \]
"""


def test_a_second_update_rule_for_the_next_iterate_is_a_new_definition_never_refuted_against_the_first():
    found = _at(UPDATES)
    assert found[24] == {Verdict.PROVED}
    assert Verdict.REFUTED not in found[26]
