"""A document's definitions made ready to evaluate: each use of a function the document defines,
``h_\\theta(x)``, made one Application, and a name put back where its value stands whole inside
another definition (A = XW + 𝟏bᵀ inside H = tanh(XW + 𝟏bᵀ)), so that the chain rule passes through it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Mapping

from checks import syntax as ast
from checks.notation import Function, Indexed
from checks.syntax import argument_key, function_named, index_parts, key_of, loss_key, plain_argument


@dataclass(frozen=True)
class Application:
    function: str  # the key of a function the document defines
    argument: object
    derivative: int = 0  # g'(z), g''(z): which derivative at the argument


@dataclass(frozen=True)
class Unclear:
    """``R(N)^{-1}``, the parser's R times N^{-1}: R(N) to the power, or R at N^{-1}; the two read
    alike, so neither is taken."""
    function: str
    power: object


def applied(node, definitions: Mapping[str, object]):
    """``node`` with each use of a defined function, ``h_\\theta(x)``, made one Application: the
    parser reads ``h_\\theta(x)`` as h_θ times x and ``\\log h_\\theta(x)`` as (log h_θ) times x,
    since it cannot know which names are functions; the document's definitions say."""
    functions = _functions(definitions)
    if not functions:
        return node
    return _apply(node, functions)


def _functions(definitions: Mapping[str, object]) -> dict[str, str | None]:
    """The keys of the functions the document defines (None), and of the names defined entry by entry
    as functions of the loss's variable, π_i(β), with that variable's key: π_i(β) is π_i."""
    found = {k: None for k, v in definitions.items() if isinstance(v, Function)}
    found.update({k: v.argument for k, v in definitions.items() if isinstance(v, Indexed) and v.argument})
    return found


def at_arguments(node, parameters: Mapping[str, tuple[str, ...]], definitions: Mapping[str, object]):
    """``node`` with each use of a loss defined in names, L(g, y) = …, at other values,
    L(σ(θᵀx + θ₀), y^{(i)}), made the loss's body with those values put in for the names; a use
    whose body also indexes a name (y_k) is left as it is."""
    def at_values(loss):
        if not isinstance(loss, ast.Loss):
            return None
        names, body = parameters.get(loss_key(loss)), definitions.get(loss_key(loss))
        if names and not loss.at and tuple(argument_key(a) for a in loss.args) == tuple(names) \
                and all(plain_argument(a) for a in loss.args):  # Cost(Ŷ, Y) of Cost(Ŷ, Y) = …: itself
            return replace(loss, args=())
        if not loss.at:
            return None
        if names and len(names) == len(loss.at) and body is not None and not isinstance(body, (Function, Indexed)):
            put = _put(body, {name: at_arguments(tree, parameters, definitions) for name, tree in zip(names, loss.at)})
            if put is not None:
                return put
        return loss
    return ast.rewrite(node, at_values)


def _put(body, values: Mapping[str, object]):
    """``body`` with each name whose key is in ``values`` replaced by its value, all at once; None
    where the body uses one of those names otherwise (an entry y_k, an example y^{(i)})."""
    bases = {re.match(r"[A-Za-z]*", key).group(0) for key in values}
    if any(isinstance(n, ast.Name) and n.base in bases and key_of(n) not in values for n in ast.walk(body)):
        return None
    return ast.rewrite(body, lambda node: values.get(key_of(node)) if isinstance(node, ast.Name) else None)


def applied_definitions(definitions: Mapping[str, object],
                        parameters: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, object]:
    """Every definition's body with its function uses made Applications (see ``applied``), with
    each use of a loss at other values put in (see ``at_arguments``), and with each other
    definition's body, where it stands whole inside it, read as that name."""
    if parameters:
        definitions = {key: at_arguments(body, parameters, definitions) for key, body in definitions.items()}
    definitions = _named(definitions)
    functions = _functions(definitions)
    if not functions:
        return dict(definitions)
    out = {}
    for key, body in definitions.items():
        if isinstance(body, Function) and body.entries is not None:
            entries = replace(body.entries, body=_apply(body.entries.body, functions))
            out[key] = replace(body, body=_apply(body.body, functions), entries=entries)
        elif isinstance(body, (Function, Indexed)):
            out[key] = replace(body, body=_apply(body.body, functions))
        else:
            out[key] = _apply(body, functions)
    return out


def _named(definitions: Mapping[str, object]) -> dict[str, object]:
    """H = tanh(XW + 𝟏bᵀ) and A = XW + 𝟏bᵀ: H = tanh(A), so that ∂H/∂A follows by the chain rule
    (the two trees are equal as written, which makes the reading certain)."""
    names = {}
    for key, body in definitions.items():
        plain = re.fullmatch(r"([A-Za-z]+)(?:_([A-Za-z0-9]+))?", key)  # A, W_1: a name as written
        if plain and not isinstance(body, (Function, Indexed, ast.Name, ast.Num)) and _closed(body):
            names[key] = (body, ast.Name(plain.group(1), plain.group(2), False))
    if len(names) < 2:
        return dict(definitions)
    out = {}
    for key, body in definitions.items():
        for other, (value, name) in names.items():  # never a name by itself, nor two by each other
            if other != key and value != definitions[key] and not isinstance(body, (Function, Indexed)) \
                    and not _names(value, names[key][1] if key in names else None):
                body = _replaced(body, value, name)
        out[key] = body
    return out


def _closed(tree, bound: frozenset = frozenset()) -> bool:
    """Whether a tree uses no index it does not bind: z = y_n θᵀx_n is one per example, not one value."""
    if isinstance(tree, ast.Name):
        return tree.sup is None and not (tree.sub and all(p.isalpha() and p.islower() and p not in bound
                                                          for p in index_parts(tree.sub)))
    if isinstance(tree, ast.Sum):
        return _closed(tree.body, bound | {tree.var})
    if isinstance(tree, ast.Index):
        return False
    if isinstance(tree, tuple):
        return all(_closed(item, bound) for item in tree)
    if hasattr(tree, "__dataclass_fields__"):
        return all(_closed(getattr(tree, f), bound) for f in tree.__dataclass_fields__)
    return True


def _names(tree, name) -> bool:
    return name is not None and any(n == name for n in ast.walk(tree))


def _replaced(node, old, new):
    return ast.rewrite(node, lambda item: new if item == old else None)


def _apply(node, functions: Mapping[str, str | None]):
    return ast.rewrite(node, lambda item: _applied_product(item, functions) if isinstance(item, ast.Mul) else None)


def _applied_product(node: ast.Mul, functions: Mapping[str, str | None]):
    """h_θ times x read as h_θ(x) where h_θ is a function the document defines (see ``applied``)."""
    factors = [_apply(f, functions) for f in node.factors]
    out, junctions, i = [], [], 0
    while i < len(factors):
        factor, before = factors[i], node.dots[i - 1] if i else None
        target = factor.arg if isinstance(factor, ast.Call) else factor
        primes = 0
        while isinstance(target, ast.Transpose):  # g'(z), g''(z): its derivatives, not gᵀz
            target, primes = target.arg, primes + 1
        whole = key_of(ast.Name(target.base, None, target.hat)) if isinstance(target, ast.Name) else None
        if whole in functions and functions[whole] is not None and target.sub and i + 1 < len(factors) \
                and isinstance(factors[i + 1], ast.Name) and key_of(factors[i + 1]) == functions[whole]:
            i += 2  # π_i(β): π_i, whose definition says it depends on β
        elif (named := function_named(target, [k for k, v in functions.items() if v is None])) \
                and i + 1 < len(factors) and isinstance(factors[i + 1], ast.Pow) and not isinstance(factor, ast.Call):
            factor = Unclear(named, factors[i + 1])
            i += 2
        elif named and i + 1 < len(factors) and isinstance(factors[i + 1], ast.Transpose) \
                and not isinstance(factor, ast.Call):  # r(c)^T: the parser's r times cᵀ, r(c) transposed
            factor = ast.Transpose(Application(named, factors[i + 1].arg, primes))
            i += 2
        elif named and i + 1 < len(factors):
            application = Application(named, factors[i + 1], primes)
            factor = ast.Call(factor.func, application) if isinstance(factor, ast.Call) else application
            i += 2
        else:
            i += 1
        if out:
            junctions.append(before)
        out.append(factor)
    return out[0] if len(out) == 1 else ast.Mul(tuple(out), tuple(junctions))
