"""Decision thresholds of the code classifier: the per-code threshold with the best F1, and one logit offset that
moves all codes' thresholds to fit a researcher's reviewed passages. Pure numpy."""

from __future__ import annotations

import numpy as np

THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.01), 2)


def best_threshold(y_true: np.ndarray, proba: np.ndarray, *, grid: np.ndarray = THRESHOLDS) -> float:
    """The threshold in ``grid`` with the highest F1 of ``proba >= t`` against ``y_true`` (ties: the middle one).

    >>> best_threshold(np.array([0, 0, 1, 1]), np.array([0.1, 0.3, 0.35, 0.9]))
    0.33
    """
    y = np.asarray(y_true).astype(bool)
    if not y.any():
        return 0.5
    pred = np.asarray(proba)[None, :] >= grid[:, None]
    tp = (pred & y).sum(axis=1)
    f1 = 2 * tp / (pred.sum(axis=1) + y.sum())
    best = np.flatnonzero(f1 >= f1.max() - 1e-12)
    return float(grid[best[len(best) // 2]])


OFFSETS = np.round(np.arange(-2.0, 2.01, 0.1), 2)


def shift_thresholds(thresholds: np.ndarray, offset: float) -> np.ndarray:
    """Thresholds moved by ``offset`` on the logit scale (negative: more codes pass, positive: fewer).

    >>> shift_thresholds(np.array([0.5, 0.2]), 0.0).tolist()
    [0.5, 0.2]
    >>> [round(t, 3) for t in shift_thresholds(np.array([0.5]), np.log(3)).tolist()]
    [0.75]
    """
    t = np.clip(np.asarray(thresholds, dtype=float), 1e-6, 1 - 1e-6)
    return 1.0 / (1.0 + np.exp(-(np.log(t / (1 - t)) + offset)))


def best_offset(Y: np.ndarray, proba: np.ndarray, thresholds: np.ndarray, *, grid: np.ndarray = OFFSETS) -> float:
    """One logit offset for all codes' thresholds with the best micro-F1 on ``proba`` against ``Y`` (ties: the
    smallest move). ``Y`` is a label matrix (-1 unknown cells are left out); ``thresholds`` per code, or per row
    and code. Used to recalibrate a model to one researcher's coding from their reviewed passages: one number,
    so a few dozen passages are enough to estimate it.

    >>> Y = np.array([[1, 0], [1, 0], [0, 1]])
    >>> best_offset(Y, np.array([[0.4, 0.1], [0.3, 0.1], [0.1, 0.6]]), np.array([0.5, 0.5]))
    -0.9
    """
    Y, proba = np.asarray(Y), np.asarray(proba)
    known, gold = Y >= 0, Y > 0
    if not gold[known].any():
        return 0.0
    thr = np.broadcast_to(np.asarray(thresholds, dtype=float), proba.shape)
    scores = []
    for d in grid:
        pred = (proba >= shift_thresholds(thr, d)) & known
        scores.append(2 * (pred & gold).sum() / (pred.sum() + gold[known].sum()))
    scores = np.asarray(scores)
    best = np.flatnonzero(scores >= scores.max() - 1e-12)
    return float(grid[best[np.argmin(np.abs(grid[best]))]])
