"""LaTeX → PDF with XeLaTeX: no shell escape, files only under the working folder, time-bounded.

XeLaTeX reads UTF-8 and, with xeCJK and a CJK font, prints the Chinese prose of a document as
Chinese characters. Without a TeX engine the caller gets one line saying what to install.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from reports.errors import ReportError
from reports.json_report import write_bytes_atomically

ENGINE = "xelatex"
SECONDS = 120
INSTALL_HINT = ("install a TeX engine for PDF output, e.g. on Debian: "
                "apt-get install texlive-xetex texlive-lang-chinese fonts-noto-cjk")
CJK_FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UMing CN", "WenQuanYi Micro Hei")


def cjk_font() -> str | None:
    """The first CJK font fontconfig knows, or None."""
    if not shutil.which("fc-list"):
        return None
    try:
        listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                                timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    return next((f for f in CJK_FONTS if f in families), None)


def compile_pdf(tex_source: str, target: Path) -> None:
    engine = shutil.which(ENGINE)
    if engine is None:
        raise ReportError(f"no {ENGINE} found: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="gradproof-tex-") as folder:
        work = Path(folder)
        (work / "report.tex").write_text(tex_source, encoding="utf-8")
        # paranoid file access: TeX may read and write only below the working folder
        env = {**os.environ, "openin_any": "p", "openout_any": "p", "shell_escape": "f"}
        try:
            done = subprocess.run([engine, "-no-shell-escape", "-interaction=nonstopmode",
                                   "-halt-on-error", "report.tex"], cwd=work, env=env,
                                  capture_output=True, text=True, timeout=SECONDS,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ReportError(f"{ENGINE} did not finish within {SECONDS} s") from None
        pdf = work / "report.pdf"
        if done.returncode != 0 or not pdf.exists():
            errors = [l for l in done.stdout.splitlines() if l.startswith("!")]
            raise ReportError(f"{ENGINE} failed: {errors[0] if errors else 'see its log'}")
        write_bytes_atomically(target, pdf.read_bytes())
