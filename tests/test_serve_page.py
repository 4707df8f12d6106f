"""The page of ``gradproof serve`` as a student uses it: the real command on a free loopback port,
headless Chromium pasting the owner's document, and the verdicts counted on the page: the same as
``gradproof verify`` (43 steps: 37 proved, 5 refuted, 1 convention).

Chromium is driven over the DevTools protocol on a pipe (tests/chromium.py), the way
tests/test_reports.py already runs it: only the Chromium that scripts/setup.sh installs."""
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chromium import CHROMIUM, Browser

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "word2vec-solution-seed.md"
SMALL = "$$\\frac{\\partial J}{\\partial v_c} = U(\\hat{y} - y)$$\n"
STATE = "document.getElementById('results').dataset.state"
STATUS = "document.getElementById('status').textContent"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed (scripts/setup.sh installs it)")]


@pytest.fixture(scope="module")
def server():
    """`gradproof serve --port 0 --jobs 1` (one worker, so a second page must queue): its URL."""
    process = subprocess.Popen([sys.executable, "-m", "gradproof", "serve", "--port", "0", "--jobs", "1"],
                               cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([process.stdout], [], [], 120)
        line = process.stdout.readline() if ready else ""
        found = re.search(r"open (http://127\.0\.0\.1:\d+/)", line)
        assert found, f"no address printed: {line!r} {process.stderr.read() if process.poll() is not None else ''}"
        yield found.group(1)
        workers = children(process.pid)
        assert workers
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C
        assert process.wait(timeout=30) == 130
        assert process.stderr.read() == "gradproof: interrupted\n"
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)  # no worker outlives the server


def children(pid: int) -> list[int]:
    return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with Browser(tmp_path_factory.mktemp("profile")) as browser:
        yield browser


def count(page, verdict: str) -> int:
    return page.evaluate(f"document.querySelectorAll('#results .step[data-verdict=\"{verdict}\"]').length")


def test_pasting_the_owners_document_shows_the_verdicts_of_gradproof_verify(server, browser, tmp_path):
    page = browser.open(server)
    page.type("#text", SEED.read_text(encoding="utf-8"))
    statuses = []
    page.wait_for(f"{STATE} === 'done'", timeout=120, seen=statuses, watch=STATUS)
    assert "checking…" in statuses
    assert (count(page, "refuted"), count(page, "proved"), count(page, "convention")) == (5, 37, 1)
    assert page.evaluate(STATUS) == "43 steps in 14 chains: 37 proved, 5 refuted, 1 convention"
    assert page.evaluate("document.querySelectorAll('#results math').length") > 40  # MathML, as the report
    assert page.evaluate("document.querySelectorAll('#results .counterexample').length") == 5
    verify_requests = "performance.getEntriesByType('resource').filter(e => e.name.endsWith('/api/verify')).length"
    assert page.evaluate(verify_requests) == 1  # one paste, one check: the debounce sent nothing else

    # as docs/serve.png shows it: a refuted step in view beside the editor
    page.evaluate("document.querySelector('#results .step.refuted').scrollIntoView({block: 'center'})")
    page.screenshot(tmp_path / "serve.png")
    assert (tmp_path / "serve.png").stat().st_size > 50_000

    page.resize(390, 844, mobile=True)  # a phone: one column, nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("document.querySelector('.verdicts').getBoundingClientRect().top"
                         " > document.querySelector('#text').getBoundingClientRect().bottom")


def test_a_second_page_waits_for_the_one_worker_and_says_so(server, browser):
    first, second = browser.open(server), browser.open(server)
    first.type("#text", SEED.read_text(encoding="utf-8"))
    first.wait_for(f"{STATE} === 'pending'")
    time.sleep(1)  # the first page's check has reached the worker
    second.type("#text", SMALL)
    statuses = []
    second.wait_for(f"{STATE} === 'done'", timeout=120, seen=statuses, watch=STATUS)
    assert "waiting for a free worker: 0 ahead" in statuses
    assert count(second, "proved") == 1
    first.wait_for(f"{STATE} === 'done'", timeout=120)
    assert count(first, "refuted") == 5


def test_a_newer_text_wins_over_a_check_still_running(server, browser):
    page = browser.open(server)
    page.type("#text", SEED.read_text(encoding="utf-8"))
    page.wait_for(f"{STATE} === 'pending'")
    assert page.evaluate("document.querySelectorAll('#results .step').length") == 0
    page.type("#text", SMALL)
    page.wait_for(f"{STATE} === 'done'", timeout=120)
    time.sleep(1)
    assert count(page, "proved") == 1 and count(page, "refuted") == 0


def test_steps_shown_are_marked_pending_while_a_new_check_runs(server, browser):
    page = browser.open(server)
    page.type("#text", SMALL)
    page.wait_for(f"{STATE} === 'done'", timeout=120)
    page.type("#text", SEED.read_text(encoding="utf-8"))
    page.wait_for(f"{STATE} === 'pending'")
    mark = "getComputedStyle(document.querySelector('#results .step .mark'), '::after').content"
    assert page.evaluate(mark) == '" pending"'
    page.wait_for(f"{STATE} === 'done'", timeout=120)


def test_hostile_input_through_the_page_is_one_line_and_the_page_goes_on(server, browser):
    page = browser.open(server)
    page.type("#text", "x" * 5_000_000)
    page.wait_for(f"{STATE} === 'error'")
    assert re.fullmatch(r"the document is \d+ bytes, more than this server's limit of 1000000 bytes "
                        r"\(gradproof serve --max-bytes\)", page.evaluate(STATUS))
    answer = page.evaluate("fetch('/api/verify', {method: 'POST', body: JSON.stringify({text: 'x'.repeat(5e6)})})"
                           ".then(r => r.json().then(body => [r.status, body.error]))")
    size = 5_000_000 + len('{"text":""}')
    assert answer == [413, f"the request is {size} bytes, more than this server's limit of 1000000 bytes "
                           f"(gradproof serve --max-bytes)"]

    page.evaluate("document.getElementById('format').value = 'ipynb'")
    page.type("#text", '{"cells": [')
    assert page.wait_for(f"{STATUS}.startsWith('document:') && {STATUS}") == (
        "document: not a valid notebook (invalid JSON: Expecting value: line 1 column 12 (char 11))")
    assert page.evaluate(STATE) == "error"

    page.evaluate("document.getElementById('format').value = 'md'")
    page.type("#text", SMALL)
    page.wait_for(f"{STATE} === 'done'", timeout=120)
    assert count(page, "proved") == 1


def test_a_chosen_notebook_is_read_in_the_browser_and_checked_as_a_notebook(server, browser, tmp_path):
    cell = {"cell_type": "markdown", "source": [SMALL, "\n", SMALL.replace("\\hat{y} - y", "y - \\hat{y}")]}
    notebook = tmp_path / "solution.ipynb"
    notebook.write_text(json.dumps({"cells": [cell], "nbformat": 4}), encoding="utf-8")
    page = browser.open(server)
    page.choose_file("#file", notebook)
    page.wait_for(f"{STATE} === 'done'", timeout=120)
    assert page.evaluate("document.getElementById('format').value") == "ipynb"
    assert page.evaluate("document.getElementById('file-name').textContent") == "solution.ipynb"
    assert (count(page, "proved"), count(page, "refuted")) == (1, 1)
    assert page.evaluate("document.querySelector('#results .chain-head').textContent") == "Chain from line 1, cell 0"


def test_the_page_loads_nothing_from_elsewhere_and_runs_no_inline_script(server, browser):
    page = browser.open(server)
    resources = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and all(url.startswith(server) for url in resources)
    html = page.evaluate("document.documentElement.outerHTML")
    assert "<script>" not in html and "style=" not in html
    assert json.loads(page.evaluate("fetch('/health').then(r => r.text())"))["status"] == "ok"


def test_a_client_that_leaves_in_the_middle_of_its_request_costs_nothing(server):
    host, port = re.match(r"http://([\d.]+):(\d+)/", server).groups()
    with socket.create_connection((host, int(port))) as half:
        half.sendall(b"POST /api/verify HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + b'{"text": "' + b"x" * 5000)
        time.sleep(0.5)
    with socket.create_connection((host, int(port))) as health:  # the server goes on (and logs no traceback)
        health.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert health.makefile("rb").readline() == b"HTTP/1.1 200 OK\r\n"
