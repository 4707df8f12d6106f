"""TrainConfig: presets, flags, and the table of unusable settings with their messages."""
import argparse
import dataclasses

import pytest

from train.command import add_train_arguments
from train.config import TrainConfig, field_help, from_mapping, preset, resolve, validate
from train.errors import TrainError


def test_cs224n_preset_is_the_assignments_setting():
    c = resolve(from_mapping(preset("cs224n")))
    assert (c.dim, c.window, c.negatives, c.batch_windows, c.alpha, c.anneal_every, c.schedule,
            c.iterations) == (10, 5, 10, 50, 0.3, 20000, "cs224n", 40000)


def test_every_field_has_a_comment_and_a_flag():
    parser = argparse.ArgumentParser()
    add_train_arguments(parser)
    flags = {a.dest for a in parser._actions}
    names = {f.name for f in dataclasses.fields(TrainConfig)}
    assert set(field_help()) == names and names <= flags


def test_flags_override_the_preset():
    c = from_mapping({"dim": 7}, from_mapping(preset("cs224n")))
    assert (c.dim, c.negatives) == (7, 10)


@pytest.mark.parametrize("settings, tokenize, encoding_errors", [
    ({}, "words", "replace"),
    ({"corpus": "c.txt"}, "whitespace", "strict"),
    ({"corpus": "c.txt", "tokenize": "words", "encoding_errors": "replace"}, "words", "replace"),
    (preset("cs224n"), "words", "replace"),
    ({**preset("cs224n"), "corpus": "c.txt"}, "words", "strict"),
    ({**preset("gensim"), "corpus": "c.txt"}, "whitespace", "strict"),
])
def test_a_corpus_file_is_read_as_whitespace_tokens_and_the_default_corpus_and_cs224n_as_words(
        settings, tokenize, encoding_errors):
    c = resolve(from_mapping(settings))
    assert (c.tokenize, c.encoding_errors) == (tokenize, encoding_errors)


def test_naive_softmax_resolves_to_minibatches_of_50_windows():
    assert resolve(TrainConfig(loss="naive-softmax")).batch_windows == 50


@pytest.mark.parametrize("changes, message", [
    ({"dim": 0}, "dim must be positive, got 0"),
    ({"window": -1}, "window must be positive, got -1"),
    ({"min_count": 0}, "min-count must be positive, got 0"),
    ({"workers": 0}, "workers must be positive, got 0"),
    ({"batch_windows": -5}, "batch-windows must be 0 or positive, got -5"),
    ({"negatives": 0}, "negatives must be positive for neg-sampling, got 0"),
    ({"loss": "hinge"}, "unknown loss 'hinge'; choose neg-sampling or naive-softmax"),
    ({"alpha": 0.0}, "need 0 < alpha < inf and 0 <= min-alpha <= alpha, got 0.0, 0.0001"),
    ({"alpha": float("nan")}, "need 0 < alpha < inf and 0 <= min-alpha <= alpha, got nan, 0.0001"),
    ({"sample": 1.5}, "sample must be in [0, 1), got 1.5"),
    ({"schedule": "cs224n"}, "per-pair SGD uses the linear schedule; the cs224n schedule needs --batch-windows"),
    ({"dim": 10**9}, "dim ≤ 10000, window ≤ 1000 and negatives ≤ 1000, please"),
    ({"tokenize": "bpe"}, "unknown tokenize 'bpe'; choose whitespace or words"),
    ({"encoding_errors": "ignore"}, "unknown encoding-errors 'ignore'; choose strict or replace"),
    ({"corpus": "c.txt", "tokenize": "whitespace", "running_text": True},
     "--running-text cuts prose into sentences at . ! ?: it needs --tokenize words"),
    ({"tokenize": "whitespace"}, "the default corpus is prose, read as running text: it needs --tokenize "
                                 "words (or give --corpus FILE)"),
])
def test_unusable_settings_are_train_errors_with_one_line(changes, message):
    with pytest.raises(TrainError) as e:
        validate(dataclasses.replace(resolve(TrainConfig()), **changes))
    assert str(e.value) == message


@pytest.mark.parametrize("values, message", [
    ({"dimm": 3}, "preset x: unknown setting 'dimm'"),
    ({"dim": "ten"}, "preset x: dim must be a int, not 'ten'"),
    ({"running_text": 1}, "preset x: running_text must be true or false"),
    ({"plot_words": [1, 2]}, "preset x: plot_words must be a list of words"),
])
def test_bad_preset_values_are_train_errors(values, message):
    with pytest.raises(TrainError) as e:
        from_mapping(values, origin="preset x")
    assert str(e.value) == message


def test_unknown_preset_lists_the_known_ones():
    with pytest.raises(TrainError, match=r"no preset 'nope' \(known: cs224n, gensim, naive-softmax\)"):
        preset("nope")
