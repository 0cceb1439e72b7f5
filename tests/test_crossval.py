"""Cross-validation: metrics from out-of-fold predictions, fewer folds on large sets, grouped holdout."""

import numpy as np
import pytest

from pipeline.crossval import fit_with_cv
from pipeline.train import featurize


def test_crossval_fit_with_cv_reports_metrics(tiny_examples, lexicon):
    X = featurize(tiny_examples, lexicon)
    model, metrics = fit_with_cv(X, tiny_examples, codes=lexicon.codebook.ids,
                                 evaluate_on=range(len(tiny_examples)), folds=2)
    assert metrics["passages"] == len(tiny_examples)
    assert 0.5 < metrics["micro_f1"] <= 1.0
    assert model.thresholds.shape == (len(lexicon.codebook.ids),)


@pytest.mark.parametrize("n,folds,expected", [(100, 5, 5), (3000, 5, 3), (3000, 2, 2), (20000, 5, 1)])
def test_crossval_fewer_folds_for_large_sets(n, folds, expected):
    from pipeline.crossval import folds_for

    assert folds_for(n, folds) == expected


def test_crossval_holdout_keeps_groups_together():
    from pipeline.crossval import _folds

    groups = np.repeat([f"T{i}" for i in range(8)], 5)
    (test,) = _folds(groups, 1)
    assert 0 < len(test) < len(groups) and len(test) % 5 == 0
    assert set(groups[test]).isdisjoint(set(np.delete(groups, test)))


def test_crossval_holdout_metrics_cover_the_holdout_only(tiny_examples, lexicon, monkeypatch):
    monkeypatch.setattr("pipeline.crossval.folds_for", lambda n, folds: 1)
    X = featurize(tiny_examples, lexicon)
    _, metrics = fit_with_cv(X, tiny_examples, codes=lexicon.codebook.ids, evaluate_on=range(len(tiny_examples)))
    assert 0 < metrics["passages"] < len(tiny_examples)


def test_crossval_calibrate_on_moves_the_final_thresholds(tiny_examples, lexicon, monkeypatch):
    from pipeline.thresholds import shift_thresholds

    X = featurize(tiny_examples, lexicon)
    codes, rows = lexicon.codebook.ids, list(range(len(tiny_examples) // 2))
    plain, metrics = fit_with_cv(X, tiny_examples, codes=codes, evaluate_on=rows, folds=2)
    assert "threshold_offset" not in metrics
    monkeypatch.setattr("pipeline.thresholds.best_offset", lambda Y, proba, thr: -1.5)
    moved, metrics2 = fit_with_cv(X, tiny_examples, codes=codes, evaluate_on=rows, folds=2, calibrate_on=rows)
    assert metrics2["threshold_offset"] == -1.5
    assert np.allclose(moved.thresholds, shift_thresholds(plain.thresholds, -1.5))
    assert metrics2["micro_recall"] >= metrics["micro_recall"]  # lower thresholds in the cross-fitted figures too
