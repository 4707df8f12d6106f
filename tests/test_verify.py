"""verify end to end: notations proved, planted errors refuted at their line, the examples' verdicts."""
import json
from pathlib import Path

import pytest

from checks.document import read_text
from checks.verdict import Verdict
from checks.verify import verify_document
from document_steps import only_verdict, verdicts

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ROOT / "examples" / "word2vec-solution-clean.md"
SEED = ROOT / "examples" / "word2vec-solution-seed.md"


# Each notation form of issue 2, in a claim that is true: it must be proved.
TRUE_CLAIMS = {
    "partial operator": r"\frac{\partial}{\partial v_c} J = U(\hat{y} - y)",
    "partial fraction": r"\frac{\partial J}{\partial v_c} = U(\hat{y} - y)",
    "partial slash": r"\partial J / \partial v_c = U(\hat{y} - y)",
    "sum in Vocab": r"\frac{\partial J}{\partial v_c} = \sum_{w \in Vocab} \hat{y}_w u_w - u_o",
    "sum x=1..V": r"\frac{\partial J}{\partial v_c} = \sum_{x=1}^{V} \hat{y}_x u_x - u_o",
    "sum w neq o": r"\sum_{w \in Vocab} \hat{y}_w u_w = \sum_{w \neq o} \hat{y}_w u_w + \hat{y}_o u_o",
    "exp command": r"\hat{y}_o = \frac{\exp(u_o^T v_c)}{\sum_{w \in Vocab} \exp(u_w^T v_c)}",
    "exp word": r"\hat{y}_o = \frac{exp(u_o^\top v_c)}{\sum_{w} exp(u_w^\top v_c)}",
    "e power": r"\hat{y}_o = \frac{e^{u_o^{\top} v_c}}{\sum_{w=1}^{V} e^{u_w^{\top} v_c}}",
    "log word": r"J = -log(\hat{y}_o)",
    "log command no parens": r"J = -\log \hat{y}_o",
    "ln": r"J = -\ln \hat{y}_o",
    "sigma prime": r"\sigma'(x) = \sigma(x)(1 - \sigma(x))",
    "d by dx": r"\frac{d}{dx} \sigma(x) = \sigma(x) (1 - \sigma(x))",
    "transpose variants": r"u_o^T v_c = \mathbf{u}_o^\top \mathbf{v}_c",
    "hat bold y": r"\frac{\partial J}{\partial \mathbf{v}_c} = \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})",
    "boldsymbol": r"\frac{\partial J}{\partial \boldsymbol{v}_c} = \boldsymbol{U}(\hat{\boldsymbol{y}} - \boldsymbol{y})",
    "pmb": r"\frac{\partial J}{\partial \pmb{v}_c} = \pmb{U}(\hat{y} - y)",
    "bf": r"\frac{\partial J}{\partial {\bf v}_c} = {\bf U}(\hat{y} - y)",
    "cdot dot product": r"\hat{y}_o = \frac{\exp(u_o \cdot v_c)}{\sum_{w} \exp(u_w \cdot v_c)}",
    "star": r"J = -1 * \log(\hat{y}_o)",
    "left right brackets": r"J = -\log \left[ \frac{\exp(u_o^T v_c)}{\sum_{w} \exp(u_w^T v_c)} \right]",
    "probability mid": r"J = -\log P(O = o \mid C = c)",
    "probability bar": r"J = -\log P(O=o|C=c)",
    "named naive loss": r"J_{naive-softmax}(v_c, o, U) = -\log \hat{y}_o",
    "named neg loss": r"J_{\text{neg-sample}}(\mathbf{v}_c, o, \mathbf{U}) = -\log \sigma(u_o^T v_c) - \sum_{k=1}^{K} \log \sigma(-u_k^T v_c)",
    "u_w free": r"\frac{\partial J}{\partial u_w} = (\hat{y}_w - y_w) v_c",
    "dJ/dU": r"\frac{\partial J}{\partial U} = v_c (\hat{y} - y)^T",
    "neg u_k": r"\frac{\partial J_{\text{neg-sample}}}{\partial u_k} = \sigma(u_k^T v_c) v_c",
    "indicator bracket": r"\frac{\partial J_{\text{neg-sample}}}{\partial u_k} = \sum_{j=1}^{K} \mathbb{1}[w_j = w_k] \sigma(u_k^T v_c) v_c",
    "indicator brace": r"\frac{\partial J_{\text{neg-sample}}}{\partial u_k} = \sum_{j=1}^{K} \mathbb{I}\{w_j = w_k\} \sigma(u_k^T v_c) v_c",
    "sum over the same word's draws": r"\frac{\partial J_{\text{neg-sample}}}{\partial u_k} = \sum_{j : w_j = w_k} \sigma(u_{w_j}^T v_c) v_c",
    "sum over the same word's draws, mid": r"\frac{\partial J_{\text{neg-sample}}}{\partial u_k} = \sum_{j \mid w_j = w_k} \sigma(u_k^T v_c) v_c",
    "skip-gram window": r"\frac{\partial J_{\text{skip-gram}}}{\partial v_c} = \sum_{-m \le j \le m, j \ne 0} \frac{\partial J(v_c, w_{t+j}, U)}{\partial v_c}",
    "v_w zero vector": r"\frac{\partial J_{skip-gram}}{\partial v_w} = \mathbf{0} \quad \text{for } w \ne c",
    "zero scalar": r"\frac{\partial J_{skip-gram}}{\partial v_w} = 0, \forall w \neq c",
    "nabla": r"\nabla_{v_c} J = U(\hat{y} - y)",
    "kronecker delta": r"\frac{\partial J}{\partial u_w} = (\hat{y}_w - \delta_{wo}) v_c",
    "bold hat": r"\frac{\partial J}{\partial \bm{v}_c} = \bm{U}(\bm{\hat y} - \bm{y})",
    "mathcal vocabulary, limits": r"\frac{\partial J}{\partial v_c} = \sum\limits_{w \in \mathcal{V}} \hat{y}_w u_w - u_o",
    "unicode": r"σ'(x) = σ(x)(1 - σ(x))",
    "text softmax": r"\hat{y} = \text{softmax}(U^T v_c)",
    "bare sigma": r"\frac{d\sigma}{dx} = \sigma(x)(1 - \sigma(x))",
    "u of w_k": r"\frac{\partial J_{\text{neg-sample}}}{\partial u_{w_k}} = \sigma(u_{w_k}^T v_c) v_c",
    "angle dot product": r"J_{\text{neg-sample}} = -\log \sigma(\langle u_o, v_c \rangle) - \sum_{k=1}^{K} \log \sigma(-\langle u_k, v_c \rangle)",
    "cross-entropy CE": r"\mathrm{CE}(y, \hat{y}) = -\log \hat{y}_o",
    "center matrix V": r"\frac{\partial J}{\partial V} = \frac{\partial J}{\partial V}",
}


@pytest.mark.parametrize("claim", TRUE_CLAIMS.values(), ids=TRUE_CLAIMS.keys())
def test_each_notation_form_is_proved(claim):
    assert only_verdict(f"$$\n{claim}\n$$\n") is Verdict.PROVED


# Wrong claims: each must be refuted, never proved.
WRONG_CLAIMS = {
    "missing exp": r"\frac{\partial J}{\partial u_w} = \frac{u_w^T v_c}{\sum_{x} \exp(u_x^T v_c)} v_c \quad \text{for } w \neq o",
    "sign flipped": r"\frac{\partial J}{\partial v_c} = U(y - \hat{y})",
    "wrong case": r"\frac{\partial J}{\partial u_o} = \hat{y}_o v_c",
    "sigmoid derivative": r"\sigma'(x) = \sigma(x)(1 + \sigma(x))",
    "neg sample sign": r"\frac{\partial J_{\text{neg-sample}}}{\partial u_o} = (1 - \sigma(u_o^T v_c)) v_c",
    "v_w nonzero": r"\frac{\partial J_{skip-gram}}{\partial v_w} = v_c, \forall w \neq c",
    "same word's draws, sign": r"\frac{\partial J_{\text{neg-sample}}}{\partial u_k} = -\sum_{j : w_j = w_k} \sigma(u_k^T v_c) v_c",
}


@pytest.mark.parametrize("claim", WRONG_CLAIMS.values(), ids=WRONG_CLAIMS.keys())
def test_each_wrong_claim_is_refuted(claim):
    assert only_verdict(f"$$\n{claim}\n$$\n") is Verdict.REFUTED


def test_transpose_only_mismatch_is_convention():
    assert only_verdict(r"$$\frac{\partial J}{\partial v_c} = (\hat{y} - y)^T U^T$$") is Verdict.CONVENTION


def test_unreadable_line_is_unparsed_with_a_reason():
    result = verify_document(read_text(r"$$\frac{\partial J}{\partial v_c} = \foo{U}$$", "md", "t"))
    step = result.chains[0].steps[0]
    assert step.verdict is Verdict.UNPARSED and "unknown command \\foo" in step.detail


def test_clean_example_is_all_proved():
    text = CLEAN.read_text()
    found = verdicts(text)
    assert len(found) >= 18
    assert {v for _, v in found} <= {Verdict.PROVED, Verdict.NUMERICALLY_EQUAL}


def test_seed_example_refutes_its_wrong_steps_only():
    found = verdicts(SEED.read_text())
    refuted = sorted({line for line, v in found if v is Verdict.REFUTED})
    assert refuted == [35, 37, 38, 52, 54]
    assert [line for line, v in found if v is Verdict.CONVENTION] == [23]
    assert not [line for line, v in found if v in (Verdict.UNPARSED, Verdict.UNDECIDED)]


def test_refuted_step_carries_counterexample_and_expected_expression():
    result = verify_document(read_text(SEED.read_text(), "md", "seed"))
    step = next(s for c in result.chains for s in c.steps if s.line == 35)
    assert step.counterexample.lhs_value != step.counterexample.rhs_value
    assert step.counterexample.expected == r"\hat{y}_w v_c"


# Single-error variants of the clean example: each planted error is refuted at its own line, and
# nothing else is.
PLANTS = [
    (r"-\mathbf{u}_o + \sum_{x=1}^{V} \hat{y}_x \mathbf{u}_x", r"\mathbf{u}_o + \sum_{x=1}^{V} \hat{y}_x \mathbf{u}_x"),
    (r"= \hat{y}_w \mathbf{v}_c", r"= \hat{y}_o \mathbf{v}_c"),
    (r"(\hat{y}_o - 1)\,\mathbf{v}_c", r"(1 - \hat{y}_o)\,\mathbf{v}_c"),
    (r"&= \sigma(x)\,(1 - \sigma(x))", r"&= \sigma(x)\,(1 + \sigma(x))"),
    (r"&= \sigma(\mathbf{u}_k^\top \mathbf{v}_c)\,\mathbf{v}_c", r"&= \sigma(-\mathbf{u}_k^\top \mathbf{v}_c)\,\mathbf{v}_c"),
    (r"(\sigma(\mathbf{u}_o^\top \mathbf{v}_c) - 1)\,\mathbf{v}_c", r"\sigma(\mathbf{u}_o^\top \mathbf{v}_c)\,\mathbf{v}_c"),
    (r"&= \mathbf{0} \quad", r"&= \mathbf{v}_c \quad"),
    (r"= -\log \hat{y}_o", r"= \log \hat{y}_o"),
    (r"\frac{\exp(\mathbf{u}_w^\top \mathbf{v}_c)}{\sum_{x=1}^{V}", r"\frac{\mathbf{u}_w^\top \mathbf{v}_c}{\sum_{x=1}^{V}"),
    (r"&= \frac{e^{-x}}{(1 + e^{-x})^2}", r"&= \frac{e^{-x}}{(1 + e^{-x})}"),
    (r"\sum_{j=1}^{K} \mathbb{1}[w_j = w_k]", r"\sum_{j=1}^{K} \mathbb{1}[w_j \neq w_k]"),
    (r"&= \sum_{-m \le j \le m,\ j \ne 0} \frac{\partial J(\mathbf{v}_c, w_{t+j}, \mathbf{U})}{\partial \mathbf{U}}",
     r"&= \sum_{-m \le j \le m} \frac{\partial J(\mathbf{v}_c, w_{t+j}, \mathbf{U})}{\partial \mathbf{U}}"),
    (r"- \sum_{k=1}^{K} \log \sigma(-\mathbf{u}_k^\top \mathbf{v}_c)", r"- \sum_{k=1}^{K} \log \sigma(\mathbf{u}_k^\top \mathbf{v}_c)"),
]


@pytest.mark.parametrize("right, wrong", PLANTS)
def test_planted_error_is_refuted_at_its_line(right, wrong):
    text = CLEAN.read_text()
    assert text.count(right) == 1
    line = text[:text.index(right)].count("\n") + 1
    found = verdicts(text.replace(right, wrong))
    refuted = {l for l, v in found if v is Verdict.REFUTED}
    assert line in refuted
    assert refuted <= {line, line + 1}  # the step after a wrong line compares with the wrong line


def test_notebook_lines_count_per_cell():
    cells = [{"cell_type": "markdown", "source": ["# (b)\n", "\n", "$$\\frac{\\partial J}{\\partial v_c}\n",
                                                  "= U(y - \\hat{y})$$\n"]},
             {"cell_type": "code", "source": ["x = 1"]},
             {"cell_type": "markdown", "source": "Für $w \\neq o$:\n$$\\frac{\\partial J}{\\partial u_w} = \\hat{y}_w v_c$$"}]
    result = verify_document(read_text(json.dumps({"cells": cells}), "ipynb", "nb"))
    steps = [(s.cell, s.line, s.verdict) for c in result.chains for s in c.steps]
    assert steps == [(0, 4, Verdict.REFUTED), (2, 2, Verdict.PROVED)]


def test_tex_document_environments_and_tags():
    tex = "\\documentclass{article}\n\\begin{document}\n% a comment = 1\n\\begin{align*}\n" \
          "\\frac{\\partial J}{\\partial v_c} &= U(\\hat{y} - y) \\tag{3}\\label{eq:b} \\\\\n" \
          "&= \\sum_{w} \\hat{y}_w u_w - u_o\n\\end{align*}\n\\[ \\sigma'(x) = \\sigma(x)(1-\\sigma(x)) \\]\n" \
          "\\end{document}\n"
    assert verdicts(tex, "tex") == [(5, Verdict.PROVED), (6, Verdict.PROVED), (8, Verdict.PROVED)]


def test_chinese_prose_and_label_are_read():
    text = "当 $w \\neq o$ 时：\n\n$$\\begin{aligned}\n\\frac{\\partial J}{\\partial u_w} \\\\\n" \
           "\\text{综合上述两种情况:} &= \\hat{y}_w v_c\n\\end{aligned}$$\n"
    assert verdicts(text) == [(5, Verdict.PROVED)]


def test_definition_of_a_new_name_is_used_later():
    text = "$$z = u_o^T v_c$$\n\n$$J_{\\text{neg-sample}} = -\\log \\sigma(z) - \\sum_{k=1}^{K} \\log \\sigma(-u_k^T v_c)$$\n"
    assert verdicts(text) == [(3, Verdict.PROVED)]


CHINESE = ROOT / "tests" / "documents" / "chinese-boldsymbol.md"


def test_other_authors_notation_in_chinese_is_all_proved():
    found = verdicts(CHINESE.read_text())
    assert len(found) >= 15 and {v for _, v in found} == {Verdict.PROVED}


def test_same_document_as_a_notebook_keeps_verdicts_per_cell():
    sections = CHINESE.read_text().split("\n## ")
    cells = [{"cell_type": "markdown", "source": ("## " if i else "") + text} for i, text in enumerate(sections)]
    result = verify_document(read_text(json.dumps({"cells": cells, "nbformat": 4}), "ipynb", "nb"))
    steps = [s for c in result.chains for s in c.steps]
    assert len(steps) >= 15 and {s.verdict for s in steps} == {Verdict.PROVED}
    assert {s.cell for s in steps} == set(range(len(sections)))


def test_wrong_sign_in_other_notation_is_refuted_at_its_line():
    text = CHINESE.read_text()
    right = r"&= -(\sigma(-\boldsymbol{u}_k^{\top}\boldsymbol{v}_c)-1)\boldsymbol{v}_c"
    line = text[:text.index(right)].count("\n") + 1
    found = verdicts(text.replace(right, right.replace("-(\\sigma", "(\\sigma")))
    assert [l for l, v in found if v is Verdict.REFUTED] == [line]


def test_defined_scores_are_indexed_and_a_derivative_by_them_is_checked():
    text = (ROOT / "tests" / "documents" / "english-theta.md").read_text()
    found = verdicts(text)
    assert found == [(5, Verdict.PROVED), (5, Verdict.PROVED), (7, Verdict.PROVED),
                     (9, Verdict.PROVED), (9, Verdict.PROVED), (14, Verdict.PROVED), (14, Verdict.PROVED)]
    wrong = verdicts(text.replace(r"\frac{\partial J}{\partial \theta} = \hat{y} - y", r"\frac{\partial J}{\partial \theta} = y - \hat{y}"))
    assert (7, Verdict.REFUTED) in wrong


def test_statements_joined_by_implies_and_where_are_checked_separately():
    found = verdicts((ROOT / "tests" / "documents" / "english-implies.md").read_text())
    assert len(found) == 5 and {v for _, v in found} == {Verdict.PROVED}


CASES = r"""$$
\frac{\partial J}{\partial \boldsymbol{u}_w} = \begin{cases}
(\hat{y}_w - 1)\boldsymbol{v}_c & w = o \\
\hat{y}_w \boldsymbol{v}_c & \text{otherwise}
\end{cases}
$$
"""


def test_cases_environment_is_one_claim_per_case_under_its_condition():
    assert verdicts(CASES) == [(3, Verdict.PROVED), (4, Verdict.PROVED)]


def test_swapped_cases_are_both_refuted():
    swapped = CASES.replace(r"& w = o", r"& w \neq o")
    assert verdicts(swapped) == [(3, Verdict.REFUTED), (4, Verdict.REFUTED)]


def test_a_case_announced_in_prose_paragraphs_before_still_applies():
    found = verdicts((ROOT / "tests" / "documents" / "case-announced-in-prose.md").read_text())
    assert found == [(4, Verdict.PROVED), (6, Verdict.PROVED)]


def test_a_bare_j_means_the_loss_its_formulas_are_about():
    found = verdicts((ROOT / "tests" / "documents" / "bare-j-negative-sampling.md").read_text())
    assert found == [(3, Verdict.PROVED), (9, Verdict.PROVED), (11, Verdict.PROVED),
                     (13, Verdict.PROVED), (17, Verdict.PROVED)]


def test_a_case_written_after_an_inline_claim_applies_to_it():
    found = verdicts((ROOT / "tests" / "documents" / "case-after-inline-claim.md").read_text())
    assert found == [(1, Verdict.PROVED), (1, Verdict.PROVED), (5, Verdict.PROVED)]


def test_contradictory_conditions_are_undecided_never_vacuously_proved():
    text = "For $w = o$:\n\n$$\\frac{\\partial J}{\\partial u_w} = \\hat{y}_w v_c \\quad \\text{for } w \\neq o$$\n"
    assert verdicts(text) == [(3, Verdict.UNDECIDED)]


def test_a_chain_continued_by_the_next_block_keeps_its_own_steps():
    found = verdicts(SEED.read_text())
    assert [(l, v) for l, v in found if 27 <= l <= 34] == [
        (28, Verdict.PROVED), (29, Verdict.PROVED), (30, Verdict.PROVED), (34, Verdict.PROVED)]


def test_a_row_that_goes_on_with_the_side_above_is_part_of_it():
    found = verdicts((ROOT / "tests" / "documents" / "continued-rows.md").read_text())
    assert found == [(3, Verdict.PROVED), (5, Verdict.PROVED), (6, Verdict.PROVED)]


# A note on a claim (after it, set off by wide space; its shape; an \underbrace label) is not part of it.
NOTES = [
    r"\frac{\partial J}{\partial v_c} = U(\hat{y} - y) \quad \text{(by the chain rule)}",
    r"\frac{\partial J}{\partial v_c} = U(\hat{y} - y) \qquad \text{using part (a)}",
    r"\frac{\partial J}{\partial v_c} = -u_o + \sum_{w} \hat{y}_w u_w \quad \text{since } \sum_w y_w u_w = u_o",
    r"\frac{\partial J}{\partial v_c} = U(\hat{y} - y) \quad \text{因为 } y \text{ 是独热向量}",
    r"\frac{\partial J}{\partial v_c} = U(\hat{y} - y). \quad \square",
    r"\frac{\partial J}{\partial v_c} = U(\hat{y} - y) \text{, as required.}",
    r"\frac{\partial J}{\partial v_c} = U(\hat{y} - y) \in \mathbb{R}^{d}",
    r"\frac{\partial J}{\partial v_c} = U(\hat{y} - y) \in \mathbb{R}^{d \times 1}",
    r"\frac{\partial J}{\partial v_c} = U(\hat{y} - y) \quad (d \times 1)",
    r"\frac{\partial J}{\partial v_c} = \underbrace{U}_{d \times V} \underbrace{(\hat{y} - y)}_{V \times 1}",
]


@pytest.mark.parametrize("claim", NOTES)
def test_a_note_on_a_claim_is_not_part_of_it(claim):
    assert only_verdict(f"$${claim}$$\n") is Verdict.PROVED
    wrong = claim.replace(r"U(\hat{y} - y)", r"U(y - \hat{y})").replace("-u_o +", "u_o +") \
        .replace(r"{(\hat{y} - y)}", r"{(y - \hat{y})}")
    assert only_verdict(f"$${wrong}$$\n") is Verdict.REFUTED


def test_a_function_name_in_text_after_an_equals_sign_stays_math():
    assert only_verdict(r"$$\hat{y} = \text{softmax}(U^\top v_c)$$" + "\n") is Verdict.PROVED
