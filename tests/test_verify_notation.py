"""verify end to end on other authors' notation: each form is read as the primitive it spells, true
claims written in it are proved, wrong ones refuted, and forms with another meaning stay unparsed."""
import pytest

from checks.verdict import Verdict
from document_steps import only_verdict, steps, verdicts


# One claim per form; each is true, and each was unparsed or refuted before the form was read.
TRUE_CLAIMS = {
    "transpose before subscript": r"\hat{y}_o = \frac{\exp(u^T_o v_c)}{\sum_{w} \exp(u^\top_w v_c)}",
    "bold around the subscript": r"\frac{\partial J}{\partial \mathbf{v_c}} = \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})",
    "bold subscripted then transposed": r"\hat{y}_o = \frac{\exp(\mathbf{u_o}^T \mathbf{v_c})}{\sum_{w} \exp(\mathbf{u_w}^T \mathbf{v_c})}",
    "bold u_w free": r"\frac{\partial J}{\partial \mathbf{u_w}} = (\hat{y}_w - y_w)\mathbf{v_c}",
    "log base e": r"J = -\log_e \hat{y}_o",
    "log base {e}": r"J = -\log_{e}(\hat{y}_o)",
    "sigma prime superscript": r"\sigma^{\prime}(x) = \sigma(x)(1 - \sigma(x))",
    "sigma prime bare superscript": r"\sigma^\prime(x) = \sigma(x)(1 - \sigma(x))",
    "sigma quote superscript": r"\sigma^{'}(x) = \sigma(x)(1 - \sigma(x))",
    "sigma unicode prime": "σ′(x) = σ(x)(1 - σ(x))",
    "mathcal L": r"\frac{\partial \mathcal{L}}{\partial v_c} = U(\hat{y} - y)",
    "ell": r"\frac{\partial \ell}{\partial v_c} = U(\hat{y} - y)",
    "capital L": r"\frac{\partial L}{\partial v_c} = U(\hat{y} - y)",
    "mathbf 1 brace": r"\frac{\partial J}{\partial u_w} = (\hat{y}_w - \mathbf{1}\{w = o\}) v_c",
    "mathbb 1 parenthesis": r"\frac{\partial J}{\partial u_w} = (\hat{y}_w - \mathbb{1}(w=o)) v_c",
    "mathbb I parenthesis": r"\frac{\partial J}{\partial u_w} = (\hat{y}_w - \mathbb{I}(w = o)) v_c",
    "mathbb 1 bracket subscript": r"\frac{\partial J}{\partial u_w} = (\hat{y}_w - \mathbb{1}_{[w=o]}) v_c",
    "mathbf 1 brace subscript": r"\frac{\partial J}{\partial u_w} = (\hat{y}_w - \mathbf{1}_{\{w = o\}}) v_c",
    "plain 1 subscript": r"\frac{\partial J}{\partial u_w} = (\hat{y}_w - 1_{w=o}) v_c",
    "Iverson bracket": r"\frac{\partial J}{\partial u_w} = (\hat{y}_w - [w = o]) v_c",
    "Iverson bracket of draws": r"\frac{\partial J_{\text{neg-sample}}}{\partial u_k} = \sum_{j=1}^{K} [w_j = w_k] \sigma(u_k^T v_c) v_c",
    "sum w=1, w neq o": r"\frac{\partial J}{\partial v_c} = \sum_{w=1, w \neq o}^{V} \hat{y}_w u_w - (1 - \hat{y}_o) u_o",
    "sum setminus": r"\frac{\partial J}{\partial v_c} = \sum_{w \in V \setminus \{o\}} \hat{y}_w u_w - (1 - \hat{y}_o) u_o",
    "sum to |mathcal V|": r"\frac{\partial J}{\partial v_c} = \sum_{w=1}^{|\mathcal{V}|} \hat{y}_w u_w - u_o",
    "K counts the draws": r"\sum_{k=1}^{K} \sum_{j=1}^{K} \sigma(u_j^T v_c) = K \sum_{j=1}^{K} \sigma(u_j^T v_c)",
    "odot of scalars": r"\sigma'(x) = \sigma(x) \odot (1 - \sigma(x))",
    "odot of vectors": r"\frac{\partial J}{\partial v_c} = U (\hat{y} - y) \odot \mathbf{1}_{\{o = o\}}",
    "softmax entry": r"\hat{y}_o = \text{softmax}(U^T v_c)_o",
    "mathrm softmax entry": r"\frac{\partial J}{\partial u_w} = (\mathrm{softmax}(U^\top v_c)_w - y_w) v_c",
    "bracketed vector entry": r"\frac{\partial J}{\partial u_w} = (\hat{y} - y)_w v_c",
    "expectation under y hat": r"\frac{\partial J}{\partial v_c} = -u_o + \mathbb{E}_{w \sim \hat{y}}[u_w]",
}


@pytest.mark.parametrize("claim", TRUE_CLAIMS.values(), ids=TRUE_CLAIMS.keys())
def test_each_notation_form_is_proved(claim):
    assert only_verdict(f"$$\n{claim}\n$$\n") is Verdict.PROVED


# The same forms in claims that are wrong: reading a form must never make a claim true.
WRONG_CLAIMS = {
    "mathcal L, wrong sign": r"\frac{\partial \mathcal{L}}{\partial v_c} = U(y - \hat{y})",
    "ell, missing U": r"\frac{\partial \ell}{\partial v_c} = \hat{y} - y",
    "bold around the subscript, wrong sign": r"\frac{\partial J}{\partial \mathbf{v_c}} = \mathbf{U}(\mathbf{y} - \hat{\mathbf{y}})",
    "transpose before subscript, swapped": r"\hat{y}_o = \frac{\exp(u^T_c v_o)}{\sum_{w} \exp(u^T_w v_c)}",
    "sigma prime superscript, plus": r"\sigma^{\prime}(x) = \sigma(x)(1 + \sigma(x))",
    "sigma prime at a score, wrong": r"\sigma^\prime(u_o^T v_c) = 1 - \sigma(u_o^T v_c)",
    "Iverson bracket, plus": r"\frac{\partial J}{\partial u_w} = (\hat{y}_w + [w = o]) v_c",
    "mathbb 1 parenthesis, negated": r"\frac{\partial J}{\partial u_w} = (\hat{y}_w - \mathbb{1}(w \neq o)) v_c",
    "sum w=1, w neq o, o counted twice": r"\frac{\partial J}{\partial v_c} = \sum_{w=1, w \neq o}^{V} \hat{y}_w u_w - u_o",
    "softmax entry at the wrong word": r"\hat{y}_o = \text{softmax}(U^T v_c)_c",
    "expectation under y hat, wrong sign": r"\frac{\partial J}{\partial v_c} = -u_o - \mathbb{E}_{w \sim \hat{y}}[u_w]",
    "K is not 1": r"\sum_{k=1}^{K} \sigma(u_o^T v_c) = \sigma(u_o^T v_c)",
}


@pytest.mark.parametrize("claim", WRONG_CLAIMS.values(), ids=WRONG_CLAIMS.keys())
def test_a_wrong_claim_in_each_form_is_refuted(claim):
    assert only_verdict(f"$$\n{claim}\n$$\n") is Verdict.REFUTED


# Forms that mean something else than what gradproof knows: unparsed, with the reason.
UNREAD = {
    "log base 2": (r"J = -\log_2 \hat{y}_o", "only the natural logarithm"),
    "log base 10": (r"J = -\log_{10} \hat{y}_o", "only the natural logarithm"),
    "sigma prime without its argument": (r"\sigma' = \sigma(x)(1 - \sigma(x))", "needs its argument"),
    "a loss never defined": (r"\frac{\partial J_{sm}}{\partial v_c} = U(\hat{y} - y)", "unknown loss J_{sm}"),
    "expectation under another distribution": (r"\frac{\partial J}{\partial v_c} = -u_o + \mathbb{E}_{w \sim q}[u_w]",
                                                "only an expectation over"),
    "other calligraphic letter": (r"\frac{\partial \mathcal{Q}}{\partial v_c} = U(\hat{y} - y)", "mathcal{Q}"),
}


@pytest.mark.parametrize("claim, reason", UNREAD.values(), ids=UNREAD.keys())
def test_a_form_with_another_meaning_is_unparsed(claim, reason):
    text = f"$$\n{claim}\n$$\n"
    assert only_verdict(text) is Verdict.UNPARSED
    assert reason in steps(text)[0].detail


NEG_FORMULA = r"-\log\sigma(u_o^T v_c) - \sum_{k=1}^{K} \log\sigma(-u_k^T v_c)"
NEG_GRADIENT = r"-(1 - \sigma(u_o^T v_c)) u_o + \sum_{k=1}^{K} (1 - \sigma(-u_k^T v_c)) u_k"
NAIVE_FORMULA = r"-\log \frac{\exp(u_o^T v_c)}{\sum_{w} \exp(u_w^T v_c)}"


@pytest.mark.parametrize("name", [r"J_{sm}", r"\mathcal{L}_{\text{soft}}", r"J_{\text{a}}"])
def test_a_loss_name_means_the_formula_the_document_gives_it(name):
    text = f"$$\n{name} = {NAIVE_FORMULA}\n$$\n\n$$\n\\frac{{\\partial {name}}}{{\\partial v_c}} = U(\\hat{{y}} - y)\n$$\n"
    assert verdicts(text) == [(2, Verdict.PROVED), (6, Verdict.PROVED)]


@pytest.mark.parametrize("name", [r"J_{ns}", r"J_{\text{nsl}}", r"\ell_{\text{neg}}"])
def test_a_negative_sampling_name_is_read_from_its_formula(name):
    text = f"$$\n{name} = {NEG_FORMULA}\n$$\n\n$$\n\\frac{{\\partial {name}}}{{\\partial v_c}} = {NEG_GRADIENT}\n$$\n"
    assert verdicts(text) == [(2, Verdict.PROVED), (6, Verdict.PROVED)]


def test_a_named_loss_whose_formula_is_negative_sampling_refutes_the_softmax_gradient():
    text = (f"$$\nJ_{{sm}} = {NEG_FORMULA}\n$$\n\n"
            "$$\n\\frac{\\partial J_{sm}}{\\partial v_c} = U(\\hat{y} - y)\n$$\n")
    assert verdicts(text) == [(2, Verdict.PROVED), (6, Verdict.REFUTED)]


def test_a_bare_loss_letter_defined_by_negative_sampling_means_negative_sampling():
    text = (f"$$\n\\mathcal{{L}} = {NEG_FORMULA}\n$$\n\n"
            f"$$\n\\frac{{\\partial \\mathcal{{L}}}}{{\\partial v_c}} = {NEG_GRADIENT}\n$$\n")
    assert verdicts(text) == [(2, Verdict.PROVED), (6, Verdict.PROVED)]


def test_inline_definitions_in_prose_are_used_by_later_claims():
    text = ("Let $\\theta = U^T v_c$. Then\n\n"
            "$$\n\\frac{\\partial J}{\\partial v_c} = U(\\text{softmax}(\\theta) - y)\n$$\n\n"
            "Define $z = u_o^T v_c$. Then\n\n"
            "$$\n\\frac{\\partial}{\\partial v_c}\\left(-\\log \\sigma(z)\\right) = -(1 - \\sigma(z)) u_o\n$$\n")
    assert verdicts(text) == [(4, Verdict.PROVED), (10, Verdict.PROVED)]


def test_an_indexed_definition_gives_every_index_its_value():
    text = ("where $s_w = u_w^\\top v_c$ is the score of word $w$, so\n\n"
            "$$\n\\hat{y}_o = \\frac{\\exp(s_o)}{\\sum_{w} \\exp(s_w)}\n$$\n\n"
            "$$\n\\frac{\\partial J}{\\partial u_w} = \\left(\\frac{\\exp(s_w)}{\\sum_{x} \\exp(s_x)} - y_w\\right) v_c\n$$\n\n"
            "$$\n\\hat{y}_o = \\frac{\\exp(s_c)}{\\sum_{w} \\exp(s_w)}\n$$\n")
    assert verdicts(text) == [(4, Verdict.PROVED), (8, Verdict.PROVED), (12, Verdict.REFUTED)]


def test_a_number_in_prose_is_not_a_definition():
    text = ("We use $K = 10$ negative samples and $d = 50$.\n\n"
            f"$$\n\\frac{{\\partial J_{{\\text{{neg-sample}}}}}}{{\\partial v_c}} = {NEG_GRADIENT}\n$$\n\n"
            "$$\n\\sum_{k=1}^{K} 1 = K\n$$\n")
    assert verdicts(text) == [(4, Verdict.PROVED), (8, Verdict.PROVED)]


def test_a_document_may_name_the_score_x():
    text = ("Let $x = u_o^\\top v_c$.\n\n"
            "$$\n\\frac{\\partial}{\\partial v_c} \\left(-\\log \\sigma(x)\\right) = -(1 - \\sigma(x)) u_o\n$$\n\n"
            "$$\n\\frac{\\partial}{\\partial v_c} \\left(-\\log \\sigma(x)\\right) = (1 - \\sigma(x)) u_o\n$$\n")
    assert verdicts(text) == [(4, Verdict.PROVED), (8, Verdict.REFUTED)]
