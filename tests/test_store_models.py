"""Classifier SQL: training rows from decisions, codable passages, re-scoring of pending suggestions only."""

from pipeline.records import Decision, Evidence, Suggestion
from pipeline.store.decisions import record_decisions
from pipeline.store.models import codable_passages, decided, feedback_rows, rescore_pending, stored_coding
from pipeline.store.queue import add_demo_transcript

TURNS = [("P", "interviewer", "Bagaimana aturannya, Pak?"),
         ("I", "informant", "Belum ada MoU dengan Kanreg."),
         ("I", "informant", "Kami percaya sama Kanreg."),
         ("I", "unknown", "Rumah saya dekat pasar.")]


def _s(pid, code, model="old", pol="supports"):
    return Suggestion(pid, code, 0.7, pol, "model" if model else "lexicon", (Evidence("MoU", 9, 12),), model,
                      "lex1", 0.6)


def _fill(db):
    add_demo_transcript(db, "W1.txt", TURNS, [_s("W1-001", "governance.rules"), _s("W1-001", "trust"),
                                              _s("W1-002", "trust"), _s("W1-003", "leadership")])
    record_decisions(db, [
        Decision("W1-001", "governance.rules", "confirm", "against", "ani"),
        Decision("W1-002", "trust", "reject", None, "ani"),
        Decision("W1-003", "leadership", "reject", None, "ani"),
        Decision("W1-003", "leadership", "reject", None, "ani", origin="undo"),  # undone: pending again
    ])


def test_store_models_decided_ignores_undo(db):
    _fill(db)
    assert decided(db) == {"W1-001": {"governance.rules"}, "W1-002": {"trust"}}


def test_store_models_feedback_rows(db):
    _fill(db)
    rows = feedback_rows(db)
    assert [(r["passage_id"], r["code"], r["decision"]) for r in rows] == [
        ("W1-001", "governance.rules", "confirm"), ("W1-002", "trust", "reject")]
    assert rows[0]["text"] == "Belum ada MoU dengan Kanreg." and rows[0]["transcript"] == "W1.txt"


def test_store_models_codable_passages(db):
    _fill(db)
    assert [(p.id, p.role) for p in codable_passages(db)] == [
        ("W1-001", "informant"), ("W1-002", "informant"), ("W1-003", "unknown")]


def test_store_models_rescore_pending_only(db):
    _fill(db)
    before = {r[0:2]: r for r in db.execute("SELECT passage_id, code, model, created_at FROM suggestions")}
    new = [_s("W1-001", "governance.rules", "v2", "supports"), _s("W1-001", "information_sharing", "v2"),
           _s("W1-002", "trust", "v2"), _s("W1-003", "leadership", "v2")]
    counts = rescore_pending(db, ["W1-001", "W1-002", "W1-003"], new)
    after = {r[0:2]: r for r in db.execute("SELECT passage_id, code, model, created_at FROM suggestions")}
    # decided (passage, code): untouched, even though the new model disagrees
    assert after[("W1-001", "governance.rules")] == before[("W1-001", "governance.rules")]
    assert after[("W1-002", "trust")] == before[("W1-002", "trust")]
    # pending ones: replaced by the new model's, or removed when it no longer suggests them
    assert ("W1-001", "trust") not in after
    assert after[("W1-001", "information_sharing")][2] == "v2"
    assert after[("W1-003", "leadership")][2] == "v2"  # the undone decision counts as pending
    assert counts == {"removed": 2, "added": 2, "kept": 2, "passages": 3}
    assert stored_coding(db, ["W1-001"]) == {"W1-001": {"governance.rules": "supports",
                                                        "information_sharing": "supports"}}
