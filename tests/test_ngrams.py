"""N-gram counting: the same columns and weights as scikit-learn's vectorizers, on tiny fabricated text."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline import ngrams


def _pairs(rows, cols):
    return sorted(zip(rows.tolist(), cols.tolist()))


def test_ngrams_word_index_finds_ngrams_whose_prefix_is_no_term():
    terms = ["kami", "rapat", "kami rapat koordinasi", "rapat koordinasi", "tiap bulan"]
    index = ngrams.WordNgramIndex(terms)
    rows, cols = index.occurrences(["kami rapat koordinasi tiap", "bulan kami rapat"], (1, 3))
    # "kami rapat" is only a prefix (no column); "tiap bulan" spans two documents and is not counted
    assert _pairs(rows, cols) == [(0, 0), (0, 1), (0, 2), (0, 3), (1, 0), (1, 1)]


def test_ngrams_word_index_keeps_to_the_ngram_range_and_unknown_tokens():
    index = ngrams.WordNgramIndex(["dana", "dana desa", "desa"])
    rows, cols = index.occurrences(["dana desa cair", "", "dana ??? desa"], (2, 2))
    assert _pairs(rows, cols) == [(0, 1)]
    rows, cols = index.occurrences([], (1, 2))
    assert len(rows) == len(cols) == 0


@pytest.mark.parametrize(("word", "grams"), [
    ("di", [" di "]),  # shorter than the n-gram: once, whole
    ("dana", [" dana", "dana "]),
    ("rapat", [" rapa", "rapat", "apat "]),
])
def test_ngrams_char_wb_ids_pad_and_count_short_words_once(word, grams):
    vocabulary = {g: i for i, g in enumerate(sorted({" di ", " dana", "dana ", " rapa", "rapat", "apat "}))}
    assert ngrams.char_wb_ids(word, (5, 5), vocabulary) == tuple(vocabulary[g] for g in grams)


def test_ngrams_tfidf_equals_the_vectorizer():
    docs = ["Dana desa cair, dana desa terlambat.", "Rapat tiap bulan di kantor desa.", "di"]
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 4), sublinear_tf=True, dtype=np.float32).fit(docs)
    counts = ngrams.char_wb_counts(docs, vec, {}, len(vec.vocabulary_))
    fast, slow = ngrams.tfidf(counts, vec), vec.transform(docs)
    assert np.array_equal(fast.indptr, slow.indptr) and np.array_equal(fast.indices, slow.indices)
    assert np.array_equal(fast.data, slow.data)


@pytest.mark.parametrize("norm", ["l1", None])
def test_ngrams_tfidf_other_norms_equal_the_vectorizer(norm):
    docs = ["Dana desa cair, dana desa terlambat.", "Rapat tiap bulan di kantor desa."]
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), norm=norm, dtype=np.float32).fit(docs)
    fast = ngrams.tfidf(ngrams.char_wb_counts(docs, vec, {}, len(vec.vocabulary_)), vec)
    assert np.array_equal(fast.toarray(), vec.transform(docs).toarray())
