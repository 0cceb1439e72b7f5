"""What scoring reads: confirmed codes with their passages, pending suggestions (dry run), and overrides."""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from pipeline.scoring import CodedPassage, Override
from pipeline.store.db import now, transaction
from pipeline.store.decisions import CODING_IDS

_CURRENT = "t.current = 1"


def _filter(transcripts: Sequence[str] | None) -> tuple[str, list]:
    if not transcripts:
        return "", []
    marks = ", ".join("?" for _ in transcripts)
    return f" AND t.name IN ({marks})", list(transcripts)


def confirmed_coded(db: sqlite_utils.Database, *, transcripts: Sequence[str] | None = None) -> list[CodedPassage]:
    """Confirmed codes (the current coding) on passages of current transcript versions."""
    extra, params = _filter(transcripts)
    sql = f"""
        WITH cur AS ({CODING_IDS})
        SELECT d.passage_id, d.code, d.polarity, t.name, p.speaker, p.text, p.t_start, COALESCE(s.score, 1.0)
        FROM decisions d JOIN cur ON cur.id = d.id
        JOIN passages p ON p.id = d.passage_id
        JOIN transcripts t ON t.id = p.transcript_id
        LEFT JOIN suggestions s ON s.passage_id = d.passage_id AND s.code = d.code
        WHERE d.decision = 'confirm' AND d.polarity IS NOT NULL AND {_CURRENT}{extra}
        ORDER BY t.name, p.start
    """
    return [CodedPassage(*row) for row in db.execute(sql, params)]


def suggested_coded(db: sqlite_utils.Database, *, transcripts: Sequence[str] | None = None) -> list[CodedPassage]:
    """Pending machine suggestions (no decision yet) as if confirmed: the dry-run view."""
    extra, params = _filter(transcripts)
    sql = f"""
        SELECT s.passage_id, s.code, s.polarity, t.name, p.speaker, p.text, p.t_start, s.score
        FROM suggestions s
        JOIN passages p ON p.id = s.passage_id
        JOIN transcripts t ON t.id = p.transcript_id
        WHERE {_CURRENT}{extra}
          AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.passage_id = s.passage_id AND d.code = s.code)
        ORDER BY t.name, p.start
    """
    return [CodedPassage(*row) for row in db.execute(sql, params)]


def add_override(db: sqlite_utils.Database, override: Override) -> None:
    """Record a verdict override (append-only)."""
    with transaction(db):
        db.execute(
            "INSERT INTO overrides (code, verdict, reason, coder, created_at) VALUES (?, ?, ?, ?, ?)",
            [override.code, override.verdict, override.reason, override.coder, now()],
        )


def withdraw_override(db: sqlite_utils.Database, code: str, *, coder: str, reason: str) -> None:
    """Withdraw the override of ``code`` (a new row with no verdict)."""
    with transaction(db):
        db.execute(
            "INSERT INTO overrides (code, verdict, reason, coder, created_at) VALUES (?, NULL, ?, ?, ?)",
            [code, reason, coder, now()],
        )


def current_overrides(db: sqlite_utils.Database) -> dict[str, Override]:
    """The active override per code (the latest row, unless it withdrew the override)."""
    sql = "SELECT code, verdict, reason, coder FROM overrides WHERE id IN (SELECT MAX(id) FROM overrides GROUP BY code)"
    return {r[0]: Override(r[0], r[1], r[2], r[3]) for r in db.execute(sql) if r[1] is not None}


def quotations(db: sqlite_utils.Database, *, transcripts: Sequence[str] | None = None) -> list[dict]:
    """One row per confirmed coding with what a quotation table needs (document, offsets, coder, time)."""
    extra, params = _filter(transcripts)
    sql = f"""
        WITH cur AS ({CODING_IDS})
        SELECT t.name AS document, p.speaker AS informant, d.code AS code, d.polarity AS polarity,
               p.id AS passage_id, p.text AS text, p.start AS start, p."end" AS "end", p.t_start AS t_start,
               d.coder AS coder, d.created_at AS time, d.note AS note
        FROM decisions d JOIN cur ON cur.id = d.id
        JOIN passages p ON p.id = d.passage_id
        JOIN transcripts t ON t.id = p.transcript_id
        WHERE d.decision = 'confirm' AND {_CURRENT}{extra}
        ORDER BY t.name, p.start, d.code
    """
    cur = db.execute(sql, params)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row)) for row in cur]


def current_texts(db: sqlite_utils.Database, *, transcripts: Sequence[str] | None = None) -> dict[str, str]:
    """Transcript name -> stored text, for current versions (the sources of an export)."""
    extra, params = _filter(transcripts)
    sql = f"SELECT t.name, t.text FROM transcripts t WHERE {_CURRENT}{extra} ORDER BY t.name"
    return {name: text for name, text in db.execute(sql, params)}


def corpus_stats(db: sqlite_utils.Database, *, transcripts: Sequence[str] | None = None) -> dict:
    """Counts for a report's methods section (current versions only)."""
    extra, params = _filter(transcripts)
    base = f"FROM passages p JOIN transcripts t ON t.id = p.transcript_id WHERE {_CURRENT}{extra}"
    n_transcripts = db.execute(f"SELECT COUNT(*) FROM transcripts t WHERE {_CURRENT}{extra}", params).fetchone()[0]
    n_passages, n_informant = db.execute(
        f"SELECT COUNT(*), COALESCE(SUM(p.role != 'interviewer'), 0) {base}", params).fetchone()
    words = sum(len(text.split()) for (text,) in db.execute(f"SELECT p.text {base}", params))
    n_suggestions = db.execute(f"SELECT COUNT(*) FROM suggestions s JOIN passages p ON p.id = s.passage_id "
                               f"JOIN transcripts t ON t.id = p.transcript_id WHERE {_CURRENT}{extra}",
                               params).fetchone()[0]
    decided = db.execute(
        f"""SELECT COUNT(*), COALESCE(SUM(d.decision = 'confirm'), 0) FROM (
              SELECT passage_id, code, decision FROM decisions
              WHERE id IN (SELECT MAX(id) FROM decisions GROUP BY passage_id, code)) d
            JOIN passages p ON p.id = d.passage_id JOIN transcripts t ON t.id = p.transcript_id
            WHERE {_CURRENT}{extra}""", params).fetchone()
    confirmed_from_suggestion = db.execute(
        f"""SELECT COUNT(*) FROM suggestions s JOIN passages p ON p.id = s.passage_id
            JOIN transcripts t ON t.id = p.transcript_id
            WHERE {_CURRENT}{extra} AND EXISTS (
              SELECT 1 FROM decisions d WHERE d.passage_id = s.passage_id AND d.code = s.code
              AND d.decision = 'confirm')""", params).fetchone()[0]
    lexicons = sorted({r[0] for r in db.execute("SELECT DISTINCT lexicon FROM suggestions") if r[0]})
    models = sorted({r[0] for r in db.execute("SELECT DISTINCT model FROM suggestions") if r[0]})
    coders = [r[0] for r in db.execute("SELECT DISTINCT coder FROM decisions ORDER BY coder")]
    return {
        "transcripts": n_transcripts, "passages": n_passages, "informant_passages": n_informant,
        "words": words, "suggestions": n_suggestions, "decided": decided[0], "confirmed": decided[1],
        "confirmed_from_suggestions": confirmed_from_suggestion, "lexicon_versions": lexicons,
        "model_versions": models, "coders": coders,
    }
