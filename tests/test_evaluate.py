"""Metrics: per-code P/R/F1/kappa, micro/macro, polarity accuracy, known-code masks, gold alignment."""

import pytest

from pipeline.evaluate import evaluate, evaluate_gold, format_metrics, gold_coding, summary

CODES = ["trust", "governance.rules"]
GOLD = {"a": {"trust": "supports"}, "b": {"governance.rules": "against"}, "c": {}, "d": {"trust": "against"}}


def test_evaluate_perfect():
    m = evaluate(GOLD, GOLD, codes=CODES)
    assert m["micro_f1"] == 1.0 and m["macro_f1"] == 1.0 and m["mean_kappa"] == 1.0
    assert m["polarity_accuracy"] == 1.0 and m["polarity_pairs"] == 3


def test_evaluate_counts_and_kappa():
    pred = {"a": {"trust": "supports"}, "b": {}, "c": {"trust": "supports"}, "d": {"trust": "supports"}}
    m = evaluate(GOLD, pred, codes=CODES)
    t = m["per_code"]["trust"]
    assert (t["tp"], t["fp"], t["fn"]) == (2, 1, 0)
    assert t["precision"] == pytest.approx(2 / 3) and t["recall"] == 1.0
    assert t["kappa"] == pytest.approx(0.5)  # po=3/4, pe=(3/4*2/4 + 1/4*2/4)=1/2
    assert m["per_code"]["governance.rules"]["recall"] == 0.0
    assert m["micro_precision"] == pytest.approx(2 / 3) and m["micro_recall"] == pytest.approx(2 / 3)
    assert m["polarity_accuracy"] == pytest.approx(0.5)  # d: against vs supports


def test_evaluate_known_mask_ignores_unknown_codes():
    pred = {"a": {"trust": "supports", "governance.rules": "supports"}}
    m = evaluate({"a": {"trust": "supports"}}, pred, codes=CODES, known={"a": {"trust"}})
    assert m["micro_precision"] == 1.0


def test_evaluate_summary_and_format():
    m = evaluate(GOLD, {}, codes=CODES)
    assert summary(m)["micro_f1"] == 0.0
    text = format_metrics(m, title="uji")
    assert text.startswith("uji") and "governance.rules" in text and "kappa" in text


def test_evaluate_gold_aligns_by_text():
    rows = [{"file": "transcripts/W1.txt", "passage_id": "W1-001", "text": "Kami  percaya Kanreg.",
             "codes": [{"code": "trust", "polarity": "supports"}]},
            {"file": "transcripts/W1.txt", "passage_id": "W1-002", "text": "Tidak ada di database.", "codes": []}]
    passages = [{"id": "W1-007", "transcript": "W1.txt", "role": "informant", "text": "Kami percaya Kanreg."}]
    m, missing = evaluate_gold(rows, passages, {"W1-007": {"trust": "supports"}}, codes=CODES)
    assert missing == ["W1-002"] and m["passages"] == 1 and m["micro_f1"] == 1.0
    assert gold_coding(rows)["W1-002"] == {}
