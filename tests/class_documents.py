"""A small class for the batch and grading tests: a correct solution of parts (a), (b) and (d) in
CS224n's notation (from examples/word2vec-solution-clean.md), and copies with one known fault each,
run through the command line as a teaching assistant runs it."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

GOOD = r"""# Word2vec, three parts

## (a) Cross-entropy

$$
-\sum_{w=1}^{V} y_w \log \hat{y}_w = -\log \hat{y}_o
$$

## (b) Gradient with respect to the center vector

$$
\begin{align*}
\frac{\partial J}{\partial \mathbf{v}_c}
&= -\mathbf{u}_o + \sum_{x=1}^{V} \hat{y}_x \mathbf{u}_x \\
&= \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})
\end{align*}
$$

## (d) Derivative of the sigmoid

$$
\frac{d\sigma(x)}{dx} = \sigma(x)\,(1 - \sigma(x))
$$
"""
# line 14 has the sign of u_o flipped: lines 14 and 15 are refuted, the final answer is still right
MIDDLE_STEP_WRONG = GOOD.replace(r"&= -\mathbf{u}_o +", r"&= \mathbf{u}_o +")
# line 15 ends on U(y - ŷ): refuted, and so is the final answer; expected U(ŷ - y)
FINAL_ANSWER_WRONG = GOOD.replace(r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})", r"\mathbf{U}(\mathbf{y} - \hat{\mathbf{y}})")
# line 22 is written with a macro nobody defined: unparsed
UNREAD = GOOD.replace(r"= \sigma(x)\,(1 - \sigma(x))", r"= \mysterious{x}")
assert len({GOOD, MIDDLE_STEP_WRONG, FINAL_ANSWER_WRONG, UNREAD}) == 4

CLASS = {"alice/solution.md": GOOD, "bob/solution.md": MIDDLE_STEP_WRONG,
         "carol/solution.md": FINAL_ANSWER_WRONG, "dave/solution.md": UNREAD, "erin.md": GOOD,
         "notes.txt": "not a submission\n"}


def write_class(folder: Path, documents: dict[str, str] = CLASS) -> Path:
    for name, text in documents.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def gradproof(*args, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """The command line run in ``cwd``, so that the paths it prints are the relative ones given."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-m", "gradproof", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    return done
