import pytest

from pipeline.errors import NotFound
from pipeline.records import Decision
from pipeline.store import assignments, queue
from pipeline.store.queue import QueueFilter


def _confirm(db, pid, code, coder="ani", polarity="supports"):
    return queue.decide(db, coder, [Decision(pid, code, "confirm", polarity, coder, origin="web")])


def test_store_queue_most_uncertain_first(review_db):
    # networked_structure 0.55 is the most uncertain suggestion.
    assert queue.next_passage(review_db, "ani") == "W01-001"
    _confirm(review_db, "W01-001", "networked_structure")
    # W01-001 still has a pending suggestion (information_sharing, 0.9) but access_to_resources (0.6) is next.
    assert queue.next_passage(review_db, "ani") == "W02-001"


def test_store_queue_document_order_and_filters(review_db):
    assert queue.next_passage(review_db, "ani", flt=QueueFilter(order="document")) == "W01-001"
    assert queue.next_passage(review_db, "ani", flt=QueueFilter(transcript="W02.txt")) == "W02-001"
    assert queue.next_passage(review_db, "ani", flt=QueueFilter(code="leadership")) == "W01-003"
    assert queue.next_passage(review_db, "ani", flt=QueueFilter(informant="Pak Budi")) == "W02-001"
    assert queue.next_passage(review_db, "ani", flt=QueueFilter(code="trust", informant="Bu Sari")) is None
    assert queue.next_passage(review_db, "ani", skip=["W01-001", "W02-001"]) == "W01-003"


def test_store_queue_status_filter(review_db):
    assert queue.next_passage(review_db, "ani", flt=QueueFilter(status="decided")) is None
    _confirm(review_db, "W01-002", "governance.rules", polarity="against")
    assert queue.next_passage(review_db, "ani", flt=QueueFilter(status="decided")) == "W01-002"
    assert queue.next_passage(review_db, "ani", flt=QueueFilter(status="all", code="governance.rules")) == "W01-002"
    assert queue.next_passage(review_db, "ani", flt=QueueFilter(status="pending", code="governance.rules")) is None


def test_store_queue_lacking_evidence_order(review_db):
    _confirm(review_db, "W01-001", "information_sharing")
    order = queue.codes_lacking_evidence(review_db)
    assert order[-1] == "information_sharing"
    assert queue.next_passage(review_db, "ani", flt=QueueFilter(order="lacking")) == "W02-001"  # access_to_resources


def test_store_queue_passage_question_and_neighbours(review_db):
    p = queue.passage(review_db, "W01-002")
    assert p["question"] == "Apakah sudah ada aturan tertulis?"
    assert p["transcript"] == "W01.txt" and p["speaker"] == "Bu Sari" and p["t_start"] == 90.0
    assert [n["id"] for n in queue.neighbours(review_db, "W01-002", before=1, after=1)] == [
        "W01-q002", "W01-002", "W01-003"]
    with pytest.raises(NotFound, match="W09-001"):
        queue.passage(review_db, "W09-001")


def test_store_queue_suggestions_with_evidence_offsets(review_db):
    sug = queue.suggestions(review_db, "W01-001")
    assert [s.code for s in sug] == ["information_sharing", "networked_structure"]
    ev = sug[0].evidence[0]
    assert queue.passage(review_db, "W01-001")["text"][ev.start:ev.end] == "berbagi data"


def test_store_queue_progress_counts_per_code(review_db):
    _confirm(review_db, "W01-001", "information_sharing")
    prog = queue.progress(review_db, "ani")
    assert prog["information_sharing"] == (1, 0)
    assert prog["trust"] == (0, 1)
    assert sum(left for _, left in prog.values()) == 5


def test_store_queue_bulk_candidates_above_threshold(review_db):
    assert queue.bulk_candidates(review_db, "ani", "trust", 0.8) == [("W02-001", "supports")]
    assert queue.bulk_candidates(review_db, "ani", "trust", 0.9) == []
    _confirm(review_db, "W02-001", "trust")
    assert queue.bulk_candidates(review_db, "ani", "trust", 0.1) == []


def test_store_queue_undo_several_steps(review_db):
    _confirm(review_db, "W02-001", "trust")
    _confirm(review_db, "W02-001", "trust", polarity="against")  # a change (flip) supersedes
    mine = lambda: queue.current(review_db, ["W02-001"], "ani", everyone=False)  # noqa: E731
    assert mine()[("W02-001", "trust")].polarity == "against"
    assert queue.undo(review_db, "ani") == ["W02-001"]
    assert mine()[("W02-001", "trust")].polarity == "supports"
    assert queue.undo(review_db, "ani") == ["W02-001"]
    assert ("W02-001", "trust") not in mine()
    assert queue.next_passage(review_db, "ani", flt=QueueFilter(code="trust")) == "W02-001"
    assert queue.undo(review_db, "ani") == []
    # Nothing was deleted: 2 decisions + 2 superseding ones.
    assert review_db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 4


def test_store_queue_shared_vs_double_coded(review_db):
    _confirm(review_db, "W02-001", "trust", coder="budi")
    # Shared transcript: budi's decision takes the item out of ani's queue too.
    assert queue.next_passage(review_db, "ani", flt=QueueFilter(code="trust")) is None
    assignments.assign(review_db, "W02.txt", ["ani", "budi"], lead="dina")
    # Double-coded: ani decides on her own, blind to budi.
    assert queue.next_passage(review_db, "ani", flt=QueueFilter(code="trust")) == "W02-001"
    assert queue.current(review_db, ["W02-001"], "ani", everyone=False) == {}


def test_store_queue_assigned_transcripts_hidden_from_others(review_db):
    assignments.assign(review_db, "W02.txt", ["budi"], lead="dina")
    assert queue.next_passage(review_db, "ani", flt=QueueFilter(transcript="W02.txt")) is None
    assert queue.next_passage(review_db, "dina", lead=True, flt=QueueFilter(transcript="W02.txt")) == "W02-001"


def test_store_queue_transcripts_and_informants(review_db):
    assert [(t["name"], t["passages"]) for t in queue.transcripts(review_db)] == [("W01.txt", 5), ("W02.txt", 3)]
    assert queue.informants(review_db) == ["Bu Sari", "Pak Budi"]
    tid = queue.transcripts(review_db)[0]["id"]
    assert queue.transcript(review_db, tid)["name"] == "W01.txt"
    assert [p["id"] for p in queue.transcript_passages(review_db, tid)][:2] == ["W01-q001", "W01-001"]
