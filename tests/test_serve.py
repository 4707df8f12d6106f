"""The application of gradproof serve through Starlette's TestClient, over real worker processes:
bounded requests, one-line errors, the security headers on every answer, the queue, and hostile
documents that end in a verdict or one line while the server goes on serving."""
import json
import re
import threading
import time

import pytest
from starlette.testclient import TestClient

from checks.budget import Budget
from checks.verify import verify_path
from reports.render import html, html_fragment
from serve.app import create_app
from serve.command import TASK
from serve.headers import CONTENT_SECURITY_POLICY
from serve.workers import WorkerPool
from test_hostile import GOOD_STEP, INJECTIONS, PATHOLOGICAL, UNREADABLE, WRONG_STEP
from test_reports import HOSTILE, SEED

MAX_BYTES = 2_000_000  # a request: a document of the Budget's 1 MB limit and its JSON escapes
BUDGET = Budget(document_seconds=2)  # hostile documents end in seconds


@pytest.fixture(scope="module")
def client():
    pool = WorkerPool(TASK, jobs=2)
    pool.start()
    with TestClient(create_app(pool, MAX_BYTES, BUDGET)) as client:
        yield client
    pool.close()


def check(client, text, format="md", **extra) -> list[dict]:
    """The answer's lines, each a JSON object."""
    response = client.post("/api/verify", json={"text": text, "format": format, **extra})
    assert response.status_code == 200 and response.headers["content-type"] == "application/x-ndjson"
    return [json.loads(line) for line in response.text.splitlines()]


def last(client, text, format="md", **extra) -> dict:
    return check(client, text, format, **extra)[-1]


def test_a_document_gets_the_verdicts_as_json_and_as_the_reports_html(client):
    events = check(client, f"{GOOD_STEP}\n\n{WRONG_STEP}\n")
    assert [e["state"] for e in events] == ["running", "done"]
    summary = events[-1]["result"]["summary"]
    assert (summary["proved"], summary["refuted"]) == (1, 1)
    assert events[-1]["html"].count('data-verdict="refuted"') == 1
    assert "<math" in events[-1]["html"] and "Counterexample" in events[-1]["html"]


def test_the_page_shows_each_step_as_the_html_report_does():
    result = verify_path(SEED)
    steps = re.compile(r'<div class="step .*?\n</div>', re.S)
    assert steps.findall(html_fragment(result)) == steps.findall(html(result))
    assert len(steps.findall(html_fragment(result))) == 43
    assert "<html" not in html_fragment(result) and "<style" not in html_fragment(result)


def test_a_body_over_max_bytes_is_refused_by_its_length_before_it_is_read(client):
    response = client.post("/api/verify", json={"text": "x" * MAX_BYTES})
    assert response.status_code == 413
    assert response.json() == {"error": f"the request is {MAX_BYTES + 11} bytes, more than this server's "
                                        f"limit of {MAX_BYTES} bytes (gradproof serve --max-bytes)"}


def test_a_body_over_max_bytes_without_a_length_is_refused_as_it_streams(client):
    chunks = (b"x" * 10_000 for _ in range(1000))  # 10 MB, sent chunked: no Content-Length
    response = client.post("/api/verify", content=chunks)
    assert response.status_code == 413
    assert response.json() == {"error": f"the request is more than this server's limit of {MAX_BYTES} "
                                        f"bytes (gradproof serve --max-bytes)"}


@pytest.mark.parametrize("body, error", [
    (b"{not json", 'the request is not JSON; send JSON: {"text": "…", "format": "md", "tex" or "ipynb"}'),
    (b"[" * 100_000, 'the request is not JSON; send JSON: {"text": "…", "format": "md", "tex" or "ipynb"}'),
    (b'{"format": "md"}', 'the request has no text; send JSON: {"text": "…", "format": "md", "tex" or "ipynb"}'),
    (b'{"text": 1}', 'the request has no text; send JSON: {"text": "…", "format": "md", "tex" or "ipynb"}'),
    (b'{"text": "", "format": "pdf"}', "unknown format 'pdf'; choose from md, ipynb, tex"),
])
def test_a_request_that_is_not_a_document_is_400_with_one_line(client, body, error):
    response = client.post("/api/verify", content=body)
    assert response.status_code == 400 and response.json() == {"error": error}


@pytest.mark.parametrize("notebook, error", [
    ("{not json", "document: not a valid notebook (invalid JSON: Expecting property name enclosed in "
                  "double quotes: line 1 column 2 (char 1))"),
    ('{"cells": [', "document: not a valid notebook (invalid JSON: Expecting value: line 1 column 12 (char 11))"),
    ("[" * 50_000 + "]" * 50_000, "document: not a valid notebook (invalid JSON: maximum recursion depth "
                                  "exceeded while decoding a JSON array from a unicode string)"),
    ('{"cells": {"a": 1}}', "document: not a Jupyter notebook (no list of cells)"),
])
def test_a_notebook_that_is_not_one_is_one_line(client, notebook, error):
    assert last(client, notebook, "ipynb") == {"state": "error", "error": error}


def test_a_path_or_name_from_the_client_is_never_used(client):
    answer = last(client, GOOD_STEP, name="/etc/passwd", path="/etc/passwd", file="../../etc/passwd")
    assert answer["result"]["document"] == "document" and "/etc/passwd" not in json.dumps(answer)


def test_the_documents_text_reaches_the_page_only_escaped(client):
    answer = last(client, HOSTILE)
    assert "<script" not in answer["html"] and "<img" not in answer["html"]
    assert "&lt;script&gt;" in answer["html"]


@pytest.mark.parametrize("method, path, body, status", [
    ("GET", "/", None, 200), ("GET", "/page.js", None, 200), ("GET", "/page.css", None, 200),
    ("GET", "/health", None, 200), ("POST", "/api/verify", {"text": GOOD_STEP}, 200),
    ("POST", "/api/verify", {"text": "x" * MAX_BYTES}, 413), ("POST", "/api/verify", {}, 400),
    ("GET", "/api/verify", None, 405), ("GET", "/etc/passwd", None, 404),
])
def test_every_answer_carries_the_security_headers(client, method, path, body, status):
    response = client.request(method, path, json=body)
    assert response.status_code == status
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_policy_allows_only_this_origin_and_no_inline_script():
    policy = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == policy["style-src"] == policy["connect-src"] == "'self'"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY and "unsafe-eval" not in CONTENT_SECURITY_POLICY


def test_the_page_its_script_and_style_are_served_and_reference_nothing_elsewhere(client):
    page = client.get("/").text
    assert '<script src="/page.js" defer></script>' in page and '<link rel="stylesheet" href="/page.css">' in page
    assert "<script>" not in page and "style=" not in page
    for path in ("/", "/page.js", "/page.css"):
        assert not re.search(r"https?://|//[a-z]", client.get(path).text, re.I), path
    assert client.get("/page.css").text.startswith(":root {")  # the report's style first


def test_health_answers_at_once_while_every_worker_is_busy(client):
    seed = SEED.read_text(encoding="utf-8")
    busy = [threading.Thread(target=check, args=(client, seed)) for _ in range(3)]
    for thread in busy:
        thread.start()
    time.sleep(1)
    start = time.monotonic()
    health = client.get("/health").json()
    seconds = time.monotonic() - start
    for thread in busy:
        thread.join()
    assert health == {"status": "ok", "jobs": 2, "running": 2, "queued": 1, "max_bytes": MAX_BYTES}
    assert seconds < 0.5


def test_a_check_behind_busy_workers_is_told_it_waits(client):
    seed = SEED.read_text(encoding="utf-8")
    busy = [threading.Thread(target=check, args=(client, seed)) for _ in range(2)]
    for thread in busy:
        thread.start()
    time.sleep(1)
    events = check(client, GOOD_STEP)
    for thread in busy:
        thread.join()
    assert events[0] == {"state": "queued", "ahead": 0}
    assert [e["state"] for e in events[1:]] == ["running", "done"]


HOSTILE_DOCUMENTS = {
    **{f"injection: {name}": f"$${attack.format(marker='/tmp/PWNED')}$$\n\n{GOOD_STEP}\n"
       for name, (attack, _) in INJECTIONS.items()},
    **{f"unreadable: {name}": f"$${math}$$\n\n{GOOD_STEP}\n" for name, (math, _) in UNREADABLE.items()},
    **{f"pathological: {name}": text for name, (text, kind) in PATHOLOGICAL.items() if kind == "md"},
    "binary": "\x00\x01\x02PK\x03\x04" * 100,
    "lone surrogates": "$$\ud800 x = 1$$",
}
HOSTILE_TEX = {f"pathological: {name}": text for name, (text, kind) in PATHOLOGICAL.items() if kind == "tex"}


@pytest.mark.slow
@pytest.mark.parametrize("name", [*HOSTILE_DOCUMENTS, *HOSTILE_TEX])
def test_a_hostile_document_ends_in_a_verdict_or_one_line_and_the_server_goes_on(client, name):
    text, fmt = (HOSTILE_DOCUMENTS[name], "md") if name in HOSTILE_DOCUMENTS else (HOSTILE_TEX[name], "tex")
    # escaped as a browser's JSON.stringify escapes it, lone surrogates included
    response = client.post("/api/verify", content=json.dumps({"text": text, "format": fmt}))
    assert response.status_code == 200
    answer = json.loads(response.text.splitlines()[-1])
    if answer["state"] == "error":
        assert "\n" not in answer["error"]
    else:
        assert answer["state"] == "done" and answer["result"]["summary"]["refuted"] == 0
    assert last(client, GOOD_STEP)["result"]["summary"]["proved"] == 1
