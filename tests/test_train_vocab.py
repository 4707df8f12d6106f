"""The vocabulary, subsampling chances, the negative table, and the windows of minibatches."""
import numpy as np
import pytest

from train.batches import negatives, window_pairs
from train.errors import TrainError
from train.vocab import Encoded, draw, encode, keep_probabilities, negative_table

SENTENCES = [["b", "a", "c", "a"], ["d"], ["a", "b", "e", "b"], ["c", "a"]]


@pytest.mark.parametrize("min_count, max_vocab, words, counts, ids, starts", [
    (1, 0, ("a", "b", "c", "d", "e"), [4, 3, 2, 1, 1], [1, 0, 2, 0, 3, 0, 1, 4, 1, 2, 0], [0, 4, 5, 9, 11]),
    (2, 0, ("a", "b", "c"), [4, 3, 2], [1, 0, 2, 0, 0, 1, 1, 2, 0], [0, 4, 7, 9]),
    (1, 2, ("a", "b"), [4, 3], [1, 0, 0, 0, 1, 1, 0], [0, 3, 6, 7]),
    (4, 0, ("a",), [4], [0, 0, 0, 0], [0, 2, 3, 4]),
])
def test_encode_keeps_frequent_words_most_frequent_first_and_drops_the_rest(
        min_count, max_vocab, words, counts, ids, starts):
    vocab, enc = encode(lambda: SENTENCES, min_count, 100, max_vocab)
    assert vocab.words == words and vocab.counts.tolist() == counts and vocab.raw_tokens == 11
    assert enc.ids.tolist() == ids and enc.starts.tolist() == starts and (enc.sentences, enc.cut) == (4, 0)


@pytest.mark.parametrize("max_length, min_count, starts, cut", [
    (10, 1, [0, 10, 20, 25], 1),
    (25, 1, [0, 25], 0),
    (24, 1, [0, 24, 25], 1),
    (10, 2, [0, 9, 19, 24], 1),  # pieces of 10 tokens as read; the rare x is dropped after the cut
])
def test_long_sentences_are_cut_into_pieces_none_dropped(max_length, min_count, starts, cut):
    sentence = ["a", "b", "a", "x"] + ["a", "b"] * 10 + ["b"]  # 25 tokens, x once
    vocab, enc = encode(lambda: [sentence], min_count, max_length)
    assert enc.starts.tolist() == starts and (enc.sentences, enc.cut) == (1, cut)
    assert [vocab.words[i] for i in enc.ids] == [w for w in sentence if w in vocab.words]


@pytest.mark.parametrize("sentences, min_count, message", [
    ([], 1, "the corpus holds no tokens (it is empty or blank, or with --tokenize words has no letters)"),
    ([["a", "b"], ["c"]], 2, "no word occurs 2 times or more (the corpus has 3 tokens, 3 distinct): "
                             "lower --min-count or give a larger corpus"),
])
def test_corpora_without_a_vocabulary_are_train_errors(sentences, min_count, message):
    with pytest.raises(TrainError) as e:
        encode(lambda: sentences, min_count, 100)
    assert str(e.value) == message


def test_keep_probability_is_word2vecs_formula():
    counts = np.array([1000, 100, 10, 1])
    t = 1e-2
    f = counts / counts.sum()
    expected = np.minimum(1, (np.sqrt(f / t) + 1) * t / f)
    assert np.allclose(keep_probabilities(counts, t), expected)
    assert keep_probabilities(counts, t)[0] == pytest.approx((np.sqrt(1000 / 11.11) + 1) * 11.11 / 1000)
    assert keep_probabilities(counts, t)[-1] == 1.0
    assert keep_probabilities(counts, 0).tolist() == [1.0, 1.0, 1.0, 1.0]


def test_negative_draws_follow_unigram_to_the_three_quarters():
    counts = np.array([10_000, 1_000, 100, 10, 1])
    table = negative_table(counts)
    assert table[-1] == 1.0
    drawn = draw(table, np.random.default_rng(0).random(400_000))
    share = np.bincount(drawn, minlength=5) / drawn.size
    expected = counts ** 0.75 / (counts ** 0.75).sum()
    assert np.abs(share - expected).max() < 0.003
    assert drawn.min() == 0 and drawn.max() == 4


def test_negatives_never_equal_their_pairs_outside_word():
    table = negative_table(np.array([1000, 1, 1]))  # word 0 is drawn almost always
    outsides = np.zeros(500, dtype=np.int64)
    drawn = negatives(np.random.default_rng(1), table, outsides, 4)
    assert drawn.shape == (500, 4) and not (drawn == 0).any()


def _one_sentence(n: int) -> Encoded:
    return Encoded(np.arange(n, dtype=np.int32), np.array([0, n]), 1, 0)


def test_dynamic_window_weights_distance_k_by_m_minus_k_plus_1():
    # word ids are positions, so an outside word's distance is |outside - center|
    enc = _one_sentence(10_000)
    pairs = window_pairs(np.random.default_rng(2), enc, np.ones(10_000), 20_000, 3)
    distance = np.abs(pairs.outsides - pairs.centers)
    share = np.bincount(distance, minlength=4)[1:] / distance.size
    assert np.allclose(share, np.array([3, 2, 1]) / 6, atol=0.01)
    assert pairs.windows == 20_000


def test_windows_stay_inside_their_sentence():
    enc = Encoded(np.arange(12, dtype=np.int32), np.array([0, 2, 3, 12]), 3, 0)
    pairs = window_pairs(np.random.default_rng(3), enc, np.ones(12), 5_000, 4)
    sentence = np.searchsorted(enc.starts, np.stack([pairs.centers, pairs.outsides]), side="right") - 1
    assert (sentence[0] == sentence[1]).all() and not (pairs.centers == 2).any()


def test_subsampling_drops_words_with_their_keep_chance():
    enc = _one_sentence(2_000)
    keep = np.where(np.arange(2_000) % 2 == 0, 1.0, 0.0)  # odd ids are always dropped
    pairs = window_pairs(np.random.default_rng(4), enc, keep, 2_000, 2)
    assert pairs.centers.size > 0 and (pairs.centers % 2 == 0).all() and (pairs.outsides % 2 == 0).all()
