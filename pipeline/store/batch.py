"""Store queries of batch runs: what the current transcripts were made with, and the integrity counts.

``current_state`` answers, in one query, whether a file is unchanged (content hash) and with which lexicon and
model versions its suggestions were made; ``stale`` transcripts are re-suggested (pending suggestions only) and
then marked with the new versions by ``mark_versions``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from pipeline.records import Passage


@dataclass(frozen=True, slots=True)
class CurrentState:
    """The current version of a stored transcript: its id, content hash and the versions that suggested it."""

    id: int
    name: str
    content_hash: str
    lexicon_version: str
    model_version: str


def current_state(db: sqlite_utils.Database) -> dict[str, CurrentState]:
    """Every current transcript by file name."""
    rows = db.execute(
        "SELECT id, name, content_hash, COALESCE(lexicon_version, ''), COALESCE(model_version, '') "
        "FROM transcripts WHERE current = 1"
    )
    return {r[1]: CurrentState(*r) for r in rows}


def codable_passages_of(db: sqlite_utils.Database, transcript_id: int) -> list[Passage]:
    """The informant (and unknown-role) passages of one transcript version, in file order."""
    rows = db.execute(
        'SELECT p.id, t.name, p.seq, p.turn_idx, p.speaker, p.role, p.start, p."end", p.text, p.t_start, '
        "p.t_end, p.question FROM passages p JOIN transcripts t ON t.id = p.transcript_id "
        "WHERE t.id = ? AND p.role <> 'interviewer' ORDER BY p.seq",
        [transcript_id],
    )
    return [Passage(*r) for r in rows]


def mark_versions(db: sqlite_utils.Database, transcript_id: int, *, lexicon_version: str, model_version: str) -> None:
    """Record that a transcript's pending suggestions now come from these lexicon and model versions."""
    db.execute(
        "UPDATE transcripts SET lexicon_version = ?, model_version = ? WHERE id = ?",
        [lexicon_version or None, model_version or None, transcript_id],
    )


def integrity(db: sqlite_utils.Database) -> dict[str, int | str]:
    """SQLite's ``integrity_check`` and the duplicate counts a crashed-and-resumed batch must keep at zero."""
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "integrity_check": one("PRAGMA integrity_check"),
        "duplicate_transcripts": one(
            "SELECT COUNT(*) FROM (SELECT name FROM transcripts WHERE current = 1 GROUP BY name HAVING COUNT(*) > 1)"
        ),
        "duplicate_contents": one(
            "SELECT COUNT(*) FROM (SELECT name FROM transcripts GROUP BY name, content_hash HAVING COUNT(*) > 1)"
        ),
        "transcripts_without_passages": one(
            "SELECT COUNT(*) FROM transcripts t WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.transcript_id = t.id)"
        ),
        "orphan_suggestions": one(
            "SELECT COUNT(*) FROM suggestions s WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.id = s.passage_id)"
        ),
        "foreign_key_errors": len(list(db.execute("PRAGMA foreign_key_check"))),
    }


def dump(db: sqlite_utils.Database, names: Iterable[str] | None = None) -> dict[str, list[tuple]]:
    """The stored results without times and row ids (to compare two runs): transcripts, passages, suggestions."""
    wanted = set(names) if names is not None else None
    keep = lambda name: wanted is None or name in wanted  # noqa: E731
    transcripts = [r for r in db.execute(
        "SELECT name, version, current, content_hash, text, metadata, lexicon_version, model_version, stem "
        "FROM transcripts ORDER BY name, version") if keep(r[0])]
    passages = [r for r in db.execute(
        'SELECT t.name, p.id, p.seq, p.turn_idx, p.speaker, p.role, p.start, p."end", p.text, p.question '
        "FROM passages p JOIN transcripts t ON t.id = p.transcript_id ORDER BY p.id") if keep(r[0])]
    suggestions = [r for r in db.execute(
        "SELECT t.name, s.passage_id, s.code, s.score, s.polarity, s.source, s.evidence, s.model, s.lexicon "
        "FROM suggestions s JOIN passages p ON p.id = s.passage_id JOIN transcripts t ON t.id = p.transcript_id "
        "ORDER BY s.passage_id, s.code") if keep(r[0])]
    return {"transcripts": transcripts, "passages": passages, "suggestions": suggestions}


def mark_all_current(db: sqlite_utils.Database, *, lexicon_version: str, model_version: str) -> int:
    """:func:`mark_versions` for every current transcript (after a re-score of all pending suggestions)."""
    return db.execute(
        "UPDATE transcripts SET lexicon_version = ?, model_version = ? WHERE current = 1",
        [lexicon_version or None, model_version or None],
    ).rowcount
