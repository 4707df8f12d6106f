"""Correct derivations written here to provoke false alarms (tests/documents/correct/, each step checked
with numpy before gradproof read it): the smallest documents that once had a correct step refuted, one
for each way it happened. None may have a step refuted again. The whole folder (311 documents) is
measured by ``python benchmarks/read_solutions.py --folder tests/documents/correct/<topic>``."""
from pathlib import Path

import pytest

from checks.budget import Budget
from checks.verdict import Verdict
from checks.verify import verify_path

CORRECT = Path(__file__).parent / "documents" / "correct"
SMALLEST = sorted(CORRECT.glob("*/fa_*"))


@pytest.mark.parametrize("path", SMALLEST, ids=[f"{p.parent.name}/{p.name}" for p in SMALLEST])
def test_a_correct_derivation_that_once_raised_a_false_alarm_has_no_step_refuted(path):
    result = verify_path(path, Budget(step_seconds=60, document_seconds=300))
    refuted = [s.line for c in result.chains for s in c.steps if s.verdict is Verdict.REFUTED]
    assert refuted == [], f"{path.name}: correct steps refuted at {refuted}"
    assert any(s.verdict is not Verdict.UNPARSED for c in result.chains for s in c.steps)
