"""What a parsed side means in a concrete Instance: an exact SymPy scalar or matrix.

The notation of word2vec derivations, each primitive's meaning written next to it:
u_w is column w of U, v_c the center vector, ŷ = softmax(Uᵀv_c), y one-hot at o, u_k the k-th
negative draw, w_{t+j} the outside word at window offset j, J the loss in force, P(O=o|C=c) = ŷ_o.
A bound index (``\\sum_{w}``) shadows a free one of the same name, as in any math text.
Index notation reads entries: u_{w,i} and v_{c,i} are entry i of u_w and v_c, U_{i,w} is entry (i, w)
of U (d × V, its columns the u_w); a component index i ranges over 1..d (``\\sum_{i=1}^{d}``).

    >>> from checks.syntax import parse
    >>> from derive.instance import standard_instances
    >>> scope = Scope(standard_instances()[0], free={"w": 0})
    >>> evaluate(parse(r"\\hat{y}_w \\mathbf{v}_c"), scope).shape
    (2, 1)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

import sympy as sp

from checks import ellipsis
from checks import syntax as ast
from checks.errors import ShapeError, Unparsed
from checks.sized import entrywise
from derive import losses
from derive.gradients import gradient
from derive.instance import Instance

SAMPLE_LETTERS = frozenset("k")  # a free k ranges over the K draws; other letters over the words
MAX_EXPONENT = 1000
_INDEX_NAMES = frozenset("uvyw")
_FIXED = {"o", "c"}
_NOT_INDEXED = frozenset({"U", "V", "e", "sigma"})  # names whose subscript is not an index


@dataclass(frozen=True)
class Indexed:
    """``s_w = u_w^T v_c``: a name defined for every value of its index; s_o is the body at w = o."""
    var: str
    body: object


@dataclass(frozen=True)
class Scope:
    instance: Instance
    free: Mapping[str, int] = field(default_factory=dict)  # word ids 0-based; draws 1..K
    loss: str = "naive-softmax"  # what a bare J means
    definitions: Mapping[str, object] = field(default_factory=dict)  # names the document defined
    losses: Mapping[str, str] = field(default_factory=dict)  # J_{ns} → the loss its formula is
    components: frozenset = frozenset()  # free letters that index a vector's entries (the i of v_{c,i})
    draws: frozenset = frozenset()  # free letters that number the draws (the s of u_{w_s}), as k does
    bare_sums: str = "words"  # what \sum_k without limits runs over: "words" or "samples" (the K draws)
    window: bool = False  # inside a sum over the window, o (and y, a bare J) is the word at offset j
    centre_left_out: bool = False  # a window sum leaves out j = 0 even where its limits take it in: the text says so


def is_sample_letter(letter: str) -> bool:
    return letter in SAMPLE_LETTERS


def evaluate(node, scope: Scope):
    """The value of ``node``; ShapeError where a product's shapes do not fit."""
    return evaluate_noted(node, scope)[0]


def evaluate_noted(node, scope: Scope):
    """(value, partial): ``partial`` says which derivatives through a defined name were read as
    partial derivatives, a reading that may prove a step but not refute it."""
    evaluator = _Evaluator(scope, repair=False)
    return evaluator.value(node, _initial_env(scope)), tuple(evaluator.partial)


def evaluate_repaired(node, scope: Scope):
    """(value, repairs, partial): products whose shapes do not fit are read with a transpose, noted."""
    evaluator = _Evaluator(scope, repair=True)
    value = evaluator.value(node, _initial_env(scope))
    return value, tuple(evaluator.repairs), tuple(evaluator.partial)


def _initial_env(scope: Scope) -> dict:
    inst = scope.instance
    env = {"o": ("word", inst.o), "c": ("word", inst.c)}
    for letter, value in scope.free.items():
        if letter in scope.components:
            env[letter] = ("component", value)
        else:
            env[letter] = ("sample", value) if is_sample_letter(letter) or letter in scope.draws \
                else ("word", value)
    return env


def free_indices(node) -> frozenset[str]:
    """Index letters used but bound by no sum: the w of ∂/∂u_w."""
    found: set[str] = set()
    _collect_free(node, frozenset(), found, set())
    return frozenset(found - _FIXED)


def component_indices(node) -> frozenset[str]:
    """The free letters that index entries of a vector: the i of v_{c,i} and of U_{i,w}."""
    components: set[str] = set()
    _collect_free(node, frozenset(), set(), components)
    return frozenset(components - _FIXED)


def draw_indices(node) -> frozenset[str]:
    """The free letters that number a draw: the s of u_{w_s}, w_s being the s-th negative sample."""
    found: set[str] = set()
    _collect_draws(node, frozenset(), found)
    return frozenset(found - _FIXED)


def _collect_draws(node, bound: frozenset, found: set) -> None:
    if isinstance(node, (ast.Name, ast.Index)):
        sub = node.sub or ""
        if sub.startswith("w_") and _is_index_letter(sub[2:]) and sub[2:] not in bound:
            found.add(sub[2:])
        if isinstance(node, ast.Index):
            _collect_draws(node.arg, bound, found)
        return
    if isinstance(node, ast.Indicator):
        for side in (node.left, node.right):
            if side.startswith("w_") and _is_index_letter(side[2:]) and side[2:] not in bound:
                found.add(side[2:])
        return
    if isinstance(node, ast.Sum):
        _collect_draws(node.body, bound | {node.var}, found)
        return
    if isinstance(node, ast.Deriv):
        _collect_draws(node.var, bound, found)
    for child in _children(node) + ((node.body,) if isinstance(node, ast.Deriv) else ()):
        _collect_draws(child, bound, found)


def assumptions(node) -> tuple[str, ...]:
    """What was assumed to read ``node`` as its author meant it, in words for a step's detail."""
    found: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, (ast.Name, ast.Index)) and item.sub == "0":
            base = item.base if isinstance(item, ast.Name) else "the vector"
            found.append(f"{base}_0 read as {base}_o (words are numbered from 1: there is no word 0)")
        if isinstance(item, ast.Prob) and item.joint:
            found.append(f"P(O={item.outside}, C=c) read as the conditional P(O={item.outside} | C=c)")
        if isinstance(item, ast.Sum):
            stack.append(item.body)
        elif isinstance(item, ast.Deriv):
            stack += [item.var, item.body]
        else:
            stack += list(_children(item))
    return tuple(dict.fromkeys(found))


def sampled_words(node) -> frozenset[str]:
    """Free word letters compared with a draw (the w of [w_k = w]): the author's w is a sampled word."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.Indicator):
            for one, other in ((item.left, item.right), (item.right, item.left)):
                if other.startswith("w_") and _is_index_letter(one):
                    found.add(one)
        elif isinstance(item, ast.Sum):
            stack.append(item.body)
        elif isinstance(item, ast.Deriv):
            stack.append(item.body)
        else:
            stack += list(_children(item))
    return frozenset(found - _FIXED)


def has_bare_loss(node) -> bool:
    """Whether ``node`` names the loss without saying which (a bare J, L, ℓ), so the one in force counts."""
    return _anywhere(node, lambda item: isinstance(item, ast.Loss) and item.name == "")


def has_window_sum(node) -> bool:
    """Whether ``node`` holds a sum over the window's offsets (\\sum_{-m \\le j \\le m, j \\ne 0})."""
    return _anywhere(node, lambda item: isinstance(item, ast.Sum) and item.domain == "offsets")


def has_bare_sum(node) -> bool:
    """Whether ``node`` holds a sum written without limits (``\\sum_k``), whose range the loss settles."""
    return _anywhere(node, lambda item: isinstance(item, ast.Sum) and item.domain == "bare")


def _anywhere(node, test) -> bool:
    """Whether ``test`` holds of ``node`` or of any node inside it (a sum's body, a derivative's)."""
    if test(node):
        return True
    inner = (node.body,) if isinstance(node, (ast.Sum, ast.Deriv)) else _children(node)
    return any(_anywhere(child, test) for child in inner)


def entry_indices(base: str, sub: str | None) -> tuple[str, str] | None:
    """(vector index, component index) of u_{w,i}, v_{c,i}, U_{i,w}; None when ``sub`` is one index."""
    if base == "U" and sub and re.fullmatch(r"[a-z]{2}", sub):  # U_{ij}: row i, column j
        sub = f"{sub[0]},{sub[1]}"
    if not sub or sub.count(",") != 1 or base not in ("u", "v", "U"):
        return None
    first, second = sub.split(",")
    return (second, first) if base == "U" else (first, second)


def _collect_free(node, bound: frozenset, found: set, components: set) -> None:
    if isinstance(node, ast.Name) and entry_indices(node.base, node.sub):
        for position, index in enumerate(entry_indices(node.base, node.sub)):
            index = index[2:] if index.startswith("w_") else index
            if _is_index_letter(index) and index not in bound:
                found.add(index)
                if position == 1:
                    components.add(index)
        return
    if isinstance(node, (ast.Name, ast.Index)):
        index = node.sub[2:] if node.sub and node.sub.startswith("w_") else node.sub
        indexable = isinstance(node, ast.Index) or node.base in _INDEX_NAMES or \
            node.base not in _NOT_INDEXED
        if indexable and index and _is_index_letter(index) and index not in bound:
            found.add(index)
        if isinstance(node, ast.Index):
            _collect_free(node.arg, bound, found, components)
        return
    if isinstance(node, ast.Indicator):
        for side in (node.left, node.right):
            index = side.split("_")[-1]
            if _is_index_letter(index) and index not in bound:
                found.add(index)
        return
    if isinstance(node, ast.Sum):
        _collect_free(node.body, bound | {node.var}, found, components)
        return
    if isinstance(node, ast.Deriv):
        _collect_free(node.var, bound, found, components)
        _collect_free(node.body, bound, found, components)
        return
    for child in _children(node):
        _collect_free(child, bound, found, components)


def _is_index_letter(text: str) -> bool:
    """w, x, k, and primed ones such as w'."""
    return bool(text) and text[0].isalpha() and text[0].islower() and set(text[1:]) <= {"'"}


def _children(node) -> tuple:
    if isinstance(node, (ast.Add,)):
        return node.terms
    if isinstance(node, ast.Mul):
        return node.factors
    if isinstance(node, (ast.Neg, ast.Transpose)):
        return (node.arg,)
    if isinstance(node, ast.Div):
        return (node.num, node.den)
    if isinstance(node, ast.Pow):
        return (node.base, node.exp)
    if isinstance(node, (ast.Call, ast.Index)):
        return (node.arg,)
    if isinstance(node, (ellipsis.Matrix, ellipsis.Series)):
        return ellipsis.entries(node)
    return ()


def defined_name(node) -> str | None:
    """The key of a bare unknown name (``\\theta``, ``z``, ``s_w``) standing alone: a definition's
    left side. A name indexed by a letter other than o and c (``s_w``) is keyed by its base alone.
    ``x`` means a free scalar until the document says otherwise (``x = u_o^T v_c``)."""
    own_x = isinstance(node, ast.Name) and node.base == "x"  # x, x_w: the document's own, once defined
    if isinstance(node, ast.Name) and not node.hat and (_meaning_of(node.base) is None or own_x):
        if node.sub and _is_index_letter(node.sub) and node.sub not in _FIXED:
            return node.base
        return node.base + (f"_{node.sub}" if node.sub else "")
    return None


def definition(node, body):
    """What a definition stores for its left side ``node``: the body, or an Indexed body for s_w."""
    if node.sub and _is_index_letter(node.sub) and node.sub not in _FIXED:
        return Indexed(node.sub, body)
    return body


def loss_of_formula(node) -> str | None:
    """Which word2vec loss a formula is about, from what it is made of: negative draws (a sum over
    the K samples, u_k, σ(−…)) make it negative sampling; ŷ, exp, softmax or P(o|c) naive softmax."""
    found: set[str] = set()
    _loss_features(node, found)
    if "draws" in found:
        return "neg-sample"
    if "softmax" in found:
        return "naive-softmax"
    return None


def _loss_features(node, found: set, words: frozenset = frozenset()) -> None:
    """``words``: letters a sum over the vocabulary binds, so that its u_k is a word, not a draw."""
    if isinstance(node, ast.Sum):
        found.add("draws" if node.domain == "samples" else "")
        _loss_features(node.body, found, words | {node.var} if node.domain == "words" else words)
    elif isinstance(node, ast.Name):
        index = node.sub[2:] if node.sub and node.sub.startswith("w_") else node.sub
        if node.base == "u" and index and is_sample_letter(index) and index not in words:
            found.add("draws")
        if node.hat:
            found.add("softmax")
    elif isinstance(node, ast.Call):
        if node.func == "sigma" and isinstance(node.arg, ast.Neg):
            found.add("draws")
        if node.func in ("exp", "softmax"):
            found.add("softmax")
        _loss_features(node.arg, found, words)
    elif isinstance(node, (ast.Prob, ast.Loss)):
        found.add("softmax" if isinstance(node, ast.Prob) or node.name == "crossentropy" else "")
    elif isinstance(node, ast.Deriv):
        _loss_features(node.body, found, words)
    else:
        for child in _children(node):
            _loss_features(child, found, words)


def _meaning_of(base: str) -> str | None:
    return {"u": "outside", "v": "center", "U": "U", "V": "C", "y": "y", "x": "x", "e": "e",
            "w": "word", "K": "draws"}.get(base)


class _Evaluator:
    def __init__(self, scope: Scope, repair: bool):
        self.scope, self.inst, self.repair = scope, scope.instance, repair
        self.repairs: list[str] = []
        self.partial: list[str] = []  # derivatives through a defined name read as partial ones
        self.expanding: list[str] = []  # the defined names being evaluated, outermost first

    def value(self, node, env: dict):
        method = self._entry if isinstance(node, ast.Index) else \
            getattr(self, "_" + type(node).__name__.lower(), None)
        if method is None or isinstance(node, ast.Name) and node.sup:  # ‖x‖, x^{(i)}: not word2vec's
            raise Unparsed(f"cannot read {type(node).__name__.lower()} in a word2vec derivation")
        return _scalar(method(node, env))

    def _defined_value(self, key: str, body, env: dict):
        """The value of a name the document defined. A definition that uses itself, directly
        (``\\theta = \\theta + 1``) or through others (a = b, b = a), has no value: without this
        its evaluation would only end in a RecursionError."""
        if key in self.expanding:
            cycle = " → ".join(self.expanding[self.expanding.index(key):] + [key])
            raise Unparsed(f"{key} is defined in terms of itself ({cycle[:200]})")
        self.expanding.append(key)
        try:
            return self.value(body, env)
        finally:
            self.expanding.pop()

    # leaves
    def _num(self, node: ast.Num, env):
        return sp.Rational(node.value)

    def _name(self, node: ast.Name, env):
        key = node.base + (f"_{node.sub}" if node.sub else "")
        if key in self.scope.definitions and not node.hat:
            if isinstance(self.scope.definitions[key], Indexed):
                if key == "x":  # x_w = u_w^T v_c defined; a bare x is still σ's scalar: σ'(x) = …
                    return self.inst.x
                raise Unparsed(f"{key} was defined with an index: write it with one")
            return self._defined_value(key, self.scope.definitions[key], env)
        indexed = self.scope.definitions.get(node.base)
        if isinstance(indexed, Indexed) and node.sub and not node.hat:  # s_o, s_x of s_w = …
            return self._defined_value(node.base, indexed.body,
                                       {**env, indexed.var: self._index(node.sub, env)})
        if node.sub and node.base in self.scope.definitions and not node.hat:  # θ_o: entry of θ
            vector = self._defined_value(node.base, self.scope.definitions[node.base], env)
            if isinstance(vector, sp.MatrixBase) and vector.shape[1] == 1 and vector.shape[0] == self.inst.V:
                return vector[self._word(node.sub, env), 0]
            raise Unparsed(f"{node.base} is not a vector over the vocabulary: cannot index it by {node.sub}")
        inst, base = self.inst, node.base
        if entry_indices(base, node.sub) and not node.hat:
            return self._component(node, env)
        if node.hat:
            if base != "y":
                raise Unparsed(f"unknown symbol \\hat{{{base}}}")
            p = losses.y_hat(inst)
            return p if node.sub is None else p[self._word(node.sub, env), 0]
        if base == "y":
            y = losses.one_hot(inst, self._index("o", env)[1])
            return y if node.sub is None else y[self._word(node.sub, env), 0]
        if base == "u" and node.sub:
            return self._outside_vector(node.sub, env)
        if base == "v" and node.sub:
            return inst.v(self._word(node.sub, env))
        if base == "U" and node.sub is None:
            return inst.U
        if base == "V" and node.sub is None:
            return inst.C
        if base == "V" and node.sub == "c":
            return inst.v_c
        if base == "x" and node.sub is None:
            return inst.x
        if base == "K" and node.sub is None:  # the number of negative draws
            return sp.Integer(inst.K)
        if base == "e" and node.sub is None:
            return sp.E
        if base == "e" and node.sub in _FIXED:  # e_o: the standard basis vector of word o, one-hot
            kind, word = self._index(node.sub, env)
            return sp.Matrix(inst.V, 1, lambda w, _: int(w == word))
        if base == "sigma" and node.sub is None:  # a bare σ, as in dσ/dx: σ(x)
            return losses.sigmoid(inst.x)
        raise Unparsed(f"unknown symbol {ast.written(node.base)}" + (f"_{node.sub}" if node.sub else ""))

    def _component(self, node: ast.Name, env):
        """u_{w,i}, v_{c,i}: entry i of the vector; U_{i,w}: entry i of column w."""
        vector_index, component = entry_indices(node.base, node.sub)
        kind, i = self._index(component, env) if not component.isdigit() else ("component", int(component) - 1)
        if kind != "component" or not 0 <= i < self.inst.d:
            order = "U_{i,w} (U is d × V)" if node.base == "U" else f"{node.base}_{{w,i}}"
            raise Unparsed(f"cannot read {node.base}_{{{node.sub}}} as an entry: write {order} "
                           "with i a component index (bound by \\sum_{i=1}^{d} or free)")
        if node.base == "v":
            vector = self.inst.v(self._word(vector_index, env))
        else:
            vector = self._outside_vector(vector_index, env)
        return vector[i, 0]

    def _outside_vector(self, sub: str, env):
        kind, value = self._index(sub, env)
        if kind == "sample":
            return self.inst.u_sample(value)
        return self.inst.u(value)

    def _index(self, sub: str, env) -> tuple[str, int]:
        """An index's kind and value: a word id, a draw 1..K, or a window offset."""
        if sub in env:
            return env[sub]
        if sub.startswith("t") and len(sub) > 1 and sub[1] in "+-":
            offset = sub[2:]
            kind, j = env.get(offset, (None, None))
            if kind != "offsets":
                raise Unparsed(f"the window offset {offset} in w_{{{sub}}} is not bound by a sum")
            j = j if sub[1] == "+" else -j
            return "word", self.inst.c if j == 0 else self.inst.window_word(j)
        if sub == "w_t":  # v_{w_t}: the centre word at position t, whose window is w_{t+j}
            return "word", self.inst.c
        if sub.startswith("w_") and sub[2:].isdigit() and 1 <= int(sub[2:]) <= self.inst.K:
            return "sample", int(sub[2:])  # w_1, …, w_K: the draws, numbered
        if sub.startswith("w_") and len(sub) > 2:  # u_{w_k}: the vector of the k-th drawn word
            kind, value = self._index(sub[2:], env)
            return (kind, value) if kind in ("sample", "word") else ("word", self._word(sub, env))
        if sub.isdigit() and 1 <= int(sub) <= self.inst.V:
            return "word", int(sub) - 1
        if sub == "0":  # u_0, y_0 written for u_o, y_o: words count from 1, so there is no word 0
            return "word", self.inst.o
        if _is_index_letter(sub):
            raise Unparsed(f"the index {sub} has no value here (bind it by a sum or a case condition)")
        raise Unparsed(f"cannot read the index '{sub}'")

    def _word(self, sub: str, env) -> int:
        kind, value = self._index(sub, env)
        if kind == "sample":
            return self.inst.negatives[value - 1]
        if kind == "offsets":
            raise Unparsed(f"the window offset {sub} is not a word")
        if kind == "component":
            raise Unparsed(f"the component index {sub} is not a word")
        return value

    # operators
    def _add(self, node: ast.Add, env):
        values = [self.value(t, env) for t in node.terms]
        total = values[0]
        for v in values[1:]:
            total = self._plus(total, v)
        return total

    def _plus(self, a, b):
        a_matrix, b_matrix = isinstance(a, sp.MatrixBase), isinstance(b, sp.MatrixBase)
        if a_matrix and b_matrix:
            if a.shape != b.shape:
                if self.repair and a.shape == b.shape[::-1]:
                    self.repairs.append("added a row to a column (read as a transpose)")
                    return a + b.T
                raise ShapeError(f"cannot add {_shape(a)} and {_shape(b)}")
            return a + b
        if a_matrix or b_matrix:
            scalar, matrix = (b, a) if a_matrix else (a, b)
            if scalar == 0:
                return matrix
            raise ShapeError(f"cannot add a scalar and a {_shape(matrix)} matrix")
        return a + b

    def _series(self, node: ellipsis.Series, env):
        """a + b + ⋯ + z: the terms the pattern gives over the instance's words, added."""
        terms = ellipsis.expand(node.terms, self.inst.V, lambda letter: self._word(letter, env), self.inst.K)
        total = self.value(terms[0], env)
        for term in terms[1:]:
            total = self._plus(total, self.value(term, env))
        return total

    def _matrix(self, node: ellipsis.Matrix, env):
        return ellipsis.matrix_value(node, self.inst.V, lambda letter: self._word(letter, env),
                                     lambda entry: self.value(entry, env), self.inst.K)

    def _neg(self, node: ast.Neg, env):
        return -self.value(node.arg, env)

    def _mul(self, node: ast.Mul, env):
        result = self.value(node.factors[0], env)
        for factor, dot in zip(node.factors[1:], node.dots):
            result = _scalar(self._times(result, self.value(factor, env), dot))
        return result

    def _times(self, a, b, dot):
        if dot in ("frobenius", "divide"):
            return entrywise(a, b, dot)
        if not isinstance(a, sp.MatrixBase) or not isinstance(b, sp.MatrixBase):
            return a * b
        if dot == "elementwise":
            if a.shape != b.shape:
                raise ShapeError(f"cannot multiply a {_shape(a)} by a {_shape(b)} elementwise")
            return a.multiply_elementwise(b)
        if dot and a.shape == b.shape and a.shape[1] == 1:
            return (a.T * b)[0, 0]
        if a.shape[1] == b.shape[0]:
            return a * b
        if self.repair:
            for fixed, how in ((lambda: a * b.T, "the right factor"), (lambda: a.T * b, "the left factor")):
                x, y = (a, b.T) if how == "the right factor" else (a.T, b)
                if x.shape[1] == y.shape[0]:
                    self.repairs.append(f"a {_shape(a)} times a {_shape(b)} does not fit: "
                                        f"read with {how} transposed")
                    return fixed()
        raise ShapeError(f"cannot multiply a {_shape(a)} by a {_shape(b)}")

    def _div(self, node: ast.Div, env):
        num, den = self.value(node.num, env), self.value(node.den, env)
        if isinstance(den, sp.MatrixBase):
            raise ShapeError(f"cannot divide by a {_shape(den)} matrix")
        if den == 0:
            raise Unparsed("division by zero")
        return num / den

    def _pow(self, node: ast.Pow, env):
        base, exponent = self.value(node.base, env), self.value(node.exp, env)
        if isinstance(base, sp.MatrixBase) or isinstance(exponent, sp.MatrixBase):
            raise ShapeError("a matrix power")
        _check_exponent(exponent)
        if base.is_number and exponent.is_number and abs(base) > 1 and abs(exponent) * \
                sp.log(abs(base), 10) > MAX_EXPONENT:
            raise Unparsed("the number is too large")
        return _defined(base ** exponent, "0 to a negative power")

    def _transpose(self, node: ast.Transpose, env):
        value = self.value(node.arg, env)
        return value.T if isinstance(value, sp.MatrixBase) else value

    def _call(self, node: ast.Call, env):
        arg = self.value(node.arg, env)
        func = node.func
        if func == "softmax":
            if not isinstance(arg, sp.MatrixBase) or arg.shape[1] != 1:
                raise ShapeError("softmax of something that is not a column")
            e = arg.applyfunc(sp.exp)
            return e / sum(e)
        if func == "diag":  # diag(v): the square matrix with v on its diagonal
            if not isinstance(arg, sp.MatrixBase) or 1 not in arg.shape:
                raise ShapeError("diag of something that is not a vector")
            return sp.diag(*arg)
        apply = {"log": sp.log, "exp": _exp, "sigma": losses.sigmoid, "sigma'": _sigmoid_prime}.get(func)
        if apply is None:
            raise Unparsed(f"cannot read the function {func} in a word2vec derivation")
        value = arg.applyfunc(apply) if isinstance(arg, sp.MatrixBase) else apply(arg)
        return _defined(value, "the logarithm of 0" if func == "log" else f"{func} here")

    def _loss(self, node: ast.Loss, env):
        name = node.name
        inst = self.inst
        if node.letter.endswith(("~", "-")) or node.letter == "Omega":  # \tilde J, Ω(W): the document's own
            raise Unparsed(f"cannot read the loss {node.letter}: not one of word2vec's")
        _check_loss_arguments(node.args)
        if name in ("skipgram", "sg") or self.scope.losses.get(name) == "skipgram":  # the whole window's
            return losses.skipgram(inst, losses.LOSSES[self.scope.loss])
        outside = self._outside_of(node.args, env)
        pair = self.scope.losses.get(name) or {"negsample": "neg-sample", "negsampling": "neg-sample", "negativesampling": "neg-sample",
                "ns": "neg-sample", "neg": "neg-sample", "naivesoftmax": "naive-softmax",
                "softmax": "naive-softmax", "naive": "naive-softmax", "ce": "naive-softmax",
                "crossentropy": "naive-softmax"}.get(name)
        if name and pair is None:
            raise Unparsed(f"unknown loss J_{{{name}}}")
        return losses.LOSSES[pair or self.scope.loss](inst, outside)

    def _outside_of(self, args: tuple, env) -> int:
        if len(args) < 2:
            return self._index("o", env)[1]
        second = args[1]
        if second.startswith("w_"):
            return self._word(second[2:], env)
        if len(second) == 1 and second.isalpha():
            return self._word(second, env)
        raise Unparsed(f"cannot read the loss's outside-word argument '{second}' (o, w or w_{{t+j}})")

    def _entry(self, node: ast.Index, env):
        """softmax(Uᵀv_c)_o: entry o of a vector over the vocabulary."""
        vector = self.value(node.arg, env)
        if isinstance(vector, sp.MatrixBase) and 1 in vector.shape and max(vector.shape) == self.inst.V:
            return vector[self._word(node.sub, env)]
        raise Unparsed(f"cannot take entry {node.sub} of something that is not a vector over the vocabulary")

    def _prob(self, node: ast.Prob, env):
        return losses.y_hat(self.inst)[self._word(node.outside, env), 0]

    def _sum(self, node: ast.Sum, env):
        inst = self.inst
        domain = self.scope.bare_sums if node.domain == "bare" else node.domain
        if domain == "range":
            raise Unparsed(f"cannot read a sum up to {node.upper} in a word2vec derivation")
        if domain == "samples":
            values = [("sample", k) for k in range(1, inst.K + 1)]
        elif domain == "components":
            values = [("component", i) for i in range(inst.d)]
        elif domain == "offsets":
            left_out = {"0": 0, "-m": -inst.m, "m": inst.m}
            excluded = {left_out[x] for x in node.excluded} | ({0} if self.scope.centre_left_out else set())
            values = [("offsets", j) for j in range(-inst.m, inst.m + 1) if j not in excluded]
        else:
            excluded = {self._word(x, env) for x in node.excluded}
            values = [("word", w) for w in range(inst.V) if w not in excluded]
        total = None
        for value in values:
            bound = {**env, node.var: value}
            if domain == "offsets" and self.scope.window:  # y, u_o, a bare J: the word at offset j
                bound["o"] = ("word", inst.c if value[1] == 0 else inst.window_word(value[1]))
            term = self.value(node.body, bound)
            total = term if total is None else self._plus(total, term)
        return sp.Integer(0) if total is None else total

    def _deriv(self, node: ast.Deriv, env):
        if node.second is not None:  # ∂²J/∂v_c∂v_cᵀ: word2vec's reader takes first derivatives only
            raise Unparsed("a second derivative (a Hessian) of a word2vec loss is not read")
        var = node.var
        key = var.base + (f"_{var.sub}" if var.sub else "")
        through = self._defined_variable(var, env)
        if through is not None:
            return self._deriv_through(node, key, *through, env)
        if var.base == "x" and var.sub is None:
            wrt = self.inst.x
            body = self.value(node.body, env)
            return body.applyfunc(lambda e: sp.diff(e, wrt)) if isinstance(body, sp.MatrixBase) \
                else sp.diff(body, wrt)
        wrt = self._name(var, env)
        if isinstance(wrt, sp.Symbol) and entry_indices(var.base, var.sub):  # ∂J/∂v_{c,i}: one entry
            body = self.value(node.body, env)
            return body.applyfunc(lambda e: sp.diff(e, wrt)) if isinstance(body, sp.MatrixBase) \
                else sp.diff(body, wrt)
        if not isinstance(wrt, sp.MatrixBase) or not all(isinstance(s, sp.Symbol) for s in wrt):
            raise Unparsed(f"cannot take a derivative with respect to {var.base}"
                           + (f"_{var.sub}" if var.sub else ""))
        body = self.value(node.body, env)
        if isinstance(body, sp.MatrixBase):
            return _jacobian(body, wrt)
        return gradient(body, wrt)

    def _defined_variable(self, var: ast.Name, env):
        """(every value of the defined family, the positions differentiated by) when ``var`` is a name
        the document defined: θ (all its entries), θ_o (one entry of θ), x_w of x_w = u_w^T v_c (all
        the x's are the family, the one at w is the variable); None for the instance's own symbols."""
        key = var.base + (f"_{var.sub}" if var.sub else "")
        definitions = self.scope.definitions
        if var.hat and var.base == "y":  # ŷ is softmax(Uᵀv_c) in every word2vec document
            entries = list(losses.y_hat(self.inst))
            if var.sub is None:
                return entries, list(range(len(entries))), (self.inst.V, 1)
            return entries, [self._word(var.sub, env)], None
        if key in definitions and not isinstance(definitions[key], Indexed) and not var.hat:
            value = self._defined_value(key, definitions[key], env)
            entries = list(value) if isinstance(value, sp.MatrixBase) else [value]
            return entries, list(range(len(entries))), value.shape if isinstance(value, sp.MatrixBase) else None
        family = definitions.get(var.base)
        if var.sub and family is not None and not var.hat:
            if isinstance(family, Indexed):
                kind, value = self._index(var.sub, env)
                if kind == "sample":  # b_k = -u_k^T v_c: one entry per draw
                    entries = [self._defined_value(var.base, family.body, {**env, family.var: ("sample", k)})
                               for k in range(1, self.inst.K + 1)]
                    return entries, [value - 1], None
                entries = [self._defined_value(var.base, family.body, {**env, family.var: ("word", w)})
                           for w in range(self.inst.V)]
            else:
                vector = self._defined_value(var.base, family, env)
                if not (isinstance(vector, sp.MatrixBase) and vector.shape == (self.inst.V, 1)):
                    return None
                entries = list(vector)
            return entries, [self._word(var.sub, env)], None
        return None

    def _deriv_through(self, node: ast.Deriv, key: str, entries: list, targets: list, shape, env):
        """∂f/∂θ for a name θ the document defined: f is rewritten in fresh symbols that stand for θ's
        entries wherever θ's value occurs in it, differentiated by them, and θ put back. Where f is
        not a function of θ alone (another path to the same parameters is left), the result is the
        partial derivative holding that path fixed, one reading among others: it is noted."""
        derivatives, partial = self._derivatives_through(node, key, entries, env)
        if partial:
            self.partial.append(partial)
        if not any(derivatives[i] is not None for i in targets):
            raise Unparsed(f"cannot write the expression being differentiated through {key}, "
                           "a name the document defined")
        parts = [derivatives[i] if derivatives[i] is not None else _zero_like(derivatives) for i in targets]
        if isinstance(parts[0], sp.MatrixBase):  # a vector by a vector: the Jacobian, one column per entry
            return sp.Matrix.hstack(*parts)
        if shape is not None:
            return sp.Matrix(parts).reshape(*shape)
        return parts[0] if len(parts) == 1 else sp.Matrix(parts)

    def _other_names(self, key: str, env) -> list:
        """The values of every other name the document defined (each entry of a family), which a
        partial derivative by ``key`` holds fixed, as a computation graph's other nodes."""
        values: list = []
        for name, body in self.scope.definitions.items():
            if name == key:
                continue
            try:
                if isinstance(body, Indexed):
                    over = ("sample", range(1, self.inst.K + 1)) if is_sample_letter(body.var) or \
                        body.var in draw_indices(body.body) else ("word", range(self.inst.V))
                    values += [self._defined_value(name, body.body, {**env, body.var: (over[0], i)})
                               for i in over[1]]
                else:
                    value = self._defined_value(name, body, env)
                    values += list(value) if isinstance(value, sp.MatrixBase) else [value]
            except (Unparsed, ShapeError):
                continue
        return list(dict.fromkeys(values))

    def _derivatives_through(self, node: ast.Deriv, key: str, entries: list, env):
        """The derivative of the body by each entry of the family (None where the entry does not
        occur in it), and the partial-derivative note; computed once per body and family, since a
        sum over θ_w asks for them word by word."""
        used = free_indices(node.body) | component_indices(node.body)
        scope = self.scope
        cache_key = (self.inst, scope.loss, scope.bare_sums, tuple(sorted(scope.losses.items())),
                     tuple(sorted(scope.definitions.items(), key=lambda item: item[0])), node.body,
                     tuple(entries), frozenset((k, v) for k, v in env.items() if k in used))
        if len(_THROUGH) > _THROUGH_SIZE:
            _THROUGH.clear()
        if cache_key not in _THROUGH:
            # entries of equal value (z_j of a repeated draw) share a symbol: the sum over the draws is
            # symmetric in them, so each has an equal share of the derivative by that symbol
            distinct = list(dict.fromkeys(entries))
            fresh = [sp.Dummy(f"t{i}") for i in range(len(distinct))]
            written = _written_through(self.value(node.body, env), distinct, fresh)
            held = [e for e in self._other_names(key, env) if e.free_symbols and e not in entries]
            fixed = [sp.Dummy(f"h{i}") for i in range(len(held))]
            written = _written_through(written, held, fixed)  # the author's other names stay fixed
            symbols = set().union(*(e.free_symbols for e in entries))
            partial = None
            if _free_symbols(written) & symbols:
                partial = (f"∂/∂{key} read as a partial derivative, holding fixed what does not pass "
                           f"through {key.split('_')[0]}")
            back = dict(zip(fresh + fixed, distinct + held))
            by_symbol = [None if not written.has(t) else
                         (written.applyfunc(lambda e: sp.diff(e, t)) if isinstance(written, sp.MatrixBase)
                          else sp.diff(written, t)).xreplace(back) for t in fresh]
            derivatives = [None if by_symbol[distinct.index(e)] is None else
                           by_symbol[distinct.index(e)] / entries.count(e) for e in entries]
            _THROUGH[cache_key] = (derivatives, partial)
        return _THROUGH[cache_key]

    def _indicator(self, node: ast.Indicator, env):
        left, right = self._indicator_word(node.left, env), self._indicator_word(node.right, env)
        return sp.Integer(int((left == right) == node.equal))

    def _indicator_word(self, text: str, env) -> int:
        index = text.split("_", 1)[1] if text.startswith("w_") else text
        return self._word(index, env)


# (instance, what the scope says, body, family, env) → the body's derivatives by each entry of the
# family: a step asks for them once per reading and per word of a sum, and they cost seconds
_THROUGH: dict = {}
_THROUGH_SIZE = 4096


def _written_through(value, entries: list, symbols: list):
    """``value`` with each entry's expression replaced by its symbol, the largest first, so that a
    name defined through another (s = Σ exp(x_w)) is found before its parts are."""
    for entry, symbol in sorted(zip(entries, symbols), key=lambda pair: -sp.count_ops(pair[0])):
        if entry.free_symbols:
            value = value.subs(entry, symbol)
    return value


def _free_symbols(value) -> set:
    return set().union(*(e.free_symbols for e in value)) if isinstance(value, sp.MatrixBase) else value.free_symbols


def _zero_like(derivatives: list):
    """Zero in the shape of the derivatives that do exist: an entry the body does not contain."""
    example = next(d for d in derivatives if d is not None)
    return sp.zeros(*example.shape) if isinstance(example, sp.MatrixBase) else sp.Integer(0)


def _jacobian(f: sp.Matrix, wrt: sp.Matrix) -> sp.Matrix:
    """∂f/∂x of a vector by a vector, numerator layout (rows: f's entries, columns: x's); the
    denominator layout is its transpose, which the equivalence engine calls a convention."""
    if 1 not in f.shape or 1 not in wrt.shape:
        raise Unparsed("the derivative of a matrix, or by a matrix, of a vector-valued expression is not supported")
    return sp.Matrix(len(f), len(wrt), lambda i, j: sp.diff(f[i], wrt[j]))


def _scalar(value):
    if isinstance(value, sp.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def _shape(m) -> str:
    rows, cols = m.shape
    return f"{rows}×{cols}"


def _defined(value, what: str):
    """``value``, unless it is infinite or undefined (log 0, 0⁻¹): such a side has no value to
    compare, and the equivalence engine would skip it at every point and call the step equal."""
    if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise Unparsed(f"{what} is undefined")
    return value


def _check_exponent(exponent) -> None:
    if exponent.is_number and exponent.is_real and abs(exponent) > MAX_EXPONENT:
        raise Unparsed("the number is too large")


def _exp(arg):
    _check_exponent(arg)
    return sp.exp(arg)


def _sigmoid_prime(arg):
    z = sp.Dummy("z", real=True)
    return sp.diff(losses.sigmoid(z), z).subs(z, arg)


_CENTER_ARGUMENTS = ("v_c", "V_c")  # J(v_c, o, U): the center vector every loss here is a function of
_MATRIX_ARGUMENTS = ("U",)


def _check_loss_arguments(args: tuple) -> None:
    """J(v_c, o, U) is read loosely, but never past a different center vector or matrix: J(v_o, o, U)
    or J(v_c, o, U^\\top) is another function, which this module does not know, not the loss."""
    if len(args) < 2:
        return
    first, last = args[0].replace(" ", ""), args[-1].replace(" ", "")
    if first not in _CENTER_ARGUMENTS:
        raise Unparsed(f"cannot read the loss's center-vector argument '{args[0]}' (only v_c)")
    if len(args) >= 3 and last not in _MATRIX_ARGUMENTS:
        raise Unparsed(f"cannot read the loss's matrix argument '{args[-1]}' (only U)")
