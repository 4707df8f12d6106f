"""Random LaTeX-like input for the reader, the chain splitter, the parser and the meaning: nothing
but gradproof's own errors may come out."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.chains import document_chains
from checks.document import read_text
from checks.errors import GradproofError
from checks.semantics import Scope, evaluate
from checks.syntax import parse
from derive.instance import standard_instances

PIECES = [r"\frac", r"\partial", r"\sum", r"\hat", r"\mathbf", r"\log", r"\exp", r"\sigma", r"\top",
          r"\left(", r"\right)", r"\mathbb{1}", r"\text", r"\begin{aligned}", r"\end{aligned}",
          r"\\", "&", "=", "{", "}", "(", ")", "[", "]", "^", "_", "'", "$", "$$", "-", "+", "*", "/",
          "u", "v", "U", "V", "y", "J", "x", "o", "c", "w", "k", "e", "0", "1", "2", "9", " ", "\n",
          r"\cdot", r"\neq", r"\in", "Vocab", r"\nabla", r"\delta", r"\langle", r"\rangle", ",", "|",
          "综合", "σ", "∂", r"\dots", r"\substack"]
latexish = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
SCOPE = Scope(standard_instances()[0], free={"w": 1, "x": 0, "k": 1})
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(latexish)
def test_reader_and_chains_raise_only_our_errors(text):
    for kind in ("md", "tex"):
        try:
            document_chains(read_text(text, kind, "random"))
        except GradproofError:
            pass


@FAST
@given(st.text(max_size=200))
def test_notebook_reader_raises_only_our_errors(text):
    try:
        document_chains(read_text(text, "ipynb", "random"))
    except GradproofError:
        pass


@FAST
@given(latexish)
def test_parser_and_meaning_raise_only_our_errors(text):
    try:
        evaluate(parse(text), SCOPE)
    except GradproofError:
        pass
