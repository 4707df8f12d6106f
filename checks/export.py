"""A proved gradient of a declared derivation, written out as a NumPy module with its own test.

Where checks/declared.py gives a side its value in a small concrete Space, this module gives it its
value at any size: each declared leaf a SymPy MatrixSymbol of its declared shape (sizes are integer
Symbols named as the document names them, scalars are Symbols), every defined name replaced by its
definition, entrywise functions as ``ElementwiseApplyFunction``. SymPy's NumPy printer (taught the
few nodes it lacks: softmax, the sum of entries, a scalar broadcast over a vector) prints that
matrix expression as loop-free NumPy code, and a jinja2 template wraps it as a module: ``gradient``,
the document's ``loss`` translated the same way, and a test comparing the two by central differences.

Sums read in two vectorisable forms: over the entries of what they index (Σ_i y_i log ŷ_i,
Σ_i Σ_j Y_ij log P_ij: the entries combine entry by entry, then add up), and over the examples of a
batch (Σ_i f(wᵀx⁽ⁱ⁾, y⁽ⁱ⁾) with x⁽ⁱ⁾ the i-th row of X: wᵀx⁽ⁱ⁾ for every i at once is Xw). Anything
else is refused with the reason, never approximated.

    >>> from checks.syntax import parse
    >>> from checks.notation import Notation
    >>> from derive.spaces import Leaf
    >>> notation = Notation((Leaf("X", "m", "d"), Leaf("w", "d", 1), Leaf("y", "m", 1)), ("m", "d"), ())
    >>> translator = Translator(notation, {})
    >>> translator.value(parse(r"\\frac{1}{m}X^\\top(Xw - y)"))
    1/m*X.T*(X*w - y)
"""
from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

import jinja2
import sympy as sp
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.printing.numpy import NumPyPrinter

from checks import syntax as ast
from checks.applications import Application, applied
from checks.chains import document_chains
from checks.document import Document
from checks.errors import GradproofError
from checks.layers import is_layered
from checks.notation import Function, Indexed, Notation
from checks.sized import Across, Ones, Repeated
from checks.syntax import capital, defined_key, key_of, loss_key, parse_forgiving, written_key
from checks.verdict import DocumentResult, Verdict
from checks.verify import read_claims
from derive.spaces import size_offset

TEST_SIZES = {"m": 7, "k": 5}  # the batch and the classes stay small to keep the test fast; others 50
OTHER_SIZE = 50


class NotExportable(GradproofError):
    """A step that cannot be written out as NumPy code, with the reason in one line."""


# Nodes the NumPy printer is taught ----------------------------------------------------------------

class EntrySum(sp.Expr):
    """The sum of every entry of a matrix: a scalar."""
    is_commutative = True

    def __new__(cls, arg):
        return sp.Expr.__new__(cls, arg)


class Fill(sp.MatrixExpr):
    """A scalar standing for a matrix of its shape, every entry the scalar (the 1 of 1 - h)."""

    def __new__(cls, scalar, rows, cols):
        return sp.MatrixExpr.__new__(cls, sp.sympify(scalar), sp.sympify(rows), sp.sympify(cols))

    @property
    def shape(self):
        return self.args[1], self.args[2]

    def _entry(self, i, j, **kwargs):
        return self.args[0]

    def _eval_transpose(self):
        return Fill(self.args[0], self.args[2], self.args[1])


class Softmax(sp.MatrixExpr):
    """softmax (or log-softmax) of a vector, or of each row (``rows``) or column of a matrix."""

    def __new__(cls, arg, rows: bool, log: bool):
        return sp.MatrixExpr.__new__(cls, arg, sp.true if rows else sp.false, sp.true if log else sp.false)

    @property
    def shape(self):
        return self.args[0].shape


class _Printer(NumPyPrinter):
    """NumPy's printer, with ``@`` for products, the nodes above, and entrywise functions printed
    as the NumPy ufuncs of their bodies (numpy.exp(X @ w), not a lambda applied elementwise)."""

    def __init__(self):
        super().__init__({"fully_qualified_modules": True, "strict": True})
        self._arguments: dict = {}

    def _print_MatMul(self, expr):
        coeff, matrices = expr.as_coeff_matrices()
        product = " @ ".join(self._operand(m) for m in matrices)
        if coeff == 1:
            return f"({product})"
        if coeff == -1:
            return f"(-({product}))"
        return f"({self._operand(coeff)}*({product}))"

    def _operand(self, expr) -> str:
        text = self._print(expr)
        return text if isinstance(expr, (sp.MatrixSymbol, sp.Symbol, sp.Number)) or _wrapped(text) else f"({text})"

    def _print_Pow(self, expr, rational=False):
        if expr.exp == -1:  # 1/m, not m**(-1.0)
            return f"1/{self._operand(expr.base)}"
        return super()._print_Pow(expr, rational)

    def _print_MatAdd(self, expr):
        return "(" + " + ".join(self._print(term) for term in expr.args) + ")"

    def _print_Transpose(self, expr):
        return f"{self._operand(expr.arg)}.T"

    def _print_MatrixElement(self, expr):
        return f"{self._operand(expr.parent)}[{self._print(expr.i)}, {self._print(expr.j)}]"

    def _print_HadamardProduct(self, expr):
        return "(" + " * ".join(self._operand(a) for a in expr.args) + ")"

    def _print_HadamardPower(self, expr):
        return f"({self._operand(expr.base)}**{self._print(expr.exp)})"

    def _print_ElementwiseApplyFunction(self, expr):
        function = expr.function
        self._arguments[function.variables[0]] = self._print(expr.expr)
        return self._print(function.expr)

    def _print_Dummy(self, expr):
        return f"({self._arguments[expr]})" if expr in self._arguments else super()._print_Dummy(expr)

    def _print_EntrySum(self, expr):
        return f"{self._module_format('numpy.sum')}({self._print(expr.args[0])})"

    def _print_Fill(self, expr):
        return self._print(expr.args[0])

    def _print_Max(self, expr):
        return f"{self._module_format('numpy.maximum')}({', '.join(self._print(a) for a in expr.args)})"

    def _print_Heaviside(self, expr):  # 𝟙[z > 0]: 0 at the kink, where no derivative exists anyway; 𝟙[z ≥ 0]: 1
        at_zero = float(expr.args[1]) if len(expr.args) > 1 else 0.0
        return f"{self._module_format('numpy.heaviside')}({self._print(expr.args[0])}, {at_zero})"

    def _print_Softmax(self, expr):
        arg, rows, log = expr.args
        axis = 0 if arg.shape[1] == 1 or not rows else 1
        value, exp, total = self._print(arg), self._module_format("numpy.exp"), self._module_format("numpy.sum")
        sums = f"{total}({exp}({value}), axis={axis}, keepdims=True)"
        if log:
            return f"({value} - {self._module_format('numpy.log')}({sums}))"
        return f"({exp}({value}) / {sums})"


def _wrapped(text: str) -> bool:
    """Whether ``text`` is one parenthesised whole: (a + b), not (a) + (b)."""
    if not text.startswith("("):
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return i == len(text) - 1
    return False


def print_numpy(expr) -> str:
    return _Printer().doprint(expr)


# The tree → a SymPy matrix expression ------------------------------------------------------------

_T = sp.Dummy("t")
_ENTRYWISE = {  # each function of one entry, as a body in _T that NumPy's ufuncs compute
    "log": sp.log(_T),
    "exp": sp.exp(_T),
    "sigma": 1 / (1 + sp.exp(-_T)),
    "sigma'": sp.exp(-_T) / (1 + sp.exp(-_T)) ** 2,
    "tanh": sp.tanh(_T),
    "tanh'": 1 - sp.tanh(_T) ** 2,
    "tanh''": -2 * sp.tanh(_T) * (1 - sp.tanh(_T) ** 2),
    "relu": sp.Max(_T, 0),
    "relu'": sp.Heaviside(_T),
}


@dataclass(frozen=True)
class _Each:
    """Inside a sum: one scalar per entry (or per example), held as the matrix of them all."""
    expr: object


@dataclass(frozen=True)
class _Examples:
    """Inside a sum over the examples: x⁽ⁱ⁾ for every i, as the rows of ``batch`` (m × n); ``row``
    when transposed (x⁽ⁱ⁾ᵀ)."""
    batch: object
    row: bool = False


@dataclass(frozen=True)
class _Scope:
    entries: tuple = ()  # letters a sum over entries binds, outermost first, with their sizes
    example: str | None = None  # the letter a sum over the examples binds


def identifier(key: str) -> str:
    """A Python name for a document's key: W_1, y_hat, lambda_."""
    name = re.sub(r"[^A-Za-z0-9_]", lambda m: {"^": "_hat"}.get(m.group(), ""), key)
    return name + "_" if keyword.iskeyword(name) or name in ("numpy", "math") else name


class Translator:
    """A declared derivation's sides as SymPy matrix expressions at any size.

    ``proved`` gives a derivative of the loss the document proved before (∂L/∂z = … = ŷ − y) the
    expression its chain ends with, so that δ := ∂L/∂z and (∂L/∂z)xᵀ are read through it; ``cut`` is a
    defined name read as a variable of its own (∂L/∂z with z = Wx + b): its definition is not
    substituted, as backpropagation means ∂L/∂z."""

    def __init__(self, notation: Notation, definitions: dict, proved: dict | None = None,
                 cut: str | None = None):
        self.notation, self.definitions, self.proved = notation, definitions, proved or {}
        self.cut = cut
        self.sizes = {name: sp.Symbol(name, integer=True, positive=True) for name in notation.sizes}
        self.leaves: dict[str, object] = {}  # key → the MatrixSymbol or Symbol it became, in use order
        self.one_hot: dict[str, str] = {}  # a one-hot label's key → where its 1s lie: "rows" (or a vector's one), "columns"
        self._defined: dict[str, object] = {}
        self.used: set[str] = set()  # the keys of the definitions the values were built from
        self._bound: dict[str, object] = {}  # a function's parameter → its argument, while its body is read
        self._applying: list[str] = []
        self._expanding: list = []  # the names, and the derivatives, being read through

    def value(self, node, scope: _Scope = _Scope()):
        method = getattr(self, "_" + type(node).__name__.lower(), None)
        if method is None:
            raise NotExportable(f"cannot export {type(node).__name__.lower()} as NumPy code")
        value = method(node, scope)
        if isinstance(value, sp.MatrixExpr) and value.shape == (1, 1):
            return EntrySum(value)  # xᵀx: one number, printed as NumPy code, not a loop over its entries
        return value

    def symbol(self, key: str):
        """The symbol a declared leaf or the cut variable stands for."""
        if key == self.cut:
            if key not in self.leaves:
                shape = self._shape_of(self._definition(key))
                self.leaves[key] = sp.MatrixSymbol(identifier(key), *shape) if shape else sp.Symbol(identifier(key))
            return self.leaves[key]
        leaf = self.notation.leaf(key)
        if leaf is None or leaf.family:
            return None
        if key not in self.leaves:
            rows, cols = self._size(leaf.rows), self._size(leaf.cols)
            self.leaves[key] = sp.Symbol(identifier(key), real=True) if (rows, cols) == (1, 1) else \
                sp.MatrixSymbol(identifier(key), rows, cols)
            if leaf.one_hot:
                self.one_hot[key] = _labels_along(leaf, rows, cols)
        return self.leaves[key]

    def _size(self, size):
        return self.sizes[size] if isinstance(size, str) else sp.Integer(size)

    @staticmethod
    def _shape_of(value):
        return value.shape if isinstance(value, sp.MatrixExpr) else None

    def _known(self, key: str):
        if key == self.cut or key not in self.definitions:
            return self.symbol(key)
        return self._definition(key)

    def _definition(self, key: str):
        self.used.add(key)
        if key in self._defined and not self._bound:
            return self._defined[key]
        body = self.definitions.get(key)
        if body is None:
            raise NotExportable(f"{key} is not defined in this document")
        if isinstance(body, Indexed):
            return self._entries(key, body)
        if isinstance(body, Function):
            raise NotExportable(f"{key} is a function the document defines, used here without its argument")
        if key in self._expanding:
            raise NotExportable(f"{key} is defined in terms of itself")
        self._expanding.append(key)
        try:
            value = self.value(applied(body, self.definitions))
        finally:
            self._expanding.pop()
        if not self._bound:  # a value read while a function's parameter stands for its argument is that use's
            self._defined[key] = value
        return value

    def _entries(self, key: str, body: Indexed):
        """p_k = e^{z_k} / Σ_j e^{z_j} is softmax(z); P_{ij} = e^{Z_{ij}} / Σ_k e^{Z_{kj}} softmax of each column
        of Z (of each row where the sum runs over the second index). Any other entry-by-entry definition
        has no matrix form here."""
        read = _softmax_entries(body)
        whole, axis, indices, upper = read if read is not None else (None, 0, 0, "")
        arg = self.value(whole) if whole is not None else None
        if not isinstance(arg, sp.MatrixExpr) or (arg.shape[1] == 1) != (indices == 1) \
                or upper and str(arg.shape[axis]) != upper:
            raise NotExportable(f"{key} is defined entry by entry; write it as a whole to export it")
        return Softmax(arg, rows=axis == 1, log=False)

    def _application(self, node: Application, scope):
        """h_θ(x⁽ⁱ⁾), σ(Xw): a function the document defines, its body at the argument; a function of a
        number at a vector or a matrix, entry by entry."""
        function = self.definitions.get(node.function)
        if not isinstance(function, Function) or node.derivative or node.function in self._applying:
            raise NotExportable(f"cannot export {node.function} at its argument")
        argument = self.value(node.argument, scope)
        self._applying.append(node.function)
        try:
            try:
                return self._at(function, argument, scope)
            except NotExportable:
                if _is_scalar(argument):
                    raise
                value = self._at(function, _T, scope)  # g(t) = 1/(1 + e^{−t}) at each entry of Xθ
                if not _is_scalar(value):
                    raise
                return _entrywise(value, argument)
        finally:
            self._applying.pop()

    def _at(self, function: Function, argument, scope):
        outer = self._bound
        self._bound = {**outer, function.parameter: argument}
        try:
            return self.value(applied(function.body, self.definitions), scope)
        finally:
            self._bound = outer

    # leaves
    def _num(self, node: ast.Num, scope):
        return sp.Rational(node.value)

    def _name(self, node: ast.Name, scope):
        key = key_of(node)
        if key in self._bound:
            return self._bound[key]
        if node.sup:
            return self._example(node, scope)
        if node.sub:
            entry = self._entry(node, scope)
            if entry is not None:
                return entry
        found = self._known(key)
        if found is not None:
            return found
        if node.sub is None and not node.hat:
            if node.base in self.sizes:
                return self.sizes[node.base]
            if node.base == "e":
                return sp.E
        raise NotExportable(f"{key} is neither declared nor defined, or has no value at every size")

    def _entry(self, node: ast.Name, scope: _Scope):
        """y_i, Y_ij inside a sum over the entries: every entry at once."""
        letters = [letter for letter, _ in scope.entries]
        parts = list(node.sub.replace(",", "")) if node.sub.isalpha() else [node.sub]
        if not letters or not set(parts) <= set(letters):
            return None
        if parts != letters:
            raise NotExportable(f"{node.base}_{{{node.sub}}} does not run over every index of its sum "
                                "in order; only sums over all the entries export")
        whole = self._known(key_of(ast.Name(node.base, None, node.hat)))
        if not isinstance(whole, sp.MatrixExpr):
            raise NotExportable(f"{node.base} is not a vector or a matrix")
        sizes = [size for _, size in scope.entries]
        shape = [whole.shape[0]] if len(parts) == 1 and whole.shape[1] == 1 else list(whole.shape)
        if len(shape) != len(parts) or any(s is not None and s != dim for s, dim in zip(sizes, shape)):
            raise NotExportable(f"the sum does not run over the entries of {node.base}")
        return _Each(whole)

    def _example(self, node: ast.Name, scope: _Scope):
        if scope.example is None or node.sup != scope.example or node.sub:
            raise NotExportable(f"{node.base}^{{({node.sup})}} outside a sum over the examples")
        hat = "^" if node.hat else ""
        for key in dict.fromkeys((capital(node.base) + hat, node.base + hat)):
            batch = self._known(key) if key in self.definitions or self.notation.leaf(key) else None
            if isinstance(batch, sp.MatrixExpr):
                return _Each(batch) if batch.shape[1] == 1 else _Examples(batch)
        raise NotExportable(f"{node.base}^{{(i)}} has no declared batch ({capital(node.base)} ∈ ℝ^{{m×d}}) to stack")

    # operators
    def _add(self, node: ast.Add, scope):
        total = self.value(node.terms[0], scope)
        for term in node.terms[1:]:
            total = _plus(total, self.value(term, scope))
        return total

    def _neg(self, node: ast.Neg, scope):
        return _times(sp.Integer(-1), self.value(node.arg, scope), False)

    def _mul(self, node: ast.Mul, scope):
        total = self.value(node.factors[0], scope)
        for factor, dot in zip(node.factors[1:], node.dots):
            total = _times(total, self.value(factor, scope), dot)
        return total

    def _div(self, node: ast.Div, scope):
        num, den = self.value(node.num, scope), self.value(node.den, scope)
        if _is_scalar(den):
            return _times(num, 1 / den, False)
        if isinstance(den, _Each) and isinstance(num, _Each):
            return _Each(sp.HadamardProduct(num.expr, sp.HadamardPower(den.expr, -1)))
        if isinstance(den, sp.MatrixExpr) and isinstance(num, sp.MatrixExpr) and num.shape == den.shape:
            return sp.HadamardProduct(num, sp.HadamardPower(den, -1))
        raise NotExportable("a division by a vector or a matrix of another shape")

    def _pow(self, node: ast.Pow, scope):
        base, exponent = self.value(node.base, scope), self.value(node.exp, scope)
        if not (_is_scalar(exponent) and exponent.is_number):
            raise NotExportable("only a number may stand in an exponent")
        if _is_scalar(base):
            return base ** exponent
        if isinstance(base, _Each):
            return _Each(sp.HadamardPower(base.expr, exponent))
        if isinstance(base, sp.MatrixExpr) and 1 in base.shape:  # h²: a vector's entries squared
            return sp.HadamardPower(base, exponent)
        raise NotExportable("a power of a matrix")

    def _transpose(self, node: ast.Transpose, scope):
        value = self.value(node.arg, scope)
        if isinstance(value, _Examples):
            return _Examples(value.batch, not value.row)
        if isinstance(value, _Each):
            raise NotExportable("a transpose inside a sum over entries")
        if isinstance(value, Ones):
            return Ones(not value.row, value.scale)
        if isinstance(value, Repeated) and value.row is None:  # 𝟏𝟏ᵀ
            return value
        if isinstance(value, _DEFERRED):
            raise NotExportable("a transpose of 𝟏bᵀ whose size nothing fixes: write 𝟏_m")
        return value.T if isinstance(value, sp.MatrixExpr) else value

    def _call(self, node: ast.Call, scope):
        arg = self.value(node.arg, scope)
        if node.func in ("softmax", "logsoftmax"):
            if not isinstance(arg, sp.MatrixExpr):
                raise NotExportable("softmax of a scalar, or inside a sum")
            return Softmax(arg, rows=True, log=node.func == "logsoftmax")
        body = _ENTRYWISE.get(node.func)
        if body is None:
            raise NotExportable(f"cannot export the function {node.func}")
        return _entrywise(body, arg)

    def _ones(self, node: ast.Ones, scope):
        if node.size is None:
            return Ones()
        size = self.sizes.get(node.size) or (sp.Integer(node.size) if node.size.isdigit() else None)
        if size is None:
            raise NotExportable(f"𝟏 of size {node.size}, which is not a declared size")
        return sp.OneMatrix(size, 1)

    def _step(self, node: ast.Step, scope):
        return _entrywise(sp.Heaviside(_T, 1 if node.closed else 0), self.value(node.arg, scope))

    def _norm(self, node: ast.Norm, scope):
        arg = self.value(node.arg, scope)
        if not isinstance(arg, sp.MatrixExpr):
            raise NotExportable("the norm of a scalar, or inside a sum")
        return sp.sqrt(EntrySum(sp.HadamardPower(arg, 2)))

    def _loss(self, node: ast.Loss, scope):
        key = loss_key(node)
        if key not in self.definitions:
            raise NotExportable("the loss is not defined in this document (write L = …)")
        return self._definition(key)

    def _sum(self, node: ast.Sum, scope):
        if node.excluded:
            raise NotExportable("a sum with exclusions")
        if scope.entries or scope.example:
            raise NotExportable("a sum inside a sum over the examples")
        letters, body = [(node.var, self._upper(node))], node.body
        while type(body) is ast.Sum and not body.excluded:  # a product inside (ast.Prod) is no sum
            letters.append((body.var, self._upper(body)))
            body = body.body
        if len(letters) == 1 and _mentions_example(body, node.var):
            value = self.value(body, _Scope(example=node.var))
        else:
            value = self.value(body, _Scope(entries=tuple(letters)))
        if isinstance(value, _Each):
            return EntrySum(value.expr)
        if isinstance(value, _Examples):
            ones = sp.OneMatrix(value.batch.shape[0], 1)
            return ones.T * value.batch if value.row else value.batch.T * ones
        raise NotExportable(f"a sum over {node.var} whose terms do not depend on {node.var}")

    def _upper(self, node: ast.Sum):
        if node.upper in self.sizes:
            return self.sizes[node.upper]
        if node.upper.isdigit():
            return sp.Integer(node.upper)
        if not node.upper:
            return None
        raise NotExportable(f"a sum up to {node.upper}, which is not a declared size")

    def _deriv(self, node: ast.Deriv, scope):
        closed = self.proved.get(node)
        if closed is None or node in self._expanding:
            raise NotExportable("the expression holds a derivative that no earlier chain of the document proves "
                                "equal to a closed form; export a step whose right-hand side is one")
        self._expanding.append(node)
        try:
            return self.value(applied(closed, self.definitions), scope)
        finally:
            self._expanding.pop()


_DEFERRED = (Ones, Repeated, Across)  # 𝟏 of no size (checks/sized.py's): 𝟏, 𝟏𝟏ᵀ and 𝟏bᵀ, b𝟏ᵀ


def _softmax_entries(body: Indexed):
    """(z, axis, indices, upper) where ``body`` is a softmax written entry by entry, e^{z_k} / Σ_j e^{z_j}:
    the axis the sum runs along (0 for a vector's entries and P_{ij}'s first index, 1 for its second), how
    many indices the entries have, and the sum's limit as written; None for any other body."""
    def exponent(node):
        if isinstance(node, ast.Call) and node.func == "exp":
            return node.arg
        if isinstance(node, ast.Pow) and node.base == ast.Name("e", None, False):
            return node.exp
        return None

    if not isinstance(body.body, ast.Div) or not isinstance(body.body.den, ast.Sum):
        return None
    top, total = exponent(body.body.num), body.body.den
    under = exponent(total.body)
    if not (isinstance(top, ast.Name) and isinstance(under, ast.Name) and top.sub and under.sub) \
            or (top.base, top.hat, top.sup) != (under.base, under.hat, under.sup):
        return None
    own, summed = ast.index_parts(top.sub), ast.index_parts(under.sub)
    if own != ast.index_parts(body.var) or len(own) != len(summed) or len(own) not in (1, 2):
        return None
    moved = [i for i, (a, b) in enumerate(zip(own, summed)) if a != b]
    if len(moved) != 1 or summed[moved[0]] != total.var or total.var in own:
        return None
    return ast.Name(top.base, None, top.hat, top.sup), moved[0], len(own), total.upper


def _labels_along(leaf, rows, cols) -> str:
    """Where a one-hot label's 1s lie, as the module's test draws it: one in each column where the document
    says its examples are columns (Y = [y_1, …, y_m]), else one in each row (a vector's single 1)."""
    return "columns" if leaf.columns and 1 not in (rows, cols) else "rows"


def _sized(value, other):
    """``value`` as a matrix of ``other``'s shape where it is a 𝟏 of no size: 𝟏 beside a vector, 𝟏𝟏ᵀ beside
    a matrix (𝟏𝟏ᵀ − H ⊙ H), 𝟏bᵀ and b𝟏ᵀ beside a matrix whose rows (columns) are as long as b."""
    if not isinstance(other, sp.MatrixExpr):
        return value
    if isinstance(value, Ones) and 1 in other.shape or isinstance(value, Repeated) and value.row is None:
        return Fill(value.scale, *other.shape)
    if isinstance(value, Repeated) and other.shape[1] == value.row.shape[1]:
        return value.scale * sp.OneMatrix(other.shape[0], 1) * value.row
    if isinstance(value, Across) and other.shape[0] == value.column.shape[0]:
        return value.column * sp.OneMatrix(1, other.shape[1])
    if isinstance(value, _DEFERRED):
        raise NotExportable("𝟏 of no size beside a value it does not fit")
    return value


def _ones_product(a, b, dot):
    """A product with a 𝟏 of no size: 𝟏ᵀM (column sums), M𝟏 (row sums), 𝟏bᵀ, b𝟏ᵀ, λ𝟏, 𝟏 ⊙ M."""
    if _is_scalar(a) or _is_scalar(b):
        scalar, ones = (a, b) if _is_scalar(a) else (b, a)
        if isinstance(ones, Ones):
            return Ones(ones.row, scalar * ones.scale)
        if isinstance(ones, Repeated):
            return Repeated(ones.row, scalar * ones.scale)
        return Across(scalar * ones.column)
    if isinstance(a, Ones) and isinstance(b, Ones) and not a.row and b.row:
        return Repeated(None, a.scale * b.scale)  # 𝟏𝟏ᵀ
    if isinstance(a, Ones) and isinstance(b, sp.MatrixExpr):
        if dot == "elementwise" and 1 in b.shape:
            return _times(a.scale, b, False)
        if a.row and dot is not True:
            return a.scale * sp.OneMatrix(1, b.shape[0]) * b
        if not a.row and b.shape[0] == 1:
            return Repeated(b, a.scale)
    if isinstance(b, Ones) and isinstance(a, sp.MatrixExpr):
        if dot == "elementwise" and 1 in a.shape:
            return _times(b.scale, a, False)
        if not b.row and dot is not True:
            return b.scale * a * sp.OneMatrix(a.shape[1], 1)
        if b.row and a.shape[1] == 1:
            return Across(b.scale * a)
    raise NotExportable("a product with 𝟏 whose size nothing fixes: write 𝟏_m")


def _mentions_example(node, letter: str) -> bool:
    if isinstance(node, ast.Name):
        return node.sup == letter
    if isinstance(node, tuple):
        return any(_mentions_example(item, letter) for item in node)
    if hasattr(node, "__dataclass_fields__"):
        return any(_mentions_example(getattr(node, f), letter) for f in node.__dataclass_fields__)
    return False


def _is_scalar(value) -> bool:
    return not isinstance(value, (sp.MatrixExpr, _Each, _Examples, *_DEFERRED))


def _entrywise(body, arg):
    if isinstance(arg, _DEFERRED):
        raise NotExportable("a function of 𝟏 whose size nothing fixes: write 𝟏_m")
    if isinstance(arg, _Each):
        return _Each(ElementwiseApplyFunction(sp.Lambda(_T, body), arg.expr))
    if isinstance(arg, sp.MatrixExpr):
        return ElementwiseApplyFunction(sp.Lambda(_T, body), arg)
    if isinstance(arg, _Examples):
        raise NotExportable("a function of a whole example vector inside a sum")
    return body.xreplace({_T: arg})


def _plus(a, b):
    a, b = _sized(a, b), _sized(b, a)
    if isinstance(a, _DEFERRED) or isinstance(b, _DEFERRED):
        raise NotExportable("𝟏 of no size added to what does not fix its size: write 𝟏_m")
    if isinstance(a, _Examples) or isinstance(b, _Examples):
        raise NotExportable("adding example vectors inside a sum")
    if isinstance(a, _Each) or isinstance(b, _Each):
        x, y = (a.expr if isinstance(a, _Each) else a), (b.expr if isinstance(b, _Each) else b)
        if isinstance(a, _Each) != isinstance(b, _Each) and not (_is_scalar(a) or _is_scalar(b)):
            raise NotExportable("adding a shared vector to the entries of a sum")
        return _Each(_plus(x, y))
    a_matrix, b_matrix = isinstance(a, sp.MatrixExpr), isinstance(b, sp.MatrixExpr)
    if a_matrix and b_matrix:
        return a + b
    if a_matrix or b_matrix:  # 1 - h: the scalar added to each entry
        matrix, scalar = (a, b) if a_matrix else (b, a)
        return matrix + Fill(scalar, *matrix.shape)
    return a + b


def _times(a, b, dot):
    if isinstance(a, _DEFERRED) or isinstance(b, _DEFERRED):
        return _ones_product(a, b, dot)
    if isinstance(a, _Examples) or isinstance(b, _Examples):
        return _example_product(a, b)
    if isinstance(a, _Each) or isinstance(b, _Each):
        if _is_scalar(a) or _is_scalar(b):
            scalar, each = (a, b) if _is_scalar(a) else (b, a)
            return _Each(scalar * each.expr)
        if not (isinstance(a, _Each) and isinstance(b, _Each)):
            raise NotExportable("a product of a shared vector with the entries of a sum")
        return _Each(sp.HadamardProduct(a.expr, b.expr))
    if dot in ("frobenius", "divide"):
        raise NotExportable("A : B and a ⊘ b have no matrix form here yet")
    if _is_scalar(a) or _is_scalar(b):
        return a * b
    if dot == "elementwise":
        return sp.HadamardProduct(a, b)
    if dot is True and a.shape == b.shape and 1 in a.shape:  # x · y: the dot product
        return EntrySum(a.T * b if a.shape[1] == 1 else a * b.T)
    return a * b


def _example_product(a, b):
    """wᵀx⁽ⁱ⁾ for every i: the rows of X times w; x⁽ⁱ⁾ᵀA: X A."""
    if isinstance(b, _Examples) and not b.row and isinstance(a, sp.MatrixExpr):
        product = b.batch * a.T  # (m, p): row i is (A x⁽ⁱ⁾)ᵀ
    elif isinstance(a, _Examples) and a.row and isinstance(b, sp.MatrixExpr):
        product = a.batch * b
    else:
        raise NotExportable("a product with x^{(i)} that has no matrix form")
    return _Each(product) if product.shape[1] == 1 else _Examples(product, row=isinstance(a, _Examples))


# The module ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Exported:
    """What a proved step becomes: the printed expressions and what the module is built from."""
    variable: str  # the Python name of the variable differentiated by
    parameters: tuple[str, ...]  # every array gradient and loss take, in the document's order
    shapes: dict  # parameter → (rows, cols) as size names or numbers; () for a scalar
    one_hot: dict  # parameter → "rows" or "columns": where a one-hot label's 1s lie
    sizes: dict  # size name → the size the generated test draws at
    gradient: str  # NumPy code
    loss: str
    gradient_sympy: str
    loss_sympy: str


def export(notation: Notation, definitions: dict, proved: dict, deriv: ast.Deriv, rhs,
           restated: dict | None = None) -> Exported:
    """The right-hand side ``rhs`` of a proved ``deriv`` (∂L/∂x) and the loss L, at any size;
    ``proved`` as the Translator takes it.
    ``restated``: the names given another value before the step (key → line), which verify reads
    from there on; code built from their first value would not be the step's."""
    key = key_of(deriv.var)
    if loss_key(deriv.body) not in definitions:
        raise NotExportable("the document defines no loss L = … to check the gradient against")
    cut = key if key in definitions else None
    if cut is None and (notation.leaf(key) is None or notation.leaf(key).family):
        raise NotExportable(f"{key} is neither declared nor defined")
    translator = Translator(notation, definitions, proved, cut)
    gradient, loss = translator.value(applied(rhs, definitions)), translator.value(deriv.body)
    for name, line in (restated or {}).items():
        if name in translator.used:
            raise NotExportable(f"{written_key(name)} is given another value at line {line}; export reads a "
                                "name defined once")
    wrt = translator.symbol(key)
    if isinstance(gradient, (_Each, _Examples)) or isinstance(loss, (_Each, _Examples)):
        raise NotExportable("an index is left unbound by a sum")
    if isinstance(gradient, _DEFERRED) or isinstance(loss, _DEFERRED):
        raise NotExportable("𝟏 whose size nothing fixes: write 𝟏_m")
    if not _is_scalar(loss):
        raise NotExportable("the loss is not a scalar")
    if _shape(gradient) != _shape(wrt):
        raise NotExportable(f"the gradient's shape {_shape(gradient)} is not {key}'s {_shape(wrt)} "
                            "(a transpose of the convention the variable is declared in)")
    if wrt not in loss.free_symbols:
        raise NotExportable(f"the loss does not depend on {key}")
    used = (gradient.free_symbols if hasattr(gradient, "free_symbols") else set()) | loss.free_symbols
    leaves = [k for k, symbol in translator.leaves.items() if symbol in used or k == key]
    order = [leaf.key for leaf in notation.leaves] + [key]
    leaves.sort(key=order.index)
    names = {k: str(translator.leaves[k].name) for k in leaves}
    size_of = {symbol: name for name, symbol in translator.sizes.items()}
    shapes = {names[k]: tuple(size_of.get(d, int(d) if d.is_number else str(d))
                              for d in _shape(translator.leaves[k]) or ()) for k in leaves}
    return Exported(variable=names[key], parameters=tuple(names[k] for k in leaves), shapes=shapes,
                    one_hot={names[k]: translator.one_hot[k] for k in leaves if k in translator.one_hot},
                    sizes={name: TEST_SIZES.get(name, OTHER_SIZE) for name in notation.sizes},
                    gradient=print_numpy(gradient), loss=print_numpy(loss),
                    gradient_sympy=str(gradient), loss_sympy=str(loss))


def _shape(value):
    return tuple(value.shape) if isinstance(value, sp.MatrixExpr) else ()


_ENVIRONMENT = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False,  # Python, not HTML
                                  keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
_ENVIRONMENT.filters["pyrepr"] = repr  # the only way a document's text enters the module: a literal
_TEMPLATE = _ENVIRONMENT.from_string('''\
"""The proved gradient of one step of a derivation, as NumPy code, with a test against the loss.

Written by `gradproof export` from the step in STEP; the code is printed by SymPy from the matrix
expressions in SYMPY. Vectors are NumPy columns of shape (n, 1); sizes are read from the arrays.
Run its test with `python -m pytest {{ filename }}`.
"""
{% if builtins %}
import builtins

{% endif %}
import numpy

STEP = {{ step | pyrepr }}
SYMPY = {{ sympy | pyrepr }}
SHAPES = {{ shapes | pyrepr }}
ONE_HOT = {{ one_hot | pyrepr }}
TEST_SIZES = {{ sizes | pyrepr }}


def gradient({{ parameters | join(", ") }}):
    """The step's right-hand side: the derivative of the loss by {{ variable }}, in {{ variable }}'s shape."""
{% for line in size_lines %}
    {{ line }}
{% endfor %}
    return {{ gradient }}


def loss({{ parameters | join(", ") }}):
    """The document's loss; it takes the same arrays as gradient, so one dict feeds both."""
{% for line in size_lines %}
    {{ line }}
{% endfor %}
    return {{ loss }}


def draw(rng, sizes=TEST_SIZES):
    """Random arrays of SHAPES at ``sizes``: one-hot labels a single 1 per example, else normal."""
    arrays = {}
    for name, shape in SHAPES.items():
        dims = tuple(sizes.get(d, d) for d in shape)
        if ONE_HOT.get(name) == "columns":  # a 1 in each column: each example's label a column
            arrays[name] = numpy.eye(dims[0])[:, rng.integers(dims[0], size=dims[1])]
        elif name in ONE_HOT:  # a 1 in each row, or a vector's single 1
            matrix = dims[1] > 1
            classes = rng.integers(dims[1] if matrix else dims[0], size=dims[0] if matrix else 1)
            arrays[name] = numpy.eye(dims[1])[classes] if matrix else numpy.eye(dims[0])[:, classes]
        elif dims:  # entries of order 1/sqrt(size): products stay of order 1, far from where log or exp overflow
            arrays[name] = rng.standard_normal(dims) / numpy.sqrt(max(dims))
        else:
            arrays[name] = numpy.array(rng.uniform(0.5, 1.5))
    return arrays


def central_differences(arrays, name, step=1e-6):
    """The derivative of loss by the array ``name``, one entry at a time."""
    value = arrays[name]
    out = numpy.zeros(value.shape)
    for index in numpy.ndindex(value.shape):
        up, down = value.copy(), value.copy()
        up[index] += step
        down[index] -= step
        out[index] = (loss(**{**arrays, name: up}) - loss(**{**arrays, name: down})) / (2 * step)
    return out


def test_gradient_matches_central_differences():
    arrays = draw(numpy.random.default_rng(0))
    exact = numpy.asarray(gradient(**arrays), dtype=float)
    numeric = central_differences(arrays, {{ variable | pyrepr }})
    assert exact.shape == numeric.shape, (exact.shape, numeric.shape)
    error = numpy.linalg.norm(exact - numeric) / max(numpy.linalg.norm(numeric), 1e-12)
    assert error < 1e-6, f"relative error {error:.2e} at sizes {TEST_SIZES}"
''')


def module_source(exported: Exported, step: dict, filename: str) -> str:
    """The text of the generated module. Every string from the document enters it through repr."""
    bound, size_lines = set(), []
    code = exported.gradient + exported.loss
    for name in exported.parameters:  # each size from the first array that has it; n from an axis of n+1
        shape = exported.shapes[name]
        for axis, dim in enumerate(shape):
            size, shift = size_offset(dim) or (dim, 0) if isinstance(dim, str) else (None, 0)
            if size is not None and size not in bound and re.search(rf"\b{re.escape(size)}\b", code):
                bound.add(size)
                size_lines.append(f"{size} = {name}.shape[{axis}]" + (f" - ({shift})" if shift else ""))
    return _TEMPLATE.render(step=step, sympy={"gradient": exported.gradient_sympy, "loss": exported.loss_sympy},
                            shapes=exported.shapes, one_hot=exported.one_hot, sizes=exported.sizes,
                            parameters=exported.parameters, variable=exported.variable,
                            gradient=exported.gradient, loss=exported.loss, size_lines=size_lines,
                            filename=filename, builtins="builtins." in code)


def export_step(doc: Document, result: DocumentResult, line: int, filename: str = "grad.py") -> str:
    """The module for the step of ``doc`` whose right-hand side begins at ``line``: where a line
    holds several steps (∂L/∂W = Xᵀ∂L/∂Z = (1/m)Xᵀ(P − Y)), the last one. Every step of its chain up
    to it must be proved, so that the chain's first side, a derivative of the loss, equals it."""
    if is_layered(document_chains(doc)):  # verify checks a copy of each chain per layer, which this does not read
        raise NotExportable(f"{doc.name} names its layers by a letter (w^l, W^{{[l]}}); export does not read "
                            "such derivations yet")
    notation, definitions, chains = read_claims(doc)
    if notation is None:
        raise NotExportable(f"{doc.name} is a word2vec derivation or declares nothing; export reads "
                            "derivations that declare their objects (x \\in \\mathbb{R}^d)")
    verdicts = {(s.line, s.lhs, s.rhs): s.verdict for c in result.chains for s in c.steps}
    found = [(chain, j) for chain in chains for j in range(1, len(chain.sides)) if chain.sides[j].line == line]
    if not found:
        lines = sorted({side.line for chain in chains for side in chain.sides[1:]})
        raise NotExportable(f"no step at line {line}; steps are at lines {', '.join(map(str, lines))}")
    chain, j = found[-1]
    unproved = _unproved(chain, j, verdicts)
    if unproved:
        raise NotExportable(f"the step at line {line} is not proved ({unproved}); only a proved step exports")
    deriv, rhs = _tree(chain.sides[0].latex, notation), _tree(chain.sides[j].latex, notation)
    if deriv is None or rhs is None:
        raise NotExportable(f"the step at line {line} has a side this reader cannot read")
    if isinstance(deriv, ast.Deriv) and deriv.second is not None:
        raise NotExportable(f"line {line} states a Hessian; export takes first derivatives of the loss")
    if not (isinstance(deriv, ast.Deriv) and deriv.second is None and isinstance(deriv.body, ast.Loss)):
        raise NotExportable(f"line {line} does not state a gradient of the loss (∂L/∂x = …); "
                            "export takes first derivatives of the loss the document defines")
    before = chains[:chains.index(chain)]
    exported = export(notation, definitions, _proved(notation, before, verdicts), deriv, rhs,
                      _restated(notation, definitions, before, verdicts))
    step = {"document": doc.name, "line": line, "lhs": chain.sides[0].latex, "rhs": chain.sides[j].latex,
            "verdict": verdicts[_key(chain, j)].value}
    return module_source(exported, step, filename)


def _tree(latex: str, notation: Notation):
    """A side as verify reads it, or None where it cannot be read (that side is no step's to export)."""
    try:
        return notation.subscripts.canonical(parse_forgiving(latex)[0])
    except GradproofError:
        return None


def _key(chain, j: int) -> tuple:
    return chain.sides[j].line, chain.sides[j - 1].latex, chain.sides[j].latex


def _unproved(chain, j: int, verdicts: dict) -> str | None:
    """The verdict of the first step of ``chain`` up to step ``j`` that is not proved, or None."""
    for i in range(1, j + 1):
        verdict = verdicts.get(_key(chain, i))
        if verdict not in (Verdict.PROVED, Verdict.NUMERICALLY_EQUAL):
            return f"line {chain.sides[i].line}: {verdict.value if verdict else 'not checked'}"
    return None


def _restated(notation: Notation, definitions: dict, chains, verdicts: dict) -> dict:
    """Names a claim gives a value again, ``L = …`` after L was defined, where that step is not shown
    equal to the first value: verify reads the name as the new value from there on (key → line)."""
    restated = {}
    for chain in chains:
        key = defined_key(_tree(chain.sides[0].latex, notation))
        if key in definitions and verdicts.get(_key(chain, 1)) not in (Verdict.PROVED, Verdict.NUMERICALLY_EQUAL):
            restated.setdefault(key, chain.sides[1].line)
    return restated


def _proved(notation: Notation, chains, verdicts: dict) -> dict:
    """Each first derivative a chain begins with (∂L/∂z = … = ŷ − y) → the last side of that chain,
    where every step of it is proved: the closed form it equals; the first such chain where several are."""
    proved = {}
    for chain in chains:
        first = _tree(chain.sides[0].latex, notation)
        if isinstance(first, ast.Deriv) and first.second is None and len(chain.sides) > 1 \
                and _unproved(chain, len(chain.sides) - 1, verdicts) is None:
            proved.setdefault(first, _tree(chain.sides[-1].latex, notation))
    return {first: last for first, last in proved.items() if last is not None}
