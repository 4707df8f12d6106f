"""What the text around a step says that changes what the step claims, found by writing correct derivations
in many styles (tests/documents/correct/{losses,backprop,notation,word2vec}): a case written after a display
or in words, "otherwise", a hand-written equation number or part label, an equation solved after "= 0",
layers that share a letter, a name given a new value in a sentence, a name the text gives a value of its own
in a word2vec document, a size the text fixes. A correct step is never refuted for what the reader missed;
a step wrong under what the text says is still refuted at its line."""
import subprocess
import sys
from pathlib import Path

import pytest

from checks.errors import Unparsed
from checks.syntax import Call, Num, Pow, parse
from checks.verdict import Verdict
from tests.document_steps import verdicts_at as _at

ROOT = Path(__file__).resolve().parent.parent
SOFTMAX_ENTRY = r"""Let $z \in \mathbb{R}^K$ and $p_i = e^{z_i} / \sum_{k=1}^{K} e^{z_k}$.

$$\frac{\partial p_i}{\partial z_j} = -p_i p_j$$

{said}
"""


@pytest.mark.parametrize("said", ["lorsque $i \\neq j$.", "provided that $i \\neq j$.", "This holds for all $i \\neq j$.",
                                  "for all i != j.", "Here $i \\neq j$.", "（$i \\neq j$）"])
def test_a_case_written_after_the_display_in_any_words_keeps_a_correct_step_from_being_refuted(said):
    """The off-diagonal entry of the softmax's Jacobian, refuted at i = j before."""
    assert _at(SOFTMAX_ENTRY.replace("{said}", said))[3] == {Verdict.UNDECIDED}


def test_a_step_wrong_under_the_case_written_after_it_is_still_refuted():
    text = SOFTMAX_ENTRY.replace("{said}", "This holds for all $i \\neq j$.").replace("= -p_i p_j", "= p_i p_j")
    assert _at(text)[3] == {Verdict.REFUTED}


OTHERWISE = r"""$$\frac{\partial J}{\partial u_w} = \hat y_w v_c \qquad \text{for } w \neq o$$

$$\frac{\partial J}{\partial u_w} = (\hat y_w - 1) v_c \qquad \text{otherwise}$$
"""


def test_otherwise_is_the_case_the_claim_before_did_not_take():
    assert _at(OTHERWISE) == {1: {Verdict.PROVED}, 3: {Verdict.PROVED}}
    assert _at(OTHERWISE.replace("(\\hat y_w - 1) v_c", "(\\hat y_w + 1) v_c")) == {1: {Verdict.PROVED},
                                                                                     3: {Verdict.REFUTED}}


RIDGE = r"""$X \in \mathbb{R}^{m \times d}$, $y \in \mathbb{R}^m$, $w \in \mathbb{R}^d$, $L = \frac{1}{2}\|Xw - y\|^2$.

$$\nabla_w L = X^\top(Xw - y) \qquad (3)$$
"""


@pytest.mark.parametrize("number", ["\\qquad (3)", "\\quad [2.1]", "\\;\\; (7a)"])
def test_an_equation_number_written_by_hand_is_no_factor(number):
    text = RIDGE.replace("\\qquad (3)", number)
    assert _at(text) == {3: {Verdict.PROVED}}
    assert _at(text.replace("X^\\top(Xw - y)", "2X^\\top(Xw - y)")) == {3: {Verdict.REFUTED}}


def test_a_part_label_before_a_display_is_no_factor():
    text = r"""$x \in \mathbb{R}^n$, $w \in \mathbb{R}^n$, $b \in \mathbb{R}$, $t \in \mathbb{R}$, $h = \tanh(w^\top x + b)$, $E = \frac{1}{2}(h - t)^2$.

$$(b)\quad \frac{\partial E}{\partial b} = (h - t)(1 - h^2)$$
"""
    assert _at(text) == {3: {Verdict.PROVED}}


def test_the_equation_after_a_gradient_set_to_zero_is_solved_not_an_identity():
    text = r"""$X \in \mathbb{R}^{N \times D}$, $y \in \mathbb{R}^N$, $w \in \mathbb{R}^D$, $L = \frac{1}{2}\|Xw - y\|^2$.

$$\nabla_w L = X^\top(Xw - y) = 0$$

$$X^\top X w = X^\top y$$
"""
    assert _at(text) == {3: {Verdict.PROVED, Verdict.UNDECIDED}, 5: {Verdict.UNDECIDED}}


LAYERS = r"""$X \in \mathbb R^{N\times D}$, $W_1 \in \mathbb R^{D\times H}$, $W_2\in\mathbb R^{H\times K}$.

$$A_1 = XW_1$$

$$A_2 = A_1 W_2$$

$$\mathcal{J} = \frac{1}{2}\|A_2\|_F^2 + \frac{1}{2}\|W_2\|_F^2$$

$$\frac{\partial \mathcal J}{\partial W_2} = A_1^\top A_2 + W_2$$
"""


def test_a_layer_defined_from_the_one_before_with_the_same_letter_is_a_definition():
    """A_2 = A_1 W_2 was read as an update of A, A_2 left free: the correct gradient was refuted, and
    ∂J/∂W_2 = W_2, wrong, was proved."""
    assert _at(LAYERS) == {9: {Verdict.PROVED}}
    assert _at(LAYERS.replace("A_1^\\top A_2 + W_2", "W_2")) == {9: {Verdict.REFUTED}}


def test_a_name_given_a_new_value_in_a_sentence_is_read_with_it():
    text = r"""$x\in\mathbb R^d$, $W\in\mathbb R^{n\times d}$, $v\in\mathbb R^n$, $L = v^\top h$.

With a tanh layer, $h = \tanh(Wx)$. If instead we use a sigmoid layer, $h = \sigma(Wx)$, then

$$\frac{\partial L}{\partial W} = \big(v\odot h\odot(1 - h)\big)x^\top$$
"""
    assert _at(text) == {5: {Verdict.PROVED}}
    assert _at(text.replace("(1 - h)", "(1 + h)")) == {5: {Verdict.REFUTED}}


@pytest.mark.parametrize("said", ["a positive scalar $\\kappa$", "$\\kappa > 0$", "$0 < \\kappa < 1$"])
def test_a_greek_letter_said_positive_or_a_scalar_is_a_number(said):
    text = r"""Let $X\in\mathbb R^{n\times d}$, $y\in\mathbb R^n$, $w\in\mathbb R^d$ and SAID.

$$L = \frac12\|Xw - y\|^2 + \frac{\kappa}{2}\|w\|^2$$

$$\nabla_w L = X^\top(Xw - y) + \kappa w$$
""".replace("SAID", said)
    assert _at(text) == {5: {Verdict.PROVED}}


def test_the_error_e_squared_is_its_square_not_an_exponential():
    text = r"""Let $x\in\mathbb{R}^d$, $w\in\mathbb{R}^d$, $y\in\mathbb{R}$, the error $e = y - w^\top x$ and $L = \frac12 e^2$.

$$\nabla_w L = -e\,x$$
"""
    assert _at(text) == {3: {Verdict.PROVED}}
    assert parse(r"\left(e^{(i)}\right)^2") == Pow(parse("e^{(i)}"), Num("2"))
    assert isinstance(parse("e^{2}"), Call)  # where nothing names e, e² is exp(2)


def test_an_exponential_without_brackets_before_a_product_is_not_guessed():
    with pytest.raises(Unparsed):
        parse(r"\exp u_w^\top v_c")
    assert isinstance(parse(r"\exp(u_w^\top v_c)"), Call)


@pytest.mark.parametrize("said, claim", [("Let $e = \\hat y - y$.", "\\frac{\\partial J}{\\partial v_c} = U e"),
                                         ("Here $\\hat y = P(O = o \\mid C = c)$ is a scalar.", "J = -\\log \\hat y")])
def test_a_word2vec_name_the_text_gives_a_value_of_its_own_refutes_nothing_that_uses_it(said, claim):
    assert _at(f"{said}\n\n$${claim}$$\n") == {1: {Verdict.UNDECIDED}, 3: {Verdict.UNDECIDED}}


def test_a_word2vec_step_that_uses_no_redefined_name_is_still_refuted():
    text = "Let $e = \\hat y - y$.\n\n$$\\frac{\\partial J}{\\partial v_c} = U(y - \\hat y)$$\n"
    assert _at(text)[3] == {Verdict.REFUTED}


def test_a_size_the_text_fixes_small_makes_a_word2vec_step_refuted_at_other_sizes_undecided():
    text = "With a single negative sample ($K = 1$):\n\n" \
           "$$J = -\\log\\sigma(u_o^\\top v_c) - \\log\\sigma(-u_k^\\top v_c)$$\n"
    assert _at(text)[3] == {Verdict.UNDECIDED}


def test_a_second_derivative_of_a_word2vec_loss_is_not_read_as_its_gradient():
    text = "$$\\frac{\\partial^2 J}{\\partial v_c\\,\\partial v_c^\\top} = " \
           "U\\left(\\operatorname{diag}(\\hat y) - \\hat y\\hat y^\\top\\right)U^\\top$$\n"
    assert _at(text) == {1: {Verdict.UNPARSED}}


def test_a_step_in_differentials_is_not_read_as_products_with_the_size_d():
    text = r"""$x \in \mathbb{R}^d$, $w \in \mathbb{R}^d$, $z = w^\top x$, $a = \sigma(z)$.

$$\mathrm{d}a = a(1 - a)\,\mathrm{d}z$$

$$\frac{\mathrm{d}a}{\mathrm{d}z} = a(1 - a)$$
"""
    assert _at(text)[3] == {Verdict.UNPARSED}
    assert _at(text)[5] != {Verdict.UNPARSED}


def test_verify_works_from_a_folder_that_holds_a_checks_py(tmp_path):
    """Python 3.11's fork server put the working directory first on its path: a checks.py there stood in
    for gradproof's package and every worker failed to start."""
    (tmp_path / "checks.py").write_text("raise SystemExit('the wrong checks')\n")
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("$$\\frac{\\partial J}{\\partial v_c} = U(\\hat{y} - y)$$\n")
    done = subprocess.run([sys.executable, str(ROOT / "gradproof.py"), "verify", "a.md", "b.md", "--summary-only",
                           "--jobs", "2"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "2 documents: 2 verified" in done.stdout


RELU_CASE_IN_WORDS = r"""Let $x \in \mathbb{R}^{d}$, $W_1 \in \mathbb{R}^{n \times d}$, $W_2 \in \mathbb{R}^{k \times n}$, $y \in \mathbb{R}^{k}$ one-hot, $z_1 = W_1 x$, $h = \operatorname{ReLU}(z_1)$, $p = \operatorname{softmax}(W_2 h)$, $L = -y^\top \log p$.

{said} Then

$$\frac{\partial L}{\partial W_1} = W_2^\top (p - y)\, x^\top$$
"""


@pytest.mark.parametrize("said", ["Suppose all entries of $z_1$ are positive.", "If every entry of $z_1$ is positive,",
                                  "With $z_1$ all positive,", "若 $z_1$ 的所有分量都大于零，"])
def test_a_case_said_in_words_after_its_name_is_a_case(said):
    """A ReLU network's gradient where every unit is active: true in the case the text states in words."""
    assert _at(RELU_CASE_IN_WORDS.replace("{said}", said))[5] == {Verdict.UNDECIDED}


def test_a_step_wrong_in_a_case_said_in_words_and_without_it_is_refuted():
    text = RELU_CASE_IN_WORDS.replace("{said}", "Then we go on.").replace("W_2^\\top (p - y)", "W_2^\\top (y - p)")
    assert _at(text)[5] == {Verdict.REFUTED}


BERNOULLI_CASES = r"""For $y\in\{0,1\}$, $x\in\mathbb{R}^d$, $w\in\mathbb{R}^d$ and $z = w^\top x$:

$$p(y|x) = \begin{cases}\sigma(z) & y = 1\\ 1-\sigma(z) & y = 0\end{cases} = \sigma(z)^y(1-\sigma(z))^{1-y}$$
"""


def test_sides_after_a_cases_environment_follow_each_case():
    """The "=" of a row's condition (y = 1) ended the chain, and "σ(z) y = 1" was refuted at y = 0."""
    assert Verdict.REFUTED not in set().union(*_at(BERNOULLI_CASES).values())


TWO_PARTS = r"""Let $x \in \mathbb{R}^{d}$, $W \in \mathbb{R}^{k \times d}$, $y \in \mathbb{R}^{k}$ and $z = Wx$.

## (a)

Let $y$ be one-hot, $\hat y = \operatorname{softmax}(z)$ and $L = -\sum_{i=1}^{k} y_i \log \hat y_i$.

$$\frac{\partial L}{\partial z} = \hat y - y$$

## (b)

Let $\hat y = \tanh(z)$ and $L = \frac{1}{2}\|\hat y - y\|^2$.

$$\frac{\partial L}{\partial z} = (\hat y - y) \odot (1 - \hat y^2)$$
"""


def test_a_name_given_a_new_value_in_a_sentence_opening_with_let_takes_it():
    assert _at(TWO_PARTS) == {7: {Verdict.PROVED}, 13: {Verdict.PROVED}}
    assert _at(TWO_PARTS.replace("\\odot (1 - \\hat y^2)$$", "\\odot \\hat y$$"))[13] == {Verdict.REFUTED}


NORMAL_EQUATION = r"""Let $X\in\mathbb R^{n\times d}$, $y\in\mathbb R^n$, $w\in\mathbb R^d$ and $L = \frac12\|Xw - y\|^2$.

$$\nabla_w L = X^T(Xw - y)$$

{solved}
"""


@pytest.mark.parametrize("solved", ["$$\\nabla_w L = 0 \\quad\\Longrightarrow\\quad X^TXw = X^Ty$$",
                                    "$$X^T(Xw - y) = 0 \\iff X^TXw = X^Ty$$",
                                    "Equating the gradient to zero,\n\n$$X^TXw - X^Ty = 0$$\n\n$$X^TXw = X^Ty$$"])
def test_an_equation_implied_by_a_gradient_set_to_zero_is_solved_not_an_identity(solved):
    verdicts = _at(NORMAL_EQUATION.replace("{solved}", solved))
    assert verdicts[3] == {Verdict.PROVED}
    assert Verdict.REFUTED not in set().union(*verdicts.values())


def test_a_function_defined_piece_by_piece_is_not_its_first_piece():
    """s(u) = 1 for u > 0 and 0 otherwise was read as s ≡ 1, and a correct ReLU gradient refuted."""
    text = (r"Let $x\in\mathbb R^{d}$, $W\in\mathbb R^{h\times d}$, $c\in\mathbb R^h$, $z = Wx$ and $E = c^\top\max(0, z)$, and"
            "\n\n" r"$$ s(u) = \begin{cases} 1, & u > 0 \\ 0, & u \le 0 \end{cases} $$" "\n\n"
            r"$$ \frac{\partial E}{\partial W} = (s(z)\odot c)x^\top $$" "\n")
    assert Verdict.REFUTED not in set().union(*_at(text).values())


def test_a_case_on_a_label_is_a_case_not_a_size():
    """"If $y = 1$:" fixed a size y = 1, as "For $N = 1$" does, and the gradient of that case was refuted at y = 0."""
    text = (r"Let $x\in\mathbb R^d$, $w\in\mathbb R^d$, $y\in\{0,1\}$, $p = \sigma(w^\top x)$, "
            r"$\ell = -y\log p - (1-y)\log(1-p)$." "\n\nIf $y = 1$:\n\n" r"$$ \nabla_w\ell = -(1 - p)x $$" "\n")
    assert _at(text) == {5: {Verdict.UNDECIDED}}


def test_a_domain_said_before_a_definition_is_no_piece_of_it():
    """"$x \\neq 0$" before ρ(x) = xᵀAx / xᵀx had made ρ's definition one piece of it, and its gradient refuted."""
    text = (r"Let $A\in\mathbb{R}^{n\times n}$ be symmetric and $x\in\mathbb R^n$, $x\neq0$." "\n\n"
            r"$$\rho(x) = \frac{x^\top A x}{x^\top x}$$" "\n\n"
            r"$$\nabla\rho(x) = \frac{2}{x^\top x}\left(Ax - \rho(x)\,x\right)$$" "\n")
    assert _at(text) == {5: {Verdict.PROVED}}


def test_a_function_defined_piece_by_piece_in_cases_leaves_its_uses_unrefuted():
    text = (r"Let $\alpha \in (0,1)$. The leaky ReLU is" "\n"
            r"$$\phi(t) = \begin{cases} t & t > 0 \\ \alpha t & t < 0 \end{cases}$$" "\n"
            r"Layer: $z = Wx$, $a = \phi(z)$, $x\in\mathbb R^{d}$, $W\in\mathbb R^{n\times d}$, $v\in\mathbb R^n$, "
            r"$s = v^\top a$, $\ell = \frac12 (s - y)^2$, $y \in \mathbb R$." "\n\n"
            r"$$\frac{\partial \ell}{\partial W} = (s-y)\,(v \odot \phi'(z))\,x^\top$$" "\n")
    assert Verdict.REFUTED not in set().union(*_at(text).values())
