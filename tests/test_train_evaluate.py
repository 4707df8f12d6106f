"""Evaluation: ranks and Spearman against known values, similarity and analogy scores on tiny sets."""
import numpy as np
import pytest

from train.evaluate import analogies, evaluate, ranks, similarity, spearman


@pytest.mark.parametrize("x, expected", [
    ([3.0, 1.0, 2.0], [3.0, 1.0, 2.0]),
    ([1.0, 2.0, 2.0, 3.0], [1.0, 2.5, 2.5, 4.0]),
    ([5.0, 5.0, 5.0], [2.0, 2.0, 2.0]),
    ([2.0, 1.0, 2.0, 1.0, 0.0], [4.5, 2.5, 4.5, 2.5, 1.0]),
])
def test_ranks_give_ties_their_average_rank(x, expected):
    assert ranks(np.array(x)).tolist() == expected


@pytest.mark.parametrize("a, b, expected", [
    ([1, 2, 3, 4], [10, 20, 30, 40], 1.0),
    ([1, 2, 3, 4], [4, 3, 2, 1], -1.0),
    ([1, 2, 3, 4], [10, 30, 20, 40], 0.8),
    ([1, 2, 3, 4, 5], [2, 1, 4, 3, 5], 0.8),
    ([1, 2, 2, 3], [1, 2, 3, 4], 0.9486832980505138),  # scipy.stats.spearmanr's value
    ([1, 1, 1], [1, 2, 3], float("nan")),
])
def test_spearman_matches_known_values(a, b, expected):
    got = spearman(np.array(a, float), np.array(b, float))
    assert (np.isnan(got) and np.isnan(expected)) or got == pytest.approx(expected, abs=1e-12)


def _unit(rows):
    v = np.array(rows, dtype=float)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_similarity_skips_unknown_words_and_reports_their_share():
    index = {"a": 0, "b": 1, "c": 2}
    unit = _unit([[1, 0], [1, 1], [0, 1]])  # cos(a,b) .71, cos(a,c) 0, cos(b,c) .71, cos(a,a) 1
    pairs = [("a", "a", 10.0), ("a", "b", 7.0), ("a", "c", 1.0), ("x", "a", 5.0)]
    s = similarity("set", pairs, index, unit)
    assert (s.spearman, s.pairs, s.oov) == (1.0, 3, 0.25)


def test_analogies_use_3cosadd_without_the_question_words():
    words = {"man": 0, "king": 1, "woman": 2, "queen": 3, "apple": 4}
    unit = _unit([[1, 0, 0], [1, 1, 0], [0, 0, 1], [0, 1, 1], [0.1, 1, 0.1]])
    questions = [("royal", ("man", "king", "woman", "queen")),  # king - man + woman = (0, 1, 1)
                 ("royal", ("woman", "queen", "man", "king")),
                 ("fruit", ("man", "apple", "woman", "queen")),  # the answer checked by brute force below
                 ("oov", ("man", "king", "dog", "cat"))]
    a = analogies("g", questions, words, unit)
    target = unit[4] - unit[0] + unit[2]
    fruit_answer = max((w for w in words if w not in ("man", "apple", "woman")),
                       key=lambda w: unit[words[w]] @ target)
    assert fruit_answer == "queen"
    assert (a.accuracy, a.questions, a.oov) == (1.0, 3, 0.25)
    assert a.sections == {"royal": 1.0, "fruit": 1.0}


def test_analogies_search_only_the_most_frequent_rows():
    words = {"man": 0, "king": 1, "woman": 2, "queen": 3}
    unit = _unit([[1, 0, 0], [1, 1, 0], [0, 0, 1], [0, 1, 1]])
    a = analogies("g", [("s", ("man", "king", "woman", "queen"))], words, unit, restrict=3)
    assert (a.questions, a.oov) == (0, 1.0) and np.isnan(a.accuracy)


def test_evaluate_reads_the_shipped_sets():
    rng = np.random.default_rng(0)
    words = ("tiger", "cat", "king", "queen", "man", "woman", "old", "new")
    e = evaluate(words, rng.normal(size=(len(words), 5)))
    names = [s.name for s in e.similarities]
    assert names == ["wordsim353", "simlex999"] and e.similarities[0].pairs >= 2
    assert 0 < e.similarities[0].oov < 1 and e.analogies.questions > 0
    assert set(e.to_json()) == {"wordsim353", "simlex999", "google-analogies"}
