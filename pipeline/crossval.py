"""Cross-validation of the classifier: grouped folds, out-of-fold probabilities, cross-fitted thresholds, metrics.

One pass fits the model and measures it (:func:`fit_with_cv`): the feature blocks are fitted once, the code
classifier and the polarity model once per fold, and the final per-code thresholds come from the out-of-fold
probabilities. Pure: frames and examples in, model and metrics out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from pipeline.classify import TelaahModel
from pipeline.errors import ModelNotTrained
from pipeline.evaluate import evaluate
from pipeline.seed import Example


def predicted_coding(model: TelaahModel, X) -> list[dict[str, str]]:
    """The model's codes with polarity per row of ``X``."""
    return [{c: ("supports" if s >= 0.5 else "against") for c, _p, _t, s in row} for row in model.predict(X)]


def _known(e: Example, codes: Sequence[str]) -> set[str]:
    return set(codes) if e.complete else set(e.code_map) | set(e.rejected)


def folds_for(n: int, folds: int) -> int:
    """Fewer folds for large evaluation sets to bound training time: 3 above 2,000 passages, and above 8,000 a
    single 25% holdout (``1``)."""
    if n > 8000:
        return 1
    if n > 2000:
        return min(folds, 3)
    return folds


def _folds(groups: np.ndarray, folds: int) -> list[np.ndarray]:
    """Test-index folds over positions 0..n-1, grouped when there are enough groups (``1``: one 25% holdout)."""
    from sklearn.model_selection import GroupKFold, GroupShuffleSplit, KFold, ShuffleSplit

    n = len(groups)
    n_groups = len(set(groups))
    if folds == 1:
        split = (GroupShuffleSplit(n_splits=1, test_size=0.25, random_state=0) if n_groups >= 4
                 else ShuffleSplit(n_splits=1, test_size=0.25, random_state=0))
        return [test for _, test in split.split(np.zeros(n), groups=groups)]
    k_groups = min(folds, n_groups)
    if k_groups >= 2:
        return [test for _, test in GroupKFold(n_splits=k_groups).split(np.zeros(n), groups=groups)]
    k = min(folds, n)
    if k < 2:
        raise ModelNotTrained("too few examples to cross-validate")
    return [test for _, test in KFold(n_splits=k, shuffle=True, random_state=0).split(np.zeros(n))]


def _cross_fitted_thresholds(proba, Y, fold_of: np.ndarray) -> np.ndarray:
    """Per fold and code, the best threshold on the out-of-fold probabilities of the OTHER folds."""
    from pipeline.thresholds import best_threshold

    out = np.full(proba.shape, 0.5)
    for f in np.unique(fold_of):
        other = fold_of != f
        for k in range(Y.shape[1]):
            known = other & (Y[:, k] >= 0)
            out[fold_of == f, k] = best_threshold(Y[known, k] > 0, proba[known, k])
    return out


def _oof_polarity(X, Y, w, codes, train, test) -> dict[tuple[int, str], float]:
    """P(supports) of the present (test row, code) cells from a polarity model fitted on ``train``."""
    from pipeline.classify import fit_polarity, polarity_pairs
    from pipeline.features import pair_frame

    model = fit_polarity(X.iloc[train].reset_index(drop=True), Y[train], codes, w[train])
    rows, pcodes, _ = polarity_pairs(Y[test], codes)
    if not rows:
        return {}
    pairs = pair_frame(X.iloc[test].reset_index(drop=True), rows, pcodes)
    sup = model.predict_proba(pairs)[:, 1] if model is not None else np.ones(len(rows))
    return {(int(test[r]), c): float(s) for r, c, s in zip(rows, pcodes, sup)}


def _out_of_fold(F, X, Y, w, examples, codes, clf, folds):
    """Out-of-fold code probabilities, the fold of each row (-1: not tested) and P(supports) of present cells."""
    from sklearn.base import clone

    n = len(examples)
    groups = np.asarray([e.group or e.id for e in examples])
    folds_ = _folds(groups, folds_for(n, folds))
    proba = np.zeros((n, len(codes)))
    fold_of = np.full(n, -1)
    supports: dict[tuple[int, str], float] = {}
    for f, test in enumerate(folds_):
        train = np.setdiff1d(np.arange(n), test)
        fitted = clone(clf).set_params(cv=None).fit(F[train], Y[train], sample_weight=w[train])
        proba[test] = fitted.predict_proba(F[test])
        fold_of[test] = f if len(folds_) > 1 else np.arange(len(test)) % 2  # holdout: two halves
        supports.update(_oof_polarity(X, Y, w, codes, train, test))
    return proba, fold_of, supports


def _calibrated(proba, Y, thr, fold_of, rows: np.ndarray) -> np.ndarray:
    """Cross-fitted recalibration: each fold's thresholds moved by the logit offset that fits the ``rows`` (tested
    positions, e.g. the decided passages) of the OTHER folds best."""
    from pipeline.thresholds import best_offset, shift_thresholds

    out = thr.copy()
    for f in np.unique(fold_of):
        other = rows[fold_of[rows] != f]
        if len(other):
            here = fold_of == f
            out[here] = shift_thresholds(thr[here], best_offset(Y[other], proba[other], thr[other]))
    return out


def fit_with_cv(X, examples: Sequence[Example], *, codes: Sequence[str], evaluate_on: Sequence[int],
                folds: int = 5, params: dict | None = None,
                calibrate_on: Sequence[int] = ()) -> tuple[TelaahModel, dict[str, Any]]:
    """Fit the model and measure it by cross-validation in one pass.

    The feature blocks are fitted once on all texts (unsupervised: vocabularies and idf only). All examples are
    split into folds grouped by interview/transcript; per fold the code classifier and the polarity model are
    fitted on the other folds, giving out-of-fold probabilities. The reported metrics cover the examples at
    ``evaluate_on`` (e.g. the decided passages only) and use, for each fold, thresholds chosen on the other folds
    (with a single holdout, on the other half of it); the final model's per-code thresholds are the ones with the
    best F1 on all out-of-fold probabilities (seed corpus and decisions: the seed's complete labels keep them
    from drifting down on review data, where only suggested codes get rejected).

    ``calibrate_on`` (positions of the researcher's decided passages) recalibrates the thresholds to the
    researcher's coding: one logit offset for all codes, the one with the best micro-F1 on those passages'
    out-of-fold probabilities (:func:`pipeline.thresholds.best_offset`); cross-fitted for the reported metrics, on
    all of them for the final model (``metrics["threshold_offset"]``).

    Returns:
        The fitted :class:`TelaahModel` and the metrics of :func:`pipeline.evaluate.evaluate`.
    """
    from sklearn.base import clone
    from sklearn.pipeline import Pipeline

    from pipeline.classify import build_classifier, fit_polarity, label_matrix
    from pipeline.thresholds import best_threshold

    codes = tuple(codes)
    Y = label_matrix(examples, codes)
    if len(examples) == 0 or not (Y > 0).any():
        raise ModelNotTrained("the training data has no coded passage; add a seed corpus or confirm some codes")
    w = np.asarray([e.weight for e in examples], dtype=float)
    template = build_classifier(**(params or {}))
    union, clf = template.named_steps["features"], template.named_steps["clf"]
    F = union.fit_transform(X).tocsr()
    proba, fold_of, supports = _out_of_fold(F, X, Y, w, examples, codes, clf, folds)
    tested = np.flatnonzero(fold_of >= 0)
    thr = _cross_fitted_thresholds(proba[tested], Y[tested], fold_of[tested])
    calibrate = np.flatnonzero(np.isin(tested, np.asarray(calibrate_on, dtype=int)))
    if len(calibrate):
        thr = _calibrated(proba[tested], Y[tested], thr, fold_of[tested], calibrate)
    report = set(np.asarray(evaluate_on).tolist())
    gold, pred, known = {}, {}, {}
    for j, i in enumerate(tested):
        if i not in report:
            continue
        e = examples[i]
        gold[e.id], known[e.id] = e.code_map, _known(e, codes)
        pred[e.id] = {c: ("supports" if supports.get((int(i), c), 1.0) >= 0.5 else "against")
                      for k, c in enumerate(codes) if proba[i, k] >= thr[j, k]}
    metrics = evaluate(gold, pred, codes=codes, known=known)
    metrics["evaluated"] = [int(i) for i in tested if i in report]  # positions in ``examples``
    final = clone(clf).set_params(cv=None).fit(F, Y, sample_weight=w)
    Yt, Pt = Y[tested], proba[tested]
    final.thresholds_ = np.asarray([best_threshold(Yt[Yt[:, k] >= 0, k] > 0, Pt[Yt[:, k] >= 0, k])
                                    for k in range(len(codes))])
    if len(calibrate):
        from pipeline.thresholds import best_offset, shift_thresholds

        offset = best_offset(Yt[calibrate], Pt[calibrate], final.thresholds_)
        final.thresholds_ = shift_thresholds(final.thresholds_, offset)
        metrics["threshold_offset"] = offset
    code_model = Pipeline([("features", union), ("clf", final)])
    model = TelaahModel(codes=codes, code_model=code_model, polarity_model=fit_polarity(X, Y, codes, w))
    return model, metrics


def score_model(model: TelaahModel, X, examples: Sequence[Example], *, codes: Sequence[str]) -> dict[str, Any]:
    """Metrics of a fitted model on ``examples`` (rows of ``X``), over their known codes."""
    pred = predicted_coding(model, X)
    gold = {e.id: e.code_map for e in examples}
    return evaluate(gold, {e.id: p for e, p in zip(examples, pred)}, codes=codes,
                    known={e.id: _known(e, codes) for e in examples})
