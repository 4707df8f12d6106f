"""Matrices written entry by entry, and lists whose middle is an ellipsis.

Syntax: ``\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}`` (and pmatrix, Bmatrix, matrix,
smallmatrix) becomes a ``Matrix`` of rows of entries; ``a + b + \\cdots + z`` a ``Series``; the
listing ``(u_1, u_2, \\dots, u_{|V|})`` a one-row ``Matrix``. An entry may be ``Dots``, the ellipsis.

Meaning: the entries on either side of an ellipsis differ only in one word index (``u_2^T v_c`` and
``u_{|V|}^T v_c``); the ellipsis stands for the same entry at every word in between, in the
instance at hand. An entry between two ellipses written with the index o (or c) is the entry at
that word; every other word follows the pattern. What cannot be settled so is ``Unparsed``, with
the reason: a pattern is never guessed.

    >>> from checks.syntax import Name
    >>> expand((Name("u", "1", False), Dots(), Name("u", "V", False)), 3, None)
    [Name(base='u', sub='1', hat=False, sup=None), Name(base='u', sub='2', hat=False, sup=None), Name(base='u', sub='3', hat=False, sup=None)]
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from typing import Callable

import sympy as sp

from checks.errors import OutOfRange, ShapeError, Unparsed

DOTS = ("dots", "ldots", "cdots", "vdots", "ddots", "dotsc", "dotsb")
_ENVIRONMENTS = ("matrix", "bmatrix", "pmatrix", "Bmatrix", "smallmatrix")
_DETERMINANTS = ("vmatrix", "Vmatrix")
_EDGE = re.compile(r"\\(begin|end)\s*\{(?:[pbBvV]?matrix|smallmatrix)\*?\}")
_LAST_WORD = ("|V|", "V", "N", "|Vocab|", "|W|", "|\\mathcalV|", "|\\mathcalW|")
_FIXED = ("o", "c")


@dataclass(frozen=True)
class Dots:
    """An ellipsis among entries: the entries that the pattern around it gives."""


@dataclass(frozen=True)
class Matrix:
    rows: tuple  # tuple of rows, each a tuple of nodes or Dots


@dataclass(frozen=True)
class Series:
    terms: tuple  # the terms of a sum, Dots among them


# syntax -------------------------------------------------------------------------------------------

def matrix_spans(latex: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the outermost matrix environments: only there is & a token."""
    spans, depth, start = [], 0, 0
    for edge in _EDGE.finditer(latex):
        if edge.group(1) == "begin":
            start = edge.start() if depth == 0 else start
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, edge.end()))
    return spans


def without_alignment(latex: str) -> str:
    """``latex`` with each & that aligns rows blanked; those between a matrix's entries are kept."""
    out, last = [], 0
    for start, end in matrix_spans(latex) if "matrix" in latex else ():
        out += [latex[last:start].replace("&", " "), latex[start:end]]
        last = end
    return "".join(out) + latex[last:].replace("&", " ")


def in_matrix(spans: list[tuple[int, int]], offset: int) -> bool:
    k = bisect.bisect_right(spans, (offset, len(spans) and spans[-1][1] + 1)) - 1
    return k >= 0 and spans[k][0] < offset < spans[k][1]


def at_dots(parser) -> bool:
    return parser.at("cmd") and parser.peek().text in DOTS


def read_matrix(parser, tok) -> Matrix:
    """After ``\\begin``: the environment's name, its entries (& between them, \\\\ between rows)
    and its ``\\end``."""
    name = parser._raw_group()
    if name in _DETERMINANTS:
        raise parser.error(f"a determinant ({name}) is not supported", tok)
    if name.rstrip("*") not in _ENVIRONMENTS:
        raise parser.error(f"unknown environment {name}", tok)
    parser.enter()
    rows, row = [], []
    while True:
        if at_dots(parser):
            parser.take()
            row.append(Dots())
        elif parser.at_sym("&") or parser.at("cmd", "\\") or parser.at("cmd", "end"):
            raise parser.error("an empty entry in a matrix")
        else:
            row.append(parser.expr())
        if parser.at_sym("&"):
            parser.take()
            continue
        if parser.at("cmd", "\\"):
            parser.take()
            rows.append(tuple(row))
            row = []
            if not parser.at("cmd", "end"):  # a \\ before \end closes no further row
                continue
        if parser.peek() is None:
            raise parser.error(f"\\begin{{{name}}} has no \\end{{{name}}}", tok)
        if not parser.at("cmd", "end"):
            raise parser.error("expected & or \\\\ between the entries of a matrix")
        parser.take()
        if parser._raw_group() != name:
            raise parser.error(f"\\begin{{{name}}} ends with another environment", tok)
        if row:
            rows.append(tuple(row))
        parser.depth -= 1
        return Matrix(tuple(rows))


def read_listing(parser, first, close: str):
    """``(u_1, u_2, \\dots, u_{|V|})`` after its first entry: a row of entries. Read only with an
    ellipsis among them; without one, ``(a, b)`` stays an error, as it was."""
    items = [first]
    while parser.at_sym(","):
        parser.take()
        if at_dots(parser):
            parser.take()
            items.append(Dots())
        else:
            items.append(parser.expr())
    if not any(isinstance(item, Dots) for item in items):
        raise parser.error(f"expected '{close}'")
    parser.expect_sym(close)
    return Matrix((tuple(items),))


def entries(node) -> tuple:
    """The written entries of a Matrix or Series, the ellipses left out."""
    items = node.terms if isinstance(node, Series) else tuple(e for row in node.rows for e in row)
    return tuple(e for e in items if not isinstance(e, Dots))


# meaning ------------------------------------------------------------------------------------------

def expand(items: tuple, words: int, word_of: Callable[[str], int] | None, draws: int = 0) -> list:
    """``items`` with each ellipsis replaced by the entries its pattern gives over words 1..``words``
    (or over the draws 1..``draws`` when the pattern ends at K); ``word_of`` gives the 0-based word
    of the index o or c."""
    if not any(isinstance(item, Dots) for item in items):
        return list(items)
    if isinstance(items[0], Dots) or isinstance(items[-1], Dots):
        raise Unparsed("an ellipsis needs a written entry on each side")
    out, i = [items[0]], 1
    while i < len(items):
        if not isinstance(items[i], Dots):
            out.append(items[i])
            i += 1
            continue
        # a run: entry, …, (entry at o, …)*, entry
        special, j = [], i
        while j + 2 < len(items) and isinstance(items[j + 2], Dots) and \
                not _regular(items[i - 1], items[j + 1], words):
            special.append(items[j + 1])
            j += 2
        if isinstance(items[j + 1], Dots):
            raise Unparsed("two ellipses side by side")
        out.pop()
        out += _run(items[i - 1], items[j + 1], special, words, word_of, draws)
        i = j + 2
    return out


def expand_sized(items: tuple, size_of: Callable[[str], int | None]) -> list:
    """``(a_1, a_2, \\dots, a_n)`` with its one ellipsis replaced by the entries at 3, …, n−1: the
    entries on either side differ in one index only, which runs from a number up to a number or a
    size (``size_of`` gives a size's value, None for a text that is none). What cannot be settled
    so is ``Unparsed``: a pattern is never guessed."""
    at = [k for k, item in enumerate(items) if isinstance(item, Dots)]
    if len(at) != 1 or at[0] in (0, len(items) - 1):
        raise Unparsed("a listing is read with one ellipsis between written entries")
    before, after = items[at[0] - 1], items[at[0] + 1]
    differences: list = []
    if not _differ(before, after, (), differences) or not differences:
        raise Unparsed("the entries on either side of an ellipsis must differ in one index only")
    ends = {(_clean(a), _clean(b)) for _, a, b in differences}
    if len(ends) != 1:
        raise Unparsed("the entries on either side of an ellipsis differ in more than one index")
    first, last = ends.pop()
    end = int(last) if last.isdigit() else size_of(last)
    if not first.isdigit() or int(first) < 1 or end is None or _has_dots(before):
        raise Unparsed(f"cannot tell which entries {first} … {last} stands for (write 1, 2, …, up to a size)")
    if end < int(first):
        raise OutOfRange(f"a listing up to {last}, which this instance makes {end}, has an entry at {first}")
    paths = [path for path, _, _ in differences]
    middle = [_with_index(before, paths, str(k)) for k in range(int(first), end + 1)]
    return list(items[:at[0] - 1]) + middle + list(items[at[0] + 2:])


def repeated_run(items: tuple) -> tuple[tuple, object, tuple] | None:
    """``(0, 1, \\dots, 1)``, ``(1, \\dots, 1, 0)``: one ellipsis between two equal entries, which it
    repeats as often as the size the listing meets needs. (entries before the run, the repeated
    entry, entries after it); None where the listing is no such run."""
    at = [k for k, item in enumerate(items) if isinstance(item, Dots)]
    if len(at) != 1 or at[0] in (0, len(items) - 1) or items[at[0] - 1] != items[at[0] + 1]:
        return None
    return items[:at[0] - 1], items[at[0] - 1], items[at[0] + 2:]


def _run(before, after, special: list, words: int, word_of, draws: int = 0) -> list:
    differences: list = []
    alike = _differ(before, after, (), differences)
    if not alike or not differences:
        raise Unparsed("the entries on either side of an ellipsis must differ in one word index only ("
                       + ("they differ in more" if not alike else "they do not differ in an index") + ")")
    ends = {(_clean(a), _clean(b)) for _, a, b in differences}
    if draws and not special and ends <= {("1", "K"), ("w_1", "w_K")}:  # u_1, …, u_K: the K draws
        return [_with_index(before, [path for path, _, _ in differences], f"w_{k}") for k in range(1, draws + 1)]
    first = {_position(a, words) for _, a, _ in differences}
    last = {_position(b, words) for _, _, b in differences}
    if len(first) != 1 or len(last) != 1 or None in first | last:
        raise Unparsed("cannot place the index that changes across an ellipsis: "
                       + ", ".join(f"{a} … {b}" for _, a, b in differences)
                       + " (write numbers 1, 2, … and |V| for the last word)")
    start, end = first.pop(), last.pop()
    if _has_dots(before):  # one pattern inside another would multiply the entries V-fold per level
        raise Unparsed("an ellipsis inside an entry of another ellipsis is not read")
    if start >= end:
        raise Unparsed(f"an ellipsis from word {start} to word {end} runs backwards")
    paths = [path for path, _, _ in differences]
    chosen = {_special_word(entry, word_of) + 1: entry for entry in special}
    for word in chosen:
        if not start <= word <= end:
            raise Unparsed(f"the entry at word {word} lies outside the words {start}…{end} the ellipsis spans")
    return [chosen.get(word) or _with_index(before, paths, str(word)) for word in range(start, end + 1)]


def _regular(before, entry, words: int) -> bool:
    """Whether ``entry``, written between two ellipses, continues the pattern (u_1, …, u_3, …, u_V)
    rather than being the entry at word o."""
    differences: list = []
    try:
        return _differ(before, entry, (), differences) and bool(differences) and \
            all(_position(b, words) is not None for _, _, b in differences)
    except Unparsed:
        return False


def _differ(a, b, path: tuple, out: list) -> bool:
    """Whether ``a`` and ``b`` have one structure; the index texts where they differ go to ``out``."""
    if type(a) is not type(b):
        return False
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_differ(x, y, path + (k,), out) for k, (x, y) in enumerate(zip(a, b)))
    if not dataclasses.is_dataclass(a):
        return a == b
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name in ("sub", "sup") and x != y and x is not None and y is not None:  # a_1 … a_n, g^{(1)} … g^{(n)}
            out.append((path + (f.name,), x, y))
        elif not _differ(x, y, path + (f.name,), out):
            return False
    return True


def _clean(sub: str) -> str:
    return sub.replace("{", "").replace("}", "").replace(" ", "")


def _position(sub: str, words: int) -> int | None:
    text = _clean(sub)
    if text.isdigit() and int(text) >= 1:
        if int(text) > words:
            raise Unparsed(f"an ellipsis's entry at word {text} but this instance has {words} words")
        return int(text)
    return words if text in _LAST_WORD else None


def _special_word(entry, word_of) -> int:
    """The 0-based word of an entry written between two ellipses: the one of o or c it is indexed by."""
    letters = {sub for sub in _subs(entry) if sub in _FIXED}
    if len(letters) != 1 or word_of is None:
        raise Unparsed("an entry between two ellipses must be the one at word o (or c): "
                       "cannot tell which word it stands for")
    return word_of(letters.pop())


def _subs(node) -> list[str]:
    found, stack = [], [node]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(item)
        elif dataclasses.is_dataclass(item):
            for f in dataclasses.fields(item):
                value = getattr(item, f.name)
                if f.name == "sub" and isinstance(value, str):
                    found.append(value)
                else:
                    stack.append(value)
    return found


def _has_dots(node) -> bool:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Dots):
            return True
        if isinstance(item, tuple):
            stack.extend(item)
        elif dataclasses.is_dataclass(item):
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
    return False


def _with_index(node, paths: list, index: str):
    for path in paths:
        node = _put(node, path, index)
    return node


def _put(node, path: tuple, value):
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, tuple):
        return node[:head] + (_put(node[head], rest, value),) + node[head + 1:]
    return dataclasses.replace(node, **{head: _put(getattr(node, head), rest, value)})


def matrix_value(node: Matrix, words: int, word_of, value: Callable, draws: int = 0):
    """The matrix that the entries make, blocks side by side in a row and rows stacked: a row of
    d×1 columns is d×V, a column of scalars V×1. An ellipsis is read along a single row or column."""
    rows = node.rows
    if len(rows) == 1:
        rows = (tuple(expand(rows[0], words, word_of, draws)),)
    elif all(len(row) == 1 for row in rows):
        rows = tuple((entry,) for entry in expand(tuple(row[0] for row in rows), words, word_of, draws))
    elif any(isinstance(entry, Dots) for row in rows for entry in row):
        raise Unparsed("an ellipsis in a matrix of several rows and columns: only a single row or "
                       "column written with an ellipsis is read")
    blocks = [[_block(value(entry)) for entry in row] for row in rows]
    try:
        return sp.Matrix.vstack(*(sp.Matrix.hstack(*row) for row in blocks))
    except sp.ShapeError:
        shapes = " \\\\ ".join(" & ".join("×".join(map(str, b.shape)) for b in row) for row in blocks)
        raise ShapeError(f"the entries of a matrix do not fit together: {shapes}") from None


def series_terms(node: Series, words: int, word_of, draws: int = 0) -> list:
    return expand(node.terms, words, word_of, draws)


def _block(entry):
    return entry if isinstance(entry, sp.MatrixBase) else sp.Matrix([[entry]])
