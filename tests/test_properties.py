"""Random LaTeX-like input for the reader, the chain splitter, the parser and the meaning (issue 3):
nothing but gradproof's own errors may come out, whatever the text."""
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.budget import time_limit
from checks.chains import document_chains
from checks.document import read_text
from checks.errors import GradproofError
from checks.semantics import Scope, evaluate
from checks.syntax import parse
from derive.instance import standard_instances

# Commands and fragments of the notation, delimiters of the reader, and characters that have broken
# scanners before: control characters, zero-width and direction marks, astral-plane symbols.
PIECES = [
    r"\frac", r"\dfrac", r"\partial", r"\sum", r"\sum_{w}", r"\sum_{w \neq o}", r"\sum_{k=1}^{K}",
    r"\sum_{-m \le j \le m, j \ne 0}", r"\hat", r"\widehat", r"\mathbf", r"\boldsymbol", r"\bm", r"\log",
    r"\ln", r"\exp", r"\sigma", r"\sigma'", r"\top", "^T", r"\left(", r"\right)", r"\left[", r"\right]",
    r"\mathbb{1}", r"\mathbb{1}[", r"\text", r"\text{", r"\begin{aligned}", r"\end{aligned}",
    r"\begin{cases}", r"\end{cases}", r"\\", r"\\[2pt]", "&", "&=", "=", "{", "}", "(", ")", "[", "]",
    "^", "_", "'", "$", "$$", "-", "+", "*", "/", "!", ",", "|", ".", ":", ";", "%", "#", "`", "~",
    "u", "v", "U", "V", "y", "J", "x", "o", "c", "w", "k", "e", "d", "t", "j", "m", "K", "P",
    "0", "1", "2", "9", "12", "0.5", " ", "\n", "\n\n", "\t",
    r"\cdot", r"\times", r"\neq", r"\in", r"\le", "Vocab", r"\nabla", r"\nabla_{v_c}", r"\delta",
    r"\delta_{wo}", r"\langle", r"\rangle", r"\dots", r"\substack", r"\mathrm{d}", r"\{", r"\}", r"\quad",
    r"\Rightarrow", r"\implies", r"\text{and}", r"\tag{1}", r"\label{x}", r"\(", r"\)", r"\[", r"\]",
    r"\forall", r"\mid", r"\theta", r"\operatorname", r"\mathcal{V}", r"\def", r"\newcommand", r"\input",
    r"\write18", "J_{neg-sample}", "J_{naive-softmax}", "J(", "P(O=o|C=c)", r"CE(y, \hat{y})", "u_{w_k}",
    "w_{t+j}", "u_o", "v_c", r"\hat{y}", "y_o", "softmax", "t+j", "w_", "_{",
    "综合", "σ", "∂", "∑", "θ", "ᵀ", "−", "·", "×", "≠", "é", "\x00", "\x0b", "\u200b", "\u202e", "\ufeff",
    "\U0001d465", "\U0001f600",
]
latexish = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)

# Well-bracketed expressions nested deep, to reach the parser's and the meaning's depth bounds.
LEAVES = ["x", "u_o", "v_c", r"\hat{y}_w", "1", "J", "U", "y", "u_k", "0"]
BINARY = [r"\frac{%s}{%s}", "(%s)^{%s}", r"%s \cdot %s", "%s - %s", r"\log(%s) + %s",
          r"\frac{\partial %s}{\partial v_c} %s", r"\sum_{w} %s %s", r"\exp(%s %s)", r"\sigma(%s)^T %s",
          r"\mathbf{%s} %s", "%s^T %s", r"\frac{\partial}{\partial u_w} %s %s"]
UNARY = ["(%s)", "{%s}", r"\left[%s\right]", r"\exp(%s)", "-%s", r"\hat{%s}", r"\sqrt{%s}"]
nested = st.recursive(
    st.sampled_from(LEAVES),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(BINARY), inner, inner).map(lambda t: t[0] % t[1:]),
        st.tuples(st.sampled_from(UNARY), inner).map(lambda t: t[0] % t[1])),
    max_leaves=40)

SCOPES = [Scope(standard_instances()[0], free={"w": 1, "x": 0, "k": 1}),
          Scope(standard_instances()[-1], free={"w": 0, "k": 2}, loss="neg-sample")]
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.one_of(latexish, st.text(max_size=200)), st.sampled_from(["md", "tex"]))
def test_reader_and_chains_raise_only_our_errors(text, kind):
    try:
        document_chains(read_text(text, kind, "random"))
    except GradproofError:
        pass


# Notebook JSON of any shape: cells that are not objects, sources that are not text, math inside.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30)
    | st.sampled_from(["markdown", "code", "$$x = y$$", "$$J = 1$$\n\n$$a$$", "\\[ u_o"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["cells", "cell_type", "source", "metadata"]), inner, max_size=4),
    max_leaves=20)


@FAST
@given(st.one_of(json_values.map(json.dumps), st.text(max_size=200)))
def test_notebook_reader_raises_only_our_errors(text):
    try:
        document_chains(read_text(text, "ipynb", "random"))
    except GradproofError:
        pass


@FAST
@given(st.one_of(latexish, nested, st.text(max_size=80)))
def test_parser_and_meaning_raise_only_our_errors(text):
    for scope in SCOPES:
        try:
            with time_limit(5, "evaluation"):  # Undecided, one of ours, should SymPy take long
                evaluate(parse(text), scope)
        except GradproofError:
            pass
