"""Math blocks → chains of "=" steps, with the part label, case conditions and line of every side.

A chain ``e₀ = e₁ = … = eₙ`` is checked step by step (e_{i-1} against e_i). In an aligned block a
row that begins with ``=`` (after its label) continues the chain; a row with its own left side
starts a new one; a block that begins with ``&=`` continues the previous block's chain. What stands
before ``&`` may be a label (``(b) \\quad``, ``\\text{综合上述两种情况:}``) or a case condition
(``\\text{(c) case 1: } w \\neq o``); a trailing ``, \\forall w \\neq c`` is a condition too.

    >>> from checks.document import read_text
    >>> doc = read_text("$$\\\\begin{aligned} f &= a \\\\\\\\ (b) &= c \\\\end{aligned}$$", "md")
    >>> [(c.part, [s.latex for s in c.sides]) for c in document_chains(doc)]
    [('b', ['f', 'a', 'c'])]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from checks.document import Document, MathBlock

_ENV = re.compile(r"\\(?:begin|end)\{[a-zA-Z*]+\}(?:\{[^{}]*\})?")
_TEXT = re.compile(r"\\(?:text|textrm|mbox|mathrm|textbf|textit)\s*\{([^{}]*)\}")
_PART = re.compile(r"\(([a-h])\)")
_RELATION = re.compile(r"^\s*([A-Za-z])\s*(=|\\neq|\\ne|!=|≠)\s*([A-Za-z])\s*$")
_SPACING = re.compile(r"\\(?:quad|qquad|[,;:! ]|enspace|hfill)|~")
_CONDITION_TAIL = re.compile(
    r"(?:,|\\quad|\\qquad|\\text\s*\{[^{}]*\}|\\forall|\s)*"
    r"(?:\\forall\s*|\\text\s*\{\s*(?:for|if|when|for all|where|with)\s*\}\s*)"
    r"([A-Za-z])\s*(=|\\neq|\\ne|≠)\s*([A-Za-z])\s*[.,;]?\s*$")
_PAREN_CONDITION_TAIL = re.compile(
    r"(?:,|\\quad|\\qquad|\s)*\(\s*([A-Za-z])\s*(=|\\neq|\\ne|≠)\s*([A-Za-z])\s*\)\s*[.,;]?\s*$")
_CONTINUES = re.compile(r"^(?:\\q?quad\s*|\\[,;:! ]\s*)*(?:[+\-*]|\\cdot|\\times)")
_TAIL_REACH = 300  # characters at the end of a row or side where a trailing condition may stand
_CASE_REACH = 400  # characters of prose over which "For $w \neq o$:" still announces the next claim
_ALL_CASES = re.compile(r"both cases|all cases|every|for all|in general|together|综合|两种情况|所有", re.I)


@dataclass(frozen=True)
class Side:
    latex: str  # one side of "=", labels, conditions and alignment removed
    line: int  # 1-based line where this side begins
    cell: int | None
    label: str | None = None  # what stood before & on this side's row: "(b) \\quad", "\\text{…}"


@dataclass(frozen=True)
class Chain:
    sides: tuple[Side, ...]  # e₀ = e₁ = …; step i compares sides[i-1] with sides[i]
    part: str | None  # "a".."h": the label in force
    conditions: tuple[str, ...]  # case conditions in force, e.g. "w \\neq o"
    display: bool
    line: int
    cell: int | None
    continued: bool = False  # sides[0] is the previous block's last side


def normal_relation(left: str, op: str, right: str) -> str:
    return f"{left} {'=' if op == '=' else chr(92) + 'neq'} {right}"


def is_index_relation(latex: str) -> bool:
    """``w \\neq o``, ``w = o``: a relation between two single letters, not a claim."""
    return bool(_RELATION.match(latex))


def document_chains(doc: Document) -> tuple[Chain, ...]:
    chains: list[Chain] = []
    part: str | None = None
    heading: str | None = None
    previous: Chain | None = None
    pending: tuple[str, ...] = ()  # "For $w \neq o$:" — an inline relation announcing a case
    since = ""  # the prose between that announcement and the next claim
    consumed = -1  # a relation read as the trailing case of the inline claim before it
    for index, block in enumerate(doc.blocks):
        if block.error or index == consumed:
            continue
        if block.heading != heading:
            pending, heading = (), block.heading
            found = _PART.search(heading or "")
            if found:
                part = found.group(1)
        if not block.display and is_index_relation(block.latex):
            relation = _RELATION.match(block.latex)
            pending, since = (normal_relation(*relation.groups()),), ""
            continue
        since = (since + " " + block.prose_before)[:_CASE_REACH + 1]  # past the reach, length is all that counts
        conditions = ()
        if "=" in block.latex:  # a claim takes the case announced before it, unless prose ended it
            if pending and len(since) <= _CASE_REACH and not _ALL_CASES.search(since):
                conditions = pending
            pending = ()
            trailing = _trailing_case(block, doc.blocks[index + 1:index + 2])
            if trailing:
                conditions, consumed = conditions + trailing, index + 1
        prose_parts = re.findall(r"(?:^|\n|\s|\*)\(([a-h])\)[\s*.:]", " " + block.prose_before + " ")
        if prose_parts:
            part = prose_parts[-1]
        for chain in split_chains(block, part, conditions, previous):
            part = chain.part
            chains.append(chain)  # a continued chain starts from the previous one's last side
            previous = chain
    return tuple(c for c in chains if len(c.sides) >= 2)


_TRAILING_WORDS = re.compile(r"^\s*[,;]?\s*(?:for|when|if|where|with|whenever|当|若|其中)\s*$", re.I)


def _trailing_case(block: MathBlock, following: list[MathBlock]) -> tuple[str, ...]:
    """"$\\frac{∂J}{∂u_w} = \\hat{y}_w v_c$ for $w \\neq o$": the case written after an inline claim."""
    if block.display or not following:
        return ()
    nxt = following[0]
    relation = _RELATION.match(nxt.latex)
    between = nxt.prose_before.rsplit("$", 1)[-1]  # prose_before holds the inline claim itself too
    if nxt.display or not relation or not _TRAILING_WORDS.match(between):
        return ()
    return (normal_relation(*relation.groups()),)


def split_chains(block: MathBlock, part: str | None = None, conditions: tuple[str, ...] = (),
                 previous: Chain | None = None) -> list[Chain]:
    """The chains of one block; ``previous`` is the chain a leading ``&=`` continues."""
    cases = _CASES.search(block.latex) if "{cases}" in block.latex and len(block.latex) <= 20_000 else None
    if cases:
        return _case_chains(block, cases, part, conditions)
    latex = _ENV.sub(lambda m: " " * len(m.group(0)), block.latex)
    chains: list[Chain] = []
    current: list[Side] = []
    current_part, current_conditions = part, list(conditions)
    continued = False
    awaiting_rhs = False  # the row above ended with "="

    def close() -> None:
        nonlocal current, continued
        if current:
            chains.append(Chain(tuple(current), current_part, tuple(dict.fromkeys(current_conditions)),
                                block.display, current[0].line, block.cell, continued))
        current, continued = [], False

    rows = [segment for start, end in _split_top(latex, 0, len(latex), "\\\\")
            for segment in _statements(latex, start, end)]
    for start, end in rows:
        row_start, row_end = _skip_row_option(latex, start, end)
        head, body = _split_head(latex, row_start, row_end)
        labels = _labels(latex[head[0]:head[1]]) if head else None
        if labels is not None:
            label_part, label_conditions = labels
            if label_part:
                current_part = label_part
            current_conditions += label_conditions
            pieces_from = body[0]
        else:
            pieces_from = row_start
        row_text = latex[pieces_from:row_end]
        tail_from = max(0, len(row_text) - _TAIL_REACH)  # a condition is short: no regex sees more
        tail = (_CONDITION_TAIL.search(row_text, tail_from)
                or _PAREN_CONDITION_TAIL.search(row_text, tail_from))
        row_conditions = []
        if tail and "=" in row_text[:tail.start()]:
            row_conditions.append(normal_relation(*tail.groups()))
            row_end = pieces_from + tail.start()
        pieces = [p for p in _split_top(latex, pieces_from, row_end, "=")]
        sides = [_side(latex, s, e, block) for s, e in pieces]
        if labels is not None and latex[head[0]:head[1]].strip():
            first = next((i for i, side in enumerate(sides) if side is not None), None)
            if first is not None:
                sides[first] = Side(sides[first].latex, sides[first].line, sides[first].cell,
                                    latex[head[0]:head[1]].strip())
        if not sides or all(s is None for s in sides):
            continue
        if current and len(sides) == 1 and (awaiting_rhs or _CONTINUES.match(sides[0].latex)):
            # "&\quad + \log \sum …" goes on with the side above; after a row ending in "=",
            # the row is that "="'s right side
            if awaiting_rhs:
                current.append(sides[0])
            else:
                above = current[-1]
                current[-1] = Side(f"{above.latex} {sides[0].latex}", above.line, above.cell, above.label)
            awaiting_rhs = False
            continue
        awaiting_rhs = len(sides) > 1 and sides[-1] is None
        if sides[0] is None:  # the row begins with "=": it continues a chain
            if not current and previous is not None and not chains:
                current, continued = [previous.sides[-1]], True
                current_part = current_part or previous.part
                current_conditions = list(previous.conditions) + current_conditions
            current += [s for s in sides[1:] if s is not None]
            current_conditions += row_conditions
            continue
        close()
        current_conditions = list(conditions) + (labels[1] if labels else []) + row_conditions
        current = [s for s in sides if s is not None]
        if len(current) == 2 and is_index_relation(current[0].latex + "=" + current[1].latex):
            current = []
    close()
    return chains


_CASES = re.compile(r"^(?P<lhs>[^&]*?)=\s*(?:\\left\\\{\s*)?\\begin\{cases\}(?P<body>.*?)\\end\{cases\}"
                    r"(?:\s*\\right\.)?\s*[.,]?\s*$", re.S)
_OTHERWISE = re.compile(r"^\s*(?:\\text\s*\{\s*(?:otherwise|else|其他|否则)\s*\}|otherwise)\s*[.,]?\s*$")


def _case_chains(block: MathBlock, cases: re.Match, part, conditions) -> list[Chain]:
    """``f = \\begin{cases} a & w = o \\\\ b & w \\neq o \\end{cases}``: one claim per case, each
    under its own condition (``\\text{otherwise}`` is the other side of the first relation)."""
    lhs = _side(block.latex, cases.start("lhs"), cases.end("lhs"), block)
    if lhs is None:
        return []
    chains, first = [], None
    for start, end in _split_top(block.latex, cases.start("body"), cases.end("body"), "\\\\"):
        cells = list(_split_top(block.latex, start, end, "&"))
        value = _side(block.latex, *cells[0], block)
        if value is None:
            continue
        condition_text = block.latex[cells[1][0]:cells[-1][1]] if len(cells) > 1 else ""
        condition_text = re.sub(r"\\text\s*\{\s*(?:if|for|when|当|若)\s*\}|\\text\s*\{\s*(?:时)\s*\}|[,.]", " ",
                                condition_text)
        relation = _RELATION.match(condition_text)
        if relation:
            case = normal_relation(*relation.groups())
            first = first or relation.groups()
        elif _OTHERWISE.match(condition_text) and first:
            left, op, right = first
            case = normal_relation(left, "\\neq" if op == "=" else "=", right)
        else:
            case = None
        chains.append(Chain((lhs, value), part, tuple(conditions) + ((case,) if case else ()),
                            block.display, value.line, block.cell))
    return chains


_SEPARATOR = re.compile(r"\\(?:Rightarrow|implies|Longrightarrow|iff|Leftrightarrow|therefore)(?![a-zA-Z])"
                        r"|\\text\s*\{\s*(?:and|where|hence|thus|so|i\.e\.)\s*,?\s*\}")


def _statements(latex: str, start: int, end: int):
    """A row split at top-level ⇒, \\implies, \\text{and}, \\text{where}: each part its own statement."""
    cut, depth, scanned = start, 0, start
    for match in _SEPARATOR.finditer(latex, start, end):
        for ch in latex[scanned:match.start()]:  # the bracket depth, carried from match to match
            if ch in "{([":
                depth += 1
            elif ch in "})]":
                depth = max(0, depth - 1)
        scanned = match.start()
        if depth == 0:
            yield cut, match.start()
            cut = match.end()
    yield cut, end


def _side(latex: str, start: int, end: int, block: MathBlock) -> Side | None:
    text = latex[start:end]
    stripped = text.strip().replace("&", " ")
    head, tail = stripped[:-_TAIL_REACH], stripped[-_TAIL_REACH:]
    stripped = (head + re.sub(r"(?:\\[,;:! ]|\\q?quad|[,.;:])+\s*$", "", tail)).strip()
    if not stripped:
        return None
    offset = start + len(text) - len(text.lstrip())
    return Side(stripped, block.line_of(offset), block.cell)


def _labels(head: str) -> tuple[str | None, list[str]] | None:
    """(part, conditions) when ``head`` holds only labels and conditions; None when it is math."""
    part = None
    conditions: list[str] = []
    for text in _TEXT.findall(head):
        found = _PART.search(text)
        if found:
            part = found.group(1)
    rest = _TEXT.sub(" ", head)
    found = re.match(r"^\s*\(([a-h])\)", rest)
    if found:
        part = found.group(1)
        rest = rest[found.end():]
    rest = _SPACING.sub(" ", rest).replace("&", " ").strip().rstrip(":,")
    if not rest:
        return part, conditions
    relation = _RELATION.match(rest)
    if relation:
        return part, [normal_relation(*relation.groups())]
    return None


def _split_head(latex: str, start: int, end: int):
    """(head span, body span) split at the row's first top-level ``&``, or (None, whole)."""
    cells = list(_split_top(latex, start, end, "&"))
    if len(cells) < 2:
        return None, (start, end)
    return cells[0], (cells[1][0], end)


def _skip_row_option(latex: str, start: int, end: int) -> tuple[int, int]:
    """``\\\\[2pt]``: the optional spacing after a row break is not math."""
    match = re.match(r"\s*\[[0-9.]+\s*(?:pt|em|ex|mm|cm)\]", latex[start:end])
    return (start + match.end() if match else start), end


def _split_top(latex: str, start: int, end: int, separator: str):
    """Spans of ``latex[start:end]`` between top-level separators (outside {}, (), [])."""
    depth, i, piece = 0, start, start
    while i < end:
        ch = latex[i]
        if ch == "\\":
            if separator == "\\\\" and latex.startswith("\\\\", i) and depth == 0:
                yield piece, i
                i += 2
                piece = i
                continue
            if latex.startswith("\\{", i) or latex.startswith("\\left", i) and False:
                depth += 1
            elif latex.startswith("\\}", i):
                depth = max(0, depth - 1)
            i += 2
            while i < end and latex[i].isalpha():
                i += 1
            continue
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth = max(0, depth - 1)
        elif depth == 0 and separator != "\\\\" and ch == separator:
            if separator == "=" and i > start and latex[i - 1] == ":":
                yield piece, i - 1
            else:
                yield piece, i
            piece = i + 1
        i += 1
    yield piece, end
