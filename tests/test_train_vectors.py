"""Vector files: both word2vec formats, read back by gensim and by us; atomic writes."""
import os
import re

import numpy as np
import pytest

from train.errors import TrainError
from train.vectors import read, write_atomically, write_binary, write_text

WORDS = ("the", "naïve", "don't", "z")
VALUES = np.array([[0.5, -1.25, 3.0], [1e-7, 2.5e6, -0.0], [0.1, 0.2, 0.3], [-4.0, 5.5, 6.25]],
                  dtype=np.float32)


@pytest.mark.parametrize("write, binary, exact", [(write_text, False, False), (write_binary, True, True)])
def test_gensim_loads_both_formats(tmp_path, write, binary, exact):
    KeyedVectors = pytest.importorskip("gensim.models").KeyedVectors
    path = tmp_path / "v"
    write(path, WORDS, VALUES)
    kv = KeyedVectors.load_word2vec_format(str(path), binary=binary)
    assert tuple(kv.index_to_key) == WORDS
    assert np.array_equal(kv.vectors, VALUES) if exact else np.allclose(kv.vectors, VALUES, rtol=1e-6)


@pytest.mark.parametrize("write", [write_text, write_binary])
def test_we_read_back_what_we_write(tmp_path, write):
    path = tmp_path / "v"
    write(path, WORDS, VALUES)
    words, values = read(path)
    assert words == WORDS and np.allclose(values, VALUES, rtol=1e-6)


@pytest.mark.parametrize("content, message", [
    (b"", "the first line must be 'WORDS DIM'"),
    (b"2 x\n", "the first line must be 'WORDS DIM'"),
    (b"1 0\n", "bad header"),
    (b"2 3\na 1 2 3\n", "neither a text nor a binary word2vec file (row 1 of 2)"),
])
def test_broken_vector_files_are_train_errors(tmp_path, content, message):
    path = tmp_path / "v"
    path.write_bytes(content)
    with pytest.raises(TrainError, match=re.escape(message)):
        read(path)


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "v.txt"
    write_text(path, WORDS, VALUES)
    before = path.read_bytes()

    def interrupted(f):
        f.write(b"half a fi")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(path, interrupted)
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["v.txt"]


def test_written_files_get_the_usual_permissions_not_the_temporary_files_0600(tmp_path):
    old = os.umask(0o022)
    try:
        write_text(tmp_path / "v.txt", WORDS, VALUES)
    finally:
        os.umask(old)
    assert (tmp_path / "v.txt").stat().st_mode & 0o777 == 0o644
