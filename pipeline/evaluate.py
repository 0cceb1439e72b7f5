"""Agreement of suggested codes with gold codes: per-code precision, recall, F1 and Cohen's kappa, micro and macro
averages, and polarity accuracy. Pure: codings in, numbers out (:func:`format_metrics` renders a table).

A coding is ``{passage_id: {code: polarity}}``. Only passages in ``gold`` are scored. ``known`` (optional) limits
each passage to the codes whose truth is known (review decisions: confirmed and rejected codes only).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from sklearn.metrics import cohen_kappa_score

Coding = Mapping[str, Mapping[str, str]]


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _kappa(y_true: list[int], y_pred: list[int]) -> float:
    if len(set(y_true) | set(y_pred)) < 2:  # one class only: perfect agreement, kappa undefined -> 1
        return 1.0 if y_true == y_pred else 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        k = cohen_kappa_score(y_true, y_pred)
    return 0.0 if np.isnan(k) else float(k)


def evaluate(gold: Coding, predicted: Coding, *, codes: Sequence[str],
             known: Mapping[str, set[str]] | None = None) -> dict[str, Any]:
    """Compare ``predicted`` with ``gold`` over the passages of ``gold``.

    Returns:
        ``{"per_code": {code: {precision, recall, f1, kappa, support, tp, fp, fn}}, "micro_precision",
        "micro_recall", "micro_f1", "macro_f1", "mean_kappa", "polarity_accuracy", "polarity_pairs",
        "passages"}``. ``mean_kappa`` and ``macro_f1`` average the codes that have gold support.
    """
    ids = list(gold)
    per_code: dict[str, dict[str, float]] = {}
    pol_ok = pol_n = 0
    TP = FP = FN = 0
    for code in codes:
        rows = [i for i in ids if known is None or code in known.get(i, set())]
        yt = [int(code in gold[i]) for i in rows]
        yp = [int(code in predicted.get(i, {})) for i in rows]
        tp = sum(a and b for a, b in zip(yt, yp))
        fp = sum(b and not a for a, b in zip(yt, yp))
        fn = sum(a and not b for a, b in zip(yt, yp))
        p, r, f = _f1(tp, fp, fn)
        per_code[code] = {"precision": p, "recall": r, "f1": f, "kappa": _kappa(yt, yp), "support": sum(yt),
                          "tp": tp, "fp": fp, "fn": fn}
        TP, FP, FN = TP + tp, FP + fp, FN + fn
        for i in rows:
            if code in gold[i] and code in predicted.get(i, {}):
                pol_n += 1
                pol_ok += gold[i][code] == predicted[i][code]
    mp, mr, mf = _f1(TP, FP, FN)
    supported = [m for m in per_code.values() if m["support"] > 0]
    return {
        "per_code": per_code,
        "micro_precision": mp,
        "micro_recall": mr,
        "micro_f1": mf,
        "macro_f1": float(np.mean([m["f1"] for m in supported])) if supported else 0.0,
        "mean_kappa": float(np.mean([m["kappa"] for m in supported])) if supported else 0.0,
        "polarity_accuracy": pol_ok / pol_n if pol_n else 0.0,
        "polarity_pairs": pol_n,
        "passages": len(ids),
    }


def summary(metrics: Mapping[str, Any]) -> dict[str, float]:
    """The headline numbers of :func:`evaluate` (rounded), e.g. for the registry."""
    keys = ("micro_precision", "micro_recall", "micro_f1", "macro_f1", "mean_kappa", "polarity_accuracy")
    return {k: round(float(metrics[k]), 4) for k in keys} | {"passages": int(metrics["passages"])}


def format_metrics(metrics: Mapping[str, Any], *, title: str = "") -> str:
    """A plain-text table: one row per code, then the averages and polarity accuracy."""
    lines = [title] if title else []
    lines.append(f"{'kode':<34}{'P':>7}{'R':>7}{'F1':>7}{'kappa':>8}{'n':>5}")
    for code, m in metrics["per_code"].items():
        lines.append(f"{code:<34}{m['precision']:7.2f}{m['recall']:7.2f}{m['f1']:7.2f}{m['kappa']:8.2f}"
                     f"{m['support']:5d}")
    lines.append(f"{'mikro / micro':<34}{metrics['micro_precision']:7.2f}{metrics['micro_recall']:7.2f}"
                 f"{metrics['micro_f1']:7.2f}")
    lines.append(f"{'makro / macro F1':<34}{'':14}{metrics['macro_f1']:7.2f}")
    lines.append(f"{'rata-rata kappa / mean kappa':<34}{'':21}{metrics['mean_kappa']:8.2f}")
    lines.append(f"akurasi polaritas / polarity accuracy: {metrics['polarity_accuracy']:.2f} "
                 f"({metrics['polarity_pairs']} pasangan benar / correctly coded pairs); "
                 f"{metrics['passages']} passages")
    return "\n".join(lines)


def gold_coding(rows: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, str]]:
    """``{gold passage id: {code: polarity}}`` of gold rows (``passage_id`` and ``codes`` as in gold.jsonl)."""
    return {r["passage_id"]: {c["code"]: c["polarity"] for c in r.get("codes") or []} for r in rows}


def evaluate_gold(rows: Sequence[Mapping[str, Any]], passages: Sequence[Any], predicted: Coding, *,
                  codes: Sequence[str]) -> tuple[dict[str, Any], list[str]]:
    """Align gold rows with stored passages by text and score the passages' predicted coding.

    Args:
        rows: gold rows (``file``, ``passage_id``, ``text``, ``codes``), e.g. the devset's gold.jsonl.
        passages: stored passages (``Passage`` records or dicts with id, transcript, role, text).
        predicted: ``{stored passage id: {code: polarity}}``.

    Returns:
        The metrics of :func:`evaluate` over the aligned gold passages, and the gold ids that found no passage.
    """
    from pipeline.align import align_gold

    mapping = align_gold(rows, passages)
    gold = gold_coding(rows)
    aligned = {g: gold[g] for g in gold if g in mapping}
    pred = {g: dict(predicted.get(mapping[g], {})) for g in aligned}
    return evaluate(aligned, pred, codes=codes), [g for g in gold if g not in mapping]
