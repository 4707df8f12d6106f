"""verify run on a document given as text, as the tests read it: its steps and their verdicts."""
from checks.budget import Budget
from checks.document import read_text
from checks.verdict import StepResult, Verdict
from checks.verify import verify_document


VERDICTS_NOT_SPEED = Budget(step_seconds=60, document_seconds=300, exact_seconds=4.5)  # a loaded machine decides
# the same: exact simplification too has three times its time


def steps(text: str, kind: str = "md", budget: Budget = Budget()) -> list[StepResult]:
    result = verify_document(read_text(text, kind, f"doc.{kind}"), budget)
    return [s for c in result.chains for s in c.steps]


def verdicts(text: str, kind: str = "md") -> list[tuple[int, Verdict]]:
    return [(s.line, s.verdict) for s in steps(text, kind)]


def only_verdict(text: str, kind: str = "md") -> Verdict:
    found = steps(text, kind)
    assert len(found) == 1, found
    return found[0].verdict


def verdicts_at(text: str, kind: str = "md") -> dict[int, set[Verdict]]:
    """The verdicts of each line's steps, under a budget no loaded machine runs out of."""
    found: dict[int, set[Verdict]] = {}
    for s in steps(text, kind, VERDICTS_NOT_SPEED):
        found.setdefault(s.line, set()).add(s.verdict)
    return found
