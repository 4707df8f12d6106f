"""Assemble the benchmark corpus (≥ 5M tokens) from what the package registries hold, no download.

Sources, each skipped with a note when it is not installed:
- GCIDE, the dictionary of Debian's ``dict-gcide`` (/usr/share/dictd/gcide.dict.dz), through
  gradproof's own default-corpus reader;
- Jane Austen's six novels from Debian's ``r-cran-janeaustenr``, read from the R package's lazy-load
  database (zlib-compressed R serialisations of character vectors) without R;
- the English Wikipedia excerpt in gensim's test data, its markup removed by gensim's ``filter_wiki``;
- the King James Bible of ``bible-kjv-text`` only as text the ``bible`` program (package ``bible-kjv``)
  prints; its data file uses its own compression, so without the program it is skipped.

Every source is prepared here as ``--tokenize words`` reads raw prose (lower-case runs of letters)
and written one sentence per line, tokens separated by spaces, atomically: the prepared format that
gensim's LineSentence and gradproof's whitespace reading of a ``--corpus`` file both take as given,
so the two tools train on the same tokens.

    python benchmarks/make_corpus.py [-o out/bench/corpus.txt]
"""
from __future__ import annotations

import argparse
import bz2
import gzip
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from train import corpus  # noqa: E402
from train.config import TrainConfig, resolve  # noqa: E402
from train.errors import TrainError  # noqa: E402

AUSTEN = Path("/usr/lib/R/site-library/janeaustenr/data/Rdata")
WIKI = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"


def gcide() -> Iterator[list[str]]:
    yield from corpus.sentences(corpus.source(resolve(TrainConfig())))


def _r_strings(blob: bytes) -> list[str]:
    """The strings of an R serialisation (format 2 or 3, XDR) whose object is a character vector."""
    data, at = zlib.decompress(blob[4:]), 0

    def integer() -> int:
        nonlocal at
        (value,) = struct.unpack_from(">i", data, at)
        at += 4
        return value

    assert data[:2] == b"X\n", "not an XDR serialisation"
    at = 2
    version = integer()
    integer(), integer()  # the writer's and the minimal reader's R versions
    if version == 3:
        name_size = integer()
        at += name_size  # the native encoding's name
    if integer() & 0xFF != 16:  # STRSXP
        return []
    strings = []
    for _ in range(integer()):
        integer()  # CHARSXP flags
        size = integer()
        if size >= 0:
            strings.append(data[at:at + size].decode("utf-8", "replace"))
            at += size
    return strings


def austen() -> Iterator[list[str]]:
    index = gzip.decompress(AUSTEN.with_suffix(".rdx").read_bytes())
    database = AUSTEN.with_suffix(".rdb").read_bytes()
    # The index lists each variable's (offset, length) as R integer pairs: tag 0x0d, length 2.
    for offset, length in re.findall(rb"\x00\x00\x00\x0d\x00\x00\x00\x02(.{4})(.{4})", index, re.DOTALL):
        (o,), (n,) = struct.unpack(">i", offset), struct.unpack(">i", length)
        paragraph: list[str] = []
        for line in _r_strings(database[o:o + n]):
            if line.strip():
                paragraph += corpus.words(line)
            elif paragraph:
                yield paragraph
                paragraph = []
        if paragraph:
            yield paragraph


def wikipedia() -> Iterator[list[str]]:
    import gensim
    from gensim.corpora.wikicorpus import extract_pages, filter_wiki
    path = Path(gensim.__file__).parent / "test" / "test_data" / WIKI
    with bz2.open(path) as f:
        for _title, text, _pageid in extract_pages(f):
            for paragraph in filter_wiki(text).split("\n"):
                if words := corpus.words(paragraph):
                    yield words


def bible() -> Iterator[list[str]]:
    program = shutil.which("bible")
    if program is None:
        raise FileNotFoundError("the `bible` program (Debian package bible-kjv) is not installed")
    text = subprocess.run([program, "-f", "Genesis 1:1-Revelation 22:21"], capture_output=True,
                          text=True, check=True).stdout
    for line in text.splitlines():
        if words := corpus.words(line):
            yield words


SOURCES = {"gcide": gcide, "austen": austen, "wikipedia": wikipedia, "kjv-bible": bible}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "out" / "bench" / "corpus.txt")
    args = parser.parse_args()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_suffix(".tmp")
    total = 0
    with open(tmp, "w", encoding="utf-8") as out:
        for name, read in SOURCES.items():
            count = 0
            try:
                for words in read():
                    out.write(" ".join(words) + "\n")
                    count += len(words)
            except (OSError, ImportError, subprocess.CalledProcessError, TrainError) as e:
                print(f"{name}: skipped ({e})")
                continue
            print(f"{name}: {count:,} tokens")
            total += count
    os.replace(tmp, args.output)
    print(f"total: {total:,} tokens in {args.output}")


if __name__ == "__main__":
    main()
