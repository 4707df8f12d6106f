"""A bounded load on `gradproof serve` over loopback: 200 checks from 20 concurrent clients, small and
large documents mixed (tests/documents/*.md and examples/*.md), while /health is pinged throughout
and the memory of the server and its workers is sampled.

Prints requests/s, p50/p95 latency, the slowest /health answer (goal: under 100 ms) and the largest
resident memory against the bounds below; exits 1 if a request failed, a step's decisive verdict
changed between repeats of its document, or a bound was passed. The check budgets are wall-clock
time, so on a loaded machine a step may be left undecided: such checks are counted, not failed.
Only the standard library on the client side.

    python benchmarks/serve_load.py [--requests 200] [--clients 20] [--jobs N]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import random
import re
import select
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted((ROOT / "tests" / "documents").glob("*.md")) + sorted((ROOT / "examples").glob("*.md"))
HEALTH_GOAL_MS = 100.0
SERVER_RSS_BOUND_MB = 150  # the server process: routes, queue and answers, no SymPy
TOTAL_RSS_BOUND_MB = 1024  # the server and all its workers together (each worker is also bound to 2 GiB)
REQUEST_TIMEOUT = 600  # seconds one check may take with the whole load queued ahead of it


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)), help="the server's --jobs")
    args = parser.parse_args()

    server = subprocess.Popen([sys.executable, "-m", "gradproof", "serve", "--port", "0", "--jobs", str(args.jobs)],
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        host, port = _address(server)
        return _load(server.pid, host, port, args)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


def _address(server: subprocess.Popen) -> tuple[str, int]:
    ready, _, _ = select.select([server.stdout], [], [], 120)
    line = server.stdout.readline() if ready else ""
    found = re.search(r"open http://(127\.0\.0\.1):(\d+)/", line)
    if not found:
        sys.exit(f"the server did not start: {line!r}")
    return found.group(1), int(found.group(2))


def _load(pid: int, host: str, port: int, args) -> int:
    texts = {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in DOCUMENTS}
    order = [name for _ in range(args.requests // len(texts) + 1) for name in texts][:args.requests]
    random.Random(14).shuffle(order)  # small and large documents mixed, the same mix each run
    work: queue.Queue[str] = queue.Queue()
    for name in order:
        work.put(name)
    latencies, failures, verdicts, undecided = [], [], {}, []
    done = threading.Event()
    health: list[float] = []
    memory = {"server": 0, "total": 0}

    def client() -> None:
        while True:
            try:
                name = work.get_nowait()
            except queue.Empty:
                return
            start = time.perf_counter()
            try:
                answer = _check(host, port, texts[name])
            except (OSError, http.client.HTTPException, ValueError) as e:
                answer = {"state": "error", "error": f"{type(e).__name__}: {e}"}
            latencies.append(time.perf_counter() - start)
            if answer.get("state") != "done":
                failures.append(f"{name}: {answer.get('error', answer)}")
                continue
            steps = [(s["line"], s["verdict"]) for c in answer["result"]["chains"] for s in c["steps"]]
            first = verdicts.setdefault(name, steps)
            if any(a != b and "undecided" not in (a[1], b[1]) for a, b in zip(first, steps)) or len(first) != len(steps):
                failures.append(f"{name}: a decisive verdict differs from its first check")
            if answer["result"]["summary"]["undecided"]:
                undecided.append(name)

    def ping() -> None:
        while not done.is_set():
            start = time.perf_counter()
            connection = http.client.HTTPConnection(host, port, timeout=10)
            try:
                connection.request("GET", "/health")
                status = connection.getresponse().status
            except (OSError, http.client.HTTPException) as e:
                status = f"{type(e).__name__}: {e}"
            finally:
                connection.close()
            if status == 200:
                health.append(time.perf_counter() - start)
            else:
                failures.append(f"/health: {status}")
            done.wait(0.2)

    def sample() -> None:
        while not done.is_set():
            server = _rss_mb(pid)
            total = server + sum(_rss_mb(child) for child in _children(pid))
            memory["server"], memory["total"] = max(memory["server"], server), max(memory["total"], total)
            done.wait(0.25)

    watchers = [threading.Thread(target=ping), threading.Thread(target=sample)]
    clients = [threading.Thread(target=client) for _ in range(args.clients)]
    start = time.perf_counter()
    for thread in watchers + clients:
        thread.start()
    for thread in clients:
        thread.join()
    seconds = time.perf_counter() - start
    done.set()
    for thread in watchers:
        thread.join()

    p50, p95 = statistics.median(latencies), statistics.quantiles(latencies, n=20)[18]
    health_ms = 1000 * max(health)
    sizes = sorted(len(t.encode()) for t in texts.values())
    print(f"{args.requests} checks of {len(texts)} documents ({sizes[0]} to {sizes[-1]} bytes) from "
          f"{args.clients} clients on {args.jobs} worker(s): {seconds:.1f} s, {args.requests / seconds:.2f} requests/s")
    print(f"latency: p50 {p50:.2f} s, p95 {p95:.2f} s, max {max(latencies):.2f} s; failed: {len(failures)}; "
          f"checks with a step left undecided by the time budget: {len(undecided)}")
    print(f"/health: {len(health)} answers, max {health_ms:.1f} ms, median {1000 * statistics.median(health):.1f} ms "
          f"(goal < {HEALTH_GOAL_MS:.0f} ms)")
    print(f"memory (max RSS): server {memory['server']:.0f} MB (bound {SERVER_RSS_BOUND_MB} MB), "
          f"server and workers {memory['total']:.0f} MB (bound {TOTAL_RSS_BOUND_MB} MB)")
    for failure in failures[:10]:
        print(f"failed: {failure}")
    passed = (not failures and health_ms < HEALTH_GOAL_MS and memory["server"] <= SERVER_RSS_BOUND_MB
              and memory["total"] <= TOTAL_RSS_BOUND_MB)
    print("all within bounds" if passed else "NOT within bounds")
    return 0 if passed else 1


def _check(host: str, port: int, text: str) -> dict:
    """The last line of the server's answer to one check."""
    connection = http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("POST", "/api/verify", body=json.dumps({"text": text, "format": "md"}),
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        body = response.read().decode()
    finally:
        connection.close()
    if response.status != 200:
        return {"state": "error", "error": f"HTTP {response.status}: {body.strip()}"}
    return json.loads(body.splitlines()[-1])


def _rss_mb(pid: int) -> float:
    try:
        found = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    except OSError:  # a worker that just ended
        return 0.0
    return int(found.group(1)) / 1024 if found else 0.0  # no VmRSS: a process being reaped


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
                for child in (task / "children").read_text().split()]
    except OSError:
        return []


if __name__ == "__main__":
    sys.exit(main())
