"""Complete solutions of the CS224n word2vec written assignment, each in the manner of a different
author (a terse student, a verbose TA, matrix notation, a Chinese write-up, index notation): no
correct step is refuted, few are left unread, and an error planted in any of them is refuted at
its line."""
from pathlib import Path

import pytest

from checks.budget import Budget
from checks.verdict import Verdict
import document_steps

DOCUMENTS = Path(__file__).parent / "documents"

# document → (the most unparsed steps it may have, each for a stated reason; the fewest proved)
CORRECT = {
    "author-terse.md": (2, 22),  # ∂J/∂U written as a row of columns [∂J/∂u_1 ⋯ ∂J/∂u_{|V|}]
    "author-verbose.md": (0, 30),
    "author-vector.md": (7, 17),  # 1ᵀexp(θ) (the length of 𝟏 is left to context), the Jacobian ∂θ/∂v_c,
    # diag(·), and U_K (a matrix the prose defines)
    "author-chinese.md": (0, 25),
    "author-index.md": (0, 26),
}


def step_results(text: str):
    # Verdicts, not speed: a loaded CI machine must not turn late steps undecided.
    return document_steps.steps(text, budget=Budget(document_seconds=120))


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_a_correct_solution_has_no_refuted_step(name):
    steps = step_results((DOCUMENTS / name).read_text(encoding="utf-8"))
    assert [s.line for s in steps if s.verdict is Verdict.REFUTED] == []
    assert sum(s.verdict is Verdict.UNPARSED for s in steps) <= CORRECT[name][0]
    assert sum(s.verdict is Verdict.PROVED for s in steps) >= CORRECT[name][1]


# (document, the correct text, the text with an error) — the error must be refuted at its line
PLANTED = [
    ("author-terse.md", r"&= -u_o + \sum_w \hat{y}_w u_w", r"&= u_o + \sum_w \hat{y}_w u_w"),  # sign
    ("author-terse.md", r"&= \sigma(x)(1-\sigma(x))", r"&= \sigma(x)(1+\sigma(x))"),  # sign
    ("author-terse.md", r"\frac{\partial J}{\partial u_o} &= (\sigma(u_o^\top v_c)-1)v_c",
     r"\frac{\partial J}{\partial u_o} &= \sigma(u_o^\top v_c)v_c"),  # dropped term
    ("author-verbose.md", r"\boldsymbol{v}_c = (\hat{y}_o - 1)\boldsymbol{v}_c.",
     r"\boldsymbol{v}_c = \hat{y}_o\boldsymbol{v}_c."),  # dropped term
    ("author-verbose.md", r"= \sigma(x)(1 - \sigma(x)).", r"= \sigma(x)(\sigma(x) - 1)."),  # sign
    ("author-vector.md", r"(\hat{y}_o - 1)\boldsymbol{v}_c & w = o", r"(1 - \hat{y}_o)\boldsymbol{v}_c & w = o"),
    ("author-vector.md", r"= \boldsymbol{v}_c \hat{\boldsymbol{y}}^\top - \boldsymbol{v}_c \boldsymbol{e}_o^\top",
     r"= \boldsymbol{v}_c \hat{\boldsymbol{y}}^\top"),  # dropped term
    ("author-chinese.md", r"&= -\boldsymbol{u}_o + \sum_{x \in \text{Vocab}} \hat{y}_x \boldsymbol{u}_x",
     r"&= \boldsymbol{u}_o + \sum_{x \in \text{Vocab}} \hat{y}_x \boldsymbol{u}_x"),  # sign
    ("author-chinese.md", r"= (\sigma(\boldsymbol{u}_o^\top \boldsymbol{v}_c) - 1)\boldsymbol{v}_c",
     r"= (1 - \sigma(\boldsymbol{u}_o^\top \boldsymbol{v}_c))\boldsymbol{v}_c"),  # sign
    ("author-index.md", r"&= -u_{o,i} + \sum_{w=1}^{V} \hat{y}_w u_{w,i}",
     r"&= u_{o,i} + \sum_{w=1}^{V} \hat{y}_w u_{w,i}"),  # sign
    ("author-index.md", r"&= (\hat{y}_w - \delta_{wo}) v_{c,i}", r"&= (\hat{y}_w - \delta_{wo}) v_{c,1}"),  # index
    ("author-index.md", r"= v_{c,i}(\hat{y}_w - y_w)", r"= v_{c,i}\hat{y}_w"),  # dropped term
]


@pytest.mark.parametrize("name, right, wrong", PLANTED, ids=[f"{n}:{w[:30]}" for n, _, w in PLANTED])
def test_a_planted_error_is_refuted_at_its_line(name, right, wrong):
    text = (DOCUMENTS / name).read_text(encoding="utf-8")
    assert text.count(right) == 1
    line = text[:text.index(right)].count("\n") + 1
    steps = step_results(text.replace(right, wrong))
    refuted = [s.line for s in steps if s.verdict is Verdict.REFUTED]
    assert line in refuted
    assert all(s.verdict is not Verdict.REFUTED for s in steps if s.line < line)
