"""Word vectors on disk: the word2vec text and binary formats, written atomically; and reading them.

The last stage of training and the first of evaluation. Both formats open with a ``V d`` line; the
text format then holds one ``word x1 … xd`` line per word, the binary one ``word `` followed by d
little-endian float32 and a newline (the C word2vec tool's layout), which
``gensim.models.KeyedVectors.load_word2vec_format`` reads with ``binary=True``. Words are written most
frequent first, so the first rows of a file are its most frequent words. Every file is written to a
temporary name beside it and renamed into place, so an interrupted write never leaves half a file
where a good one was.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Callable, IO

import numpy as np

from train.errors import TrainError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Run ``write`` on a temporary file in ``path``'s folder, then rename it to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; the outputs are meant to be shared like any file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: Path, value) -> None:
    text = json.dumps(value, indent=1, ensure_ascii=False) + "\n"
    write_atomically(path, lambda f: f.write(text.encode("utf-8")))


def write_text(path: Path, words: tuple[str, ...], vectors: np.ndarray) -> None:
    """vectors (V, d); values printed with 6 significant digits, as gensim writes them."""
    def write(f: IO[bytes]) -> None:
        f.write(f"{len(words)} {vectors.shape[1]}\n".encode())
        for word, row in zip(words, vectors.astype(np.float32)):
            f.write((word + " " + " ".join(f"{x:.6g}" for x in row) + "\n").encode("utf-8"))
    write_atomically(path, write)


def write_binary(path: Path, words: tuple[str, ...], vectors: np.ndarray) -> None:
    def write(f: IO[bytes]) -> None:
        f.write(f"{len(words)} {vectors.shape[1]}\n".encode())
        for word, row in zip(words, vectors.astype("<f4")):
            f.write(word.encode("utf-8") + b" " + row.tobytes() + b"\n")
    write_atomically(path, write)


def read(path: Path) -> tuple[tuple[str, ...], np.ndarray]:
    """(words, vectors (V, d) float32) of a text or binary word2vec file, told apart by content."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise TrainError(f"cannot read vectors {path}: {e.strerror}") from None
    header, _, body = data.partition(b"\n")
    try:
        count, dim = (int(x) for x in header.split())
    except ValueError:
        raise TrainError(f"{path}: the first line must be 'WORDS DIM', got {header[:60]!r}") from None
    if count < 0 or dim <= 0:
        raise TrainError(f"{path}: bad header {header.decode(errors='replace')!r}")
    try:
        return _read_text(body, count, dim)
    except (UnicodeDecodeError, ValueError):
        return _read_binary(path, body, count, dim)


def _read_text(body: bytes, count: int, dim: int) -> tuple[tuple[str, ...], np.ndarray]:
    rows = body.decode("utf-8").splitlines()
    if len(rows) != count:
        raise ValueError("row count")
    words, values = [], np.empty((count, dim), dtype=np.float32)
    for i, row in enumerate(rows):
        word, *numbers = row.rstrip().split(" ")
        if len(numbers) != dim:
            raise ValueError("row width")
        words.append(word)
        values[i] = np.array(numbers, dtype=np.float32)
    return tuple(words), values


def _read_binary(path: Path, body: bytes, count: int, dim: int) -> tuple[tuple[str, ...], np.ndarray]:
    words, values, at, size = [], np.empty((count, dim), dtype=np.float32), 0, 4 * dim
    for i in range(count):
        space = body.find(b" ", at)
        if space < 0 or space + 1 + size > len(body):
            raise TrainError(f"{path}: neither a text nor a binary word2vec file (row {i + 1} of {count})")
        try:
            words.append(body[at:space].decode("utf-8").lstrip("\n"))
        except UnicodeDecodeError:
            raise TrainError(f"{path}: word {i + 1} is not UTF-8") from None
        values[i] = np.frombuffer(body, dtype="<f4", count=dim, offset=space + 1)
        at = space + 1 + size
    return tuple(words), values
