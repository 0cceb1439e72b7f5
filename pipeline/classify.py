"""The trained classifier: which codes a passage carries (multi-label) and with which polarity.

- :func:`build_classifier` -> a scikit-learn ``Pipeline``: a ``FeatureUnion`` of stem word n-grams, character
  n-grams, the lexicon block and the interviewer-question block, then :class:`ThresholdedOneVsRest`, one logistic
  regression per code with a per-code decision threshold chosen by cross-validation.
- :func:`build_polarity` -> a ``Pipeline`` over (passage, code) pairs: stem n-grams plus the lexicon's polarity
  rule for that code (:class:`pipeline.features.CodePolarity`), then a logistic regression (supports vs against).
- :class:`TelaahModel` holds both, fits them on :class:`pipeline.seed.Example` lists and turns predictions into
  :class:`pipeline.records.Suggestion` objects that keep the lexicon's evidence words.

Pure: no file or database access (persistence is in :mod:`pipeline.train`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted

from pipeline.errors import ModelNotTrained
from pipeline.features import CharNgrams, CodePolarity, LexiconScores, QuestionNgrams, StemNgrams, frame, pair_frame
from pipeline.records import Evidence, Passage, Suggestion
from pipeline.seed import Example
from pipeline.suggest import calibrate, uncertainty
from pipeline.thresholds import best_threshold

UNKNOWN, ABSENT, SUPPORTS, AGAINST = -1, 0, 1, 2


class ThresholdedOneVsRest(ClassifierMixin, BaseEstimator):
    """One binary classifier per label column with a threshold chosen by cross-validated F1.

    ``Y`` is an integer matrix (passages x codes): 0 absent, 1 or 2 present (supports/against), -1 unknown
    (left out of that code's training, e.g. a code nobody decided on a reviewed passage).

    Args:
        estimator: the binary classifier cloned per code (default a balanced logistic regression).
        cv: folds for threshold selection (grouped by ``groups`` when given to ``fit``).
        min_positives: codes with fewer positive examples get threshold 0.5 without cross-validation.
        C: inverse regularisation strength of the default logistic regression.
        n_jobs: worker processes for the per-code fits (``None``: one below 5,000 samples, all cores above).
    """

    def __init__(self, estimator=None, cv=5, min_positives=4, C=4.0, n_jobs=None):
        self.estimator = estimator
        self.cv = cv
        self.min_positives = min_positives
        self.C = C
        self.n_jobs = n_jobs

    def _base(self, n_samples: int = 0):
        if self.estimator is not None:
            return clone(self.estimator)
        # Same model, two optimisers: liblinear's dual is fastest while samples are fewer than the thousands of
        # n-gram features, lbfgs on large data.
        if n_samples < 5000:
            return LogisticRegression(C=self.C, class_weight="balanced", solver="liblinear", dual=True, max_iter=1000,
                                      random_state=0)
        return LogisticRegression(C=self.C, class_weight="balanced", solver="lbfgs", tol=1e-3, max_iter=300)

    def fit(self, X, Y, groups=None, sample_weight=None):
        """Fit one classifier per column of ``Y``; ``cv=None`` skips threshold selection (all 0.5)."""
        from joblib import Parallel, delayed

        Y = np.asarray(Y)
        if Y.ndim != 2 or Y.shape[0] != X.shape[0]:
            raise ValueError("Y must be a (n_samples, n_codes) matrix with one row per sample")
        if self.cv is not None and self.cv < 2:
            raise ValueError(f"cv must be None or >= 2, not {self.cv!r}")
        w = np.ones(X.shape[0]) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        g = None if groups is None else np.asarray(groups)
        # n_jobs=None: one process below 5,000 samples, every core above (worker processes, not threads: the
        # solvers hold the GIL; joblib memory-maps the large arrays for the workers)
        jobs = self.n_jobs if self.n_jobs is not None else (1 if X.shape[0] < 5000 else -1)
        fitted = Parallel(n_jobs=jobs)(delayed(self._fit_one)(X, Y[:, k], w, g) for k in range(Y.shape[1]))
        self._stack = None  # the stacked coefficients of a previous fit
        self.estimators_ = [e for e, _ in fitted]
        self.thresholds_ = np.asarray([t for _, t in fitted], dtype=float)
        self.n_outputs_ = Y.shape[1]
        return self

    def _fit_one(self, X, column, w, groups):
        known = column >= 0
        y = (column[known] > 0).astype(int)
        if y.sum() == 0 or y.sum() == len(y):
            return (float(y.mean()) if len(y) else 0.0), 0.5
        Xk, wk = X[known], w[known]
        gk = None if groups is None else groups[known]
        threshold = 0.5 if self.cv is None else self._cv_threshold(Xk, y, wk, gk)
        return self._base(len(y)).fit(Xk, y, sample_weight=wk), threshold

    def _cv_threshold(self, X, y, w, groups) -> float:
        n_pos = int(y.sum())
        folds = min(self.cv, n_pos, len(y) - n_pos)
        if n_pos < self.min_positives or folds < 2:
            return 0.5
        if groups is not None and len(set(groups)) >= folds:
            splits = GroupKFold(n_splits=folds).split(X, y, groups)
        else:
            splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0).split(X, y)
        proba = np.zeros(len(y))
        for train, test in splits:
            if len(set(y[train])) < 2:
                proba[test] = y[train].mean()
                continue
            est = self._base(len(train)).fit(X[train], y[train], sample_weight=w[train])
            proba[test] = est.predict_proba(X[test])[:, 1]
        return best_threshold(y, proba)

    def predict_proba(self, X):
        """Probability of each code (n_samples x n_codes).

        When every per-code classifier is a binary logistic regression (or a constant), their coefficients are
        stacked into one matrix and all codes are scored with one product: the same numbers as calling each
        classifier's ``predict_proba``, without 13 rounds of input checks per batch.
        """
        check_is_fitted(self, "estimators_")
        stack = self._stacked()
        if stack is None:
            cols = [np.full(X.shape[0], e) if isinstance(e, float) else e.predict_proba(X)[:, 1]
                    for e in self.estimators_]
            return np.column_stack(cols)
        from scipy.special import expit
        from sklearn.utils.extmath import safe_sparse_dot

        W, b, fitted = stack
        out = np.tile([e if isinstance(e, float) else 0.0 for e in self.estimators_], (X.shape[0], 1))  # constants
        out[:, fitted] = expit(safe_sparse_dot(X, W, dense_output=True) + b)
        return out

    def _stacked(self):
        """``(coefficients n_features x m, intercepts, code columns)`` of the fitted logistic regressions, or
        ``None`` when some classifier is of another kind; computed once per fitted model, never saved."""
        cached = getattr(self, "_stack", None)
        if cached is None:
            fitted = [k for k, e in enumerate(self.estimators_) if not isinstance(e, float)]
            models = [self.estimators_[k] for k in fitted]
            cached = False
            if models and all(type(e) is LogisticRegression and e.coef_.shape[0] == 1 for e in models):
                cached = (np.vstack([e.coef_ for e in models]).T, np.concatenate([e.intercept_ for e in models]),
                          fitted)
            self._stack = cached
        return cached or None

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_stack", None)
        return state

    def predict(self, X):
        """0/1 per code: the probability reaches the code's threshold."""
        return (self.predict_proba(X) >= self.thresholds_[None, :]).astype(int)


def build_classifier(**params: Any) -> Pipeline:
    """The code classifier: feature union (stems, chars, lexicon, question) -> :class:`ThresholdedOneVsRest`.

    Keyword arguments are ``Pipeline.set_params`` names, e.g. ``clf__cv=3``, ``features__chars__ngram_range``.
    """
    features = FeatureUnion(
        [
            ("stems", StemNgrams(ngram_range=(1, 1))),  # bigrams added nothing in seed CV
            ("chars", CharNgrams()),
            ("lexicon", LexiconScores(weight=1.0)),
            ("question", QuestionNgrams()),
        ]
    )
    pipe = Pipeline([("features", features), ("clf", ThresholdedOneVsRest())])
    return pipe.set_params(**params) if params else pipe


def build_polarity(**params: Any) -> Pipeline:
    """The polarity model over (passage, code) pairs: stems + lexicon polarity rule -> logistic regression."""
    features = FeatureUnion(
        [
            ("stems", StemNgrams(ngram_range=(1, 2), min_df=2)),
            ("rule", CodePolarity(weight=2.0)),
        ]
    )
    clf = LogisticRegression(C=2.0, class_weight="balanced", solver="liblinear", dual=True, max_iter=1000,
                             random_state=0)
    pipe = Pipeline([("features", features), ("clf", clf)])
    return pipe.set_params(**params) if params else pipe


def polarity_pairs(Y: np.ndarray, codes: Sequence[str]) -> tuple[list[int], list[str], np.ndarray]:
    """The present (passage row, code) cells of ``Y`` and 1 for supports / 0 for against."""
    rows, pair_codes, pol = [], [], []
    for k, code in enumerate(codes):
        for i in np.flatnonzero(Y[:, k] > 0):
            rows.append(int(i))
            pair_codes.append(code)
            pol.append(int(Y[i, k] == SUPPORTS))
    return rows, pair_codes, np.asarray(pol, dtype=int)


def fit_polarity(X, Y: np.ndarray, codes: Sequence[str], weights: np.ndarray | None = None,
                 **params: Any) -> Pipeline | None:
    """Fit the polarity model on the present cells of ``Y`` (``None`` when only one polarity occurs)."""
    rows, pair_codes, pol = polarity_pairs(Y, codes)
    if len(set(pol.tolist())) < 2:
        return None
    model = build_polarity(**params).set_params(features__rule__codes=list(codes))
    w = np.ones(len(Y)) if weights is None else np.asarray(weights, dtype=float)
    return model.fit(pair_frame(X, rows, pair_codes), pol, clf__sample_weight=w[rows])


def label_matrix(examples: Sequence[Example], codes: Sequence[str]) -> np.ndarray:
    """Examples -> the integer label matrix of :class:`ThresholdedOneVsRest` (0/1 supports/2 against/-1)."""
    Y = np.zeros((len(examples), len(codes)), dtype=np.int8)
    for i, ex in enumerate(examples):
        cm = ex.code_map
        for k, code in enumerate(codes):
            if code in cm:
                Y[i, k] = SUPPORTS if cm[code] == "supports" else AGAINST
            elif not ex.complete and code not in ex.rejected:
                Y[i, k] = UNKNOWN
    return Y


@dataclass
class TelaahModel:
    """A fitted code classifier and polarity model, with the versions they record on suggestions."""

    codes: tuple[str, ...]
    code_model: Pipeline
    polarity_model: Pipeline | None
    version: str = ""
    lexicon_version: str = ""
    _stem_weights: dict[int, dict[str, float]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def fit(cls, X, examples: Sequence[Example], *, codes: Sequence[str], params: dict | None = None,
            polarity_params: dict | None = None) -> TelaahModel:
        """Fit both models on a frame ``X`` (:func:`pipeline.features.frame`) and its examples.

        Raises:
            ModelNotTrained: no example, or no code has a positive example.
        """
        if len(examples) == 0 or len(examples) != len(X):
            raise ModelNotTrained("no training examples (or frame and examples differ); add a seed corpus first")
        codes = tuple(codes)
        Y = label_matrix(examples, codes)
        if not (Y > 0).any():
            raise ModelNotTrained("the training data has no coded passage; confirm some codes first")
        groups = np.asarray([e.group or e.id for e in examples])
        weights = np.asarray([e.weight for e in examples], dtype=float)
        code_model = build_classifier(**(params or {}))
        code_model.fit(X, Y, clf__groups=groups, clf__sample_weight=weights)
        polarity = fit_polarity(X, Y, codes, weights, **(polarity_params or {}))
        return cls(codes=codes, code_model=code_model, polarity_model=polarity)

    def code_proba(self, X) -> np.ndarray:
        """Probability of each code per passage (n x codes)."""
        return self.code_model.predict_proba(X)

    @property
    def thresholds(self) -> np.ndarray:
        return self.code_model.named_steps["clf"].thresholds_

    def supports_proba(self, X, rows: Sequence[int], codes: Sequence[str]) -> np.ndarray:
        """P(supports) for each (passage row, code) pair; the lexicon's polarity (or supports) without a model."""
        if len(rows) == 0:
            return np.zeros(0)
        pairs = pair_frame(X, rows, codes)
        if self.polarity_model is not None:
            return self.polarity_model.predict_proba(pairs)[:, 1]
        lex = [h.get(c, (0.0, 1))[1] for h, c in zip(pairs["lexicon"], pairs["code"])]
        return np.asarray([0.0 if p < 0 else 1.0 for p in lex])

    def predict(self, X) -> list[list[tuple[str, float, float, float]]]:
        """Per passage: ``(code, probability, threshold, P(supports))`` for the codes over their threshold."""
        proba, thr = self.code_proba(X), self.thresholds
        hits = [(i, k) for i, k in zip(*np.nonzero(proba >= thr[None, :]))]
        sup = self.supports_proba(X, [i for i, _ in hits], [self.codes[k] for _, k in hits])
        out: list[list[tuple[str, float, float, float]]] = [[] for _ in range(len(X))]
        for (i, k), s in zip(hits, sup):
            out[i].append((self.codes[k], float(proba[i, k]), float(thr[k]), float(s)))
        return out

    def suggest(self, passages: Sequence[Passage], lexicon_suggestions: dict[str, list[Suggestion]], *,
                lexicon: Any = None) -> list[Suggestion]:
        """Suggestions for passages whose lexicon suggestions are known (see :func:`pipeline.suggest.suggest`)."""
        from pipeline.features import lexicon_block

        if not passages:
            return []
        lex = [lexicon_suggestions.get(p.id, []) for p in passages]
        X = frame([p.text for p in passages], [p.question for p in passages], [lexicon_block(s) for s in lex])
        lexicon_version = getattr(lexicon, "version", "") or self.lexicon_version
        out = []
        for p, found, predicted in zip(passages, lex, self.predict(X)):
            by_code = {s.code: s for s in found}
            for code, prob, thr, sup in predicted:
                polarity = "supports" if sup >= 0.5 else "against"
                evidence = by_code[code].evidence if code in by_code else self.evidence(p.text, code)
                out.append(Suggestion(
                    passage_id=p.id, code=code, score=round(calibrate(prob, thr), 6), polarity=polarity,
                    source="model", evidence=evidence, model=self.version, lexicon=lexicon_version,
                    uncertainty=uncertainty(prob, thr),
                ))
        return out

    def stem_weights(self, code: str) -> dict[str, float]:
        """The positive weights of the stem block in ``code``'s classifier (stem -> coefficient x idf), cached."""
        k = self.codes.index(code)
        if k not in self._stem_weights:
            union, clf = self.code_model.named_steps["features"], self.code_model.named_steps["clf"]
            est = clf.estimators_[k]
            weights: dict[str, float] = {}
            if not isinstance(est, float):
                names = union.get_feature_names_out()
                stems_block = dict(union.transformer_list)["stems"]
                idf = dict(zip(stems_block.terms_.tolist(), stems_block.idf_.tolist()))
                for i in np.flatnonzero(est.coef_[0] > 0):
                    if names[i].startswith("stems__"):
                        term = names[i][len("stems__"):]
                        # coefficient x idf: what the word adds to this passage's score; common words weigh little
                        weights[term] = float(est.coef_[0][i]) * idf.get(term, 1.0)
            self._stem_weights[k] = weights
        return self._stem_weights[k]

    def evidence(self, text: str, code: str, *, top: int = 3) -> tuple[Evidence, ...]:
        """Evidence words for a code the lexicon did not find: the passage's words whose stems weigh most for it."""
        from pipeline.nlp import default_normaliser

        weights = self.stem_weights(code)
        a = default_normaliser().analyse(text)
        found = []
        for i, key in enumerate(a.keys):
            w = weights.get(key.replace(" ", "_")) if key else None
            if w:
                found.append((w, a.starts[i], a.ends[a.last(i)]))
        best = sorted(sorted(found, reverse=True)[:top], key=lambda f: f[1])
        return tuple(Evidence(text[s:e], s, e) for _, s, e in best)

    def with_version(self, version: str, lexicon_version: str = "") -> TelaahModel:
        """A copy that records ``version`` (and the lexicon version it was trained with)."""
        return replace(self, version=version, lexicon_version=lexicon_version or self.lexicon_version)
