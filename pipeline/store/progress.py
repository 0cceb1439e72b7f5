"""The review queue kept in memory per coder, up to date incrementally from the append-only decisions log.

A :class:`Snapshot` holds, for one coder, the suggestions their queue covers in both orders, and the latest
relevant decision per (passage, code) (relevant as in :mod:`pipeline.store.queue`: own decisions on assigned
transcripts, anyone's on shared ones). :func:`refresh` reads only the decisions appended since the snapshot was
taken (the log is append-only) and rebuilds everything only when suggestions, transcripts or assignments changed.
Finding the next passage is then a walk over a Python list instead of an SQL anti-join, which keeps the queue page
fast with 100,000 passages. :func:`pipeline.store.queue.next_passage` is the SQL reference it agrees with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlite_utils

# (passage id, code, transcript id, informant, transcript name)
Item = tuple[str, str, int, str, str]


@dataclass(slots=True)
class Snapshot:
    """One coder's queue state (mutable; owned by one cache entry)."""

    sig: tuple
    last_id: int = 0
    assigned: frozenset[int] = frozenset()
    uncertain: list[Item] = field(default_factory=list)
    document: list[Item] = field(default_factory=list)
    by_code: dict[str, list[Item]] = field(default_factory=dict)
    by_transcript: dict[str, list[Item]] = field(default_factory=dict)  # in uncertain order
    heads: dict[str, int] = field(default_factory=dict)  # per list: items before this index are all decided
    queued: set[tuple[str, str]] = field(default_factory=set)  # (passage id, code) of the items
    latest: dict[tuple[str, str], tuple[str, str | None, str, bool, int]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    done: dict[str, int] = field(default_factory=dict)
    support: dict[str, dict[int, int]] = field(default_factory=dict)  # code -> transcript id -> passages
    transcripts: list[dict] = field(default_factory=list)
    informants: list[str] = field(default_factory=list)


def signature(db: sqlite_utils.Database) -> tuple:
    """Changes whenever suggestions, transcripts or assignments change (not with new decisions).

    Inserts and deletes show in the counts and the highest id; updates in place bump ``review_epoch``.
    """
    return db.execute(
        "SELECT (SELECT n FROM review_epoch), (SELECT COUNT(*) FROM suggestions), (SELECT MAX(id) FROM suggestions), "
        "(SELECT COUNT(*) FROM transcripts), (SELECT SUM(current) FROM transcripts), "
        "(SELECT COUNT(*) FROM assignments), (SELECT MAX(id) FROM assignments)"
    ).fetchone()


def build(db: sqlite_utils.Database, coder: str, *, lead: bool = False) -> Snapshot:
    """A full snapshot for the coder."""
    from pipeline.store import queue

    snap = Snapshot(sig=signature(db))
    snap.assigned = frozenset(r[0] for r in db.execute("SELECT DISTINCT transcript_id FROM assignments"))
    mine = {r[0] for r in db.execute("SELECT transcript_id FROM assignments WHERE coder = ?", [coder])}
    rows = db.execute(
        "SELECT s.passage_id, s.code, p.transcript_id, p.speaker, t.name, t.version, p.seq, s.uncertainty, s.id "
        "FROM suggestions s JOIN passages p ON p.id = s.passage_id JOIN transcripts t ON t.id = p.transcript_id "
        "WHERE t.current = 1 AND p.role != 'interviewer'"
    ).fetchall()
    rows = [r for r in rows if lead or r[2] not in snap.assigned or r[2] in mine]
    snap.uncertain = [r[:5] for r in sorted(rows, key=lambda r: (-r[7], r[8]))]
    snap.document = [r[:5] for r in sorted(rows, key=lambda r: (r[4], r[5], r[6], r[1]))]
    for item in snap.uncertain:
        snap.by_code.setdefault(item[1], []).append(item)
        snap.by_transcript.setdefault(item[4], []).append(item)
    snap.totals = {code: len(items) for code, items in snap.by_code.items()}
    snap.queued = {(i[0], i[1]) for i in snap.uncertain}
    snap.transcripts = queue.transcripts(db)
    snap.informants = queue.informants(db)
    return _apply(db, snap, coder, since=0)


def _apply(db: sqlite_utils.Database, snap: Snapshot, coder: str, *, since: int) -> Snapshot:
    rows = db.execute(
        "SELECT d.id, d.passage_id, d.code, d.decision, d.polarity, d.origin, d.coder, p.transcript_id "
        "FROM decisions d JOIN passages p ON p.id = d.passage_id WHERE d.id > ? ORDER BY d.id", [since],
    )
    for did, pid, code, decision, polarity, origin, who, tid in rows:
        snap.last_id = did
        if who != coder and tid in snap.assigned:
            continue  # blind: another coder's decision on a double-coded transcript
        old = snap.latest.get((pid, code))
        if old is not None:
            _account(snap, code, old, -1)
        counted = (pid, code) in snap.queued
        snap.latest[(pid, code)] = entry = (decision, polarity, origin, counted, tid)
        _account(snap, code, entry, 1)
        if origin == "undo":
            snap.heads.clear()  # an item before a head may be pending again
    return snap


def _account(snap: Snapshot, code: str, entry: tuple, sign: int) -> None:
    decision, polarity, origin, counted, tid = entry
    if origin == "undo":
        return
    if counted:
        snap.done[code] = snap.done.get(code, 0) + sign
    if decision == "confirm" and polarity == "supports":
        per = snap.support.setdefault(code, {})
        per[tid] = per.get(tid, 0) + sign
        if not per[tid]:
            del per[tid]


def refresh(db: sqlite_utils.Database, snap: Snapshot | None, coder: str, *, lead: bool = False) -> Snapshot:
    """The snapshot brought up to date: new decisions applied, or rebuilt when anything else changed."""
    if snap is None or signature(db) != snap.sig:
        return build(db, coder, lead=lead)
    return _apply(db, snap, coder, since=snap.last_id)


def counts(snap: Snapshot) -> dict[str, tuple[int, int]]:
    """Code -> (decided, pending) over the suggestions the coder's queue covers."""
    return {code: (snap.done.get(code, 0), total - snap.done.get(code, 0)) for code, total in snap.totals.items()}


def lacking(snap: Snapshot) -> list[str]:
    """Suggested codes, those with the fewest informants and passages confirmed ``supports`` (as this coder
    sees the coding) first."""
    def key(code: str) -> tuple:
        per = snap.support.get(code, {})
        return (len(per), sum(per.values()), code)

    return sorted(snap.totals, key=key)


def _lists(snap: Snapshot, flt) -> list[tuple[str, list[Item]]]:
    if flt.order == "lacking" and not flt.code:
        return [(f"code:{c}", snap.by_code[c]) for c in lacking(snap)]
    document = flt.order == "document"
    if flt.transcript:
        items = snap.by_transcript.get(flt.transcript, [])
        if document:
            items = [i for i in snap.document if i[4] == flt.transcript]
        return [("", items)]
    if flt.code:
        items = snap.by_code.get(flt.code, [])
        return [("", [i for i in snap.document if i[1] == flt.code])] if document else [(f"code:{flt.code}", items)]
    return [("document", snap.document)] if document else [("uncertain", snap.uncertain)]


def next_passage(snap: Snapshot, flt=None, skip: Sequence[str] = ()) -> str | None:
    """The next passage under the filter (see :class:`pipeline.store.queue.QueueFilter`), or None.

    Walks the coder's list in the queue's order; for the pending status it starts after the items already known
    to be decided (``heads``), so the walk stays short as the review advances.
    """
    from pipeline.store.queue import QueueFilter

    flt = flt or QueueFilter()
    skipped = set(skip)
    pending_only = flt.status == "pending"
    for key, items in _lists(snap, flt):
        contiguous = pending_only and bool(key)
        for i in range(snap.heads.get(key, 0) if contiguous else 0, len(items)):
            pid, code, _, speaker, tname = items[i]
            entry = snap.latest.get((pid, code))
            decided = entry is not None and entry[2] != "undo"
            if contiguous:
                if decided:
                    snap.heads[key] = i + 1
                else:
                    contiguous = False
            if pid in skipped or (flt.transcript and tname != flt.transcript) or (
                    flt.informant and speaker != flt.informant):
                continue
            if flt.status == "all" or decided == (flt.status == "decided"):
                return pid
    return None
