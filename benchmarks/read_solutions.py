"""How well verify reads solutions written by other people: the development set under
tests/documents/dev/, each document with its line-level truth in truth.toml.

For every document: the steps found, the share read (not ``unparsed``; the last line says how many
of those are ``undecided`` only because time ran out), the wrong steps refuted at their lines, and
the false alarms (a step refuted on a line the truth says is correct). The goals
of the issue on real solutions are the peers: every error found, no false alarm, nine steps in ten
read, each document under 10 s.

    python benchmarks/read_solutions.py [--folder tests/documents/dev] [--verbose]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.budget import Budget  # noqa: E402
from checks.verdict import Verdict  # noqa: E402
from checks.verify import verify_path  # noqa: E402

GOAL_READ = 0.90
GOAL_SECONDS = 10.0
_OUT_OF_TIME = re.compile(r"no time left|ran out of its [0-9.]+ s budget")  # checks/budget.py's words


def where(step) -> str:
    return f"{step.cell}:{step.line}" if step.cell is not None else str(step.line)


def score(path: Path, wrong: set[str], budget: Budget) -> dict:
    start = time.monotonic()
    result = verify_path(path, budget)
    seconds = time.monotonic() - start
    steps = [s for c in result.chains for s in c.steps]
    refuted = {where(s) for s in steps if s.verdict is Verdict.REFUTED}
    return {
        "steps": len(steps),
        "read": sum(s.verdict is not Verdict.UNPARSED for s in steps),
        "timed_out": sum(s.verdict is Verdict.UNDECIDED and bool(_OUT_OF_TIME.search(s.detail)) for s in steps),
        "found": sorted(wrong & refuted),
        "missed": sorted(wrong - refuted),
        "alarms": sorted({where(s) for s in steps if s.verdict is Verdict.REFUTED and where(s) not in wrong}),
        "unparsed": [(where(s), s.detail) for s in steps if s.verdict is Verdict.UNPARSED],
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=ROOT / "tests" / "documents" / "dev")
    parser.add_argument("--verbose", action="store_true", help="list each unparsed step and why")
    parser.add_argument("--document-seconds", type=float, default=Budget().document_seconds,
                        help="each document's time budget (default: gradproof's own)")
    args = parser.parse_args()
    truth = tomllib.loads((args.folder / "truth.toml").read_text(encoding="utf-8"))["documents"]
    budget = Budget(document_seconds=args.document_seconds)
    totals = {"steps": 0, "read": 0, "timed_out": 0, "errors": 0, "found": 0, "alarms": 0}
    slowest = 0.0
    print(f"{'document':28} {'steps':>5} {'read':>6} {'errors found':>12} {'false alarms':>12} {'s':>5}")
    for name, entry in sorted(truth.items()):
        wrong = {str(x) for x in entry.get("wrong", [])}
        r = score(args.folder / name, wrong, budget)
        share = r["read"] / r["steps"] if r["steps"] else 0.0
        print(f"{name:28} {r['steps']:5} {share:6.0%} {len(r['found']):5} of {len(wrong):<4} "
              f"{len(r['alarms']):12} {r['seconds']:5.1f}")
        if r["missed"]:
            print(f"{'':30}missed at {', '.join(r['missed'])}")
        if r["alarms"]:
            print(f"{'':30}FALSE ALARM at {', '.join(r['alarms'])}")
        if args.verbose:
            for line, detail in r["unparsed"]:
                print(f"{'':30}unparsed {line}: {detail[:110]}")
        totals["steps"] += r["steps"]
        totals["read"] += r["read"]
        totals["timed_out"] += r["timed_out"]
        totals["errors"] += len(wrong)
        totals["found"] += len(r["found"])
        totals["alarms"] += len(r["alarms"])
        slowest = max(slowest, r["seconds"])
    share = totals["read"] / totals["steps"] if totals["steps"] else 0.0
    print(f"\n{len(truth)} documents, {totals['steps']} steps: read {share:.1%} (goal {GOAL_READ:.0%}; "
          f"{totals['timed_out']} of them undecided for lack of time); "
          f"errors refuted at their line {totals['found']} of {totals['errors']}; "
          f"false alarms {totals['alarms']} (goal 0); slowest document {slowest:.1f} s "
          f"(goal {GOAL_SECONDS:.0f} s)")


if __name__ == "__main__":
    main()
