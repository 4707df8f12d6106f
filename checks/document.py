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
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from checks.errors import InputError

ENVIRONMENTS = ("equation", "equation*", "align", "align*", "aligned", "gather", "gather*",
                "multline", "multline*", "eqnarray", "eqnarray*", "split", "flalign", "flalign*",
                "alignat", "alignat*", "displaymath", "math")
_NOISE = re.compile(r"\\(?:tag\*?|label)\{[^{}]*\}|\\nonumber\b|\\notag\b")
_AFTER_MAX = 400  # of the prose after a block: enough for "for all $w \\neq o$." after a display
_INLINE_MAX = 2000  # an inline $…$ longer than this is prose with stray dollars
MAX_BLOCKS = 10_000  # math blocks read from one document; an error block marks where reading stopped


@dataclass(frozen=True)
class MathBlock:
    latex: str  # the math between delimiters; \tag, \label, \nonumber blanked (offsets kept)
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
        body, first_line = _tex_body(_strip_tex_comments(text))
        blocks, prose = _scan(body, cell=None, tex=True, line_offset=first_line - 1)
        return Document(name, kind, _capped(blocks), prose)
    blocks, prose = _scan(_blank_code(text), cell=None, tex=False)
    return Document(name, "md", _capped(blocks), prose)


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
        cell_blocks, cell_prose = _scan(_blank_code(source.replace("\r\n", "\n")), cell=index, tex=False)
        blocks += cell_blocks
        prose += cell_prose
    return Document(name, "ipynb", _capped(blocks), tuple(prose))


def _blank_code(text: str) -> str:
    """Fenced code blocks hold no math: blank them, keeping lines. (`Inline code` is skipped by
    the scanner, which alone knows whether a math block opened before it.)"""
    out, fence = [], None
    for line in text.split("\n"):
        stripped = line.lstrip()
        if fence is None and stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            out.append("")
            continue
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            out.append("")
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
        latex = _NOISE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), latex)
        blocks.append(dict(latex=latex, line=line_at(start), cell=cell, display=display,
                           prose_before=" ".join(prose_parts).strip(), heading=heading, error=error))
        prose_parts.clear()

    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            nxt = text[i + 1]
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
    j = start
    while j < len(text) and (text[j].isdigit() or text[j] in ".,"):
        j += 1
    return j >= len(text) or text[j] in " \t\n,.;:)!?"


def _next_blank_line(search: _ForwardSearch, start: int) -> int:
    """Where reading resumes after a broken block: the next blank line (spaces allowed on it, as
    where the block was found unterminated), or the end."""
    end = search.blank_line(start)
    return len(search.text) if end < 0 else end
