"""Bounded worker processes (grade/workers.py, issue 12): a document that runs out of memory, a
worker that crashes or overruns its deadline costs that document alone, with the reason, and the
next document is verified by a fresh worker."""
import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

from checks.budget import Budget
from class_documents import GOOD, ROOT
from grade.workers import Failure, Pool, Text, run_isolated

SEED = ROOT / "examples" / "word2vec-solution-seed.md"  # 43 steps: a few seconds of work


def test_a_document_given_as_text_is_verified_in_a_worker():
    result = run_isolated(Text(GOOD, "md", "good.md"))
    assert (result.document, result.summary()["proved"], result.summary()["steps"]) == ("good.md", 4, 4)


def test_a_worker_past_its_memory_bound_is_one_unusable_document(tmp_path):
    big = tmp_path / "big.md"  # reading 900 kB needs fresh memory, which the bound leaves none of
    big.write_text(GOOD + "Some prose.\n" * 75_000)
    outcome = run_isolated(big, max_memory=30 * 2 ** 20)
    assert outcome == Failure(str(big), "needed more memory than its bound of 30 MB (--max-memory)")


def test_a_crashed_worker_costs_its_document_only_and_a_fresh_one_takes_the_next():
    def crash_the_worker():
        time.sleep(1.5)  # inside the seed's verification, which takes several seconds
        for child in multiprocessing.active_children():
            os.kill(child.pid, signal.SIGSEGV)

    with Pool(jobs=1) as pool:
        threading.Thread(target=crash_the_worker).start()
        runs = list(pool.run([SEED, Text(GOOD, "md", "good.md")]))
    assert runs[0].outcome == Failure(str(SEED), "its worker process crashed (SIGSEGV)")
    assert runs[0].peak_memory is None
    assert runs[1].outcome.summary()["proved"] == 4 and runs[1].peak_memory > 0


def test_a_worker_past_its_deadline_is_stopped_from_outside():
    with Pool(jobs=2, budget=Budget(document_seconds=15)) as pool:
        pool.deadline = 1.0  # SIGALRM inside keeps to the budget; this is for what it cannot stop
        runs = sorted(pool.run([SEED, Path("missing.md")]), key=lambda run: run.index)
    assert runs[0].outcome == Failure(str(SEED), "stopped at 1 s, far past its budget of 15 s (--document-seconds)")
    assert runs[1].outcome == Failure("missing.md", "no such file")
