"""Append-only decisions and the current coding derived from them.

The coding of (passage, code) is the latest adjudication if there is one, otherwise the latest decision of any
coder. Per coder, the latest decision per (passage, code, coder) is that coder's coding.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import sqlite_utils

from pipeline.records import Decision
from pipeline.store.db import now, transaction


# The ids of the decisions that make the current coding: per (passage, code) the latest adjudication, else the
# latest decision of anyone.
CODING_IDS = (
    "SELECT COALESCE(MAX(CASE WHEN origin = 'adjudication' THEN id END), MAX(id)) AS id"
    " FROM decisions GROUP BY passage_id, code"
)


def record_decision(db: sqlite_utils.Database, decision: Decision) -> int:
    """Append one decision (never updates an earlier one). Returns its row id."""
    return record_decisions(db, [decision])[0]


def record_decisions(db: sqlite_utils.Database, decisions: Iterable[Decision]) -> list[int]:
    """Append several decisions in one transaction; coders unknown so far become users without a login."""
    ids: list[int] = []
    with transaction(db):
        for d in decisions:
            db.execute(
                "INSERT OR IGNORE INTO users (name, role, password_hash, created_at) VALUES (?, 'coder', NULL, ?)",
                [d.coder, now()],
            )
            cur = db.execute(
                "INSERT INTO decisions (passage_id, code, decision, polarity, coder, note, origin, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [d.passage_id, d.code, d.decision, d.polarity, d.coder, d.note, d.origin, d.created_at or now()],
            )
            ids.append(cur.lastrowid)
    return ids


def _row(r) -> Decision:
    return Decision(
        passage_id=r[0], code=r[1], decision=r[2], polarity=r[3], coder=r[4], note=r[5], origin=r[6],
        created_at=r[7],
    )


_COLS = "passage_id, code, decision, polarity, coder, note, origin, created_at"


def all_decisions(db: sqlite_utils.Database) -> Iterator[Decision]:
    """Every decision ever made, oldest first (the audit trail)."""
    for r in db.execute(f"SELECT {_COLS} FROM decisions ORDER BY id"):
        yield _row(r)


def current_by_coder(db: sqlite_utils.Database, coder: str | None = None) -> list[Decision]:
    """The latest decision per (passage, code, coder), optionally for one coder."""
    where = "WHERE coder = ?" if coder else ""
    params = [coder] if coder else []
    sql = (
        f"SELECT {_COLS} FROM decisions WHERE id IN ("
        f" SELECT MAX(id) FROM decisions {where} GROUP BY passage_id, code, coder) ORDER BY id"
    )
    return [_row(r) for r in db.execute(sql, params)]


def coding(db: sqlite_utils.Database) -> list[Decision]:
    """The current coding: per (passage, code) the latest adjudication, else the latest decision of anyone."""
    sql = f"SELECT {_COLS} FROM decisions WHERE id IN ({CODING_IDS}) ORDER BY id"
    return [_row(r) for r in db.execute(sql)]


def confirmed(db: sqlite_utils.Database) -> list[Decision]:
    """The current coding restricted to confirmed codes."""
    return [d for d in coding(db) if d.decision == "confirm"]


def history(db: sqlite_utils.Database, passage_id: str) -> list[Decision]:
    """Every decision on one passage, oldest first."""
    return [_row(r) for r in db.execute(f"SELECT {_COLS} FROM decisions WHERE passage_id = ? ORDER BY id", [passage_id])]
