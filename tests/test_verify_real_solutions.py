"""verify on the forms that published solutions use and that were refuted though correct (false
alarms) or left unread: each correct form is not refuted, and the same form with an error in it is
still refuted at its line."""
import pytest

from checks.verdict import Verdict
from document_steps import steps

NEG = "## (f) negative sampling\n\n"
NAIVE = "## (b) the naive-softmax loss\n\n"

# (name, document, the verdict its one step must get); pairs: the correct form, then the same form wrong
CASES = [
    # a negative sample named through the list of draws: u_{w_s} is the s-th draw's vector
    ("draw through w_s", NEG + r"$$\frac{\partial J}{\partial u_{w_s}} = \sigma(u_{w_s}^\top v_c) v_c$$", Verdict.PROVED),
    ("draw through w_s, minus lost", NEG + r"$$\frac{\partial J}{\partial u_{w_s}} = (1 - \sigma(u_{w_s}^\top v_c)) v_c$$",
     Verdict.REFUTED),
    ("bold draw through w_j", NEG + r"$$\frac{\partial J}{\partial \bm{u}_{w_j}} = \sigma(\bm{u}_{w_j}^\top \bm{v}_c) \bm{v}_c$$",
     Verdict.PROVED),
    # \sum_k without limits under negative sampling: the K draws
    ("bare sum over the draws", NEG + r"$$\frac{\partial J}{\partial v_c} = (\sigma(u_o^\top v_c) - 1) u_o + \sum_k \sigma(u_k^\top v_c) u_k$$",
     Verdict.PROVED),
    ("bare sum over the draws, sign flipped", NEG + r"$$\frac{\partial J}{\partial v_c} = (\sigma(u_o^\top v_c) - 1) u_o - \sum_k \sigma(u_k^\top v_c) u_k$$",
     Verdict.REFUTED),
    ("loss restated with j", NEG + r"$$J = -\log\sigma(u_o^\top v_c) - \sum_j \log\sigma(-u_j^\top v_c)$$", Verdict.PROVED),
    ("loss restated with j, minus lost", NEG + r"$$J = -\log\sigma(u_o^\top v_c) - \sum_j \log\sigma(u_j^\top v_c)$$",
     Verdict.REFUTED),
    # σ²(x) is σ(x)², as sin² x is; · is a product; P(O=o/C=c) writes | as /
    ("sigma squared", r"$$\sigma'(x) = \sigma(x) - \sigma^2(x)$$", Verdict.PROVED),
    ("sigma squared, sign", r"$$\sigma'(x) = \sigma(x) + \sigma^2(x)$$", Verdict.REFUTED),
    ("exp squared", r"$$\exp^2(x) = \exp(2x)$$", Verdict.PROVED),
    ("exp squared, wrong", r"$$\exp^2(x) = \exp(x^2)$$", Verdict.REFUTED),
    ("middle dot", "$$\\sigma'(x) = \\sigma(x) · (1 - \\sigma(x))$$", Verdict.PROVED),
    ("middle dot, sign", "$$\\sigma'(x) = \\sigma(x) · (1 + \\sigma(x))$$", Verdict.REFUTED),
    ("slash for the bar", r"$$P(O=o/C=c) = \frac{\exp(u_o^T v_c)}{\sum_w \exp(u_w^T v_c)}$$", Verdict.PROVED),
    ("slash for the bar, exp lost", r"$$P(O=o/C=c) = \frac{\exp(u_o^T v_c)}{\sum_w u_w^T v_c}$$", Verdict.REFUTED),
    # the joint written for the conditional
    ("joint for the conditional", r"$$P(O=o, C=c) = \frac{\exp(u_o^T v_c)}{\sum_w \exp(u_w^T v_c)}$$", Verdict.PROVED),
    ("joint for the conditional, exp lost", r"$$P(O=o, C=c) = \frac{\exp(u_o^T v_c)}{\sum_w u_w^T v_c}$$", Verdict.REFUTED),
    # a case written w = 0 / w ≠ 0 for o: words count from 1
    ("case w neq 0", "When $w \\neq 0$:\n$$\\frac{\\partial J}{\\partial u_w} = \\hat{y}_w v_c$$", Verdict.PROVED),
    ("case w neq 0, wrong", "When $w \\neq 0$:\n$$\\frac{\\partial J}{\\partial u_w} = (\\hat{y}_w - 1) v_c$$", Verdict.REFUTED),
    ("case w = 0", "When $w = 0$:\n$$\\frac{\\partial J}{\\partial u_w} = (\\hat{y}_w - 1) v_c$$", Verdict.PROVED),
    ("u_0 for u_o", r"$$\frac{\partial J}{\partial u_0} = (\hat{y}_0 - 1) v_c$$", Verdict.PROVED),
    ("u_0 for u_o, term lost", r"$$\frac{\partial J}{\partial u_0} = \hat{y}_0 v_c$$", Verdict.REFUTED),
    # the loss in force named by the part's heading: u_k over the vocabulary is a word
    ("naive part, u_k over the vocabulary", NAIVE + r"$$\frac{\partial J(v_c, o, U)}{\partial v_c} = -u_o + \sum_{k=1}^{|Vocab|} \hat{y}_k u_k$$",
     Verdict.PROVED),
    ("naive part, u_k over the vocabulary, sign", NAIVE + r"$$\frac{\partial J(v_c, o, U)}{\partial v_c} = u_o + \sum_{k=1}^{|Vocab|} \hat{y}_k u_k$$",
     Verdict.REFUTED),
    ("naive loss defined over k", r"$$J(v_c, o, U) = -\log \frac{\exp(u_o^T v_c)}{\sum_{k=1}^{|Vocab|} \exp(u_k^T v_c)}$$",
     Verdict.PROVED),
    ("naive loss defined over k, exp lost", r"$$J(v_c, o, U) = -\log \frac{\exp(u_o^T v_c)}{\sum_{k=1}^{|Vocab|} u_k^T v_c}$$",
     Verdict.REFUTED),
    # a condition right beside an inline claim, in its own math
    ("inline case beside the claim", "so $\\frac{\\partial J}{\\partial u_w} = \\hat y_w v_c$ $(w \\neq o)$.", Verdict.PROVED),
    ("inline case beside the claim, wrong", "so $\\frac{\\partial J}{\\partial u_w} = (\\hat y_w - 1) v_c$ $(w \\neq o)$.",
     Verdict.REFUTED),
    # a case in words before a display, or in plain text after it
    ("case in words before", "**When w is not o:**\n\n$$\\frac{\\partial J}{\\partial u_w} = \\hat y_w v_c$$", Verdict.PROVED),
    ("case in words before, wrong", "**When w is not o:**\n\n$$\\frac{\\partial J}{\\partial u_w} = (\\hat y_w - 1) v_c$$",
     Verdict.REFUTED),
    ("case in plain text after", "$$\\frac{\\partial J}{\\partial u_w} = (\\hat y_w - 1) v_c$$ when w is o", Verdict.PROVED),
    ("case in plain text after, wrong", "$$\\frac{\\partial J}{\\partial u_w} = \\hat y_w v_c$$ when w is o", Verdict.REFUTED),
    ("case != after a display", "$$\\frac{\\partial J_{sg}}{\\partial v_w} = 0$$ for all w != c", Verdict.PROVED),
    ("case in fullwidth brackets after a display", "$$\\frac{\\partial J_{sg}}{\\partial v_w} = 0$$（$w \\ne c$）",
     Verdict.PROVED),
    # a word compared with the draws ([w_k = w]) is a sampled word, never o
    ("sampled word", NEG + r"$$\frac{\partial J}{\partial u_w} = \sum_{k=1}^{K} [w_k = w] \sigma(u_w^\top v_c) v_c$$", Verdict.PROVED),
    ("sampled word, minus lost", NEG + r"$$\frac{\partial J}{\partial u_w} = \sum_{k=1}^{K} [w_k = w] (1 - \sigma(u_w^\top v_c)) v_c$$",
     Verdict.REFUTED),
    # a skip-gram window with a strict bound leaves out one end
    ("window -m < j <= m", r"$$J_{sg} = \sum_{-m \le j \le m, j \ne 0} J(v_c, w_{t+j}, U)$$", Verdict.PROVED),
    ("window -m <= j < m", r"$$J_{sg} = \sum_{-m \le j < m, j \ne 0} J(v_c, w_{t+j}, U)$$", Verdict.REFUTED),
    # a condition that cannot be read: a step true for every value stands; one that is not is undecided
    ("unread condition, true everywhere", r"$$\sigma(x) = 1 - \sigma(-x) \quad \text{if } x < 0$$", Verdict.PROVED),
    ("unread condition, not true everywhere", r"$$\sigma(x) = 1 \quad \text{if } x < 0$$", Verdict.UNDECIDED),
    # spellings: \part, \hat over the subscript, \sum_w^V, {a \over b}, \not=, \mathrm{P}, a shape note
    ("part for partial", r"$$\frac{\part J}{\part v_c} = U(\hat{y} - y)$$", Verdict.PROVED),
    ("hat over the subscript", r"$$\frac{\partial J}{\partial v_c} = \sum_w^V \hat{y_w} u_w - u_o$$", Verdict.PROVED),
    ("hat over the subscript, sign", r"$$\frac{\partial J}{\partial v_c} = \sum_w^V \hat{y_w} u_w + u_o$$", Verdict.REFUTED),
    ("TeX over", r"$$\sigma'(x) = {e^{-x} \over (1 + e^{-x})^2}$$", Verdict.PROVED),
    ("TeX over, sign", r"$$\sigma'(x) = {e^{x} \over (1 + e^{-x})^2}$$", Verdict.REFUTED),
    ("upright P", r"$$\mathrm{P}(O=o|C=c) = \hat{y}_o$$", Verdict.PROVED),
    ("bare sum, the summand's index", r"$$\frac{\partial J}{\partial v_c} = \sum \hat{y}_w u_w - u_o$$", Verdict.PROVED),
    # the chain rule through names the document defines, and Jacobians in either layout
    ("by a defined vector", "Let $\\theta = U^\\top v_c$.\n$$\\frac{\\partial J}{\\partial \\theta} = \\hat y - y$$", Verdict.PROVED),
    ("by a defined vector, sign", "Let $\\theta = U^\\top v_c$.\n$$\\frac{\\partial J}{\\partial \\theta} = y - \\hat y$$", Verdict.REFUTED),
    ("Jacobian, numerator layout", "Let $\\theta = U^\\top v_c$.\n$$\\frac{\\partial \\theta}{\\partial v_c} = U^\\top$$", Verdict.PROVED),
    ("Jacobian, denominator layout", "Let $\\theta = U^\\top v_c$.\n$$\\frac{\\partial \\theta}{\\partial v_c} = U$$",
     Verdict.CONVENTION),
    ("by a defined family", "Let $x_w = \\theta_w = u_w^\\top v_c$ and $\\theta = U^\\top v_c$.\n"
     "$$\\frac{\\partial \\hat y_o}{\\partial x_w} = -\\hat y_o \\hat y_w \\quad (w \\neq o)$$", Verdict.PROVED),
    ("by a defined family, sign", "Let $x_w = \\theta_w = u_w^\\top v_c$ and $\\theta = U^\\top v_c$.\n"
     "$$\\frac{\\partial \\hat y_o}{\\partial x_w} = \\hat y_o \\hat y_w \\quad (w \\neq o)$$", Verdict.REFUTED),
    ("by a defined draw score", NEG + "Let $a = u_o^\\top v_c$ and $b_k = -u_k^\\top v_c$.\n"
     "$$\\frac{\\partial J}{\\partial b_k} = \\sigma(b_k) - 1$$", Verdict.PROVED),
    ("by a defined draw score, sign", NEG + "Let $a = u_o^\\top v_c$ and $b_k = -u_k^\\top v_c$.\n"
     "$$\\frac{\\partial J}{\\partial b_k} = 1 - \\sigma(b_k)$$", Verdict.REFUTED),
    ("chain rule, factor v_c dropped", NEG + "Let $a = u_o^\\top v_c$ and $b_k = -u_k^\\top v_c$.\n"
     "$$\\frac{\\partial J}{\\partial a}\\frac{\\partial a}{\\partial u_o} = \\sigma(a) - 1$$", Verdict.REFUTED),
    ("by the prediction", r"$$\frac{\partial J}{\partial \hat y_o} = -\frac{1}{\hat y_o}$$", Verdict.PROVED),
    ("by the prediction, sign", r"$$\frac{\partial J}{\partial \hat y_o} = \frac{1}{\hat y_o}$$", Verdict.REFUTED),
    ("TeX over derivative", r"$${\partial J \over \partial v_c} = U(\hat y - y)$$", Verdict.PROVED),
    ("TeX over derivative, sign", r"$${\partial J \over \partial v_c} = U(y - \hat y)$$", Verdict.REFUTED),
    ("a tilde name the document defines", "Let $\\tilde{y} = \\mathrm{softmax}(U^T v_c)$.\n"
     "$$\\frac{\\partial J}{\\partial v_c} = U(\\tilde{y} - y)$$", Verdict.PROVED),
    ("shape note is no condition", r"$$\frac{\partial J}{\partial U} = v_c(\hat{y} - y)^\top, \quad U \in \mathbb{R}^{d \times V}$$",
     Verdict.PROVED),
]


@pytest.mark.parametrize("text, verdict", [(t, v) for _, t, v in CASES], ids=[n for n, _, _ in CASES])
def test_each_form_gets_its_verdict_at_its_line(text, verdict):
    found = [s for s in steps(text) if s.line == text.count("\n") + 1]
    assert [s.verdict for s in found] == [verdict], [s.detail for s in found]


def test_a_slip_that_was_read_is_said_in_the_detail():
    found = steps(r"$$\frac{\partial J}{\partial u_0} = (\hat{y}_0 - 1) v_c$$")
    assert "u_0 read as u_o" in found[0].detail


def test_not_equal_written_not_is_no_step():
    text = "For $w \\not= o$:\n$$\\frac{\\partial J}{\\partial u_w} = \\hat{y}_w v_c$$"
    assert [(s.line, s.verdict) for s in steps(text)] == [(2, Verdict.PROVED)]
