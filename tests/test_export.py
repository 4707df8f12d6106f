"""gradproof export: a proved step of each example becomes a module whose own test passes, whose
code agrees with the verifier's reading of the document at a point, and which never imports SymPy;
what cannot be exported is refused in one line with exit code 2."""
from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
from pathlib import Path

import numpy
import pytest
import sympy as sp

import gradproof
from checks import declared, readings
from checks.document import read_document
from checks.export import identifier
from checks.syntax import Loss, parse
from checks.verify import read_claims
from derive.spaces import standard_spaces

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# (example, line, variable, the step's right-hand side as written): one batch or backprop line each
EXPORTS = [
    ("logistic-regression", 21, "w", r"\frac{1}{m}X^\top\left(\sigma(Xw) - y\right) + \lambda w"),
    ("softmax-regression", 23, "W", r"\frac{1}{m}X^\top(P - Y)"),
    ("softmax-regression", 17, "Z", r"\frac{1}{m}(P - Y)"),
    ("two-layer-network", 28, "W_1", r"\delta_1 x^\top"),
    ("two-layer-network", 22, "h", r"W_2^\top \delta_2"),
    ("linear-regression", 10, "w", r"\frac{1}{m}\left(X^\top X w - X^\top y\right)"),
    ("tanh-layer", 21, "W", r"\delta x^\top"),
]


def _export(tmp_path: Path, document: Path, line: int, capsys) -> tuple[int, Path, str]:
    out = tmp_path / f"grad_{document.stem.replace('-', '_')}_{line}.py"
    code = gradproof.main(["export", str(document), "--line", str(line), "-o", str(out)])
    return code, out, capsys.readouterr().err


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("example, line, variable, rhs", EXPORTS, ids=[f"{e[0]}:{e[1]}" for e in EXPORTS])
def test_exported_gradient_passes_its_generated_test(tmp_path, capsys, example, line, variable, rhs):
    code, out, err = _export(tmp_path, EXAMPLES / f"{example}.md", line, capsys)
    assert (code, err) == (0, "")
    module = _load(out)
    assert module.STEP["rhs"] == rhs
    module.test_gradient_matches_central_differences()
    arrays = module.draw(numpy.random.default_rng(1))
    assert module.gradient(**arrays).shape == arrays[identifier(variable)].shape


@pytest.mark.parametrize("example, line, variable, rhs", [e for e in EXPORTS if e[2] in ("w", "W", "W_1")],
                         ids=lambda e: str(e))
def test_exported_code_equals_the_verifiers_reading_at_a_point(tmp_path, capsys, example, line, variable, rhs):
    """An oracle independent of the export's translation: the loss and the right-hand side as the
    verifier evaluates them (checks/declared.py) in a small Space, at random numbers."""
    path = EXAMPLES / f"{example}.md"
    code, out, _ = _export(tmp_path, path, line, capsys)
    module = _load(out)
    notation, definitions, _ = read_claims(read_document(path))
    space = standard_spaces(notation.sizes, notation.leaves)[0]
    reading = readings.Reading(space, definitions)
    rng = random.Random(0)
    point = {s: sp.Rational(rng.randint(-9, 9), 10) for s in space.symbols}
    arrays = {}
    for name, value in space.named_values():
        if identifier(name) in module.SHAPES:
            value = value.xreplace(point)
            arrays[identifier(name)] = numpy.array(
                value.tolist() if isinstance(value, sp.MatrixBase) else value, dtype=float)
    loss = declared.evaluate(Loss("", (), "L"), reading).xreplace(point)
    gradient = declared.evaluate(parse(rhs), reading).xreplace(point)
    assert module.loss(**arrays) == pytest.approx(float(loss), rel=1e-9)
    assert module.gradient(**arrays).ravel().tolist() == pytest.approx([float(e) for e in gradient], rel=1e-9)


REFUSALS = [  # (document text or example, line, the message's start)
    ("word2vec-solution-clean", 23, "is a word2vec derivation"),
    ("logistic-regression", 17, "a product with x^{(i)} that has no matrix form"),
    ("logistic-regression", 31, "line 31 states a Hessian"),
    ("tanh-layer", 15, "line 15 does not state a gradient of the loss"),
    ("tanh-layer", 3, "no step at line 3"),
    ("refuted", 21, "the step at line 21 is not proved (line 21: refuted)"),
    ("unparsed", 21, "the step at line 21 is not proved (line 21: unparsed)"),
]
_VARIANTS = {
    "refuted": r"\frac{\partial L}{\partial W} = x \delta^\top",
    "unparsed": r"\frac{\partial L}{\partial W} = \delta \mathrm{frobnicate}\{x\}",
}


@pytest.mark.parametrize("example, line, message", REFUSALS, ids=[r[0] + f":{r[1]}" for r in REFUSALS])
def test_what_cannot_be_exported_is_refused_in_one_line(tmp_path, capsys, example, line, message):
    path = EXAMPLES / f"{example}.md"
    if example in _VARIANTS:
        text = (EXAMPLES / "tanh-layer.md").read_text().splitlines()
        text[20] = f"$${_VARIANTS[example]}$$"  # line 21: ∂L/∂W = δxᵀ
        path = tmp_path / f"{example}.md"
        path.write_text("\n".join(text) + "\n")
    code, out, err = _export(tmp_path, path, line, capsys)
    assert code == 2 and not out.exists()
    assert err.startswith("gradproof: ") and message in err and err.count("\n") == 1, err


def test_generated_module_imports_numpy_only(tmp_path, capsys):
    code, out, _ = _export(tmp_path, EXAMPLES / "two-layer-network.md", 28, capsys)
    imports = [line for line in out.read_text().splitlines() if line.startswith(("import ", "from "))]
    assert imports == ["import numpy"]
    check = (f"import sys; sys.path.insert(0, {str(out.parent)!r}); import {out.stem} as m; "
             "m.test_gradient_matches_central_differences(); "
             "assert not [n for n in sys.modules if n.split('.')[0] == 'sympy'], 'sympy imported'")
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
