"""Store queries of batch runs: current state, marking versions, integrity counts, dumps."""

from pipeline.store.batch import codable_passages_of, current_state, dump, integrity, mark_all_current, mark_versions


def test_store_batch_state_and_marks(review_db):
    states = current_state(review_db)
    assert sorted(states) == ["W01.txt", "W02.txt"]
    w01 = states["W01.txt"]
    assert [p.id for p in codable_passages_of(review_db, w01.id)] == ["W01-001", "W01-002", "W01-003"]
    mark_versions(review_db, w01.id, lexicon_version="lx2", model_version="")
    state = current_state(review_db)["W01.txt"]
    assert (state.lexicon_version, state.model_version) == ("lx2", "")
    assert mark_all_current(review_db, lexicon_version="lx3", model_version="m3") == 2
    assert {(s.lexicon_version, s.model_version) for s in current_state(review_db).values()} == {("lx3", "m3")}


def test_store_batch_integrity_counts_duplicates(review_db):
    clean = integrity(review_db)
    assert clean["integrity_check"] == "ok" and sum(v for k, v in clean.items() if k != "integrity_check") == 0
    review_db.execute("INSERT INTO transcripts (name, version, current, format, content_hash, text, ingested_at) "
                      "SELECT name, version + 1, 1, format, content_hash, text, ingested_at FROM transcripts "
                      "WHERE name = 'W01.txt'")
    broken = integrity(review_db)
    assert broken["duplicate_transcripts"] == 1 and broken["duplicate_contents"] == 1
    assert broken["transcripts_without_passages"] == 1


def test_store_batch_dump_leaves_out_times_and_row_ids(review_db):
    first = dump(review_db)
    review_db.execute("UPDATE suggestions SET created_at = 'later'")
    assert dump(review_db) == first
    assert len(first["suggestions"]) == 6 and dump(review_db, ["W02.txt"])["transcripts"][0][0] == "W02.txt"
