from pipeline.records import Decision
from pipeline.scoring import Override
from pipeline.store import decisions as store_decisions
from pipeline.store import scores as store_scores


def _setup(db):
    for tid, name, current in [(1, "W1.txt", 1), (2, "W2.txt", 1), (3, "W1.txt", 0)]:
        db.execute("INSERT INTO transcripts (id, name, version, current, format, content_hash, text, ingested_at) "
                   "VALUES (?, ?, ?, ?, 'txt', 'h', 'x', 'now')", [tid, name, tid, current])
    rows = [("W1-001", 1), ("W1-002", 1), ("W2-001", 2), ("W1-old-001", 3)]
    for pid, tid in rows:
        db.execute("INSERT INTO passages (id, transcript_id, seq, turn_idx, speaker, role, start, \"end\", text) "
                   "VALUES (?, ?, 1, 0, 'Informan 1', 'informant', 0, 4, ?)", [pid, tid, f"teks {pid}"])
    db.execute("INSERT INTO suggestions (passage_id, code, score, polarity, source, created_at) "
               "VALUES ('W1-001', 'trust', 0.8, 'supports', 'model', 'now'), "
               "('W1-002', 'trust', 0.6, 'against', 'lexicon', 'now')")


def test_store_scores_confirmed_uses_current_coding_and_current_versions(db):
    _setup(db)
    store_decisions.record_decisions(db, [
        Decision("W1-001", "trust", "confirm", "supports", "ani"),
        Decision("W2-001", "trust", "confirm", "against", "ani"),
        Decision("W2-001", "trust", "reject", None, "ani"),  # later rejection wins
        Decision("W1-old-001", "trust", "confirm", "supports", "ani"),  # old version: not scored
    ])
    coded = store_scores.confirmed_coded(db)
    assert [(c.passage_id, c.polarity, c.strength) for c in coded] == [("W1-001", "supports", 0.8)]
    assert store_scores.confirmed_coded(db, transcripts=["W2.txt"]) == []


def test_store_scores_dry_run_lists_only_pending_suggestions(db):
    _setup(db)
    store_decisions.record_decision(db, Decision("W1-001", "trust", "confirm", "supports", "ani"))
    pending = store_scores.suggested_coded(db)
    assert [(c.passage_id, c.polarity) for c in pending] == [("W1-002", "against")]


def test_store_scores_overrides_latest_wins_and_withdraw(db):
    store_scores.add_override(db, Override("trust", "terpenuhi", "alasan pertama", "ani"))
    store_scores.add_override(db, Override("trust", "tidak terpenuhi", "alasan kedua", "ani"))
    assert store_scores.current_overrides(db)["trust"].reason == "alasan kedua"
    store_scores.withdraw_override(db, "trust", coder="ani", reason="dicabut")
    assert store_scores.current_overrides(db) == {}
