"""What a subscript means in a derivation that declares its objects: an entry, an example, or a
part of the name; and what a bar means where the document says (Grosse's error signals, v̄ = ∂E/∂v).

``y_i`` is most often entry i of y, and the meaning layer reads it so. Two other uses are common.
Where a document declares ``x_n`` ("each $\\mathbf{x}_n$ is a $d$-dimensional vector") and sums over
n, x_n is the n-th example, which others write x^{(n)}: an example index. Where it declares
``h_t \\in \\mathbb{R}^H`` and sums over t nowhere, h_t is the vector of one time step and h_{t-1}
the one before: t is part of the name, a label. The reader rewrites every tree of such a document
once, into the forms the meaning layer knows: x_n into x^{(n)}, x_{nk} into x^{(n)}_k, h_{t-1} into
a name of its own, y_{t,k} into entry k of y_t, L_t into a loss of its own.

    >>> from checks.syntax import parse
    >>> subscripts = Subscripts(examples=frozenset("n"), labels=frozenset("t"))
    >>> subscripts.canonical(parse("x_n"))
    Name(base='x', sub=None, hat=False, sup='n')
    >>> subscripts.canonical(parse("h_{t-1,j}"))
    Name(base='h_{t-1}', sub='j', hat=False, sup=None)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable

from checks import syntax as ast
from checks.adjoints import Adjoints
from checks.syntax import key_of, walk

_LABELLED = re.compile(r"(?P<letter>[a-z])(?P<shift>[+-][0-9])?")  # t, t-1, t+1
_VARIABLE = re.compile(r"([A-Za-z]+)(?:_(\w+))?")  # the key of a loss's variable: theta, w, W_1


@dataclass(frozen=True)
class Subscripts:
    examples: frozenset[str] = frozenset()  # the n of x_n: which example
    labels: frozenset[str] = frozenset()  # the t of h_t: part of the name
    wholes: frozenset[str] = frozenset()  # keys of names defined whole (z = Wx): their z_n is an entry
    adjoints: Adjoints | None = None  # v̄ for ∂E/∂v, dW for ∂L/∂W: names of the loss's derivatives
    losses: frozenset[str] = frozenset()  # E of E(w) = …: a bare E later is that loss, not a name
    layers: frozenset[str] = frozenset()  # the W of W^{(1)}, W^{(2)}: layers, each a name of its own
    variables: tuple[tuple[str, str], ...] = ()  # a loss's key → the one name it is defined in (J_λ(θ) = …)
    iterations: frozenset[str] = frozenset()  # the t of an update to w^{(t+1)} or w_{t+1}: w^{(t)}, w_t are w
    renewed: frozenset[str] = frozenset()  # the w of an update to w^{new}: w^{old} is w, w^{new} a name of its own
    numbered: frozenset[str] = frozenset()  # W_1 declared or defined, W not: W_{1,kl} is entry kl of W_1
    examples_of: frozenset[str] = frozenset()  # the x of x_i, i an example index: x_1, x_m are examples too
    sizes: frozenset[str] = frozenset()  # the m of x_m: the last example
    maps: frozenset[str] = frozenset()  # φ of φ : ℝ^D → ℝ^K, named and never defined: φ(x_n) is Φ's example n
    renamed: tuple[tuple[str, str], ...] = ()  # a known function the document names another: σ for the softmax
    euler: bool = False  # e is a name the document gives a value (the error e = y − wᵀx): e² is its square

    def canonical(self, node):
        """``node`` with every subscript that is an example or a label written as such, and every
        name of a derivative (v̄, dW), where the document says it names one, written as that."""
        if replace(self, wholes=frozenset(), sizes=frozenset()) == Subscripts():  # these alone rewrite nothing
            return node
        return self._rewrite(node)

    def definition_sides(self, sides) -> list:
        """The sides of an equation, each ``canonical``; where the first is a loss the second writes in
        a name of its own derivative (ℓ = ȳᵀy, ȳ the cotangent it is given), without those names: a
        loss is never defined by its own derivative, and ȳ is a value there."""
        canonical = [None if side is None else self.canonical(side) for side in sides]
        if len(canonical) >= 2 and isinstance(canonical[0], ast.Loss) and canonical[1] is not None and any(
                isinstance(node, ast.Deriv) and isinstance(node.body, ast.Loss)
                and ast.loss_key(node.body) == ast.loss_key(canonical[0]) for node in walk(canonical[1])):
            plain = replace(self, adjoints=None)
            return [None if side is None else plain.canonical(side) for side in sides]
        return canonical

    def _rewrite(self, node):
        return ast.rewrite(node, self._canonical_node)

    def _canonical_node(self, node):
        if self.euler and isinstance(node, ast.Call) and node.func == "exp" and node.euler \
                and isinstance(node.arg, ast.Num):  # e^{-z} in σ(z) = 1/(1 + e^{-z}) stays exp
            return ast.Pow(ast.Name("e", None, False), node.arg)
        if self.renamed and isinstance(node, ast.Call) and node.func in dict(self.renamed):
            return self._rewrite(replace(node, func=dict(self.renamed)[node.func]))
        if isinstance(node, ast.Deriv) and node.var.base == "":
            return self._by_its_variable(node)
        if self.adjoints and self.adjoints.prefix and isinstance(node, ast.Mul) \
                and (prefixed := self._prefixed(node)) is not node:
            return self._rewrite(prefixed)
        by = self.adjoints.by_subscript(node) if self.adjoints and isinstance(node, ast.Name) else None
        if by is not None:
            loss = self.adjoints.loss  # E of ∂E/∂q, a Name when read: the loss it is
            if isinstance(loss, ast.Name):
                loss = self._canonical_node(loss) or loss
            return ast.Deriv(self._name(by), loss)
        variable = self.adjoints.variable(node.base) if self.adjoints and isinstance(node, ast.Name) else None
        if variable is not None:
            return ast.Deriv(self._name(ast.Name(variable, node.sub, node.hat, node.sup)), self.adjoints.loss)
        if isinstance(node, ast.Name) and node.base in self.losses and not (node.sub or node.sup or node.hat):
            return ast.Loss("", (), node.base)
        numbered = isinstance(node, ast.Name) and node.sub and not node.sup and re.fullmatch(r"(\d+),(.+)", node.sub)
        if numbered and f"{node.base}_{numbered.group(1)}" in self.numbered:  # W_{1,kl}: (W_1)_{kl}
            return ast.Name(key_of(ast.Name(node.base, numbered.group(1), node.hat)), numbered.group(2), False)
        if isinstance(node, ast.Name):
            return self._name(node)
        if self.maps and isinstance(node, ast.Mul) and (at := self._at_examples(node)) is not node:
            return self._rewrite(at)
        if isinstance(node, ast.Loss) and (self.iterations or self.renewed) and node.args:  # J(w^{(t)}), J(w^{old})
            args = tuple(self._current(arg) for arg in node.args)
            if args != node.args:
                moved = replace(node, args=args, at=self._rewrite(node.at))
                return self._canonical_node(moved) or moved
        if isinstance(node, ast.Loss) and node.name in self.labels:
            return replace(node, name="", letter=f"{node.letter}_{{{node.name}}}", at=self._rewrite(node.at))
        return None

    def _current(self, arg: str) -> str:
        """A loss's argument at the current iterate, w^(t), w_t, \\beta^old, as the bare name: w, \\beta."""
        if self.iterations:
            arg = re.sub(r"(?:\^\(|_)(?:%s)\)?$" % "|".join(sorted(self.iterations)), "", arg)
        word = ast.WORD_LABELLED_ARGUMENT.fullmatch(arg)
        return word.group(1) if word and word.group(2) in self.renewed and word.group(3) in _CURRENT else arg

    def _at_examples(self, node: ast.Mul) -> ast.Mul:
        """φ(x_n), φᵀ(x_n): a map the document names and never defines, at example n, is its batch Φ's
        example n, φ_n (the rows of Φ are φ(x_1)ᵀ, …); ``node`` itself where no factor is one."""
        factors, dots, i = list(node.factors), list(node.dots), 0
        while i + 1 < len(factors):
            head = factors[i].arg if isinstance(factors[i], ast.Transpose) else factors[i]
            arg = factors[i + 1]
            index = arg.sub if isinstance(arg, ast.Name) and arg.sub and not arg.sup else \
                arg.sup if isinstance(arg, ast.Name) and arg.sup and not arg.sub else None
            if isinstance(head, ast.Name) and head.base in self.maps and not (head.sub or head.sup) \
                    and index is not None and (index in self.examples or arg.base in self.examples_of):
                member = ast.Name(head.base, index, head.hat)
                factors[i:i + 2] = [ast.Transpose(member) if isinstance(factors[i], ast.Transpose) else member]
                del dots[i]
            i += 1
        if len(factors) == len(node.factors):
            return node
        return factors[0] if len(factors) == 1 else ast.Mul(tuple(factors), tuple(dots))

    def _prefixed(self, node: ast.Mul) -> ast.Mul:
        """δS, δR Cᵀ, δc_k: each δ before a name, that name's derivative of the loss (the document said
        δV := ∂L/∂V); ``node`` itself where there is none."""
        factors, dots, i = list(node.factors), list(node.dots), 0
        while i + 1 < len(factors):
            name = factors[i + 1].arg if isinstance(factors[i + 1], ast.Transpose) else factors[i + 1]
            if factors[i] == ast.Name(self.adjoints.prefix, None, False) and isinstance(name, ast.Name):
                derivative = ast.Deriv(name, self.adjoints.loss)  # δSᵀ: the transpose of δS
                factors[i:i + 2] = [ast.Transpose(derivative) if name is not factors[i + 1] else derivative]
                dots[i:i + 1] = []
            i += 1
        if len(factors) == len(node.factors):
            return node
        return factors[0] if len(factors) == 1 else ast.Mul(tuple(factors), tuple(dots))

    def _by_its_variable(self, node: ast.Deriv) -> ast.Deriv:
        """∇J_λ, ∇²ℓ: by the one variable the document defines the loss with; left blank (and
        unread) where it defines it with none or several."""
        if isinstance(node.body, ast.Loss):
            key = dict(self.variables).get(ast.loss_key(node.body))
        else:  # ∇ of an expression: by the variable every loss of the document is defined in
            key = next(iter(keys)) if len(keys := {name for _, name in self.variables}) == 1 else None
        variable = _VARIABLE.fullmatch(key or "")
        if variable is None:
            return node
        name = ast.Name(variable.group(1), variable.group(2), False)
        return ast.Deriv(name, self._rewrite(node.body), name if node.second is not None else None)

    def _name(self, node: ast.Name) -> ast.Name:
        if (word := _labelled_iterate(node.base)) and word[0] in self.renewed:  # w^{old}: w; w^{new}: w(new)
            return ast.Name(word[0] if word[1] in _CURRENT else f"{word[0]}(new)", node.sub, node.hat, node.sup)
        if node.sup in self.iterations:  # w^{(t)}: the current point, the loss's variable
            return self._name(ast.Name(node.base, node.sub, node.hat))
        if node.sup and node.sup[:1] in self.iterations and node.sup[1:] == "+1":  # w^{(t+1)}: the next, a name
            return ast.Name(f"{node.base}({node.sup})", node.sub, node.hat)
        if not node.sup and node.sub in self.iterations:  # w_t, H_t: at the current point
            return ast.Name(node.base, None, node.hat)
        if not node.sup and node.sub and node.sub[:1] in self.iterations and node.sub[1:] == "+1":  # w_{t+1}
            return ast.Name(f"{node.base}({node.sub})", None, node.hat)
        if node.sup and node.sup.isdigit() and node.base in self.layers:
            return ast.Name(f"{node.base}({node.sup})", node.sub, node.hat)
        if not node.sub or node.sup:
            return node
        first, rest = _split(node.sub)
        labelled = _LABELLED.fullmatch(first)
        if labelled and labelled.group("letter") in self.labels or first in self.labels and first[:1] == "\\":
            return ast.Name(f"{node.base}_{{{first}}}", rest, node.hat)
        numbered = not rest and (first.isdigit() or first in self.sizes) and node.base in self.examples_of
        if (first in self.examples or numbered) and key_of(ast.Name(node.base, None, node.hat)) not in self.wholes \
                and rest != first and not (rest and node.base[:1].isupper()):  # R_{nn}: a diagonal entry, not
            # entry n of example n; P_{ij}: an entry of the matrix P
            return ast.Name(node.base, rest, node.hat, first)
        return node


def _split(sub: str) -> tuple[str, str | None]:
    """"t-1,j" → ("t-1", "j"); "nk" → ("n", "k"); "n" → ("n", None)."""
    if "," in sub:
        first, rest = sub.split(",", 1)
        return first.strip(), rest.strip() or None
    if len(sub) == 2 and sub.isalpha():
        return sub[0], sub[1]
    return sub, None


def read_subscripts(declared: Iterable[str], chains: Iterable[list], wholes: Iterable[str],
                    sizes: Iterable[str]) -> Subscripts:
    """The example indices and labels of a document: the single-letter subscripts of its declared
    names (``declared``: their keys), an example index where some sum runs over the letter and a
    label where none does. ``chains``: the parsed sides of each chain (None where one does not
    parse); ``wholes``: the keys of the names it defines."""
    chains = list(chains)
    trees = [tree for sides in chains for tree in sides if tree is not None]
    bound = {node.var for node in walk(tuple(trees)) if isinstance(node, ast.Sum)}
    letters = {match.group(2) for key in declared  # (not e_y ∈ ℝ^K: the y-th unit vector)
               if (match := re.fullmatch(r"(.+)_([a-z])", key)) and match.group(1) != "e"}
    steps, renewed = _iterations(chains), _renewed(chains)
    letters = (letters | _examples_of_losses(trees) - steps) - set(sizes)  # ℓ(w, (x_i, y_i)), not L(w_t)
    keys = set(declared) | set(wholes)
    numbered = {key for key in keys if (match := re.fullmatch(r"(.+)_\d+", key)) and match.group(1) not in keys}
    examples = letters & bound
    defined = {sides[0].base for sides in chains if len(sides) >= 2 and isinstance(sides[0], ast.Name)}
    examples_of = {n.base for n in walk(tuple(trees)) if isinstance(n, ast.Name) and n.sub in examples and not n.sup
                   and n.base not in defined}  # q = (q_1, …, q_n)ᵀ beside q_i = σ(b_i): the listing of a definition
    return Subscripts(examples=frozenset(examples), labels=frozenset(letters - bound | _parameter_labels(trees, bound)),
                      examples_of=frozenset(examples_of), sizes=frozenset(sizes),
                      wholes=frozenset(wholes), layers=_layers(trees),
                      iterations=steps - bound - letters, renewed=renewed, numbered=frozenset(numbered))


def _parameter_labels(trees: list, bound: set[str]) -> set[str]:
    """The λ of β̂_λ where λ and β stand alone too (nλI, J(β)): the parameter an estimate is taken at, part
    of its name, never an index (a Greek index, x_μ of a sum, never stands alone)."""
    names = [n for n in walk(tuple(trees)) if isinstance(n, ast.Name)]
    alone = {n.base for n in names if not n.sub and not n.sup}
    return {n.sub for n in names if n.hat and n.sub and re.fullmatch(r"\\[a-zA-Z]+", n.sub) and n.sub[1:] in alone
            and n.base in alone} - bound  # (g_α of g_v := ∂J/∂v, h_θ of h_θ(x): no estimate's)


def _examples_of_losses(trees: list) -> set[str]:
    """The i of ℓ(w, (x_i, y_i)) where ℓ(w, (x, y)) is written too: the loss at example i's data,
    so i names an example."""
    uses: dict[str, set[tuple]] = {}
    for node in walk(tuple(trees)):
        if isinstance(node, ast.Loss) and node.args:
            uses.setdefault(ast.loss_key(node), set()).add(node.args)
    letters = set()
    for written in uses.values():
        for args, bare in ((a, b) for a in written for b in written if len(a) == len(b)):
            letters |= {m.group(2) for arg, name in zip(args, bare)
                        if (m := re.fullmatch(r"(.+)_([a-z])", arg)) and m.group(1) == name}
    return letters


def _iterations(chains: list[list]) -> frozenset[str]:
    """The letters t of an update, w^{(t+1)} = w^{(t)} − H⁻¹∇J(w^{(t)}), w_{k+1} = w_k − η g_k: a name
    at t+1 said equal to a step from t (the name at t and more, a derivative, or an inverse). Not h_{t+1} =
    tanh(W h_t): a recurrence in time."""
    found = set()
    for sides in chains:
        left, right = (sides + [None, None])[:2]
        label = (left.sup or left.sub or "") if isinstance(left, ast.Name) else ""
        if right is None or not (len(label) == 3 and label[0].isalpha() and label[1:] == "+1"):
            continue
        current = {ast.Name(left.base, None, left.hat, label[0]), ast.Name(left.base, label[0], left.hat)}
        if _steps_from(right, current) or _derivative_or_inverse(right):
            found.add(label[0])
    return frozenset(found)


_NEXT = ("new", "next")  # w^{\mathrm{new}}: the iterate an update gives
_CURRENT = ("old", "current", "cur")  # w^{\mathrm{old}}: the point it starts from


def _labelled_iterate(base: str) -> tuple[str, str] | None:
    """(w, new) for the base of w^{\\mathrm{new}} (w{new}), (w, old) for w^{old}; None for any other."""
    match = re.fullmatch(r"(.+)\{([a-z]+)\}", base)
    return (match.group(1), match.group(2)) if match and match.group(2) in _NEXT + _CURRENT else None


def _renewed(chains: list[list]) -> frozenset[str]:
    """The w of an update written with words, w^{new} = w^{old} − H⁻¹∇J or β^{new} = β + 𝓘(β)⁻¹U(β): a
    name labelled new said equal to a step from the one labelled old, or from the bare name. As w^{(t+1)}
    is, w^{new} is then a name of its own, the next iterate, and w^{old} the current point, w."""
    found = set()
    for sides in chains:
        left, right = (sides + [None, None])[:2]
        word = _labelled_iterate(left.base) if isinstance(left, ast.Name) and not left.sup else None
        if right is None or word is None or word[1] not in _NEXT:
            continue
        current = {ast.Name(f"{word[0]}{{{label}}}", left.sub, left.hat) for label in _CURRENT}
        if _steps_from(right, current | {ast.Name(word[0], left.sub, left.hat)}) or _derivative_or_inverse(right):
            found.add(word[0])
    return frozenset(found)


def _derivative_or_inverse(node) -> bool:
    return any(isinstance(n, ast.Deriv) or isinstance(n, ast.Pow) and isinstance(n.exp, ast.Neg) for n in walk(node))


def _steps_from(node, current: set) -> bool:
    """Whether ``node`` is a sum with the current iterate as one of its terms: w_t − η g_t."""
    return isinstance(node, ast.Add) and any(term in current for term in node.terms)


def _layers(trees) -> frozenset[str]:
    """The bases written with two or more numbers above them, W^{(1)} and W^{(2)}, and never with a
    letter (x^{(i)}): each number is a layer, not an example."""
    numbers: dict[str, set[str]] = {}
    for node in walk(tuple(trees)):
        if isinstance(node, ast.Name) and node.sup:
            numbers.setdefault(node.base, set()).add(node.sup)
    return frozenset(base for base, sups in numbers.items()
                     if all(sup.isdigit() for sup in sups) and len(sups) >= 2)
