"""Decision thresholds: the best-F1 threshold per code and the logit offset fitted to reviewed passages."""

import numpy as np
import pytest

from pipeline.thresholds import best_offset, best_threshold, shift_thresholds


@pytest.mark.parametrize("y,p,expected", [
    ([0, 0, 1, 1], [0.1, 0.3, 0.35, 0.9], 0.33),  # 0.31..0.35 separate perfectly: the middle one
    ([0, 1, 0, 1], [0.05, 0.2, 0.6, 0.7], 0.13),  # 0.06..0.20 keep both positives (F1 0.8): the middle
    ([0, 0, 0], [0.1, 0.2, 0.3], 0.5),  # no positive: default
])
def test_thresholds_best_threshold(y, p, expected):
    assert best_threshold(np.array(y), np.array(p)) == pytest.approx(expected)


def test_thresholds_shift_thresholds_moves_on_the_logit_scale():
    t = np.array([0.1, 0.5, 0.9])
    assert np.allclose(shift_thresholds(t, 0.0), t)
    down, up = shift_thresholds(t, -1.0), shift_thresholds(t, 1.0)
    assert (down < t).all() and (up > t).all()
    assert np.allclose(shift_thresholds(down, 1.0), t)


def test_thresholds_best_offset_fits_the_reviewed_coding():
    # the reviewer codes more than the thresholds let through: a negative offset (lower thresholds)
    Y = np.array([[1, 0], [1, 0], [0, 1], [0, 0]])
    proba = np.array([[0.35, 0.05], [0.3, 0.1], [0.1, 0.4], [0.05, 0.1]])
    assert best_offset(Y, proba, np.array([0.6, 0.6])) < 0
    # ... fewer: a positive one
    Y2 = np.array([[0, 0], [0, 0], [1, 0], [0, 0]])
    proba2 = np.array([[0.6, 0.1], [0.65, 0.1], [0.9, 0.1], [0.1, 0.7]])
    assert best_offset(Y2, proba2, np.array([0.5, 0.5])) > 0


def test_thresholds_best_offset_ignores_unknown_cells_and_prefers_no_move():
    proba = np.array([[0.9, 0.45], [0.1, 0.2]])
    Y = np.array([[1, -1], [0, -1]])  # the second code was never decided: its probabilities do not count
    assert best_offset(Y, proba, np.array([0.5, 0.5])) == 0.0
    assert best_offset(np.array([[0, -1]]), proba[:1], np.array([0.5, 0.5])) == 0.0  # no positive: no move
