"""Ways to learn from reviewed passages, compared by simulated review INSIDE THE SEED CORPUS (never the devset).

For each collaboration setting S: the "shipped" model is trained on the other settings; S's interviews are split
in halves A and B; a reviewer following the gold reviews A (confirms its gold codes, rejects the model's other
suggestions; passages with neither are not decided, as in the review app); then each strategy learns from the
decisions on A and is scored (micro-F1 over the 13 codes) on B:

- ``before``: the shipped model, no review;
- ``shift``: the shipped model, its thresholds moved by one logit offset chosen for the best micro-F1 on A
  (recalibration to the researcher's coding density without retraining);
- ``wN``: retrained on the other settings + A's decisions, each reviewed passage weighing N seed passages
  (``telaah train`` uses N = 2);
- ``wN+shift``: the same, plus the logit offset chosen on the out-of-fold probabilities of A;
- ``wN+blend``: per-code thresholds chosen on out-of-fold probabilities with A's passages counted 10 times;
- ``wN+augment``: feature augmentation (Daume 2007): every feature gets a second, study-only copy that is
  non-zero for the researcher's passages (A and B), so the model can learn study-specific weights.

    .venv/bin/python benchmarks/review_strategies.py [--settings kla sampah ...] [--weights 2 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.base import clone

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from feedback_weight_cv import review  # noqa: E402

from pipeline.classify import build_classifier, label_matrix  # noqa: E402
from pipeline.thresholds import best_offset, best_threshold, shift_thresholds  # noqa: E402
from pipeline.crossval import _folds, fit_with_cv  # noqa: E402
from pipeline.lexicon import load_lexicon  # noqa: E402
from pipeline.seed import read_seed  # noqa: E402
from pipeline.train import featurize  # noqa: E402

def micro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    denom = gold.sum() + pred.sum()
    return float(2 * (gold & pred).sum() / denom) if denom else 0.0


def fit(F, Y, w, groups, clf):
    """Out-of-fold probabilities (grouped 5 folds), thresholds from them, and the model fitted on everything."""
    proba = np.zeros(Y.shape)
    for test in _folds(groups, 5):
        train = np.setdiff1d(np.arange(len(Y)), test)
        proba[test] = clone(clf).set_params(cv=None).fit(F[train], Y[train], sample_weight=w[train]).predict_proba(
            F[test])
    thr = np.asarray([best_threshold(Y[Y[:, k] >= 0, k] > 0, proba[Y[:, k] >= 0, k]) for k in range(Y.shape[1])])
    return clone(clf).set_params(cv=None).fit(F, Y, sample_weight=w), proba, thr


def augment(F, study: np.ndarray):
    return sparse.hstack([F, sparse.diags(study.astype(float)) @ F]).tocsr()


def strategies(base, reviewed, test, X, codes, weights) -> dict[str, float]:
    """micro-F1 on ``test`` for each strategy (``X``: frame of base + reviewed + test, in that order)."""
    nb, nr = len(base), len(reviewed)
    gold = label_matrix(test, codes) > 0
    template = build_classifier()
    union, clf = template.named_steps["features"], template.named_steps["clf"]
    out: dict[str, float] = {}
    Yb = label_matrix(base, codes)
    u = clone(union)
    Fb = u.fit_transform(X.iloc[:nb].reset_index(drop=True)).tocsr()
    model, _, thr = fit(Fb, Yb, np.ones(nb), np.asarray([e.group for e in base]), clf)
    Ft, Fr = u.transform(X.iloc[nb + nr:].reset_index(drop=True)), u.transform(X.iloc[nb:nb + nr].reset_index(drop=True))
    pt = model.predict_proba(Ft)
    out["before"] = micro_f1(gold, pt >= thr[None, :])
    d = best_offset(label_matrix(reviewed, codes), model.predict_proba(Fr), thr)
    out["shift"] = micro_f1(gold, pt >= shift_thresholds(thr, d)[None, :])
    for wt in weights:
        ex = base + [replace(r, weight=wt) for r in reviewed]
        Y, w = label_matrix(ex, codes), np.asarray([e.weight for e in ex])
        groups = np.asarray([e.group or e.id for e in ex])
        u = clone(union)
        F = u.fit_transform(X.iloc[:nb + nr].reset_index(drop=True)).tocsr()
        Ft = u.transform(X.iloc[nb + nr:].reset_index(drop=True)).tocsr()
        model, proba, thr = fit(F, Y, w, groups, clf)
        pt = model.predict_proba(Ft)
        out[f"w{wt:g}"] = micro_f1(gold, pt >= thr[None, :])
        rows = np.arange(nb, nb + nr)
        d = best_offset(Y[rows], proba[rows], thr)
        out[f"w{wt:g}+shift"] = micro_f1(gold, pt >= shift_thresholds(thr, d)[None, :])
        idx = np.concatenate([np.arange(len(Y))] + [rows] * 9)  # A's passages counted 10 times
        blend = np.asarray([best_threshold(Y[idx, k][Y[idx, k] >= 0] > 0, proba[idx, k][Y[idx, k] >= 0])
                            for k in range(len(codes))])
        out[f"w{wt:g}+blend"] = micro_f1(gold, pt >= blend[None, :])
        study = np.r_[np.zeros(nb), np.ones(nr)]
        model, _, thr = fit(augment(F, study), Y, w, groups, clf)
        out[f"w{wt:g}+augment"] = micro_f1(gold, model.predict_proba(augment(Ft, np.ones(Ft.shape[0]))) >= thr)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--settings", nargs="+", help="settings to hold out in turn (default: all)")
    parser.add_argument("--weights", type=float, nargs="+", default=[2.0, 5.0])
    args = parser.parse_args()
    lexicon = load_lexicon()
    codes = lexicon.codebook.ids
    seed = read_seed(codes=codes)
    X_all = featurize(seed, lexicon)
    position = {e.id: i for i, e in enumerate(seed)}
    rows = []
    for s in args.settings or sorted({e.id.split("-")[0] for e in seed}):
        t = time.time()
        base = [e for e in seed if not e.id.startswith(s + "-")]
        interviews = sorted({e.group for e in seed if e.id.startswith(s + "-")})
        a = [e for e in seed if e.group in set(interviews[::2])]
        b = [e for e in seed if e.id.startswith(s + "-") and e.group not in set(interviews[::2])]
        shipped, _ = fit_with_cv(X_all.iloc[[position[e.id] for e in base]].reset_index(drop=True), base,
                                 codes=codes, evaluate_on=[], folds=5)
        reviewed = review(shipped, X_all.iloc[[position[e.id] for e in a]].reset_index(drop=True), a, 1.0, True)
        X = X_all.iloc[[position[e.id] for e in base + reviewed + b]].reset_index(drop=True)
        rows.append(strategies(base, reviewed, b, X, codes, args.weights))
        print(f"{s:<13} reviewed {len(reviewed):3d} test {len(b):3d}  "
              + "  ".join(f"{k} {v:.3f}" for k, v in rows[-1].items()) + f"  ({time.time() - t:.0f} s)", flush=True)
    print(f"{'mean':<13} {'':20}  " + "  ".join(f"{k} {np.mean([r[k] for r in rows]):.3f}" for k in rows[0]))


if __name__ == "__main__":
    main()
