"""The review queue: pending suggestions per passage, filters, orders, progress, bulk accept and undo.

*Pending* for a coder: a suggestion on (passage, code) whose latest relevant decision is missing or an undo.
Relevant decisions are the coder's own on double-coded (assigned) transcripts, anyone's on shared ones (see
:mod:`pipeline.store.assignments`). Undo appends decisions too: the earlier decision again, or, when there was
none, a ``reject`` with origin ``undo`` that the queue reads as "no decision" (and scoring as "not confirmed").
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from pipeline.errors import NotFound
from pipeline.records import Decision, Evidence, Suggestion
from pipeline.store.db import now, transaction
from pipeline.store.decisions import record_decisions

ORDERS: tuple[str, ...] = ("uncertain", "document", "lacking")
STATUSES: tuple[str, ...] = ("pending", "decided", "all")

_SHARED = "p.transcript_id NOT IN (SELECT transcript_id FROM assignments)"
_MINE = "p.transcript_id IN (SELECT transcript_id FROM assignments WHERE coder = :coder)"
# 1 when the latest relevant decision on the suggestion's (passage, code) is a real one (not an undo mark).
_DECIDED = f"""COALESCE((SELECT d.origin <> 'undo' FROM decisions d INDEXED BY idx_decisions_current
  WHERE d.passage_id = s.passage_id AND d.code = s.code AND (d.coder = :coder OR {_SHARED})
  ORDER BY d.id DESC LIMIT 1), 0)"""


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """What the queue shows and in which order (empty strings: no filter)."""

    transcript: str = ""
    code: str = ""
    informant: str = ""
    status: str = "pending"
    order: str = "uncertain"


def _where(coder: str, lead: bool, flt: QueueFilter, skip: Sequence[str]) -> tuple[str, dict]:
    params: dict = {"coder": coder}
    parts = ["t.current = 1", "p.role != 'interviewer'"]
    if not lead:
        parts.append(f"({_SHARED} OR {_MINE})")
    if flt.status == "pending":
        parts.append(f"{_DECIDED} = 0")
    elif flt.status == "decided":
        parts.append(f"{_DECIDED} = 1")
    for key, col in (("transcript", "t.name"), ("code", "s.code"), ("informant", "p.speaker")):
        if getattr(flt, key):
            parts.append(f"{col} = :{key}")
            params[key] = getattr(flt, key)
    if skip:
        names = [f"skip{i}" for i in range(len(skip))]
        parts.append(f"s.passage_id NOT IN ({', '.join(':' + n for n in names)})")
        params.update(zip(names, skip))
    return " AND ".join(parts), params


_FROM = "FROM suggestions s JOIN passages p ON p.id = s.passage_id JOIN transcripts t ON t.id = p.transcript_id"
_FROM_DOC = ("FROM transcripts t CROSS JOIN passages p ON p.transcript_id = t.id "
             "CROSS JOIN suggestions s ON s.passage_id = p.id")


def next_passage(
    db: sqlite_utils.Database, coder: str, *, lead: bool = False, flt: QueueFilter = QueueFilter(),
    skip: Sequence[str] = (), lacking: Sequence[str] | None = None,
) -> str | None:
    """The id of the next passage to review under ``flt`` (None when the queue is empty).

    ``lacking`` is the code order for ``order="lacking"`` (default: :func:`codes_lacking_evidence`).
    """
    if flt.order == "lacking" and not flt.code:
        for code in lacking if lacking is not None else codes_lacking_evidence(db):
            found = next_passage(db, coder, lead=lead, flt=_replace(flt, code=code, order="uncertain"), skip=skip)
            if found:
                return found
        return None
    where, params = _where(coder, lead, flt, skip)
    if flt.order == "document":
        # Walk transcripts and passages in index order and stop at the first pending one (no sort).
        sql = (f"SELECT s.passage_id {_FROM_DOC} WHERE {where} ORDER BY t.name, t.version, p.seq, s.code LIMIT 1")
    else:
        sql = f"SELECT s.passage_id {_FROM} WHERE {where} ORDER BY s.uncertainty DESC, s.id LIMIT 1"
    row = db.execute(sql, params).fetchone()
    return row[0] if row else None


def _replace(flt: QueueFilter, **kw) -> QueueFilter:
    values = {k: getattr(flt, k) for k in ("transcript", "code", "informant", "status", "order")}
    return QueueFilter(**{**values, **kw})


def codes_lacking_evidence(db: sqlite_utils.Database) -> list[str]:
    """Suggested codes, those with the fewest informants and passages confirmed ``supports`` first."""
    confirmed = {
        code: (informants, passages)
        for code, informants, passages in db.execute(
            "SELECT d.code, COUNT(DISTINCT p.transcript_id), COUNT(*) FROM decisions d "
            "JOIN passages p ON p.id = d.passage_id WHERE d.decision = 'confirm' AND d.polarity = 'supports' "
            "AND d.id IN (SELECT MAX(id) FROM decisions GROUP BY passage_id, code) GROUP BY d.code"
        )
    }
    codes = [r[0] for r in db.execute("SELECT DISTINCT code FROM suggestions ORDER BY code")]
    return sorted(codes, key=lambda c: (*confirmed.get(c, (0, 0)), c))


def passage(db: sqlite_utils.Database, passage_id: str) -> dict:
    """One passage with its transcript name, informant, timestamps and the interviewer's question.

    Raises:
        NotFound: no such passage.
    """
    row = db.execute(
        "SELECT p.id, p.transcript_id, t.name, p.seq, p.speaker, p.role, p.start, p.\"end\", p.t_start, p.t_end, "
        "p.text, p.question, t.current FROM passages p JOIN transcripts t ON t.id = p.transcript_id WHERE p.id = ?",
        [passage_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"passage {passage_id!r} not found")
    keys = ("id", "transcript_id", "transcript", "seq", "speaker", "role", "start", "end", "t_start", "t_end",
            "text", "question", "current")
    out = dict(zip(keys, row))
    if not out["question"]:
        prev = db.execute(
            "SELECT text FROM passages WHERE transcript_id = ? AND seq < ? AND role = 'interviewer' "
            "ORDER BY seq DESC LIMIT 1", [out["transcript_id"], out["seq"]],
        ).fetchone()
        out["question"] = prev[0] if prev else None
    return out


def suggestions(db: sqlite_utils.Database, passage_id: str) -> list[Suggestion]:
    """The machine's suggestions on one passage, most confident first."""
    rows = db.execute(
        "SELECT passage_id, code, score, polarity, source, evidence, model, lexicon, uncertainty FROM suggestions "
        "WHERE passage_id = ? ORDER BY score DESC, code", [passage_id],
    )
    out = []
    for pid, code, score, pol, source, evidence, model, lexicon, unc in rows:
        ev = tuple(Evidence(e["text"], int(e["start"]), int(e["end"])) for e in json.loads(evidence or "[]"))
        out.append(Suggestion(pid, code, score, pol, source, ev, model, lexicon, unc))
    return out


def is_shared(db: sqlite_utils.Database, transcript_id: int) -> bool:
    """True when nobody is assigned to the transcript (everyone's decisions count in everyone's queue)."""
    return db.execute("SELECT 1 FROM assignments WHERE transcript_id = ?", [transcript_id]).fetchone() is None


def current(db: sqlite_utils.Database, passage_ids: Sequence[str], coder: str, *, everyone: bool) -> dict:
    """(passage id, code) -> the latest decision (own, or anyone's with ``everyone``); undone ones left out.

    Many passage ids are fine: they are looked up in chunks.
    """
    if len(passage_ids) > 500:
        out: dict = {}
        for i in range(0, len(passage_ids), 500):
            out.update(current(db, passage_ids[i:i + 500], coder, everyone=everyone))
        return out
    if not passage_ids:
        return {}
    marks = ", ".join("?" for _ in passage_ids)
    who = "" if everyone else "AND coder = ?"
    params = [*passage_ids] + ([] if everyone else [coder])
    # With everyone's decisions, an adjudication wins over later ones (as in decisions.coding).
    latest = "COALESCE(MAX(CASE WHEN origin = 'adjudication' THEN id END), MAX(id))" if everyone else "MAX(id)"
    rows = db.execute(
        "SELECT passage_id, code, decision, polarity, coder, note, origin, created_at FROM decisions WHERE id IN "
        f"(SELECT {latest} FROM decisions WHERE passage_id IN ({marks}) {who} GROUP BY passage_id, code)", params,
    )
    out = {}
    for r in rows:
        if r[6] != "undo":
            out[(r[0], r[1])] = Decision(r[0], r[1], r[2], r[3], r[4], r[5], r[7], r[6])
    return out


def neighbours(db: sqlite_utils.Database, passage_id: str, *, before: int = 2, after: int = 2) -> list[dict]:
    """The passages (interviewer turns included) around one passage, in document order."""
    p = passage(db, passage_id)
    rows = db.execute(
        "SELECT id, speaker, role, text, t_start FROM passages WHERE transcript_id = ? AND seq BETWEEN ? AND ? "
        "ORDER BY seq", [p["transcript_id"], p["seq"] - before, p["seq"] + after],
    )
    return [dict(zip(("id", "speaker", "role", "text", "t_start"), r)) for r in rows]


def transcript_passages(db: sqlite_utils.Database, transcript_id: int) -> list[dict]:
    """Every passage of a transcript in document order."""
    rows = db.execute(
        "SELECT id, seq, speaker, role, text, t_start, t_end FROM passages WHERE transcript_id = ? ORDER BY seq",
        [transcript_id],
    )
    return [dict(zip(("id", "seq", "speaker", "role", "text", "t_start", "t_end"), r)) for r in rows]


def transcripts(db: sqlite_utils.Database) -> list[dict]:
    """Current transcripts with their id, name and number of passages."""
    rows = db.execute(
        "SELECT t.id, t.name, (SELECT COUNT(*) FROM passages p WHERE p.transcript_id = t.id) FROM transcripts t "
        "WHERE t.current = 1 ORDER BY t.name"
    )
    return [dict(zip(("id", "name", "passages"), r)) for r in rows]


def transcript(db: sqlite_utils.Database, transcript_id: int) -> dict:
    """One transcript row (id, name, version, format, metadata).

    Raises:
        NotFound: no such transcript.
    """
    row = db.execute(
        "SELECT id, name, version, format, metadata FROM transcripts WHERE id = ?", [transcript_id]
    ).fetchone()
    if row is None:
        raise NotFound(f"transcript {transcript_id} not found")
    return {"id": row[0], "name": row[1], "version": row[2], "format": row[3], "metadata": json.loads(row[4])}


def informants(db: sqlite_utils.Database) -> list[str]:
    """The distinct informant names (pseudonyms) over all passages."""
    return [r[0] for r in db.execute("SELECT DISTINCT speaker FROM passages WHERE role != 'interviewer' ORDER BY 1")]


def progress(db: sqlite_utils.Database, coder: str, *, lead: bool = False) -> dict[str, tuple[int, int]]:
    """Code -> (decided, pending) over the suggestions the coder's queue covers."""
    where, params = _where(coder, lead, QueueFilter(status="all"), ())
    rows = db.execute(
        f"SELECT s.code, COUNT(*), SUM({_DECIDED}) {_FROM} WHERE {where} GROUP BY s.code",
        params,
    )
    return {code: (done or 0, total - (done or 0)) for code, total, done in rows}


def bulk_candidates(
    db: sqlite_utils.Database, coder: str, code: str, min_score: float, *, lead: bool = False,
    flt: QueueFilter = QueueFilter(),
) -> list[tuple[str, str]]:
    """(passage id, suggested polarity) of every pending suggestion of ``code`` with score >= ``min_score``."""
    where, params = _where(coder, lead, _replace(flt, code=code, status="pending"), ())
    params["min_score"] = min_score
    rows = db.execute(
        f"SELECT s.passage_id, s.polarity {_FROM} WHERE {where} AND s.score >= :min_score ORDER BY t.name, p.seq",
        params,
    )
    return [(r[0], r[1]) for r in rows]


def decide(db: sqlite_utils.Database, coder: str, decisions: Sequence[Decision]) -> list[int]:
    """Append decisions made in the review app as one undoable step. Returns the decision ids."""
    with transaction(db):
        ids = record_decisions(db, decisions)
        db.execute(
            "INSERT INTO undo_steps (coder, decision_ids, created_at) VALUES (?, ?, ?)",
            [coder, json.dumps(ids), now()],
        )
    return ids


def undo(db: sqlite_utils.Database, coder: str) -> list[str]:
    """Undo the coder's latest step: each decision is superseded by the one before it (or by an undo mark).

    Returns the passage ids touched (empty when there is nothing to undo).
    """
    with transaction(db):
        step = db.execute(
            "SELECT id, decision_ids FROM undo_steps WHERE coder = ? AND undone = 0 ORDER BY id DESC LIMIT 1", [coder]
        ).fetchone()
        if step is None:
            return []
        db.execute("UPDATE undo_steps SET undone = 1 WHERE id = ?", [step[0]])
        restored = [_before(db, did) for did in reversed(json.loads(step[1]))]
        record_decisions(db, [d for d in restored if d is not None])
    return list(dict.fromkeys(d.passage_id for d in restored if d is not None))


def _before(db: sqlite_utils.Database, decision_id: int) -> Decision | None:
    row = db.execute("SELECT passage_id, code, coder FROM decisions WHERE id = ?", [decision_id]).fetchone()
    if row is None:
        return None
    pid, code, coder = row
    prev = db.execute(
        "SELECT decision, polarity, note, origin FROM decisions WHERE passage_id = ? AND code = ? AND coder = ? "
        "AND id < ? ORDER BY id DESC LIMIT 1", [pid, code, coder, decision_id],
    ).fetchone()
    if prev is None or prev[3] == "undo":
        return Decision(pid, code, "reject", None, coder, note="undo", origin="undo")
    return Decision(pid, code, prev[0], prev[1], coder, note=prev[2], origin="web")


def add_demo_transcript(
    db: sqlite_utils.Database, name: str, turns: Sequence[tuple[str, str, str]],
    suggestions: Sequence[Suggestion] = (), *, current: int = 1, version: int = 1,
) -> int:
    """Insert a fabricated transcript (speaker, role, text) turns, one passage per turn, and suggestions.

    For tests, demos and benchmarks only; real transcripts come through ingestion. Passage ids follow the
    shared scheme: ``{stem}-{n:03d}`` for informant turns and ``{stem}-q{n:03d}`` for interviewer turns.
    Returns the transcript id.
    """
    stem = name.rsplit(".", 1)[0]
    text, rows, counts = "", [], {"q": 0, "i": 0}
    for seq, (speaker, role, turn_text) in enumerate(turns):
        start = len(text) + (2 if text else 0)
        text = f"{text}\n\n{turn_text}" if text else turn_text
        kind = "q" if role == "interviewer" else "i"
        counts[kind] += 1
        pid = f"{stem}-q{counts[kind]:03d}" if kind == "q" else f"{stem}-{counts[kind]:03d}"
        rows.append((pid, seq, seq, speaker, role, start, start + len(turn_text), float(seq * 30), turn_text))
    with transaction(db):
        tid = db.execute(
            "INSERT INTO transcripts (name, version, current, format, content_hash, text, ingested_at) "
            "VALUES (?, ?, ?, 'txt', ?, ?, ?)", [name, version, current, f"demo-{name}-{version}", text, now()],
        ).lastrowid
        db.conn.executemany(
            "INSERT INTO passages (id, transcript_id, seq, turn_idx, speaker, role, start, \"end\", t_start, text) "
            f"VALUES (?, {tid}, ?, ?, ?, ?, ?, ?, ?, ?)", rows,
        )
        db.conn.executemany(
            "INSERT INTO suggestions (passage_id, code, score, polarity, source, evidence, model, lexicon, "
            "uncertainty, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(s.passage_id, s.code, s.score, s.polarity, s.source,
              json.dumps([{"text": e.text, "start": e.start, "end": e.end} for e in s.evidence]),
              s.model, s.lexicon, s.uncertainty, now()) for s in suggestions],
        )
    return tid


def passage_ids(db: sqlite_utils.Database) -> set[str]:
    """Every passage id in the database (to check imported rows)."""
    return {r[0] for r in db.execute("SELECT id FROM passages")}


def pending_suggestions(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    """(passage id, code, polarity) of suggestions on current transcripts that nobody has decided yet."""
    rows = db.execute(
        f"SELECT s.passage_id, s.code, s.polarity {_FROM} WHERE t.current = 1 AND NOT EXISTS "
        "(SELECT 1 FROM decisions d WHERE d.passage_id = s.passage_id AND d.code = s.code AND d.origin <> 'undo') "
        "ORDER BY s.passage_id, s.code"
    )
    return [tuple(r) for r in rows]


def suggestions_for(db: sqlite_utils.Database, passage_ids: Sequence[str]) -> list[Suggestion]:
    """The suggestions on several passages (e.g. the machine's ratings for agreement)."""
    return [s for pid in passage_ids for s in suggestions(db, pid)]


def current_per_coder(db: sqlite_utils.Database, passage_ids: Sequence[str]) -> list[Decision]:
    """Every coder's latest decision per (passage, code) on these passages (undo marks left out)."""
    out: list[Decision] = []
    for i in range(0, len(passage_ids), 500):
        chunk = passage_ids[i:i + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = db.execute(
            "SELECT passage_id, code, decision, polarity, coder, note, origin, created_at FROM decisions WHERE id IN "
            f"(SELECT MAX(id) FROM decisions WHERE passage_id IN ({marks}) GROUP BY passage_id, code, coder) "
            "ORDER BY passage_id, code, coder", chunk,
        )
        out += [Decision(r[0], r[1], r[2], r[3], r[4], r[5], r[7], r[6]) for r in rows if r[6] != "undo"]
    return out
