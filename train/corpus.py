"""Reading a corpus: a text file, streamed, as sentences of tokens.

The first data stage of training: corpus → sentences (lists of str) → vocab.py counts them, cuts the
long ones and turns them into ids. Files are UTF-8 plain text, optionally .gz (or dictzip .dz) or
.bz2 compressed, read line by line, never whole. A sentence is one line. Two tokenizers:

- ``whitespace`` (a ``--corpus`` file): the tokens as given, split at whitespace (``str.split``, as
  gensim's LineSentence reads; word2vec splits at spaces, tabs and line ends), nothing lower-cased
  and no character removed: a prepared corpus (lower-cased, tokenised, phrases joined as
  ``new_york``) trains exactly its tokens, numbers and any script included;
- ``words`` (raw prose: the default corpus, the CS224n preset): a token is a run of letters, with
  inner apostrophes (``don't``), lower-cased; digits and punctuation separate tokens. With
  ``running_text`` a sentence is the words up to . ! ? or a blank line instead of a line.

Windows never cross sentences. The default corpus (no ``--corpus``) is the GNU Collaborative
International Dictionary of English (GCIDE, Webster's 1913 with WordNet additions) from Debian's
``dict-gcide`` package: about 5M tokens of English definitions and quotations, public domain and
GPL, installed at a fixed path.

    >>> words("Don't PANIC: 42 towels, e.g. h2o.")
    ["don't", 'panic', 'towels', 'e', 'g', 'h', 'o']
    >>> TOKENIZERS["whitespace"]("Don't PANIC: 42 towels, e.g. h2o.")
    ["Don't", 'PANIC:', '42', 'towels,', 'e.g.', 'h2o.']
"""
from __future__ import annotations

import bz2
import dataclasses
import gzip
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from train.errors import TrainError

if TYPE_CHECKING:
    from train.config import TrainConfig

TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?]+")
# GCIDE's markup that is not prose: source tags ([1913 Webster]), pronunciations (\A*buse"\).
GCIDE_MARKUP = re.compile(r"\[[^\]\n]*\]|\\[^\\\n]*\\")


def words(line: str) -> list[str]:
    """The ``words`` tokenizer: lower-case runs of letters with inner apostrophes."""
    return TOKEN.findall(line.lower())


TOKENIZERS: dict[str, Callable[[str], list[str]]] = {"whitespace": str.split, "words": words}


@dataclass(frozen=True)
class Source:
    path: Path
    tokenize: str = "whitespace"  # a name in TOKENIZERS
    running_text: bool = False  # sentences end at . ! ? or a blank line, not at line ends
    markup: re.Pattern | None = None  # removed from each line before tokenising
    errors: str = "strict"  # bytes that are not UTF-8: "strict" refuses the file, "replace" reads U+FFFD


DEFAULT_CORPUS = Source(Path("/usr/share/dictd/gcide.dict.dz"), "words", running_text=True, markup=GCIDE_MARKUP)
DEFAULT_PACKAGE = "dict-gcide"


def source(config: TrainConfig) -> Source:
    """The Source a resolved config names: its corpus file, or the default corpus when it names none."""
    if not config.corpus:
        if not DEFAULT_CORPUS.path.is_file():
            raise TrainError(f"the default corpus {DEFAULT_CORPUS.path} is missing: install it with "
                             f"`apt-get install {DEFAULT_PACKAGE}` or pass --corpus FILE")
        return dataclasses.replace(DEFAULT_CORPUS, tokenize=config.tokenize, errors=config.encoding_errors)
    path = Path(config.corpus)
    if not path.is_file():
        raise TrainError(f"corpus {config.corpus} is not a file")
    return Source(path, config.tokenize, config.running_text, errors=config.encoding_errors)


def lines(path: Path, errors: str = "strict") -> Iterator[str]:
    """The file's lines, decompressed and decoded as they are read, a byte-order mark at its start
    dropped (it marks the encoding, it is not text). A binary file is a TrainError; so is a byte
    that is not UTF-8 unless ``errors`` is "replace", the error naming its offset in the file
    (decompressed)."""
    opener = {".gz": gzip.open, ".dz": gzip.open, ".bz2": bz2.open}.get(path.suffix, open)
    number = offset = 0
    try:
        with opener(path, "rb") as raw:
            for number, line in enumerate(raw, 1):
                if b"\x00" in line:
                    raise TrainError(f"{path}: line {number} holds NUL bytes: not a text file")
                text = line.decode("utf-8", errors)
                offset += len(line)
                yield text.removeprefix("\ufeff") if number == 1 else text
    except UnicodeDecodeError as e:
        where = "byte offset" if opener is open else "byte offset (decompressed)"
        raise TrainError(f"{path}: not UTF-8 at {where} {offset + e.start}, line {number} ({e.reason}); "
                         f"--encoding-errors replace reads such bytes as U+FFFD") from None
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        raise TrainError(f"{path}: cannot read: {e}") from None


def sentences(src: Source) -> Iterator[list[str]]:
    """Every non-empty sentence of the source, whole (vocab.encode cuts the long ones)."""
    tokenize = TOKENIZERS[src.tokenize]
    pending: list[str] = []
    for line in lines(src.path, src.errors):
        if src.markup is not None:
            line = src.markup.sub(" ", line)
        if not src.running_text:
            if found := tokenize(line):
                yield found
            continue
        if not line.strip():
            if pending:
                yield pending
            pending = []
            continue
        *complete, rest = SENTENCE_END.split(line)
        for piece in complete:
            pending += tokenize(piece)
            if pending:
                yield pending
            pending = []
        pending += tokenize(rest)
    if pending:
        yield pending
