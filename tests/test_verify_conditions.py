"""Case conditions and the prose around displays: each way authors write "for w ≠ o" narrows the
claim it belongs to (and no other), and a wrong claim under such a condition is still refuted."""
import pytest

from checks.budget import Budget
from checks.document import read_text
from checks.verdict import Verdict
from checks.verify import verify_document
from document_steps import steps, verdicts


GRAD = r"\frac{\partial J}{\partial u_w}"
NOT_O = GRAD + r" = \hat{y}_w v_c"  # true for w ≠ o only
IS_O = GRAD + r" = (\hat{y}_w - 1) v_c"  # true for w = o only
WRONG_SIGN = GRAD + r" = -\hat{y}_w v_c"  # true for no w

def claim_line(text: str) -> int:
    return text[:text.index(r"= \hat{y}_w v_c")].count("\n") + 1


# Each way of writing "w ≠ o" around the claim NOT_O: it must be proved.
NOT_O_FORMS = {
    "for all, after the display": f"$${NOT_O}$$ for all $w \\neq o$.\n",
    "for all, on the next line": f"$$\n{NOT_O}\n$$\nfor all $w \\neq o$.\n",
    "for every": f"$${NOT_O}$$ for every $w \\neq o$.\n",
    "for each, \\ne": f"$${NOT_O}$$ for each $w \\ne o$,\n",
    "parenthesis after the display": f"$${NOT_O}$$ (for $w \\ne o$)\n",
    "where, after the display": f"$${NOT_O}$$\n(where $w \\neq o$), and\n",
    "text for, parenthesised": f"$${NOT_O} \\quad (\\text{{for }} w \\ne o)$$\n",
    "text where": f"$${NOT_O} \\quad \\text{{where }} w \\neq o$$\n",
    "text for": f"$${NOT_O} \\text{{ for }} w \\neq o$$\n",
    "text for between quads": f"$${NOT_O} \\quad\\text{{for}}\\quad w\\neq o$$\n",
    "text if": f"$${NOT_O} \\;\\; \\text{{if }} w \\neq o,$$\n",
    "set minus V": f"$${NOT_O}, \\quad w \\in V \\setminus \\{{o\\}}$$\n",
    "set minus 1..V": f"$${NOT_O} \\quad \\text{{for }} w \\in \\{{1,\\dots,V\\}} \\setminus \\{{o\\}}$$\n",
    "forall not in": f"$${NOT_O} \\quad \\forall w \\notin \\{{o, c\\}}$$\n",
    "not in one": f"$${NOT_O} \\quad \\text{{for }} w \\notin \\{{o\\}}$$\n",
    "bare tail": f"$${NOT_O}, \\quad w \\neq o$$\n",
    "two relations": f"$${NOT_O} \\quad \\text{{for }} w \\neq o \\text{{ and }} w \\neq c$$\n",
    "chinese, after the display": f"$${NOT_O}$$ 对所有 $w \\neq o$ 成立。\n",
    "chinese text inside": f"$${NOT_O} \\quad (\\text{{其中 }} w \\neq o)$$\n",
    "aligned, condition cell": f"$$\\begin{{aligned}}\n{GRAD} &= \\hat{{y}}_w v_c & w \\neq o\n\\end{{aligned}}$$\n",
}


@pytest.mark.parametrize("text", NOT_O_FORMS.values(), ids=NOT_O_FORMS.keys())
def test_a_written_condition_narrows_its_claim(text):
    found = steps(text)
    assert [(s.line, s.verdict) for s in found] == [(claim_line(text), Verdict.PROVED)]
    assert "w \\neq o" in found[0].condition


@pytest.mark.parametrize("text", NOT_O_FORMS.values(), ids=NOT_O_FORMS.keys())
def test_a_wrong_sign_under_a_written_condition_is_refuted(text):
    wrong = text.replace(r"= \hat{y}_w v_c", r"= -\hat{y}_w v_c")
    assert verdicts(wrong) == [(claim_line(text), Verdict.REFUTED)]


def test_the_other_case_under_a_trailing_condition_is_refuted():
    assert verdicts(NOT_O_FORMS["for all, after the display"].replace(NOT_O, IS_O)) == [(1, Verdict.REFUTED)]
    assert verdicts(NOT_O_FORMS["set minus V"].replace(NOT_O, IS_O)) == [(1, Verdict.REFUTED)]


def test_a_condition_after_a_display_is_not_carried_to_the_next_claim():
    text = (f"$${NOT_O}$$ for all $w \\neq o$.\n\nAnd the true outside vector:\n\n"
            f"$$\\frac{{\\partial J}}{{\\partial u_w}} = (\\hat{{y}}_w - y_w) v_c$$\n")
    found = steps(text)
    assert [(s.line, s.verdict, s.condition) for s in found] == [
        (1, Verdict.PROVED, "w \\neq o"), (5, Verdict.PROVED, None)]


@pytest.mark.parametrize("between", ["\nFor $w \\neq o$ we get\n", "\n\nFor $w \\neq o$ we get\n\n",
                                     "\n\nFor $w \\neq o$, we have:\n\n", "\n\n当 $w \\neq o$ 时，有\n"])
def test_a_case_announced_after_a_display_belongs_to_the_next_claim(between):
    general = GRAD + r" = (\hat{y}_w - y_w) v_c"
    text = f"$${general}$${between}$${NOT_O}$$\n"
    found = steps(text)
    assert [(s.verdict, s.condition) for s in found] == [(Verdict.PROVED, None), (Verdict.PROVED, "w \\neq o")]
    assert steps(text.replace(NOT_O, IS_O))[1].verdict is Verdict.REFUTED


@pytest.mark.parametrize("condition", [r"w \notin \{o, w_1, \dots\}", r"w \in \{o, c\}",
                                       r"w \in \mathcal{W}_{neg}"])
def test_an_unreadable_set_condition_leaves_the_step_undecided(condition):
    for claim in (NOT_O, WRONG_SIGN):  # neither proved nor refuted: the values it covers are unknown
        found = steps(f"$${claim} \\quad \\text{{for }} {condition}$$\n")
        assert [(s.line, s.verdict) for s in found] == [(1, Verdict.UNDECIDED)]
        assert "cannot read the case condition" in found[0].detail


@pytest.mark.parametrize("tail", [r"\quad \forall w \in V", r", \quad \text{for all } w \in \{1, \dots, V\}",
                                  r"\quad \forall w \in \mathcal{V}"])
def test_a_condition_that_always_holds_is_dropped(tail):
    general = GRAD + r" = (\hat{y}_w - y_w) v_c"
    found = steps(f"$${general} {tail}$$\n")
    assert [(s.line, s.verdict, s.condition) for s in found] == [(1, Verdict.PROVED, None)]
    assert verdicts(f"$${NOT_O} {tail}$$\n") == [(1, Verdict.REFUTED)]  # ŷ_w v_c is wrong at w = o


ROW_CASES = rf"""$$
\begin{{aligned}}
\text{{for }} w \neq o: \quad & {NOT_O}, \text{{ i.e. }} {GRAD} = (\hat{{y}}_w - y_w) v_c \\
\text{{for }} w = o: \quad & {IS_O}, \text{{ i.e. }} {GRAD} = (\hat{{y}}_w - y_w) v_c
\end{{aligned}}
$$
"""


def test_a_row_condition_holds_for_each_statement_of_its_row_only():
    found = steps(ROW_CASES)
    assert [(s.line, s.verdict, s.condition) for s in found] == [
        (3, Verdict.PROVED, "w \\neq o"), (3, Verdict.PROVED, "w \\neq o"),
        (4, Verdict.PROVED, "w = o"), (4, Verdict.PROVED, "w = o")]


def test_a_wrong_statement_after_i_e_is_refuted_under_its_row_condition():
    wrong = ROW_CASES.replace(r"\text{ i.e. } " + GRAD + r" = (\hat{y}_w - y_w) v_c \\",
                              r"\text{ i.e. } " + GRAD + r" = \hat{y}_w v_c - v_c \\")
    assert verdicts(wrong) == [(3, Verdict.PROVED), (3, Verdict.REFUTED), (4, Verdict.PROVED), (4, Verdict.PROVED)]


def test_a_condition_cell_after_an_implication_covers_both_statements():
    text = (f"$$\\begin{{aligned}}\n{GRAD} &= \\hat{{y}}_w v_c \\implies {GRAD} = \\hat{{y}}_w v_c + y_w v_c "
            f"& w \\neq o \\\\\n{GRAD} &= (\\hat{{y}}_w - 1) v_c \\text{{ i.e. }} {GRAD} = (\\hat{{y}}_o - 1) v_c & w = o\n"
            "\\end{aligned}$$\n")
    assert verdicts(text) == [(2, Verdict.PROVED)] * 2 + [(3, Verdict.PROVED)] * 2


DELTA = r"\frac{\partial J}{\partial u_w} = (\hat{y}_w - \delta_{ow}) v_c"
GENERAL = r"\frac{\partial J}{\partial u_w} = (\hat{y}_w - y_w) v_c"


@pytest.mark.parametrize("explanation", [
    "where $\\delta_{ow}$ equals 1 when $w = o$ and 0 otherwise. Hence",
    "其中 $\\delta_{ow}$ 在 $w=o$ 时为 1，否则为 0。所以",
    "Here $y_w$ is 1 if $w = o$ and 0 else, so",
])
def test_explaining_delta_or_the_indicator_is_no_case(explanation):
    text = f"$${DELTA}$$\n\n{explanation}\n\n$${GENERAL}$$\n"
    found = steps(text)
    assert [(s.line, s.verdict, s.condition) for s in found] == [
        (1, Verdict.PROVED, None), (5, Verdict.PROVED, None)]
    assert verdicts(text.replace(GENERAL, NOT_O)) == [(1, Verdict.PROVED), (5, Verdict.REFUTED)]


@pytest.mark.parametrize("joint", [r", \quad", r", \qquad", ";", r",\ "])
def test_equations_joined_by_commas_are_separate_claims(joint):
    text = (f"$$\\frac{{\\partial J}}{{\\partial u_o}} = (\\hat{{y}}_o - 1) v_c{joint} "
            "\\frac{\\partial J}{\\partial v_c} = U(\\hat{y} - y).$$\n")
    assert verdicts(text) == [(1, Verdict.PROVED), (1, Verdict.PROVED)]
    assert verdicts(text.replace("U(\\hat{y} - y)", "U(y - \\hat{y})")) == [(1, Verdict.PROVED), (1, Verdict.REFUTED)]


@pytest.mark.parametrize("announcement", [
    "When $w = o$:", "If $w = o$, then", "**Case 1 ($w = o$):**", "For w = o:", "当 $w = o$ 时，"])
def test_a_case_announced_before_a_display_in_each_style_applies(announcement):
    text = f"{announcement}\n\n$${IS_O}$$\n"
    assert verdicts(text) == [(3, Verdict.PROVED)]
    assert verdicts(text.replace(IS_O, NOT_O)) == [(3, Verdict.REFUTED)]


def test_plain_text_case_words_inside_a_sentence_announce_nothing():
    text = f"Note that for w = o the first term depends on u_w, so the general form is\n\n$${GENERAL}$$\n"
    assert [(s.verdict, s.condition) for s in steps(text)] == [(Verdict.PROVED, None)]


def test_a_chain_with_an_unread_step_is_not_reported_as_checked_whole():
    text = ("$$\n\\begin{aligned}\n\\frac{\\partial J}{\\partial v_c} &= -u_o + \\sum_{w} \\hat{y}_w u_w \\\\\n"
            "&= \\mathrm{frobnicate}\\{u\\} \\\\\n&= U(\\hat{y} - y)\n\\end{aligned}\n$$\n")
    chain = verify_document(read_text(text, "md", "test"), Budget()).chains[0]
    assert [(s.line, s.verdict) for s in chain.steps] == [
        (3, Verdict.PROVED), (4, Verdict.UNPARSED), (5, Verdict.UNPARSED)]
    assert chain.result.verdict is Verdict.PROVED  # first against last does hold
    assert "not checked step by step (2 of 3 steps, at lines 4, 5, unparsed or undecided)" in chain.result.detail
    assert chain.to_json()["every_step_decided"] is False


@pytest.mark.parametrize("announcement", [
    "### Case 2: $w \\neq o$", "对于 $w \\neq o$，有", "In the case $w \\neq o$ the derivative is",
    "For $w \\neq o$ (the negatives), $y_w = 0$ and so"])
def test_more_announcements_of_w_neq_o_apply_to_the_next_display(announcement):
    text = f"{announcement}\n\n$${NOT_O}$$\n"
    assert verdicts(text) == [(3, Verdict.PROVED)]
    assert verdicts(text.replace(NOT_O, WRONG_SIGN)) == [(3, Verdict.REFUTED)]


def test_a_cases_row_may_state_its_condition_as_a_set():
    text = (f"$$\n{GRAD} = \\begin{{cases}}\n\\hat{{y}}_w v_c & \\text{{if }} w \\in V \\setminus \\{{o\\}} \\\\\n"
            "(\\hat{y}_w - 1) v_c & \\text{if } w = o\n\\end{cases}\n$$\n")
    assert verdicts(text) == [(3, Verdict.PROVED), (4, Verdict.PROVED)]
    swapped = text.replace(r"\text{if } w = o", r"\text{if } w \notin \{o\}").replace(
        r"\text{if } w \in V \setminus \{o\}", r"\text{if } w = o")
    assert verdicts(swapped) == [(3, Verdict.REFUTED), (4, Verdict.REFUTED)]


def test_a_range_over_the_negatives_always_holds():
    text = ("$$\\frac{\\partial J_{neg-sample}}{\\partial u_k} = \\sigma(u_k^T v_c) v_c "
            "\\quad \\text{for } k = 1, \\dots, K$$\n")
    assert [(s.verdict, s.condition) for s in steps(text)] == [(Verdict.PROVED, None)]
    assert verdicts(text.replace(r"= \sigma(u_k^T v_c) v_c", r"= -\sigma(u_k^T v_c) v_c")) == [(1, Verdict.REFUTED)]


SOFTMAX_ENTRIES = r"""Let $z \in \mathbb{R}^C$ and $a = \operatorname{softmax}(z)$.

$$\frac{\partial a_j}{\partial z_j} = a_j(1 - a_j), \quad \forall j = 1, 2, \dots, C$$
"""


def test_a_quantifier_over_the_whole_range_after_a_claim_is_its_condition_not_a_claim_of_its_own():
    """", \\quad \\forall j = 1, 2, …, C" says the claim holds for every j; a range short of the end
    ("j = 1, …, n − 1") is a condition this reader cannot impose: the claim is refuted nowhere then."""
    found = {s.line: s.verdict for s in steps(SOFTMAX_ENTRIES)}
    assert found == {3: Verdict.PROVED}
    wrong = SOFTMAX_ENTRIES.replace("a_j(1 - a_j)", "a_j(1 + a_j)")
    assert {s.line: s.verdict for s in steps(wrong)} == {3: Verdict.REFUTED}
    short = wrong.replace(r"1, 2, \dots, C", r"1, \dots, n - 1")
    assert [s.verdict for s in steps(short)] == [Verdict.UNDECIDED]


ZERO_START = ("Suppose all centre vectors start at zero, $v_c = 0$. Then every score is $0$ and\n\n"
              "$$\\hat y_w = \\frac{1}{V}$$\n"
              "BETWEEN"
              "$$\\frac{\\partial J}{\\partial u_w} = \\hat y_w v_c = 0 \\quad (w \\neq o)$$\n")


@pytest.mark.parametrize("between", ["\n", "\nso that, with the scores all equal,\n\n"])
def test_an_unread_case_goes_on_over_the_displays_of_its_sentence(between):
    found = steps(ZERO_START.replace("BETWEEN", between))
    assert [s.verdict for s in found if s.line > 3][-1] is Verdict.UNDECIDED
    assert "v_c = 0" in found[-1].detail


@pytest.mark.parametrize("between", ["\nIn general the scores differ.\n\n", "\n\nFor the other words:\n\n"])
def test_an_unread_case_ends_with_its_sentence(between):
    found = steps(ZERO_START.replace("BETWEEN", between))
    assert found[-1].verdict is Verdict.REFUTED


SPHERE = ("Every centre vector is kept on the unit sphere: $\\|v_c\\| = 1$.\n\n"
          "$$J = -\\log\\sigma(u_o^\\top v_c) - \\sum_{k=1}^{K}\\log\\sigma(-u_k^\\top v_c)$$\n\n"
          "$$\\frac{\\partial J}{\\partial u_o} = (\\sigma(u_o^\\top v_c) - 1)\\,v_c$$\n\n"
          "$$v_c^\\top\\frac{\\partial J}{\\partial u_o} = (\\sigma(u_o^\\top v_c) - 1)\\,v_c^\\top v_c"
          " = \\sigma(u_o^\\top v_c) - 1$$\n")


def test_a_word2vec_step_that_uses_a_stated_unit_norm_is_undecided():
    found = steps(SPHERE)
    assert [(s.line, s.verdict) for s in found] == [(3, Verdict.PROVED), (5, Verdict.PROVED), (7, Verdict.PROVED),
                                                    (7, Verdict.UNDECIDED)]
    assert "v_c" in found[-1].detail


def test_a_wrong_word2vec_step_beside_a_stated_unit_norm_is_refuted():
    wrong = SPHERE.replace("(\\sigma(u_o^\\top v_c) - 1)\\,v_c$$", "(1 - \\sigma(u_o^\\top v_c))\\,v_c$$")
    assert (5, Verdict.REFUTED) in verdicts(wrong)


TWICE = ("$$J = -\\log\\sigma(u_o^\\top v_c) - \\sum_{k=1}^{K}\\log\\sigma(-u_{w_k}^\\top v_c)$$\n\n"
         "For example, if the same word $w$ is drawn twice, $w_1 = w_2 = w$, and nowhere else among the $K$ draws, "
         "then both terms contribute:\n\n"
         "$$\\frac{\\partial J}{\\partial u_w} = 2\\,\\sigma(u_w^\\top v_c)\\,v_c$$\n")


def test_a_case_opened_after_for_example_holds_its_claim():
    found = steps(TWICE)
    assert (found[-1].line, found[-1].verdict) == (5, Verdict.UNDECIDED)
    assert "w_1 = w_2 = w" in found[-1].detail
    plain = TWICE.replace("if the same word $w$ is drawn twice, $w_1 = w_2 = w$, and nowhere else among the $K$ "
                          "draws, then", "for a word $w$ drawn once")
    assert steps(plain)[-1].verdict is Verdict.REFUTED
