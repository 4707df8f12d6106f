"""The equivalence engine on values: each decisive verdict, counterexamples, conventions, alternatives."""
import sympy as sp
import pytest

from checks.equivalence import describe, is_zero_exactly, judge_values
from checks.verdict import Verdict
from derive.gradients import gradient
from derive.instance import standard_instances
from derive.losses import naive_softmax, neg_sampling, one_hot, sigmoid, y_hat

SMALL, REPEATED, SEPARATE = standard_instances()


def _one(inst, lhs, rhs, repairs=()):
    return judge_values([[(inst, lhs, rhs, repairs)]])


def test_true_gradient_equals_closed_form_is_proved():
    grad = gradient(naive_softmax(REPEATED), REPEATED.v_c)
    closed = REPEATED.U * (y_hat(REPEATED) - one_hot(REPEATED))
    assert _one(REPEATED, grad, closed).verdict is Verdict.PROVED


def test_sigmoid_derivative_identity_is_proved():
    x = SMALL.x
    assert _one(SMALL, sp.diff(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))).verdict is Verdict.PROVED


def test_missing_exp_is_refuted_with_both_values():
    scores = SMALL.U.T * SMALL.v_c
    wrong = scores[0] / sum(scores.applyfunc(sp.exp)) * SMALL.v_c
    right = sp.exp(scores[0]) / sum(scores.applyfunc(sp.exp)) * SMALL.v_c
    judgement = _one(SMALL, right, wrong)
    assert judgement.verdict is Verdict.REFUTED
    example = judgement.counterexample
    assert example.instance == describe(SMALL) and example.lhs_value != example.rhs_value
    assert {name for name, _ in example.point} >= {"u_1", f"v_{SMALL.c + 1}"}


def test_row_against_column_is_convention():
    column = SMALL.U * (y_hat(SMALL) - one_hot(SMALL))
    judgement = _one(SMALL, column, column.T)
    assert judgement.verdict is Verdict.CONVENTION and "transpose" in judgement.detail


def test_repaired_transpose_is_convention_and_says_which():
    value = SMALL.U * (y_hat(SMALL) - one_hot(SMALL))
    judgement = _one(SMALL, value, value, ("read (\\hat{y} - y)^T as a column",))
    assert judgement.verdict is Verdict.CONVENTION and "(\\hat{y} - y)^T" in judgement.detail


def test_shapes_that_do_not_fit_are_refuted():
    judgement = _one(SMALL, SMALL.v_c, y_hat(SMALL))
    assert judgement.verdict is Verdict.REFUTED and "shapes" in judgement.detail


def test_scalar_zero_equals_zero_vector():
    assert _one(SMALL, sp.zeros(SMALL.d, 1), sp.Integer(0)).verdict is Verdict.PROVED


def test_per_draw_reading_saves_a_step_that_holds_only_per_draw():
    def per_draw(inst):
        u1 = inst.u_sample(1)
        return gradient(neg_sampling(inst), u1), sigmoid((u1.T * inst.v_c)[0]) * inst.v_c

    shared, separate = per_draw(REPEATED), per_draw(SEPARATE)
    assert _one(REPEATED, *shared).verdict is Verdict.REFUTED  # u_1 is drawn twice: the total doubles
    groups = [[(REPEATED, *shared, ()), (SEPARATE, *separate, ())]]
    assert judge_values(groups).verdict is Verdict.PROVED


@pytest.mark.parametrize("expr, zero", [
    (sp.log(sp.exp(SMALL.x)) - SMALL.x, True),
    (sp.exp(SMALL.x + 2 * SMALL.U[0, 0]) - sp.exp(SMALL.x) * sp.exp(SMALL.U[0, 0]) ** 2, True),
    (sp.log(SMALL.x ** 2) - 2 * sp.log(SMALL.x), False),  # false for x < 0: must not be "proved"
    (sp.exp(SMALL.x) - 1 - SMALL.x, False),
])
def test_exact_zero_test_is_sound(expr, zero):
    assert is_zero_exactly(sp.Matrix([[expr]])) is zero


def test_equal_numbers_without_an_exact_proof_in_time_are_numerically_equal(monkeypatch):
    import checks.equivalence as equivalence
    monkeypatch.setattr(equivalence, "EXACT_SECONDS", 1e-6)
    grad = gradient(naive_softmax(SMALL), SMALL.v_c)
    closed = SMALL.U * (y_hat(SMALL) - one_hot(SMALL))
    judgement = _one(SMALL, grad, closed)
    assert judgement.verdict is Verdict.NUMERICALLY_EQUAL and "30 digits" in judgement.detail


def test_a_step_out_of_time_is_undecided():
    from checks.budget import Budget
    from checks.document import read_text
    from checks.verify import verify_document
    doc = read_text("$$\\frac{\\partial J}{\\partial U} = v_c (\\hat{y} - y)^T$$", "md", "t")
    step = verify_document(doc, Budget(step_seconds=1e-4)).chains[0].steps[0]
    assert step.verdict is Verdict.UNDECIDED and "budget" in step.detail


def test_a_point_on_a_relus_kink_is_never_a_counterexample():
    """max(t, 0) has no derivative at t = 0: SymPy's Heaviside (½ there) and 𝟙[t > 0] (0) differ only
    on the kink, so a point that lands on it is replaced by one that does not."""
    from derive.spaces import Leaf, Space
    space = Space(sizes=(("d", 2),), leaves=(Leaf("x", "d", 1),))
    x = space.value("x")
    kink = x[0] + x[1]  # 0 at a quarter of the small points (±1, ±2 each): twenty draws hit it
    derivative = sp.Heaviside(kink)
    assert judge_values([[(space, derivative, sp.Heaviside(kink, 0), ())]] * 20).verdict is not Verdict.REFUTED
    assert judge_values([[(space, derivative, sp.Heaviside(-kink, 0), ())]] * 20).verdict is Verdict.REFUTED


def test_a_point_where_one_side_has_no_value_is_skipped_and_the_others_decide():
    """(t² − 1)/(t − 1) + 1 has no value at t = 1 (0/0): the sides are compared at the other points,
    where they differ, and the step is refuted (a NaN on the right side once stopped the whole step)."""
    from derive.spaces import Leaf, Space
    space = Space(sizes=(("d", 2),), leaves=(Leaf("x", "d", 1),))
    t = space.value("x")[0]
    holes = sp.Matrix([sp.Mul(t ** 2 - 1, sp.Pow(t - 1, -1, evaluate=False), evaluate=False) + 1])
    assert judge_values([[(space, sp.Matrix([t + 1]), holes, ())]] * 20).verdict is Verdict.REFUTED
    assert judge_values([[(space, sp.Matrix([t + 2]), holes, ())]] * 20).verdict is not Verdict.REFUTED


def test_sides_compared_at_no_point_are_never_called_equal():
    """A value the points give no number to (here a symbol of no leaf) is compared nowhere: the step is
    undecided, never equal in numbers on the strength of points where nothing was compared."""
    from checks.errors import Undecided
    from derive.spaces import Leaf, Space
    space = Space(sizes=(("d", 2),), leaves=(Leaf("x", "d", 1),))
    s = sp.Symbol("s")
    with pytest.raises(Undecided, match="no point tried"):
        judge_values([[(space, sp.Matrix([s]), sp.Matrix([s + 1]), ())]])
