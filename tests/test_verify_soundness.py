"""Soundness, found by mutating correct documents: a step made wrong by one small edit must not stay
``proved``. Each case is a correct step and its mutant; the correct one is proved, the mutant is not."""
import pytest

from checks.verdict import Verdict
from document_steps import only_verdict


SKIPGRAM = (r"$$\frac{\partial J_{\text{skip-gram}}}{\partial \mathbf{U}} = \sum_{-m \le j \le m,\ j \ne 0}"
            r" \frac{\partial J(%s, w_{t+j}, %s)}{\partial \mathbf{U}}$$" "\n")

PAIR = (r"$$\frac{\partial J(\mathbf{v}_c, %s, \mathbf{U})}{\partial \mathbf{v}_c}"
        r" = \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})$$" "\n")

MUTANTS = {  # name: (correct document, its mutant)
    "loss of another center vector": (SKIPGRAM % (r"\mathbf{v}_c", r"\mathbf{U}"),
                                      SKIPGRAM % (r"\mathbf{v}_o", r"\mathbf{U}")),
    "loss of the transposed matrix": (SKIPGRAM % (r"\mathbf{v}_c", r"\mathbf{U}"),
                                      SKIPGRAM % (r"\mathbf{v}_c", r"\mathbf{U}^\top")),
    "loss of an unread outside word": (PAIR % "o", PAIR % r"\hat{o}"),
}


@pytest.mark.parametrize("name", MUTANTS)
def test_correct_step_is_proved(name):
    assert only_verdict(MUTANTS[name][0]) is Verdict.PROVED


@pytest.mark.parametrize("name", MUTANTS)
def test_mutant_is_not_proved(name):
    assert only_verdict(MUTANTS[name][1]) not in (Verdict.PROVED, Verdict.NUMERICALLY_EQUAL)
