"""Reading corpora: tokens, sentences by line or running text, compressed files, hostile files."""
import bz2
import gzip

import pytest

from train import corpus
from train.corpus import Source, sentences, source, tokens
from train.errors import TrainError


@pytest.mark.parametrize("line, expected", [
    ("The Cat sat.", ["the", "cat", "sat"]),
    ("Don't PANIC: 42 towels", ["don't", "panic", "towels"]),
    ("naïve café, Zürich", ["naïve", "café", "zürich"]),
    ("x_y 3d--rock'n'roll", ["x", "y", "d", "rock'n'roll"]),
    ("'quoted' words'", ["quoted", "words"]),
    ("123 456 !!!", []),
])
def test_tokens_are_lower_case_runs_of_letters(line, expected):
    assert tokens(line) == expected


TEXT = "The cat sat. The dog\nran away! Did it?\n\nA new paragraph\nwithout an end\n"


@pytest.mark.parametrize("running_text, expected", [
    (False, [["the", "cat", "sat", "the", "dog"], ["ran", "away", "did", "it"],
             ["a", "new", "paragraph"], ["without", "an", "end"]]),
    (True, [["the", "cat", "sat"], ["the", "dog", "ran", "away"], ["did", "it"],
            ["a", "new", "paragraph", "without", "an", "end"]]),
])
def test_sentences_end_at_lines_or_at_punctuation_and_blank_lines(tmp_path, running_text, expected):
    path = tmp_path / "c.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert list(sentences(Source(path, running_text), 100)) == expected


@pytest.mark.parametrize("suffix, opener", [(".gz", gzip.open), (".dz", gzip.open), (".bz2", bz2.open)])
def test_compressed_files_give_the_same_sentences(tmp_path, suffix, opener):
    plain = tmp_path / "c.txt"
    plain.write_text(TEXT, encoding="utf-8")
    packed = tmp_path / f"c.txt{suffix}"
    with opener(packed, "wb") as f:
        f.write(TEXT.encode())
    assert list(sentences(Source(packed, True), 100)) == list(sentences(Source(plain, True), 100))


def test_long_sentences_are_cut_into_pieces(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text(" ".join(["w"] * 25) + "\n", encoding="utf-8")
    assert [len(s) for s in sentences(Source(path, False), 10)] == [10, 10, 5]


@pytest.mark.parametrize("content, message", [
    (b"hello\x00world\n", "line 1 holds NUL bytes: not a text file"),
    (b"fine line\n\xff\xfe bad\n", "line 2 is not UTF-8 (invalid start byte): not a text file"),
])
def test_binary_or_non_utf8_files_are_refused_with_their_line(tmp_path, content, message):
    path = tmp_path / "c.txt"
    path.write_bytes(content)
    with pytest.raises(TrainError) as e:
        list(sentences(Source(path, False), 100))
    assert str(e.value) == f"{path}: {message}"


def test_a_broken_gzip_file_is_a_train_error(tmp_path):
    path = tmp_path / "c.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(TrainError, match="cannot read"):
        list(sentences(Source(path, False), 100))


def test_missing_default_corpus_says_which_package_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(corpus, "DEFAULT_CORPUS", Source(tmp_path / "absent.dz", True))
    with pytest.raises(TrainError) as e:
        source("", False)
    assert "apt-get install dict-gcide" in str(e.value) and "--corpus FILE" in str(e.value)


def test_a_corpus_that_is_not_a_file_is_refused(tmp_path):
    with pytest.raises(TrainError, match="is not a file"):
        source(str(tmp_path), False)


@pytest.mark.skipif(not corpus.DEFAULT_CORPUS.path.is_file(), reason="dict-gcide is not installed")
def test_default_corpus_opens_with_english_prose_and_no_markup():
    first = []
    for s in sentences(source("", False), 10_000):
        first += s
        if len(first) > 20_000:
            break
    # Each entry ends with a source tag ([1913 Webster]); stripped, the word is left in prose only.
    assert first.count("webster") < 20 and "abandon" in first and first.count("the") > 500
