"""Documents in the forms real authors write them (.tex articles, Jupyter notebooks, markdown
dialects): every step is found, at the line where its right side begins, with its verdict. Tiny
inline documents read through checks.document.read_text and checked as the command line does."""
import json

import pytest

import document_steps

GRAD_VC = r"\frac{\partial J}{\partial \mathbf{v}_c}"
RIGHT_VC = r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})"
WRONG_VC = r"\mathbf{U}^\top \mathbf{y}"


def steps(text: str, kind: str) -> dict:
    """{(cell, line): verdict} of every step of the document."""
    return {(s.cell, s.line): s.verdict.value for s in document_steps.steps(text, kind)}


def details(text: str, kind: str) -> dict:
    return {s.line: s.detail for s in document_steps.steps(text, kind)}


def tex(body: str, preamble: str = "") -> str:
    return ("\\documentclass{article}\n\\usepackage{amsmath,bm}\n" + preamble
            + "\\begin{document}\n" + body + "\\end{document}\n")


# --- user macros ---------------------------------------------------------------------------------

MACROS = {  # preamble, the step as written; each must read as the proved ∂J/∂v_c = U(ŷ − y)
    "newcommand": (r"\newcommand{\vc}{\mathbf{v}_c}", r"\frac{\partial J}{\partial \vc}"),
    "newcommand without braces": (r"\newcommand\vc{\mathbf{v}_c}", r"\frac{\partial J}{\partial \vc}"),
    "renewcommand": (r"\renewcommand{\vc}{\mathbf{v}_c}", r"\frac{\partial J}{\partial \vc}"),
    "def": (r"\def\yhat{\hat{\bm{y}}}", r"\frac{\partial J}{\partial \mathbf{v}_c} = \mathbf{U}(\yhat - \bm{y})"),
    "a macro using a macro": ("\\newcommand{\\bv}{\\mathbf{v}}\n\\newcommand{\\vc}{\\bv_c}",
                              r"\frac{\partial J}{\partial \vc}"),
}


@pytest.mark.parametrize("name", MACROS)
def test_argument_less_macros_of_the_preamble_are_read(name):
    preamble, written = MACROS[name]
    step = written if "=" in written else f"{written} = {RIGHT_VC}"
    assert steps(tex(f"\\begin{{equation}}\n{step}\n\\end{{equation}}\n", preamble + "\n"), "tex") \
        == {(None, 6 + preamble.count("\n")): "proved"}


def test_a_macro_with_arguments_is_expanded_and_one_with_an_optional_argument_is_named():
    doc = tex(f"\\[\n{GRAD_VC} = \\grad{{y}}\n\\]\n", "\\newcommand{\\grad}[1]{\\mathbf{U}(\\hat{\\mathbf{#1}} - \\mathbf{#1})}\n")
    assert steps(doc, "tex") == {(None, 6): "proved"}
    doc = tex(f"\\[\n{GRAD_VC} = \\grad{{y}}\n\\]\n", "\\newcommand{\\grad}[1][y]{\\mathbf{U}(\\hat{\\mathbf{#1}} - \\mathbf{#1})}\n")
    assert details(doc, "tex") == {6: r"line 6: unknown command \grad"}


def test_a_macro_given_two_bodies_is_named_not_read_with_the_last():
    """\\renewcommand after a step changed the step: a wrong tanh derivative read with σ was proved."""
    body = ("Let $x,w\\in\\mathbb{R}^d$, $t\\in\\mathbb{R}$, $h=\\act(w^\\top x)$ and $E=\\tfrac12(h-t)^2$.\n"
            "\\[ \\frac{\\partial E}{\\partial w} = (h-t)\\,\\act(w^\\top x)\\bigl(1-\\act(w^\\top x)\\bigr)\\,x \\]\n"
            "\\renewcommand{\\act}{\\sigma}\n")
    assert details(tex(body, "\\newcommand{\\act}{\\tanh}\n"), "tex") == {6: r"line 6: unknown command \act"}
    assert steps(tex(body.replace("\\renewcommand{\\act}{\\sigma}\n", ""), "\\newcommand{\\act}{\\tanh}\n"),
                 "tex") == {(None, 6): "refuted"}


@pytest.mark.parametrize("note", ["\\overset{(a)}{=}", "\\stackrel{\\text{(b)}}{=}"])
def test_an_equality_with_a_note_above_it_is_a_step(note):
    doc = ("Let $X\\in\\mathbb R^{n\\times d}$, $y\\in\\mathbb R^n$, $w\\in\\mathbb R^d$ and $E(w)=\\frac12\\|Xw-y\\|^2$.\n\n"
           f"$$\\nabla E(w) {note} X^T(Xw-y)$$\n\n$$\\nabla E(w) {note} X^T(Xw+y)$$\n")
    assert steps(doc, "md") == {(None, 3): "proved", (None, 5): "refuted"}


def test_a_macro_that_expands_without_end_keeps_its_name_and_ends():
    doc = tex(f"\\[\n{GRAD_VC} = \\a\n\\]\n", "\\def\\a{\\a\\a}\n")
    assert details(doc, "tex") == {6: r"line 6: unknown command \a"}


def test_a_macro_in_a_notebook_cell_holds_in_the_later_cells():
    cells = [{"cell_type": "markdown", "source": ["$\\newcommand{\\vc}{\\mathbf{v}_c}$\n"]},
             {"cell_type": "markdown", "source": [f"$$\\frac{{\\partial J}}{{\\partial \\vc}} = {RIGHT_VC}$$"]}]
    notebook = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})
    assert steps(notebook, "ipynb") == {(1, 1): "proved"}


def test_a_macro_defined_in_math_of_a_markdown_file_is_read():
    doc = f"$\\def\\vc{{\\mathbf{{v}}_c}}$\n\n$$\\frac{{\\partial J}}{{\\partial \\vc}} = {RIGHT_VC}$$\n"
    assert steps(doc, "md") == {(None, 3): "proved"}


# --- .tex structure ------------------------------------------------------------------------------

def test_intertext_between_align_rows_is_prose_and_the_chain_goes_on():
    doc = tex("\\begin{align*}\n"
              "\\frac{d\\sigma(x)}{dx} &= \\frac{e^{-x}}{(1 + e^{-x})^2} \\\\\n"
              "\\intertext{and splitting the fraction ($\\sigma(x) = 1/(1+e^{-x})$),}\n"
              "&= \\sigma(x)\\,(1 - \\sigma(x))\n"
              "\\end{align*}\n")
    assert steps(doc, "tex") == {(None, 5): "proved", (None, 7): "proved"}


def test_verb_verbatim_and_comment_environments_hold_no_math():
    doc = tex(f"See \\verb|$x = 1$| and \\verb!$$y = 2$$!.\n"
              "\\begin{verbatim}\n$$J = 3$$\n\\end{verbatim}\n"
              "\\begin{comment}\n\\[ J = 4 \\]\n\\end{comment}\n"
              f"\\[ {GRAD_VC} = {WRONG_VC} \\]\n")
    assert steps(doc, "tex") == {(None, 11): "refuted"}


# --- markdown dialects ---------------------------------------------------------------------------

MARKDOWN = {  # document, {line: verdict}
    "front matter": (f"---\ntitle: x\nnote: $$J = 2$$\n---\n\n$$\n{GRAD_VC} = {RIGHT_VC}\n$$\n", {7: "proved"}),
    "html comment": (f"<!-- draft:\n$${GRAD_VC} = {WRONG_VC}$$\n-->\n<!-- $a = b$ -->\n$${GRAD_VC} = {RIGHT_VC}$$\n",
                     {5: "proved"}),
    "math fence": (f"```math\n{GRAD_VC}\n= {RIGHT_VC}\n```\n", {3: "proved"}),
    "tilde math fence": (f"~~~math\n{GRAD_VC} = {WRONG_VC}\n~~~\n", {2: "refuted"}),
    "code fence": (f"```python\n# $${GRAD_VC} = {WRONG_VC}$$\n```\n", {}),
    "escaped brackets": (f"For the center vector\n\n\\\\[\n{GRAD_VC} = {RIGHT_VC}\n\\\\]\n", {4: "proved"}),
    "align without dollars": (f"\\begin{{align*}}\n{GRAD_VC} &= {WRONG_VC}\n\\end{{align*}}\n", {2: "refuted"}),
}


@pytest.mark.parametrize("name", MARKDOWN)
def test_markdown_dialects_are_read_at_their_lines(name):
    doc, expected = MARKDOWN[name]
    assert steps(doc, "md") == {(None, line): verdict for line, verdict in expected.items()}


@pytest.mark.parametrize("environment", ["equation", "equation*", "gather"])
def test_cases_inside_an_equation_environment_give_one_claim_per_case(environment):
    doc = tex(f"\\begin{{{environment}}}\n"
              "\\frac{\\partial J}{\\partial \\mathbf{u}_w} =\n"
              "\\begin{cases}\n"
              "(\\hat{y}_w - 1)\\,\\mathbf{v}_c & w = o \\\\\n"
              "\\hat{y}_w \\mathbf{v}_c & w \\neq o\n"
              "\\end{cases}\n"
              f"\\end{{{environment}}}\n")
    assert steps(doc, "tex") == {(None, 7): "proved", (None, 8): "proved"}


# --- notebooks -----------------------------------------------------------------------------------

def test_a_notebook_in_nbformat_3_is_one_clear_line_with_exit_2(tmp_path):
    import subprocess
    import sys
    old = {"nbformat": 3, "nbformat_minor": 0, "metadata": {},
           "worksheets": [{"cells": [{"cell_type": "markdown", "source": ["$$J = 1$$"]}]}]}
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps(old))
    done = subprocess.run([sys.executable, "gradproof.py", "verify", str(path)], capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.strip() == (
        f"gradproof: {path}: a notebook in nbformat 3, which gradproof does not read; "
        "convert it with: jupyter nbconvert --to notebook --nbformat 4")


NOTEBOOK_CELLS = [  # cell, and the (cell, line) of its steps
    ({"cell_type": "code", "execution_count": 1, "metadata": {}, "source": [f"# $${GRAD_VC} = {WRONG_VC}$$\n"],
      "outputs": [{"output_type": "display_data", "metadata": {},
                   "data": {"text/markdown": [f"$${GRAD_VC} = {WRONG_VC}$$"]}}]}, []),
    ({"cell_type": "raw", "metadata": {}, "source": [f"$${GRAD_VC} = {WRONG_VC}$$"]}, []),
    ({"cell_type": "markdown", "metadata": {}, "source": f"## (b)\n\n$$\n{GRAD_VC}\n= {RIGHT_VC}\n$$\n"},
     [(2, 5)]),
    ({"cell_type": "markdown", "metadata": {}, "attachments": {"a.png": {"image/png": "iVBORw0KGgo="}},
      "source": ["![a](attachment:a.png)\n", "\\begin{align}\n", f"{GRAD_VC} &= {RIGHT_VC}\n", "\\end{align}"]},
     [(3, 3)]),
    ({"cell_type": "markdown", "metadata": {},
      "source": ["<details>\n", "<summary>proof</summary>\n", "\n", f"$${GRAD_VC} = {WRONG_VC}$$\n", "</details>"]},
     [(4, 4)]),
]


def test_notebook_cells_of_every_kind_are_read_per_cell():
    notebook = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                           "cells": [cell for cell, _ in NOTEBOOK_CELLS]})
    assert steps(notebook, "ipynb") == {(2, 5): "proved", (3, 3): "proved", (4, 4): "refuted"}


def test_a_definition_in_prose_after_an_unterminated_display_is_not_read():
    doc = "$$ J = -\\log y_o\n\n\\newcommand{\\J}{0} and $\\J = 0$\n"
    assert details(doc, "md")[3] == r"line 3: unknown command \J"
