"""The equivalence engine: left side against right side, in concrete instances → a decisive verdict.

Only this module says ``proved``, ``numerically-equal``, ``refuted`` or ``convention``.

How it works: each side already has a value in each Scope (an Instance plus the values of the free
indices). Scopes come in groups; a group's scopes are alternative readings of the same instance
(∂/∂u_k per draw or per column when negatives repeat), and a step must hold in at least one reading
of every group. In each scope:

1. numbers first: both sides at a point of small integers and at a random rational point, 30 digits;
   a difference is a counterexample (``refuted``);
2. then exactness: every ``exp`` of a sum becomes a product of ``exp``-of-monomial atoms, each atom a
   positive symbol, logs are expanded, and the difference is cancelled as a rational function. This
   is sound (a rational function that is identically zero stays zero under any substitution), so 0
   means ``proved``; when it is not 0 but the numbers agree, SymPy's ``simplify`` gets the rest of the
   budget, and failing that the step is ``numerically-equal`` at many points;
3. shapes: a transpose-only difference (column against row, ∂J/∂U against ∂J/∂Uᵀ) is ``convention``.

    >>> import sympy as sp
    >>> from derive.instance import standard_instances
    >>> inst = standard_instances()[0]
    >>> judge_values([[(inst, sp.exp(inst.x) * sp.exp(-inst.x), sp.Integer(1), ())]]).verdict.value
    'proved'
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

import sympy as sp

from checks import numeric
from checks.budget import EXACT_SECONDS, time_left, time_limit
from checks.errors import Undecided
from checks.verdict import Counterexample, Verdict
from derive.functions import Relu, Sigmoid
from derive.instance import Instance
from derive.spaces import Space

DIGITS = 30
TOLERANCE = sp.Float("1e-15", DIGITS)
POINTS = 2  # per scope: one of small integers (shown in reports), one random rational

# One reading of a step in one scope: the instance, both sides' values, and the transposes that
# had to be repaired before the sides could be evaluated at all.
Reading = tuple[Instance, sp.Basic, sp.Basic, tuple[str, ...]]


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    detail: str
    counterexample: Counterexample | None = None
    exact: bool = True  # False when only numbers, not simplification, showed equality
    witness: Callable[[], Counterexample] | None = field(default=None, compare=False, repr=False)  # the
    # counterexample, worked out only for the outcome a step reports: most refuted readings are passed over


def _explained(judgement: Judgement) -> Judgement:
    """``judgement`` with its counterexample worked out."""
    if judgement.witness is None:
        return judgement
    return replace(judgement, counterexample=judgement.witness(), witness=None)


class Partial(list):
    """A group of readings from which one was left out (its index past the end there)."""


def judge_values(groups: Sequence[Sequence[Reading]], rng_seed: int = 0, unsure: str = "",
                 layout: bool = False, exact_seconds: float | None = None, as_declared: bool = False) -> Judgement:
    """The verdict of a step over groups of alternative readings (see the module docstring). A group
    that is a ``Partial`` may show that a step holds, never alone that it fails: where only such
    groups fail, Undecided(``unsure``). With ``layout`` (the document says a derivative has its
    variable's shape, and the step is such a derivative), a matrix equal to the other side's
    transpose, or equal only where a product that does not fit is read with a transpose, is no
    convention: the step is refuted. With ``as_declared`` (the document's own definitions multiply the step's
    names as declared), a reading whose products fit only with a transpose is refuted too. Exact simplification
    takes ``exact_seconds`` (EXACT_SECONDS) at most per reading."""
    assert groups, "a step checked in no scope would be proved vacuously"
    rng = random.Random(rng_seed)
    notes: list[str] = []
    exact = True
    failed_partly = False
    exactly = True  # once exactness fails in one reading of a declared space, the numbers are the evidence
    for group in sorted(groups, key=lambda g: isinstance(g, Partial)):  # a whole group's refutation first
        outcomes = []
        for reading in group:
            outcomes.append(_judge_reading(reading, rng, layout, exactly=exactly, exact_seconds=exact_seconds,
                                           as_declared=as_declared))
            if outcomes[-1].verdict is Verdict.PROVED and isinstance(reading[0], Space):
                break  # no other reading can do better; word2vec's draw the same random points as ever
            if outcomes[-1].verdict is Verdict.NUMERICALLY_EQUAL and isinstance(reading[0], Space):
                exactly = False  # (a step of large Hessians spent its budget timing out once per reading)
        passing = [o for o in outcomes if o.verdict is not Verdict.REFUTED]
        if not passing and isinstance(group, Partial):
            failed_partly = True
            continue
        if not passing and isinstance(group[0][0], Space):
            return _explained(_telling(group, outcomes))
        if not passing:
            return _explained(outcomes[0])
        best = min(passing, key=lambda o: _RANK[o.verdict])
        exact &= best.exact
        if best.verdict is Verdict.CONVENTION:
            notes.append(best.detail)
    if failed_partly:
        raise Undecided(unsure)
    if notes:
        return Judgement(Verdict.CONVENTION, notes[0])
    if exact:
        return Judgement(Verdict.PROVED, f"the difference is exactly 0 in {len(groups)} instance(s)")
    return Judgement(Verdict.NUMERICALLY_EQUAL,
                     f"equal to {DIGITS} digits at {POINTS * len(groups)}+ points; exact simplification "
                     "did not finish")


_SHAPES = "the sides have different shapes"
LAYOUT = "; the document says a derivative has the shape of its variable"
AS_DECLARED = "; the document's own definitions multiply these names as declared"


def _telling(group, outcomes: list[Judgement]) -> Judgement:
    """What a group all of whose readings fail says: a point where the values differ, unless one
    layout of the examples (rows or columns) cannot give the two sides one shape in any of its
    readings, which says this reader does not know how the author stacks them."""
    by_layout: dict[bool, list[Judgement]] = {}
    for reading, outcome in zip(group, outcomes):
        by_layout.setdefault(reading[0].hot_rows, []).append(outcome)
    lost = [found[0] for found in by_layout.values()
            if len(by_layout) > 1 and all(o.detail.startswith(_SHAPES) for o in found)]
    return lost[0] if lost else min(outcomes, key=lambda o: o.witness is None or o.detail.startswith(_SHAPES))


_RANK = {Verdict.PROVED: 0, Verdict.CONVENTION: 1, Verdict.NUMERICALLY_EQUAL: 2}


def _judge_reading(reading: Reading, rng: random.Random, layout: bool = False, exactly: bool = True,
                   exact_seconds: float | None = None, as_declared: bool = False) -> Judgement:
    inst, lhs, rhs, repairs = reading
    lhs, rhs = _as_matrix(lhs), _as_matrix(rhs)
    lhs, rhs, transposed = _align_shapes(lhs, rhs)
    stated = layout and lhs is not None and min(lhs.shape) > 1 and (transposed or bool(repairs))
    if lhs is None or stated or as_declared and repairs:
        point = _points(inst, rng)[0]
        if repairs and (stated or as_declared):  # the right side's value is that of the reading with a transpose
            return Judgement(Verdict.REFUTED, f"the shapes do not fit: {'; '.join(repairs)}"
                             f"{LAYOUT if stated else AS_DECLARED}",
                             witness=lambda: replace(_counterexample(inst, reading[1], reading[2], point),
                                                     rhs_value="none: its shapes do not fit"))
        detail = f"{_SHAPES}: {_shape(reading[1])} against {_shape(reading[2])}" + (LAYOUT if stated else "")
        return Judgement(Verdict.REFUTED, detail, witness=lambda: _counterexample(inst, reading[1], reading[2], point))
    kinks = _kinks(lhs, rhs)
    compared = False
    for point in _points(inst, rng):
        point = _off_the_kinks(kinks, point, inst, rng)
        differs = _differs(lhs, rhs, *((_as_floats(point), True) if isinstance(inst, Space) else (point,)))
        if differs:
            return Judgement(Verdict.REFUTED, "the sides differ at the point shown",
                             witness=lambda: _counterexample(inst, lhs, rhs, point))
        compared = compared or differs is False
    left, most = time_left(), EXACT_SECONDS if exact_seconds is None else exact_seconds
    try:  # a third at most of what the step has left: the numbers still decide after it
        with time_limit(most if left is None else min(most, round(left / 3, 2)),
                        "exact simplification"):
            proved = exactly and is_zero_exactly(lhs - rhs)
    except Undecided:
        proved = False
    conventions = repairs + (("equal after a transpose (a row against a column)",) if transposed else ())
    if conventions:
        return Judgement(Verdict.CONVENTION, "; ".join(conventions), exact=proved)
    if proved:
        return Judgement(Verdict.PROVED, "exactly 0")
    if not compared:
        raise Undecided("no point tried where both sides have a value (a division by zero, or a value "
                        "that is not a number, at each)")
    return Judgement(Verdict.NUMERICALLY_EQUAL, "equal at every point tried", exact=False)


def to_the_decimals_written(lhs, rhs, written: list[str]) -> Judgement | None:
    """Equal in numbers where two numbers differ by less than the rounding of the decimals a step writes
    (``written``: half a unit in the last place of each, 0.4621 − 1 for tanh(0.5) − 1); None where a side is no
    number or the difference is larger."""
    if any(not isinstance(v, sp.Basic) or isinstance(v, sp.MatrixBase) or not v.is_number for v in (lhs, rhs)):
        return None
    places = max(len(value.split(".")[1]) for value in written)
    slack = sp.Rational(len(written), 2) * sp.Integer(10) ** -places
    if abs(sp.N(lhs - rhs)) > slack * max(1, abs(sp.N(lhs))):
        return None
    return Judgement(Verdict.NUMERICALLY_EQUAL, f"equal to the {places} decimals written: the sides differ by less "
                     "than their rounding", exact=False)


def is_zero_exactly(difference: sp.Matrix) -> bool:
    """Sound test: True only when the difference is identically zero."""
    atoms: dict[sp.Expr, sp.Symbol] = {}
    for entry in dict.fromkeys(difference):  # a Hessian's entries (i, j) and (j, i) are one expression: once
        if _cancels(entry, atoms):
            continue
        if entry.has(sp.tanh, sp.sinh, sp.cosh) and entry.has(sp.exp) and _cancels(entry.rewrite(sp.exp), atoms):
            continue  # tanh z against (e^{2z} - 1)/(e^{2z} + 1): one form
        if sp.simplify(entry) != 0:
            return False
    return True


def _cancels(entry: sp.Expr, atoms: dict[sp.Expr, sp.Symbol]) -> bool:
    """Whether ``entry`` cancels to 0 as a rational function of its exponentials and σ's."""
    if entry.has(Sigmoid, sp.exp) and sp.cancel(_by_exponents(entry)) == 0:
        return True
    if entry.has(Sigmoid):  # σ kept whole: most steps cancel with σ as an atom
        if sp.cancel(entry) == 0:
            return True
        entry = entry.replace(lambda e: isinstance(e, Sigmoid), lambda e: e.rewrite(sp.exp))
    return sp.cancel(_canonical(entry, atoms)) == 0


def _by_exponents(expr: sp.Expr) -> sp.Expr:
    """e^{kt} → A^k and σ(±t) → A/(1 + A), 1/(1 + A), one positive symbol A per exponent t up to
    sign and an integer factor: a σ form and an exp form of one function (σ(−t) against
    e^{−t}/(1 + e^{−t})) become one rational function, which ``cancel`` compares at once."""
    atoms: dict[sp.Expr, sp.Symbol] = {}

    def power(arg: sp.Expr):
        k, u = sp.expand(arg).as_content_primitive()
        if u.could_extract_minus_sign():
            k, u = -k, -u
        if not k.is_Integer:
            return None
        return atoms.setdefault(u, sp.Symbol(f"_A{len(atoms)}", positive=True)), k

    def exp(e):
        found = power(e.args[0])
        return e if found is None else found[0] ** found[1]

    def sigmoid(e):
        found = power(e.args[0])
        if found is None or abs(found[1]) != 1:
            return e
        a, k = found
        return a / (1 + a) if k == 1 else 1 / (1 + a)

    return expr.replace(lambda e: isinstance(e, Sigmoid), sigmoid).replace(lambda e: isinstance(e, sp.exp), exp)


def _canonical(expr: sp.Expr, atoms: dict[sp.Expr, sp.Symbol]) -> sp.Expr:
    """exp(a + b·c) → E₁·E₂^k with one positive symbol per exp of a monomial; logs of
    positive products expanded (never forced: log(x²) ≠ 2 log x for x < 0)."""
    def split_exp(arg: sp.Expr) -> sp.Expr:
        out = sp.Integer(1)
        for term in sp.Add.make_args(sp.expand(arg)):
            coeff, monomial = term.as_coeff_Mul()
            if coeff.is_Integer and monomial != 1:
                atom = atoms.setdefault(monomial, sp.Symbol(f"_E{len(atoms)}", positive=True))
                out *= atom ** coeff
            else:
                out *= sp.exp(term)
        return out

    expr = expr.replace(lambda e: isinstance(e, sp.exp), lambda e: split_exp(e.args[0]))
    return sp.expand_log(expr)


def _as_matrix(value: sp.Basic) -> sp.Matrix:
    return value if isinstance(value, sp.MatrixBase) else sp.Matrix([[value]])


def _align_shapes(lhs: sp.Matrix, rhs: sp.Matrix):
    """Bring both sides to one shape: a scalar 0 is a zero of any shape; a transpose is noted."""
    if lhs.shape == rhs.shape:
        return lhs, rhs, False
    if lhs.shape == (1, 1) and lhs[0, 0] == 0:
        return sp.zeros(*rhs.shape), rhs, False
    if rhs.shape == (1, 1) and rhs[0, 0] == 0:
        return lhs, sp.zeros(*lhs.shape), False
    if lhs.shape == rhs.shape[::-1]:
        return lhs, rhs.T, True
    return None, None, False


def _shape(value: sp.Basic) -> str:
    rows, cols = _as_matrix(value).shape
    return "a scalar" if (rows, cols) == (1, 1) else f"{rows}×{cols}"


def _points(inst: Instance, rng: random.Random) -> list[dict[sp.Symbol, sp.Rational]]:
    small = {s: _sign_of(s, sp.Integer(rng.choice((-2, -1, 1, 2)))) for s in inst.symbols}
    # never 0, which can make a matrix the step inverts singular (XᵀΩX + 2λI at λ = 0, with fewer examples than d)
    return [small, _fine(inst, rng)][:POINTS]


def _fine(inst: Instance, rng: random.Random) -> dict[sp.Symbol, sp.Rational]:
    return {s: _sign_of(s, sp.Rational(rng.randint(-40, 40) or 1, rng.randint(7, 23))) for s in inst.symbols}


def _sign_of(symbol: sp.Symbol, value: sp.Rational) -> sp.Rational:
    """``value``, made positive for a symbol said positive (σ > 0: log σ² = 2 log σ holds there only)."""
    return abs(value) if symbol.is_positive else value


def _kinks(*sides: sp.Matrix) -> list[sp.Expr]:
    """The arguments of the ReLUs and steps in ``sides``, each distinct subexpression looked at once: a
    network's derivatives share their subtrees, which a walk of the tree (``atoms``) visits once per use."""
    found, seen, stack = [], set(), [entry for side in sides for entry in side]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if isinstance(node, (Relu, sp.Heaviside)):
            kink = node.args[0]
            while isinstance(kink, Relu):  # 𝟙[h > 0] of h = max(z, 0): the kink is at z = 0; h is 0 on a region
                kink = kink.args[0]
            found.append(kink)
        stack.extend(node.args)
    return found


def _off_the_kinks(kinks: list, point: dict, inst: Instance, rng: random.Random) -> dict:
    """``point``, or, where a ReLU or a step there takes the argument 0 exactly (``kinks``: those
    arguments; max(U, 0) at U = 0, where no derivative exists), another point drawn finer, on no such kink."""
    for _ in range(5):
        if not any(k.xreplace(point) == 0 for k in kinks):
            return point
        point = _fine(inst, rng)
    return point


def _evaluate(m: sp.Matrix, point: dict, memo: dict | None = None) -> sp.Matrix:
    """``m`` at ``point``; with ``memo`` (a declared Space's point, in floats), each subexpression the
    entries share computed once, and kept in ``memo`` for the other side of the step."""
    if memo is not None:
        try:
            return sp.Matrix(m.rows, m.cols, [sp.Float(numeric.value(x, point, memo), DIGITS) for x in m])
        except numeric.Unknown:
            pass
    return m.xreplace(point).evalf(DIGITS)


def _as_floats(point: dict) -> dict:
    """The point as 30-digit floats: a large expression is then evaluated as it is rebuilt, each
    operation rounded to 30 digits, far faster than evalf of the exact tree."""
    return {s: sp.Float(v, DIGITS) for s, v in point.items()}


def _differs(lhs: sp.Matrix, rhs: sp.Matrix, point: dict, fast: bool = False) -> bool | None:
    """Whether the sides differ at ``point``; None where no entry has a number on both sides there."""
    memo = {} if fast else None
    a, b = _evaluate(lhs, point, memo), _evaluate(rhs, point, memo)
    compared = None
    for x, y in zip(a, b):
        if not (x.is_number and y.is_number) or any(v.has(sp.nan, sp.zoo, sp.oo, -sp.oo) for v in (x, y)):
            continue
        scale = max(sp.Integer(1), abs(x), abs(y))
        if abs(x - y) > TOLERANCE * scale:
            return True
        compared = False
    return compared


def _counterexample(inst: Instance, lhs: sp.Basic, rhs: sp.Basic, point: dict) -> Counterexample:
    used = (_as_matrix(lhs).free_symbols | _as_matrix(rhs).free_symbols) & set(point)
    at, memo = (_as_floats(point), {}) if isinstance(inst, Space) else (point, None)  # shown to 6 digits
    return Counterexample(instance=describe(inst), point=_describe_point(inst, used, point),
                          lhs_value=_show(_evaluate(_as_matrix(lhs), at, memo)),
                          rhs_value=_show(_evaluate(_as_matrix(rhs), at, memo)))


def describe(inst: Instance | Space) -> str:
    """The instance in the words of a document: words numbered 1..V."""
    if isinstance(inst, Space):
        return inst.describe()
    negatives = ", ".join(str(w + 1) for w in inst.negatives)
    reading = "; u_k is the k-th draw's own vector" if inst.separate_draws else ""
    return (f"V={inst.V}, d={inst.d}, K={inst.K}, m={inst.m}, o={inst.o + 1}, c={inst.c + 1}, "
            f"negatives=({negatives}){reading}")


def _describe_point(inst: Instance, used: set, point: dict) -> tuple[tuple[str, str], ...]:
    """Symbol values grouped back into the vectors a reader knows: u_w, v_w, the draws, x."""
    if isinstance(inst, Space):
        return tuple((name, _show_point(value, point)) for name, value in inst.named_values()
                     if used & getattr(value, "free_symbols", set()))
    vectors = [(f"u_{w + 1}", inst.u(w)) for w in range(inst.V)]
    vectors += [(f"v_{w + 1}", inst.v(w)) for w in range(inst.V)]
    if inst.separate_draws:
        vectors += [(f"u_k (draw {k})", inst.u_sample(k)) for k in range(1, inst.K + 1)]
    out = [(name, "[" + ", ".join(str(point[s]) for s in vec) + "]")
           for name, vec in vectors if used & set(vec)]
    if inst.x in used:
        out.append(("x", str(point[inst.x])))
    return tuple(out)


def _show_point(value, point: dict) -> str:
    if not isinstance(value, sp.MatrixBase):
        return str(point[value])
    if value.cols == 1:
        return "[" + ", ".join(str(point.get(s, s)) for s in value) + "]"
    rows = ["[" + ", ".join(str(point.get(s, s)) for s in value.row(i)) + "]" for i in range(value.rows)]
    return rows[0] if value.rows == 1 else "[" + ", ".join(rows) + "]"


def _show(m: sp.Matrix) -> str:
    numbers = [sp.N(x, 6, chop=True) for x in m]
    if m.shape == (1, 1):
        return str(numbers[0])
    return "[" + ", ".join(str(x) for x in numbers) + "]" + ("ᵀ" if m.shape[1] == 1 else f" ({m.shape[0]}×{m.shape[1]})")
