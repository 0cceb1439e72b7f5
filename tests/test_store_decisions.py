from pipeline.records import Decision
from pipeline.store import decisions as store_decisions


def _passages(db, n=2):
    db.execute("INSERT INTO transcripts (name, version, format, content_hash, text, ingested_at) "
               "VALUES ('a.txt', 1, 'txt', 'h', 'x', 'now')")
    for i in range(1, n + 1):
        db.execute("INSERT INTO passages (id, transcript_id, seq, turn_idx, speaker, role, start, \"end\", text) "
                   "VALUES (?, 1, ?, 0, 'I', 'informant', 0, 1, 'x')", [f"a-{i:03d}", i])


def test_store_decisions_latest_wins_and_history_kept(db):
    _passages(db)
    store_decisions.record_decision(db, Decision("a-001", "trust", "confirm", "supports", "ani"))
    store_decisions.record_decision(db, Decision("a-001", "trust", "confirm", "against", "ani"))
    store_decisions.record_decision(db, Decision("a-002", "trust", "reject", None, "budi"))
    current = store_decisions.coding(db)
    assert [(d.passage_id, d.polarity) for d in current] == [("a-001", "against"), ("a-002", None)]
    assert [d.polarity for d in store_decisions.history(db, "a-001")] == ["supports", "against"]
    assert [d.passage_id for d in store_decisions.confirmed(db)] == ["a-001"]
    # An imported coder becomes a user without a login.
    assert db.execute("SELECT password_hash FROM users WHERE name = 'budi'").fetchone() == (None,)


def test_store_decisions_adjudication_overrides_later_coder_decisions(db):
    _passages(db, 1)
    store_decisions.record_decision(db, Decision("a-001", "trust", "confirm", "supports", "lead",
                                                 origin="adjudication"))
    store_decisions.record_decision(db, Decision("a-001", "trust", "reject", None, "ani"))
    assert store_decisions.coding(db)[0].decision == "confirm"
    per_coder = store_decisions.current_by_coder(db, "ani")
    assert [d.decision for d in per_coder] == ["reject"]
