"""Double coding: the lead assigns transcripts to coders; coders work blind to each other.

A transcript with assignments is *double-coded*: each assigned coder has their own queue of it and sees only
their own decisions. A transcript without assignments is *shared*: everyone's queue offers it until someone
decides. Leads see every transcript and every decision.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from pipeline.errors import NotFound
from pipeline.store.db import now, transaction
from pipeline.store.users import require_user


def transcript_id(db: sqlite_utils.Database, name: str) -> int:
    """The id of the current version of the transcript called ``name`` (file name or stem).

    Raises:
        NotFound: no such transcript.
    """
    row = db.execute(
        "SELECT id FROM transcripts WHERE (name = ? OR name LIKE ? || '.%') ORDER BY current DESC, version DESC",
        [name, name],
    ).fetchone()
    if row is None:
        raise NotFound(f"transcript {name!r} not found; list them with `telaah passages`")
    return row[0]


def assign(db: sqlite_utils.Database, transcript: str, coders: Iterable[str], *, lead: str = "") -> list[str]:
    """Assign the transcript to each coder (already assigned ones are kept). Returns the coders now assigned.

    Raises:
        NotFound: the transcript or a coder does not exist.
    """
    tid = transcript_id(db, transcript)
    names = list(dict.fromkeys(coders))
    for name in names:
        require_user(db, name)
    with transaction(db):
        for name in names:
            db.execute(
                "INSERT OR IGNORE INTO assignments (transcript_id, coder, assigned_by, created_at) VALUES (?,?,?,?)",
                [tid, name, lead, now()],
            )
    return assigned_coders(db, tid)


def unassign(db: sqlite_utils.Database, transcript: str, coder: str) -> None:
    """Remove one coder from a transcript (their decisions stay)."""
    tid = transcript_id(db, transcript)
    with transaction(db):
        db.execute("DELETE FROM assignments WHERE transcript_id = ? AND coder = ?", [tid, coder])


def assigned_coders(db: sqlite_utils.Database, tid: int) -> list[str]:
    """The coders assigned to the transcript with id ``tid``."""
    return [r[0] for r in db.execute("SELECT coder FROM assignments WHERE transcript_id = ? ORDER BY coder", [tid])]


def all_assignments(db: sqlite_utils.Database) -> dict[str, list[str]]:
    """Transcript name -> assigned coders, for every transcript (current versions; empty list: shared)."""
    out: dict[str, list[str]] = {}
    rows = db.execute(
        "SELECT t.name, a.coder FROM transcripts t LEFT JOIN assignments a ON a.transcript_id = t.id "
        "WHERE t.current = 1 ORDER BY t.name, a.coder"
    )
    for name, coder in rows:
        out.setdefault(name, [])
        if coder:
            out[name].append(coder)
    return out


def double_coded_passages(db: sqlite_utils.Database) -> dict[str, list[str]]:
    """Passage id -> assigned coders, for informant passages of transcripts with two or more coders."""
    rows = db.execute(
        "SELECT p.id, a.coder FROM passages p JOIN assignments a ON a.transcript_id = p.transcript_id "
        "WHERE p.role != 'interviewer' AND p.transcript_id IN "
        " (SELECT transcript_id FROM assignments GROUP BY transcript_id HAVING COUNT(*) >= 2) "
        "ORDER BY p.transcript_id, p.seq, a.coder"
    )
    out: dict[str, list[str]] = {}
    for pid, coder in rows:
        out.setdefault(pid, []).append(coder)
    return out


def can_see(db: sqlite_utils.Database, tid: int, coder: str, *, lead: bool) -> bool:
    """True when the coder may open the transcript: leads always; coders when it is shared or theirs."""
    if lead:
        return True
    coders = assigned_coders(db, tid)
    return not coders or coder in coders


def agreement_input(db: sqlite_utils.Database, *, machine: bool = False):
    """What agreement is computed on: each coder's current decisions (no adjudications, no undo marks) on the
    double-coded passages (on every passage when nothing is double-coded), and the machine's suggestions there.

    Returns:
        (decisions, suggestions or None)
    """
    from pipeline.store import decisions as store_decisions
    from pipeline.store import queue

    coded = double_coded_passages(db)
    current = [d for d in store_decisions.current_by_coder(db) if d.origin not in ("adjudication", "undo")]
    if coded:
        current = [d for d in current if d.coder in coded.get(d.passage_id, ())]
    sugg = queue.suggestions_for(db, sorted({d.passage_id for d in current})) if machine else None
    return current, sugg
