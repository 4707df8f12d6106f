"""Derivations beyond word2vec, from the examples/ folder: each is read whole and proved, and each
single error planted in one of its steps is refuted at that step's line (a lost transpose that
still type-checks, a sign, a missing 1/m, σ for σ', a wrong indicator, …); a transpose of the
whole result alone is a `convention`."""
from pathlib import Path

import pytest

from checks.verdict import Verdict
from tests.document_steps import steps

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NAMES = ("logistic-regression", "softmax-regression", "two-layer-network", "linear-regression", "tanh-layer")


def _text(name: str) -> str:
    return (EXAMPLES / f"{name}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_every_step_of_the_example_is_read_and_proved(name):
    found = steps(_text(name))
    assert len(found) >= 3
    assert {s.verdict for s in found} == {Verdict.PROVED}, [(s.line, s.verdict, s.detail) for s in found]


# (example, the step's text as written, the same step with one error, the line it stands on)
VARIANTS = [
    # logistic regression
    ("logistic-regression", r"\left(\sigma(w^\top x^{(i)}) - y^{(i)}\right)x^{(i)} + \lambda w$$",
     r"\left(y^{(i)} - \sigma(w^\top x^{(i)})\right)x^{(i)} + \lambda w$$", 17),  # a sign
    ("logistic-regression", r"\nabla_w L = \frac{1}{m}X^\top\left(\sigma(Xw) - y\right) + \lambda w",
     r"\nabla_w L = X^\top\left(\sigma(Xw) - y\right) + \lambda w", 21),  # the 1/m lost
    ("logistic-regression", r"\nabla_w L = \frac{1}{m}X^\top\left(\sigma(Xw) - y\right) + \lambda w",
     r"\nabla_w L = \frac{1}{m}X^\top\left(\sigma(Xw) - y\right) + 2\lambda w", 21),  # the penalty's factor
    ("logistic-regression", r"\nabla^2_w L = \frac{1}{m}\sum_{i=1}^{m}\sigma(w^\top x^{(i)})\left(1 - \sigma(w^\top x^{(i)})\right)",
     r"\nabla^2_w L = \frac{1}{m}\sum_{i=1}^{m}\sigma(w^\top x^{(i)})", 27),  # σ for σ'
    ("logistic-regression", r"\nabla^2_w L = \frac{1}{m}X^\top S X + \lambda I",
     r"\nabla^2_w L = \frac{1}{m}X^\top S X", 31),  # the penalty's Hessian lost
    # softmax regression
    ("softmax-regression", r"\frac{\partial L}{\partial Z} = \frac{1}{m}(P - Y)",
     r"\frac{\partial L}{\partial Z} = P - Y", 17),  # the 1/m lost
    ("softmax-regression", r"\frac{\partial L}{\partial Z} = \frac{1}{m}(P - Y)",
     r"\frac{\partial L}{\partial Z} = \frac{1}{m}(Y - P)", 17),  # a sign
    ("softmax-regression", r"= \frac{1}{m}X^\top(P - Y)$$", r"= \frac{1}{m}X^\top P$$", 23),  # the labels lost
    ("softmax-regression", r"= \frac{1}{m}X^\top(P - Y)$$", r"= \frac{1}{m}X^\top(P - Y) + \frac{1}{m}X^\top Y$$", 23),
    ("softmax-regression", r"= \frac{1}{m}X^\top(P - Y)$$", r"= \frac{1}{k}X^\top(P - Y)$$", 23),  # 1/k for 1/m
    # two-layer network
    ("two-layer-network", r"\frac{\partial L}{\partial z_2} = \hat y - y", r"\frac{\partial L}{\partial z_2} = y - \hat y", 12),
    ("two-layer-network", r"\frac{\partial L}{\partial W_2} = \delta_2 h^\top", r"\frac{\partial L}{\partial W_2} = \delta_2 z_1^\top", 14),
    ("two-layer-network", r"\odot \mathbb{1}[z_1 > 0]", r"\odot \mathbb{1}[z_1 < 0]", 26),  # a wrong indicator
    ("two-layer-network", r"\odot \mathbb{1}[z_1 > 0]", r"", 26),  # the indicator lost
    ("two-layer-network", r"\frac{\partial L}{\partial W_1} = \delta_1 x^\top", r"\frac{\partial L}{\partial W_1} = \delta_2 h^\top", 28),
    ("two-layer-network", r"\frac{\partial L}{\partial b_1} = \delta_1", r"\frac{\partial L}{\partial b_1} = -\delta_1", 30),
    # linear regression
    ("linear-regression", r"\nabla_w L = \frac{1}{m}X^\top(Xw - y) =", r"\nabla_w L = X^\top(Xw - y) =", 10),  # the 1/m lost
    ("linear-regression", r"\nabla_w L = \frac{1}{m}X^\top(Xw - y) =", r"\nabla_w L = \frac{1}{m}X^\top(y - Xw) =", 10),
    ("linear-regression", r"\frac{1}{m}\left(X^\top X w - X^\top y\right)$$", r"\frac{1}{m}\left(X^\top X w + X^\top y\right)$$", 10),
    ("linear-regression", r"\nabla^2_w L = \frac{1}{m}X^\top X", r"\nabla^2_w L = \frac{2}{m}X^\top X", 14),
    ("linear-regression", r"\left(X^\top X (X^\top X)^{-1} X^\top y - X^\top y\right) = 0",
     r"\left(X^\top X (X^\top X)^{-1} X^\top y - X^\top y\right) = \frac{1}{m}X^\top y", 23),
    # tanh layer
    ("tanh-layer", r"\frac{\partial L}{\partial x} = W^\top \delta", r"\frac{\partial L}{\partial x} = W \delta", 25),  # a lost transpose
    ("tanh-layer", r"\delta = \frac{\partial L}{\partial z} = (h - t) \odot (1 - h^2)",
     r"\delta = \frac{\partial L}{\partial z} = (h - t) \odot h", 17),  # tanh for tanh'
    ("tanh-layer", r"\delta = \frac{\partial L}{\partial z} = (h - t) \odot (1 - h^2)",
     r"\delta = \frac{\partial L}{\partial z} = (h - t) \odot (1 + h^2)", 17),  # a sign
    ("tanh-layer", r"\frac{\partial L}{\partial h} = h - t", r"\frac{\partial L}{\partial h} = t - h", 11),
    ("tanh-layer", r"\operatorname{diag}\left(1 - h \odot h\right)", r"\operatorname{diag}\left(1 - h\right)", 15),
    ("tanh-layer", r"\frac{\partial L}{\partial W} = \delta x^\top", r"\frac{\partial L}{\partial W} = x \delta^\top", 21),
]


@pytest.mark.parametrize("name,correct,wrong,line", VARIANTS,
                         ids=[f"{v[0]}-line{v[3]}-{i}" for i, v in enumerate(VARIANTS)])
def test_a_single_planted_error_is_refuted_at_its_line_and_nothing_else_is(name, correct, wrong, line):
    text = _text(name)
    assert text.count(correct) == 1, "the variant must change exactly one place"
    found = steps(text.replace(correct, wrong))
    refuted = [s.line for s in found if s.verdict is Verdict.REFUTED]
    assert line in refuted, [(s.line, s.verdict, s.detail) for s in found]
    assert all(s.verdict is Verdict.PROVED for s in found if s.line != line)


# (example, the result as written, the same result transposed, its line)
TRANSPOSED = [
    ("softmax-regression", r"\frac{\partial L}{\partial Z} = \frac{1}{m}(P - Y)", r"\frac{\partial L}{\partial Z} = \frac{1}{m}(P - Y)^\top", 17),
    ("two-layer-network", r"\frac{\partial L}{\partial W_1} = \delta_1 x^\top", r"\frac{\partial L}{\partial W_1} = x \delta_1^\top", 28),
    ("linear-regression", r"\nabla_w L = \frac{1}{m}X^\top(Xw - y) =", r"\nabla_w L = \frac{1}{m}(Xw - y)^\top X =", 10),
    ("tanh-layer", r"\frac{\partial L}{\partial b} = \delta", r"\frac{\partial L}{\partial b} = \delta^\top", 23),
    ("logistic-regression", r"\nabla_w L = \frac{1}{m}X^\top\left(\sigma(Xw) - y\right) + \lambda w",
     r"\nabla_w L = \frac{1}{m}\left(\sigma(Xw) - y\right)^\top X + \lambda w^\top", 21),
]


@pytest.mark.parametrize("name,correct,transposed,line", TRANSPOSED, ids=[t[0] for t in TRANSPOSED])
def test_a_result_that_holds_only_transposed_is_a_convention(name, correct, transposed, line):
    text = _text(name)
    assert text.count(correct) == 1
    found = {s.line: s.verdict for s in steps(text.replace(correct, transposed))}
    assert found[line] is Verdict.CONVENTION, found


FORMS = Path(__file__).resolve().parent / "documents" / "declared-forms.md"


def test_entrywise_definitions_norms_traces_hessians_and_the_rectifier_are_read_and_proved():
    found = steps(FORMS.read_text(encoding="utf-8"))
    assert [(s.line, s.verdict) for s in found] == [(line, Verdict.PROVED) for line in (5, 7, 11, 13, 14, 15)]


@pytest.mark.parametrize("correct,wrong,line", [
    (r"= 3W$$", r"= 2W$$", 11),
    (r"= A + A^\top$$", r"= 2A$$", 13),
    (r"= \operatorname{diag}(\hat y) - \hat y \hat y^\top$$", r"= \operatorname{diag}(\hat y)$$", 7),
    (r"= \mathbb{1}[z > 0]$$", r"= \mathbb{1}[z < 0]$$", 15),
])
def test_a_wrong_step_among_the_declared_forms_is_refuted_at_its_line(correct, wrong, line):
    text = FORMS.read_text(encoding="utf-8")
    assert text.count(correct) == 1
    found = {s.line: s.verdict for s in steps(text.replace(correct, wrong))}
    assert found[line] is Verdict.REFUTED, found


def test_shapes_the_document_leaves_undeclared_are_inferred_said_and_used():
    from checks.budget import Budget
    from checks.document import read_document
    from checks.verify import verify_document

    result = verify_document(read_document(Path(__file__).resolve().parent / "documents" / "undeclared-network.md"),
                             Budget())
    assert [(s.line, s.verdict) for c in result.chains for s in c.steps] == [
        (5, Verdict.PROVED), (7, Verdict.PROVED), (9, Verdict.PROVED), (11, Verdict.PROVED), (13, Verdict.REFUTED)]
    assert "shapes inferred, not declared: W n1×n2, x n2×1, b n1×1, y n1×1" in result.notices


@pytest.mark.parametrize("document,expected", [
    ("declared-in-words.md", [(5, Verdict.PROVED)]),  # "$x$ be a $d$-dimensional input", "$W$ is a $k \times d$ matrix"
    ("declared-hypothesis.md", [(9, Verdict.PROVED), (11, Verdict.PROVED), (13, Verdict.PROVED),
                                (15, Verdict.REFUTED)]),  # h_θ(x) = …: a function the document defines
    ("declared-class-index.md", [(3, Verdict.PROVED), (5, Verdict.PROVED), (7, Verdict.PROVED),
                                 (9, Verdict.PROVED), (11, Verdict.REFUTED)]),  # L = -log ŷ_y: y a class; e_y its unit vector
])
def test_declarations_in_words_and_functions_the_document_defines_are_read(document, expected):
    found = steps((Path(__file__).resolve().parent / "documents" / document).read_text(encoding="utf-8"))
    assert [(s.line, s.verdict) for s in found] == expected, [(s.line, s.verdict, s.detail) for s in found]


def test_a_label_the_prose_calls_one_hot_is_one_hot_though_its_shape_is_inferred():
    """The issue's own example declares x, W and b and says "$y$ one-hot": y's length is inferred
    from ŷ − y, and y is one-hot all the same; ∂L/∂z = ŷ − y holds only for such a y."""
    text = r"""Let $x \in \mathbb{R}^d$, $W \in \mathbb{R}^{k \times d}$, $b \in \mathbb{R}^k$ and $y$ one-hot.
$z = Wx + b$, $\hat y = \mathrm{softmax}(z)$, $L = -\sum_{i=1}^{k} y_i \log \hat y_i$.
$$\frac{\partial L}{\partial z} = \hat y - y, \qquad \frac{\partial L}{\partial W} = (\hat y - y) x^\top$$
"""
    assert [(s.line, s.verdict) for s in steps(text)] == [(3, Verdict.PROVED), (3, Verdict.PROVED)]
    unsaid = text.replace(" and $y$ one-hot.", ".")
    assert [s.verdict for s in steps(unsaid)] == [Verdict.REFUTED, Verdict.REFUTED]  # Σ y_i = 1 is not given


def test_the_unit_vector_of_the_class_transposed_and_indexed_is_sized_by_what_it_meets():
    """e_yᵀ log ŷ picks entry y of log ŷ, and (e_y)_k is 1 where k is y: a crib sheet's and a thesis's forms."""
    text = r"""Let $o \in \mathbb{R}^C$ be the scores, $\hat y = \mathrm{softmax}(o)$, and $y$ the index of the true
class, with
$$\ell = -\log\hat y_y = -e_y^T\log\hat y = -o_y + \log\sum_{c=1}^{C} e^{o_c}$$
$$\frac{\partial \ell}{\partial o_k} = \hat y_k - (e_y)_k$$
"""
    assert [(s.line, s.verdict) for s in steps(text)] == [(3, Verdict.PROVED), (3, Verdict.PROVED),
                                                          (4, Verdict.PROVED)]
    assert [s.verdict for s in steps(text.replace(r"-e_y^T\log\hat y", r"-e_y^T\hat y"))][:2] \
        == [Verdict.REFUTED, Verdict.REFUTED]
    assert [s.verdict for s in steps(text.replace(r"\hat y_k - (e_y)_k", r"\hat y_k + (e_y)_k"))][2] \
        == Verdict.REFUTED
