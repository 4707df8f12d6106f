"""How much of what verify proves in solutions by other people ``gradproof export`` writes out, and
whether every module it writes passes its own test.

For each document: every proved step whose line states a gradient of the loss is exported; each
module written is run with pytest in a fresh process. The goal is the peer: every module passes
(a module whose test fails is a wrong export, worse than a refusal); the count exported and the
reasons for the refusals, most common first, say where export should grow.

    python benchmarks/export_solutions.py tests/documents/losses/*.md [more documents …]
"""
from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.document import read_document  # noqa: E402
from checks.errors import GradproofError  # noqa: E402
from checks.export import export_step  # noqa: E402
from checks.verdict import Verdict  # noqa: E402
from checks.verify import verify_document  # noqa: E402

_NOT_A_GRADIENT = ("does not state a gradient", "states a Hessian")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("documents", nargs="+", type=Path)
    args = parser.parse_args()
    refusals: collections.Counter = collections.Counter()
    exported, passed, failed = 0, 0, []
    with tempfile.TemporaryDirectory() as folder:
        for path in args.documents:
            doc = read_document(path)
            result = verify_document(doc)
            lines = sorted({s.line for c in result.chains for s in c.steps
                            if s.verdict is Verdict.PROVED and s.cell is None})  # a notebook's lines are per cell
            for line in lines:
                try:
                    source = export_step(doc, result, line, "grad.py")
                except GradproofError as e:
                    if not any(words in str(e) for words in _NOT_A_GRADIENT):
                        refusals[str(e).replace(doc.name, "DOC").split(";")[0][:80]] += 1
                    continue
                exported += 1
                module = Path(folder) / f"grad_{exported}.py"
                module.write_text(source)
                run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(module)],
                                     capture_output=True, text=True, timeout=600)
                if run.returncode == 0:
                    passed += 1
                else:
                    failed.append(f"{path}:{line}")
    print(f"{len(args.documents)} documents: {exported} gradients exported, {passed} of their modules pass their "
          f"own test (goal: all); {sum(refusals.values())} other proved steps refused (lines that state no "
          "gradient of the loss not counted), for these reasons:")
    for reason, count in refusals.most_common(8):
        print(f"  {count:4d}  {reason}")
    for where in failed:
        print(f"  module fails its test: {where}")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
