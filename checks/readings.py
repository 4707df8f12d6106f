"""A reading of a derivation that declares its objects: the Space its values live in, and the
choices its notation leaves open (examples in rows or columns, o_j an example or an entry, ∂h/∂z
a Jacobian or its diagonal). A step is judged under each reading it depends on; the functions here
say which those are, and which index letters a step leaves free.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from checks import syntax as ast
from checks.notation import Function, Indexed
from checks.syntax import MEMBER, capital, family_key, index_parts, key_of, loss_key
from derive.spaces import Space

INDEX_WORD = re.compile(r"[a-z]'*(?:_[a-z])?")  # i, k', and y_i: the class of example i, an index in turn
_LABEL_OF_EXAMPLE = re.compile(r"([a-z])_([a-z])")


@dataclass(frozen=True)
class Reading:
    space: Space
    definitions: Mapping[str, object]  # key → the tree of its definition, in document order
    free: Mapping[str, int] = field(default_factory=dict)  # free index letters → 1-based values
    batch_rows: bool = True  # a batch holds one example a row (else a column): x^{(i)} and x_n
    # are its rows, softmax of a matrix acts on each row, as the one-hot labels of the Space are
    entrywise: bool = False  # ∂h/∂z of an entrywise h read as the vector of its diagonal
    subscript_examples: bool = True  # o_j of an undeclared o beside a batch O: its j-th example (else
    # entry j of one example o, the superscript (i) dropped); a sum's range decides where it can
    index_ranges: Mapping[str, str] = field(default_factory=dict)  # the size every sum over a letter runs to
    delta_entries: bool = False  # δ_{ik} beside a matrix Δ: Δ's entry (else Kronecker's delta)
    shared: dict = field(default_factory=dict, compare=False, repr=False)  # values of definitions that use no
    # free index, kept by the readings of one step that differ only in those indices' values


def uses_matrix_softmax(node, reading: Reading) -> bool:
    """Whether the readings of softmax (rows, columns) can differ for ``node``."""
    return mentions(node, reading, lambda n: isinstance(n, ast.Call) and n.func in ("softmax", "logsoftmax"))


def uses_examples(node, reading: Reading) -> bool:
    """Whether the step takes examples out of a batch (x^{(i)}, x_n), which may be rows or columns."""
    return mentions(node, reading, lambda n: isinstance(n, ast.Name) and (n.sup is not None or (
        n.sub is not None and len(n.sub) == 1 and n.sub.isalpha() and not reading.space.has(key_of(n)))))


def uses_subscript_examples(node, reading: Reading) -> bool:
    """Whether a subscript may pick an example or an entry: o_j, with o undeclared and O a batch, or
    p_k with p defined entry by entry, p_{kn} = …, and n dropped."""
    return mentions(node, reading, lambda n: isinstance(n, ast.Name) and n.sub is not None and len(n.sub) == 1
                     and n.sub.isalpha() and (beside_batch(n, reading) or _dropped_index(n, reading)))


def uses_delta_entries(node, reading: Reading) -> bool:
    """Whether δ_{ik} may be Kronecker's delta or an entry of the document's Δ ("Δ = ∂C/∂Z, with
    entries δ_{ik}"), each a reading the notation allows."""
    has_delta = reading.space.has("Delta") or "Delta" in reading.definitions
    return has_delta and mentions(node, reading, lambda n: isinstance(n, ast.Indicator) and n.delta)


def _dropped_index(node: ast.Name, reading: Reading) -> bool:
    body = reading.definitions.get(key_of(ast.Name(node.base, None, node.hat)))
    return isinstance(body, Indexed) and len(index_parts(body.var)) == 2 and node.sub in index_parts(body.var)


def beside_batch(node, reading: Reading) -> bool:
    """Whether ``node`` is o (or o_j) beside a batch O or beside its examples o^{(i)}, o itself neither
    declared nor defined: it stands for one example."""
    if not isinstance(node, ast.Name) or node.sup is not None or not node.base.islower():
        return False
    whole, big = key_of(ast.Name(node.base, None, node.hat)), key_of(ast.Name(capital(node.base), None, node.hat))
    family = family_key(node)
    known = (*reading.definitions, *(leaf.key for leaf in reading.space.leaves))
    return whole not in known and key_of(node) not in known and (whole != big and big in known or family in known)


def uses_vector_derivative(node, reading: Reading) -> bool:
    """Whether a derivative of something other than the loss (∂h/∂z) may be a Jacobian."""
    return mentions(node, reading, lambda n: isinstance(n, ast.Deriv) and not isinstance(n.body, ast.Loss))


def mentions(node, reading: Reading, test, seen: frozenset = frozenset(), entries: bool = False) -> bool:
    """Whether ``test`` holds of a node of ``node`` or of the definitions it uses; with ``entries``,
    an entry P_{ik} of a name defined whole uses P's definition too."""
    if test(node):
        return True
    if isinstance(node, (ast.Name, ast.Loss)):
        key = loss_key(node) if isinstance(node, ast.Loss) else key_of(node)
        if entries and key not in reading.definitions and isinstance(node, ast.Name) and node.sub:
            key = key_of(ast.Name(node.base, None, node.hat, node.sup))
        body = reading.definitions.get(key)
        return body is not None and key not in seen and mentions(body, reading, test, seen | {key}, entries)
    if isinstance(node, tuple):
        return any(mentions(item, reading, test, seen, entries) for item in node)
    if hasattr(node, "__dataclass_fields__"):
        return any(mentions(getattr(node, f), reading, test, seen, entries) for f in node.__dataclass_fields__)
    return False


def refers(node, reading: Reading, key: str) -> bool:
    """Whether ``node``, through the definitions it uses, refers to the given name ``key``: to x
    itself, an entry x_i, an example x^{(i)}, or, where x is not defined, its batch X, whose
    examples the loss of one example takes (p_j beside a defined p is p's entry, not P's)."""
    def to_key(n) -> bool:
        if isinstance(n, ast.Indicator):  # 1{y^{(i)} = j}, [k = y_i]: the label of example i
            return any(to_key(label) for label in _labels((n.left, n.right)))
        if not isinstance(n, ast.Name):
            return False
        if n.sub and any(to_key(label) for label in _labels(index_parts(n.sub))):  # P_{i y_i}
            return True
        whole = key_of(ast.Name(n.base, None, n.hat))
        batch = () if whole in reading.definitions else (key_of(ast.Name(capital(n.base), None, n.hat)),)
        return key in (key_of(n), whole, whole + "^()", *batch)
    return mentions(node, reading, to_key, entries=True)


def _labels(texts) -> list[ast.Name]:
    """The labels of examples among index texts, y^{(i)} for "y^(i)" and "y_i"."""
    return [ast.Name(m.group(1), None, False, m.group(2)) for text in texts
            if (m := MEMBER.fullmatch(text) or _LABEL_OF_EXAMPLE.fullmatch(text))]


def unweighable(left, right, reading: Reading) -> list[str]:
    """The given names (declared, or their shapes inferred) that stand on one side of a step only,
    while the other side's value comes through what the document defines (∂L/∂b, the loss, a
    defined name), and that no definition, the loss's included, refers to: nothing ties their
    values to the other side's (P, said in words to be the softmax), so the step cannot be weighed.
    A matrix whose shape was inferred is never declared: a definition that uses it (Δ = P − Y) ties
    it to nothing either."""
    bodies = [getattr(body, "body", body) for body in reading.definitions.values()]
    return [leaf.key for leaf in reading.space.leaves
            if any(refers(side, reading, leaf.key) and not refers(other, reading, leaf.key)
                   and _through_definitions(other, reading) for side, other in ((left, right), (right, left)))
            and leaf.key not in reading.definitions and examples_of(leaf.key) not in reading.definitions
            and (leaf.inferred and leaf.key[:1].isupper()
                 or not any(refers(body, reading, key) for body in bodies for key in _tied(leaf)))]


def examples_of(key: str) -> str | None:
    """The key of the examples a batch holds, q^{(j)} for Q; None for a name that is no batch's."""
    return family_key(ast.Name(key.lower(), None, False)) if re.fullmatch(r"[A-Z]", key) else None


def _tied(leaf) -> tuple[str, ...]:
    """The keys whose use in a definition ties ``leaf``'s values: its own, and for a family of
    examples x^{(i)} its batch X, whose columns or rows they are."""
    if not leaf.family:
        return (leaf.key,)
    return leaf.key, capital(leaf.key.removesuffix("^()"))


def _through_definitions(node, reading: Reading) -> bool:
    return mentions(node, reading, lambda n: isinstance(n, (ast.Deriv, ast.Loss)) or (
        isinstance(n, ast.Name) and key_of(n) in reading.definitions))


def free_letters(node, reading: Reading) -> list[str]:
    """Index letters a step uses but no sum binds: the i of ∂L/∂z_i = ŷ_i - y_i."""
    found: list[str] = []
    _collect(node, reading, frozenset(), found)
    return found


def _fixed_letters(reading: Reading) -> list[str]:
    """Index letters the definitions use but bind nowhere: the class y of ``L = -\\log \\hat y_y``.
    Each is one fixed value in a Space, as the word2vec reader fixes o."""
    found: list[str] = []
    for body in reading.definitions.values():
        if isinstance(body, Indexed):  # L_i = -log(e^{s_{y_i}} / …): y_i is fixed, i is L's own
            _collect(body.body, reading, frozenset(index_parts(body.var)), found)
        elif not isinstance(body, Function):
            _collect(body, reading, frozenset(), found)
    return found


def fixed_values(reading: Reading, hot: int) -> dict[str, int]:
    """Each fixed letter's value: the class of the one-hot label (``hot``, 1-based) for a class
    letter; for the example letter of a loss of one example, ``\\mathcal{L}(a^{(i)}, y^{(i)})``, the
    first example, the one a bare a or y beside its batch stands for ("drop the superscript (i)")."""
    examples = {n.sup for body in reading.definitions.values() for n in ast.walk(getattr(body, "body", body))
                if isinstance(n, ast.Name) and n.sup}
    return {letter: 1 if letter in examples else hot for letter in _fixed_letters(reading)}


def _given_label(letter: str, bound: frozenset, reading: Reading) -> bool:
    """Whether ``letter`` is y_i for an example i a sum binds, where the Space gives each example's
    label (the one-hot rows of Y, or y^{(i)}): then the class of example i, not one class for all."""
    label = _LABEL_OF_EXAMPLE.fullmatch(letter)
    return bool(label) and label.group(2) in bound and (
        reading.space.has(capital(label.group(1))) or reading.space.has(f"{label.group(1)}^()"))


def _collect(node, reading: Reading, bound: frozenset, found: list) -> None:
    if isinstance(node, ast.Name):
        if node.sub and key_of(node) not in reading.definitions and not reading.space.has(key_of(node)) \
                and key_of(node) not in dict(reading.space.sizes):  # n_h, a size, indexes nothing
            for letter in index_parts(node.sub):
                if INDEX_WORD.fullmatch(letter) and letter not in bound and letter not in found and \
                        letter not in dict(reading.space.sizes) and not _given_label(letter, bound, reading):
                    found.append(letter)
        if node.sup and node.sup.isalpha() and node.sup not in bound and node.sup not in found \
                and node.sup not in dict(reading.space.sizes):
            found.append(node.sup)
        return
    if isinstance(node, ast.Sum):
        _collect(node.body, reading, bound | {node.var}, found)
        return
    if isinstance(node, ast.Indicator):  # 1{y^{(i)} = j}: the example i whose class is compared
        for side in (node.left, node.right):
            member = MEMBER.fullmatch(side)
            if member and member.group(2).isalpha() and member.group(2) not in bound | set(found):
                found.append(member.group(2))
    if isinstance(node, ast.Prob) and node.event:  # p(y^{(i)} = l | x^{(i)}; θ): the class l, the example i
        for letter in [node.outside, *re.findall(r"\^\(([a-z])\)", node.event)]:
            if INDEX_WORD.fullmatch(letter) and letter not in bound | set(found) \
                    and letter not in dict(reading.space.sizes):
                found.append(letter)
    if isinstance(node, ast.Index):
        for letter in index_parts(node.sub):
            if letter.isalpha() and letter not in bound and letter not in found:
                found.append(letter)
    if isinstance(node, tuple):
        for item in node:
            _collect(item, reading, bound, found)
    elif hasattr(node, "__dataclass_fields__"):
        for f in node.__dataclass_fields__:
            _collect(getattr(node, f), reading, bound, found)
