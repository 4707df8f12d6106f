"""Reading corpora: the two tokenizers, sentences by line or running text, compressed files, bytes
that are not UTF-8, hostile files; and what reaches the vocabulary through the trainer's first stage."""
import bz2
import dataclasses
import gzip

import pytest

from train import corpus, trainer
from train.config import TrainConfig, resolve
from train.corpus import Source, sentences, source, words
from train.errors import TrainError

ISSUE_LINE = "the year 2019 was covid-19 and gpt-4 e.g. x2 h2o co2 état naïve 東京 tokyo"


@pytest.mark.parametrize("line, expected", [
    ("The Cat sat.", ["the", "cat", "sat"]),
    ("Don't PANIC: 42 towels", ["don't", "panic", "towels"]),
    ("naïve café, Zürich", ["naïve", "café", "zürich"]),
    ("x_y 3d--rock'n'roll", ["x", "y", "d", "rock'n'roll"]),
    ("'quoted' words'", ["quoted", "words"]),
    ("123 456 !!!", []),
])
def test_words_are_lower_case_runs_of_letters(line, expected):
    assert words(line) == expected


def _file(tmp_path, content, name="c.txt"):
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def _vocabulary(path, **settings):
    config = resolve(TrainConfig(corpus=str(path), min_count=1, negatives=2, **settings))
    return sorted(trainer.prepare(config).vocab.words)


W200 = " ".join(f"w{i}" for i in range(200))
PHRASES = "i moved to new_york from los_angeles in 2019\n"
CASES = "Apple apple APPLE, apple.\tPear. PEAR\u00a0plum nbsp\n"  # a tab, a no-break space


@pytest.mark.parametrize("text, settings, expected", [
    (ISSUE_LINE, {}, sorted(["the", "year", "2019", "was", "covid-19", "and", "gpt-4", "e.g.", "x2", "h2o",
                             "co2", "état", "naïve", "東京", "tokyo"])),
    (W200, {}, sorted(f"w{i}" for i in range(200))),
    (PHRASES, {}, sorted(PHRASES.split())),
    (CASES, {}, ["APPLE,", "Apple", "PEAR", "Pear.", "apple", "apple.", "nbsp", "plum"]),
    (ISSUE_LINE, {"tokenize": "words"}, sorted(["the", "year", "was", "covid", "and", "gpt", "e", "g", "x",
                                                "h", "o", "co", "état", "naïve", "東京", "tokyo"])),
    (PHRASES, {"tokenize": "words"}, ["angeles", "from", "i", "in", "los", "moved", "new", "to", "york"]),
    (CASES, {"tokenize": "words"}, ["apple", "nbsp", "pear", "plum"]),
])
def test_a_corpus_file_trains_its_whitespace_tokens_as_given_and_words_reads_prose(tmp_path, text, settings, expected):
    assert _vocabulary(_file(tmp_path, text), **settings) == expected


def test_words_leaves_a_numbered_vocabulary_one_word_as_it_always_did(tmp_path):
    with pytest.raises(TrainError, match=r"^the vocabulary has 1 word\(s\)"):
        _vocabulary(_file(tmp_path, W200), tokenize="words")


TEXT = "The cat sat. The dog\nran away! Did it?\n\nA new paragraph\nwithout an end\n"


@pytest.mark.parametrize("tokenize, running_text, expected", [
    ("whitespace", False, [["The", "cat", "sat.", "The", "dog"], ["ran", "away!", "Did", "it?"],
                           ["A", "new", "paragraph"], ["without", "an", "end"]]),
    ("words", False, [["the", "cat", "sat", "the", "dog"], ["ran", "away", "did", "it"],
                      ["a", "new", "paragraph"], ["without", "an", "end"]]),
    ("words", True, [["the", "cat", "sat"], ["the", "dog", "ran", "away"], ["did", "it"],
                     ["a", "new", "paragraph", "without", "an", "end"]]),
])
def test_sentences_end_at_lines_or_at_punctuation_and_blank_lines(tmp_path, tokenize, running_text, expected):
    assert list(sentences(Source(_file(tmp_path, TEXT), tokenize, running_text))) == expected


@pytest.mark.parametrize("suffix, opener", [(".gz", gzip.open), (".dz", gzip.open), (".bz2", bz2.open)])
@pytest.mark.parametrize("tokenize", ["whitespace", "words"])
def test_compressed_files_give_the_same_sentences(tmp_path, suffix, opener, tokenize):
    plain = _file(tmp_path, TEXT)
    packed = tmp_path / f"c.txt{suffix}"
    with opener(packed, "wb") as f:
        f.write(TEXT.encode())
    assert list(sentences(Source(packed, tokenize))) == list(sentences(Source(plain, tokenize)))


def test_a_byte_order_mark_is_not_part_of_the_first_token(tmp_path):
    path = _file(tmp_path, "\ufeffthe cat\nthe dog\n".encode())
    assert list(sentences(Source(path))) == [["the", "cat"], ["the", "dog"]]


@pytest.mark.parametrize("content, name, message", [
    (b"hello\x00world\n", "c.txt", "line 1 holds NUL bytes: not a text file"),
    (b"fine line\nbad \xff\xfe here\n", "c.txt", "not UTF-8 at byte offset 14, line 2 (invalid start byte); "
                                                 "--encoding-errors replace reads such bytes as U+FFFD"),
    (b"caf\xe9\n", "c.txt", "not UTF-8 at byte offset 3, line 1 (invalid continuation byte); "
                            "--encoding-errors replace reads such bytes as U+FFFD"),
    (b"\xef\xbb\xbfok\nt\xc3", "c.txt", "not UTF-8 at byte offset 7, line 2 (unexpected end of data); "
                                        "--encoding-errors replace reads such bytes as U+FFFD"),
    (gzip.compress(b"fine line\nbad \xff here\n", mtime=0), "c.gz", "not UTF-8 at byte offset (decompressed) 14, "
                                                                   "line 2 (invalid start byte); "
                                                                   "--encoding-errors replace reads such bytes as U+FFFD"),
])
def test_binary_or_non_utf8_files_are_refused_naming_where(tmp_path, content, name, message):
    path = _file(tmp_path, content, name)
    with pytest.raises(TrainError) as e:
        list(sentences(Source(path)))
    assert str(e.value) == f"{path}: {message}"


@pytest.mark.parametrize("tokenize, expected", [
    ("whitespace", [["fine", "line"], ["bad", "\ufffd\ufffd", "caf\ufffd"]]),
    ("words", [["fine", "line"], ["bad", "caf"]]),
])
def test_encoding_errors_replace_reads_bad_bytes_as_the_replacement_character(tmp_path, tokenize, expected):
    path = _file(tmp_path, b"fine line\nbad \xff\xfe caf\xe9\n")
    assert list(sentences(Source(path, tokenize, errors="replace"))) == expected


def test_a_broken_gzip_file_is_a_train_error(tmp_path):
    with pytest.raises(TrainError, match="cannot read"):
        list(sentences(Source(_file(tmp_path, b"\x1f\x8b\x08\x00garbage", "c.gz"))))


def test_missing_default_corpus_says_which_package_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(corpus, "DEFAULT_CORPUS", Source(tmp_path / "absent.dz", "words", True))
    with pytest.raises(TrainError) as e:
        source(resolve(TrainConfig()))
    assert "apt-get install dict-gcide" in str(e.value) and "--corpus FILE" in str(e.value)


def test_a_corpus_that_is_not_a_file_is_refused(tmp_path):
    with pytest.raises(TrainError, match="is not a file"):
        source(resolve(TrainConfig(corpus=str(tmp_path))))


@pytest.mark.skipif(not corpus.DEFAULT_CORPUS.path.is_file(), reason="dict-gcide is not installed")
def test_default_corpus_is_read_as_words_and_opens_with_english_prose_and_no_markup():
    src = source(resolve(TrainConfig()))
    assert dataclasses.astuple(src)[1:] == ("words", True, corpus.GCIDE_MARKUP, "replace")
    first = []
    for s in sentences(src):
        first += s
        if len(first) > 20_000:
            break
    # Each entry ends with a source tag ([1913 Webster]); stripped, the word is left in prose only.
    assert first.count("webster") < 20 and "abandon" in first and first.count("the") > 500
