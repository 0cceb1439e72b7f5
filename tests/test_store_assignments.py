import pytest

from pipeline.errors import NotFound
from pipeline.store import assignments


def test_store_assignments_assign_and_list(review_db):
    assert assignments.assign(review_db, "W01.txt", ["ani", "budi", "ani"], lead="dina") == ["ani", "budi"]
    assert assignments.assign(review_db, "W01", ["ani"]) == ["ani", "budi"]  # by stem, idempotent
    assert assignments.all_assignments(review_db) == {"W01.txt": ["ani", "budi"], "W02.txt": []}
    coded = assignments.double_coded_passages(review_db)
    assert sorted(coded) == ["W01-001", "W01-002", "W01-003"]
    assert coded["W01-001"] == ["ani", "budi"]


def test_store_assignments_unknown_transcript_or_coder(review_db):
    with pytest.raises(NotFound, match="W09"):
        assignments.assign(review_db, "W09.txt", ["ani"])
    with pytest.raises(NotFound, match="hantu"):
        assignments.assign(review_db, "W01.txt", ["hantu"])


def test_store_assignments_visibility_and_unassign(review_db):
    tid = assignments.transcript_id(review_db, "W01.txt")
    assert assignments.can_see(review_db, tid, "ani", lead=False)
    assignments.assign(review_db, "W01.txt", ["budi"])
    assert not assignments.can_see(review_db, tid, "ani", lead=False)
    assert assignments.can_see(review_db, tid, "dina", lead=True)
    assignments.unassign(review_db, "W01.txt", "budi")
    assert assignments.can_see(review_db, tid, "ani", lead=False)
