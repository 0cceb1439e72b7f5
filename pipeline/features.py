"""Feature blocks of the classifier: custom scikit-learn transformers over a passage frame.

The input of every block is a :class:`pandas.DataFrame` built by :func:`frame` with one row per passage:
``text``, ``question``, ``stems`` / ``question_stems`` (space-joined stems) and ``lexicon`` (a dict
``code -> (score, polarity)`` from the lexicon coder). Building the frame is the only place that calls the lexicon
coder and the stemmer, so the saved model holds no lexicon object and the feature blocks stay plain estimators.

Estimators follow the scikit-learn contract: parameters only in ``__init__``, validation in ``fit``, learned
attributes end in ``_``, ``fit`` returns ``self``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from pipeline import ngrams

COLUMNS = ("text", "question", "stems", "question_stems", "lexicon")
_WORD = re.compile(r"\w+(?:-\w+)*", re.UNICODE)


def _keys(text: str) -> list[str]:
    try:
        from pipeline.nlp import default_normaliser
    except ImportError:  # pragma: no cover - the text-analysis module is part of the package
        return _WORD.findall(text.lower())
    return default_normaliser().analyse(text).keys


@lru_cache(maxsize=100_000)
def stems(text: str | None) -> str:
    """Space-joined stems of the words of ``text`` (``pipeline.nlp`` keys; compounds joined by ``_``); cached, as
    training and the re-scoring after it stem the same passages.

    >>> stems("Kepercayaan antar-OPD nggak ada.")
    'percaya antar_opd tidak ada'
    """
    if not text:
        return ""
    tokens, out = _STEM_TOKENS, []
    for key in _keys(text):
        token = tokens.get(key)
        if token is None:
            joined = key.replace(" ", "_")
            token = tokens[key] = joined if key and _WORD.fullmatch(joined) else ""
        if token:
            out.append(token)
    return " ".join(out)


_STEM_TOKENS: dict[str, str] = {}  # key -> its token in the stem column ("" for punctuation); few distinct keys


def lexicon_block(suggestions: Sequence[Any]) -> dict[str, tuple[float, int]]:
    """The lexicon coder's suggestions of one passage as ``code -> (score, +1 supports / -1 against)``."""
    return {s.code: (float(s.score), 1 if s.polarity == "supports" else -1) for s in suggestions}


def frame(
    texts: Sequence[str],
    questions: Sequence[str | None],
    lexicon_hits: Sequence[dict[str, tuple[float, int]]] | None = None,
    *,
    text_stems: Sequence[str] | None = None,
    question_stems: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The model's input: one row per passage with text, question, their stems and the lexicon block.

    ``text_stems``/``question_stems`` may be given when already computed (e.g. in parallel workers).
    """
    if lexicon_hits is None:
        lexicon_hits = [{} for _ in texts]
    if not (len(texts) == len(questions) == len(lexicon_hits)):
        raise ValueError("texts, questions and lexicon_hits must have the same length")
    return pd.DataFrame(
        {
            "text": list(texts),
            "question": [q or "" for q in questions],
            "stems": list(text_stems) if text_stems is not None else [stems(t) for t in texts],
            "question_stems": list(question_stems) if question_stems is not None else [stems(q) for q in questions],
            "lexicon": list(lexicon_hits),
        }
    )


def _column(X: Any, column: str) -> list:
    if not isinstance(X, pd.DataFrame) or column not in X.columns:
        raise ValueError(f"expected a DataFrame with a {column!r} column (build it with pipeline.features.frame)")
    return X[column].tolist()


class StemNgrams(TransformerMixin, BaseEstimator):
    """TF-IDF of word n-grams over a stem column (default the passage's ``stems``)."""

    def __init__(self, column="stems", ngram_range=(1, 2), min_df=2, max_features=None, sublinear_tf=True,
                 prefix=""):
        self.column = column
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf
        self.prefix = prefix

    def _vectorizer(self) -> TfidfVectorizer:
        return TfidfVectorizer(
            analyzer="word", token_pattern=r"\S+", lowercase=False, ngram_range=tuple(self.ngram_range),
            min_df=self.min_df, max_features=self.max_features, sublinear_tf=self.sublinear_tf, dtype=np.float32,
        )

    def fit(self, X, y=None):
        docs = _column(X, self.column)
        if len(self.ngram_range) != 2 or self.ngram_range[0] < 1 or self.ngram_range[0] > self.ngram_range[1]:
            raise ValueError(f"ngram_range must be (min, max) with 1 <= min <= max, not {self.ngram_range!r}")
        vec = self._vectorizer()
        try:
            vec.fit(docs)
        except ValueError:  # empty vocabulary (e.g. no questions at all): an always-empty block
            vec = self._vectorizer().set_params(min_df=1).fit(docs + ["__kosong__"])
        # Kept as two arrays (not the vectorizer's dict) so the skops file stays small.
        self.terms_ = np.asarray(vec.get_feature_names_out(), dtype=str)
        self.idf_ = vec.idf_.astype(np.float32)
        self.n_features_out_ = len(self.terms_)
        self._cache, self._index, self._words = vec, None, None  # caches of an earlier fit are stale
        return self

    @property
    def vectorizer_(self) -> TfidfVectorizer:
        """The fitted vectorizer, rebuilt from ``terms_`` and ``idf_`` after loading."""
        check_is_fitted(self, "terms_")
        vec = getattr(self, "_cache", None)
        if vec is None:
            vec = self._vectorizer().set_params(vocabulary={t: i for i, t in enumerate(self.terms_.tolist())})
            vec.idf_ = self.idf_
            self._cache = vec
        return vec

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_cache", None)
        state.pop("_words", None)
        state.pop("_index", None)
        return state

    def transform(self, X):
        """The TF-IDF matrix of the column, equal to the fitted vectorizer's ``transform`` (float32 CSR).

        Counted by :mod:`pipeline.ngrams` rather than the vectorizer's per-document Python analyzer, each distinct
        document of the batch once (the polarity model sees a passage once per code).
        """
        check_is_fitted(self, "terms_")
        docs = _column(X, self.column)
        rows: dict[str, int] = {}
        order = [rows.setdefault(doc, len(rows)) for doc in docs]
        vec = self.vectorizer_
        out = ngrams.tfidf(self._counts(list(rows), vec), vec)
        return out if len(rows) == len(docs) else out[order]

    def _counts(self, docs: list[str], vec: TfidfVectorizer) -> sparse.csr_matrix:
        index = getattr(self, "_index", None)
        if index is None:
            index = self._index = ngrams.WordNgramIndex(self.terms_.tolist())
        found = index.occurrences(docs, vec.ngram_range)
        return ngrams.count_matrix(*found, shape=(len(docs), len(self.terms_)))

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "terms_")
        return np.asarray([f"{self.prefix}{n}" for n in self.terms_.tolist()], dtype=object)


class QuestionNgrams(StemNgrams):
    """The interviewer-question block: stem n-grams of the question before the passage (it names the topic)."""

    def __init__(self, column="question_stems", ngram_range=(1, 1), min_df=2, max_features=None,
                 sublinear_tf=True, prefix="q:"):
        super().__init__(column=column, ngram_range=ngram_range, min_df=min_df, max_features=max_features,
                         sublinear_tf=sublinear_tf, prefix=prefix)


class CharNgrams(StemNgrams):
    """TF-IDF of character n-grams inside word boundaries of the raw text (spelling variants, affixes).

    The default 5-grams (a whole short word, or an affix with part of the root) scored as well as 3-5-grams in
    cross-validation on the seed corpus at a fifth of the cost (``benchmarks/classifier_cv.py``).
    """

    _WORD_CACHE = 200_000  # words whose n-gram columns are remembered

    def __init__(self, column="text", ngram_range=(5, 5), min_df=2, max_features=50_000, sublinear_tf=True,
                 prefix="c:"):
        super().__init__(column=column, ngram_range=ngram_range, min_df=min_df, max_features=max_features,
                         sublinear_tf=sublinear_tf, prefix=prefix)

    def _counts(self, docs: list[str], vec: TfidfVectorizer) -> sparse.csr_matrix:
        words = getattr(self, "_words", None)
        if words is None or len(words) >= self._WORD_CACHE:
            words = self._words = {}  # word -> its n-grams' columns
        return ngrams.char_wb_counts(docs, vec, words, len(self.terms_))

    def _vectorizer(self) -> TfidfVectorizer:
        return TfidfVectorizer(
            analyzer="char_wb", lowercase=True, ngram_range=tuple(self.ngram_range), min_df=self.min_df,
            max_features=self.max_features, sublinear_tf=self.sublinear_tf, dtype=np.float32,
        )


class LexiconScores(TransformerMixin, BaseEstimator):
    """The lexicon block: per code the lexicon score, a supports flag and an against flag, plus hit counts.

    Args:
        codes: the code ids, in column order; ``None`` learns them from the training frame (sorted).
        weight: multiplies the block so it is not drowned by thousands of n-gram columns.
    """

    def __init__(self, codes=None, weight=1.0):
        self.codes = codes
        self.weight = weight

    def fit(self, X, y=None):
        rows = _column(X, "lexicon")
        if self.weight < 0:
            raise ValueError(f"weight must be >= 0, not {self.weight!r}")
        if self.codes is not None:
            self.codes_ = list(self.codes)
        else:
            self.codes_ = sorted({c for r in rows for c in r})
        return self

    def transform(self, X):
        check_is_fitted(self, "codes_")
        rows = _column(X, "lexicon")
        k = len(self.codes_)
        index = {c: i for i, c in enumerate(self.codes_)}
        out = np.zeros((len(rows), 3 * k + 2), dtype=np.float32)
        for r, hits in enumerate(rows):
            for code, (score, pol) in hits.items():
                i = index.get(code)
                if i is None:
                    continue
                out[r, i] = score
                out[r, k + i] = 1.0 if pol > 0 else 0.0
                out[r, 2 * k + i] = 1.0 if pol < 0 else 0.0
            out[r, 3 * k] = len(hits)
            out[r, 3 * k + 1] = sum(1 for _, p in hits.values() if p < 0)
        return sparse.csr_matrix(out * self.weight)

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "codes_")
        names = [f"lex:{c}" for c in self.codes_] + [f"lex+:{c}" for c in self.codes_]
        names += [f"lex-:{c}" for c in self.codes_] + ["lex:hits", "lex:against"]
        return np.asarray(names, dtype=object)


class CodePolarity(TransformerMixin, BaseEstimator):
    """The polarity block of a (passage, code) pair: the lexicon's polarity rule for that code, and one-hot code.

    Reads the ``code`` column (added by :func:`pair_frame`) and the ``lexicon`` column: +1/-1/0 for the lexicon's
    polarity of that very code, whether the lexicon found any against / supports code in the passage, and the code
    one-hot so the polarity base rate can differ by code.
    """

    def __init__(self, codes=None, weight=1.0):
        self.codes = codes
        self.weight = weight

    def fit(self, X, y=None):
        pairs = _column(X, "code")
        _column(X, "lexicon")
        if self.weight < 0:
            raise ValueError(f"weight must be >= 0, not {self.weight!r}")
        self.codes_ = list(self.codes) if self.codes is not None else sorted(set(pairs))
        return self

    def transform(self, X):
        check_is_fitted(self, "codes_")
        codes, hits = _column(X, "code"), _column(X, "lexicon")
        index = {c: i for i, c in enumerate(self.codes_)}
        out = np.zeros((len(codes), 3 + len(self.codes_)), dtype=np.float32)
        for r, (code, h) in enumerate(zip(codes, hits)):
            out[r, 0] = h.get(code, (0.0, 0))[1]
            out[r, 1] = float(any(p < 0 for _, p in h.values()))
            out[r, 2] = float(any(p > 0 for _, p in h.values()))
            if code in index:
                out[r, 3 + index[code]] = 1.0
        return sparse.csr_matrix(out * self.weight)

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "codes_")
        return np.asarray(["pol:lexicon", "pol:any_against", "pol:any_supports"]
                          + [f"pol:{c}" for c in self.codes_], dtype=object)


def pair_frame(X: pd.DataFrame, rows: Sequence[int], codes: Sequence[str]) -> pd.DataFrame:
    """(passage, code) pairs for the polarity model: the passage rows of ``X`` with a ``code`` column."""
    pairs = X.iloc[list(rows)].reset_index(drop=True).copy()
    pairs["code"] = list(codes)
    return pairs
