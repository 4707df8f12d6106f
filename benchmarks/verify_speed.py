"""Wall time of verifying the bundled document cold: a fresh interpreter each run, imports included.

There is no other tool that does this job, so the peer is the target of issue 2 (10 s on the
2-core machine); the ratio printed is measured time / target.

    python benchmarks/verify_speed.py [--runs 3] [DOC]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_SECONDS = 10.0
ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("document", nargs="?", type=Path,
                        default=ROOT / "examples" / "word2vec-solution-seed.md")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "gradproof", "verify", str(args.document),
                               "--json", "-"], cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            sys.exit(f"verify failed with exit code {done.returncode}: {done.stderr.strip()}")
    best, median = min(times), statistics.median(times)
    print(f"verify {args.document.name} cold: best {best:.2f} s, median {median:.2f} s over {args.runs} runs")
    print(f"target {TARGET_SECONDS:.0f} s: ratio median/target = {median / TARGET_SECONDS:.2f}")


if __name__ == "__main__":
    main()
