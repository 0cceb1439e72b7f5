"""The classifier's SQL: training examples from decisions, codable passages, and re-scoring pending suggestions.

*Decided* (passage, code): its current decision (latest adjudication, else latest decision, as in
:func:`pipeline.store.decisions.coding`) exists and is not an undo marker (origin ``undo``). Everything else is
pending. Re-scoring after a model promotion replaces pending suggestions only; decided ones are never touched.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import sqlite_utils

from pipeline.records import Passage, Suggestion
from pipeline.store.db import now, transaction

_CURRENT = """
SELECT d.passage_id, d.code, d.decision, d.polarity, d.origin FROM decisions d WHERE d.id IN (
  SELECT COALESCE(MAX(CASE WHEN origin = 'adjudication' THEN id END), MAX(id)) FROM decisions
  GROUP BY passage_id, code)
"""


def decided(db: sqlite_utils.Database) -> dict[str, set[str]]:
    """Per passage id, the codes with a current decision (confirm or reject, not undone)."""
    out: dict[str, set[str]] = {}
    for pid, code, _dec, _pol, origin in db.execute(_CURRENT):
        if origin != "undo":
            out.setdefault(pid, set()).add(code)
    return out


def feedback_rows(db: sqlite_utils.Database) -> list[dict]:
    """Current decisions with their passage text, question and transcript name (training data), oldest first.

    Each row: ``passage_id, code, decision, polarity, text, question, transcript``.
    """
    sql = f"""
    SELECT c.passage_id, c.code, c.decision, c.polarity, p.text, p.question, t.name
    FROM ({_CURRENT}) c JOIN passages p ON p.id = c.passage_id JOIN transcripts t ON t.id = p.transcript_id
    WHERE c.origin <> 'undo' AND p.role <> 'interviewer' ORDER BY p.transcript_id, p.seq, c.code
    """
    keys = ("passage_id", "code", "decision", "polarity", "text", "question", "transcript")
    return [dict(zip(keys, r)) for r in db.execute(sql)]


def codable_passages(db: sqlite_utils.Database, *, current_only: bool = True) -> list[Passage]:
    """Informant and unknown-role passages (of current transcript versions), in document order."""
    where = "AND t.current = 1" if current_only else ""
    sql = f"""
    SELECT p.id, t.name, p.seq, p.turn_idx, p.speaker, p.role, p.start, p."end", p.text, p.t_start, p.t_end,
           p.question
    FROM passages p JOIN transcripts t ON t.id = p.transcript_id
    WHERE p.role <> 'interviewer' {where} ORDER BY t.id, p.seq
    """
    return [Passage(*r) for r in db.execute(sql)]


def _evidence_json(s: Suggestion) -> str:
    return json.dumps([{"text": e.text, "start": e.start, "end": e.end} for e in s.evidence], ensure_ascii=False)


def rescore_pending(db: sqlite_utils.Database, passage_ids: Iterable[str], suggestions: Sequence[Suggestion]) -> dict:
    """Replace the pending suggestions of ``passage_ids`` with ``suggestions``, in one transaction.

    For each passage, suggestions on codes without a current decision are deleted and the new ones on such codes
    inserted; suggestions on decided codes stay exactly as they were (new ones for decided codes are dropped).

    Returns:
        Counts: ``removed``, ``added``, ``kept`` (decided suggestions left untouched), ``passages``.
    """
    done = decided(db)
    ids = list(dict.fromkeys(passage_ids))
    by_passage: dict[str, list[Suggestion]] = {}
    for s in suggestions:
        by_passage.setdefault(s.passage_id, []).append(s)
    removed = added = kept = 0
    stamp = now()
    with transaction(db):
        for pid in ids:
            fixed = done.get(pid, set())
            rows = list(db.execute("SELECT code FROM suggestions WHERE passage_id = ?", [pid]))
            for (code,) in rows:
                if code in fixed:
                    kept += 1
                else:
                    db.execute("DELETE FROM suggestions WHERE passage_id = ? AND code = ?", [pid, code])
                    removed += 1
            for s in by_passage.get(pid, []):
                if s.code in fixed:
                    continue
                db.execute(
                    "INSERT INTO suggestions (passage_id, code, score, polarity, source, evidence, model, lexicon,"
                    " uncertainty, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [pid, s.code, s.score, s.polarity, s.source, _evidence_json(s), s.model, s.lexicon,
                     s.uncertainty, stamp],
                )
                added += 1
    return {"removed": removed, "added": added, "kept": kept, "passages": len(ids)}


def stored_coding(db: sqlite_utils.Database, passage_ids: Sequence[str] | None = None) -> dict[str, dict[str, str]]:
    """The stored suggestions as ``{passage id: {code: polarity}}`` (optionally for some passages only)."""
    out: dict[str, dict[str, str]] = {}
    wanted = set(passage_ids) if passage_ids is not None else None
    for pid, code, pol in db.execute("SELECT passage_id, code, polarity FROM suggestions ORDER BY passage_id, code"):
        if wanted is None or pid in wanted:
            out.setdefault(pid, {})[code] = pol
    return out
