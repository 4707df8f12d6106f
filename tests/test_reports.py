"""Reports of the bundled document in every format, read back as a person would: PDF text, a page
rendered by headless Chromium, and a hostile document that must not turn the report against its reader."""
import json
import re
import shutil
import sys
import subprocess
from pathlib import Path

import pytest

from checks.document import read_text
from checks.verify import verify_document, verify_path
from reports.latex_safe import MATH_COMMANDS, safe_math
from reports.render import render

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "word2vec-solution-seed.md"
HOSTILE = ("(a) <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n"
           "$$\\frac{\\partial J}{\\partial v_c} = \\input{/etc/passwd} U(\\hat{y} - y)$$\n\n"
           "$$\\text{<script>alert(3)</script>} J = -\\log \\hat{y}_o \\write18{touch /tmp/x}$$\n")


@pytest.fixture(scope="module")
def seed_result():
    return verify_path(SEED)


@pytest.fixture(scope="module")
def hostile_result():
    return verify_document(read_text(HOSTILE, "md", "<script>alert(4)</script>.md"))


def test_json_report_follows_the_contract(seed_result, tmp_path):
    render(seed_result, "json", tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["summary"]["refuted"] == 5 and data["summary"]["steps"] == 43
    assert {"part", "line", "result", "steps"} <= set(data["chains"][0])


def test_html_is_one_offline_file_with_a_mark_per_step(seed_result, tmp_path):
    render(seed_result, "html", tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text()
    assert "<math" in page and "<script" not in page
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", page)
    assert page.count('data-verdict="refuted"') == seed_result.summary()["refuted"]
    assert page.count('data-verdict="convention"') == 1


def test_hostile_document_is_escaped_in_html(hostile_result, tmp_path):
    render(hostile_result, "html", tmp_path / "h.html")
    page = (tmp_path / "h.html").read_text()
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page  # shown, as text


def test_hostile_math_never_reaches_latex_live(hostile_result, tmp_path):
    render(hostile_result, "tex", tmp_path / "h.tex")
    tex = (tmp_path / "h.tex").read_text()
    for command in ("input", "write18", "include", "catcode", "csname", "def"):
        assert not re.search(rf"(?<!textbackslash{{}})\\{command}(?![a-zA-Z])", tex), command
    assert "\\textbackslash{}input" in tex  # the source is shown, escaped


@pytest.mark.skipif(not shutil.which("xelatex"), reason="xelatex is not installed (scripts/setup.sh installs it)")
def test_pdf_has_chinese_label_and_verdict_words(seed_result, tmp_path):
    render(seed_result, "pdf", tmp_path / "r.pdf")
    text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "综合上述两种情况" in text
    assert "refuted" in text and "proved" in text and "convention" in text


@pytest.mark.skipif(not shutil.which("xelatex"), reason="xelatex is not installed (scripts/setup.sh installs it)")
def test_hostile_pdf_compiles_without_reading_files(hostile_result, tmp_path):
    render(hostile_result, "pdf", tmp_path / "h.pdf")
    text = subprocess.run(["pdftotext", str(tmp_path / "h.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "root:" not in text  # /etc/passwd was not read
    assert "input" in text  # the offending source is shown as text


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed (scripts/setup.sh installs it)")
def test_page_in_chromium_shows_one_refuted_mark_per_refuted_step(seed_result, tmp_path):
    render(seed_result, "html", tmp_path / "r.html")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    url = (tmp_path / "r.html").as_uri()
    shot = tmp_path / "r.png"
    subprocess.run([CHROMIUM, *flags, f"--screenshot={shot}", "--window-size=420,3000", url],
                   capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", url], capture_output=True, text=True,
                         timeout=120).stdout
    marks = len(re.findall(r'class="step refuted" data-verdict="refuted"', dom))
    assert marks == seed_result.summary()["refuted"] == 5


def test_report_command_writes_all_formats(tmp_path):
    done = subprocess.run([sys.executable, "-c",
                           "import sys, gradproof; sys.exit(gradproof.main(sys.argv[1:]))",
                           "report", "--format", "html,json", "-o", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "report.html").exists() and (tmp_path / "report.json").exists()
    assert "refuted" in done.stdout


def _every_whitelisted_command() -> str:
    """Math that uses every command of the LaTeX whitelist once, each with the arguments it needs."""
    two = {"frac", "dfrac", "tfrac"}
    one = {"hat", "widehat", "mathbf", "boldsymbol", "bm", "pmb", "vec", "mathrm", "mathit",
           "operatorname", "mathbb", "mathcal", "mathsf", "text", "textrm", "textbf", "sqrt",
           "underbrace", "overbrace"}
    delimiter = {"left": "(", "right": ")", "big": "(", "Big": "(", "bigg": "(", "Bigg": "(",
                 "bigl": "(", "bigr": ")", "Bigl": "(", "Bigr": ")"}
    parts = []
    for name in sorted(c for c in MATH_COMMANDS if c.isalpha()):
        if name in two:
            parts.append(rf"\{name}{{a}}{{b}}")
        elif name in one:
            parts.append(rf"\{name}{{R}}")
        elif name in delimiter:
            parts.append(rf"\{name}{delimiter[name]}")
        elif name in ("limits", "nolimits"):
            parts.append(rf"\sum\{name}_{{i}}")
        elif name in ("bf", "it"):
            parts.append(rf"{{\{name} x}}")
        else:
            parts.append(rf"\{name}")
    left = sum(p.startswith(r"\left") for p in parts)
    assert left == sum(p.startswith(r"\right") for p in parts)
    return " ".join(parts)


@pytest.mark.skipif(not shutil.which("xelatex"), reason="xelatex is not installed (scripts/setup.sh installs it)")
def test_every_whitelisted_math_command_is_defined_in_the_pdf_report(tmp_path):
    math = _every_whitelisted_command()
    assert safe_math(math) is not None  # the math is typeset, not shown as escaped text
    result = verify_document(read_text(f"$$J = {math}$$\n", "md", "all-commands.md"))
    render(result, "pdf", tmp_path / "all.pdf")  # raises on an undefined control sequence
    assert (tmp_path / "all.pdf").stat().st_size > 0
