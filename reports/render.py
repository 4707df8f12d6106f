"""Render a DocumentResult to html, tex, pdf or json with the jinja2 templates in templates/.

Templates hold the presentation; Python hands them plain data (reports.view). HTML is autoescaped;
LaTeX uses its own delimiters (\\VAR{…}, \\BLOCK{…}) so that braces stay TeX's, and a texescape
filter for every piece of text.
"""
from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Mapping

import jinja2

from checks.verdict import DocumentResult
from reports import pdf, view
from reports.errors import ReportError
from reports.json_report import to_text, write_text_atomically
from reports.latex_safe import escape_text

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def _html_env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined)


@cache
def _tex_env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False,
                             undefined=jinja2.StrictUndefined,
                             block_start_string=r"\BLOCK{", block_end_string="}",
                             variable_start_string=r"\VAR{", variable_end_string="}",
                             comment_start_string=r"\#{", comment_end_string="}",
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["texescape"] = escape_text
    return env


@lru_cache(maxsize=1)  # one report command renders several formats of one result
def _view(result: DocumentResult, points: tuple[tuple[str, str], ...] = ()) -> dict:
    return view.build(result, dict(points))


def html(result: DocumentResult, points: Mapping[str, str] | None = None) -> str:
    """``points``: what to show beside each part's heading, by part (a grader's points)."""
    shown = tuple(sorted((points or {}).items()))
    return _html_env().get_template("report.html.j2").render(doc=_view(result, shown))


def html_fragment(result: DocumentResult) -> str:
    """The verdicts as the HTML report shows them, without the page around them (no style, no
    script): what ``gradproof serve`` puts beside the editor. Styled by templates/report.css."""
    return _html_env().get_template("fragment.html.j2").render(doc=_view(result))


def tex(result: DocumentResult) -> str:
    return _tex_env().get_template("report.tex.j2").render(doc=_view(result),
                                                           cjk_font=pdf.cjk_font())


def render(result: DocumentResult, fmt: str, path: Path) -> None:
    """Write the report of ``result`` in ``fmt`` to ``path``; ReportError in one line on failure."""
    path = Path(path)
    try:
        if fmt == "html":
            write_text_atomically(path, html(result))
        elif fmt == "tex":
            write_text_atomically(path, tex(result))
        elif fmt == "pdf":
            pdf.compile_pdf(tex(result), path)
        elif fmt == "json":
            write_text_atomically(path, to_text(result))
        else:
            raise ReportError(f"unknown format {fmt!r}")
    except OSError as e:
        raise ReportError(f"cannot write {path}: {e.strerror or e}") from None
