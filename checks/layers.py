"""Layers written as a superscript letter: Nielsen's w^l_{jk}, a^{l-1}_k and δ^L, Ng's W^{[l]} and
A^{[l-1]}, Goodfellow's h^{(l)}.

A derivation that holds in every layer l of an L-layer network is checked in one network of
``LAST`` = 2 layers whose input is layer 0: each chain that names layer l is copied once for each
l = 1, …, L whose neighbours it names (l − 1, l + 1) exist, with the layers written as numbers
(w^{[2]}, a^{[1]}); L is the last layer, 2. A definition so holds in every layer. A claim is
refuted where one copy of it is, proved where every copy is, and otherwise is what its least
decided copy is.

A letter counts as the layer where the document writes it beside a neighbour (a^{l-1}, W^{[l+1]}) or
in brackets (W^{[l]}); x^l alone stays a power.

    >>> from checks.chains import Chain, Side
    >>> chain = Chain((Side(r"\\delta^l", 3, None), Side(r"(W^{l+1})^T \\delta^{l+1} \\odot f'(z^l)", 3, None)),
    ...               None, (), True, 3, None)
    >>> [[s.latex for s in copy.sides] for copy in layered((chain,))]
    [['\\\\delta^{[1]}', "(W^{[2]})^T \\\\delta^{[2]} \\\\odot f'(z^{[1]})"]]
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from checks.chains import Chain
from checks.verdict import ChainResult, StepResult, Verdict

LAST = 2  # the last layer of the network every layer-generic claim is checked in
_LETTER = r"(?:l|\\ell(?![A-Za-z])|L)"
_OFFSET = r"(?:\s*([+-])\s*(\d))?"
# ^{[l-1](i)}, ^{(l)}, ^{l+1}, ^l, ^L: a layer above a name, the bracketed or parenthesized part kept apart
_LAYER = re.compile(rf"\^\s*(?:\{{\s*\[\s*({_LETTER}){_OFFSET}\s*\]|\{{\s*\(\s*({_LETTER}){_OFFSET}\s*\)\s*\}}|"
                    rf"\{{\s*({_LETTER}){_OFFSET}\s*\}}|({_LETTER})(?![A-Za-z]))")
_BASE = re.compile(r"(\\[A-Za-z]+|[A-Za-z])\s*(?:_\s*(?:\{[^{}]*\}|\\?\w+))?\s*$")  # the w of w_{jk}^l
_NEIGHBOUR = re.compile(r"\^\s*\{\s*[\[(]?\s*(?:l|\\ell)\s*[+-]\s*1\s*[\])]?\s*\}|\^\s*\{\s*\[\s*(?:l|\\ell)\s*\]")


def is_layered(chains: Iterable[Chain]) -> bool:
    """Whether the chains name a layer by a letter: a^{l-1}, W^{[l+1]} or W^{[l]} somewhere, and the
    letter stands above three names or more (x^l and x^{l-1} alone are powers of x)."""
    sides = [side.latex for chain in chains for side in chain.sides]
    if not any(_NEIGHBOUR.search(latex) for latex in sides):
        return False
    bases = {base.group(1) for latex in sides for match in _LAYER.finditer(latex)
             if (base := _BASE.search(latex, 0, match.start()))}
    return len(bases) >= 3


def layered(chains: Iterable[Chain]) -> tuple[Chain, ...]:
    """The chains of a document that names its layers by a letter, each chain that names one copied
    for every layer it holds in; the chains themselves where it does not."""
    chains = tuple(chains)
    if not is_layered(chains):
        return chains
    out: list[Chain] = []
    for origin, chain in enumerate(chains):
        written = [_layers(side.latex) for side in chain.sides]
        if not any(written):
            out.append(chain)
            continue
        generic = any(letter != "L" for found in written for letter, _ in found)
        for layer in range(1, LAST + 1) if generic else (LAST,):
            values = [(LAST if letter == "L" else layer) + offset for found in written for letter, offset in found]
            if min(values) < 0 or max(values) > LAST:
                continue  # δ^{l+1} at the last layer: no such layer
            sides = tuple(replace(side, latex=_at_layer(side.latex, layer)) for side in chain.sides)
            out.append(replace(chain, sides=sides, layer=(origin, layer if generic else None),
                               written=tuple((s.latex, w.latex) for s, w in zip(sides, chain.sides))))
    return tuple(out)


def _layers(latex: str) -> list[tuple[str, int]]:
    """(letter, offset) of each layer written above a name: ^{l-1} → ("l", -1), ^L → ("L", 0)."""
    found = []
    for match in _LAYER.finditer(latex):
        groups = match.groups()
        for start in (0, 3, 6):
            if groups[start]:
                letter = "L" if groups[start] == "L" else "l"
                sign, amount = groups[start + 1], groups[start + 2]
                found.append((letter, (-1 if sign == "-" else 1) * int(amount) if amount else 0))
        if groups[9]:
            found.append(("L" if groups[9] == "L" else "l", 0))
    return found


def _at_layer(latex: str, layer: int) -> str:
    def number(match: re.Match) -> str:
        (letter, offset), = _layers(match.group(0))
        value = (LAST if letter == "L" else layer) + offset
        return f"^{{[{value}]" if match.group(1) else f"^{{[{value}]}}"
    return _LAYER.sub(number, latex)


def merged(pairs: Iterable[tuple[Chain, ChainResult]]) -> list[ChainResult]:
    """One result for the copies of each chain written for every layer, as the module says; the
    results of other chains as they are."""
    out: list[ChainResult] = []
    copies: dict[int, list[tuple[Chain, ChainResult]]] = {}
    for chain, result in pairs:
        if chain.layer is None:
            out.append(result)
            continue
        if chain.layer[0] not in copies:
            copies[chain.layer[0]] = []
            out.append(result)  # its place, filled below
        copies[chain.layer[0]].append((chain, result))
    firsts = {id(group[0][1]): group for group in copies.values()}
    return [_merge(firsts[id(result)]) if id(result) in firsts else result for result in out]


def _merge(group: list[tuple[Chain, ChainResult]]) -> ChainResult:
    first = group[0][1]
    if len({len(result.steps) for _, result in group}) > 1:
        return first
    steps = tuple(_least(tuple((chain, result.steps[i]) for chain, result in group))
                  for i in range(len(first.steps)))
    results = tuple((chain, result.result) for chain, result in group if result.result is not None)
    final = _least(results) if len(results) == len(group) else first.result
    return replace(first, steps=steps, result=final)


_ORDER = (Verdict.REFUTED, Verdict.UNPARSED, Verdict.UNDECIDED, Verdict.CONVENTION, Verdict.NUMERICALLY_EQUAL,
          Verdict.PROVED)


def _least(copies: tuple[tuple[Chain, StepResult], ...]) -> StepResult:
    """The step as its copies say it together: the first copy whose verdict comes first in _ORDER,
    written as the document wrote it, with the layer it was judged at."""
    chain, step = min(copies, key=lambda pair: _ORDER.index(pair[1].verdict))
    written = dict(chain.written)
    layers = sorted({c.layer[1] for c, s in copies if c.layer[1] is not None and s.verdict is step.verdict})
    where = "" if not layers else f" (layer l = {layers[0]})" if step.verdict is not Verdict.PROVED and \
        step.verdict is not Verdict.NUMERICALLY_EQUAL else f" (in layers l = {', '.join(map(str, layers))})"
    return replace(step, lhs=written.get(step.lhs, step.lhs), rhs=written.get(step.rhs, step.rhs),
                   detail=step.detail + where)
