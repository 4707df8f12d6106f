"""Documents/s of verifying a class of 200 submissions with one worker and with two (issue 12).

Builds the submissions in a temporary folder, a student folder each: two or three parts of
examples/word2vec-solution-clean.md as markdown, a notebook or .tex; some with a planted error (a
sign flipped in a step known to be correct); the short documents of tests/documents/; and hostile
files (binary junk, an empty file, 2 MB, a broken notebook, deep nesting). Verifies them through
grade.batch as `gradproof verify FOLDER --jobs N` does, first with one worker and then with two,
and prints documents/s for each, the speedup (the goal: at least 1.8× on the 2-core machine), the
processor time the workers used (the cores they had on average: on a machine others are using too,
the speedup can only be as large as that) and the peak memory of every worker; it checks that every planted error is refuted at its line, that both
runs give the same verdicts and that no worker crashed.

    python benchmarks/batch_speed.py [--students 200] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.budget import Budget  # noqa: E402 - after the path that makes the checkout importable
from checks.verdict import Verdict  # noqa: E402
from grade.batch import verify_batch  # noqa: E402
from grade.collect import collect  # noqa: E402
from grade.workers import DEFAULT_MAX_MEMORY, Failure, Run  # noqa: E402

GOAL = 1.8
CLEAN = ROOT / "examples" / "word2vec-solution-clean.md"
SHORT = sorted(p for p in (ROOT / "tests" / "documents").glob("*.md") if len(p.read_text().splitlines()) < 20)
# (part, a line of the clean solution as written, the same line with a sign flipped): each is false
PLANTED = (
    ("b", r"&= -\mathbf{u}_o + \sum_{x=1}^{V} \hat{y}_x \mathbf{u}_x \\", r"&= \mathbf{u}_o + \sum_{x=1}^{V} \hat{y}_x \mathbf{u}_x \\"),
    ("b", r"&= \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})", r"&= \mathbf{U}(\mathbf{y} - \hat{\mathbf{y}})"),
    ("c", r"= \hat{y}_w \mathbf{v}_c", r"= -\hat{y}_w \mathbf{v}_c"),
    ("d", r"&= \sigma(x)\,(1 - \sigma(x))", r"&= \sigma(x)\,(1 + \sigma(x))"),
    ("e", r"\frac{\partial J_{\text{neg-sample}}}{\partial \mathbf{u}_o} &= (\sigma(\mathbf{u}_o^\top \mathbf{v}_c) - 1)\,\mathbf{v}_c \\",
     r"\frac{\partial J_{\text{neg-sample}}}{\partial \mathbf{u}_o} &= (1 - \sigma(\mathbf{u}_o^\top \mathbf{v}_c))\,\mathbf{v}_c \\"),
)
HOSTILE = {
    "binary.md": b"\x00\x01\x02PK\x03\x04" * 1000,
    "empty.md": b"",
    "big.md": b"Some prose. " * 175_000,  # 2.1 MB: over the 1 MB limit
    "broken.ipynb": b'{"cells": [{"cell_type": "markdown", "source": ["$$x',
    "nested.md": b"$$x = " + b"{" * 50_000 + b"x" + b"}" * 50_000 + b"$$\n",
}


def sections(text: str) -> tuple[str, dict[str, str]]:
    """The preamble and each part's section ("## (b) …" up to the next heading) of a document."""
    chunks = text.split("\n## ")
    return chunks[0] + "\n", {chunk[1]: "## " + chunk + "\n" for chunk in chunks[1:]}


def build(folder: Path, students: int, rng: random.Random) -> dict[str, int]:
    """Write the submissions; {path: line} of every planted error."""
    preamble, parts = sections(CLEAN.read_text())
    planted: dict[str, int] = {}
    for i in range(students):
        student = folder / f"student{i:03d}"
        student.mkdir()
        if i < len(HOSTILE):
            name, data = list(HOSTILE.items())[i]
            (student / name).write_bytes(data)
            continue
        if i < len(HOSTILE) + len(SHORT):
            shutil.copy(SHORT[i - len(HOSTILE)], student / "solution.md")
            continue
        chosen = sorted(rng.sample(sorted(parts), rng.choice((2, 3))))
        mutation = PLANTED[i % len(PLANTED)] if i % 3 == 0 else None
        if mutation and mutation[0] not in chosen:
            chosen = sorted(chosen[1:] + [mutation[0]])
        body = "".join(parts[p].replace(mutation[1], mutation[2]) if mutation and p == mutation[0] else parts[p]
                       for p in chosen)
        kind = "ipynb" if i % 7 == 1 and not mutation else "tex" if i % 5 == 2 else "md"
        path = student / f"solution.{kind}"
        text = preamble + body
        if kind == "tex":
            text = "\\documentclass{article}\n\\begin{document}\n" + "".join(
                f"\\section*{{{line[3:]}}}\n" if line.startswith("## ") else line + "\n"
                for line in text.splitlines()) + "\\end{document}\n"
        path.write_text(json.dumps(_notebook(text)) if kind == "ipynb" else text)
        if mutation:
            planted[str(path)] = text.splitlines().index(mutation[2]) + 1
    return planted


def _notebook(text: str) -> dict:
    first, *rest = text.split("\n## ")
    cells = [{"cell_type": "markdown", "metadata": {}, "source": chunk.splitlines(keepends=True)}
             for chunk in [first, *("## " + chunk for chunk in rest)]]
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def run(folder: Path, jobs: int) -> tuple[float, list[Run], dict]:
    runs: list[Run] = []
    start = time.perf_counter()
    batch = verify_batch(collect([folder]), Budget(), jobs, DEFAULT_MAX_MEMORY, runs.append)
    seconds = time.perf_counter() - start
    return seconds, runs, {o.document: o for o in batch.outcomes}


def verdicts(outcomes: dict) -> dict:
    return {path: o.reason if isinstance(o, Failure) else [(s.line, s.verdict.value) for c in o.chains for s in c.steps]
            for path, o in outcomes.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="build the submissions in DIR (kept) instead of a temporary folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="gradproof-class-"))
    folder.mkdir(parents=True, exist_ok=True)
    planted = build(folder, args.students, random.Random(12))
    documents = len(collect([folder]).documents)
    print(f"{documents} submissions in {folder}: {len(planted)} with a planted error, {len(HOSTILE)} hostile")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results = {}
    for jobs in (1, 2):
        seconds, runs, outcomes = run(folder, jobs)
        results[jobs] = (seconds, outcomes)
        peaks: dict[int, int] = {}
        for r in runs:
            if r.worker is not None and r.peak_memory:
                peaks[r.worker] = max(peaks.get(r.worker, 0), r.peak_memory)
        cpu = sum(r.cpu_seconds or 0 for r in runs)
        print(f"--jobs {jobs}: {documents} documents in {seconds:.1f} s, {documents / seconds:.2f} documents/s; "
              f"the workers used {cpu:.1f} s of processor time ({cpu / seconds:.2f} cores on average); "
              f"peak memory per worker: {', '.join(f'{p / 2 ** 20:.0f} MB' for p in peaks.values())}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    speedup = results[1][0] / results[2][0]
    print(f"speedup --jobs 2 over --jobs 1: {speedup:.2f}x (goal {GOAL}x): {'met' if speedup >= GOAL else 'NOT met'}")

    problems = []
    one, two = results[1][1], results[2][1]
    if verdicts(one) != verdicts(two):
        problems += [f"{p}: verdicts differ between --jobs 1 and --jobs 2" for p in one if verdicts(one)[p] != verdicts(two)[p]]
    for path, line in planted.items():
        for jobs, outcomes in ((1, one), (2, two)):
            outcome = outcomes[path]
            found = None if isinstance(outcome, Failure) else \
                {s.verdict for c in outcome.chains for s in c.steps if s.line == line}
            if found != {Verdict.REFUTED}:
                problems.append(f"--jobs {jobs}: {path}: the planted error at line {line} is not refuted ({found})")
    crashes = [f"{o.document}: {o.reason}" for outcomes in (one, two) for o in outcomes.values()
               if isinstance(o, Failure) and o.reason.startswith(("its worker", "internal error", "stopped at", "needed more memory"))]
    unusable = sorted({Path(o.document).name: o.reason for o in two.values() if isinstance(o, Failure)}.items())
    print(f"planted errors refuted at their line: {len(planted) - sum('planted' in p for p in problems)} of {len(planted)} "
          f"(each run); unusable, as expected of the hostile files: {unusable}")
    print(f"crashes: {len(crashes)}" + "".join(f"\n  {c}" for c in crashes))
    for problem in problems:
        print(f"PROBLEM: {problem}")
    if not args.keep:
        shutil.rmtree(folder)
    sys.exit(1 if problems or crashes else 0)


if __name__ == "__main__":
    main()
