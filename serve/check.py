"""What a worker of ``gradproof serve`` does with one document: the Python API's verdicts, as the
CLI's JSON and as the HTML report's verdicts (reports/templates/verdicts.html.j2). Runs in a worker
process (serve/workers.py), never in the server's; holds no verification code of its own."""
from __future__ import annotations

import checks.verify  # noqa: F401 - SymPy and the checker load as the worker starts, not on its first document
from checks.budget import Budget
from checks.errors import InputError
from gradproof import verify_text
from reports.render import html_fragment

NAME = "document"  # the name errors give the document: the client's file name is never used


def check(text: str, format: str, budget: Budget) -> dict:
    """{"result": the --json output, "html": the verdicts as HTML} or {"error": one line}."""
    try:
        result = verify_text(text, format=format, name=NAME, budget=budget)
    except InputError as e:
        return {"error": str(e)}
    return {"result": result.to_json(), "html": html_fragment(result)}
