"""The fast evaluation at a point agrees with SymPy's own to the digits a step is judged by, and
hands back what it cannot evaluate rather than guessing."""
import pytest
import sympy as sp

from checks import numeric
from derive.functions import Relu, Sigmoid

x, y, z = sp.symbols("x y z", real=True)
POINT = {x: sp.Rational(-7, 13), y: sp.Rational(5, 3), z: sp.Float("0.25", 30)}


@pytest.mark.parametrize("expr", [
    Sigmoid(x * y) * (1 - Sigmoid(x * y)) / (1 + sp.exp(-z)),
    sp.log(1 + sp.exp(x)) - sp.tanh(y) ** 2 + sp.sech(z) * sp.cosh(x) - sp.sinh(y),
    Relu(x) + Relu(y) * sp.Heaviside(y, 0) - sp.Heaviside(x, 0),
    (x ** 2 + y ** 2) ** sp.Rational(-3, 2) + y ** sp.Rational(1, 3) + sp.Abs(x) * sp.pi - sp.E ** z,
    sp.Matrix([[x, y], [z, x * y]]).inv()[0, 1],
])
def test_values_agree_with_sympy_to_thirty_digits(expr):
    fast = sp.Float(numeric.value(expr, POINT), 30)
    slow = expr.xreplace(POINT).evalf(30)
    assert abs(fast - slow) <= sp.Float("1e-25") * max(1, abs(slow))


@pytest.mark.parametrize("expr", [
    sp.log(x),  # of a negative number: a complex value
    sp.Heaviside(x + sp.Rational(7, 13)),  # at its kink
    1 / (x + sp.Rational(7, 13)),  # a division by zero
    sp.gamma(y),  # a function it has no rule for
    x * sp.Symbol("w"),  # a symbol the point gives no value
    x ** y,  # a negative number at a fractional power
])
def test_what_it_cannot_evaluate_is_handed_back(expr):
    with pytest.raises(numeric.Unknown):
        numeric.value(expr, POINT)
