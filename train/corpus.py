"""Reading a corpus: a text file, streamed, as sentences of lower-case word tokens.

The first data stage of training: corpus → sentences (lists of str) → vocab.py counts them and turns
them into ids. Files are UTF-8 plain text, optionally .gz (or dictzip .dz) or .bz2 compressed, read
line by line, never whole. A token is a run of letters, with inner apostrophes (``don't``); digits
and punctuation separate tokens. A sentence is one line, or with ``running_text`` the words up to
. ! ? or a blank line. Windows never cross sentences.

The default corpus (no ``--corpus``) is the GNU Collaborative International Dictionary of English
(GCIDE, Webster's 1913 with WordNet additions) from Debian's ``dict-gcide`` package: about 5M tokens
of English definitions and quotations, public domain and GPL, installed at a fixed path.

    >>> list(tokens("Don't PANIC: 42 towels."))
    ["don't", 'panic', 'towels']
"""
from __future__ import annotations

import bz2
import gzip
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from train.errors import TrainError

TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?]+")
# GCIDE's markup that is not prose: source tags ([1913 Webster]), pronunciations (\A*buse"\).
GCIDE_MARKUP = re.compile(r"\[[^\]\n]*\]|\\[^\\\n]*\\")


@dataclass(frozen=True)
class Source:
    path: Path
    running_text: bool  # sentences end at . ! ? or a blank line, not at line ends
    markup: re.Pattern | None = None  # removed from each line before tokenising
    errors: str = "strict"  # bytes that are not UTF-8: "strict" refuses the file, "replace" skips them


DEFAULT_CORPUS = Source(Path("/usr/share/dictd/gcide.dict.dz"), running_text=True, markup=GCIDE_MARKUP,
                        errors="replace")  # three of its 2.4M lines are cp1252
DEFAULT_PACKAGE = "dict-gcide"


def source(corpus: str, running_text: bool) -> Source:
    """The Source a config names; the default corpus when ``corpus`` is empty."""
    if not corpus:
        if not DEFAULT_CORPUS.path.is_file():
            raise TrainError(f"the default corpus {DEFAULT_CORPUS.path} is missing: install it with "
                             f"`apt-get install {DEFAULT_PACKAGE}` or pass --corpus FILE")
        return DEFAULT_CORPUS
    path = Path(corpus)
    if not path.is_file():
        raise TrainError(f"corpus {corpus} is not a file")
    return Source(path, running_text)


def tokens(line: str) -> list[str]:
    return TOKEN.findall(line.lower())


def lines(path: Path, errors: str = "strict") -> Iterator[str]:
    """The file's lines, decompressed and decoded as they are read; a binary file is a TrainError."""
    opener = {".gz": gzip.open, ".dz": gzip.open, ".bz2": bz2.open}.get(path.suffix, open)
    number = 0
    try:
        with opener(path, "rb") as raw:
            for number, line in enumerate(raw, 1):
                if b"\x00" in line:
                    raise TrainError(f"{path}: line {number} holds NUL bytes: not a text file")
                yield line.decode("utf-8", errors)
    except UnicodeDecodeError as e:
        raise TrainError(f"{path}: line {number} is not UTF-8 ({e.reason}): not a text file") from None
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        raise TrainError(f"{path}: cannot read: {e}") from None


def sentences(src: Source, max_length: int) -> Iterator[list[str]]:
    """Every non-empty sentence of the source, each at most ``max_length`` tokens long."""
    for sentence in _sentences(src):
        for start in range(0, len(sentence), max_length):
            yield sentence[start:start + max_length]


def _sentences(src: Source) -> Iterator[list[str]]:
    pending: list[str] = []
    for line in lines(src.path, src.errors):
        if src.markup is not None:
            line = src.markup.sub(" ", line)
        if not src.running_text:
            if words := tokens(line):
                yield words
            continue
        if not line.strip():
            if pending:
                yield pending
            pending = []
            continue
        *complete, rest = SENTENCE_END.split(line)
        for piece in complete:
            pending += tokens(piece)
            if pending:
                yield pending
            pending = []
        pending += tokens(rest)
    if pending:
        yield pending
