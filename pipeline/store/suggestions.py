"""Machine suggestions as stored for the review queue (basic ingest side).

``replace_suggestions`` swaps the suggestions of some passages for new ones; ``for_passage`` lists them with
their review status (``pending`` until someone decides on that passage and code, then ``confirmed`` or
``rejected`` from the current coding). Other areas add their own queries (queue, rescoring) in their modules.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import sqlite_utils

from pipeline.records import Evidence, Suggestion
from pipeline.store.db import now, transaction

_COLS = "passage_id, code, score, polarity, source, evidence, model, lexicon, uncertainty"


def _evidence_json(evidence: Sequence[Evidence]) -> str:
    return json.dumps([{"text": e.text, "start": e.start, "end": e.end} for e in evidence], ensure_ascii=False)


def insert_suggestions(db: sqlite_utils.Database, suggestions: Iterable[Suggestion]) -> int:
    """Insert suggestions (one per passage and code; a later one for the same pair replaces it)."""
    rows = [
        (s.passage_id, s.code, float(s.score), s.polarity, s.source, _evidence_json(s.evidence), s.model,
         s.lexicon, float(s.uncertainty), now())
        for s in suggestions
    ]
    db.conn.executemany(
        f"INSERT OR REPLACE INTO suggestions ({_COLS}, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
    )
    return len(rows)


def replace_suggestions(
    db: sqlite_utils.Database, passage_ids: Iterable[str], suggestions: Iterable[Suggestion]
) -> int:
    """Delete the suggestions of ``passage_ids`` and insert ``suggestions`` instead, in one transaction.

    Decisions are untouched (they live in their own append-only table). Returns the number inserted.
    """
    ids = list(passage_ids)
    with transaction(db):
        db.conn.executemany("DELETE FROM suggestions WHERE passage_id = ?", [(i,) for i in ids])
        return insert_suggestions(db, suggestions)


def _row(r) -> Suggestion:
    evidence = tuple(Evidence(e["text"], e["start"], e["end"]) for e in json.loads(r[5] or "[]"))
    return Suggestion(r[0], r[1], r[2], r[3], r[4], evidence, r[6], r[7], r[8])


def for_passage(db: sqlite_utils.Database, passage_id: str) -> list[Suggestion]:
    """The suggestions on one passage, highest score first."""
    rows = db.execute(f"SELECT {_COLS} FROM suggestions WHERE passage_id = ? ORDER BY score DESC, code", [passage_id])
    return [_row(r) for r in rows]


def with_status(db: sqlite_utils.Database, passage_ids: Sequence[str] | None = None) -> dict[str, list[dict]]:
    """Per passage id, its suggestions as dicts (``code, score, polarity, source, model, status``).

    ``status`` is ``pending`` (nobody decided on this passage and code yet), ``confirmed`` or ``rejected``
    (the current coding: latest adjudication, else latest decision).
    """
    from pipeline.store.decisions import coding

    # An "undo" mark (origin undo) puts the suggestion back in the queue: it is pending again.
    current = {(d.passage_id, d.code): d.decision for d in coding(db) if d.origin != "undo"}
    where, params = "", []
    if passage_ids is not None:
        where = f"WHERE passage_id IN ({','.join('?' * len(passage_ids))})"
        params = list(passage_ids)
    sql = (
        "SELECT passage_id, code, score, polarity, source, model "
        f"FROM suggestions {where} ORDER BY passage_id, score DESC, code"
    )
    out: dict[str, list[dict]] = {}
    status = {"confirm": "confirmed", "reject": "rejected"}
    for pid, code, score, pol, source, model in db.execute(sql, params):
        out.setdefault(pid, []).append(
            {"code": code, "score": round(score, 4), "polarity": pol, "source": source, "model": model,
             "status": status.get(current.get((pid, code)), "pending")}
        )
    return out
