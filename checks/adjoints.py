"""The names a derivation gives its loss's derivatives: Grosse's error signals (``\\bar v := ∂E/∂v``)
and the code names of backpropagation write-ups (``dW`` for ∂L/∂W, as CS231n and NumPy posts name them).

Where a document says so once, every such name of it is that derivative, and an equation that
gives one a value is a claim about the derivative, not a definition of a new name:

    >>> from checks.syntax import parse
    >>> said = [[parse("dS"), parse(r"\\frac{\\partial L}{\\partial S}"), parse("P - Y")],
    ...         [parse("dA"), parse(r"dH \\odot \\mathbb{1}[A > 0]")]]
    >>> adjoints = read_adjoints([[parse("L"), parse(r"\\sum_i S_i")], *said], "")
    >>> adjoints.variable("dA"), adjoints.variable("dS"), adjoints.variable("d")
    ('A', 'S', None)

A document says it in a display (``dS = \\frac{\\partial L}{\\partial S} = …``) or in prose ("$dA$ means
$\\frac{\\partial L}{\\partial A}$", "I write $dW_1$ for $\\partial L / \\partial W_1$ and so on"). The
code names are read so only where the document defines the loss before it uses them (a gradient
handed down, dA = ∂L/∂A of an L it leaves open or defines only later, stays a name), and never where the document gives a code name
another meaning (``dZ = m\\,\\partial J/\\partial Z``: a course's per-example convention).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from checks.errors import GradproofError
from checks.syntax import Deriv, Loss, Mul, Name, loss_key, parse, walk

_STATED = re.compile(  # "`dX` always means $∂L/∂X$", "$dA$ means $…$", "I write $dW_1$ for $…$"
    r"(?:`([^`$\n]{1,24})`|\$([^$\n]{1,40})\$)\s*(?:[A-Za-z]+\s+){0,2}?(?:means|denotes|stands\s+for|for|is)"
    r"\s*(?:the\s+)?\$([^$\n]{1,80})\$")
_CODE_NAME = re.compile(r"d([A-Za-z]+)")
_SUBSCRIPT_NAME = re.compile(r"(\\hat)?\\?([A-Za-z]+?)(?:_([A-Za-z0-9]+))?")  # b_k, \haty_k, \beta_kj: a name


@dataclass(frozen=True)
class Adjoints:
    loss: Loss | Name  # the loss whose derivatives the names are (E of ∂E/∂v, read as a loss where it is one)
    names: tuple[tuple[str, str], ...]  # (the base of a derivative's name, the base of its variable)
    prefix: str | None = None  # δ of "δV := ∂L/∂V" (a compiler's cotangent): δ before any name is its derivative
    subscripted: str | None = None  # g of "g_v = ∂J/∂v" for any v (an adjoint): g_{b_k} is ∂J/∂b_k

    def variable(self, base: str) -> str | None:
        """The base of the name whose derivative the name with ``base`` is; None for any other name."""
        return dict(self.names).get(base)

    def by_subscript(self, node: Name) -> Name | None:
        """The name whose derivative ``node`` is where the document names derivatives by a subscript,
        g_{\\hat{y}_k} for ∂J/∂ŷ_k; None for any other name."""
        if self.subscripted is None or node.base != self.subscripted or not node.sub or node.sup or node.hat:
            return None
        named = _SUBSCRIPT_NAME.fullmatch(node.sub)
        if named is None or named.group(2) == self.subscripted:
            return None
        return Name(named.group(2), named.group(3), bool(named.group(1)))


def read_adjoints(trees: Iterable[list], prose: str) -> Adjoints | None:
    """The derivative names of a document whose chains parse to ``trees`` (each chain's sides in the
    document's order, None where one does not parse) and whose prose is ``prose``; None where it
    names no derivative so."""
    chains = [sides for sides in trees if sides]
    bases = {node.base for sides in chains for side in sides for node in walk(side) if isinstance(node, Name)}
    loss = _said(chains, _barred)
    if loss is not None:
        return Adjoints(loss, tuple((base, base[:-1]) for base in sorted(bases) if _barred(base)))
    loss = next((sides[1].body for sides in chains if len(sides) >= 2 and _prefixed(sides[0], sides[1])), None)
    if loss is not None:
        return Adjoints(loss, (), "delta")
    placeholder = next((sides for sides in chains + _stated(prose) if len(sides) >= 2  # or "$G_V$ denotes $∂L/∂V$"
                        and _subscripted(sides[0], sides[1]) and _only_there(chains, sides)), None)
    if placeholder is not None:
        return Adjoints(placeholder[1].body, (), subscripted=placeholder[0].base)
    loss = _said(chains, _coded) or _said(_stated(prose), _coded)
    names = tuple((base, variable) for base in sorted(bases) if (variable := _coded(base)) and variable in bases)
    if loss is None or not _defined_first(chains, loss, {base for base, _ in names}) or _other_meaning(chains):
        return None
    return Adjoints(loss, names)


def _prefixed(left, right) -> bool:
    """δV = ∂L/∂V: δ times a capital name, said to be the loss's derivative by it."""
    return isinstance(left, Mul) and len(left.factors) == 2 and left.factors[0] == Name("delta", None, False) \
        and isinstance(left.factors[1], Name) and left.factors[1].base[:1].isupper() \
        and _derivative_of(left.factors[1], right, lambda base: base)


def _subscripted(left, right) -> bool:
    """g_v = ∂J/∂v: a name whose subscript is the derivative's variable, v a bare letter."""
    of_a_loss = isinstance(right, Deriv) and (isinstance(right.body, Loss) or isinstance(right.body, Name) and (
        right.body.base[:1].isupper() and not (right.body.sub or right.body.sup)))  # ∂E/∂v, E a loss read later
    return isinstance(left, Name) and of_a_loss and right.second is None \
        and isinstance(right.var, Name) and left.sub is not None \
        and len(left.sub) == 1 and right.var == Name(left.sub, None, False) and not left.sup and not left.hat


def _only_there(chains: list[list], placeholder: list) -> bool:
    """Whether the variable of g_v = ∂J/∂v is a placeholder: no other equation names v ("for any $v$")."""
    letter = placeholder[0].sub
    return not any(isinstance(node, Name) and node.base == letter
                   for sides in chains if sides is not placeholder for side in sides for node in walk(side))


def _barred(base: str) -> str | None:
    return base[:-1] if base.endswith("-") and len(base) > 1 else None


def _coded(base: str) -> str | None:
    match = _CODE_NAME.fullmatch(base)
    return match.group(1) if match else None


def _said(chains: Iterable[list], variable) -> Loss | None:
    """The loss of the first ``name = ∂L/∂v`` among ``chains`` where ``variable`` of the name's base
    is v's base, with the same subscript."""
    for sides in chains:
        if len(sides) >= 2 and _derivative_of(sides[0], sides[1], variable):
            return sides[1].body
    return None


def _derivative_of(left, right, variable) -> bool:
    return isinstance(left, Name) and isinstance(right, Deriv) and right.second is None \
        and isinstance(right.body, Loss) and isinstance(right.var, Name) \
        and variable(left.base) == right.var.base and (left.sub, left.sup) == (right.var.sub, right.var.sup)


def _defined_first(chains: list[list], loss: Loss, names: set[str]) -> bool:
    """Whether a chain defines ``loss`` before any chain uses one of ``names``."""
    for sides in chains:
        if isinstance(sides[0], Loss) and loss_key(sides[0]) == loss_key(loss) and len(sides) >= 2:
            return True
        if any(isinstance(node, Name) and node.base in names for side in sides for node in walk(side)):
            return False
    return False


def _stated(prose: str) -> list[list]:
    """The (name, derivative) pairs prose states."""
    found = []
    for match in _STATED.finditer(prose):
        try:
            found.append([parse(match.group(1) or match.group(2)), parse(match.group(3))])
        except GradproofError:
            continue
    return found


def _other_meaning(chains: list[list]) -> bool:
    """Whether a code name is given a value that involves the derivative it would be, but is not
    it: ``dZ = m\\,\\frac{\\partial J}{\\partial Z}``."""
    for sides in chains:
        left = sides[0]
        variable = _coded(left.base) if isinstance(left, Name) else None
        if variable is None:
            continue
        for right in sides[1:]:
            if right is not None and not _derivative_of(left, right, _coded) and any(
                    _derivative_of(left, node, _coded) for node in walk(right)):
                return True
    return False
