import random

import pytest

from pipeline.records import Decision
from pipeline.store import assignments, progress, queue
from pipeline.store.queue import ORDERS, STATUSES, QueueFilter

CODERS = [("ani", False), ("budi", False), ("dina", True)]
ITEMS = [("W01-001", "information_sharing"), ("W01-001", "networked_structure"), ("W01-002", "governance.rules"),
         ("W01-003", "leadership"), ("W02-001", "trust"), ("W02-001", "access_to_resources"),
         ("W02-002", "commitment")]


def _agree(db, snaps):
    for coder, lead in CODERS:
        snap = snaps[coder] = progress.refresh(db, snaps.get(coder), coder, lead=lead)
        assert progress.counts(snap) == queue.progress(db, coder, lead=lead), coder
        assert progress.lacking(snap) == progress.lacking(progress.build(db, coder, lead=lead))  # incremental
        for order in ORDERS:
            for status in STATUSES:
                for extra in ({}, {"transcript": "W02.txt"}, {"code": "trust"}, {"informant": "Bu Sari"}):
                    flt = QueueFilter(order=order, status=status, **extra)
                    expected = queue.next_passage(db, coder, lead=lead, flt=flt, lacking=progress.lacking(snap))
                    assert progress.next_passage(snap, flt) == expected, (coder, flt)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_store_progress_agrees_with_sql_reference(review_db, seed):
    rng = random.Random(seed)
    snaps: dict = {}
    _agree(review_db, snaps)
    for step in range(40):
        coder, _ = rng.choice(CODERS)
        roll = rng.random()
        if roll < 0.15:
            queue.undo(review_db, coder)
        elif roll < 0.2 and step < 20:
            assignments.assign(review_db, rng.choice(["W01.txt", "W02.txt"]), rng.sample(["ani", "budi"], 1))
        else:
            pid, code = rng.choice(ITEMS)
            decision = rng.choice(["confirm", "reject"])
            polarity = rng.choice(["supports", "against"]) if decision == "confirm" else None
            queue.decide(review_db, coder, [Decision(pid, code, decision, polarity, coder, origin="web")])
        _agree(review_db, snaps)


def test_store_progress_refresh_reads_only_new_decisions(review_db):
    snap = progress.build(review_db, "ani")
    assert snap.last_id == 0 and progress.counts(snap)["trust"] == (0, 1)
    queue.decide(review_db, "ani", [Decision("W02-001", "trust", "confirm", "supports", "ani", origin="web")])
    same = progress.refresh(review_db, snap, "ani")
    assert same is snap and snap.last_id == 1 and progress.counts(snap)["trust"] == (1, 0)
    assignments.assign(review_db, "W02.txt", ["budi"])  # anything but decisions changes: rebuilt
    rebuilt = progress.refresh(review_db, snap, "ani")
    assert rebuilt is not snap and "trust" not in progress.counts(rebuilt)


def test_store_progress_head_skips_decided_items_and_resets_on_undo(review_db):
    snap = progress.build(review_db, "ani")
    for pid, code in ITEMS[:3]:
        queue.decide(review_db, "ani", [Decision(pid, code, "reject", None, "ani", origin="web")])
    snap = progress.refresh(review_db, snap, "ani")
    first = progress.next_passage(snap, QueueFilter(order="document"))
    assert first == "W01-003" and snap.heads["document"] == 3
    queue.undo(review_db, "ani")
    snap = progress.refresh(review_db, snap, "ani")
    assert snap.heads == {} and progress.next_passage(snap, QueueFilter(order="document")) == "W01-002"


def test_store_progress_rebuilt_when_suggestions_are_rescored_in_place(review_db):
    snap = progress.build(review_db, "ani")
    assert progress.next_passage(snap) == "W01-001"
    review_db.execute("UPDATE suggestions SET uncertainty = 1.0 WHERE passage_id = 'W01-003'")
    snap = progress.refresh(review_db, snap, "ani")
    assert progress.next_passage(snap) == "W01-003"
