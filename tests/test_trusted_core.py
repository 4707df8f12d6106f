"""Only checks/equivalence.py may create a decisive verdict (STYLE: a trusted core, and only it decides)."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DECISIVE = {"PROVED", "NUMERICALLY_EQUAL", "REFUTED", "CONVENTION"}
CORE = ROOT / "checks" / "equivalence.py"


def _decisive_constructions(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name) and node.func.id == "Judgement":
            found.append(f"{path.name}:{node.lineno} builds a Judgement")
        for value in [*node.args, *(k.value for k in node.keywords)]:
            if (isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name)
                    and value.value.id == "Verdict" and value.attr in DECISIVE):
                found.append(f"{path.name}:{node.lineno} passes Verdict.{value.attr}")
    return found


def test_no_module_but_the_equivalence_engine_creates_a_decisive_verdict():
    sources = [p for folder in ("checks", "reports", "train", "derive") for p in (ROOT / folder).rglob("*.py")]
    sources.append(ROOT / "gradproof.py")
    offenders = [hit for path in sources if path != CORE for hit in _decisive_constructions(path)]
    assert offenders == []


def test_the_check_sees_a_decisive_construction():
    assert _decisive_constructions(CORE)  # the engine does build them: the walk is not blind
