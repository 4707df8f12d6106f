"""Reading a document into math blocks: markdown with LaTeX, Jupyter notebooks, and .tex files.

The first stage of the flow: a file becomes a Document of MathBlocks, each with the line where its
LaTeX starts (counted within the cell for notebooks), the prose before it, and the heading in force.
The scanner is a single left-to-right pass (linear time, no backtracking regular expressions), and a
broken block (an unterminated ``$$``) is kept with an error so that the verifier can say where, while
the rest of the document is still read.
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from checks.errors import InputError

ENVIRONMENTS = ("equation", "equation*", "align", "align*", "aligned", "gather", "gather*",
                "multline", "multline*", "eqnarray", "eqnarray*", "split", "flalign", "flalign*",
                "alignat", "alignat*", "displaymath", "math")
# invisible: "&\\phantom{=} + b^2", and the empty group that spaces an operator, "&\\qquad {}+ 2w", "&{}= x"
_NOISE = re.compile(r"\\math(?:rel|bin|ord)\s*\{\s*\\[hv]?phantom\s*\{[^{}]*\}\s*\}"
                    r"|\\(?:tag\*?|label)\{[^{}]*\}|\\nonumber\b|\\notag\b|\\qedhere\b|\\[hv]?phantom\s*\{[^{}]*\}"
                    r"|\\(?:[mh]?kern|hskip)\s*-?[\d.]+\s*(?:em|ex|pt|mu|cm|mm|in|bp)(?![a-zA-Z])"
                    r"|\\hspace\*?\s*\{[^{}]*\}(?!\s*(?:\(\s*\d|\[\s*\d))"  # not before a number written by hand: below
                    r"|\{\s*\}(?=\s*(?:[+\-=<>]|\\(?:cdot|times|leq?|geq?|approx)(?![a-zA-Z])))"
                    # an equation number written by hand at a row's end, "\qquad (3)", "\quad [2.1]", "\qquad (7a)"
                    r"|(?:\\q?quad(?![a-zA-Z])|\\[,;:! ]|\\hfill\b|\\hspace\s*\{[^{}]*\})+\s*(?:\(\s*\d+(?:\.\d+)*[a-z']?\s*\)"
                    r"|\[\s*\d+(?:\.\d+)*[a-z']?\s*\])(?=\s*(?:\\\\|\\end\b|$))")
# "\overset{(a)}{=}", "\stackrel{\text{def}}{=}": an equality with a note above it (not "\overset{!}{=}", a demand)
_NOTED_EQUALS = re.compile(r"\\(?:overset|stackrel)\s*\{[^{}!?]*(?:\{[^{}!?]*\}[^{}!?]*)*\}\s*\{\s*=\s*\}")
# "∇Q \stackrel{!}{=} \mathbf 0": a gradient demanded zero, read as "= 0", which the chains take as an equation to solve
_DEMANDED_ZERO = re.compile(r"\\(?:overset|stackrel)\s*\{\s*!\s*\}\s*\{\s*=\s*\}"
                            r"(?=\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*)?\{?\s*0\s*\}?\s*(?:[.,;]\s*)?(?:\\\\|&|$))")
# TeX's old font switches, {\rm out} in N_{\rm out}: the same as \mathrm{out}, which every reader knows
_FONT_SWITCH = re.compile(r"\{\s*\\(rm|bf|it|sf|tt|cal)(?![A-Za-z])\s*([^{}\s][^{}]*?)\s*\}")
# \boldsymbol\beta, \mathbf X: a font on one letter without braces, braced as most authors write it, so that
# the readers of names see one spelling
_BOXED = re.compile(r"\\boxed\s*\{")


def _unboxed(latex: str) -> str:
    """``latex`` with each ``\\boxed{…}`` (the answer a solution frames) read as what it frames, offsets kept; one
    pass, a stack of the open braces, each marked where a box opened it."""
    if "\\boxed" not in latex:
        return latex
    chars, opened = list(latex), []
    boxes = {match.end() - 1: match.start() for match in _BOXED.finditer(latex)}
    for index, char in enumerate(latex):
        if char == "{" and (index == 0 or latex[index - 1] != "\\"):
            opened.append(index in boxes)
            if index in boxes:
                chars[boxes[index]:index + 1] = " " * (index + 1 - boxes[index])
        elif char == "}" and (index == 0 or latex[index - 1] != "\\") and opened and opened.pop():
            chars[index] = " "
    return "".join(chars)


_BARE_FONT = re.compile(r"\\(mathbf|boldsymbol|bm|mathcal|mathrm|mathit|mathsf|mathbb)(?![A-Za-z])\s*(\\[A-Za-z]+|[A-Za-z0-9])")
_AFTER_MAX = 400  # of the prose after a block: enough for "for all $w \\neq o$." after a display
_INLINE_MAX = 2000  # an inline $…$ longer than this is prose with stray dollars
MAX_BLOCKS = 10_000  # math blocks read from one document; an error block marks where reading stopped


@dataclass(frozen=True)
class MathBlock:
    latex: str  # the math between delimiters; \tag, \label, \nonumber and amsthm's \qedhere blanked (offsets kept)
    line: int  # 1-based line where latex starts (within the cell for notebooks)
    cell: int | None  # 0-based notebook cell
    display: bool  # $$…$$, \[…\] and environments; False for $…$ and \(…\)
    prose_before: str  # text between the previous block and this one, inline math included
    heading: str | None  # the latest heading in force
    error: str | None = None  # why the block could not be read whole
    prose_after: str = ""  # the text up to the next block (at most _AFTER_MAX characters)

    @cached_property
    def _newlines(self) -> list[int]:
        return [i for i, ch in enumerate(self.latex) if ch == "\n"]

    def line_of(self, offset: int) -> int:
        return self.line + bisect.bisect_left(self._newlines, max(0, offset))


@dataclass(frozen=True)
class Document:
    name: str
    kind: str  # "md", "ipynb" or "tex"
    blocks: tuple[MathBlock, ...]
    prose: tuple[tuple[int, str], ...]  # (line, paragraph) outside display math, for reports


def read_document(path: Path, max_bytes: int = 2_000_000) -> Document:
    """The document at ``path``; InputError for what cannot be a document at all."""
    path = Path(path)
    try:
        if not path.exists():
            raise InputError(f"{path}: no such file")
        if path.is_dir():
            raise InputError(f"{path}: is a directory, not a document")
        if not path.is_file():  # reading a pipe or /dev/zero would wait or never end
            raise InputError(f"{path}: not a regular file (a pipe, device or socket), not a document")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size} bytes is more than the limit of {max_bytes} (--max-bytes)")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # it may have grown since stat
    except OSError as e:
        raise InputError(f"{path}: cannot be read ({e.strerror or e})") from None
    if len(data) > max_bytes:
        raise InputError(f"{path}: more than the limit of {max_bytes} bytes (--max-bytes)")
    kind = {".ipynb": "ipynb", ".tex": "tex", ".latex": "tex"}.get(path.suffix.lower(), "md")
    return read_text(_decode(data, path), kind, str(path))


def _decode(data: bytes, path: Path) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{path}: not valid UTF-16 text") from None
    if b"\x00" in data:
        raise InputError(f"{path}: a binary file (it holds NUL bytes), not a document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text (bad byte at offset {e.start}); "
                         "save it as UTF-8") from None
    controls = sum(ch < " " and ch not in "\t\n\r\f" for ch in text[:65536])
    if controls > 0.05 * min(len(text), 65536):
        raise InputError(f"{path}: mostly control characters, not a document")
    return text


def read_text(text: str, kind: str, name: str = "<text>") -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if kind == "ipynb":
        return _read_notebook(text, name)
    if kind == "tex":
        text = _strip_tex_comments(text)
        macros = _read_macros(text)
        body, first_line = _tex_body(text)
        blocks, prose = _scan(_tabulars_as_tables(_blank_tex_verbatim(body)), cell=None, tex=True,
                              line_offset=first_line - 1)
        return Document(name, kind, _capped(_expand_blocks(blocks, macros)), prose)
    blocks, prose = _scan(_blank_markdown(text), cell=None, tex=False)
    blocks = _said_in_markdown(blocks, text)
    macros = _read_macros(_definition_blocks(blocks))
    return Document(name, "md", _capped(_expand_blocks(blocks, macros)), prose)


def _capped(blocks) -> tuple[MathBlock, ...]:
    """At most MAX_BLOCKS blocks, then one that says where reading stopped: every block costs a
    check, and a megabyte of ``$x$`` must not outlast the document's time budget."""
    if len(blocks) <= MAX_BLOCKS:
        return tuple(blocks)
    first_unread = blocks[MAX_BLOCKS]
    stop = MathBlock(latex="", line=first_unread.line, cell=first_unread.cell, display=True,
                     prose_before="", heading=first_unread.heading,
                     error=f"more than {MAX_BLOCKS} math blocks: the rest of the document is not read")
    return tuple(blocks[:MAX_BLOCKS]) + (stop,)


def _read_notebook(text: str, name: str) -> Document:
    try:
        notebook = json.loads(text)
    except (ValueError, RecursionError) as e:  # ValueError: bad JSON, or a 5000-digit number
        raise InputError(f"{name}: not a valid notebook (invalid JSON: {e})") from None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    version = notebook.get("nbformat") if isinstance(notebook, dict) else None
    if isinstance(version, (str, float)):  # "3" or 3.0, as some tools write it
        version = int(version) if str(version).replace(".", "", 1).isdigit() and float(version) < 100 else version
    if not isinstance(version, int) and isinstance(notebook, dict) and "worksheets" in notebook:
        version = 3  # nbformat 3 keeps its cells in worksheets
    if isinstance(version, int) and not isinstance(version, bool) and version < 4:
        raise InputError(f"{name}: a notebook in nbformat {version}, which gradproof does not read; "
                         "convert it with: jupyter nbconvert --to notebook --nbformat 4")
    if not isinstance(cells, list):
        raise InputError(f"{name}: not a Jupyter notebook (no list of cells)")
    blocks, prose = [], []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str):
            continue
        # JSON may spell a lone surrogate (\ud800), which no output can encode: make it U+FFFD
        source = source.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        source = source.replace("\r\n", "\n")
        cell_blocks, cell_prose = _scan(_blank_markdown(source), cell=index, tex=False)
        blocks += _said_in_markdown(cell_blocks, source)
        prose += cell_prose
    macros = _read_macros(_definition_blocks(blocks))
    return Document(name, "ipynb", _capped(_expand_blocks(blocks, macros)), tuple(prose))


def _said_in_markdown(blocks: list[MathBlock], text: str) -> list[MathBlock]:
    """The blocks of markdown ``text``, with what its tables and sentences say in math joined into the
    equations they make: a table of definitions, an entry said to be one if … and zero otherwise, an
    equation across a code name."""
    return _across_code(_indicators_in_words(_table_definitions(blocks, text)))


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_DEFINING = re.compile(r"d[ée]fin|formul|formel|expression|[ée]quation|computed|定义|公式|计算", re.I)


def _table_definitions(blocks: list[MathBlock], text: str) -> list[MathBlock]:
    """A markdown table whose second column is headed "definition" (or "formula", "expression"):
    each row "| $a_j$ | $\\sum_i \\alpha_{ji} x_i$ | … |" defines its first cell's name, as ``a_j = …``
    would. The row's two blocks become one; any other table (| $T$ | $N \\times K$ |: a shape) is left."""
    lines = text.split("\n")
    rows: dict[int, list[str]] = {}
    for number, line in enumerate(lines[1:], start=1):
        header = lines[number - 1]
        if not _TABLE_RULE.match(line) or "|" not in header:
            continue
        titles = table_cells(header)
        if len(titles) < 2 or not _DEFINING.search(titles[1]) or _DEFINING.search(titles[0]):
            continue
        for below in range(number + 1, len(lines)):
            if not lines[below].lstrip().startswith("|"):
                break
            rows[below + 1] = table_cells(lines[below])
    if not rows:
        return blocks
    merged, skip = [], set()
    for index, block in enumerate(blocks):
        if index in skip:
            continue
        cells = rows.get(block.line) if not block.display else None
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if cells and len(cells) >= 2 and following is not None and following.line == block.line \
                and not following.display and cells[0] == f"${block.latex}$" \
                and cells[1].startswith(f"${following.latex}$") and block.error is None and following.error is None:
            merged.append(replace(block, latex=f"{block.latex} = {following.latex}", prose_after=following.prose_after))
            skip.add(index + 1)
        else:
            merged.append(block)
    return merged


_IF = re.compile(r"\s*(?:if|when|whenever|where)\s*", re.I)
_ONE = re.compile(r"(?P<name>[^=]+?)\s*=\s*1\s*")
_ZERO_AFTER = re.compile(r"\s*,?\s*(?:and|or|else)?\s*0\s*,?\s*(?:otherwise|else|elsewhere)\b", re.I)
_AND = re.compile(r"\s*,?\s*(?:and|or|else)?\s*", re.I)
_OTHERWISE = re.compile(r"\s*,?\s*(?:otherwise|else|elsewhere)\b", re.I)


def _indicators_in_words(blocks: list[MathBlock]) -> list[MathBlock]:
    """"$M_{ij} = 1$ if $U_{ij} > 0$ and $0$ otherwise" (the 0 in math or not) defines M_{ij} as
    ``\\mathbb{1}[U_{ij} > 0]`` would: the blocks become that one definition; any other prose is left."""
    out, index = [], 0
    while index < len(blocks):
        block, *after = blocks[index:index + 3]
        one = _ONE.fullmatch(block.latex) if not block.display and block.error is None else None
        condition = after[0] if after else None
        if one is None or condition is None or condition.display or condition.error is not None \
                or not _IF.fullmatch(block.prose_after):
            out.append(block)
            index += 1
            continue
        zero = after[1] if len(after) > 1 else None
        if _ZERO_AFTER.match(condition.prose_after):
            used = 2
        elif zero is not None and not zero.display and zero.latex.strip() == "0" \
                and _AND.fullmatch(condition.prose_after) and _OTHERWISE.match(zero.prose_after):
            used = 3
        else:
            out.append(block)
            index += 1
            continue
        latex = f"{one.group('name')} = \\mathbb{{1}}[{condition.latex.strip()}]"
        out.append(replace(block, latex=latex, prose_after=blocks[index + used - 1].prose_after))
        index += used
    return out


_LEFT_BEFORE_CODE = re.compile(r"\$([^$\n]{1,60}?=)\s*\$\s*`[^`\n]{1,60}`\s*$")  # "$G = $ `grad_out` "


def _across_code(blocks: list[MathBlock]) -> list[MathBlock]:
    """"$G = $ `grad_out` $= \\partial L/\\partial Y$": one equation written across a code name for the
    same value, ``G = \\partial L/\\partial Y``. (Its first part, a formula that ends in a space, is no
    inline math to the scanner: it stays in the prose before the second.)"""
    out = []
    for block in blocks:
        left = _LEFT_BEFORE_CODE.search(block.prose_before) if block.latex.lstrip().startswith("=") \
            and not block.display and block.error is None else None
        out.append(replace(block, latex=f"{left.group(1)} {block.latex.lstrip()[1:]}") if left else block)
    return out


def table_cells(row: str) -> list[str]:
    """The cells of a markdown table's row, "| $a_j$ | $\\sum_i …$ |", stripped."""
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def _blank_markdown(text: str) -> str:
    """What markdown shows as no math, blanked with its lines kept: a front-matter block, HTML
    comments, fenced code. A ```math (or ~~~math) fence is display math, as on GitLab and GitHub:
    it becomes \\[ … \\]."""
    return _blank_code(_blank_html_comments(_blank_front_matter(text)))


def _blank_front_matter(text: str) -> str:
    """A YAML (---) or TOML (+++) block at the very top is metadata, not the document."""
    first = text.split("\n", 1)[0].rstrip()
    if first not in ("---", "+++"):
        return text
    closers = ("---", "...") if first == "---" else ("+++",)
    lines = text.split("\n")
    for k in range(1, len(lines)):
        if lines[k].rstrip() in closers:
            return "\n" * k + "\n".join(lines[k:])[len(lines[k]):]
    return text


def _blank_html_comments(text: str) -> str:
    """<!-- … --> is hidden from the reader, math in it too; one never closed runs to the end, as
    in CommonMark."""
    if "<!--" not in text:
        return text
    parts, last = [], 0
    while True:
        start = text.find("<!--", last)
        if start < 0:
            break
        close = text.find("-->", start + 4)
        end = len(text) if close < 0 else close + 3
        parts += [text[last:start], re.sub(r"[^\n]", " ", text[start:end])]
        last = end
    return "".join(parts) + text[last:]


def _blank_code(text: str) -> str:
    """Fenced code blocks hold no math: blank them, keeping lines. (`Inline code` is skipped by
    the scanner, which alone knows whether a math block opened before it.)"""
    out, fence, math = [], None, False
    for line in text.split("\n"):
        stripped = line.lstrip()
        if fence is None and stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            math = stripped[3:].strip().lower() in ("math", "latex", "tex", "{math}")
            out.append("\\[" if math else "")
            continue
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
                out.append("\\]" if math else "")
            else:
                out.append(line if math else "")
            continue
        out.append(line)
    return "\n".join(out)


def _strip_tex_comments(text: str) -> str:
    out = []
    for line in text.split("\n"):
        i = 0
        while True:
            i = line.find("%", i)
            if i < 0:
                break
            start = i  # the backslashes just before it, counted without copying the line: \%\%…
            while start > 0 and line[start - 1] == "\\":
                start -= 1
            if (i - start) % 2 == 0:
                line = line[:i]
                break
            i += 1
        out.append(line)
    return "\n".join(out)


def _tex_body(text: str) -> tuple[str, int]:
    begin = text.find(r"\begin{document}")
    if begin < 0:
        return text, 1
    start = begin + len(r"\begin{document}")
    end = text.find(r"\end{document}", start)
    return text[start:end if end >= 0 else len(text)], text.count("\n", 0, start) + 1


_TABULAR = re.compile(r"\\begin\{(tabular[x*]?|longtable)\}(?:\s*\{(?:[^{}]|\{[^{}]*\})*\})+")
_RULE = re.compile(r"\\(?:hline|toprule|midrule|bottomrule|cline\s*\{[^{}]*\})")


def _tabulars_as_tables(body: str) -> str:
    """A tabular's rows as a markdown table's ("$Y$ & $n\\times c$ & one-hot labels\\\\" → "| $Y$ | $n\\times c$
    | one-hot labels |"), each on its line, so a table of shapes and meanings reads as in markdown."""
    parts, last = [], 0
    search = _ForwardSearch(body)  # each end's next place is looked for once: linear
    for match in _TABULAR.finditer(body):
        end_tag = f"\\end{{{match.group(1)}}}"
        end = search.find(end_tag, match.end())
        if match.start() < last or end < 0:
            continue
        rows = [_table_row(line) for line in body[match.end():end].split("\n")]
        parts += [body[last:match.start()], re.sub(r"[^\n]", " ", match.group(0)), "\n".join(rows), " " * len(end_tag)]
        last = end + len(end_tag)
    return "".join(parts) + body[last:]


def _table_row(line: str) -> str:
    cells = re.split(r"(?<!\\)&", _RULE.sub(" ", line).strip().removesuffix("\\\\"))
    return "| " + " | ".join(cell.strip() for cell in cells) + " |" if len(cells) > 1 else ""


_INTERTEXT = re.compile(r"\\(?:short)?intertext\s*\{")
_INTERTEXT_MAX = 2000  # of the prose in one \intertext{…}


def _blank_intertext(latex: str) -> str:
    """``\\intertext{and so,}`` between the rows of an align is prose: blanked, lines kept, and a row ends
    before it; the rows after it that begin with "=" go on with the chain above, as they are aligned with it."""
    if "intertext" not in latex:
        return latex
    parts, last = [], 0
    for match in _INTERTEXT.finditer(latex):
        if match.start() < last:
            continue
        _, end = _braced(latex, match.end() - 1, _INTERTEXT_MAX)
        blank = re.sub(r"[^\n]", " ", latex[match.start():end])
        parts += [latex[last:match.start()], "\\\\" + blank[2:]]  # a row ends before it, whether written or not
        last = end
    return "".join(parts) + latex[last:]


_VERBATIM = re.compile(r"\\begin\{(verbatim\*?|lstlisting|minted|comment|Verbatim)\}|\\verb\*?([^A-Za-z\s*])")


def _blank_tex_verbatim(text: str) -> str:
    """\\verb|$x$| and the verbatim, lstlisting, minted and comment environments hold no math:
    blanked, lines kept."""
    parts, last = [], 0
    search = _ForwardSearch(text)  # each delimiter's next place is looked for once: linear
    for match in _VERBATIM.finditer(text):
        if match.start() < last:
            continue
        if match.group(1):
            close = search.find(f"\\end{{{match.group(1)}}}", match.end())
            end = len(text) if close < 0 else close + len(match.group(1)) + 6
        else:  # \verb ends at its delimiter, on its own line
            line_end, close = search.find("\n", match.end()), search.find(match.group(2), match.end())
            end = match.end() if close < 0 or 0 <= line_end < close else close + 1
        parts += [text[last:match.start()], re.sub(r"[^\n]", " ", text[match.start():end])]
        last = end
    return "".join(parts) + text[last:]


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$")
_TEX_HEADING = re.compile(r"\\(?:sub)*section\*?\{([^{}]*)\}")


def _scan(text: str, cell: int | None, tex: bool, line_offset: int = 0):
    """One pass over the text: math blocks with their lines, prose paragraphs in between."""
    blocks: list[dict] = []  # MathBlock fields; made blocks once the prose after each is known
    prose_parts: list[str] = []
    paragraphs: list[tuple[int, str]] = []
    heading: str | None = None
    i, n = 0, len(text)
    prose_start = 0

    newlines = [k for k, ch in enumerate(text) if ch == "\n"]
    search = _ForwardSearch(text)

    def line_at(offset: int) -> int:
        return bisect.bisect_left(newlines, offset) + 1 + line_offset

    def flush_prose(end: int) -> str:
        chunk = text[prose_start:end]
        if blocks:
            blocks[-1]["prose_after"] = chunk[:_AFTER_MAX]
        nonlocal heading
        for raw in chunk.split("\n"):
            match = _HEADING.match(raw) if not tex else _TEX_HEADING.search(raw)
            if match:
                heading = match.group(1).strip()
        if chunk.strip():
            paragraphs.append((line_at(prose_start + len(chunk) - len(chunk.lstrip())), chunk.strip()))
        return chunk

    def add(start: int, end: int, display: bool, error: str | None = None) -> None:
        latex = text[start:end]
        latex = _blank_intertext(_NOISE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), latex))
        latex = _NOTED_EQUALS.sub(lambda m: "=" + re.sub(r"[^\n]", " ", m.group(0)[1:]), latex)
        latex = _DEMANDED_ZERO.sub(lambda m: "=" + " " * (len(m.group(0)) - 1), latex)
        latex = _FONT_SWITCH.sub(lambda m: f"{{\\math{m.group(1)}{{{m.group(2)}}}}}", latex)
        latex = _BARE_FONT.sub(r"\\\1{\2}", latex)
        latex = _unboxed(latex)
        blocks.append(dict(latex=latex, line=line_at(start), cell=cell, display=display,
                           prose_before=" ".join(prose_parts).strip(), heading=heading, error=error))
        prose_parts.clear()

    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            nxt = text[i + 1]
            if nxt == "\\" and not tex and text.startswith(("[", "("), i + 2):
                # \\[ … \\] is how markdown that eats one backslash (Jekyll, Hugo) spells \[ … \]
                close = "\\\\]" if text[i + 2] == "[" else "\\\\)"
                end = _display_end(search, i + 3, close)
                if end >= 0:
                    prose_parts.append(flush_prose(i))
                    add(i + 3, end, text[i + 2] == "[")
                    i = prose_start = end + 3
                    continue
            if nxt in "[(":
                close = "\\]" if nxt == "[" else "\\)"
                end = _display_end(search, i + 2, close)
                prose_parts.append(flush_prose(i))
                if end < 0:
                    add(i + 2, min(n, i + 2 + 200), nxt == "[",
                        f"unterminated \\{nxt} opened at line {line_at(i)}")
                    i = _next_blank_line(search, i + 2)
                else:
                    add(i + 2, end, nxt == "[")
                    i = end + 2
                prose_start = i
                continue
            if text.startswith("\\begin{", i):
                name_end = text.find("}", i + 7)
                name = text[i + 7:name_end] if name_end > 0 else ""
                if name in ENVIRONMENTS:
                    end_tag = f"\\end{{{name}}}"
                    end = search.find(end_tag, name_end + 1)
                    prose_parts.append(flush_prose(i))
                    if end < 0:
                        add(name_end + 1, min(n, name_end + 201), True,
                            f"unterminated \\begin{{{name}}} opened at line {line_at(i)}")
                        i = _next_blank_line(search, name_end + 1)
                    else:
                        add(i, end + len(end_tag), True)
                        i = end + len(end_tag)
                    prose_start = i
                    continue
            i += 2  # an escaped character such as \$ is text
            continue
        if ch == "`" and not tex:
            # `code` is prose, its $ signs too; a backtick inside math that opened first is math,
            # and one with no partner on its line is text
            line_end = search.find("\n", i)
            close = text.find("`", i + 1, line_end if line_end >= 0 else n)
            i = close + 1 if close >= 0 else i + 1
            continue
        if ch == "$":
            if text.startswith("$$", i):
                end = _display_end(search, i + 2, "$$")
                prose_parts.append(flush_prose(i))
                if end < 0:
                    add(i + 2, min(n, i + 202), True, f"unterminated $$ opened at line {line_at(i)}")
                    i = _next_blank_line(search, i + 2)
                else:
                    add(i + 2, end, True)
                    i = end + 2
                prose_start = i
                continue
            end = _inline_end(text, i + 1)
            if end is None:
                i += 1  # a stray dollar is prose
                continue
            prose_parts.append(flush_prose(i))
            add(i + 1, end, False)
            prose_parts.append(text[i:end + 1])  # inline math is prose for the blocks after it
            i = end + 1
            prose_start = i
            continue
        i += 1
    prose_parts.append(flush_prose(n))
    return tuple(MathBlock(**fields) for fields in blocks), tuple(paragraphs)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


class _ForwardSearch:
    """Searches in one text from positions that only move forward, as the scanner's do. A search
    runs again only once the scanner has passed its last answer, so all the searches for one
    delimiter together read the text once: an unclosed ``\\[`` on every line stays linear."""

    def __init__(self, text: str):
        self.text = text
        self.answers: dict[str, int] = {}  # delimiter → where it next occurs; -1: nowhere

    def find(self, what: str, start: int) -> int:
        found = self.answers.get(what)
        if found is None or 0 <= found < start:
            found = self.answers[what] = self.text.find(what, start)
        return found

    def blank_line(self, start: int) -> int:
        found = self.answers.get("")
        if found is None or 0 <= found < start:
            match = _BLANK_LINE.search(self.text, start)
            found = self.answers[""] = match.start() if match else -1
        return found


def _display_end(search: _ForwardSearch, start: int, close: str) -> int:
    """Where display math closes, or -1: as in pandoc and TeX, it never spans a blank line, so a
    forgotten closing ``$$`` cannot swallow the paragraphs after it."""
    end = search.find(close, start)
    blank = search.blank_line(start)
    return -1 if end < 0 or 0 <= blank < end else end


def _inline_end(text: str, start: int) -> int | None:
    """The closing $ of an inline formula, or None when the $ is prose (currency, a stray sign)."""
    if start >= len(text) or text[start] in " \t\n" or text[start].isdigit() and _looks_like_money(text, start):
        return None
    i = start
    limit = min(len(text), start + _INLINE_MAX)
    while i < limit:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "\n" and text.startswith("\n", i + 1):
            return None  # a blank line ends a paragraph: no formula spans it
        if ch == "$":
            if text[i - 1] in " \t":
                return None
            return i
        i += 1
    return None


def _looks_like_money(text: str, start: int) -> bool:
    """"$5 and $10": a sum of money, not math; "$0 < \\varepsilon < 1$" is math, a relation on the same line."""
    j = start
    while j < len(text) and (text[j].isdigit() or text[j] in ".,"):
        j += 1
    if j < len(text) and _RELATION_AFTER_NUMBER.match(text, j):
        return False
    return j >= len(text) or text[j] in " \t\n,.;:)!?"


_RELATION_AFTER_NUMBER = re.compile(r"[ \t]*(?:<|>|=|\\(?:le|ge|leq|geq|neq|ne|in)(?![a-zA-Z]))[^$\n]{0,80}\$")


def _next_blank_line(search: _ForwardSearch, start: int) -> int:
    """Where reading resumes after a broken block: the next blank line (spaces allowed on it, as
    where the block was found unterminated), or the end."""
    end = search.blank_line(start)
    return len(search.text) if end < 0 else end


# --- user macros: \newcommand{\vc}{\mathbf{v}_c}, read as data and expanded by substitution -------

_DEFINITION = re.compile(r"\\(?:(?:new|renew|provide)command\*?|DeclareRobustCommand\*?|DeclareMathOperator(\*?))"
                         r"[ \t]*(?:\{[ \t]*\\([A-Za-z]+)[ \t]*\}|\\([A-Za-z]+))[ \t]*(\[[^\]\n]{0,20}\])?[ \t]*\{"
                         r"|\\def[ \t]*\\([A-Za-z]+)[ \t]*\{")
_CONTROL_WORD = re.compile(r"\\([A-Za-z]+|.)", re.S)
_MACRO_BODY_MAX = 300  # a body longer than this is no shorthand for a symbol
_MACRO_PASSES = 8  # a macro may use another, this deep
_UNSAFE_BODY = re.compile(r"#|\\(?:def|edef|gdef|xdef|let|newcommand|renewcommand|providecommand|csname|"
                          r"expandafter|catcode|input|include|write|read|open|immediate)(?![A-Za-z])")


def _read_macros(text: str) -> dict[str, tuple[int, str]]:
    """Macros whose bodies are plain math, with how many arguments they take: {"vc": (0,
    "\\mathbf{v}_c"), "inner": (2, "\\langle #1, #2 \\rangle")}. A macro with an optional argument,
    a body that defines or reads anything, or two bodies, is left out, so its uses stay unknown commands
    that the step names. Nothing is executed: the body is text to substitute."""
    macros: dict[str, tuple[int, str]] = {}
    twice: set[str] = set()  # \renewcommand later, or in a group: which body a use means depends on where it stands
    for match, body, _ in _definitions(text):
        operator, name = match.group(1), match.group(2) or match.group(3) or match.group(5)
        count = re.fullmatch(r"\[\s*([0-9])\s*\]", match.group(4) or "[0]")
        arguments = int(count.group(1)) if count else None  # [2][default]: an optional argument, not read
        if body is None or arguments is None or _UNSAFE_BODY.search(re.sub(r"#[1-9]", "", body)) \
                or any(int(k) > arguments for k in re.findall(r"#([0-9])", body)):
            macros.pop(name, None)  # an unreadable redefinition ends the readable one
            continue
        body = " ".join(body.split())  # no newlines: the lines of the math stay where they are
        meaning = (arguments, f"\\operatorname{{{body}}}" if operator is not None else body)
        if macros.get(name, meaning) != meaning:
            twice.add(name)
        macros[name] = meaning
    return {name: meaning for name, meaning in macros.items() if name not in twice}


def _definition_blocks(blocks) -> str:
    """The math that only defines, as ``$\\newcommand{\\vc}{\\mathbf{v}_c}$`` atop a notebook: in
    markdown MathJax reads definitions only in math, and one beside a claim is kept as written
    (the claim then names ``\\newcommand``), so a definition cannot quietly change its own step."""
    return "\n".join(b.latex for b in blocks if not b.error and _DEFINITION.search(b.latex)
                     and not _blank_definitions(b.latex).strip())


def _definitions(text: str):
    """(match, body or None, end) of each definition. Reading goes on after the body, or after
    the _MACRO_BODY_MAX characters looked at for it, as TeX's would (a definition inside a body
    is part of it): linear in the text, however many unclosed ``\\def\\a{`` it holds."""
    position = 0
    while True:
        match = _DEFINITION.search(text, position)
        if match is None:
            return
        body, position = _braced(text, match.end() - 1, _MACRO_BODY_MAX)
        yield match, body, position


def _braced(text: str, start: int, limit: int) -> tuple[str | None, int]:
    """The text of the {…} group opening at ``start`` and where it ends; None for a group longer
    than ``limit`` (then where looking stopped)."""
    depth, i, end = 0, start, min(len(text), start + limit + 2)
    while i < end:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1:i], i + 1
        i += 1
    return None, max(end, start + 1)


def _expand_blocks(blocks, macros: dict[str, tuple[int, str]]):
    """The blocks with their definitions blanked and their uses of ``macros`` replaced, in the math
    and in the prose before it (which declares shapes in words). Bounded:
    at most _MACRO_PASSES rounds; a block that would grow past four times its length plus 2000
    characters, or past what the document may still spend, keeps its text (its steps then name
    the macro they cannot read)."""
    if not macros and not any(_DEFINITION.search(b.latex) for b in blocks):
        return blocks
    budget = [4 * sum(len(b.latex) for b in blocks) + 100_000]  # characters written, all blocks
    out = []
    for block in blocks:
        latex = block.latex
        if not block.error and not _blank_definitions(latex).strip():
            latex = _blank_definitions(latex)  # a block that only defines claims nothing
        prose = block.prose_before
        if macros and not block.error:
            latex = _expand(latex, macros, budget)
            prose = _expand(prose, macros, budget) if "\\" in prose else prose  # "$\X$ is $n \times K$"
        out.append(block if (latex, prose) == (block.latex, block.prose_before)
                   else replace(block, latex=latex, prose_before=prose))
    return out


def _blank_definitions(latex: str) -> str:
    """``\\newcommand{\\vc}{…}`` inside math defines, it claims nothing: spaces, lines kept."""
    if "command" not in latex and "\\def" not in latex and "Declare" not in latex:
        return latex
    parts, last = [], 0
    for match, _, end in _definitions(latex):
        parts += [latex[last:match.start()], re.sub(r"[^\n]", " ", latex[match.start():end])]
        last = end
    return "".join(parts) + latex[last:]


def _with_arguments(text: str, start: int, count: int, body: str) -> tuple[str | None, int]:
    """``body`` with #1 … #count replaced by the braced groups after ``start``, and where they end;
    None where a group is missing, or where an argument that spans lines would be copied more or
    less than once (the lines of the math must stay where they are)."""
    position, values = start, []
    for _ in range(count):
        while position < len(text) and text[position] in " \t":
            position += 1
        if position >= len(text) or text[position] != "{":
            return None, start
        value, position = _braced(text, position, _MACRO_BODY_MAX)
        if value is None:
            return None, start
        values.append(value)
    if any("\n" in value and body.count(f"#{k}") != 1 for k, value in enumerate(values, 1)):
        return None, start
    return re.sub(r"#([1-9])", lambda m: values[int(m.group(1)) - 1], body), position


def _expand(latex: str, macros: dict[str, tuple[int, str]], budget: list[int]) -> str:
    limit = 4 * len(latex) + 2000
    current = latex
    for _ in range(_MACRO_PASSES):
        used = False

        if budget[0] < len(current):
            return latex
        pieces, last = [], 0
        for match in _CONTROL_WORD.finditer(current):
            if match.start() < last or match.group(1) not in macros:
                continue
            arguments, body = macros[match.group(1)]
            text, end = _with_arguments(current, match.end(), arguments, body)
            if text is None:
                continue  # \inner x, an argument without braces: left as written, and named
            pieces += [current[last:match.start()], text]  # as TeX does: no group around it
            last, used = end, True
        expanded = "".join(pieces) + current[last:]
        budget[0] -= len(expanded)
        if len(expanded) > limit:
            return latex
        if not used:
            return current
        current = expanded
    return current
