"""Transcripts, turns and passages (the ingest side of the store).

A transcript is added with its turns, passages and first suggestions in ONE transaction; a changed file becomes
version k+1 and the earlier version stays (``current = 0``) with its passages and the decisions made on them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from pipeline.errors import StoreError
from pipeline.records import Passage, Suggestion, Transcript
from pipeline.store.db import now, transaction
from pipeline.store.suggestions import insert_suggestions, with_status


@dataclass(frozen=True, slots=True)
class StoredTranscript:
    """A row of ``transcripts`` (without its text)."""

    id: int
    name: str
    version: int
    current: bool
    content_hash: str
    stem: str


def find_current(db: sqlite_utils.Database, name: str) -> StoredTranscript | None:
    """The current version of the transcript called ``name``, if any."""
    row = db.execute(
        "SELECT id, name, version, current, content_hash, COALESCE(stem, '') FROM transcripts "
        "WHERE name = ? AND current = 1 ORDER BY version DESC LIMIT 1",
        [name],
    ).fetchone()
    return StoredTranscript(row[0], row[1], row[2], bool(row[3]), row[4], row[5]) if row else None


def is_ingested(db: sqlite_utils.Database, name: str, content_hash: str) -> bool:
    """True when the current version of ``name`` has exactly this content (a re-run is then a no-op)."""
    found = find_current(db, name)
    return found is not None and found.content_hash == content_hash


def next_version(db: sqlite_utils.Database, name: str) -> int:
    """1 for a new transcript name, else the highest stored version + 1."""
    row = db.execute("SELECT MAX(version) FROM transcripts WHERE name = ?", [name]).fetchone()
    return (row[0] or 0) + 1


def id_prefix(db: sqlite_utils.Database, name: str, stem: str) -> str:
    """The passage-id prefix for ``name``: its earlier prefix, else ``stem``, else ``stem-ext`` when another
    file (``W01.txt`` vs ``W01.docx``) already uses the stem."""
    row = db.execute("SELECT stem FROM transcripts WHERE name = ? AND stem IS NOT NULL LIMIT 1", [name]).fetchone()
    if row:
        return row[0]
    taken = db.execute("SELECT 1 FROM transcripts WHERE stem = ? AND name <> ? LIMIT 1", [stem, name]).fetchone()
    if not taken:
        return stem
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else "x"
    return f"{stem}-{ext}"


def add_transcript(
    db: sqlite_utils.Database,
    transcript: Transcript,
    passages: Sequence[Passage],
    suggestions: Sequence[Suggestion] = (),
    *,
    version: int,
    stem: str,
    path: str | None = None,
    lexicon_version: str | None = None,
    model_version: str | None = None,
) -> int:
    """Insert a transcript version with its turns, passages and suggestions in one transaction.

    Earlier versions of the same name get ``current = 0``. Returns the new transcript id. Nothing is written
    if anything fails.
    """
    try:
        return _insert(db, transcript, passages, suggestions, version=version, stem=stem, path=path,
                       versions=(lexicon_version, model_version))
    except sqlite3.IntegrityError as exc:
        raise StoreError(
            f"{transcript.name}: tidak dapat disimpan ({exc}); tidak ada yang ditulis / nothing was written"
        ) from exc


def _insert(db, transcript, passages, suggestions, *, version, stem, path, versions) -> int:
    lexicon_version, model_version = versions
    with transaction(db):
        db.execute("UPDATE transcripts SET current = 0 WHERE name = ?", [transcript.name])
        tid = db.execute(
            "INSERT INTO transcripts (name, version, current, path, format, content_hash, text, metadata, markers, "
            "lexicon_version, model_version, ingested_at, stem) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [transcript.name, version, path, transcript.format, transcript.content_hash, transcript.text,
             json.dumps(dict(transcript.metadata), ensure_ascii=False), _markers_json(transcript),
             lexicon_version, model_version, now(), stem],
        ).lastrowid
        db.conn.executemany(
            'INSERT INTO turns (transcript_id, idx, speaker, role, start, "end", t_start, t_end, line, text) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(tid, t.index, t.speaker, t.role, t.start, t.end, t.t_start, t.t_end, t.line, t.text)
             for t in transcript.turns],
        )
        db.conn.executemany(
            'INSERT INTO passages (id, transcript_id, seq, turn_idx, speaker, role, start, "end", t_start, t_end, '
            "text, question) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(p.id, tid, p.seq, p.turn_index, p.speaker, p.role, p.start, p.end, p.t_start, p.t_end, p.text,
              p.question) for p in passages],
        )
        insert_suggestions(db, suggestions)
    return tid


def _markers_json(transcript: Transcript) -> str:
    return json.dumps(
        [{"start": m.start, "end": m.end, "kind": m.kind, "text": m.text} for m in transcript.markers],
        ensure_ascii=False,
    )


def passages(
    db: sqlite_utils.Database, *, all_versions: bool = False, transcript: str | None = None
) -> list[Passage]:
    """Stored passages as records, in transcript and file order (current versions unless ``all_versions``)."""
    where, params = _filters(all_versions, transcript)
    rows = db.execute(
        'SELECT p.id, t.name, p.seq, p.turn_idx, p.speaker, p.role, p.start, p."end", p.text, p.t_start, '
        f"p.t_end, p.question FROM passages p JOIN transcripts t ON t.id = p.transcript_id {where} "
        "ORDER BY t.name, t.version, p.seq",
        params,
    )
    return [Passage(*r) for r in rows]


def _filters(all_versions: bool, transcript: str | None) -> tuple[str, list]:
    clauses, params = [], []
    if not all_versions:
        clauses.append("t.current = 1")
    if transcript:
        clauses.append("t.name = ?")
        params.append(transcript)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def passage_listing(
    db: sqlite_utils.Database, *, all_versions: bool = False, transcript: str | None = None
) -> list[dict]:
    """Passages as ``telaah passages`` lists them: DESIGN.md's fields, with suggestions and confirmed codes."""
    rows = passages(db, all_versions=all_versions, transcript=transcript)
    sugg = with_status(db)
    codes = _confirmed_codes(db)
    return [
        {"id": p.id, "transcript": p.transcript, "speaker": p.speaker, "role": p.role, "start": p.start,
         "end": p.end, "text": p.text, "t_start": p.t_start, "t_end": p.t_end,
         "suggestions": sugg.get(p.id, []), "codes": codes.get(p.id, [])}
        for p in rows
    ]


def _confirmed_codes(db: sqlite_utils.Database) -> dict[str, list[dict]]:
    """Per passage, the confirmed codes of the current coding (latest adjudication, else latest decision)."""
    from pipeline.store.decisions import confirmed

    out: dict[str, list[dict]] = {}
    for d in confirmed(db):
        out.setdefault(d.passage_id, []).append({"code": d.code, "polarity": d.polarity})
    return out


def transcript_text(db: sqlite_utils.Database, name: str, version: int | None = None) -> str:
    """The stored text of a transcript (current version unless ``version`` is given)."""
    if version is None:
        row = db.execute("SELECT text FROM transcripts WHERE name = ? AND current = 1", [name]).fetchone()
    else:
        row = db.execute("SELECT text FROM transcripts WHERE name = ? AND version = ?", [name, version]).fetchone()
    if row is None:
        from pipeline.errors import NotFound

        raise NotFound(f"transkrip {name!r} tidak ada di database; jalankan `telaah run` dulu / transcript not found")
    return row[0]


def status(db: sqlite_utils.Database) -> dict[str, int]:
    """Counts for ``telaah status``."""
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "transcripts": one("SELECT COUNT(*) FROM transcripts WHERE current = 1"),
        "versions": one("SELECT COUNT(*) FROM transcripts"),
        "turns": one("SELECT COUNT(*) FROM turns u JOIN transcripts t ON t.id = u.transcript_id WHERE t.current = 1"),
        "informant_passages": one(
            "SELECT COUNT(*) FROM passages p JOIN transcripts t ON t.id = p.transcript_id "
            "WHERE t.current = 1 AND p.role <> 'interviewer'"
        ),
        "interviewer_passages": one(
            "SELECT COUNT(*) FROM passages p JOIN transcripts t ON t.id = p.transcript_id "
            "WHERE t.current = 1 AND p.role = 'interviewer'"
        ),
        "suggestions": one("SELECT COUNT(*) FROM suggestions"),
        "pending": one(
            "SELECT COUNT(*) FROM suggestions s JOIN passages p ON p.id = s.passage_id "
            "JOIN transcripts t ON t.id = p.transcript_id WHERE t.current = 1 AND COALESCE("
            "(SELECT d.origin FROM decisions d WHERE d.passage_id = s.passage_id AND d.code = s.code "
            "ORDER BY d.id DESC LIMIT 1), 'undo') = 'undo'"
        ),
        "decisions": one("SELECT COUNT(*) FROM decisions"),
    }
